"""AC-3 / E-AC-3 frame validation (ATSC A/52 5.3.2 bsi and 5.4.3 audblk; Annex E E.1.2 for
E-AC-3): every audio block parsed as the reference's decoder parses it, with its checks and
error lines, mantissas skipped by the sizes the bit allocation (bitalloc.py) gives them.

FFmpeg 5.1.9: when an audio block fails to parse, the frame is still output (concealed), but
the decoder leaves sample_rate and bit_rate alone; find_stream_info decodes no other frame,
so the stream shows no bit rate. Not modelled: blocks after an AHT (adaptive hybrid
transform) channel's bit allocation, assumed to decode; a dependent frame starts from a
zeroed state rather than the independent frame's.
"""
from __future__ import annotations

from ..missing import missing_feature
from . import bitalloc as BA
from . import bitalloc_tables as BT
from ...log import ERROR, WARNING

OK, BLOCK_ERROR, SKIPPED, FAILED = "ok", "block_error", "skipped", "failed"

EXP_REUSE, EXP_D15, EXP_D25, EXP_D45 = 0, 1, 2, 3
DBA_REUSE, DBA_NEW, DBA_NONE, DBA_RESERVED = 0, 1, 2, 3
CPL_CH = 0
# E-AC-3 frame exponent strategy combinations (Annex E table E.2.14): frmchexpstr -> 6 blocks
FRAME_EXP_STRATEGIES = tuple(tuple(int(c) for c in row) for row in (
    "100000", "100003", "100020", "100033", "200200", "200203", "200320", "200333",
    "201000", "202003", "202020", "202033", "203200", "203203", "203320", "203333",
    "310000", "310003", "320020", "320033", "320200", "320203", "320320", "320333",
    "331000", "332003", "332020", "332033", "333200", "333203", "333320", "333333"))
