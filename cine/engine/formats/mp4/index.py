"""Sample index of a track (ISO/IEC 14496-12 clause 8.6 edit lists, 8.7 chunk/sample tables):
chunk offsets + stsc + stsz + stts + stss -> (pos, dts, size, flags) per sample, then edit
lists applied the way FFmpeg 5.1.9's mov_fix_index applies them (discarded samples, start
padding, empty edits), and the per-track checks done when a trak ends.
"""
from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import add, gt, le, lt, sub

from ...errors import InvalidData
from ...model import Rational
from ...timebase import d2q, reduce, rescale
from .boxes import INT64_MAX
from .stbl import Table

KEY = 1
DISCARD = 2
MAX_REORDER_DELAY = 16


def finish_track(c, st, sc) -> None:
    """The end of mov_read_trak: sanity checks, time base, index, derived stream fields."""
    chunk_count = len(sc.chunk_offsets) if sc.chunk_offsets is not None else 0
    if not chunk_count and not sc.stts and sc.stsc:
        sc.stsc = []
    if ((chunk_count and (not sc.stts or not sc.stsc or (not sc.sample_size and not sc.sample_count)))
            or (not chunk_count and sc.sample_count)):
        c.log.error("stream %d, missing mandatory atoms, broken header\n" % st.index)
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
        for i in range(chunk_count):
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
    return array("q", islice(chain.from_iterable(map(repeat, durs, cnts)), max(total, 0)))


def _set_index(sc, pos, ts, size) -> None:
    sc.ie_pos = array("q", pos)
    sc.ie_ts = array("q", ts)
    sc.ie_size = array("q", size)
    sc.ie_flags = array("B", [KEY] * len(pos))
    sc.ie_dist = array("q", [0] * len(pos))


def _search_timestamp(ts: array, flags: array, wanted: int, any_frame: bool) -> int:
    """av_index_search_timestamp(..., BACKWARD [| ANY]) over a sorted-ish timestamp array."""
    n = len(ts)
    a, b = -1, n
    if n and ts[n - 1] < wanted:
        a = n - 1
    else:
        while b - a > 1:
            m = (a + b) >> 1
            if ts[m] >= wanted:
                b = m
            if ts[m] <= wanted:
                a = m
    m = a
    if not any_frame:
        while 0 <= m < n and not flags[m] & KEY:
            m -= 1
    if m == n:
        return -1
    return m


