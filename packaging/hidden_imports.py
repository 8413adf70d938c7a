"""Print the modules a freezer must bundle, generated from cine's registries (one per line)."""
from __future__ import annotations


def hidden_imports() -> list[str]:
    from cine.engine.codecs.registry import ANALYZERS
    from cine.engine.formats.registry import INPUT_FORMATS
    mods: list[str] = []
    for entry in INPUT_FORMATS:
        if entry.probe:
            mods.append(entry.probe.partition(":")[0])
        mods.append(entry.demuxer.partition(":")[0])
    mods.extend(ANALYZERS.values())
    return sorted(set(mods))


if __name__ == "__main__":
    print("\n".join(hidden_imports()))
