"""The kernel registry (cine/engine/kernels.py) lists every module that declares numba
kernels, and every such module declares its entry points through cine/engine/jit.py with an
explicit signature: what the ahead-of-time build of the frozen binaries relies on."""
import ast
import importlib
import os

from cine.engine import kernels

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "cine")


def _jit_modules():
    found = set()
    for folder, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith("_jit.py"):
                rel = os.path.relpath(os.path.join(folder, name), os.path.dirname(ROOT))
                found.add(rel[:-3].replace(os.sep, "."))
    return found


def test_every_jit_module_is_registered_once():
    assert len(set(kernels.KERNEL_MODULES)) == len(kernels.KERNEL_MODULES)
    assert _jit_modules() == set(kernels.KERNEL_MODULES)


def test_registry_module_imports_nothing():
    with open(kernels.__file__) as f:
        tree = ast.parse(f.read())
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def test_jit_modules_use_the_declarations_only():
    """No module calls numba.njit/jit directly: every compiled function goes through
    jit.kernel (entry point with signature) or jit.helper."""
    for mod in kernels.KERNEL_MODULES:
        path = os.path.join(os.path.dirname(ROOT), *mod.split(".")) + ".py"
        with open(path) as f:
            src = f.read()
        assert "njit" not in src and "numba.jit" not in src and "@jit" not in src, mod


def test_each_registered_module_declares_kernels_with_signatures():
    """Every entry point has a signature. A module may hold helpers only (jit.helper /
    jit.leaf, compiled into the kernels that call them, which a registered module declares):
    entry points that only tests call live in the tests, so that a run does not load them."""
    import numba
    from cine.engine import jit
    for mod in kernels.KERNEL_MODULES:
        module = importlib.import_module(mod)
        declared = [d for d in jit.DECLARED if d[0] == mod]
        if not declared:
            helpers = [v for v in vars(module).values()
                       if isinstance(v, numba.core.dispatcher.Dispatcher) and v.__module__ == mod]
            assert helpers, f"{mod} declares no @kernel and no helper"
        for _, name, signature in declared:
            assert "(" in signature and signature.endswith(")"), (mod, name, signature)


def test_cache_key_covers_what_kernels_import():
    """numba's cache keys a kernel on its own file: the cache folder's name carries a digest
    of every kernel module and of the cine modules they import, so editing a table or a
    helper in another module cannot be served stale."""
    from cine.engine import jit
    names = {os.path.relpath(p, os.path.dirname(ROOT)).replace(os.sep, "/")
             for p in jit.kernel_sources()}
    for mod in kernels.KERNEL_MODULES:
        assert mod.replace(".", "/") + ".py" in names
        path = os.path.join(os.path.dirname(ROOT), *mod.split(".")) + ".py"
        with open(path) as f:
            tree = ast.parse(f.read())
        package = mod.split(".")[:-1]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[:len(package) - node.level + 1]
                target = "/".join(base + (node.module.split(".") if node.module else []))
                assert target + ".py" in names or target + "/__init__.py" in names, (mod, target)
    assert jit.source_digest() in jit.cache_dir("0")


def test_cache_folder_per_kernel_module():
    """Each kernel module's kernels are cached under a digest of its own sources and imports:
    editing the H.264 kernels leaves the MP3 decoder's cache valid, and the reverse."""
    from cine.engine import jit
    mp3 = jit.kernel_sources(("cine.engine.codecs.mp3.imdct_jit",))
    assert mp3 and all("/h264/" not in p for p in mp3)
    assert any(p.endswith("mp3/imdct_jit.py") for p in mp3)
    dirs = {jit.cache_dir("0", m) for m in kernels.KERNEL_MODULES}
    assert len(dirs) > len(kernels.KERNEL_MODULES) // 2
    assert jit.cache_dir("0", "not_a_cine_module") == jit.cache_dir("0")


def _holds_array(ty) -> bool:
    import numba
    if isinstance(ty, numba.types.Array):
        return True
    return isinstance(ty, numba.types.BaseTuple) and any(_holds_array(t) for t in ty.types)


def test_leaf_helpers_return_no_array():
    """jit.leaf compiles without reference counting: an array it returned would be released
    by its caller once more than it was counted (the allocation half is a compile error)."""
    import numba
    leaves = 0
    for mod in kernels.KERNEL_MODULES:
        module = importlib.import_module(mod)
        for value in vars(module).values():
            if not isinstance(value, numba.core.dispatcher.Dispatcher):
                continue
            if value.targetoptions.get("_nrt", True):
                continue
            leaves += 1
            for sig in value.nopython_signatures:
                assert not _holds_array(sig.return_type), (mod, value.__name__, sig)
    assert leaves
