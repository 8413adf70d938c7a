"""Issue 8: real programs that shell out to ffmpeg/ffprobe behave the same with cine.

Each client (installed from its registry into this folder's venvs by install.sh) runs
through client_driver.py (goprobe.go for Go) twice per task: with a folder holding the real
FFmpeg 5.1.9 tools first on PATH (and named in the client's own setting where it has one),
and with a folder holding cine's. The two answers (probe dicts, durations, digests of the
decoded samples and frames, the exceptions raised with their messages) must be equal after
normalising what identifies the build (banner lines, version strings), log addresses, the
timing-dependent stats lines and the tool folders' paths.

Runs only when CINE_CLIENTS=1 (`make clients`); otherwise one skipped test, so `make test`
stays fast. Cases whose input needs a decoder or filter cine does not have are skipped with
that reason; known cine gaps are strict xfails listed in XFAIL with the reason.
"""
from __future__ import annotations

import atexit
import contextvars
import difflib
import fnmatch
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "fixtures")
REAL_FFMPEG, REAL_FFPROBE = "/usr/bin/ffmpeg", "/usr/bin/ffprobe"
VENV_PY = os.path.join(HERE, ".venv", "bin", "python")
MOVIEPY1_PY = os.path.join(HERE, ".venv-moviepy1", "bin", "python")
GOPROBE = os.path.join(HERE, "build", "goprobe")
DRIVER = os.path.join(HERE, "client_driver.py")
ENABLED = os.environ.get("CINE_CLIENTS") == "1"
JOBS = int(os.environ.get("CLIENTS_JOBS", "0") or 0) or (os.cpu_count() or 1)
# CLIENT_FIXTURES: comma-separated globs over fixture paths (e.g. "fixtures/mp4/*") to run a part
FIXTURE_GLOBS = [g for g in os.environ.get("CLIENT_FIXTURES", "").split(",") if g]

# client -> (python of its venv, the module whose import proves it is installed)
PYTHON_CLIENTS = {
    "openai-whisper": (VENV_PY, "whisper.audio"),
    "ffmpeg-python": (VENV_PY, "ffmpeg._probe"),
    "pydub": (VENV_PY, "pydub"),
    "moviepy2": (VENV_PY, "moviepy"),
    "moviepy1": (MOVIEPY1_PY, "moviepy"),
    "yt-dlp": (VENV_PY, "yt_dlp"),
    "audioread": (VENV_PY, "audioread.ffdec"),
    "imageio-ffmpeg": (VENV_PY, "imageio_ffmpeg"),
}
DISTRIBUTIONS = {"openai-whisper": "openai-whisper", "ffmpeg-python": "ffmpeg-python",
                 "pydub": "pydub", "moviepy2": "moviepy", "moviepy1": "moviepy",
                 "yt-dlp": "yt-dlp", "audioread": "audioread", "imageio-ffmpeg": "imageio-ffmpeg"}

# client -> [(operation in client_driver.py, which fixtures it applies to)]
#   all: every fixture; audio: inputs with audio cine decodes (plus the error-path sample);
#   audio_only: the same without the error-path sample;
#   none: one run without an input; video_*: inputs whose video cine decodes (see _video_kind)
OPS = {
    "openai-whisper": [("whisper_load_audio", "audio")],
    "ffmpeg-python": [("ffmpeg_python_probe", "all"), ("ffmpeg_python_decode", "audio")],
    "pydub": [("pydub_mediainfo_json", "all"), ("pydub_from_file", "audio"),
              ("pydub_mediainfo_json_fileobj", "audio_only"),
              ("pydub_from_file_fileobj", "audio_only")],
    "moviepy2": [("moviepy_parse_infos", "all"), ("moviepy_audio", "audio"),
                 ("moviepy_video", "video_rgb")],
    "moviepy1": [("moviepy_parse_infos", "all"), ("moviepy_audio", "audio"),
                 ("moviepy_video", "video_rgb")],
    "yt-dlp": [("ytdlp_detect", "none"), ("ytdlp_audio_codec", "all"),
               ("ytdlp_audio_codec_ffmpeg_only", "all"), ("ytdlp_metadata", "all"),
               ("ytdlp_fixup_timestamp", "all")],
    "audioread": [("audioread_decode", "audio")],
    "imageio-ffmpeg": [("imageio_version", "none"), ("imageio_count_frames", "video_all"),
                       ("imageio_read_rgb", "video_rgb"), ("imageio_read_yuv", "video_yuv"),
                       ("imageio_read_keyframes", "h264_keyframes")],
    "go-ffprobe": [("goprobe", "all")],
}

