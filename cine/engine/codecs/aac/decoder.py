"""The AAC Main, LC and LTP decoder (FFmpeg 5.1.9's native `aac` decoder behaviour, sample_fmt
fltp).

Packets are raw_data_blocks (MP4/Matroska, with the AudioSpecificConfig as extradata) or
whole ADTS frames (ADTS and MPEG-TS streams: the header is parsed per packet and configures
the channels). Each packet gives one frame of 1024 samples per channel, the first one
included (it is the overlap of silence with the first block: the container's priming
trim, MP4 edit lists or skip side data, is the pipeline's business).

Parsing runs in raw_block_jit (stopping for what Python handles: a program_config_element,
a channel configuration switch; AAC Main's prediction runs there too, prediction_jit),
synthesis in synthesis_jit (ltp_jit for AAC LTP, whose prediction works on the output). A
damaged packet logs the reference's line and raises InvalidData (the pipeline reports
"Error while decoding stream"); the overlap state is kept, as the reference keeps it, for
the next packet, and so are the predictors' states.

HE-AAC: SBR (the sbr package) is applied as the reference applies it, explicit in the
AudioSpecificConfig or implicit (an SBR extension payload in a FIL element while the
configuration is not locked: the first frame with audio of an MP4 stream, or any ADTS frame
that restarts the configuration); the output then has twice the core's rate and 2048
samples per frame, and an implicitly signalled mono stream becomes stereo (HE-AACv2:
parametric stereo, from the ps package, or the mono signal on both channels without PS
data). Other object types than Main, LC, SSR (decoded as LC, as the reference does) and
LTP (ER, LD/ELD) and 960-sample frames raise Unsupported.
"""
from __future__ import annotations

import numpy as np

from ...bitstream.bitreader import BitReader
from ...errors import AVERROR_PATCHWELCOME, CineError, InvalidData, Unsupported
from ...frame import AudioFrame
from ..missing import log_unsupported, missing_feature, SAMPLE_REQUEST
from . import asc as A
from . import numeric_tables as T
from . import raw_block_jit as R
from . import spectral_jit as S
from .channels import OC_GLOBAL_HDR, OC_LOCKED, OC_NONE, OC_TRIAL_FRAME, OC_TRIAL_PCE, \
    ChannelState, OutputConfig, band_tables, configure

OVERREAD = "Input buffer exhausted before END element found\n"
_MESSAGES = {
    S.E_MAX_SFB: "Number of scalefactor bands in group (%d) exceeds limit (%d).\n",
    S.E_PREDICTION: "Prediction is not allowed in AAC-LC.\n",
    S.E_BAND_TYPE: "invalid band type\n",
    S.E_BAND_OVERREAD: "decode_band_types: " + OVERREAD,
    S.E_NUM_BANDS: "Number of bands (%d) exceeds limit (%d).\n",
    S.E_SCALEFACTOR: "Scalefactor (%d) out of range.\n",
    S.E_PULSE_SHORT: "Pulse tool not allowed in eight short sequence.\n",
    S.E_PULSE: "Pulse data corrupt or invalid.\n",
    S.E_TNS_ORDER: "TNS filter order %d is greater than maximum %d.\n",
    S.E_ESCAPE: "error in spectral data, ESC overflow\n",
    S.E_PRED_RESET: "Invalid Predictor Reset Group.\n",
    R.E_OVERREAD: OVERREAD,
    R.E_MS_RESERVED: "ms_present = 3 is reserved.\n",
    R.E_DUPLICATE: "channel element %d.%d duplicate\n",
    R.E_NOT_ALLOCATED: "channel element %d.%d is not allocated\n",
    R.E_FIL_OVERREAD: "TYPE_FIL: " + OVERREAD,
    R.E_DSE_OVERREAD: "skip_data_stream_element: " + OVERREAD,
}
_ARGS = {S.E_MAX_SFB: 2, S.E_NUM_BANDS: 2, S.E_SCALEFACTOR: 1, S.E_TNS_ORDER: 2,
         R.E_DUPLICATE: 2, R.E_NOT_ALLOCATED: 2}
