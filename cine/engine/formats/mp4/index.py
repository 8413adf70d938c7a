"""Sample index of a track (ISO/IEC 14496-12 clause 8.7 chunk/sample tables):
chunk offsets + stsc + stsz + stts + stss -> (pos, dts, size, flags) per sample, then the
edit list applied to it (editlist.py, clause 8.6.6), and the per-track checks done when a
trak ends.

The index is columns of typed arrays (position and dts 8 bytes, size and composition offset
4, flags 1: ~25 bytes a sample), built with whole-array passes whose temporaries are arrays
too; the stbl tables it came from are dropped once it is built, as the reference frees them.
"""
from __future__ import annotations

import os
from array import array
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, gt, lt, sub

from ...errors import InvalidData
from ...model import Rational
from ...timebase import d2q, reduce, rescale
from . import editlist
from .boxes import INT64_MAX
from .editlist import KEY
from .stbl import Table

MAX_REORDER_DELAY = 16


def finish_track(c, st, sc) -> None:
    """The end of mov_read_trak: sanity checks, time base, index, derived stream fields."""
    chunk_count = len(sc.chunk_offsets) if sc.chunk_offsets is not None else 0
    if not chunk_count and not sc.stts and sc.stsc:
        sc.stsc = []
    if ((chunk_count and (not sc.stts or not sc.stsc or (not sc.sample_size and not sc.sample_count)))
            or (not chunk_count and sc.sample_count)):
        c.log.error("stream %d, missing mandatory atoms, broken header\n" % st.index)
        # FFmpeg 5.1.9: such a track never gets its I/O context, so mov_find_next_sample
        # skips it: samples that fragments add to it are never read
        sc.has_pb = False
        return
    if sc.stsc and sc.stsc[-1][0] > chunk_count:
        c.log.error("stream %d, contradictionary STSC and STCO\n" % st.index)
        raise InvalidData("contradictory stsc/stco")
    fix_timescale(c, sc)
    st.time_base = Rational(1, sc.time_scale)
    build_index(c, st, sc)
    par = st.codecpar
    if par.codec_type == "video":
        if (sc.sar is None and par.width and par.height and sc.height and sc.width
                and (par.width != sc.width or par.height != sc.height)):
            q = d2q((par.height * sc.width) / (par.width * sc.height), 0x7FFFFFFF)
            sc.sar = (q.num, q.den)
        if len(sc.stts) == 1 or (len(sc.stts) == 2 and sc.stts[1][0] == 1):
            if sc.stts[0][1]:
                st.r_frame_rate = reduce(sc.time_scale, sc.stts[0][1], 0x7FFFFFFF)
            else:
                st.r_frame_rate = Rational(0, 1)
    if par.codec_name in ("h261", "h263", "mpeg4"):
        par.width = 0
        par.height = 0
    if (par.codec_name == "mp3" and len(sc.stts) > 3 and len(sc.stts) * 10 > st.nb_frames
            and sc.time_scale == par.sample_rate):
        sc.need_parsing = 1
    # mov_read_trak: the chunk and sample tables are not needed once the index exists
    sc.chunk_offsets = None
    sc.sample_sizes = None
    sc.keyframes = None
    sc.stps = None
    sc.stts = []
    sc.stts_seen = False
    sc.stsc = []
    if sc.ctts is not None:
        sc.ctts = []     # the per-sample composition offsets (ctts_per_sample) stay


def fix_timescale(c, sc) -> None:
    if sc.time_scale <= 0:
        c.log.warning("stream %d, timescale not set\n" % sc.ffindex)
        sc.time_scale = c.time_scale
        if sc.time_scale <= 0:
            sc.time_scale = 1


def _stsc_samples_valid(i: int, n: int) -> bool:
    return i < n - 1