# inputs without a decodable audio stream that the audio clients still run on: their error
# paths (no audio stream, no such file, unreadable input) must match too
AUDIO_ERROR_SAMPLE = ("fixtures/errors/*", "fixtures/mp4/h264_baseline.mp4",
                      "fixtures/avi/rawvideo.avi", "fixtures/missing-file.mp3")

# (client glob, operation glob, fixture glob) -> why cine still differs (strict xfails)
XFAIL = {
}




def _audio_golden_gaps() -> None:
    """The audio golden suite's known stderr gaps (compat-tests/audio_cases.py: lines a
    decoder logs differently, samples identical) hold for ffmpeg-python's decode too, the one
    audio client here that hands a successful run's stderr to its caller (but gaps of line
    order alone where the reference's order varies: see _same_lines)."""
    sys.path.insert(0, os.path.dirname(HERE))
    try:
        import audio_cases
    except ImportError:
        return
    finally:
        sys.path.pop(0)
    for (stem, _codec, kind), why in audio_cases._GAPS.items():
        if stem in audio_cases.THREAD_ORDER_VARIES:
            continue        # (the clients' comparison leaves their order aside)
        for dirpath, _dirs, files in os.walk(FIXTURES):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
                if rel.replace("/", "_").replace(".", "_") != stem:
                    continue
                if kind == "whisper":
                    # (ffmpeg-python's decode is the same 16 kHz mono s16le conversion)
                    XFAIL[("ffmpeg-python", "ffmpeg_python_decode", rel)] = why
                if rel in _FAILING_RUNS:
                    # these runs exit 69 (too many decoding errors): whisper's and pydub's
                    # (a WAV) exceptions carry the whole stderr
                    ops = ((("openai-whisper", "whisper_load_audio"),) if kind == "whisper"
                           else (("pydub", "pydub_from_file"),
                                 ("pydub", "pydub_from_file_fileobj")))
                    for client, op in ops:
                        XFAIL[(client, op, rel)] = why


_FAILING_RUNS = ("fixtures/alac/crafted_s32_stereo.m4a", "fixtures/alac/noise_s24.mka")


_audio_golden_gaps()


# ----------------------------------------------------------------------------- fixtures

def fixture_paths() -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(FIXTURES):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".md", ".sh", ".py")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
            if FIXTURE_GLOBS and not any(fnmatch.fnmatch(rel, g) for g in FIXTURE_GLOBS):
                continue
            out.append(rel)
    return out


def _probe(rel: str) -> dict:
    """The real ffprobe's streams of a fixture ({} when it cannot open it)."""
    path = os.path.join(ROOT, rel)
    try:
        p = subprocess.run([REAL_FFPROBE, "-v", "quiet", "-of", "json", "-show_streams", path],
                           capture_output=True, timeout=120)
        info = json.loads(p.stdout or b"{}")
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}
    return info


@functools.lru_cache(maxsize=None)
def probe_all() -> dict:
    with ThreadPoolExecutor(JOBS) as pool:
        paths = fixture_paths()
        return dict(zip(paths, pool.map(_probe, paths)))


