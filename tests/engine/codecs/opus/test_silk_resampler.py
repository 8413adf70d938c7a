"""The Opus decoder's SILK resampler (codecs/opus/resampler.py) gives exactly what
libswresample's float path (filters/swr, filter size 16, primed with silence) gives for the
same pushes: random block sizes and levels, outputs taken at random points, then the
drain."""
from __future__ import annotations

import numpy as np
import pytest

from cine.engine.codecs.opus.resampler import SilkResampler
from cine.engine.codecs.opus.resampler_jit import U_FIFO
from cine.engine.codecs.opus.state import StreamState
from cine.engine.filters.swr import Swr


@pytest.mark.parametrize("trial", range(60))
def test_silk_resampler_matches_swr(trial):
    rng = np.random.default_rng(trial)
    rate = (8000, 12000, 16000)[trial % 3]
    ch = 1 + (trial // 3) % 2
    prime = (4, 8, 11, 0, 20)[trial % 5]
    swr = Swr("fltp", rate, None, ch, "fltp", 48000, None, ch, {"filter_size": 16})
    ref = [swr.convert(np.zeros((ch, prime), np.float32))]
    mine = SilkResampler(rate, ch, prime, StreamState())
    got = []
    for _ in range(int(rng.integers(1, 14))):
        n = int(rng.choice([0, 1, 3, 10, 16, 17, 80, 160, 320, 480, 960]))
        if n > rate * 60 // 1000:
            n = rate * 20 // 1000
        x = (rng.standard_normal((2, n)) * (10 ** rng.uniform(-6, 1))).astype(np.float32)
        if rng.random() < 0.1:
            x[:, :] = 0
        ref.append(swr.convert(np.ascontiguousarray(x[:ch])))
        mine.push(x)
        held = int(mine.state[U_FIFO])       # (samples resampled, not yet taken)
        if rng.random() < 0.5 or held > 1000:
            got.append(mine.take(int(rng.integers(max(held - 1000, 0), 3000))))
    ref.append(swr.flush())
    got.append(mine.drain())
    want = np.concatenate(ref, axis=1)
    have = np.concatenate(got, axis=1)
    assert want.shape == have.shape
    assert want.tobytes() == have.tobytes()
