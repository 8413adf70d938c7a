"""H264Decoder: packets in, decoded pictures out, as libavcodec's h264 decoder delivers them for
the pictures cine decodes (I, P and B pictures, progressive; what a `-skip_frame` setting leaves out is skipped
the way the reference skips it, and pictures before the first IDR or recovery point are not
returned, as the reference does not output them).

A packet is one access unit (AVCC length-prefixed or Annex B). Its NAL units update the
parameter sets; its slices are parsed by the CAVLC or CABAC kernel, reconstructed, and when
the picture is complete deblocked, cropped and returned as a VideoFrame (yuv420p planes, or
yuvj420p for full-range streams; 4:0:0 pictures get neutral chroma as the reference's do).
Streams or slices cine cannot decode raise Unsupported naming the missing capability; the
frames decoded before that picture come with the error (its `frames`), and the decoder then
refuses every later packet.

Pictures that predict from pictures the decoder never saw (a seek into an open GOP, damage)
are handled as the reference handles them: frame_num gaps are filled (refs.py), and the
reference's log lines about them go to `log` ("co located POCs unavailable", "mmco: unref
short failure", "Missing reference picture, default is N", "reference picture missing during
reorder", ...), each from the context of the decoding thread the reference would use.
"""
from __future__ import annotations

from collections import deque
from math import gcd

from ...bitstream.bitreader import BitReader, unescape_rbsp
from ...errors import CineError, InvalidData, Unsupported
from ...frame import VideoFrame
from ...log import DEBUG, ERROR
from ..sei import sei_messages
from .avcc import parse_avcc
from .framing import decoder_split
from .picture_decode import PictureJob, SliceJob, decode_picture
from .ps_decode import DecodePPS, parse_decode_pps, rbsp_stop_bit
from .quant import level_scales
from .poc import PocState
from .refs import DecodedPictureBuffer
from .slice_decode import SLICE_B, SLICE_I, SLICE_P, parse_decode_slice_header
from .sps import parse_sps

# AVDiscard values, by the names -skip_frame takes
SKIP_LEVELS = {"none": -16, "default": 0, "noref": 8, "bidir": 16, "nointra": 24, "nokey": 32,
               "all": 48}
_NONREF, _BIDIR, _NONINTRA, _NONKEY, _ALL = 8, 16, 24, 32, 48
_INT_MIN = -(1 << 31)
_MAX_DELAYED = 16          # H264_MAX_DPB_FRAMES: the reorder depth guess's window
SEI_RECOVERY_POINT = 6
MAX_STASH = 1024         # unwanted packets kept for their reference pictures, at most
# a slice header is read from the unescaped first HEADER_BYTES bytes of its NAL unit (after
# the header byte); the whole unit is unescaped only for a slice that is decoded, or when
# its header reads past the prefix. The prefix's RBSP is a prefix of the whole one, so every
# field and check agrees (data missing after the header included: a 1 bit the prefix holds
# the whole unit holds); only stop_bit is then taken afresh from the whole RBSP. A skipped
# picture's slice (most of the packets under -skip_frame nokey) costs no copy of its data.
# At least 24, so that the prefix holds the 16 RBSP bytes _pps_id reads.
HEADER_BYTES = 96


