"""cine's mpegts demuxer against FFmpeg 5.1.9: committed goldens for fixtures/ts (json and
flat writers, the stderr dump, exit codes, stdin input) and the corpus goldens for
../shared/corpus/files/shaka/*.ts (skipped when absent)."""
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
GOLD = pathlib.Path(__file__).with_name("goldens")
FIXTURES = sorted((ROOT / "fixtures" / "ts").glob("*.*ts"))
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_TS = sorted((CORPUS / "files" / "shaka").glob("*.ts")) if CORPUS.exists() else []
SECTIONS = ["-show_format", "-show_streams", "-show_programs"]


def cine(args, cwd, stdin=None):
    return subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], cwd=cwd, input=stdin,
                          capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def rel(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_json(path):
    r = cine(["-v", "quiet", "-of", "json", *SECTIONS, rel(path)], ROOT)
    assert r.returncode == int((GOLD / (path.name + ".rc")).read_text())
    assert r.stdout == (GOLD / (path.name + ".json")).read_bytes()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_flat(path):
    r = cine(["-v", "quiet", "-of", "flat", *SECTIONS, rel(path)], ROOT)
    assert r.stdout == (GOLD / (path.name + ".flat")).read_bytes()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_stderr_dump(path):
    r = cine(["-hide_banner", rel(path)], ROOT)
    got = re.sub(rb"@ 0x[0-9a-f]+\]", b"@ 0x0]", r.stderr)
    assert got == (GOLD / (path.name + ".stderr")).read_bytes()


@pytest.mark.parametrize("name", ["h264_aac.ts", "two_programs.ts"])
def test_stdin_matches_live_reference(name):
    """A pipe has no size: no from_pts estimate, no file bit rate."""
    if not pathlib.Path("/usr/bin/ffprobe").exists():
        pytest.skip("no reference ffprobe")
    data = (ROOT / "fixtures" / "ts" / name).read_bytes()
    args = ["-v", "quiet", "-of", "json", *SECTIONS, "-"]
    ref = subprocess.run(["/usr/bin/ffprobe", *args], input=data, capture_output=True)
    r = cine(args, ROOT, stdin=data)
    assert (r.returncode, r.stdout) == (ref.returncode, ref.stdout)


@pytest.mark.parametrize("path", CORPUS_TS, ids=lambda p: p.name)
def test_corpus_matches_golden(path):
    relc = path.relative_to(CORPUS / "files")
    golden = CORPUS / "goldens" / (str(relc) + ".json")
    r = cine(["-v", "quiet", "-of", "json", "-show_format", "-show_streams", str(relc)], CORPUS / "files")
    assert r.stdout.decode() == golden.read_text()


def test_probe_scores():
    from cine.engine.formats.mpegts.probe import probe
    data = (ROOT / "fixtures" / "ts" / "h264_aac.ts").read_bytes()
    assert probe(data[:2048]) == 50
    assert probe(b"\0" * 4096) == 0
    assert probe(data[:100]) == 0


def _drain(path):
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    try:
        inp = open_input(str(path), format_name="mpegts")
        while inp.read_packet() is not None:
            pass
        inp.close()
    except CineError:
        pass


@pytest.mark.parametrize("name", ["h264_aac.ts", "two_programs.ts", "m2ts_192.m2ts"])
def test_hostile_input_only_cine_errors(name, tmp_path):
    """Truncations and byte flips: only CineError may escape the engine."""
    import random
    src = (ROOT / "fixtures" / "ts" / name).read_bytes()
    rnd = random.Random(name)
    for k in range(25):
        data = bytearray(src[:rnd.randrange(1, len(src) + 1)])
        for _ in range(rnd.choice([0, 5, 50, 500])):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        p = tmp_path / ("f%d.ts" % k)
        p.write_bytes(bytes(data))
        _drain(p)


def test_no_program_found_is_end_of_file(tmp_path):
    """Only null-PAT packets: no stream appears and the reference says 'End of file'."""
    p = tmp_path / "empty.ts"
    p.write_bytes((b"\x47\x40\x00\x10" + bytes(184)) * 600)
    r = cine(["-v", "error", "-f", "mpegts", "-show_format", str(p)], ROOT)
    assert r.returncode == 1
    assert r.stderr.decode() == "%s: End of file\n" % p
    assert r.stdout == b""


_PACKETS_THEN_STREAMS = ["hevc_aac.ts", "service_pids.ts", "cut_continuity.ts", "mpeg2_mp2.ts"]


@pytest.mark.parametrize("path", [ROOT / "fixtures" / "ts" / n for n in _PACKETS_THEN_STREAMS]
                         + [p for p in CORPUS_TS if "muxed-aac-h264_n_" in p.name],
                         ids=lambda p: p.name)
def test_streams_after_packets_match_live_reference(path):
    """-show_packets -show_streams: the streams are printed after every packet was read, with
    the parsers' values by then (the AAC bit rate average restarts after find_stream_info,
    as estimate_timings_from_pts closes the parsers; MPEG-2 frame durations)."""
    if not pathlib.Path("/usr/bin/ffprobe").exists():
        pytest.skip("no reference ffprobe")
    args = ["-v", "quiet", "-of", "compact", "-show_packets", "-show_streams", "-show_format",
            str(path)]
    ref = subprocess.run(["/usr/bin/ffprobe", *args], capture_output=True, cwd=ROOT)
    r = cine(args, ROOT)
    assert (r.returncode, r.stdout) == (ref.returncode, ref.stdout)