def fix_index(c, st, sc) -> None:
    """mov_fix_index: rebuild the index so that it covers the edit list."""
    elst = sc.elst
    old_pos, old_ts, old_size, old_flags = sc.ie_pos, sc.ie_ts, sc.ie_size, sc.ie_flags
    nb_old = len(old_pos)
    if not elst or nb_old <= 0:
        return
    par = st.codecpar
    is_audio = par.codec_type == "audio"
    ctts_old = sc.ctts_per_sample
    ctts_count_old = len(ctts_old) if ctts_old is not None else 0
    new_pos, new_ts, new_size, new_flags = array("q"), array("q"), array("q"), array("B")
    new_ctts = array("q") if ctts_old is not None else None
    sc.min_corrected_pts = -1
    edit_end = 0
    if sc.dts_shift > 0:
        edit_end -= sc.dts_shift
    start_dts = edit_end
    empty_sum = 0
    found_non_empty = False
    first_audio_edit = -1
    skip_samples = sc.skip_samples
    frame_buf: list[int] | None = None
    for (e_dur, mt) in elst:
        if c.time_scale == 0:
            break
        dur = rescale(e_dur, sc.time_scale, c.time_scale)
        if ((dur + mt) & 0xFFFFFFFFFFFFFFFF) > INT64_MAX:
            dur = 0
        dts_counter = edit_end
        edit_end = min(edit_end + dur, INT64_MAX) if edit_end + dur > -(1 << 63) else -(1 << 63)
        if edit_end == INT64_MAX:
            c.log.error("Cannot calculate dts entry length with duration %d\n" % dur)
            break
        if not found_non_empty and mt == -1:
            empty_sum += dur
            continue
        found_non_empty = True
        if is_audio:
            first_audio_edit = 1 if first_audio_edit < 0 else 0
            if first_audio_edit > 0:
                skip_samples = sc.start_pad = 0
        search = mt
        if is_audio:
            search = max(search - sc.time_scale, old_ts[0])
        idx, cidx = _find_prev_closest(sc, old_ts, old_flags, ctts_old, search, False)
        if idx < 0:
            c.log.warning("st: %d edit list: %d Missing key frame while searching for timestamp: %d\n"
                          % (st.index, elst.index((e_dur, mt)) + 1, search))
            idx, cidx = _find_prev_closest(sc, old_ts, old_flags, ctts_old, search, True)
            if idx < 0:
                c.log.warning("st: %d edit list %d Cannot find an index entry before timestamp: %d.\n"
                              % (st.index, elst.index((e_dur, mt)) + 1, search))
                idx, cidx = 0, 0
        ctts_index = cidx
        start_encountered = False
        found_key_after = False
        end_mt = dur + mt
        audio_skip = is_audio and par.codec_name != "vorbis" and first_audio_edit > 0
        dts_shift = sc.dts_shift
        mcp = sc.min_corrected_pts
        if _FAST and elst_index_last(elst, e_dur, mt) and not new_pos:
            res = _fast_edit(old_ts, old_flags, ctts_old, idx, ctts_index, dur, mt, dts_counter,
                             dts_shift, is_audio, audio_skip)
            if res is not None:
                end, offset, discard, skip_add, mcp2, cts_used = res
                new_pos.extend(old_pos[idx:end])
                new_ts.extend(map(add, old_ts[idx:end], repeat(offset)))
                new_size.extend(old_size[idx:end])
                new_flags.extend(discard)
                if new_ctts is not None:
                    new_ctts.extend(cts_used)
                skip_samples += skip_add
                sc.min_corrected_pts = mcp2 if mcp < 0 else min(mcp, mcp2)
                continue
        while idx < nb_old:
            t0 = old_ts[idx]
            frame_duration = (old_ts[idx + 1] - t0) if idx + 1 < nb_old else dur
            flags = old_flags[idx]
            curr_cts = t0 + dts_shift
            curr_ctts = 0
            if ctts_index < ctts_count_old:
                curr_ctts = ctts_old[ctts_index]
                curr_cts += curr_ctts
                new_ctts.append(curr_ctts)
                ctts_index += 1
            if curr_cts < mt or curr_cts >= end_mt:
                if audio_skip and curr_cts < mt and curr_cts + frame_duration > mt:
                    pss = mt - curr_cts
                    skip_samples += pss
                    dts_counter -= pss
                    if not start_encountered:
                        start_encountered = True
                        if frame_buf:
                            _fix_ts(new_ts, dts_counter, frame_buf)
                        frame_buf = None
                else:
                    flags |= DISCARD
                    if not start_encountered:
                        if frame_buf is None:
                            frame_buf = []
                        frame_buf.append(frame_duration)
                        if audio_skip:
                            skip_samples += frame_duration
            else:
                v = dts_counter + curr_ctts + dts_shift
                mcp = v if mcp < 0 else (v if v < mcp else mcp)
                if not start_encountered:
                    start_encountered = True
                    if frame_buf:
                        _fix_ts(new_ts, dts_counter, frame_buf)
                    frame_buf = None
            new_pos.append(old_pos[idx])
            new_ts.append(dts_counter)
            new_size.append(old_size[idx])
            new_flags.append(flags)
            if start_encountered:
                dts_counter += frame_duration
            idx += 1
            if curr_cts + frame_duration >= end_mt and ((flags & KEY) or is_audio):
                if ctts_old is not None:
                    if not is_audio and not found_key_after:
                        found_key_after = True
                        continue
                break
        sc.min_corrected_pts = mcp
    sc.min_corrected_pts -= empty_sum
    if par.codec_type == "video" and sc.min_corrected_pts > 0:
        m = sc.min_corrected_pts
        new_ts = array("q", map(sub, new_ts, repeat(m)))
    st.start_time = empty_sum
    if st.duration is not None:
        st.duration = min(st.duration, edit_end - start_dts)
    sc.skip_samples = skip_samples
    sc.start_pad = skip_samples
    sc.ie_pos = new_pos
    sc.ie_ts = new_ts
    sc.ie_size = new_size
    sc.ie_flags = new_flags
    if new_ctts is not None:
        sc.ctts_per_sample = new_ctts


_FAST = not os.environ.get("CINE_MP4_SLOW_INDEX")


