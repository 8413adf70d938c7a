"""cine's libswresample against the reference ffmpeg run now (skipped without FFmpeg
5.1.9): the golden cases byte for byte (with the first differing sample on failure), and
aresample's frame sizes and timestamps."""
from __future__ import annotations

import numpy as np
import pytest

from . import swr_support as S

pytestmark = pytest.mark.skipif(not S.have_reference(), reason="needs ffmpeg 5.1.9")

LIVE = ["s16_51_to_stereo", "s16_44100_16000", "whisper_flt_44100", "flt_linear_interp_flt",
        "s16_odd_rate", "tiny_some_output", "dbl_44100_16000_dbl", "dbl_beta16_48000_dbl"]


@pytest.mark.parametrize("name", LIVE)
def test_live_identical(name, tmp_path):
    case = S.CASES[name]
    ref = S.run_reference(case, str(tmp_path))
    out = S.run_cine(case)
    assert len(out) == len(ref)
    if out != ref:
        a, b = np.frombuffer(out, np.uint8), np.frombuffer(ref, np.uint8)
        first = int(np.nonzero(a != b)[0][0])
        pytest.fail("first differing byte %d of %d" % (first, len(ref)))


def _aresample_frames(swr, data, step, in_rate):
    """aresample's filter_frame/flush_frame: (pts in 1/out_rate, nb_samples) per frame."""
    frames = []
    out_rate = swr.out_rate
    for i in range(0, data.shape[1], step):
        outpts = swr.next_pts(i * out_rate)     # pts i in 1/in_rate, rescaled
        n = swr.convert(data[:, i:i + step]).shape[1]
        if n:
            frames.append(((outpts + in_rate // 2) // in_rate, n))
    outpts = swr.next_pts(None)
    n = swr.flush().shape[1]
    if n:
        frames.append(((outpts + in_rate // 2) // in_rate, n))
    return frames


@pytest.mark.parametrize("name", ["whisper_flt_44100", "s16_16000_48000"])
def test_live_frame_sizes_and_pts(name, tmp_path):
    import re
    import subprocess
    from cine.engine.filters.swr import Swr
    (fmt, rate, layout, channels, n, loud), _argv, out, opts = S.CASES[name]
    path = tmp_path / "in.wav"
    data = S.signal(fmt, rate, channels, n, loud)
    path.write_bytes(S.wav_bytes(data, fmt, rate, layout))
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-i", str(path), "-af",
                          "aresample=%d,ashowinfo" % out[1], "-f", "null", "-"],
                         capture_output=True, text=True, timeout=120).stderr
    ref = [(int(a), int(b)) for a, b in
           re.findall(r"pts:(-?\d+) .*?nb_samples:(\d+)", log)]
    swr = Swr(fmt, rate, layout, channels, fmt, out[1], layout, channels)
    step = 4096 // (channels * data.dtype.itemsize)
    assert _aresample_frames(swr, data, step, rate) == ref
