"""Cases of the `audio` group (issue 7): audio decoded, converted and written as PCM.

For every fixture with an audio stream (`audio_inputs.tsv`, written by `write_inputs` with the
reference's ffprobe when the group is regenerated) two commands, stdout compared:
openai-whisper's exact argv (`-threads 0 -i F -f s16le -ac 1 -acodec pcm_s16le -ar 16000 -`)
and a WAV at the native rate and layout (`-f wav -`). The PCM of lossy codecs is kept
xz-compressed (`stdout.xz`: the tolerance needs the samples), that of lossless ones (which
must match byte for byte) and anything over 4 MB as size + md5 (`stdout.md5`). For every lossless audio file of the shared
corpus (FLAC, PCM), the whisper conversion written to out.raw and a WAV to out.wav (md5 +
size where big); its lossy files are compared live with the reference, within the
tolerance, by tests/ffmpeg_face/test_audio_corpus_vs_reference.py.

Lossy decoders (and resampling from them) are judged as issue 7 says: s16 output with at least
99.9% of the samples identical and none off by more than 2 (`within_tolerance`); the
lossless paths must be byte-identical. Cases of codecs cine has no decoder for yet are strict
xfails (`pending`), so each one starts counting when its decoder lands.
"""
from __future__ import annotations

import os

CORPUS = "../shared/corpus"
INPUTS = "compat-tests/audio_inputs.tsv"
LOSSLESS = ("flac", "alac", "wavpack", "tta", "mp4als") + tuple(
    "pcm_" + s for s in ("s16le", "s16be", "s24le", "s24be", "s32le", "s32be", "u8", "s8", "f32le",
                         "f64le", "f32be", "f64be", "alaw", "mulaw", "bluray", "dvd"))
# audio codec names as manifests and ffprobe print them
AUDIO_CODECS = frozenset(("aac", "mp3", "mp2", "mp1", "opus", "vorbis", "flac", "alac", "ac3",
                          "eac3", "amr_nb", "amr_wb", "speex", "mp4als", "dts", "truehd",
                          "wavpack", "tta", "adpcm_ms", "adpcm_ima_wav", "adpcm_ima_qt",
                          "gsm", "gsm_ms", "wmav2", "wmav1") + LOSSLESS)
WHISPER = ["-nostdin", "-threads", "0", "-i", None, "-f", "s16le", "-ac", "1", "-acodec",
           "pcm_s16le", "-ar", "16000"]
# fixtures whose audio cine and the reference treat differently for a known reason
SKIP: dict[str, str] = {}
_THREADS = ("damaged ALAC/FLAC packets decoded with frame threads (cpus + 1 decoder contexts): "
            "cine logs the reference's most common order (pipeline/frame_threads.py: a "
            "packet's lines when the next packet is submitted, its 'Error while decoding "
            "stream' threads - 1 packets late), but the reference's workers log when the "
            "scheduler lets them and this golden caught a rarer order: ")
# fixtures with damaged packets of a frame-threaded decoder: the reference's own stderr order
# varies from run to run (live comparisons, compat-tests/clients, judge their lines' order
# only where it is fixed)
THREAD_ORDER_VARIES = ("fixtures_alac_crafted_s20_m4a", "fixtures_alac_crafted_s32_mono_m4a",
                       "fixtures_alac_crafted_s32_stereo_m4a", "fixtures_alac_noise_mono_mka",
                       "fixtures_alac_noise_s24_mka", "fixtures_flac_crafted_damaged_flac",
                       "fixtures_flac_noise_ch4_mka", "fixtures_flac_noise_residuals_mka")
_GAPS = {   # (case stem, codec, kind) -> reason
    ("fixtures_alac_noise_mono_mka", "alac", "whisper"): _THREADS + (
        "its last two lines swapped ('Error : 15 bits left' after the two 'Error while "
        "decoding' lines, folded as 'Last message repeated 1 times'): 2 of 10 live runs; "
        "cine's order (the bits-left line between them) 7 of 10"),
    ("fixtures_alac_noise_s24_mka", "alac", "wav"): _THREADS + (
        "packet 1's 'Error while decoding' before packet 2's 'Error : 7084 bits left' and "
        "packet 3's 'Syntax element 6' line before it: 1 of 10 live runs (8 different "
        "stderrs); cine's order 3 of 10, the most common"),
    ("fixtures_alac_noise_s24_mka", "alac", "whisper"): _THREADS + (
        "two threads' lines torn into each other ('Syntax element 6Error while decoding "
        "...'): 0 of 10 live runs; cine's order is the most common with 'Syntax element 6' "
        "of the last packet before 'Output #0' (14 of 20 runs)"),
    ("fixtures_flac_crafted_damaged_flac", "flac", "wav"): _THREADS + (
        "packet 13's 'Error while decoding' after packet 16's lines (two 'Error' lines at "
        "the end, 'Last message repeated 1 times'): 0 of 10 live runs; cine's order 5 of 10, "
        "the most common"),
}
# id -> reason: the strict xfails of this group (cases.XFAIL takes them)
KNOWN_GAPS = {"audio/%s__%s__%s" % key: why for key, why in _GAPS.items()}