def elst_index_last(elst, e_dur: int, mt: int) -> bool:
    """True when (e_dur, mt) is the only non-empty edit, after any leading empty edits."""
    rest = [e for e in elst if e[1] != -1] if elst and elst[0][1] == -1 else list(elst)
    lead = 0
    while lead < len(elst) and elst[lead][1] == -1:
        lead += 1
    return len(elst) - lead == 1 and elst[-1] == (e_dur, mt) and bool(rest)


def _fast_edit(ts, flags, ctts, idx, cidx, dur, mt, dts_counter, shift, is_audio, audio_skip):
    """One edit of mov_fix_index over the whole remaining index (dts sorted), computed with
    whole-array passes: samples outside the edit are found by bulk compares, the place where
    the reference's loop stops by a binary search; None when an unusual case needs the
    sample-by-sample loop."""
    n = len(ts)
    if idx < 0 or idx >= n:
        return None
    if ctts is not None and cidx != idx:
        return None
    seg = ts[idx:]
    m = len(seg)
    if not all(map(le, seg, islice(seg, 1, None))):
        return None
    if ctts is not None:
        cseg = ctts[idx:]
        if len(cseg) < m:
            return None
        base = array("q", map(add, seg, cseg))  # cts without the dts shift
        cmin, cmax = min(cseg), max(cseg)
    else:
        cseg = None
        base = seg
        cmin = cmax = 0
    lo_t = mt - shift          # in the edit: lo_t <= base < hi_t
    hi_t = dur + mt - shift

    def fd(k):
        return seg[k + 1] - seg[k] if k + 1 < m else dur

    # the loop stops after the first (video with ctts: second) sample that reaches the edit's
    # end and is a key frame (any sample for audio); base[k] + fd(k) <= cmax + seg[k + 1]
    need = 2 if (cseg is not None and not is_audio) else 1
    end = m
    # seg is sorted and seg + cmin <= base <= seg + cmax: only samples before kl can start
    # before the edit, only samples from kh on can end after it
    kl = bisect_left(seg, lo_t - cmin)
    kh = bisect_left(seg, hi_t - cmax)
    for k in range(max(0, kh - 1), m):
        if base[k] + fd(k) >= hi_t and (is_audio or flags[idx + k] & KEY):
            need -= 1
            if not need:
                end = k + 1
                break
    a = min(kl, end)
    h = min(kh, end)
    b = max(a, h)
    lows = list(compress(count(), map(gt, repeat(lo_t), base[:a])))
    highs = list(compress(count(h), map(le, repeat(hi_t), base[h:end])))
    partial_at = -1
    if audio_skip:
        partial = [k for k in lows if base[k] + fd(k) > lo_t]
        if len(partial) > 1:
            return None
        if partial:
            partial_at = partial[0]
    out = set(lows)
    out.update(highs)
    first_in = next((k for k in range(end) if k not in out), -1)
    if first_in < 0 and partial_at < 0:
        return None
    if partial_at >= 0 and (first_in < 0 or partial_at < first_in):
        start = partial_at
    else:
        start = first_in
        if partial_at > start:
            return None
    pss = (lo_t - base[start]) if start == partial_at else 0
    offset = dts_counter - pss - seg[start]
    discard = flags[idx:idx + end]
    for k in out:
        if k != partial_at:
            discard[k] |= DISCARD
    skip_add = pss + ((seg[start] - seg[0]) if audio_skip else 0)
    if first_in >= 0:
        # the smallest in-edit cts: samples in [a, b) are all inside the edit
        vals = list(base[:a])
        vals.extend(base[b:end])
        for k in out:
            vals[k if k < a else a + k - b] = INT64_MAX
        if b > a:
            vals.append(min(base[a:b]))
        mcp = min(vals) + shift + offset
        if mcp < 0:
            # the reference folds with "a negative minimum is unset": only the loop has it
            return None
    else:
        mcp = -1
    return idx + end, offset, discard, skip_add, mcp, (cseg[:end] if cseg is not None else None)


def _fix_ts(new_ts: list, end_ts: int, frame_buf: list[int]) -> None:
    n = len(frame_buf)
    end_index = len(new_ts)
    for i in range(n):
        end_ts -= frame_buf[n - 1 - i]
        new_ts[end_index - 1 - i] = end_ts


