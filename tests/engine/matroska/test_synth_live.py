"""Features FFmpeg's muxer never writes (Xiph/EBML/fixed lacing, header-stripping
compression, nested and language-tagged SimpleTags, orphan tag targets, TargetType prefixes)
built with a tiny EBML writer and compared live with the reference ffprobe 5.1.9."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402

FFPROBE = "/usr/bin/ffprobe"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ARGS = (["-v", "quiet", "-of", "json", "-show_format", "-show_streams"],
        ["-v", "quiet", "-of", "compact", "-show_entries", "packet=stream_index,size,pos"],
        ["-hide_banner"])


def _ok():
    if not os.path.exists(FFPROBE):
        return False
    out = subprocess.run([FFPROBE, "-version"], stdout=subprocess.PIPE).stdout
    return out.startswith(b"ffprobe version 5.1.9")


@pytest.mark.skipif(not _ok(), reason="reference ffprobe 5.1.9 not installed")
@pytest.mark.parametrize("laced,tags_last", [(True, False), (False, False), (True, True)])
@pytest.mark.parametrize("args", ARGS, ids=["streams", "packets", "dump"])
def test_synthetic_matches_reference(tmp_path, laced, tags_last, args):
    path = tmp_path / "synth.mkv"
    path.write_bytes(synth.build(laced=laced, tags_last=tags_last))
    ref = subprocess.run([FFPROBE] + args + [str(path)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + args + [str(path)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    norm = lambda b: __import__("re").sub(rb"0x[0-9a-f]{6,}", b"0xADDR", b)
    assert (got.returncode, norm(got.stdout).decode()) == (ref.returncode, norm(ref.stdout).decode())
