"""SBR frequency band tables (ISO/IEC 14496-3 4.6.18.3): the master table from the header's
spectrum parameters, the derived high/low resolution, noise floor and limiter tables, and the
patches of the HF generator, with FFmpeg 5.1.9's requirement checks and their messages.

The float steps (band widths from powf, band counts from log2f and lrintf, the limiter's
octave test) are computed in float32 as the reference computes them. Plain Python: runs when
a header changes the spectrum parameters.
"""
from __future__ import annotations

import numpy as np

from .tables import START_OFFSET

_F32 = np.float32
# 2^(0.49 / bands per octave) for 1.2, 2 and 3 limiter bands per octave
_LIM_WARP = (_F32(1.32715174233856803909), _F32(1.18509277094158210129),
             _F32(1.11987160404675912501))
_INVWARP = _F32(0.76923076923076923077)


class BandError(Exception):
    """A requirement failed: its message (the reference's log line) in args[0]."""


def _lrint(x) -> int:
    return int(np.rint(x))


def _widths(start: int, stop: int, num: int) -> list[int]:
    """The widths of `num` bands spaced geometrically from start to stop (float32 steps)."""
    with np.errstate(all="ignore"):
        base = _F32(np.power(_F32(_F32(stop) / _F32(start)), _F32(_F32(1.0) / _F32(num))))
    prod = _F32(start)
    prev = start
    out = []
    for _ in range(num - 1):
        prod = _F32(prod * base)
        cur = _lrint(prod)
        out.append(cur - prev)
        prev = cur
    out.append(stop - prev)
    return out


def _log2_ratio(a: int, b: int):
    with np.errstate(all="ignore"):
        return np.log2(_F32(_F32(a) / _F32(b)))


def _check_n_master(n_master: int, xover: int) -> None:
    if n_master <= 0:
        raise BandError("Invalid n_master: %d\n" % n_master)
    if xover >= n_master:
        raise BandError("Invalid bitstream, crossover band index beyond array bounds: %d\n"
                        % xover)


def _offsets(rate: int):
    if rate == 16000:
        return START_OFFSET[0]
    if rate == 22050:
        return START_OFFSET[1]
    if rate == 24000:
        return START_OFFSET[2]
    if rate == 32000:
        return START_OFFSET[3]
    if rate in (44100, 48000, 64000):
        return START_OFFSET[4]
    if rate in (88200, 96000, 128000, 176400, 192000):
        return START_OFFSET[5]
    raise BandError("Unsupported sample rate for SBR: %d\n" % rate)


def master_table(rate: int, start: int, stop: int, xover: int, freq_scale: int,
                 alter_scale: int) -> tuple[list[int], int, int]:
    """(f_master, k0, k2) for the SBR sample rate and the header's parameters."""
    offsets = _offsets(rate)
    temp = 3000 if rate < 32000 else 4000 if rate < 64000 else 5000
    start_min = ((temp << 7) + (rate >> 1)) // rate
    stop_min = ((temp << 8) + (rate >> 1)) // rate
    k0 = start_min + offsets[start]
    if stop < 14:
        k2 = stop_min + sum(sorted(_widths(stop_min, 64, 13))[:stop])
    elif stop == 14:
        k2 = 2 * k0
    elif stop == 15:
        k2 = 3 * k0
    else:
        raise BandError("Invalid bs_stop_freq: %d\n" % stop)
    k2 = min(64, k2)
    max_qmf = 48 if rate <= 32000 else 35 if rate == 44100 else 32
    if k2 - k0 > max_qmf:
        raise BandError("Invalid bitstream, too many QMF subbands: %d\n" % (k2 - k0))
    if not freq_scale:
        dk = alter_scale + 1
        n_master = ((k2 - k0 + (dk & 2)) >> dk) << 1
        _check_n_master(n_master, xover)
        widths = [dk] * n_master
        diff = k2 - k0 - n_master * dk
        if diff < 0:
            widths[0] -= 1
            if diff < -1:
                widths[1] -= 1
        elif diff:
            widths[-1] += 1
        master = [k0]
        for w in widths:
            master.append(master[-1] + w)
        return master, k0, k2
    half_bands = 7 - freq_scale
    two_regions = 49 * k2 > 110 * k0
    k1 = 2 * k0 if two_regions else k2
    num0 = _lrint(_F32(_F32(half_bands) * _log2_ratio(k1, k0))) * 2
    if num0 <= 0:
        raise BandError("Invalid num_bands_0: %d\n" % num0)
    dk0 = sorted(_widths(k0, k1, num0))
    vk0 = [k0]
    for k, w in enumerate(dk0, 1):
        if w <= 0:
            raise BandError("Invalid vDk0[%d]: %d\n" % (k, w))
        vk0.append(vk0[-1] + w)
    if not two_regions:
        _check_n_master(num0, xover)
        return vk0, k0, k2
    warp = _INVWARP if alter_scale else _F32(1.0)
    num1 = _lrint(_F32(_F32(_F32(half_bands) * warp) * _log2_ratio(k2, k1))) * 2
    dk1 = _widths(k1, k2, num1) if num1 > 0 else []
    if num1 > 0 and min(dk1) < dk0[-1]:
        dk1.sort()
        change = min(dk0[-1] - dk1[0], (dk1[-1] - dk1[0]) >> 1)
        dk1[0] += change
        dk1[-1] -= change
    dk1.sort()
    vk1 = [k1]
    for k, w in enumerate(dk1, 1):
        if w <= 0:
            raise BandError("Invalid vDk1[%d]: %d\n" % (k, w))
        vk1.append(vk1[-1] + w)
    _check_n_master(num0 + num1, xover)
    return vk0 + vk1[1:], k0, k2


