"""DTS stream facts after avformat_find_stream_info (FFmpeg 5.1.9 dca decoder, core
substream, ETSI TS 102 114): the decoder has no format until a frame decodes, so packets are
tried until one carries a valid core header; it then sets fltp output, the core rate, the
speaker layout, the profile (DTS, DTS-ES with XCH/XXCH, DTS 96/24 with X96, DTS-HD HRA when an
extension substream follows) and the core bit rate (0 for open/variable/lossless codes and
for DTS-HD).

Known limit: DTS-HD MA (XLL) and DTS Express (LBR) are not analysed.
"""
from __future__ import annotations

from ... import chlayout as CL
from ...errors import CineError
from . import header as H

# DTS speaker bit -> native channel (the reference's normal-order mapping for core speakers)
_SPK_TO_CH = ((H.SPK_C, CL.FC), (H.SPK_L, CL.FL), (H.SPK_R, CL.FR), (H.SPK_LS, CL.SL),
              (H.SPK_RS, CL.SR), (H.SPK_LFE1, CL.LFE), (H.SPK_CS, CL.BC))
FF_PROFILE_DTS, FF_PROFILE_DTS_ES, FF_PROFILE_DTS_96_24, FF_PROFILE_DTS_HD_HRA = 20, 30, 40, 50


def _find_sync(data: bytes, sync: int, start: int, end: int) -> bool:
    word = sync.to_bytes(4, "big")
    pos = (start + 3) & ~3
    while pos + 4 <= end:
        if data[pos:pos + 4] == word:
            return True
        pos += 4
    return False


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    for pkt in packets:
        data = bytes(pkt.data)
        try:
            h = H.parse(data)
        except CineError:
            continue
        if h.frame_size > len(data):
            continue
        mask = H.AMODE_MASKS[h.audio_mode] | (H.SPK_LFE1 if h.lfe_present else 0)
        ext = set()
        if h.ext_audio_present:
            sync = {H.EXT_XCH: H.SYNC_XCH, H.EXT_X96: H.SYNC_X96,
                    H.EXT_XXCH: H.SYNC_XXCH}.get(h.ext_audio_type)
            if sync and _find_sync(data, sync, (h.header_bits + 7) // 8, h.frame_size):
                ext.add(h.ext_audio_type)
        core_end = (h.frame_size + 3) & ~3
        exss = (len(data) >= core_end + 4
                and int.from_bytes(data[core_end:core_end + 4], "big") == H.SYNC_EXSS)
        if H.EXT_XCH in ext:
            mask |= H.SPK_CS
        out = 0
        for spk, ch in _SPK_TO_CH:
            if mask & spk:
                out |= ch
        par.channels, par.channel_layout = CL.layout_from_mask(out)
        par.format = "fltp"
        par.bits_per_raw_sample = 0
        par.sample_rate = h.sample_rate << (1 if H.EXT_X96 in ext else 0)
        if exss:
            par.profile = FF_PROFILE_DTS_HD_HRA
        elif ext & {H.EXT_XCH, H.EXT_XXCH}:
            par.profile = FF_PROFILE_DTS_ES
        elif H.EXT_X96 in ext:
            par.profile = FF_PROFILE_DTS_96_24
        else:
            par.profile = FF_PROFILE_DTS
        par.bit_rate = h.bit_rate if h.bit_rate > 3 and not exss else 0
        par.frame_size = h.npcmblocks * 32
        return