@functools.lru_cache(maxsize=None)
def cine_decoders() -> frozenset:
    """The decoders cine lists (`ffmpeg -decoders`), by codec name."""
    p = subprocess.run(cine_command("ffmpeg") + ["-hide_banner", "-decoders"],
                       capture_output=True, timeout=120, env=_cine_env())
    names = set()
    for line in p.stdout.decode().splitlines():
        m = re.match(r" [VAS][.A-Z]{5} (\S+)\s+(.*)$", line)
        if m:
            codec = re.search(r"\(codec (\S+)\)$", m.group(2))
            names.add(codec.group(1) if codec else m.group(1))
    return frozenset(names)


def _audio_gap(info: dict) -> str | None:
    """Why cine cannot decode the fixture's audio (None: it can)."""
    for s in info.get("streams", []):
        if s.get("codec_type") != "audio":
            continue
        codec = s.get("codec_name", "none")
        if codec not in cine_decoders():
            return "cine has no %s decoder" % codec
        if codec == "aac" and s.get("profile") not in ("LC", "Main", "LTP", None):
            return "cine decodes AAC-LC, Main and LTP only (this is AAC %s)" % s.get("profile")
    return None


@functools.lru_cache(maxsize=None)
def _cine_pix_fmts() -> frozenset:
    from cine.engine import picture
    return frozenset(picture.LAYOUTS)


def _rgb_sources() -> tuple:
    """What cine gives rgb24 from: RGB itself, or what its swscale routes convert."""
    from cine.engine.filters import yuv2rgb
    return yuv2rgb.RGB_OUT + yuv2rgb.SCALER_IN


def _video_stream(info: dict):
    for s in info.get("streams", []):
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic"):
            return s
    return None


def _h264_gap(s: dict) -> str | None:
    if s.get("pix_fmt") not in ("yuv420p", "yuvj420p", "gray"):
        return "cine decodes 8-bit 4:2:0/4:0:0 H.264 only (this is %s)" % s.get("pix_fmt")
    if s.get("field_order") not in (None, "progressive", "unknown"):
        return "cine does not decode interlaced H.264"
    return None


def _video_gap(kind: str, info: dict) -> str | None:
    """Why cine cannot give what a video operation reads from this fixture (None: it can)."""
    s = _video_stream(info)
    if s is None:
        return "no video stream"
    codec, pix = s.get("codec_name"), s.get("pix_fmt")
    if kind == "h264_keyframes":
        return "no video stream" if codec != "h264" else _h264_gap(s)
    if codec == "h264":
        gap = _h264_gap(s)
        if gap:
            return gap
    elif codec != "rawvideo":
        return "cine has no %s decoder" % codec
    elif pix not in _cine_pix_fmts():
        return "cine's rawvideo decoder has no %s" % pix
    if kind == "video_rgb" and pix not in _rgb_sources():
        return "cine has no conversion from %s to rgb24" % pix
    if kind == "video_yuv" and pix not in ("yuv420p", "yuvj420p", "gray"):
        return "cine does not convert %s to yuv420p" % pix
    return None


def cases() -> list:
    """(client, op, fixture or None, skip reason or None) for every case."""
    out = []
    infos = probe_all()
    for client, ops in OPS.items():
        for op, kind in ops:
            if kind == "none":
                out.append((client, op, None, None))
                continue
            for rel in list(infos) + (["fixtures/missing-file.mp3"] if kind == "audio" else []):
                info = infos.get(rel, {})
                reason = None
                if kind in ("audio", "audio_only"):
                    has_audio = any(s.get("codec_type") == "audio"
                                    for s in info.get("streams", []))
                    if has_audio:
                        reason = _audio_gap(info)
                    elif kind == "audio_only" or not any(fnmatch.fnmatch(rel, g)
                                                         for g in AUDIO_ERROR_SAMPLE):
                        continue        # no audio: the error-path sample covers these
                elif kind != "all":
                    reason = _video_gap(kind, info)
                    if reason == "no video stream":
                        continue
                out.append((client, op, rel, reason))
    return out


