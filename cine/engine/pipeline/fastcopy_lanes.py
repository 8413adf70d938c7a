"""The input side of the stream-copy fast loop (fastcopy.py): one Lane per stream of an MP4
input, with what the mov demuxer, av_read_frame and ffmpeg's process_input would do to each of
its remaining samples reduced to per-stream constants, and the checks (on the index columns,
before anything is written) that those constants hold for every remaining sample.

FFmpeg 5.1.9 behaviour reproduced here for the steady state only: the sample order of
mov_find_next_sample, the packet fields mov_read_packet sets (pts from the ctts column, the
duration from the next sample when there is no ctts), the H.264 parser's key flag
(AVSTREAM_PARSE_HEADERS) and its frame duration, and the input timestamp offset. A stream the
lane cannot describe makes the whole run take the generic path (copy.py).
"""
from __future__ import annotations

from array import array
from itertools import islice
from operator import lt, sub

from ..model import AV_TIME_BASE_Q, PKT_FLAG_KEY
from ..timebase import ROUND_DOWN, rescale_q, rescale_rnd

INT32_MAX = (1 << 31) - 1
_KEY_OF_IEF = bytes((v & 1) for v in range(256))       # index entry flags -> PKT_FLAG_KEY
WITH_KEY = bytes((v | 1) for v in range(256))          # packet flags | PKT_FLAG_KEY
_DISCARD_OF_IEF = bytes((v & 2) for v in range(256))   # index entry flags -> discard bit
DTS_ERROR_US = 3600 * 30 * 1000000       # copy.DTS_ERROR_THRESHOLD in microseconds
_TS_FAST = 1 << 40


class NotEligible(Exception):
    """The remaining samples need the generic path (the reason is for tests and debugging)."""