_SAMPLE_RATES = A.SAMPLE_RATES
# (SSR decodes as LC does: the reference reads an SSR stream's ics_info as LC's, a predictor
# flag as LTP's syntax, and fails only a frame with gain control data, as cine's kernel does)
_DECODED = (A.AOT_AAC_MAIN, A.AOT_AAC_LC, A.AOT_AAC_SSR, A.AOT_AAC_LTP)
_ADTS_SAMPLE_RATE = -0x3030C0A      # AAC_AC3_PARSE_ERROR_SAMPLE_RATE
_ADTS_FRAME_SIZE = -0x4030C0A       # AAC_AC3_PARSE_ERROR_FRAME_SIZE
_CLIP = "If you heard an audible artifact, there may be a bug in the decoder. "


def _raw_block(data) -> bool:
    """Whether a packet is bytes starting with a raw_data_block (the decoder reads an ADTS
    header where the first 12 bits are all set), as decode_plain_batch takes it."""
    return type(data) is bytes and len(data) >= 2 and not (data[0] == 0xFF and data[1] >= 0xF0)


def _dual_sce(oc) -> int:
    """The kernel's dual_sce flag: the configuration is a pair of SCEs."""
    lm = oc.layout_map
    return 1 if len(lm) == 2 and lm[0][0] == A.SCE and lm[1][0] == A.SCE else 0