def _xfail_reason(client: str, op: str, rel: str | None) -> str | None:
    for (c, o, f), reason in XFAIL.items():
        if (fnmatch.fnmatch(client, c) and fnmatch.fnmatch(op, o)
                and fnmatch.fnmatch(rel or "-", f)):
            return reason
    return None


def _params() -> list:
    if not ENABLED:
        return [pytest.param(None, None, None, None, id="clients",
                             marks=pytest.mark.skip(reason="client programs run with "
                                                    "`make clients` (CINE_CLIENTS=1)"))]
    if not os.path.exists(REAL_FFMPEG) or not os.path.exists(REAL_FFPROBE):
        return [pytest.param(None, None, None, None, id="clients",
                             marks=pytest.mark.skip(reason="no reference FFmpeg in /usr/bin"))]
    params = []
    for client, op, rel, reason in cases():
        marks = []
        if reason:
            marks.append(pytest.mark.skip(reason=reason))
        else:
            why = _xfail_reason(client, op, rel)
            if why:
                marks.append(pytest.mark.xfail(strict=True, reason=why))
        params.append(pytest.param(client, op, rel, reason, marks=marks,
                                   id="%s:%s:%s" % (client, op, rel or "-")))
    return params


# ----------------------------------------------------------------------------- the tools

def cine_command(tool: str) -> list:
    """cine's tool: the frozen executables in $CINE_BIN_DIR, else `python -m cine TOOL`."""
    bin_dir = os.environ.get("CINE_BIN_DIR")
    if bin_dir:
        return [os.path.join(os.path.abspath(bin_dir), tool)]
    return [sys.executable, "-m", "cine", tool]


def _cine_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT
    return env


@functools.lru_cache(maxsize=None)
def tool_dirs() -> dict:
    """{"real": dir, "cine": dir, "real-ffmpeg-only": dir, "cine-ffmpeg-only": dir}: folders
    holding an ffmpeg and (but the -ffmpeg-only ones) an ffprobe."""
    base = tempfile.mkdtemp(prefix="cine-clients-")
    atexit.register(shutil.rmtree, base, True)
    dirs = {}
    for side in ("real", "cine"):
        for suffix, tools in (("", ("ffmpeg", "ffprobe")), ("-ffmpeg-only", ("ffmpeg",))):
            d = os.path.join(base, side + suffix)
            os.mkdir(d)
            for t in tools:
                path = os.path.join(d, t)
                if side == "real":
                    os.symlink("/usr/bin/" + t, path)
                elif os.environ.get("CINE_BIN_DIR"):
                    os.symlink(cine_command(t)[0], path)
                else:
                    with open(path, "w") as f:
                        f.write("#!/bin/sh\nPYTHONPATH=%s exec %s -m cine %s \"$@\"\n"
                                % (_sh(ROOT), _sh(sys.executable), t))
                    os.chmod(path, 0o755)
            dirs[side + suffix] = d
        dirs[side + "-samples"] = os.path.join(base, side + "-samples")
        os.mkdir(dirs[side + "-samples"])
    return dirs