class BandTables:
    """Everything the header's spectrum parameters fix: f_master, the high/low/noise/limiter
    tables, kx, m and the patches."""

    def __init__(self) -> None:
        self.k0 = self.k2 = 0
        self.master: list[int] = []
        self.high: list[int] = []
        self.low: list[int] = []
        self.noise: list[int] = []
        self.lim: list[int] = []
        self.n_high = self.n_low = self.n_q = self.n_lim = 0
        self.patch_sizes: list[int] = []
        self.patch_starts: list[int] = []


def _patches(tab: BandTables, rate: int, kx: int, m: int) -> None:
    """Patch construction (4.6.18.6.3, figure 4.46)."""
    master = tab.master
    n_master = len(master) - 1
    k0 = tab.k0
    msb = k0
    usb = kx
    goal = ((1000 << 11) + (rate >> 1)) // rate
    sizes: list[int] = []
    starts: list[int] = []
    if goal < kx + m:
        k = 0
        while master[k] < goal:
            k += 1
    else:
        k = n_master
    last_k = last_msb = -1
    sb = 0
    while True:
        if k == last_k and msb == last_msb:
            raise BandError("patch construction failed\n")
        last_k, last_msb = k, msb
        odd = 0
        i = k
        while True:
            sb = master[i]
            odd = (sb + k0) & 1
            i -= 1
            if not (sb > k0 - 1 + msb - odd) or i < 0:
                break
        if len(sizes) > 5:
            raise BandError("Too many patches: %d\n" % len(sizes))
        size = max(sb - usb, 0)
        start = k0 - odd - size
        if size > 0:
            sizes.append(size)
            starts.append(start)
            usb = msb = sb
        else:
            msb = kx
        if master[k] - sb < 3:
            k = n_master
        if sb == kx + m:
            break
    if len(sizes) > 1 and sizes[-1] < 3:
        sizes.pop()
        starts.pop()
    tab.patch_sizes, tab.patch_starts = sizes, starts


def limiter_table(tab: BandTables, kx: int, limiter_bands: int) -> None:
    """The limiter band table (4.6.18.3.5) into tab.lim / tab.n_lim."""
    low = tab.low
    if limiter_bands <= 0:
        tab.lim = [low[0], low[tab.n_low]]
        tab.n_lim = 1
        return
    warp = _LIM_WARP[limiter_bands - 1]
    borders = [kx]
    for size in tab.patch_sizes:
        borders.append(borders[-1] + size)
    npatch = len(tab.patch_sizes)
    lim = list(low[:tab.n_low + 1]) + borders[1:npatch]
    lim.sort()
    n_lim = tab.n_low + npatch - 1
    lim += [0] * 8
    out = 0
    src = 1
    while out < n_lim:
        a = lim[src]
        b = lim[out]
        if _F32(a) >= _F32(_F32(b) * warp):
            out += 1
            lim[out] = a
            src += 1
        elif a == b or a not in borders[:npatch + 1]:
            src += 1
            n_lim -= 1
        elif b not in borders[:npatch + 1]:
            lim[out] = a
            src += 1
            n_lim -= 1
        else:
            out += 1
            lim[out] = a
            src += 1
    tab.lim = lim[:n_lim + 1]
    tab.n_lim = n_lim


def derive(rate: int, params: tuple[int, int, int, int, int, int],
           limiter_bands: int) -> tuple[BandTables, int, int]:
    """sbr_make_f_master + sbr_make_f_derived: (tables, kx, m). Raises BandError."""
    start, stop, xover, freq_scale, alter_scale, noise_bands = params
    tab = BandTables()
    tab.master, tab.k0, tab.k2 = master_table(rate, start, stop, xover, freq_scale, alter_scale)
    n_master = len(tab.master) - 1
    n_high = n_master - xover
    n_low = (n_high + 1) >> 1
    high = tab.master[xover:xover + n_high + 1]
    m = high[n_high] - high[0]
    kx = high[0]
    if kx + m > 64:
        raise BandError("Stop frequency border too high: %d\n" % (kx + m))
    if kx > 32:
        raise BandError("Start frequency border too high: %d\n" % kx)
    odd = n_high & 1
    low = [high[0]] + [high[2 * k - odd] for k in range(1, n_low + 1)]
    with np.errstate(all="ignore"):
        n_q = max(1, _lrint(_F32(_F32(noise_bands) * _log2_ratio(tab.k2, kx))))
    if n_q > 5:
        raise BandError("Too many noise floor scale factors: %d\n" % n_q)
    noise = [low[0]]
    temp = 0
    for k in range(1, n_q + 1):
        temp += (n_low - temp) // (n_q + 1 - k)
        noise.append(low[temp])
    tab.high, tab.low, tab.noise = high, low, noise
    tab.n_high, tab.n_low, tab.n_q = n_high, n_low, n_q
    _patches(tab, rate, kx, m)
    limiter_table(tab, kx, limiter_bands)
    return tab, kx, m
