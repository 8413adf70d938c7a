"""Format detection's signature pre-tests (cine/engine/formats/detect.py _REJECT): a format
whose pre-test rejects a buffer is scored 0 without importing its probe module, so a pre-test
may only reject buffers its probe scores 0. Checked on the start of every fixture and corpus
file (each format's own files among them, so a pre-test that rejected its own format fails),
on damaged copies of them and on random bytes; and detection with the pre-tests picks the
same format and score as running every probe."""
import os
import random
import sys

import pytest

from cine.engine.formats import detect
from cine.engine.formats.registry import INPUT_FORMATS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIRS = [os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "..", "shared", "corpus", "files")]


def _files():
    for top in DIRS:
        for base, _dirs, names in os.walk(top):
            for name in sorted(names):
                yield os.path.join(base, name)


def _buffers():
    rng = random.Random(1234)
    out = []
    for path in _files():
        try:
            with open(path, "rb") as f:
                head = f.read(1 << 16)
        except OSError:
            continue
        for n in (2048, 4096, 1 << 16):
            out.append(head[:n])
        if len(head) > 16:
            # damaged copies: one byte of the first 16 changed, a few bytes cut off the front
            b = bytearray(head[:4096])
            b[rng.randrange(16)] ^= 1 << rng.randrange(8)
            out.append(bytes(b))
            out.append(head[1:4096])
            out.append(head[2:4096])
    for _ in range(200):
        out.append(bytes(rng.randrange(256) for _ in range(rng.choice((5, 12, 64, 2048)))))
    # sync words in odd places (the AC-3 scan starts anywhere, byte-swapped too)
    out.append(b"\x01\x10" + bytes(14) + b"\x0b\x77" + bytes(64))
    out.append(bytes(100) + b"\x77\x0b" + bytes(64))
    return out


BUFFERS = _buffers()


@pytest.mark.parametrize("probe", sorted(detect._REJECT))
def test_reject_only_what_the_probe_scores_zero(probe):
    reject = detect._REJECT[probe]
    entry = next(e for e in INPUT_FORMATS if e.probe == probe)
    fn = detect._probe_fn(entry)
    positive = 0
    for buf in BUFFERS:
        score = fn(buf, "")
        if score > 0:
            positive += 1
        if reject(buf):
            assert score == 0, (probe, buf[:32])
    # the format's own files are among the buffers: the check above had something to reject
    assert positive > 0, probe


def _probe_all(buf):
    """probe_buffer without the pre-tests."""
    saved = dict(detect._REJECT)
    detect._REJECT.clear()
    try:
        return detect.probe_buffer(buf, "x")
    finally:
        detect._REJECT.update(saved)


def test_detection_unchanged():
    for buf in BUFFERS:
        assert detect.probe_buffer(buf, "x") == _probe_all(buf)


def test_other_formats_not_imported():
    """Detecting an MP4 leaves the rejected formats' modules unimported (in a fresh
    interpreter)."""
    import subprocess
    code = ("import sys\nfrom cine.engine.formats.detect import probe_buffer\n"
            "with open('fixtures/mp4/h264_aac.mp4', 'rb') as f:\n"
            "    e, s = probe_buffer(f.read(2048), 'h264_aac.mp4')\n"
            "print(e.name, s, sorted(m for m in sys.modules if m.startswith('cine.engine.formats.')))")
    p = subprocess.run([sys.executable, "-S", "-c", code], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    name, score, mods = p.stdout.split(" ", 2)
    assert name.startswith("mov,mp4") and score == "100"
    for mod in ("ac3raw", "avi", "flac", "matroska", "ogg", "w64", "wav"):
        assert "'cine.engine.formats.%s'" % mod not in mods, mods
