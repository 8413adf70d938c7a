"""Edit-list application to a track's sample index (ISO/IEC 14496-12 clause 8.6.6 edit lists),
done the way FFmpeg 5.1.9's mov_fix_index does it: samples outside an edit are kept but
flagged discarded, leading empty edits become the start time, audio priming before the edit
becomes skip samples, and timestamps are rewritten to the edited timeline.

The index arrives as the columns built by index.py (position, dts, size, flags, per-sample
composition offsets); a lone non-empty edit is applied with whole-array passes (_fast_edit),
any other edit list with the reference's sample-by-sample loop.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import compress, count, islice, repeat
from operator import add, gt, le

from ...timebase import rescale
from .boxes import INT64_MAX

# index entry flag bits (the reference's AVINDEX_KEYFRAME and AVINDEX_DISCARD_FRAME)
KEY = 1
DISCARD = 2


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


def fix_index(c, st, sc, fast: bool = True, rising: bool = False) -> None:
    """mov_fix_index: rebuild the index so that it covers the edit list. `fast` allows the
    whole-array pass (_fast_edit) for a lone non-empty edit; off, every edit takes the
    sample-by-sample loop. `rising`: the caller knows the dts never decrease (index.py's,
    summed from unsigned stts durations), which _fast_edit would check otherwise."""
    elst = sc.elst
    old_pos, old_ts, old_size, old_flags = sc.ie_pos, sc.ie_ts, sc.ie_size, sc.ie_flags
    nb_old = len(old_pos)
    if not elst or nb_old <= 0:
        return
    par = st.codecpar
    is_audio = par.codec_type == "audio"
    ctts_old = sc.ctts_per_sample
    ctts_count_old = len(ctts_old) if ctts_old is not None else 0
    new_pos, new_ts, new_size, new_flags = array("q"), array("q"), array(old_size.typecode), array("B")
    new_ctts = array(ctts_old.typecode) if ctts_old is not None else None
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
    pending = 0             # added to every dts at the end
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
        if fast and elst_index_last(elst, e_dur, mt) and not new_pos:
            res = _fast_edit(old_ts, old_flags, ctts_old, idx, ctts_index, dur, mt, dts_counter,
                             dts_shift, is_audio, audio_skip, rising)
            if res is not None:
                end, offset, discard, skip_add, mcp2, cts_used = res
                if idx == 0 and end == nb_old:
                    # the whole index stays: reuse its columns rather than copy them (the
                    # dts offset is added at the end, with the video shift if there is one)
                    new_pos, new_size = old_pos, old_size
                    new_ts = old_ts
                    pending = offset
                    new_flags = discard
                    if new_ctts is not None:
                        new_ctts = cts_used
                else:
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
        pending -= sc.min_corrected_pts
    if pending:
        new_ts = array("q", map(add, new_ts, repeat(pending)))
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


def elst_index_last(elst, e_dur: int, mt: int) -> bool:
    """True when (e_dur, mt) is the only non-empty edit, after any leading empty edits."""
    rest = [e for e in elst if e[1] != -1] if elst and elst[0][1] == -1 else list(elst)
    lead = 0
    while lead < len(elst) and elst[lead][1] == -1:
        lead += 1
    return len(elst) - lead == 1 and elst[-1] == (e_dur, mt) and bool(rest)


def _fast_edit(ts, flags, ctts, idx, cidx, dur, mt, dts_counter, shift, is_audio, audio_skip,
               rising=False):
    """One edit of mov_fix_index over the whole remaining index (dts sorted), computed with
    whole-array passes: samples outside the edit are found by bulk compares, the place where
    the reference's loop stops by a binary search; None when an unusual case needs the
    sample-by-sample loop."""
    n = len(ts)
    if idx < 0 or idx >= n:
        return None
    if ctts is not None and cidx != idx:
        return None
    seg = ts if idx == 0 else ts[idx:]      # read only
    m = len(seg)
    if not rising and not all(map(le, seg, islice(seg, 1, None))):
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