def _sh(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


@functools.lru_cache(maxsize=None)
def installed() -> dict:
    """client -> its version, or None when it is not installed."""
    out = {c: None for c in OPS}
    by_python: dict = {}
    for client, (py, module) in PYTHON_CLIENTS.items():
        by_python.setdefault(py, []).append((client, module))
    for py, items in by_python.items():
        if not os.path.exists(py):
            continue
        script = ("import importlib, importlib.metadata as md, json, sys\n"
                  "out = {}\n"
                  "for client, module, dist in json.loads(sys.argv[1]):\n"
                  "    try:\n"
                  "        importlib.import_module(module)\n"
                  "        out[client] = md.version(dist)\n"
                  "    except Exception:\n"
                  "        out[client] = None\n"
                  "print(json.dumps(out))\n")
        arg = json.dumps([(c, m, DISTRIBUTIONS[c]) for c, m in items])
        p = subprocess.run([py, "-c", script, arg], capture_output=True, timeout=300,
                           cwd=HERE, env=_client_env(None))
        try:
            out.update(json.loads(p.stdout))
        except ValueError:
            pass
    if out.get("moviepy2") and not out["moviepy2"].startswith("2."):
        out["moviepy2"] = None
    if out.get("moviepy1") and not out["moviepy1"].startswith("1."):
        out["moviepy1"] = None
    if os.access(GOPROBE, os.X_OK):
        out["go-ffprobe"] = "go-ffprobe.v2 (build/goprobe)"
    return out


def _client_env(tooldir: str | None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    if tooldir:
        env["PATH"] = tooldir + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        env["FFMPEG_BINARY"] = os.path.join(tooldir, "ffmpeg")        # moviepy
        env["IMAGEIO_FFMPEG_EXE"] = os.path.join(tooldir, "ffmpeg")   # imageio-ffmpeg
    env["LC_ALL"] = "C.UTF-8"
    return env


def run_driver(client: str, side: str, tasks: list) -> list:
    """Every task of one client with one side's tools: answers in task order."""
    dirs = tool_dirs()
    tooldir = dirs[side]
    if client == "go-ffprobe":
        paths = [rel for _op, rel in tasks]
        p = subprocess.run([GOPROBE, os.path.join(tooldir, "ffprobe")] + paths,
                           capture_output=True, timeout=3600, cwd=ROOT,
                           env=_client_env(tooldir), stdin=subprocess.DEVNULL)
        if p.returncode:
            raise RuntimeError("goprobe failed: %s" % p.stderr.decode(errors="replace"))
        answers = json.loads(p.stdout)
        return [answers[rel] for rel in paths]
    spec = {"client": client, "tooldir": tooldir, "ffmpeg_only_dir": dirs[side + "-ffmpeg-only"],
            "jobs": JOBS, "tasks": tasks, "outdir": dirs[side + "-samples"]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        p = subprocess.run([PYTHON_CLIENTS[client][0], DRIVER, f.name], capture_output=True,
                           timeout=3600, cwd=ROOT, env=_client_env(tooldir),
                           stdin=subprocess.DEVNULL)
    finally:
        os.unlink(f.name)
    if p.returncode:
        raise RuntimeError("client driver failed: %s" % p.stderr.decode(errors="replace")[-4000:])
    return json.loads(p.stdout)


# ----------------------------------------------------------------------------- normalising

# the banner's build lines (a client may prefix the first: "Failed to load audio: ffmpeg ...")
_BANNER = re.compile(r"^.*\b(?:ffmpeg|ffprobe) version .* Copyright .*$|^\s*built with .*$"
                     r"|^\s*configuration: .*$", re.M)
_VERSION = re.compile(r"\b5\.1\.9-[0-9A-Za-z.+~-]+")
_BUILT_WITH = re.compile(r" built with .*$")
_ADDR = re.compile(r"@ 0x[0-9a-f]+\]")
_PROGRESS = re.compile(r"(?:frame=|size=)[^\r\n]*\r")
_SPEED = re.compile(r"speed= *[^ \n]+x|speed=N/A")
_FPS = re.compile(r"fps= *[0-9.]+")


def normalise(value, side: str):
    if isinstance(value, dict):
        return {k: normalise(v, side) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, side) for v in value]
    if not isinstance(value, str):
        return value
    dirs = tool_dirs()
    for key in (side + "-ffmpeg-only", side):
        value = value.replace(dirs[key], "<tools%s>" % key[len(side):])
    value = _BANNER.sub("<banner line>", value)
    value = _VERSION.sub("5.1.9-<build>", value)
    value = _BUILT_WITH.sub(" built with <build>", value)
    value = _ADDR.sub("@ 0xADDR]", value)
    value = _PROGRESS.sub("", value)
    return _FPS.sub("fps=X", _SPEED.sub("speed=X", value))


# ----------------------------------------------------------------------------- running

class _Results:
    """Runs each client's selected tasks once (both sides at the same time) on first use."""

    def __init__(self, selected: dict):
        self.selected = selected        # client -> [(op, rel)]
        self.done: dict = {}
        self.lock = threading.Lock()

    def get(self, client: str, op: str, rel: str | None):
        with self.lock:
            if client not in self.done:
                tool_dirs()             # (made once, before the two sides' threads ask)
                tasks = sorted(set(self.selected.get(client, [])) | {(op, rel)},
                               key=lambda t: (t[0], t[1] or ""))
                with ThreadPoolExecutor(2) as pool:
                    real, cine = pool.map(lambda side: run_driver(client, side, tasks),
                                          ("real", "cine"))
                self.done[client] = {t: (r, c) for t, r, c in zip(tasks, real, cine)}
            return self.done[client][(op, rel)]


@pytest.fixture(scope="session")
def client_results(request):
    selected: dict = {}
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("client") and not item.get_closest_marker("skip"):
            selected.setdefault(params["client"], []).append((params["op"], params["rel"]))
    return _Results(selected)


def _tolerate(want, got, notes: list):
    """Decoded samples of a lossy decoder that differ: equal for the comparison when they meet
    issue 7's bar (compat-tests/audio_cases.within_tolerance: >= 99.9% of the s16 samples
    identical, none off by more than 2); lossless codecs must match exactly."""
    if isinstance(want, dict) and isinstance(got, dict):
        if ("sha" in want and "scale" in want and want.get("sha") != got.get("sha")
                and want.get("shape") == got.get("shape") and want.get("dtype") == got.get("dtype")
                and _LOSSY.get()):
            why = _within_tolerance(want, got)
            notes.append(why or "lossy samples within tolerance")
            if not why:
                got = dict(got, sha=want["sha"])
            return want, got
        keys = set(want) & set(got)
        pairs = {k: _tolerate(want[k], got[k], notes) for k in keys}
        return (dict(want, **{k: v[0] for k, v in pairs.items()}),
                dict(got, **{k: v[1] for k, v in pairs.items()}))
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        pairs = [_tolerate(a, b, notes) for a, b in zip(want, got)]
        return [a for a, _ in pairs], [b for _, b in pairs]
    return want, got


def _thread_order_varies(rel: str) -> bool:
    """Whether the reference logs this fixture's decoding errors from frame threads, in an
    order that varies between its own runs (compat-tests/audio_cases.THREAD_ORDER_VARIES)."""
    sys.path.insert(0, os.path.dirname(HERE))
    try:
        import audio_cases
    except ImportError:
        return False
    finally:
        sys.path.pop(0)
    return rel.replace("/", "_").replace(".", "_") in audio_cases.THREAD_ORDER_VARIES


_REPEATED = re.compile(r"^    Last message repeated (\d+) times$")
# a line another thread's line tore in two: its prefixed start ("[alac @ 0x...] bps 33"),
# the other line, then the prefixed rest (" is not implemented..."): a message the decoder
# logs in two av_log calls (avpriv_report_missing_feature)
_TORN = re.compile(r"(\[[^\]\n]+\] )([^\n\[]*?)((?:Error while decoding|\[)[^\n]*\n)\1( [^\n]*\n)")


def _lines(text: str) -> list:
    """A stderr's lines, sorted, torn lines mended, "Last message repeated N times" unfolded
    into N copies of the line before it (folding depends on the order)."""
    out: list = []
    for line in _TORN.sub(r"\1\2\4\3", text).split("\n"):
        m = _REPEATED.match(line)
        if m and out:
            out += [out[-1]] * int(m.group(1))
        else:
            out.append(line)
    return sorted(out)


def _same_lines(want, got, notes: list):
    """Texts (a stderr, or an exception's message carrying one) with the same lines in
    another order are equal for the comparison: the reference's frame threads log in the
    order its scheduler gives."""
    if isinstance(want, str) and isinstance(got, str):
        if "\n" in want and want != got and _lines(want) == _lines(got):
            notes.append("stderr lines in another order (frame threads)")
            return want, want
        return want, got
    if isinstance(want, dict) and isinstance(got, dict):
        keys = set(want) & set(got)
        pairs = {k: _same_lines(want[k], got[k], notes) for k in keys}
        return (dict(want, **{k: v[0] for k, v in pairs.items()}),
                dict(got, **{k: v[1] for k, v in pairs.items()}))
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        pairs = [_same_lines(a, b, notes) for a, b in zip(want, got)]
        return [a for a, _ in pairs], [b for _, b in pairs]
    return want, got


def _within_tolerance(want: dict, got: dict) -> str:
    import numpy as np
    dirs = tool_dirs()
    try:
        a = np.load(os.path.join(dirs["real-samples"], want["sha"] + ".npy"))
        b = np.load(os.path.join(dirs["cine-samples"], got["sha"] + ".npy"))
    except OSError as exc:
        return "samples not saved: %s" % exc
    if a.dtype.kind not in "fi" or a.dtype != b.dtype:
        return "samples of another type differ"
    # in s16 units: floats scaled by the client's factor, s32 (pydub's pick for float
    # decoders it does not know) by 2^-16
    unit = 2.0 ** -16 if a.dtype == np.int32 else 1.0
    a = np.rint(a.astype(np.float64) * want["scale"] * unit).astype(np.int64).ravel()
    b = np.rint(b.astype(np.float64) * got["scale"] * unit).astype(np.int64).ravel()
    if not a.size:
        return ""
    diff = np.abs(a - b)
    same, worst = float(np.mean(diff == 0)), int(diff.max())
    if same >= 0.999 and worst <= 2:
        return ""
    return "%.4f%% of samples identical, max difference %d" % (100 * same, worst)


def _lossy(info: dict) -> bool:
    """Whether the fixture's audio comes from a lossy decoder (judged by tolerance)."""
    for s in info.get("streams", []):
        if s.get("codec_type") == "audio" and s.get("codec_name") in LOSSY_CODECS:
            return True
    return False


LOSSY_CODECS = frozenset(("aac", "mp3", "mp2", "mp1", "opus", "vorbis", "ac3", "eac3"))
_LOSSY = contextvars.ContextVar("lossy", default=False)


def _dump(value) -> list[str]:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).splitlines()


@pytest.mark.parametrize("client,op,rel,reason", _params())
def test_client(client_results, client, op, rel, reason):
    version = installed().get(client)
    if version is None:
        pytest.skip("%s is not installed (compat-tests/clients/install.sh)" % client)
    real, cine = client_results.get(client, op, rel)
    for side, answer in (("real", real), ("cine", cine)):
        if isinstance(answer, dict) and "driver_error" in answer:
            pytest.fail("the %s driver failed: %s" % (side, answer["driver_error"]))
    want, got = normalise(real, "real"), normalise(cine, "cine")
    notes: list = []
    if want != got and rel is not None:
        token = _LOSSY.set(_lossy(probe_all().get(rel, {})))
        try:
            want, got = _tolerate(want, got, notes)
        finally:
            _LOSSY.reset(token)
    if want != got and rel is not None and _thread_order_varies(rel):
        want, got = _same_lines(want, got, notes)
    if want != got:
        diff = "\n".join(difflib.unified_diff(_dump(want), _dump(got), "real FFmpeg 5.1.9",
                                              "cine", lineterm="", n=2))
        pytest.fail("%s %s on %s differs%s:\n%s" % (client, op, rel,
                                                   " (samples: %s)" % "; ".join(notes) if notes else "",
                                                   diff[:6000]), pytrace=False)