def build_index(c, st, sc) -> None:
    par = st.codecpar
    ctts_old = sc.ctts
    if sc.elst:
        edit_start = 0
        multiple = False
        empty = 0
        start_time = 0
        for i, (dur, mt) in enumerate(sc.elst):
            if i == 0 and mt == -1:
                empty = dur
                edit_start = 1
            elif i == edit_start and mt >= 0:
                start_time = mt
            else:
                multiple = True
        if multiple:
            c.log.warning("multiple edit list entries, Use -advanced_editlist to correctly decode "
                          "otherwise a/v desync might occur\n")
        if (empty or start_time) and c.time_scale > 0:
            if empty:
                empty = rescale(empty, sc.time_scale, c.time_scale)
            sc.time_offset = start_time - empty
            sc.min_corrected_pts = start_time
        # FFmpeg 5.1.9: the AAC start_pad shortcut applies only without advanced_editlist,
        # which is on by default; mov_fix_index sets start_pad instead.
    chunk_offsets = sc.chunk_offsets if sc.chunk_offsets is not None else array("q")
    chunk_count = len(chunk_offsets)
    stsc = sc.stsc
    nstsc = len(stsc)
    raw_audio = par.codec_type == "audio" and len(sc.stts) == 1 and sc.stts[0][1] == 1
    if not raw_audio:
        if not sc.sample_count or len(sc.ie_pos):
            return
        # FFmpeg 5.1.9: no index when the entries (24 bytes each) would overflow 32 bits
        if sc.sample_count >= 0xFFFFFFFF // 24 - len(sc.ie_pos):
            return
        psid = sc.pseudo_stream_id
        current_dts = -sc.dts_shift
        key_off = int(bool((sc.keyframes is not None and len(sc.keyframes) and sc.keyframes[0] > 0)
                           or (sc.stps is not None and len(sc.stps) and sc.stps[0] > 0)))
        if ctts_old:
            sc.ctts_per_sample = _expand_ctts(ctts_old, sc.sample_count)
        if (_FAST and not sc.rap_group and not (sc.stps is not None and len(sc.stps)) and stsc
                and (psid == -1 or set(stsc.cols[2] if isinstance(stsc, Table)
                                       else [e[2] for e in stsc]) == {psid + 1})):
            ok = _build_fast(c, st, sc, chunk_offsets, current_dts, key_off)
        else:
            ok = _build_general(c, st, sc, chunk_offsets, current_dts, key_off)
        if not ok:
            return
    else:
        if not chunk_count:
            return
        spf = sc.samples_per_frame
        total = 0
        for i in range(nstsc):
            chunk_samples = stsc[i][1]
            if i != nstsc - 1 and spf and chunk_samples % spf:
                c.log.error("error unaligned chunk\n")
                return
            if spf >= 160:
                count = chunk_samples // spf
            elif spf > 1:
                samples = (1024 // spf) * spf
                count = (chunk_samples + samples - 1) // samples
            else:
                count = (chunk_samples + 1023) // 1024
            if _stsc_samples_valid(i, nstsc):
                cc = stsc[i + 1][0] - stsc[i][0]
            else:
                cc = chunk_count - (stsc[i][0] - 1)
            total += (cc & 0xFFFFFFFF) * count
        total &= 0xFFFFFFFF
        ie_pos, ie_ts, ie_size = [], [], []
        stsc_index = 0
        current_dts = 0
        # a chunk may claim 2^32 samples (4M entries of 1024) in four bytes of stsc: entries
        # that start past the end of the file can never be read (a packet read there ends
        # the stream), so the expansion stops after the first of them
        end = c.file_size if c.file_size >= 0 else None
        for i in range(chunk_count):
            if end is not None and ie_pos and ie_pos[-1] >= end:
                break
            current_offset = chunk_offsets[i]
            if _stsc_samples_valid(stsc_index, nstsc) and i + 1 == stsc[stsc_index + 1][0]:
                stsc_index += 1
            chunk_samples = stsc[stsc_index][1]
            while chunk_samples > 0:
                if spf > 1 and not sc.bytes_per_frame:
                    c.log.warning("Zero bytes per frame, but %d samples per frame\n" % spf)
                    _set_index(sc, ie_pos, ie_ts, ie_size)
                    return
                if spf >= 160:
                    samples = spf
                    size = sc.bytes_per_frame
                elif spf > 1:
                    samples = min((1024 // spf) * spf, chunk_samples)
                    size = (samples // spf) * sc.bytes_per_frame
                else:
                    samples = min(1024, chunk_samples)
                    size = samples * sc.sample_size
                if len(ie_pos) >= total:
                    c.log.error("wrong chunk count %d\n" % total)
                    _set_index(sc, ie_pos, ie_ts, ie_size)
                    return
                if size > 0x3FFFFFFF:
                    c.log.error("Sample size %d is too large\n" % size)
                    _set_index(sc, ie_pos, ie_ts, ie_size)
                    return
                ie_pos.append(current_offset)
                ie_ts.append(current_dts)
                ie_size.append(size)
                if end is not None and current_offset >= end:
                    break
                current_offset += size
                current_dts += samples
                chunk_samples -= samples
        _set_index(sc, ie_pos, ie_ts, ie_size)
    fix_index(c, st, sc)
    if st.start_time is None and par.codec_type == "video" and len(sc.ie_pos):
        st.start_time = sc.ie_ts[0] + sc.dts_shift
        if sc.ctts_per_sample is not None and len(sc.ctts_per_sample):
            st.start_time += sc.ctts_per_sample[0]
    estimate_video_delay(c, st, sc)


def _expand_ctts(ctts, total: int) -> array:
    """Per-sample composition offsets: each [count, offset] entry repeated, up to `total`
    samples, stopping at the first entry with a count <= 0."""
    if isinstance(ctts, Table):
        cnts, durs = ctts.cols
    else:
        cnts = [e[0] for e in ctts]
        durs = [e[1] for e in ctts]
    if min(cnts) <= 0:
        stop = next(i for i, v in enumerate(cnts) if v <= 0)
        cnts, durs = cnts[:stop], durs[:stop]
    return array("i", islice(chain.from_iterable(map(repeat, durs, cnts)), max(total, 0)))


def _set_index(sc, pos, ts, size) -> None:
    sc.ie_pos = array("q", pos)
    sc.ie_ts = array("q", ts)
    sc.ie_size = array("I", size)
    sc.ie_flags = array("B", [KEY]) * len(pos)


_FAST = not os.environ.get("CINE_MP4_SLOW_INDEX")


def fix_index(c, st, sc) -> None:
    """mov_fix_index (editlist.py), with this module's whole-array fast paths on or off. The
    index's dts never decrease here: they are sums of stts durations, which are unsigned."""
    editlist.fix_index(c, st, sc, _FAST, rising=True)


def estimate_video_delay(c, st, sc) -> None:
    par = st.codecpar
    ctts = sc.ctts_per_sample
    if par.video_delay <= 0 and ctts is not None and sc.ctts is not None and par.codec_name == "h264":
        par.video_delay = 0
        fast = _video_delay_bulk(sc.ie_ts, ctts) if _FAST else None
        if fast is not None:
            par.video_delay = fast
            return
        buf = [-(1 << 63)] * (MAX_REORDER_DELAY + 1)
        start = 0
        n = min(len(sc.ie_ts), len(ctts))
        best = 0
        for ind in range(n):
            j = start
            start += 1
            if start == MAX_REORDER_DELAY + 1:
                start = 0
            buf[j] = sc.ie_ts[ind] + ctts[ind]
            swaps = 0
            while j != start:
                r = j - 1
                if r < 0:
                    r = MAX_REORDER_DELAY
                if buf[j] < buf[r]:
                    buf[j], buf[r] = buf[r], buf[j]
                    swaps += 1
                else:
                    break
                j = r
            if swaps > best:
                best = swaps
        par.video_delay = best


def _video_delay_bulk(ts, ctts):
    """mov_estimate_video_delay without the per-sample loop. Its 17-slot insertion buffer
    always holds the 16 largest pts seen so far, so a sample's swap count is the number of
    earlier pts greater than its own, capped at 16. When dts rise by at least `step` per
    sample, an earlier sample i-L can only have a greater pts if L*step < spread of ctts,
    so only a few lags need counting; None when that bound is not small."""
    n = min(len(ts), len(ctts))
    if n < 2:
        return 0 if n else None
    if len(ts) > n:
        ts = ts[:n]
    if len(ctts) > n:
        ctts = ctts[:n]
    step = min(map(sub, islice(ts, 1, None), ts))
    if step <= 0:
        return None
    spread = max(ctts) - min(ctts)
    # pts[i - L] > pts[i] needs ctts[i - L] - ctts[i] > ts[i] - ts[i - L] >= L * step, and
    # the ctts differ by at most spread: only lags with L * step < spread can count
    lags = (spread - 1) // step if spread > 0 else 0
    if lags > 2 * MAX_REORDER_DELAY:  # also keeps every per-sample count below 256
        return None
    if not lags:
        return 0
    pts = array("q", map(add, ts, ctts))
    # one byte per sample counts the earlier pts above it; the byte strings are summed as big
    # integers (a count stays below 256, so no byte carries into the next)
    total = 0
    for lag in range(1, min(lags, n - 1) + 1):
        col = bytes(lag) + bytes(map(gt, pts, islice(pts, lag, None)))  # pts[i - lag] > pts[i]
        total += int.from_bytes(col, "big")
    return min(MAX_REORDER_DELAY, max(total.to_bytes(n, "big")))


def _sample_durations(stts, n: int):
    """Per-sample stts durations (an iterator of n values) with the reference's cursor rules
    (a zero-count entry, or the last entry, applies to every remaining sample)."""
    if not stts:
        return repeat(0, n)
    runs = []
    left = n
    last = len(stts) - 1
    for k, (cnt, dur) in enumerate(stts):
        if left <= 0:
            break
        if k == last or cnt == 0:
            runs.append(repeat(dur, left))
            break
        take = min(cnt, left)
        runs.append(repeat(dur, take))
        left -= take
    return chain.from_iterable(runs)


def _key_marks(sc, n: int, key_off: int) -> bytearray:
    flags = bytearray(n)
    keyframes = sc.keyframes
    if sc.keyframe_absent:
        if st_is_audio(sc):
            return bytearray([KEY]) * n
        if n:
            flags[0] = KEY
        return flags
    if keyframes is None or not len(keyframes):
        return bytearray([KEY]) * n
    prev = -1
    for k in keyframes:
        s = k - key_off
        if s <= prev or s >= n:
            break
        flags[s] = KEY
        prev = s
    return flags


def st_is_audio(sc) -> bool:
    return getattr(sc, "_is_audio", False)


def _chunk_counts(c, sc, chunk_count: int, sample_count: int):
    """Samples per chunk following stsc, and whether the sample count ran out ('wrong
    sample count')."""
    stsc = sc.stsc
    nstsc = len(stsc)
    if isinstance(stsc, Table):
        firsts, per_chunk = stsc.cols[0].tolist(), stsc.cols[1]
    else:
        firsts, per_chunk = [e[0] for e in stsc], [e[1] for e in stsc]
    if all(map(lt, firsts, firsts[1:])) and (nstsc < 2 or firsts[-1] <= chunk_count):
        # runs: entry k covers chunks first_k .. first_{k+1}-1 (entry 0 also covers any before)
        ends = firsts[1:]
        ends.append(chunk_count + 1)
        begins = firsts[:]
        begins[0] = 1
        lens = list(map(sub, ends, begins))
        lens[-1] = chunk_count - (begins[-1] - 1)  # min(end, chunk_count) - begin, last run
        counts = array("I", chain.from_iterable(map(repeat, per_chunk, lens)))
        return counts, sum(counts)
    counts = []
    total = 0
    idx = 0
    for i in range(chunk_count):
        while idx < nstsc - 1 and i + 1 == stsc[idx + 1][0]:
            idx += 1
        k = stsc[idx][1]
        counts.append(k)
        total += k
    return counts, total


def _build_fast(c, st, sc, chunk_offsets, current_dts, key_off) -> bool:
    par = st.codecpar
    sc._is_audio = par.codec_type == "audio"
    chunk_count = len(chunk_offsets)
    sample_count = sc.sample_count
    counts, total = _chunk_counts(c, sc, chunk_count, sample_count)
    n = min(total, sample_count)
    stsc = sc.stsc
    nstsc = len(stsc)
    # per-chunk stsz sanity checks (they only look at the chunk's stsc count)
    if sc.sample_size > 0 or sc.stsz_sample_size > 0:
        idx = 0
        for i in range(chunk_count):
            while idx < nstsc - 1 and i + 1 == stsc[idx + 1][0]:
                idx += 1
            nxt = chunk_offsets[i + 1] if i + 1 < chunk_count else INT64_MAX
            cur = chunk_offsets[i]
            if (nxt > cur and sc.sample_size > 0 and sc.sample_size < sc.stsz_sample_size
                    and stsc[idx][1] * sc.stsz_sample_size > nxt - cur):
                c.log.warning("STSZ sample size %d invalid (too large), ignoring\n" % sc.stsz_sample_size)
                sc.stsz_sample_size = sc.sample_size
            if 0 < sc.stsz_sample_size < sc.sample_size:
                c.log.warning("STSZ sample size %d invalid (too small), ignoring\n" % sc.stsz_sample_size)
                sc.stsz_sample_size = sc.sample_size
    if sc.stsz_sample_size > 0:
        if n and sc.stsz_sample_size > 0x3FFFFFFF:
            return _build_general(c, st, sc, chunk_offsets, current_dts, key_off)
        sizes = array("I", [sc.stsz_sample_size]) * n
    else:
        sizes = sc.sample_sizes
        if len(sizes) != n or sizes.typecode != "I":
            sizes = array("I", sizes[:n])
        if n and max(sizes) > 0x3FFFFFFF:
            return _build_general(c, st, sc, chunk_offsets, current_dts, key_off)
    # sample k of chunk c sits at offset[c] + (cum[k] - cum[first sample of c])
    cum = array("q", accumulate(sizes, initial=0))
    if chunk_count and max(chunk_offsets) > INT64_MAX - cum[-1]:
        return _build_general(c, st, sc, chunk_offsets, current_dts, key_off)  # "too large" error
    singles = counts.count(1)
    if singles == chunk_count:
        # one sample a chunk (interleaved files): each sample sits at its chunk's offset
        pos = array("q", chunk_offsets[:n])
    elif singles * 8 >= chunk_count * 7 and total == n:
        # (nearly so: the chunks of one sample copied, the few others laid out)
        pos = _positions_mostly_single(chunk_offsets, counts, cum)
    elif total == n and max(counts) == 2 and min(counts) > 0:
        # one or two samples a chunk: the second one follows the first
        pos = _positions_one_or_two(chunk_offsets, counts, sizes)
    else:
        starts = accumulate(counts, initial=0)
        if total > n:
            starts = map(min, starts, repeat(n))
        bases = array("q", map(sub, chunk_offsets, map(cum.__getitem__, starts)))
        pos = array("q", islice(map(add, chain.from_iterable(map(repeat, bases, counts)), cum), n))
        del bases
    del cum
    ts = array("q", accumulate(islice(_sample_durations(sc.stts, n), n - 1), initial=current_dts)) \
        if n else array("q")
    sc.ie_pos = pos
    sc.ie_ts = ts
    sc.ie_size = sizes
    flags = array("B")
    flags.frombytes(_key_marks(sc, n, key_off))
    sc.ie_flags = flags
    if par.codec_type == "video":
        sc.rfps_dts.extend(ts[:99])
    if total > sample_count:
        c.log.error("wrong sample count\n")
        return False
    if st.duration is not None and st.duration > 0:
        par.bit_rate = sum(sizes) * 8 * sc.time_scale // st.duration
    return True


def _positions_mostly_single(chunk_offsets, counts, cum) -> array:
    """Sample positions when most chunks hold one sample: runs of such chunks give their
    offsets as they are; a chunk of k samples gives its offset and the k - 1 sums of sizes
    after it (counts total the samples)."""
    pos = array("q")
    sample = 0          # the first sample of chunk c
    done = 0            # chunks whose positions are in pos
    for c in compress(range(len(counts)), map((1).__ne__, counts)):
        pos.extend(chunk_offsets[done:c])
        sample += c - done
        k = counts[c]
        base = chunk_offsets[c] - cum[sample]
        pos.extend(map(base.__add__, cum[sample:sample + k]))
        sample += k
        done = c + 1
    pos.extend(chunk_offsets[done:])
    return pos


def _positions_one_or_two(chunk_offsets, counts, sizes) -> array:
    """Sample positions when every chunk holds one or two samples (counts total the
    samples): each chunk's offset, then for a two-sample chunk its offset plus the size of
    its first sample; the pairs are laid out as (first, second) and the seconds of the
    one-sample chunks dropped by a mask."""
    nchunks = len(counts)
    firsts = accumulate(counts, initial=0)          # (the last value is never used)
    seconds = map(add, chunk_offsets, map(sizes.__getitem__, firsts))
    keep = bytearray(2 * nchunks)
    keep[0::2] = b"\x01" * nchunks
    keep[1::2] = array("B", counts).tobytes().translate(_SECOND_OF_COUNT)
    return array("q", compress(chain.from_iterable(zip(chunk_offsets, seconds)), keep))


_SECOND_OF_COUNT = bytes(1 if v == 2 else 0 for v in range(256))


def _build_general(c, st, sc, chunk_offsets, current_dts, key_off) -> bool:
    par = st.codecpar
    chunk_count = len(chunk_offsets)
    stsc = sc.stsc
    nstsc = len(stsc)
    keyframes = sc.keyframes if sc.keyframes is not None else array("I")
    nkey = len(keyframes)
    stps = sc.stps if sc.stps is not None else array("I")
    nstps = len(stps)
    stts = sc.stts
    nstts = len(stts)
    stts_counts = stts.cols[0] if isinstance(stts, Table) else [e[0] for e in stts]
    stts_durs = stts.cols[1] if isinstance(stts, Table) else [e[1] for e in stts]
    psid = sc.pseudo_stream_id
    stts_index = stts_sample = stss_index = stps_index = stsc_index = 0
    current_sample = 0
    stream_size = 0
    rap = sc.rap_group
    rap_index = rap_sample = 0
    sizes = sc.sample_sizes
    ie_pos, ie_ts, ie_size, ie_flags = array("q"), array("q"), array("I"), array("B")
    is_video = par.codec_type == "video"
    is_audio = par.codec_type == "audio"
    sample_count = sc.sample_count
    stop = False
    for i in range(chunk_count):
        next_offset = chunk_offsets[i + 1] if i + 1 < chunk_count else INT64_MAX
        current_offset = chunk_offsets[i]
        while _stsc_samples_valid(stsc_index, nstsc) and i + 1 == stsc[stsc_index + 1][0]:
            stsc_index += 1
        per_chunk = stsc[stsc_index][1]
        if (next_offset > current_offset and sc.sample_size > 0 and sc.sample_size < sc.stsz_sample_size
                and per_chunk * sc.stsz_sample_size > next_offset - current_offset):
            c.log.warning("STSZ sample size %d invalid (too large), ignoring\n" % sc.stsz_sample_size)
            sc.stsz_sample_size = sc.sample_size
        if 0 < sc.stsz_sample_size < sc.sample_size:
            c.log.warning("STSZ sample size %d invalid (too small), ignoring\n" % sc.stsz_sample_size)
            sc.stsz_sample_size = sc.sample_size
        for j in range(per_chunk):
            if current_sample >= sample_count:
                c.log.error("wrong sample count\n")
                stop = True
                break
            keyframe = False
            if not sc.keyframe_absent and (not nkey or current_sample + key_off == keyframes[stss_index]):
                keyframe = True
                if stss_index + 1 < nkey:
                    stss_index += 1
            elif nstps and current_sample + key_off == stps[stps_index]:
                keyframe = True
                if stps_index + 1 < nstps:
                    stps_index += 1
            if rap and rap_index < len(rap):
                if rap[rap_index][1] > 0:
                    keyframe = True
                rap_sample += 1
                if rap_sample == rap[rap_index][0]:
                    rap_sample = 0
                    rap_index += 1
            if sc.keyframe_absent and not nstps and not rap and (is_audio or (i == 0 and j == 0)):
                keyframe = True
            ssize = sc.stsz_sample_size if sc.stsz_sample_size > 0 else sizes[current_sample]
            if current_offset > INT64_MAX - ssize:
                c.log.error("Current offset %d or sample size %d is too large\n" % (current_offset, ssize))
                stop = True
                break
            if psid == -1 or stsc[stsc_index][2] - 1 == psid:
                if ssize > 0x3FFFFFFF:
                    c.log.error("Sample size %d is too large\n" % ssize)
                    stop = True
                    break
                ie_pos.append(current_offset)
                ie_ts.append(current_dts)
                ie_size.append(ssize)
                ie_flags.append(KEY if keyframe else 0)
                if is_video and len(ie_pos) < 100:
                    sc.rfps_dts.append(current_dts)
            current_offset += ssize
            stream_size += ssize
            current_dts += stts_durs[stts_index] if nstts else 0
            stts_sample += 1
            current_sample += 1
            if stts_index + 1 < nstts and stts_sample == stts_counts[stts_index]:
                stts_sample = 0
                stts_index += 1
        if stop:
            break
    sc.ie_pos = ie_pos
    sc.ie_ts = ie_ts
    sc.ie_size = ie_size
    sc.ie_flags = ie_flags
    if stop:
        return False
    if st.duration is not None and st.duration > 0:
        par.bit_rate = stream_size * 8 * sc.time_scale // st.duration
    return True