class H264Decoder:
    """Decode H.264 packets of one stream. `extradata`: avcC or Annex B parameter sets (the
    codec parameters' extradata); `skip_frame`: the -skip_frame value ("default", "nokey",
    "nointra", ...); `time_base`: the stream's, carried onto the frames; `video_delay`: the
    codec parameters' (AVCodecContext.has_b_frames at open); `color_range`: the codec
    parameters' ("tv", "pc", None), the frames' where the SPS has no video signal type.

    Frames come out when the reference's decoder returns them: a picture waits in a queue of
    has_b_frames pictures (the larger of video_delay and the SPS's max_num_reorder_frames),
    flush() returns what is left. Each frame's pts is its best_effort_timestamp: its own
    packet's pts, unless those were found faulty, else the dts of the packet whose decode()
    call returned it (`pkt_dts`), as libavcodec guesses it. `threads` > 1 decodes that many
    pictures at once on worker threads (the kernels release the GIL): the frames and their
    timestamps are the same, but each comes out of decode() up to `threads` - 1 calls later."""

    def __init__(self, extradata: bytes = b"", skip_frame: str = "default", time_base=(1, 1),
                 is_avc: bool | None = None, nal_length_size: int | None = None,
                 video_delay: int = 0, threads: int = 1, color_range: str | None = None,
                 log=None) -> None:
        if skip_frame not in SKIP_LEVELS:
            raise InvalidData("unknown skip_frame value %r" % skip_frame)
        self.skip = SKIP_LEVELS[skip_frame]
        self.time_base = time_base
        self.sps: dict = {}
        self.pps: dict = {}
        self.bad_pps: dict = {}       # pps_id -> the Unsupported error its PPS raised
        self._scales: dict = {}
        self.pic: PictureJob | None = None
        self.threads = max(1, threads)
        self.color_range = color_range     # the codec parameters' ("tv", "pc" or None)
        self.failed: Unsupported | None = None
        # AVCodecContext.framerate as the SPS timing sets it ((num, den), None without)
        self.framerate: tuple[int, int] | None = None
        self._pool = None
        self.dpb: DecodedPictureBuffer | None = None   # reference pictures (not under nointra/nokey)
        self._poc = PocState()
        self._stash: deque = deque()      # unwanted packets that may hold references
        self._due_base = 0                # len(self._due) when the current packet started
        self._wanted = True
        self._epoch = 0
        self.has_b_frames = max(0, video_delay)
        self._delayed: deque = deque()    # pictures decoded, not yet due (delayed_pic)
        self._last_pocs = [_INT_MIN] * _MAX_DELAYED   # the reorder depth guess (last_pocs)
        self._next_poc = _INT_MIN          # next_outputed_poc
        # due pictures: (picture, pts, pkt_dts, future of its decode on a worker or None)
        self._due: deque = deque()
        # output state of the reference: frames are returned once "recovered"
        self.frame_recovered_idr = False
        self.frame_recovered_sei = False
        self.recovery_frame = -1
        self.valid_recovery_point = False
        # guess_correct_pts state (pts_correction_* of AVCodecContext)
        self._faulty_pts = self._faulty_dts = 0
        self._last_pts = self._last_dts = None
        # what went wrong while decoding (damaged input the reference would log and
        # conceal), the latest 256 messages: the caller reads and clears it
        self.errors: deque = deque(maxlen=256)
        # what the reference's decoder logs of them (`log`: an engine Logger): under frame
        # threading each packet is decoded by thread (packet number % frame_threads), whose
        # own context logs (the caller sets `frame_threads` and each packet's `log_context`);
        # a picture's reference marking is then done, and logged, by the next packet's thread
        self.log = log
        self.frame_threads = 1
        self.log_context = 0
        self._deferred: list = []          # marking messages the next packet's thread logs
        cfg = parse_avcc(extradata or b"")
        self.is_avc = cfg.is_avc if is_avc is None else is_avc
        # 0 without avcC, as in the reference (its per-packet framing guess needs 4)
        self.nal_length_size = nal_length_size or (cfg.nal_length_size if cfg.is_avc else 0)
        for nal in cfg.nals:
            self._parameter_set(nal)

    # -- parameter sets ------------------------------------------------------------------

    def _parameter_set(self, nal: bytes) -> None:
        kind = nal[0] & 0x1F
        try:
            if kind == 7:
                sps = parse_sps(nal)
                self.sps[sps.sps_id] = sps
            elif kind == 8:
                try:
                    pps = parse_decode_pps(nal, self.sps)
                except Unsupported as exc:
                    pps_id = BitReader(unescape_rbsp(nal[1:8])).ue()
                    self.bad_pps[pps_id] = exc
                    self.pps.pop(pps_id, None)
                    return
                self.pps[pps.pps_id] = pps
                self.bad_pps.pop(pps.pps_id, None)
        except CineError as exc:
            self.errors.append("parameter set: %s" % exc)

    def _level_scales(self, sps, pps: DecodePPS):
        key = (_hashable(sps.scaling_lists), _hashable(pps.scaling_lists))
        got = self._scales.get(key)
        if got is None:
            if len(self._scales) > 64:
                self._scales.clear()
            got = self._scales[key] = level_scales(sps.scaling_lists, pps.scaling_lists)
        return got

    # -- packets -------------------------------------------------------------------------

    @property
    def keeps_references(self) -> bool:
        """Whether inter pictures are decoded (then a picture nobody wants may still be a
        reference for one that is wanted: see decode(wanted=False))."""
        return self.skip < _NONINTRA

    def decode(self, packet: bytes, pts=None, dts=None, duration: int = 0,
               wanted: bool = True) -> list[VideoFrame]:
        """Decode one packet (one access unit; pts, dts and duration in the stream's time
        base); the frames that are due now (see the class docstring).

        wanted=False: the caller drops this packet's picture (a trimmed or unselected one).
        While inter pictures are decoded it may still be a reference: such packets are kept
        (from the last IDR picture on) and decoded, without output, before the next wanted
        packet that is not intra; a run that only wants intra pictures never decodes the
        others."""
        if self.failed is not None:
            self.failed.frames = []
            raise self.failed
        if not wanted:
            if self.keeps_references:
                if len(self._stash) >= MAX_STASH or self._has_idr(packet):
                    self._stash.clear()
                self._stash.append((packet, pts, dts, duration, self.log_context))
            self.packet_submitted(self.log_context)
            return []
        out = []
        if self._stash and self._intra_only(packet):
            # an intra picture predicts from nothing: the pictures before it are not decoded
            # (a later wanted P picture predicting from one of them is concealed there)
            self._stash.clear()
        ctx = self.log_context
        while self._stash:
            p, p_pts, p_dts, p_duration, p_ctx = self._stash.popleft()
            self._wanted = False
            self.log_context = p_ctx
            try:
                out += self._decode_packet(p, p_pts, p_dts, p_duration)
            finally:
                self._wanted = True
        self.log_context = ctx
        self.packet_submitted(ctx)
        return out + self._decode_packet(packet, pts, dts, duration)

    # -- log lines ---------------------------------------------------------------------------

    def _log(self, level: int, message: str, context: int | None = None) -> None:
        if self.log is None:
            return
        name = self.log.component
        if self.frame_threads > 1:
            # one context per decoding thread: lines of two threads never fold together
            name = "%s#%d" % (name, self.log_context if context is None else context)
        self.log.sink(name, level, message)

    def _marking_log(self, level: int, message: str) -> None:
        if self.frame_threads > 1:
            self._deferred.append((level, message))
        else:
            self._log(level, message)

    def packet_submitted(self, context: int) -> None:
        """A packet goes to the reference's decoding thread `context`: the marking of the
        picture decoded before it is logged there (ff_h264_update_thread_context)."""
        deferred, self._deferred = self._deferred, []
        for level, message in deferred:
            self._log(level, message, context)

    def _intra_only(self, packet: bytes) -> bool:
        """The packet's slices are all I (or SI) slices."""
        nals, _events, _ok = decoder_split(packet, self.is_avc, self.nal_length_size)
        for nal in nals:
            if nal and nal[0] & 0x1F in (1, 5):
                br = BitReader(unescape_rbsp(nal[1:16]))
                try:
                    br.ue()
                    if br.ue() % 5 not in (SLICE_I, 4):
                        return False
                except CineError:
                    return False
        return True

    def _has_idr(self, packet: bytes) -> bool:
        nals, _events, _ok = decoder_split(packet, self.is_avc, self.nal_length_size)
        return any(nal and nal[0] & 0x1F == 5 for nal in nals)

    def _decode_packet(self, packet: bytes, pts, dts, duration) -> list[VideoFrame]:
        if self._deferred:
            self.packet_submitted(self.log_context)
        n = len(packet)
        if self.nal_length_size == 4:
            # FFmpeg 5.1.9 re-guesses the framing of every packet when lengths are 4 bytes
            if n > 8 and packet[:4] == b"\x00\x00\x00\x01" and int.from_bytes(packet[5:9], "big") > n:
                self.is_avc = False
            elif n > 3 and 1 < int.from_bytes(packet[:4], "big") <= n:
                self.is_avc = True
        nals, events, _ok = decoder_split(packet, self.is_avc, self.nal_length_size)
        self.errors.extend(message.rstrip("\n") for _level, message in events)
        recovery = -1                 # recovery_frame_cnt of this packet's recovery point SEI
        due = self._due_base = len(self._due)
        try:
            for nal in nals:
                kind = nal[0] & 0x1F
                ref_idc = (nal[0] >> 5) & 3
                if self.skip >= _NONREF and ref_idc == 0 and kind != 6:
                    continue
                if kind in (7, 8):
                    self._parameter_set(nal)
                elif kind == 6:
                    recovery = _recovery_frame_cnt(nal, recovery)
                elif kind in (1, 5):
                    self._slice(nal, recovery, pts, dts, duration)
                elif kind in (2, 3, 4):
                    raise Unsupported("H.264 data partitioning")
                elif kind == 20:
                    continue                      # MVC/SVC extension slices: ignored
            if self.pic is not None:
                self._finish(dts)
        except Unsupported as exc:
            raise self._fail(exc) from None
        # the reference returns at most one frame a packet (h264_decode_frame's got_frame):
        # of the pictures this packet made due, the last one; the others are never decoded
        while len(self._due) > due + 1:
            future = self._due[due][3]
            del self._due[due]
            if future is not None:
                future.cancel()
        return self._collect(False)

    def _fail(self, exc: Unsupported) -> Unsupported:
        """A picture cine cannot decode ends the stream for this decoder: that picture is
        dropped, the pictures decoded before it come out as at the end of the stream (in
        `exc.frames`, for the caller to use before it reports the error), and every later
        call raises the same error."""
        failing, self.pic = self.pic, None
        if failing is not None:
            # the decoded pictures that come after the failing one in output order are not
            # output either (the reference would output the failing picture first)
            self._delayed = deque(p for p in self._delayed if p.epoch != failing.epoch
                                  or p.poc < failing.poc)
        exc.frames = self.flush()
        self.failed = exc
        return exc

    def flush(self) -> list[VideoFrame]:
        """The frames still held at the end of the stream, in output order."""
        self._due_base = 1 << 62          # every delayed picture comes out
        if self.pic is not None:
            try:
                self._finish(None)
            except Unsupported as exc:
                self.errors.append(str(exc))
        while self._delayed:
            out_idx = self._pick(self._delayed)
            out = self._delayed[out_idx]
            del self._delayed[out_idx]
            self._release(None, out)
        out = self._collect(True)
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        return out

    def _skipped(self, sh, recovery: int) -> bool:
        s = self.skip
        return ((s >= _NONREF and not sh.nal_ref_idc)
                or (s >= _BIDIR and sh.slice_type == SLICE_B)
                or (s >= _NONINTRA and sh.slice_type != SLICE_I)
                or (s >= _NONKEY and not sh.idr and recovery < 0)
                or s >= _ALL)

    def _slice(self, nal: bytes, recovery: int, pts, dts, duration) -> None:
        whole = len(nal) <= 1 + HEADER_BYTES
        rbsp = unescape_rbsp(nal[1:] if whole else nal[1:1 + HEADER_BYTES])
        pps_id = _pps_id(rbsp)
        if pps_id in self.bad_pps:
            raise self.bad_pps[pps_id]
        try:
            try:
                sh, sps, pps = parse_decode_slice_header(rbsp, nal[0], self.sps, self.pps)
            except InvalidData:
                if whole:
                    raise
                # read past the prefix, or damage: the whole unit gives the verdict
                whole = True
                rbsp = unescape_rbsp(nal[1:])
                sh, sps, pps = parse_decode_slice_header(rbsp, nal[0], self.sps, self.pps)
        except Unsupported:
            raise
        except InvalidData as exc:
            # the reference logs "decode_slice_header error" and drops the slice
            self.errors.append("%s; decode_slice_header error" % exc)
            return
        if sps.timing_info_present and sps.num_units_in_tick and sps.time_scale:
            # h264_init_ps: num_units_in_tick * ticks_per_frame (2) / time_scale, reduced
            g = gcd(sps.time_scale, 2 * sps.num_units_in_tick)
            self.framerate = (sps.time_scale // g, 2 * sps.num_units_in_tick // g)
        if sh.redundant_pic_cnt > 0:
            return                       # the reference ignores redundant coded pictures
        pic = self.pic
        if pic is not None and (sh.first_mb == 0 or sh.frame_num != pic.frame_num
                                or sps is not pic.sps):
            self._finish(dts)
            pic = None
        if pic is None:
            if self._skipped(sh, recovery):
                return
            pic = self.pic = PictureJob(sps, sh.frame_num, sh.idr or recovery == 0, pts, dts,
                                        duration, self.time_base)
            if self.skip < _NONINTRA:
                # P / B pictures may come: every picture is decoded in order into the pool
                if self.dpb is None or not self.dpb.fits(sps):
                    self.dpb = DecodedPictureBuffer(sps)
                pic.dpb = self.dpb
                if not sh.idr:
                    self._frame_num_gap(sh, sps)
                pic.cur = self.dpb.new_picture(sh.frame_num, self.errors)
                if self.dpb.refs:
                    pic.conceal = max(self.dpb.refs, key=lambda r: r.serial).slot
            pic.recovered = self._recovery(sh, sps, recovery)
            pic.wanted = self._wanted
            self._epoch += sh.idr
            pic.poc, pic.epoch = self._poc.count(sh, sps), self._epoch
            if pic.cur is not None:
                pic.cur.poc = pic.poc
            if sps.bitstream_restriction:
                self.has_b_frames = max(self.has_b_frames, sps.num_reorder_frames)
        if sh.slice_type not in (SLICE_I, SLICE_P, SLICE_B):
            raise Unsupported("H.264 SP/SI slices (only I, P and B pictures are decoded)")
        if len(pic.slices) >= sps.mb_width * sps.mb_height:
            return        # a slice for every macroblock already: more are never decoded, nor kept
        if not whole:
            rbsp = unescape_rbsp(nal[1:])
            sh.stop_bit = rbsp_stop_bit(rbsp)
        job = SliceJob(rbsp, sh, pps, self._level_scales(sps, pps))
        if sh.slice_type in (SLICE_P, SLICE_B):
            if pic.dpb is None:
                self.errors.append("%s slice without reference pictures"
                                   % ("P" if sh.slice_type == SLICE_P else "B"))
                return
            try:
                pic.dpb.missing = False
                if sh.slice_type == SLICE_P:
                    job.set_references((pic.dpb.list_p(sh, self._log), []), sh.pred_weight_table)
                else:
                    lists = pic.dpb.list_b(sh, pic.poc, self._log)
                    if lists[1] and lists[1][0].gap:
                        # ff_h264_direct_ref_list_init: the co-located picture has no POCs
                        self._log(ERROR, "co located POCs unavailable\n")
                    job.set_references(lists, sh.pred_weight_table,
                                       pic.poc, pps.weighted_bipred_idc,
                                       sh.direct_spatial_mv_pred, sps.direct_8x8_inference)
            except InvalidData as exc:
                # (ff_h264_build_ref_list failed: the reference drops the slice)
                self._log(ERROR, "decode_slice_header error\n")
                self.errors.append("%s; decode_slice_header error" % exc)
                pic.forget_pocs = pic.forget_pocs or pic.dpb.missing
                if pic.first_sh is None:
                    # the picture was started all the same (its POC, output and marking
                    # count, as in the reference, where h264_field_start came first)
                    pic.first_sh = sh
                return
            # a missing entry makes the reference forget its output order guess (after this
            # picture took its place in it)
            pic.forget_pocs = pic.forget_pocs or pic.dpb.missing
        if pic.first_sh is None:
            pic.first_sh = sh
        pic.slices.append(job)

    def _frame_num_gap(self, sh, sps) -> None:
        """h264_field_start's frame_num gap handling before a non-IDR picture: a gap longer
        than the DPB is shortened to ref_frame_count frames, each missing frame_num gets a
        frame (DecodedPictureBuffer.add_gap_frame), and the POC state's prev_frame_num
        follows."""
        max_frame_num = 1 << sps.log2_max_frame_num
        fn = sh.frame_num
        prev = self._poc.prev_frame_num
        if fn != prev:
            unwrapped = prev - max_frame_num if prev > fn else prev
            if fn - unwrapped > sps.ref_frame_count:
                prev = (fn - sps.ref_frame_count - 1) % max_frame_num
        recovered = self.frame_recovered_idr or self.frame_recovered_sei
        while fn != prev and fn != (prev + 1) % max_frame_num:
            self._log(DEBUG, "Frame num gap %d %d\n" % (fn, prev))
            if not sps.gaps_in_frame_num_allowed:
                self._last_pocs = [_INT_MIN] * _MAX_DELAYED
            prev = (prev + 1) % max_frame_num
            self.dpb.add_gap_frame(prev, not sps.gaps_in_frame_num_allowed, recovered,
                                   self._log)
        self._poc.prev_frame_num = prev

    def _recovery(self, sh, sps, recovery: int) -> bool:
        """Whether the picture starting is "recovered" (h264_field_start): an IDR, a picture
        reaching the frame_num a recovery point SEI announced, or any picture after those."""
        if recovery >= 0:
            mask = (1 << sps.log2_max_frame_num) - 1
            if sh.frame_num != recovery or sh.slice_type != SLICE_I:
                self.valid_recovery_point = True
            if self.recovery_frame < 0 or ((self.recovery_frame - sh.frame_num) & mask) > recovery:
                self.recovery_frame = (sh.frame_num + recovery) & mask
                if not self.valid_recovery_point:
                    self.recovery_frame = sh.frame_num
        recovered = False
        if sh.idr or (self.recovery_frame == sh.frame_num and sh.nal_ref_idc):
            self.recovery_frame = -1
            recovered = True
        if sh.idr:
            self.frame_recovered_idr = True
        return recovered or self.frame_recovered_idr or self.frame_recovered_sei

    def _finish(self, dts) -> None:
        """The current picture is complete: a picture in the decoded picture buffer is
        decoded now (later pictures predict from it) and, when a reference, marked (8.2.5);
        then it joins the delayed pictures, of which the one with the smallest POC is due
        once more than has_b_frames wait (`_select_output`)."""
        pic = self.pic
        self.pic = None
        sh = pic.first_sh
        mmco5 = sh is not None and sh.mmco is not None and any(op == 5 for op, _a, _b in sh.mmco)
        if sh is not None:
            self._poc.picture_done(sh, pic.sps, mmco5)
            self._epoch += mmco5
        if pic.dpb is not None:
            pic.frame = decode_picture(pic)
            self.errors.extend(pic.errors)
            pic.errors = []
            if sh is not None and sh.nal_ref_idc:
                if pic.dpb.mark(sh, pic.cur, self.errors, self._marking_log):
                    self._intra_recovery(pic)
        self._select_output(pic, sh, mmco5, dts)
        if pic.forget_pocs:
            self._last_pocs = [_INT_MIN] * _MAX_DELAYED

    def _intra_recovery(self, pic) -> None:
        """The reference's heuristic after marking an I picture: with no long-term reference,
        few short-term ones (or one-entry default lists) and a one-entry default list 0, the
        picture counts as recovered (and so do the later ones when nothing is reordered)."""
        if not pic.slices or pic.slices[-1].sh.slice_type != SLICE_I:
            return
        refs = pic.dpb.refs
        r0, r1 = pic.slices[-1].pps.num_ref_idx_default
        if (not any(r.long_term for r in refs) and (len(refs) <= 2 or (r0 <= 1 and r1 <= 1))
                and r0 <= 1):
            pic.recovered = True
            if not self.has_b_frames:
                self.frame_recovered_sei = True

    def _select_output(self, pic, sh, mmco5: bool, dts) -> None:
        """h264_select_output_frame: the reorder depth guessed from the POCs (streams without
        bitstream_restriction), then the delayed picture with the smallest POC before the
        next key / reset picture is due once more than has_b_frames wait."""
        if sh is not None and (sh.idr or mmco5):
            self._last_pocs = [_INT_MIN] * _MAX_DELAYED
        pic.reset = mmco5
        last = self._last_pocs
        i = 0
        while True:
            if i == _MAX_DELAYED or pic.poc < last[i]:
                if i:
                    last[i - 1] = pic.poc
                break
            if i:
                last[i - 1] = last[i]
            i += 1
        out_of_order = _MAX_DELAYED - i
        if ((sh is not None and sh.slice_type == SLICE_B)
                or (last[-2] > _INT_MIN and last[-1] - last[-2] > 2)):
            out_of_order = max(out_of_order, 1)
        if out_of_order == _MAX_DELAYED:
            self._last_pocs = [pic.poc] + [_INT_MIN] * (_MAX_DELAYED - 1)
            pic.reset = True
        elif self.has_b_frames < out_of_order and not pic.sps.bitstream_restriction:
            self.has_b_frames = out_of_order
        delayed = self._delayed
        delayed.append(pic)
        pics = len(delayed)
        out_idx = self._pick(delayed)
        out = delayed[out_idx]
        if self.has_b_frames == 0 and (delayed[0].key or delayed[0].reset):
            self._next_poc = _INT_MIN
        late = out.poc < self._next_poc
        if late or pics > self.has_b_frames:
            del delayed[out_idx]
        if not late and pics > self.has_b_frames:
            if out_idx == 0 and delayed and (delayed[0].key or delayed[0].reset):
                self._next_poc = _INT_MIN
            else:
                self._next_poc = out.poc
            self._release(dts, out)

    @staticmethod
    def _pick(delayed) -> int:
        """The index of the delayed picture to output next: the smallest POC up to the next
        key or reset picture."""
        out_idx = 0
        for i in range(1, len(delayed)):
            if delayed[i].key or delayed[i].reset:
                break
            if delayed[i].poc < delayed[out_idx].poc:
                out_idx = i
        return out_idx

    def _release(self, pkt_dts, pic) -> None:
        """Delayed picture `pic` is due, returned by the decode() call of a packet with dts
        pkt_dts (None: flushing). One not recovered is dropped (never decoded)."""
        if pic.recovered:
            self.frame_recovered_sei = True
        elif self.frame_recovered_sei:
            pic.recovered = True
        else:
            return
        if not pic.wanted:
            return
        if len(self._due) > self._due_base and self._due[-1][3] is None:
            # of the pictures one packet makes due only the last is returned (see decode):
            # an earlier one already decoded is let go now
            self._due.pop()
        future = None
        if self.threads > 1 and pic.frame is None:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="h264")
            future = self._pool.submit(decode_picture, pic)
        self._due.append((pic, self._best_effort(pic.pts, pkt_dts), pkt_dts, future))

    def _best_effort(self, pts, dts):
        """libavcodec's guess_correct_pts(frame pts, pkt_dts)."""
        if dts is not None:
            self._faulty_dts += self._last_dts is not None and dts <= self._last_dts
            self._last_dts = dts
        elif pts is not None:
            self._last_dts = pts
        if pts is not None:
            self._faulty_pts += self._last_pts is not None and pts <= self._last_pts
            self._last_pts = pts
        elif dts is not None:
            self._last_pts = dts
        if pts is not None and (self._faulty_pts <= self._faulty_dts or dts is None):
            return pts
        return dts

    def _collect(self, everything: bool) -> list[VideoFrame]:
        """The frames of the due pictures: all of them with one thread (or `everything`:
        flushing), else all but the newest threads - 1, which keep decoding on the workers."""
        keep = 0 if everything or self.threads == 1 else self.threads - 1
        out = []
        while len(self._due) > keep:
            pic, pts, pkt_dts, future = self._due.popleft()
            if pic.frame is not None:
                frame = pic.frame
            else:
                frame = decode_picture(pic) if future is None else future.result()
            self.errors.extend(pic.errors)
            frame.pts, frame.pkt_dts = pts, pkt_dts
            self._set_range(frame, pic.sps)
            out.append(frame)
        return out

    def _set_range(self, frame: VideoFrame, sps) -> None:
        """The frame's color_range as the reference's: the SPS's video signal type when it
        has one, else the codec parameters' (None: unspecified); full range is yuvj420p."""
        if sps.video_signal_type_present:
            frame.color_range = "pc" if sps.full_range > 0 else "tv"
        else:
            frame.color_range = self.color_range
        if frame.color_range == "pc" and frame.pix_fmt == "yuv420p":
            frame.pix_fmt = "yuvj420p"


def _recovery_frame_cnt(nal: bytes, current: int) -> int:
    """recovery_frame_cnt of a recovery point SEI in this SEI NAL unit, else `current`."""
    try:
        for ptype, payload in sei_messages(nal[1:]):
            if ptype == SEI_RECOVERY_POINT:
                cnt = BitReader(payload).ue()
                if cnt < 1 << 16:          # MAX_LOG2_MAX_FRAME_NUM: larger ones are refused
                    current = cnt
    except CineError:
        pass
    return current


def _hashable(lists):
    """A scaling-list set (None, or per list None / "default" / values) as a dict key."""
    return None if lists is None else tuple(lists)


def _pps_id(rbsp: bytes) -> int:
    """pic_parameter_set_id of a slice header (third ue(v)); -1 when unreadable."""
    br = BitReader(rbsp[:16])
    try:
        br.ue()
        br.ue()
        return br.ue()
    except CineError:
        return -1