class Lane:
    """One input stream: its index columns from the current sample on, and the constants of
    the packets it gives out."""

    __slots__ = ("st", "sc", "ist", "index", "discarded", "cur", "n", "pos", "ts", "size",
                 "ief", "us", "ctts", "ci", "shift", "sdtp", "last_dur_end", "off", "outs",
                 "key_mode", "kp", "vdur", "intra_only", "nb", "bytes", "fr", "nal_len", "base",
                 "steps")

    def __init__(self, st, ist):
        self.st = st
        self.sc = st.priv
        self.ist = ist
        self.index = st.index
        self.outs = []
        self.nb = 0
        self.bytes = 0
        self.key_mode = None
        self.kp = None
        self.vdur = None
        self.intra_only = False
        self.fr = None
        self.nal_len = 4
        self.base = 0
        self.us = None
        self.steps = None       # (cur, the dts steps from cur on): _check_columns

    def make_us(self) -> None:
        """The sample times in microseconds that mov_find_next_sample compares, from the
        current sample on."""
        tsc = self.sc.time_scale
        h = tsc >> 1
        ts = self.ts
        self.base = self.cur
        self.us = us = array("q", [(t * 1000000 + h) // tsc for t in ts[self.cur:self.cur + 4096]])
        for k in range(self.cur + 4096, self.n, 65536):
            us.extend([(t * 1000000 + h) // tsc for t in ts[k:k + 65536]])

    def trim(self) -> None:
        """Drop the index entries already read (the demuxer's own columns, in place): nothing
        reads them again in a run without seeks, and the muxer's tables grow meanwhile."""
        k = self.cur
        if k <= 0:
            return
        sc = self.sc
        for col in (self.pos, self.ts, self.size, self.ief):
            del col[:k]
        if self.us is not None:
            del self.us[:k - self.base]      # (base <= cur: us starts where it was made)
        self.base = 0
        if self.sdtp is not None:
            self.sdtp = sc.sdtp = bytes(self.sdtp[k:])
        if self.ctts is not None and self.ci:
            del self.ctts[:self.ci]
            self.ci = 0
            sc.ctts_index = 0
        self.cur = 0
        self.n -= k
        sc.current_sample = 0

    def index_flags(self, i0: int, i1: int) -> bytearray:
        """The packet flags mov_read_packet gives samples i0..i1-1: key from the index,
        disposable from sdtp (the H.264 parser's verdict and intra-only codecs come after)."""
        flags = bytearray(self.ief[i0:i1].tobytes().translate(_KEY_OF_IEF))
        sdtp = self.sdtp
        if sdtp is not None and i0 < len(sdtp):
            for j, v in enumerate(sdtp[i0:i1]):
                if ((v >> 2) & 3) == 2:
                    flags[j] |= 0x0010                  # AV_PKT_FLAG_DISPOSABLE
        return flags

    def next_durations(self, i0: int, i1: int):
        """The durations mov_read_packet gives samples without a composition offset: to the
        next sample's dts, the last one to the stream's duration."""
        ts = self.ts
        nxt = ts[i0 + 1:i1]
        nxt.append(ts[i1] if i1 < self.n else self.st.duration)
        return array("q", map(sub, nxt, ts[i0:i1]))

    def refresh_duration(self) -> None:
        """The parser may have met a new SPS: its frame rate decides the duration."""
        _video_duration(self)


def build_lanes(demuxer, remux_file, frames, file_size: int) -> list:
    """Lanes of every stream mov_find_next_sample looks at, in stream order. Raises
    NotEligible."""
    c = demuxer.c
    if c.next_root_atom or getattr(c, "trex", None) or getattr(c, "frag_items", None):
        raise NotEligible("fragmented input")
    lanes = []
    candidates = list(demuxer._candidates())
    # (the merge of several copied streams looks at their dts steps: kept for it)
    several = sum(not (sc.discard_all or st.discard_all) for st, sc in candidates) > 1
    for st, sc in candidates:
        ist = remux_file.streams[st.index]
        lane = Lane(st, ist)
        lane.discarded = bool(sc.discard_all or st.discard_all)
        if not lane.discarded and not ist.used:
            raise NotEligible("stream read but not copied")
        if getattr(sc, "cenc", None) is not None and not lane.discarded:
            raise NotEligible("encrypted samples")
        lane.cur = sc.current_sample
        lane.n = len(sc.ie_pos)
        lane.pos = sc.ie_pos
        lane.ts = sc.ie_ts
        lane.size = sc.ie_size
        lane.ief = sc.ie_flags
        ctts = sc.ctts_per_sample
        if ctts is not None and sc.ctts_index < len(ctts):
            lane.ctts = ctts
            lane.ci = sc.ctts_index
            if len(ctts) - lane.ci < lane.n - lane.cur:
                raise NotEligible("ctts shorter than the index")
        else:
            lane.ctts = None
            lane.ci = 0
        lane.shift = sc.dts_shift
        lane.sdtp = sc.sdtp
        tsc = sc.time_scale
        if tsc <= 0:
            raise NotEligible("time scale")
        lane.us = None          # make_us(), when the per-sample loop needs the order
        if not lane.discarded:
            _describe(lane, frames, remux_file, file_size, several)
        lanes.append(lane)
    if sum(not lane.discarded for lane in lanes) != 1:
        # the samples of the streams are ordered by their times (make_us), those of the
        # streams nothing copies too (a copied stream's rise: _check_columns looks at its
        # first and last; with one stream copied the others are never looked at)
        for lane in lanes:
            ts = lane.ts
            if lane.discarded and lane.cur < lane.n \
                    and (min(ts[lane.cur:]) < 0 or max(ts[lane.cur:]) >= _TS_FAST):
                raise NotEligible("timestamps out of the fast range")
    return lanes


def _describe(lane: Lane, frames, f, file_size: int, steps: bool = False) -> None:
    """The read_frame work on this stream's packets as constants (frames: the input's
    readframe.FrameReader)."""
    st, sc = lane.st, lane.sc
    par = st.codecpar
    ctype = par.codec_type
    if ctype not in ("video", "audio"):
        raise NotEligible("stream type")
    if getattr(sc, "complete_frames", False) or getattr(sc, "parse_headers", False) \
            or getattr(sc, "split_audio", False) or frames is None or frames.split:
        raise NotEligible("parser")
    need = getattr(sc, "need_parsing", 0)
    name = par.codec_name
    if ctype == "video":
        if need == 2 and name == "h264":
            lane.key_mode = "h264"
            lane.kp = frames._key_parser(st)
            if lane.kp.is_avc:
                lane.nal_len = lane.kp.nal_length_size
        elif need:
            raise NotEligible("video parser")
    elif need:
        raise NotEligible("audio parser")
    if lane.ctts is not None and ctype == "audio":
        raise NotEligible("audio composition offsets")
    s = frames.states.get(st.index)
    if s is None or s.first_dts is None or s.skip_samples or s.start_skip_samples \
            or s.first_discard_sample or s.dts_misordered:
        raise NotEligible("read_frame state")
    last = s.last_dts_for_order_check
    if ctype == "video" and last is not None and lane.cur < lane.n and last > lane.ts[lane.cur]:
        raise NotEligible("dts order check")
    lane.intra_only = s.intra_only or ctype == "data"
    lane.fr = frames
    tb = st.time_base
    if lane.ctts is not None:
        _video_duration(lane)
    # the input timestamp offset (process_input) in the stream's time base
    lane.off = rescale_q(f.ts_offset, AV_TIME_BASE_Q, tb) if f.ts_offset else 0
    _check_columns(lane, file_size, steps)


def _video_duration(lane: Lane) -> None:
    """compute_pkt_fields' duration of a video packet the demuxer gives none (mov: every one
    with a composition offset): the H.264 parser's frame rate, else the stream's."""
    from ..readframe import frame_duration
    st = lane.st
    tb = st.time_base
    got = lane.fr._parsed_h264_duration(st) if lane.key_mode else None
    num, den = got or frame_duration(st, None)
    d = rescale_rnd(1, num * tb.den, den * tb.num, ROUND_DOWN) if num and den and tb.num \
        and tb.den else 0
    if d <= 0:
        raise NotEligible("no frame duration")
    lane.vdur = d


def _check_columns(lane: Lane, file_size: int, steps: bool = False) -> None:
    """The conditions under which every remaining packet passes process_input, read_frame
    and do_streamcopy untouched apart from the constants (checked on whole columns)."""
    cur, n = lane.cur, lane.n
    if cur >= n:
        return
    ts = lane.ts[cur:]
    if steps:
        # (kept for fastcopy_merge: its gap and order checks)
        d = array("q", map(sub, islice(ts, 1, None), ts))
        if len(d) and min(d) <= 0:
            raise NotEligible("dts not strictly increasing")
        lane.steps = (cur, d)
    elif not all(map(lt, ts, islice(ts, 1, None))):
        raise NotEligible("dts not strictly increasing")
    if ts[0] < 0 or ts[-1] >= _TS_FAST:
        raise NotEligible("timestamps out of the fast range")
    top = 0
    if lane.ctts is not None:
        ct = lane.ctts[lane.ci:lane.ci + (n - cur)]
        if min(ct) + lane.shift < 0:
            raise NotEligible("pts before dts")
        top = max(ct) + lane.shift
        if top > INT32_MAX:
            raise NotEligible("composition offset range")
    else:
        # mov_read_packet: the last sample lasts until the stream's duration
        end = lane.st.duration
        if end is None or end <= ts[-1]:
            raise NotEligible("last sample without a duration")
    if lane.ief[cur:n].tobytes().translate(_DISCARD_OF_IEF).find(2) >= 0:
        raise NotEligible("discarded samples")
    pos = lane.pos[cur:n]
    size = lane.size[cur:n]
    if min(pos) < 0 or (max(pos) + max(size) > file_size
                        and max(map(int.__add__, pos, size)) > file_size):
        raise NotEligible("samples outside the file")
    # process_input's DTS error threshold (30 hours) cannot trigger inside this span
    lo = rescale_q(ts[0] + lane.off, lane.st.time_base, AV_TIME_BASE_Q)
    hi = rescale_q(ts[-1] + lane.off + top, lane.st.time_base, AV_TIME_BASE_Q)
    nxt = lane.ist.next_dts
    if hi - lo > DTS_ERROR_US // 2 or nxt is None or abs(nxt - lo) > DTS_ERROR_US // 4:
        raise NotEligible("timestamp span")


def key_h264(lane: Lane, data: bytes):
    """The H.264 parser's key flag where it is plain from the framing: an IDR first slice is
    key; a non-IDR first slice whose access unit brings no SEI or parameter set is not, when
    no SPS/PPS pair of the stream lets an I slice count as key. None: ask the parser (which
    also logs what it finds wrong)."""
    kp = lane.kp
    L = lane.nal_len
    if kp.is_avc and L == 4 and not kp.single_ref_possible():
        n = len(data)
        p = 0
        while p < n - 4:
            size = int.from_bytes(data[p:p + 4], "big")
            p += 4
            if size <= 0 or size > n - p or size >= 0x80000000:
                break
            t = data[p] & 0x1F
            if t == 5:
                return PKT_FLAG_KEY
            if t == 1:
                return 0
            if t != 9 or size > 2:     # (an access unit delimiter holds no start code)
                break
            p += size
    return None

