"""streaminfo.rfps_add_frame's list-at-a-time path (float rounding, pruned candidates) gives
the same duration_error sums, bit for bit, as the per-candidate loop of ff_rfps_add_frame."""
import math
import random

import pytest

from cine.engine import streaminfo as si
from cine.engine.model import Rational, Stream


def _model_add(state, st, ts):
    """The per-candidate loop with int rounding (llrint), no pruning shortcut."""
    last = state.get("last")
    if ts is not None and last is not None and ts > last and ts - last < si.INT64_MAX:
        tb = st.time_base
        dts = ts * (tb.num / tb.den)
        de = state.setdefault("de", [[[0.0] * si.MAX_STD_TIMEBASES for _ in range(2)] for _ in range(2)])
        for i in range(si.MAX_STD_TIMEBASES):
            if de[0][1][i] < 1e10:
                sdts = dts * si._STD[i] / (1001 * 12)
                for k in range(2):
                    ticks = round(sdts + k * 0.5)
                    err = sdts - ticks + k * 0.5
                    de[k][0][i] += err
                    de[k][1][i] += err * err
        state["n"] = state.get("n", 0) + 1
        if state["n"] % 10 == 0:
            n = state["n"]
            for i in range(si.MAX_STD_TIMEBASES):
                if de[0][1][i] < 1e10:
                    a0 = de[0][0][i] / n
                    a1 = de[1][0][i] / n
                    if de[0][1][i] / n - a0 * a0 > 0.04 and de[1][1][i] / n - a1 * a1 > 0.04:
                        de[0][1][i] = 2e10
                        de[1][1][i] = 2e10
    if ts is not None:
        state["last"] = ts


@pytest.mark.parametrize("seed", range(25))
def test_rfps_add_frame_matches_loop(seed):
    rnd = random.Random(seed)
    tb = rnd.choice([Rational(1, 90000), Rational(1, 1000), Rational(1001, 30000), Rational(1, 25)])
    step = rnd.choice([3000, 3003, 40, 1, 1024, 10 ** 15])
    st = Stream(0, time_base=tb)
    state = {}
    ts = rnd.randrange(1000)
    for _ in range(rnd.randrange(2, 70)):
        ts += step + rnd.choice([0, 0, 1, -1, rnd.randint(-step, step)])
        si.rfps_add_frame(st, ts)
        _model_add(state, st, ts)
    inf = si._info(st)
    assert inf.duration_error == state.get("de")
    assert inf.duration_count == state.get("n", 0)
    if inf.duration_error:
        active = [i for i in range(si.MAX_STD_TIMEBASES) if inf.duration_error[0][1][i] < 1e10]
        assert list(inf.rfps_active) == active


def test_float_rounding_is_llrint():
    m = si._RINT_MAGIC
    for x in (0.5, 1.5, 2.5, -0.5, -1.5, 1e12 + 0.5, 2.0 ** 49 + 0.5, 3.4999999999, -7.5000001):
        assert (x + m) - m == float(round(x)) and not math.isnan(x)