def _find_prev_closest(sc, ts: array, flags: array, ctts, wanted: int, any_frame: bool):
    if sc.dts_shift > 0:
        wanted -= sc.dts_shift
    idx = _search_timestamp(ts, flags, wanted, any_frame)
    if idx >= 0:
        i = idx
        while i > 0 and ts[i] == ts[i - 1]:
            if any_frame or flags[i - 1] & KEY:
                idx = i - 1
            i -= 1
    cidx = 0
    if ctts is not None and idx >= 0:
        n = len(ctts)
        cidx = min(idx, n)
        while idx >= 0 and 0 <= cidx < n:
            if ts[idx] + ctts[cidx] <= wanted and flags[idx] & KEY:
                break
            idx -= 1
            cidx -= 1
    return idx, cidx


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
    ts = ts[:n]
    ctts = ctts[:n]
    step = min(map(sub, islice(ts, 1, None), ts))
    if step <= 0:
        return None
    spread = max(ctts) - min(ctts)
    lags = spread // step + 1
    if lags > 2 * MAX_REORDER_DELAY:  # also keeps every per-sample count below 256
        return None
    pts = list(map(add, ts, ctts))
    # one byte per sample counts the earlier pts above it; the byte strings are summed as big
    # integers (a count stays below 256, so no byte carries into the next)
    total = 0
    for lag in range(1, min(lags, n - 1) + 1):
        col = bytes(lag) + bytes(map(gt, pts, islice(pts, lag, None)))  # pts[i - lag] > pts[i]
        total += int.from_bytes(col, "big")
    return min(MAX_REORDER_DELAY, max(total.to_bytes(n, "big")))


def _sample_durations(stts, n: int) -> list[int]:
    """Per-sample stts durations with the reference's cursor rules (a zero-count entry, or
    the last entry, applies to every remaining sample)."""
    out: list[int] = []
    if not stts:
        return [0] * n
    last = len(stts) - 1
    for k, (cnt, dur) in enumerate(stts):
        left = n - len(out)
        if left <= 0:
            break
        if k == last or cnt == 0:
            out.extend(repeat(dur, left))
            break
        out.extend(repeat(dur, min(cnt, left)))
    return out


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
        counts = list(chain.from_iterable(map(repeat, per_chunk, lens)))
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
        sizes = array("q", [sc.stsz_sample_size]) * n
    else:
        sizes = sc.sample_sizes[:n]
    if n and max(sizes) > 0x3FFFFFFF:
        return _build_general(c, st, sc, chunk_offsets, current_dts, key_off)
    # sample k of chunk c sits at offset[c] + (cum[k] - cum[first sample of c])
    cum = list(accumulate(sizes, initial=0))
    starts = accumulate(counts, initial=0)
    if total > n:
        starts = map(min, starts, repeat(n))
    bases = list(map(sub, chunk_offsets, map(cum.__getitem__, starts)))
    pos = array("q", islice(map(add, chain.from_iterable(map(repeat, bases, counts)), cum), n))
    durs = _sample_durations(sc.stts, n)
    ts = array("q", accumulate(durs[:n - 1], initial=current_dts)) if n else array("q")
    sc.ie_pos = pos
    sc.ie_ts = ts
    sc.ie_size = sizes
    sc.ie_flags = array("B", _key_marks(sc, n, key_off))
    sc.ie_dist = array("q")
    if par.codec_type == "video":
        sc.rfps_dts.extend(ts[:99])
    if total > sample_count:
        c.log.error("wrong sample count\n")
        return False
    if st.duration is not None and st.duration > 0:
        par.bit_rate = sum(sizes) * 8 * sc.time_scale // st.duration
    return True


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
    psid = sc.pseudo_stream_id
    stts_index = stts_sample = stss_index = stps_index = stsc_index = 0
    current_sample = 0
    stream_size = 0
    rap = sc.rap_group
    rap_index = rap_sample = 0
    sizes = sc.sample_sizes
    ie_pos, ie_ts, ie_size, ie_flags = [], [], [], []
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
            current_dts += stts[stts_index][1] if nstts else 0
            stts_sample += 1
            current_sample += 1
            if stts_index + 1 < nstts and stts_sample == stts[stts_index][0]:
                stts_sample = 0
                stts_index += 1
        if stop:
            break
    sc.ie_pos = array("q", ie_pos)
    sc.ie_ts = array("q", ie_ts)
    sc.ie_size = array("q", ie_size)
    sc.ie_flags = array("B", ie_flags)
    sc.ie_dist = array("q")
    if stop:
        return False
    if st.duration is not None and st.duration > 0:
        par.bit_rate = stream_size * 8 * sc.time_scale // st.duration
    return True