def _whisper(path: str, out: str) -> list[str]:
    argv = list(WHISPER)
    argv[argv.index(None)] = path
    return argv + [out]


def audio_fixtures(root: str) -> list[tuple[str, str]]:
    """(repo-relative path, first audio codec) of every fixture with audio."""
    p = os.path.join(root, INPUTS)
    if not os.path.isfile(p):
        return []
    out = []
    with open(p, encoding="utf-8") as f:
        for line in f:
            path, codec = line.rstrip("\n").split("\t")
            if path not in SKIP:
                out.append((path, codec))
    return out


def corpus_audio(root: str) -> list[tuple[str, str]]:
    """(path under corpus/files, first audio codec) of the corpus files that open (rc 0)."""
    manifest = os.path.join(root, CORPUS, "manifest.tsv")
    if not os.path.isfile(manifest):
        return []
    out = []
    with open(manifest, encoding="utf-8") as f:
        next(f, None)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5 or cols[4] != "0":
                continue
            codec = next((c for c in cols[3].split(",") if c in AUDIO_CODECS), None)
            if codec is not None:
                out.append((cols[0], codec))
    return sorted(out)


# -af pan: (fixture, its codec, the filter, output options): mixing in s16p fixed point
# (16-bit FLAC), fltp (AAC, 24-bit FLAC through fltp), channel maps, renormalised rows, named
# channels, then the reference's refusals (stderr and exit code)
PAN_CASES = [
    ("flac/ms.flac", "flac", "pan=mono|c0=0.5*c0+0.5*c1", []),
    ("flac/ms.flac", "flac", "pan=mono|c0=c0+c1", []),
    ("flac/ms.flac", "flac", "pan=mono|c0<c0+c1", []),
    ("flac/ms.flac", "flac", "pan=stereo|c0=c1|c1=c0", []),
    ("flac/ms.flac", "flac", "pan=stereo|c0=0.9*c0-0.3*c1|c1=0.2*c0+0.7*c1", []),
    ("flac/ms.flac", "flac", "pan=mono|c0=0.6*c0+0.4*c1", ["-ac", "1", "-ar", "16000"]),
    ("flac/ch6_s24.flac", "flac", "pan=stereo|FL<FL+0.7*FC+0.5*BL|FR<FR+0.7*FC+0.5*BR", []),
    ("flac/ch6_s24.flac", "flac", "pan=mono|c0=c2", []),
    ("flac/ch4_fs16.flac", "flac", "pan=stereo|c0=0.5*c0+0.5*c2|c1=0.5*c1+0.5*c3", []),
    ("wav/ext_51.wav", "pcm_s16le", "pan=stereo|FL<FL+FC|FR<FR+FC", []),
    ("aac/s51.m4a", "aac", "pan=stereo|FL<FL+FC+BL+LFE|FR<FR+FC+BR+LFE", []),
    ("aac/s51.m4a", "aac", "pan=5.1|c0=c1|c1=c0|c2=c2|c3=c3|c4=c5|c5=c4", []),
    ("aac/tools.m4a", "aac", "pan=mono|c0=0.5*c0+0.5*c1", ["-ac", "1", "-ar", "16000"]),
    ("aac/tools.m4a", "aac", "pan=stereo|c1=c0", []),
    ("aac/tools.m4a", "aac", "pan=3.0|c0=c0|c1=c1|c2=0.5*c0+0.5*c1", []),
    ("aac/tools.m4a", "aac", "pan=FC|FC=FL", []),
    ("aac/tools.m4a", "aac", "pan=stereo|c0=c0|c0=c1", []),
    ("aac/tools.m4a", "aac", "pan=stereo|c0=c0+FR", []),
    ("aac/tools.m4a", "aac", "pan=stereo|c0=c1 c0", []),
    ("aac/tools.m4a", "aac", "pan=stereo|c0=c64", []),
    ("aac/tools.m4a", "aac", "pan=foo|c0=c0", []),
    ("aac/tools.m4a", "aac", "pan", []),
]


# streams whose parameters change mid-stream (the graph rebuilt at each change): with the
# output's -t (check_recording_time ends the output), with a filter that is rebuilt too
REINIT_CASES = [
    ("aac/param_change.aac", "aac", [], ["-t", "0.52"]),
    ("aac/param_change.aac", "aac", [], ["-t", "1.3"]),
    ("aac/param_change.aac", "aac", [], ["-af", "pan=stereo|c0=0.5*c0+0.5*c1|c1=c1"]),
    ("aac/param_change.aac", "aac", [], ["-af", "volume=0.5", "-ar", "22050"]),
    ("aac/param_change.aac", "aac", ["-reinit_filter", "0"], []),   # refused: the run fails
]