# default band structures (A/52 table 7.24 and E.2.x): 1 = subband merged into the previous
DEFAULT_CPL_BANDS = (0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1)
DEFAULT_SPX_BANDS = (0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
CHANNELS = (2, 1, 2, 3, 3, 4, 4, 5)                          # full-bandwidth, by acmod
SAMPLE_RATES = (48000, 44100, 32000)
FRAME_BUFFER_SIZE = 32768                                    # the decoder's input copy
# bits of one mantissa by bit allocation pointer 3, 5 .. 15 (1, 2 and 4 are grouped)
MANT_BITS = (0, 0, 0, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16)


class _Bits:
    """MSB-first reader that reads zero bits past the end (the decoder's padded buffer)."""

    __slots__ = ("buf", "nbytes", "pos")

    def __init__(self, data: bytes):
        self.buf = bytes(data) + bytes(8)
        self.nbytes = len(data)
        self.pos = 0

    def u(self, n: int) -> int:
        """n <= 32 bits."""
        p = self.pos
        self.pos = p + n
        b = p >> 3
        if b >= self.nbytes:
            return 0
        v = int.from_bytes(self.buf[b:b + 5], "big")
        return (v >> (40 - (p & 7) - n)) & ((1 << n) - 1)

    def skip(self, n: int) -> None:
        self.pos += n


class _Failed(Exception):
    def __init__(self, status: str):
        self.status = status


class FrameCheck:
    __slots__ = ("status", "logs")

    def __init__(self):
        self.status = OK
        self.logs: list[tuple[int, str]] = []

    def error(self, msg: str) -> None:
        self.logs.append((ERROR, msg))

    def sample(self, what: str) -> None:
        for line in missing_feature(what, sample=True):
            self.logs.append((WARNING, line))


# find_stream_info runs the analyzers more than once on the same first packet
_RESULTS: dict[tuple, tuple[FrameCheck, bool]] = {}
_RESULTS_MAX = 32


def check_frame(data: bytes, hdr, state: dict | None = None) -> FrameCheck:
    """Validate one frame (data starts at its sync word and runs to the end of the packet;
    hdr is its header.Ac3Header). state carries decoder-wide facts between calls."""
    state = {} if state is None else state
    buf = bytes(data[:FRAME_BUFFER_SIZE])
    key = (buf, hdr.bsid, hdr.frame_type, hdr.substream_id, hdr.acmod, hdr.lfe,
           hdr.num_blocks, hdr.sample_rate, hdr.frame_size,
           bool(state.get("substream_reported")))
    hit = _RESULTS.get(key)
    if hit is None:
        res = _check(buf, hdr, state)
        if len(_RESULTS) >= _RESULTS_MAX:
            _RESULTS.clear()
        hit = _RESULTS[key] = (res, bool(state.get("substream_reported")))
    elif hit[1]:
        state["substream_reported"] = True
    out = FrameCheck()
    out.status = hit[0].status
    out.logs = list(hit[0].logs)
    return out


def _check(buf: bytes, hdr, state: dict) -> FrameCheck:
    res = FrameCheck()
    br = _Bits(buf)
    try:
        if hdr.is_eac3:
            ctx = _eac3_bsi(br, hdr, res, state)
        else:
            ctx = _ac3_bsi(br, hdr)
        for blk in range(hdr.num_blocks):
            ok = _block(br, ctx, blk, res)
            if ok is None:
                break                                         # not modelled further
            if not ok:
                res.error("error decoding the audio block\n")
                res.status = BLOCK_ERROR
                break
    except _Failed as f:
        res.status = f.status
    return res


class _Ctx:
    """The decoder state one frame's blocks read and update (zeroed, as on a first frame)."""

    def __init__(self, hdr):
        self.eac3 = hdr.is_eac3
        self.acmod = hdr.acmod
        self.lfe = hdr.lfe
        self.fbw = CHANNELS[hdr.acmod]
        self.channels = self.fbw + hdr.lfe
        self.lfe_ch = self.fbw + 1 if hdr.lfe else -1
        self.frame_type = hdr.frame_type
        self.num_blocks = hdr.num_blocks
        if hdr.is_eac3 and hdr.sample_rate not in SAMPLE_RATES:
            # FFmpeg 5.1.9: a reduced E-AC-3 rate (fscod 3: 24000, 22050, 16000 Hz) halves the
            # decays and keeps sr_code 3 (see bitalloc.py for what that index reads)
            sr_code, sr_shift = 3, 1
        elif hdr.is_eac3:
            sr_code, sr_shift = SAMPLE_RATES.index(hdr.sample_rate), 0
        else:
            sr_shift = max(hdr.bsid, 8) - 8
            sr_code = SAMPLE_RATES.index(hdr.sample_rate << sr_shift)
        self.params = BA.Params(sr_code, sr_shift)
        n = self.channels + 1
        self.exp_strategy = [[EXP_REUSE] * n for _ in range(6)]
        self.cpl_strategy_exists = [0] * 6
        self.cpl_in_use = [0] * 6
        self.start_freq = [0] * n
        self.end_freq = [0] * n
        self.num_exp_groups = [0] * n
        if hdr.lfe:
            self.end_freq[self.lfe_ch] = 7
            self.num_exp_groups[self.lfe_ch] = 2
        self.uses_aht = [0] * n
        self.in_cpl = [0] * n
        self.uses_spx = [0] * n
        self.first_spx_coords = [0] * n
        self.first_cpl_coords = [0] * n
        self.spx_in_use = 0
        self.spx_src_start = 0
        # FFmpeg 5.1.9: the default band structures are loaded only when a block 0 reads a
        # strategy; a later first strategy starts from the (zeroed) context
        self.spx_bands = [0] * len(DEFAULT_SPX_BANDS)
        self.num_spx_bands = 0
        self.cpl_bands = [0] * len(DEFAULT_CPL_BANDS)
        self.num_cpl_bands = 0
        self.phase_flags_in_use = 0
        self.dexps = [[0] * 256 for _ in range(n)]
        self.psd = [[0] * 256 for _ in range(n)]
        self.band_psd = [[0] * 51 for _ in range(n)]
        self.mask = [[0] * 51 for _ in range(n)]
        self.bap = [[0] * 256 for _ in range(n)]
        self.snr_offset = [0] * n
        self.fast_gain = [0] * n
        self.dba_mode = [0] * n
        self.dba_segs: list[list] = [[] for _ in range(n)]
        # AC-3 syntax defaults
        self.snr_offset_strategy = 2
        self.block_switch_syntax = 1
        self.dither_flag_syntax = 1
        self.bit_allocation_syntax = 1
        self.fast_gain_syntax = 0
        self.dba_syntax = 1
        self.skip_syntax = 1
        self.first_cpl_leak = 0


def _ac3_bsi(br: _Bits, hdr) -> _Ctx:
    """The rest of an AC-3 bsi after lfeon (A/52 5.3.2)."""
    ctx = _Ctx(hdr)
    br.skip(16 + 16 + 8 + 5 + 3 + 3)                          # syncinfo, bsid, bsmod, acmod
    if hdr.acmod == 2:
        br.skip(2)
    else:
        if hdr.acmod & 1 and hdr.acmod != 1:
            br.skip(2)
        if hdr.acmod & 4:
            br.skip(2)
    br.skip(1)                                                # lfeon
    for _ in range(2 if hdr.acmod == 0 else 1):
        br.skip(5)                                            # dialnorm
        if br.u(1):
            br.skip(8)                                        # compr
        if br.u(1):
            br.skip(8)                                        # langcod
        if br.u(1):
            br.skip(7)                                        # mixlevel, roomtyp
    br.skip(2)                                                # copyrightb, origbs
    if hdr.bsid == 6:                                         # alternate bit stream syntax
        if br.u(1):
            br.skip(14)
        if br.u(1):
            br.skip(14)
    else:
        if br.u(1):
            br.skip(14)                                       # timecod1
        if br.u(1):
            br.skip(14)                                       # timecod2
    if br.u(1):
        br.skip(8 * (br.u(6) + 1))                            # addbsi
    return ctx


def _eac3_bsi(br: _Bits, hdr, res: FrameCheck, state: dict) -> _Ctx:
    """The rest of an E-AC-3 bsi and the frame-level audfrm data (Annex E E.1.2.2-3)."""
    ctx = _Ctx(hdr)
    if hdr.substream_id:
        # FFmpeg 5.1.9: only substream 0 is decoded; others are skipped without output
        if not state.get("substream_reported"):
            state["substream_reported"] = True
            res.sample("Additional substreams")
        raise _Failed(SKIPPED)
    if hdr.sample_rate < 32000:
        # fscod 3 (half rate): bit allocation for it is not specified, the decoder gives up
        res.sample("Reduced sampling rate")
        raise _Failed(FAILED)
    br.skip(16 + 2 + 3 + 11 + 2 + 2)                          # syncword .. numblkscod
    br.skip(3 + 1 + 5)                                        # acmod, lfeon, bsid
    nmono = 2 if hdr.acmod == 0 else 1
    for _ in range(nmono):
        br.skip(5)                                            # dialnorm
        if br.u(1):
            br.skip(8)                                        # compr
    if hdr.frame_type == 1 and br.u(1):                       # chanmape
        br.skip(16)                                           # (checked by the header parser)
    if br.u(1):                                               # mixmdate
        if hdr.acmod > 2:
            br.skip(2)
            if hdr.acmod & 1:
                br.skip(6)
            if hdr.acmod & 4:
                br.skip(6)
        if hdr.lfe and br.u(1):
            br.skip(5)
        if hdr.frame_type == 0:
            for _ in range(nmono):
                if br.u(1):
                    br.skip(6)                                # pgmscl
            if br.u(1):
                br.skip(6)                                    # extpgmscl
            mixdef = br.u(2)
            if mixdef == 1:
                br.skip(5)
            elif mixdef == 2:
                br.skip(12)
            elif mixdef == 3:
                br.skip((br.u(5) + 2) * 8)
            if hdr.acmod < 2:
                for _ in range(nmono):
                    if br.u(1):
                        br.skip(14)                           # panmean, paninfo
            if br.u(1):                                       # frmmixcfginfoe
                for _ in range(hdr.num_blocks):
                    if hdr.num_blocks == 1 or br.u(1):
                        br.skip(5)
    if br.u(1):                                               # infomdate
        br.skip(3 + 2)
        if hdr.acmod == 2:
            br.skip(4)
        if hdr.acmod >= 6:
            br.skip(2)
        for _ in range(nmono):
            if br.u(1):
                br.skip(8)
        br.skip(1)                                            # sourcefscod
    if hdr.frame_type == 0 and hdr.num_blocks != 6:
        br.skip(1)                                            # convsync
    if hdr.frame_type == 2 and (hdr.num_blocks == 6 or br.u(1)):
        br.skip(6)                                            # frmsizecod
    if br.u(1):
        br.skip(8 * (br.u(6) + 1))                            # addbsi
    # audfrm
    if hdr.num_blocks == 6:
        ac3_expstr = br.u(1)
        parse_aht = br.u(1)
    else:
        ac3_expstr, parse_aht = 1, 0
    ctx.snr_offset_strategy = br.u(2)
    transient = br.u(1)
    ctx.block_switch_syntax = br.u(1)
    ctx.dither_flag_syntax = br.u(1)
    ctx.bit_allocation_syntax = br.u(1)
    if not ctx.bit_allocation_syntax:
        pr = ctx.params
        pr.slow_decay, pr.fast_decay = BT.SLOW_DECAY[2], BT.FAST_DECAY[1]
        pr.slow_gain, pr.db_per_bit, pr.floor = BT.SLOW_GAIN[1], BT.DB_PER_BIT[2], BT.FLOOR[7]
    ctx.fast_gain_syntax = br.u(1)
    ctx.dba_syntax = br.u(1)
    ctx.skip_syntax = br.u(1)
    spx_atten = br.u(1)
    ncpl = 0
    if hdr.acmod > 1:
        for blk in range(hdr.num_blocks):
            ctx.cpl_strategy_exists[blk] = 1 if blk == 0 else br.u(1)
            if ctx.cpl_strategy_exists[blk]:
                ctx.cpl_in_use[blk] = br.u(1)
            else:
                ctx.cpl_in_use[blk] = ctx.cpl_in_use[blk - 1]
            ncpl += ctx.cpl_in_use[blk]
    if ac3_expstr:
        for blk in range(hdr.num_blocks):
            for ch in range(0 if ctx.cpl_in_use[blk] else 1, ctx.fbw + 1):
                ctx.exp_strategy[blk][ch] = br.u(2)
    else:
        for ch in range(0 if hdr.acmod > 1 and ncpl else 1, ctx.fbw + 1):
            row = FRAME_EXP_STRATEGIES[br.u(5)]
            for blk in range(6):
                ctx.exp_strategy[blk][ch] = row[blk]
    if hdr.lfe:
        for blk in range(hdr.num_blocks):
            ctx.exp_strategy[blk][ctx.lfe_ch] = br.u(1)
    if hdr.frame_type == 0 and (hdr.num_blocks == 6 or br.u(1)):
        br.skip(5 * ctx.fbw)                                  # convexpstr
    if parse_aht:
        for ch in range(0 if ncpl == 6 else 1, ctx.channels + 1):
            use = all(ctx.exp_strategy[blk][ch] == EXP_REUSE
                      and not (ch == 0 and ctx.cpl_strategy_exists[blk]) for blk in range(1, 6))
            ctx.uses_aht[ch] = br.u(1) if use else 0          # chahtinu
    if not ctx.snr_offset_strategy:
        csnr = (br.u(6) - 15) << 4
        snr = (csnr + br.u(4)) << 2
        ctx.snr_offset = [snr] * (ctx.channels + 1)
    if transient:
        for _ in range(ctx.fbw):
            if br.u(1):
                br.skip(10 + 8)
    if spx_atten:
        for _ in range(ctx.fbw):
            if br.u(1):
                br.skip(5)
    if hdr.num_blocks > 1 and br.u(1):
        br.skip((hdr.num_blocks - 1) * (4 + (hdr.frame_size - 2).bit_length() - 1))
        res.sample("Block start info")
    for ch in range(1, ctx.fbw + 1):
        ctx.first_spx_coords[ch] = ctx.first_cpl_coords[ch] = 1
    ctx.first_cpl_leak = 1
    return ctx


def _band_structure(br: _Bits, eac3: bool, blk: int, start: int, end: int, struct: list,
                    default: tuple) -> int:
    """Band structure (A/52 7.4.2, E.1.3.3.x): block 0 starts from the default; returns the
    number of bands."""
    if not blk:
        struct[:] = default
    n_sub = end - start
    if not eac3 or br.u(1):
        for i in range(n_sub - 1):
            struct[start + 1 + i] = br.u(1)
    return n_sub - sum(struct[start + 1:start + n_sub])


def _spx_strategy(br: _Bits, ctx: _Ctx, blk: int, res: FrameCheck) -> bool:
    if ctx.acmod == 1:
        ctx.uses_spx[1] = 1
    else:
        for ch in range(1, ctx.fbw + 1):
            ctx.uses_spx[ch] = br.u(1)
    dst_start = br.u(2)
    start_sub = br.u(3) + 2
    if start_sub > 7:
        start_sub += start_sub - 7
    end_sub = br.u(3) + 5
    if end_sub > 7:
        end_sub += end_sub - 7
    dst_start = dst_start * 12 + 25
    src_start = start_sub * 12 + 25
    if start_sub >= end_sub:
        res.error("invalid spectral extension range (%d >= %d)\n" % (start_sub, end_sub))
        return False
    if dst_start >= src_start:
        res.error("invalid spectral extension copy start bin (%d >= %d)\n"
                  % (dst_start, src_start))
        return False
    ctx.spx_src_start = src_start
    ctx.num_spx_bands = _band_structure(br, True, blk, start_sub, end_sub, ctx.spx_bands,
                                        DEFAULT_SPX_BANDS)
    return True


def _coupling_strategy(br: _Bits, ctx: _Ctx, blk: int, res: FrameCheck) -> bool:
    eac3 = ctx.eac3
    if not eac3:
        ctx.cpl_in_use[blk] = br.u(1)
    if ctx.cpl_in_use[blk]:
        if ctx.acmod < 2:
            res.error("coupling not allowed in mono or dual-mono\n")
            return False
        if eac3 and br.u(1):
            res.sample("Enhanced coupling")
            return False
        if eac3 and ctx.acmod == 2:
            ctx.in_cpl[1] = ctx.in_cpl[2] = 1
        else:
            for ch in range(1, ctx.fbw + 1):
                ctx.in_cpl[ch] = br.u(1)
        if ctx.acmod == 2:
            ctx.phase_flags_in_use = br.u(1)
        cpl_start = br.u(4)
        cpl_end = (ctx.spx_src_start - 37) // 12 if ctx.spx_in_use else br.u(4) + 3
        if cpl_start >= cpl_end:
            res.error("invalid coupling range (%d >= %d)\n" % (cpl_start, cpl_end))
            return False
        ctx.start_freq[CPL_CH] = cpl_start * 12 + 37
        ctx.end_freq[CPL_CH] = cpl_end * 12 + 37
        ctx.num_cpl_bands = _band_structure(br, eac3, blk, cpl_start, cpl_end, ctx.cpl_bands,
                                            DEFAULT_CPL_BANDS)
    else:
        for ch in range(1, ctx.fbw + 1):
            ctx.in_cpl[ch] = 0
            ctx.first_cpl_coords[ch] = 1
        ctx.first_cpl_leak = 1 if eac3 else 0
        ctx.phase_flags_in_use = 0
    return True


def _block(br: _Bits, ctx: _Ctx, blk: int, res: FrameCheck):
    """One audio block (A/52 5.4.3, E.1.2.4): True when it parses, False when the decoder
    rejects it, None when the rest of the frame is not modelled (AHT mantissas)."""
    fbw, eac3, nch = ctx.fbw, ctx.eac3, ctx.channels
    if ctx.block_switch_syntax:
        br.skip(fbw)                                          # blksw
    if ctx.dither_flag_syntax:
        br.skip(fbw)                                          # dithflag
    for _ in range(2 if ctx.acmod == 0 else 1):
        if br.u(1):
            br.skip(8)                                        # dynrng
    stages = [0] * (nch + 1)
    # spectral extension
    if eac3 and (not blk or br.u(1)):
        ctx.spx_in_use = br.u(1)
        if ctx.spx_in_use and not _spx_strategy(br, ctx, blk, res):
            return False
    if not eac3 or not ctx.spx_in_use:
        ctx.spx_in_use = 0
        for ch in range(1, fbw + 1):
            ctx.uses_spx[ch] = 0
            ctx.first_spx_coords[ch] = 1
    if ctx.spx_in_use:
        for ch in range(1, fbw + 1):
            if ctx.uses_spx[ch]:
                if ctx.first_spx_coords[ch] or br.u(1):
                    ctx.first_spx_coords[ch] = 0
                    br.skip(5 + 2 + 6 * ctx.num_spx_bands)
            else:
                ctx.first_spx_coords[ch] = 1
    # coupling strategy and coordinates
    if ctx.cpl_strategy_exists[blk] if eac3 else br.u(1):
        stages = [3] * (nch + 1)
        if not _coupling_strategy(br, ctx, blk, res):
            return False
    elif not eac3:
        if not blk:
            res.error("new coupling strategy must be present in block 0\n")
            return False
        ctx.cpl_in_use[blk] = ctx.cpl_in_use[blk - 1]
    cpl = ctx.cpl_in_use[blk]
    if cpl:
        coords = False
        for ch in range(1, fbw + 1):
            if ctx.in_cpl[ch]:
                if (eac3 and ctx.first_cpl_coords[ch]) or br.u(1):
                    ctx.first_cpl_coords[ch] = 0
                    coords = True
                    br.skip(2 + 8 * ctx.num_cpl_bands)
                elif not blk:
                    res.error("new coupling coordinates must be present in block 0\n")
                    return False
            else:
                ctx.first_cpl_coords[ch] = 1
        if ctx.acmod == 2 and coords and ctx.phase_flags_in_use:
            br.skip(ctx.num_cpl_bands)
    # rematrixing
    if ctx.acmod == 2:
        if (eac3 and not blk) or br.u(1):
            nbands = 4
            if cpl and ctx.start_freq[CPL_CH] <= 61:
                nbands -= 1 + (ctx.start_freq[CPL_CH] == 37)
            elif ctx.spx_in_use and ctx.spx_src_start <= 61:
                nbands -= 1
            br.skip(nbands)
        elif not blk:
            res.logs.append((WARNING, "Warning: new rematrixing strategy not present in block 0\n"))
    # exponent strategies, bandwidth, exponents
    first = 0 if cpl else 1
    strategy = ctx.exp_strategy[blk]
    for ch in range(first, nch + 1):
        if not eac3:
            strategy[ch] = br.u(1 if ch == ctx.lfe_ch else 2)
        if strategy[ch] != EXP_REUSE:
            stages[ch] = 3
    for ch in range(1, fbw + 1):
        ctx.start_freq[ch] = 0
        if strategy[ch] != EXP_REUSE:
            prev = ctx.end_freq[ch]
            if ctx.in_cpl[ch]:
                ctx.end_freq[ch] = ctx.start_freq[CPL_CH]
            elif ctx.uses_spx[ch]:
                ctx.end_freq[ch] = ctx.spx_src_start
            else:
                code = br.u(6)
                if code > 60:
                    res.error("bandwidth code = %d > 60\n" % code)
                    return False
                ctx.end_freq[ch] = code * 3 + 73
            size = 3 << (strategy[ch] - 1)
            ctx.num_exp_groups[ch] = (ctx.end_freq[ch] + size - 4) // size
            if blk and ctx.end_freq[ch] != prev:
                stages = [3] * (nch + 1)
    if cpl and strategy[CPL_CH] != EXP_REUSE:
        ctx.num_exp_groups[CPL_CH] = ((ctx.end_freq[CPL_CH] - ctx.start_freq[CPL_CH])
                                      // (3 << (strategy[CPL_CH] - 1)))
    for ch in range(first, nch + 1):
        if strategy[ch] != EXP_REUSE:
            absexp = br.u(4) << (1 if ch == CPL_CH else 0)
            dexps = ctx.dexps[ch]
            dexps[0] = absexp
            at = ctx.start_freq[ch] + (1 if ch else 0)
            if not _exponents(br, res, strategy[ch], ctx.num_exp_groups[ch], absexp, dexps, at):
                return False
            if ch != CPL_CH and ch != ctx.lfe_ch:
                br.skip(2)                                    # gainrng
    # bit allocation parametric information
    pr = ctx.params
    if ctx.bit_allocation_syntax:
        if br.u(1):
            pr.slow_decay = BT.SLOW_DECAY[br.u(2)] >> pr.sr_shift
            pr.fast_decay = BT.FAST_DECAY[br.u(2)] >> pr.sr_shift
            pr.slow_gain = BT.SLOW_GAIN[br.u(2)]
            pr.db_per_bit = BT.DB_PER_BIT[br.u(2)]
            pr.floor = BT.FLOOR[br.u(3)]
            for ch in range(first, nch + 1):
                stages[ch] = max(stages[ch], 2)
        elif not blk:
            res.error("new bit allocation info must be present in block 0\n")
            return False
    if not eac3 or not blk:
        if ctx.snr_offset_strategy and br.u(1):
            csnr = (br.u(6) - 15) << 4
            snr = 0
            for ch in range(first, nch + 1):
                if ch == first or ctx.snr_offset_strategy == 2:
                    snr = (csnr + br.u(4)) << 2
                if blk and ctx.snr_offset[ch] != snr:
                    stages[ch] = max(stages[ch], 1)
                ctx.snr_offset[ch] = snr
                if not eac3:
                    prev = ctx.fast_gain[ch]
                    ctx.fast_gain[ch] = BT.FAST_GAIN[br.u(3)]
                    if blk and prev != ctx.fast_gain[ch]:
                        stages[ch] = max(stages[ch], 2)
        elif not eac3 and not blk:
            res.error("new snr offsets must be present in block 0\n")
            return False
    if ctx.fast_gain_syntax and br.u(1):
        for ch in range(first, nch + 1):
            prev = ctx.fast_gain[ch]
            ctx.fast_gain[ch] = BT.FAST_GAIN[br.u(3)]
            if blk and prev != ctx.fast_gain[ch]:
                stages[ch] = max(stages[ch], 2)
    elif eac3 and not blk:
        for ch in range(first, nch + 1):
            ctx.fast_gain[ch] = BT.FAST_GAIN[4]
    if ctx.frame_type == 0 and br.u(1):
        br.skip(10)                                           # convsnroffst
    if cpl:
        if ctx.first_cpl_leak or br.u(1):
            fl = br.u(3)
            sl = br.u(3)
            if blk and (fl != pr.cpl_fast_leak or sl != pr.cpl_slow_leak):
                stages[CPL_CH] = max(stages[CPL_CH], 2)
            pr.cpl_fast_leak, pr.cpl_slow_leak = fl, sl
        elif not eac3 and not blk:
            res.error("new coupling leak info must be present in block 0\n")
            return False
        ctx.first_cpl_leak = 0
    # delta bit allocation
    if ctx.dba_syntax and br.u(1):
        for ch in range(first, fbw + 1):
            ctx.dba_mode[ch] = br.u(2)
            if ctx.dba_mode[ch] == DBA_RESERVED:
                res.error("delta bit allocation strategy reserved\n")
                return False
            stages[ch] = max(stages[ch], 2)
        for ch in range(first, fbw + 1):
            if ctx.dba_mode[ch] == DBA_NEW:
                ctx.dba_segs[ch] = [(br.u(5), br.u(4), br.u(3)) for _ in range(br.u(3) + 1)]
                stages[ch] = max(stages[ch], 2)
    elif not blk:
        for ch in range(nch + 1):
            ctx.dba_mode[ch] = DBA_NONE
    # bit allocation
    for ch in range(first, nch + 1):
        start, end = ctx.start_freq[ch], ctx.end_freq[ch]
        if stages[ch] > 2:
            BA.calc_psd(ctx.dexps[ch], start, end, ctx.psd[ch], ctx.band_psd[ch])
        if stages[ch] > 1:
            if not BA.calc_mask(pr, ctx.band_psd[ch], start, end, ctx.fast_gain[ch],
                                ch == ctx.lfe_ch, ctx.dba_mode[ch], ctx.dba_segs[ch],
                                ctx.mask[ch]):
                res.error("error in bit allocation\n")
                return False
        if stages[ch] > 0:
            if ctx.uses_aht[ch]:
                return None                                   # AHT: not modelled
            BA.calc_bap(ctx.mask[ch], ctx.psd[ch], start, end, ctx.snr_offset[ch], pr.floor,
                        ctx.bap[ch])
    if ctx.skip_syntax and br.u(1):
        br.skip(8 * br.u(9))                                  # skipfld
    # mantissas: channels in order, the coupling channel after the first coupled one
    if any(ctx.uses_aht):
        return None
    counts = [0] * 16
    got_cpl = False
    for ch in range(1, nch + 1):
        _count_baps(ctx.bap[ch], ctx.start_freq[ch], ctx.end_freq[ch], counts)
        if ctx.in_cpl[ch] and not got_cpl:
            _count_baps(ctx.bap[CPL_CH], ctx.start_freq[CPL_CH], ctx.end_freq[CPL_CH], counts)
            got_cpl = True
    bits = (5 * -(-counts[1] // 3) + 7 * -(-counts[2] // 3) + 7 * -(-counts[4] // 2)
            + sum(MANT_BITS[b] * counts[b] for b in (3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)))
    br.skip(bits)
    return True


def _count_baps(bap: list, start: int, end: int, counts: list) -> None:
    for b in bap[start:end]:
        counts[b] += 1


def _exponents(br: _Bits, res: FrameCheck, strategy: int, ngroups: int, absexp: int,
               dexps: list, at: int) -> bool:
    """Grouped exponent deltas (A/52 7.1.3): each 7-bit group holds three deltas, each
    delta covering 1, 2 or 4 bins by strategy."""
    deltas = []
    for _ in range(ngroups):
        acc = br.u(7)
        if acc >= 125:
            res.error("expacc %d is out-of-range\n" % acc)
            return False
        deltas += (acc // 25, acc % 25 // 5, acc % 5)
    reps = 4 if strategy == EXP_D45 else strategy
    prev = absexp
    j = at
    for d in deltas:
        prev += d - 2
        if not 0 <= prev <= 24:
            res.error("exponent %d is out-of-range\n" % prev)
            return False
        for _ in range(reps):
            if j < len(dexps):
                dexps[j] = prev
            j += 1
    return True
