"""Sample index of a track (ISO/IEC 14496-12 clause 8.6 edit lists, 8.7 chunk/sample tables):
chunk offsets + stsc + stsz + stts + stss -> (pos, dts, size, flags) per sample, then edit
lists applied the way FFmpeg 5.1.9's mov_fix_index applies them (discarded samples, start
padding, empty edits), and the per-track checks done when a trak ends.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right

from ...errors import InvalidData
from ...model import Rational
from ...timebase import d2q, reduce, rescale
from .boxes import INT64_MAX

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
        if not multiple and par.codec_name == "aac" and start_time > 0:
            sc.start_pad = start_time
    chunk_offsets = sc.chunk_offsets if sc.chunk_offsets is not None else array("q")
    chunk_count = len(chunk_offsets)
    stsc = sc.stsc
    nstsc = len(stsc)
    raw_audio = par.codec_type == "audio" and len(sc.stts) == 1 and sc.stts[0][1] == 1
    if not raw_audio:
        if not sc.sample_count or len(sc.ie_pos):
            return
        current_dts = -sc.dts_shift
        key_off = int(bool((sc.keyframes is not None and len(sc.keyframes) and sc.keyframes[0] > 0)
                           or (sc.stps is not None and len(sc.stps) and sc.stps[0] > 0)))
        if ctts_old:
            per = array("q")
            total = sc.sample_count
            for cnt, dur in ctts_old:
                take = min(cnt, total - len(per))
                if take <= 0:
                    break
                per.extend([dur] * take)
            sc.ctts_per_sample = per
        keyframes = sc.keyframes if sc.keyframes is not None else array("I")
        nkey = len(keyframes)
        stps = sc.stps if sc.stps is not None else array("I")
        nstps = len(stps)
        stts = sc.stts
        nstts = len(stts)
        stts_index = 0
        stts_sample = 0
        stss_index = 0
        stps_index = 0
        stsc_index = 0
        current_sample = 0
        distance = 0
        stream_size = 0
        rap = sc.rap_group
        rap_index = 0
        rap_sample = 0
        sizes = sc.sample_sizes
        ie_pos, ie_ts, ie_size, ie_flags, ie_dist = [], [], [], [], []
        is_video = par.codec_type == "video"
        is_audio = par.codec_type == "audio"
        sample_count = sc.sample_count
        psid = sc.pseudo_stream_id
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
                if keyframe:
                    distance = 0
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
                    ie_dist.append(distance)
                    ie_flags.append(KEY if keyframe else 0)
                    if is_video and len(ie_pos) < 100:
                        sc.rfps_dts.append(current_dts)
                current_offset += ssize
                stream_size += ssize
                current_dts += stts[stts_index][1] if nstts else 0
                distance += 1
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
        sc.ie_dist = array("q", ie_dist)
        if stop:
            return
        if st.duration is not None and st.duration > 0:
            par.bit_rate = stream_size * 8 * sc.time_scale // st.duration
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
    old_pos, old_ts, old_size, old_flags, old_dist = sc.ie_pos, sc.ie_ts, sc.ie_size, sc.ie_flags, sc.ie_dist
    nb_old = len(old_pos)
    if not elst or nb_old <= 0:
        return
    par = st.codecpar
    is_audio = par.codec_type == "audio"
    ctts_old = sc.ctts_per_sample
    ctts_count_old = len(ctts_old) if ctts_old is not None else 0
    new_pos, new_ts, new_size, new_flags, new_dist = [], [], [], [], []
    new_ctts = [] if ctts_old is not None else None
    ranges: list[list[int]] = []
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
        num_discarded = 0
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
        while idx < nb_old:
            frame_duration = (old_ts[idx + 1] - old_ts[idx]) if idx + 1 < nb_old else dur
            flags = old_flags[idx]
            curr_cts = old_ts[idx] + sc.dts_shift
            curr_ctts = 0
            if ctts_old is not None and ctts_index < ctts_count_old:
                curr_ctts = ctts_old[ctts_index]
                curr_cts += curr_ctts
                new_ctts.append(curr_ctts)
                ctts_index += 1
            if curr_cts < mt or curr_cts >= dur + mt:
                if (is_audio and par.codec_name != "vorbis" and curr_cts < mt
                        and curr_cts + frame_duration > mt and first_audio_edit > 0):
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
                        num_discarded += 1
                        if frame_buf is None:
                            frame_buf = []
                        frame_buf.append(frame_duration)
                        if is_audio and first_audio_edit > 0 and par.codec_name != "vorbis":
                            skip_samples += frame_duration
            else:
                v = dts_counter + curr_ctts + sc.dts_shift
                sc.min_corrected_pts = v if sc.min_corrected_pts < 0 else min(sc.min_corrected_pts, v)
                if not start_encountered:
                    start_encountered = True
                    if frame_buf:
                        _fix_ts(new_ts, dts_counter, frame_buf)
                    frame_buf = None
            new_pos.append(old_pos[idx])
            new_ts.append(dts_counter)
            new_size.append(old_size[idx])
            new_flags.append(flags)
            new_dist.append(old_dist[idx])
            if not ranges or idx != ranges[-1][1]:
                ranges.append([idx, idx + 1])
            else:
                ranges[-1][1] = idx + 1
            if start_encountered:
                dts_counter += frame_duration
            idx += 1
            if curr_cts + frame_duration >= dur + mt and ((flags & KEY) or is_audio):
                if ctts_old is not None:
                    if not is_audio and not found_key_after:
                        found_key_after = True
                        continue
                break
    sc.min_corrected_pts -= empty_sum
    if par.codec_type == "video" and sc.min_corrected_pts > 0:
        m = sc.min_corrected_pts
        new_ts = [t - m for t in new_ts]
    st.start_time = empty_sum
    if st.duration is not None:
        st.duration = min(st.duration, edit_end - start_dts)
    sc.skip_samples = skip_samples
    sc.start_pad = skip_samples
    sc.ie_pos = array("q", new_pos)
    sc.ie_ts = array("q", new_ts)
    sc.ie_size = array("q", new_size)
    sc.ie_flags = array("B", new_flags)
    sc.ie_dist = array("q", new_dist)
    if new_ctts is not None:
        sc.ctts_per_sample = array("q", new_ctts)
    sc.index_ranges = [tuple(r) for r in ranges]


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