def audio_cases(add, root: str, stem) -> None:
    """add(name, argv-without-"ffmpeg") for every audio case."""
    for i, (path, codec, in_opts, opts) in enumerate(REINIT_CASES):
        add(f"reinit{i}_{stem(path.replace('/', '_'))}__{codec}__reinit",
            ["-nostdin"] + in_opts + ["-i", f"fixtures/{path}"] + opts + ["-f", "s16le", "-"])
    for i, (path, codec, af, extra) in enumerate(PAN_CASES):
        add(f"pan{i:02d}_{stem(path.replace('/', '_'))}__{codec}__pan",
            ["-nostdin", "-i", f"fixtures/{path}", "-af", af] + extra
            + ["-f", "s16le", "-"])
    framed = set()
    for path, codec in audio_fixtures(root):
        s = stem(path.replace("/", "_"))
        add(f"{s}__{codec}__whisper", _whisper(path, "-"))
        add(f"{s}__{codec}__wav", ["-nostdin", "-i", path, "-f", "wav", "-"])
        if codec in LOSSLESS and codec not in framed:
            # the decoder's frames one by one (sizes, timestamps, md5s): one file per codec
            framed.add(codec)
            add(f"{s}__{codec}__framemd5", ["-nostdin", "-i", path, "-vn", "-f", "framemd5", "-"])
    for path, codec in corpus_audio(root):
        if codec not in LOSSLESS:
            continue        # (judged live: tests/ffmpeg_face/test_audio_corpus_vs_reference.py)
        s = "corpus__" + stem(path.replace("/", "_"))
        add(f"{s}__{codec}__whisper", _whisper(f"{CORPUS}/files/{path}", "out.raw"))
        add(f"{s}__{codec}__wav", ["-nostdin", "-i", f"{CORPUS}/files/{path}", "-f", "wav",
                                   "out.wav"])


def case_codec(name: str) -> str:
    """The audio codec a case name carries (`<stem>__<codec>__<kind>`)."""
    parts = name.split("__")
    return parts[-2] if len(parts) >= 3 else ""


def tolerant(name: str) -> bool:
    """Whether a case is judged by within_tolerance: lossy codecs, and resampling (whisper)."""
    return case_codec(name) not in LOSSLESS or name.endswith("__whisper")


# fixtures whose codec cine decodes but not every tool of (case-name prefix -> reason)
PENDING_FIXTURES: dict[str, str] = {}


def pending(name: str) -> str | None:
    """The xfail reason of a case whose codec (or codec tool) cine cannot decode yet, else
    None."""
    for prefix, why in PENDING_FIXTURES.items():
        if name.startswith(prefix):
            return why
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from cine.engine.codecs.decoders import decoder_class
    codec = case_codec(name)
    if decoder_class(codec) is None:
        return "cine has no %s decoder yet (issue 7)" % codec
    return None


def within_tolerance(expected: bytes, actual: bytes) -> str:
    """'' when two s16 outputs of the same length meet issue 7's bar (>= 99.9% of samples
    identical, none off by more than 2), else why not. A WAV header (44 bytes or more) must
    be identical; it is compared as bytes."""
    if len(expected) != len(actual):
        return "lengths differ: %d vs %d bytes" % (len(expected), len(actual))
    start = 0
    if expected[:4] == b"RIFF":
        start = expected.find(b"data") + 8
        if start < 8 or expected[:start] != actual[:start]:
            return "WAV headers differ"
    import numpy as np
    n = (len(expected) - start) // 2 * 2
    a = np.frombuffer(expected, np.int16, n // 2, start).astype(np.int32)
    b = np.frombuffer(actual, np.int16, n // 2, start).astype(np.int32)
    if not a.size:
        return "" if expected == actual else "trailing bytes differ"
    diff = np.abs(a - b)
    same = float(np.mean(diff == 0))
    worst = int(diff.max())
    if same >= 0.999 and worst <= 2:
        return ""
    return "%.4f%% of samples identical, max difference %d" % (100 * same, worst)


def write_inputs(root: str, ffprobe: str = "/usr/bin/ffprobe") -> None:
    """Rewrite audio_inputs.tsv: every fixture file with an audio stream, and its codec."""
    import subprocess
    rows = []
    fixtures = os.path.join(root, "fixtures")
    for dirpath, dirnames, files in os.walk(fixtures):
        dirnames.sort()
        for name in sorted(files):
            if name.endswith((".md", ".sh", ".py", ".txt", ".json")):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), root)
            p = subprocess.run([ffprobe, "-v", "error", "-select_streams", "a:0", "-show_entries",
                                "stream=codec_name", "-of", "csv=p=0", path], cwd=root,
                               capture_output=True, text=True, timeout=60)
            codec = p.stdout.strip().split("\n")[0].strip(",")
            if codec:
                rows.append((path, codec))
    with open(os.path.join(root, INPUTS), "w", encoding="utf-8") as f:
        for path, codec in sorted(rows):
            f.write("%s\t%s\n" % (path, codec))