class AacDecoder:
    sample_fmt = "fltp"

    def __init__(self, codecpar, log) -> None:
        self.log = log
        self.state = ChannelState()
        # set to 1024 by a decode() whose packet carries a libfaac fill signature (None
        # otherwise): the reference's decode layer then drops 1024 samples from that frame on
        self.new_skip_samples: int | None = None
        self.pending_error: CineError | None = None
        self.warned = set()
        extradata = bytes(codecpar.extradata or b"")
        if extradata:
            cfg = A.decoder_config(extradata)
            status = OC_GLOBAL_HDR
        else:
            cfg = A.config_from_channels(codecpar.sample_rate or 0, codecpar.channels or 0)
            status = OC_TRIAL_FRAME
        for level, message in cfg.logs:
            self.log.log(level, message)
        m4ac = cfg.m4ac
        self.object_type = m4ac.object_type or A.AOT_AAC_LC
        self.sbr = m4ac.sbr
        self.ps = m4ac.ps
        self.ext_sample_rate = m4ac.ext_sample_rate if m4ac.sbr == 1 else 0
        self.profile = None
        # the decode layer's multiplier of "Skip Samples" side data: 2 once a frame comes
        # out at twice the core's rate (aac_decode_frame_int sets it)
        self.skip_samples_multiplier = 1
        self.sbr_ctx: dict = {}     # element -> (its allocation count, sbr.context.SbrContext)
        self.sbr_out = None         # (SLOTS, 2048) float32: SBR output rows (_sbr_arrays)
        self.sbr_scratch = None
        self.sample_rate = m4ac.sample_rate or codecpar.sample_rate or 0
        self.sampling_index = m4ac.sampling_index
        self._check_supported(m4ac.frame_length_short)
        self.oc = OutputConfig(chan_config=m4ac.chan_config)
        self.prev_oc = OutputConfig()
        self.prev_sbr_ps = (self.sbr, self.ps)
        if cfg.layout_map:
            configure(self.state, self.oc, cfg.layout_map, status, self.ps)
        self._set_bands()
        self.info = np.zeros(R.INFO_SIZE, np.int64)
        self.info[S.I_RANDOM] = 0x1f2e3d4c
        self.frame_state = np.zeros(R.FRAME_SIZE, np.int32)
        self.st = np.zeros(3, np.int64)
        self.pulse = np.zeros(9, np.int32)
        # the synthesis' work buffers: buf 1024, temp 128, zr 512, zi 512, lpc 32 values
        self.scratch = np.zeros(R.SCRATCH_SIZE, np.float32)
        self.buf = self.scratch[:1024]
        self.temp = self.scratch[1024:1152]
        self.zr = self.scratch[1152:1664]
        self.zi = self.scratch[1664:2176]
        self.lpc = self.scratch[2176:]
        self.ltp = None         # AAC LTP's kernel and scratch (_ltp_tools), made on first use
        self._args = None       # the kernels' arguments but the packet (_kernel_args)
        self._kept = None       # (packet, status): a kernel run decode_plain_batch gave up on
        self._slots = None      # (oc.slots, the same as an array) for decode_frames
        self._stop = np.zeros(1, np.int64)

    # -- configuration --------------------------------------------------------------------
    def _check_supported(self, frame_length_short: int) -> None:
        if self.object_type not in _DECODED:
            raise Unsupported("AAC object type %d" % self.object_type)
        if frame_length_short:
            raise Unsupported("AAC 960-sample frames")

    def _set_bands(self) -> None:
        if not 0 <= self.sampling_index <= 12:
            raise InvalidData("invalid sampling rate index %d\n" % self.sampling_index)
        self.swb_long, self.swb_short, self.bands = band_tables(self.sampling_index)

    def _push(self) -> None:
        """push_output_configuration (the configuration's sbr/ps flags with it: the
        reference's OutputConfiguration holds its MPEG4AudioConfig)."""
        if self.oc.status == OC_LOCKED or self.prev_oc.status == OC_NONE:
            self.prev_oc = self.oc.copy()
            self.prev_sbr_ps = (self.sbr, self.ps)
        self.oc.status = OC_NONE

    def _pop(self) -> None:
        """pop_output_configuration: a frame that failed undoes its trial configuration."""
        if self.oc.status != OC_LOCKED and self.prev_oc.status != OC_NONE:
            self.oc = self.prev_oc.copy()
            self.sbr, self.ps = self.prev_sbr_ps
            configure(self.state, self.oc, self.oc.layout_map, self.oc.status, self.ps)

    def _adts_header(self, data: bytes) -> int:
        """parse_adts_frame_header: the header's size in bits, configuring the channels."""
        # (a packet shorter than the header is read through the zero padding after it)
        br = BitReader(data + bytes(7) if len(data) < 9 else data)
        br.skip(12 + 1 + 2)
        crc_absent = br.u(1)
        aot = br.u(2) + 1
        sr = br.u(4)
        br.skip(1)
        chan_config = br.u(3)
        br.skip(4)
        size = br.u(13)
        br.skip(11)
        rdb = br.u(2)
        if not _SAMPLE_RATES[sr]:
            raise CineError("ADTS sampling index", code=_ADTS_SAMPLE_RATE)
        if size < 7:
            raise CineError("ADTS frame size", code=_ADTS_FRAME_SIZE)
        if rdb and "rdb" not in self.warned:
            self.warned.add("rdb")
            self.log.warning(missing_feature("More than one AAC RDB per ADTS frame")[0])
        self._push()
        if chan_config:
            self.oc.chan_config = chan_config
            layout = A.default_channel_map(chan_config)
            configure(self.state, self.oc, layout, max(self.oc.status, OC_TRIAL_FRAME),
                      self.ps)
        else:
            self.oc.chan_config = 0
        prev = self.prev_oc
        if prev.status != OC_LOCKED or prev.chan_config != chan_config or \
                self.sample_rate != _SAMPLE_RATES[sr]:
            self.sbr = -1
            self.ps = -1
        self.sample_rate = _SAMPLE_RATES[sr]
        self.object_type = aot
        if sr != self.sampling_index:
            self.sampling_index = sr
            self._set_bands()
        self._check_supported(0)
        return 56 + (0 if crc_absent else 16)

    # -- packets --------------------------------------------------------------------------
    def decode(self, data: bytes, pts=None, dts=None, duration=None) -> list[AudioFrame]:
        """One packet. Bytes left after the raw_data_block's END that are not all zero are
        decoded again as a further frame without timestamps (libavcodec's decode layer does
        that, warning once); an error there leaves the frames already made, with the error
        in `pending_error` for the caller to report after them."""
        data = bytes(data)
        self.new_skip_samples = None
        self.pending_error = None
        frames: list[AudioFrame] = []
        offset = 0
        while offset < len(data):
            try:
                consumed, frame = self._decode_block(data[offset:], pts if offset == 0 else None)
            except CineError as exc:
                # (any failure of a further frame, a PCE's "patches welcome" included; a
                # tool cine lacks still stops the run)
                if not offset or isinstance(exc, Unsupported):
                    raise
                self.pending_error = exc
                break
            frames.extend(frame)
            offset += consumed
            if not any(data[offset:]):
                break
            if "multi" not in self.warned:
                self.warned.add("multi")
                self.log.warning("Multiple frames in a packet.\n")
        return frames

    def plain_samples(self, data: bytes):
        """(1024, rate) for a packet decode_plain_batch may take: one raw_data_block (no
        ADTS header) of the locked configuration, AAC-LC/Main without SBR; None for any
        other."""
        oc = self.oc
        if (not _raw_block(data) or self.sbr > 0 or oc.status != OC_LOCKED or not oc.channels
                or self.object_type == A.AOT_AAC_LTP):
            return None
        return 1024, self.sample_rate

    def decode_plain_batch(self, datas: list):
        """Decode packets in a row while each is plain (see plain_samples) and decodes
        whole, as one frame, with nothing to log: (how many, their samples as one
        (channels, samples) float32 array, the layout). The kernel's status for the packet
        it stopped at, if it ran, is kept for the decode() of that packet that must follow
        (_decode_block resumes from it)."""
        self._kept = None
        self.new_skip_samples = None
        self.pending_error = None
        oc = self.oc
        if self.plain_samples(datas[0]) is None:
            return 0, None, None
        m = 0
        for data in datas:
            if not _raw_block(data):
                break
            m += 1
        offsets = np.zeros(m + 1, np.int64)
        np.cumsum([len(d) for d in datas[:m]], out=offsets[1:])
        slots = self._slots
        if slots is None or slots[0] != oc.slots:
            slots = self._slots = (list(oc.slots), np.array(oc.slots, np.int64))
        outs = np.empty((len(slots[1]), m * 1024), np.float32)
        stop = self._stop
        count = R.decode_frames(np.frombuffer(bytearray(b"".join(datas[:m])), np.uint8),
                                offsets, *self._kernel_args(), slots[1], outs, oc.chan_config,
                                self.sbr, oc.channels, _dual_sce(oc), self.object_type,
                                self.state.allocated, stop)
        if count < m and stop[0] != R.NOT_DECODED:
            self._kept = (datas[count], int(stop[0]))
        if not count:
            return 0, None, None
        return count, outs[:, :count * 1024], oc.layout

    def _decode_block(self, data: bytes, pts) -> tuple[int, list[AudioFrame]]:
        """One raw_data_block (after an ADTS header if there is one): the bytes it used and
        its frame, if it makes one."""
        start = 0
        if len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF0 == 0xF0:
            try:
                start = self._adts_header(data)
            except CineError as exc:
                if isinstance(exc, Unsupported):
                    raise
                self.log.error("Error decoding AAC frame header.\n")
                self._pop()
                # (the header parser's own code: its av_strerror is "Error number N occurred")
                raise CineError("Error decoding AAC frame header.\n",
                                code=exc.code if exc.code is not None else -1094995529) \
                    from None
        buf = np.frombuffer(bytearray(data), np.uint8)
        info = self.info
        synth = 0 if self.object_type == A.AOT_AAC_LTP else 1
        args = self._kernel_args()
        pce_found = False
        resume = 0
        kept, self._kept = self._kept, None
        while True:
            oc = self.oc
            if kept is not None and not resume and kept[0] == data:
                status = kept[1]        # (decode_plain_batch ran the kernel on this packet)
            else:
                status = R.decode_frame(
                    buf, *args, start, 8 * len(data), oc.chan_config, self.sbr,
                    1 if oc.status == OC_LOCKED else 0, oc.channels, _dual_sce(oc),
                    self.object_type, resume, synth)
            resume = 1
            if status == R.S_PCE:
                try:
                    pce_found = self._pce(data, int(info[S.I_POS]), start, pce_found)
                except CineError as exc:
                    if exc.code == AVERROR_PATCHWELCOME:
                        log_unsupported(self.log, exc)
                    self._pop()             # (the frame's fail: label)
                    raise
                continue
            if status == R.S_RECONFIG:
                self._reconfigure(int(info[S.I_ARG0]))
                continue
            if status == R.S_SBR:
                self._log_flags()
                info[S.I_FLAGS] = 0
                if self._sbr_extension(data):
                    continue
                status = R.E_OVERREAD
            break
        self._log_flags()
        if status == R.S_CCE:
            raise Unsupported("AAC coupling channel element")
        if status:
            self._fail(status)
        consumed = (int(info[S.I_POS]) + 7) >> 3
        if not self.oc.channels:
            return consumed, []
        audio = self.frame_state[R.FR_AUDIO]
        if not synth:
            cs = self.state
            kernel, *scratch = self._ltp_tools()
            kernel(cs.present, cs.width, cs.ics, cs.coef, cs.saved, cs.out, cs.tns_n, cs.tns_p,
                   cs.tns_c, self.swb_long, self.swb_short, T.WINDOWS, T.TCOS_LONG, T.TSIN_LONG,
                   T.TCOS_SHORT, T.TSIN_SHORT, T.FFT_PLAN_LONG, T.FFT_PLAN_SHORT,
                   T.FFT_ORDER_LONG, T.FFT_ORDER_SHORT, T.FFT_COS, T.FFT_COS_AT, self.buf,
                   self.temp, self.zr, self.zi, self.lpc, cs.history, T.TCOS_LTP, T.TSIN_LTP,
                   T.FFT_ORDER_FORWARD, T.LTP_COEFS, *scratch)
        rate = self.sample_rate
        out = self.state.out
        if self.sbr > 0:
            out = self._apply_sbr()
        else:
            self._log_missing(None)
        if self.sbr > 0:
            if self.sbr == 1 and self.ext_sample_rate > self.sample_rate:
                rate <<= 1
                self.skip_samples_multiplier = 2
            else:                           # downsampled SBR: 1024 samples at the core rate
                out = out[:, :1024]
        if self.oc.status and audio:
            self.oc.status = OC_LOCKED
        if not audio:
            return consumed, []
        data_out = out.take(self.oc.slots, axis=0)
        return consumed, [AudioFrame(data_out, self.sample_fmt, rate, self.oc.layout,
                                     pts=pts)]

    # -- SBR ------------------------------------------------------------------------------
    def _sbr_extension(self, data: bytes) -> bool:
        """An SBR payload the reference reads (raw_block_jit stopped at it): the signalling
        decided, the payload parsed into the element's SBR state, the parse resumed after
        it; False when too few bits are left after it."""
        from .sbr.bits import SbrReader
        from .sbr.context import SbrContext
        from .sbr.data import decode_extension
        info = self.info
        frame = self.frame_state
        pos = int(self.st[0])
        cnt = int(info[S.I_ARG0])
        crc = int(info[S.I_ARG1]) == 14
        slot = int(frame[R.FR_CHE_PREV])
        etype = int(frame[R.FR_CHE_PREV_TYPE])
        if self.ps == -1 and self.oc.status < OC_LOCKED and self.oc.channels == 1:
            self.sbr = 1
            self.ps = 1
            self.profile = 28
            configure(self.state, self.oc, self.oc.layout_map, self.oc.status, self.ps)
        else:
            self.sbr = 1
            self.profile = 4
        if not self.ext_sample_rate:
            self.ext_sample_rate = 2 * self.sample_rate
        ctx = self._sbr_context(slot // 2, SbrContext)
        br = SbrReader(data, pos)
        decode_extension(ctx, br, crc, cnt, etype, self.sample_rate, self)
        self.st[0] = pos + 8 * cnt - 4
        return self.st[1] - self.st[0] >= 3

    def _sbr_context(self, c: int, factory):
        """Element c's SBR state: made with the element (ff_aac_sbr_ctx_init), made again
        when the element is allocated again (the reference frees an element a configuration
        leaves out, its SBR with it)."""
        alloc = self.state.allocations[c]
        held = self.sbr_ctx.get(c)
        if held is None or held[0] != alloc:
            held = self.sbr_ctx[c] = (alloc, factory(c // 16))
        return held[1]

    def _apply_sbr(self) -> np.ndarray:
        """ff_sbr_apply for every element the frame decoded, in the reference's order
        (LFE, CCE, CPE, SCE; by id): the rows of the (SLOTS, 2048) output."""
        from .sbr.apply import Scratch, apply
        from .sbr.context import SbrContext
        if self.sbr_out is None:
            self.sbr_out = np.zeros((self.state.out.shape[0], 2048), np.float32)
            self.sbr_scratch = Scratch()
        def each(c):
            ctx = self._sbr_context(c, SbrContext)
            apply(self, ctx, c // 16, 2 * c, self.state.out, self.sbr_out, self.sbr_scratch)
        self._log_missing(each)
        return self.sbr_out

    def _log_missing(self, each) -> None:
        """spectral_to_sample's walk over the allocated elements (LFE, CCE, CPE, SCE; by
        id): `each(c)` for those the frame decoded (when given), the reference's verbose
        line for the others."""
        present = self.frame_state[R.FR_PRESENT:R.FR_PRESENT + 64]
        if each is None and np.count_nonzero(present) == self.state.allocated:
            return                  # (every allocated element decoded: the usual frame)
        allocated = self.state.width
        for etype in (3, 2, 1, 0):
            for eid in range(16):
                c = etype * 16 + eid
                if present[c]:
                    if each is not None:
                        each(c)
                elif allocated[c]:
                    self.log.verbose("ChannelElement %d.%d missing \n" % (etype, eid))

    def flush(self) -> list[AudioFrame]:
        return []

    def _kernel_args(self) -> tuple:
        """decode_frame's arguments after the packet and before the scalars: the decoder's
        arrays, which live as long as it does but for the band tables (_set_bands), so
        gathered once per band tables instead of once per frame."""
        memo = self._args
        if memo is not None and memo[0] is self.swb_long and memo[1] is self.swb_short \
                and memo[2] is self.bands:
            return memo[3]
        cs = self.state
        args = (self.st, cs.maps, cs.present, self.frame_state, cs.ics, cs.coef,
                cs.band_type, cs.run_end, cs.sf, cs.ms_mask, cs.tns_n, cs.tns_p, cs.tns_c,
                self.swb_long, self.swb_short, self.bands, self.pulse, cs.pred, self.info,
                cs.width, cs.saved, cs.out, self.scratch)
        self._args = (self.swb_long, self.swb_short, self.bands, args)
        return args

    def _ltp_tools(self):
        """(synthesize_ltp, its scratch arrays): imported when an LTP frame first needs it."""
        if self.ltp is None:
            from .ltp_jit import synthesize_ltp
            self.ltp = (synthesize_ltp, np.zeros(2048, np.float32), np.zeros(1024, np.float32),
                        np.zeros(32, np.float32))
        return self.ltp

    def _pce(self, data: bytes, pos: int, align_ref: int, found: bool) -> bool:
        """A program_config_element inside the frame: a trial configuration (only the
        first one of a frame counts)."""
        br = BitReader(data)
        br.skip(pos)
        logs: list[tuple[int, str]] = []
        pushed_ok = self.oc.status == OC_LOCKED or self.prev_oc.status == OC_NONE
        self._push()
        if found and not pushed_ok:
            raise InvalidData("dubious PCE")
        m4ac = A.Mpeg4AudioConfig(sampling_index=self.sampling_index)
        try:
            layout = A.decode_pce(br, m4ac, align_ref, logs)
        except InvalidData as exc:
            self.log.error(exc.detail)
            raise
        for _level, message in logs:
            self.log.warning(message)
        if found:
            self.log.error("Not evaluating a further program_config_element as this "
                           "construct is dubious at best.\n")
            self._pop()
        else:
            configure(self.state, self.oc, layout, OC_TRIAL_PCE, self.ps)
            self.oc.chan_config = 0
        self.st[0] = br.pos
        if self.st[1] - self.st[0] < 3:
            self.log.error(OVERREAD)
            raise InvalidData(OVERREAD)
        return True

    def _reconfigure(self, kind: int) -> None:
        """get_che's switches: mono signalled but a CPE came (kind 0), or stereo signalled
        but an SCE came (kind 1)."""
        self._push()
        if kind == 0:
            self.log.debug("mono with CPE\n")
            configure(self.state, self.oc, A.default_channel_map(2), OC_TRIAL_FRAME, self.ps)
            self.oc.chan_config = 2
        else:
            self.log.debug("stereo with SCE\n")
            configure(self.state, self.oc, [(A.SCE, 0, A.POS_FRONT), (A.SCE, 1, A.POS_FRONT)],
                      OC_TRIAL_FRAME)

    def _log_flags(self) -> None:
        flags = int(self.info[S.I_FLAGS])
        if not flags:
            return
        if flags & S.F_RESERVED_BIT:
            self.log.error("Reserved bit set.\n")
        if flags & R.F_DUPLICATE:
            self.log.debug("channel element %d.%d duplicate\n"
                           % (self.info[S.I_ARG0], self.info[S.I_ARG1]))
        if flags & (R.F_REMAP_LFE | R.F_REMAP_SCE) and "remap" not in self.warned:
            self.warned.add("remap")
            kind = "SCE" if self.info[R.I_REMAP_TYPE] == A.SCE else "LFE"
            target = "LFE[0]" if flags & R.F_REMAP_LFE else "SCE[1]"
            self.log.warning("This stream seems to incorrectly report its last channel as "
                             "%s[%d], mapping to %s\n" % (kind, self.info[R.I_REMAP_ID], target))
        if flags & S.F_GAIN_CONTROL and "gain" not in self.warned:
            self.warned.add("gain")
            self.log.warning(missing_feature("Gain control")[0])
        if flags & S.F_CLIP_IS:
            self.log.warning(_CLIP + "Clipped intensity stereo position\n")
            self.log.warning(SAMPLE_REQUEST)
        if flags & S.F_CLIP_NOISE:
            self.log.warning(_CLIP + "Clipped noise gain\n")
            self.log.warning(SAMPLE_REQUEST)
        if flags & R.F_SBR_BEFORE_CHE:
            self.log.error("SBR was found before the first channel element.\n")
        if flags & R.F_SBR_NOT_PRESENT:
            self.log.error("SBR signaled to be not-present but was found in the bitstream.\n")
        if flags & R.F_SBR_LATE:
            self.log.error("Implicit SBR was found with a first occurrence after the first "
                           "frame.\n")
        if flags & R.F_LIBFAAC:
            self.new_skip_samples = 1024

    def _fail(self, status: int) -> None:
        message = _MESSAGES.get(status)
        if message is not None:
            n = _ARGS.get(status, 0)
            if n:
                message = message % tuple(int(v) for v in self.info[S.I_ARG0:S.I_ARG0 + n])
            self.log.error(message)
        self._pop()
        raise InvalidData(message or "invalid AAC frame")
