"""Audio sample-entry extras of the MP4/MOV muxer (FFmpeg 5.1.9 movenc.c/mov_chan.c behaviour):
the Opus dOps box (ISO/IEC 23003-5 style OpusSpecificBox from an OpusHead) and the QuickTime
'chan' box (CoreAudio channel layout tag, bitmap or descriptions)."""
from __future__ import annotations

import struct

from ...errors import AVERROR_INVALIDDATA, CineError
from .chan_tables import LAYOUT_MAPS

# mov_codec_ch_layouts: codec -> layout tags in search order (generated from mov_chan.c)
CODEC_LAYOUTS = dict(
[('aac', [6553601, 6619138, 9764866, 7471107, 8585219, 8716291, 7077892, 7602180, 8650756, 10027012, 11010052, 7864325, 9043973, 11075589, 8126470, 9240582, 11141126, 9306119, 9371655, 11337735, 9437192, 8323080, 11665416]), ('ac3', [6553601, 6619138, 9764866, 9830403, 8585219, 8716291, 9895940, 8650756, 10027012, 9961476, 7798789, 9043973, 10092549, 8060934]), ('alac', [6553601, 6619138, 7471107, 7602180, 7864325, 8126470, 9306119, 8323080]), ('pcm_u8', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s8', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s16le', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s16be', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s24le', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s24be', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s32le', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_s32be', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_f32le', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_f32be', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_f64le', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688]), ('pcm_f64be', [6553601, 6619138, 6750210, 7405571, 7077892, 7667717, 7929862, 8192007, 8257544, 8388616, 8519688])]
)
LAYOUT_USE_BITMAP = 1 << 16


def dops(par) -> bytes:
    ex = par.extradata or b""
    if len(ex) < 19:
        raise CineError("invalid extradata size", code=AVERROR_INVALIDDATA)
    channels, cmap = ex[9], ex[18]
    body = bytes((0, channels)) + struct.pack(">HIH", *struct.unpack("<HIH", ex[10:18])) + bytes((cmap,))
    if cmap:
        if len(ex) < 21 + channels:
            raise CineError("invalid extradata size", code=AVERROR_INVALIDDATA)
        body += ex[19:21 + channels]
    return struct.pack(">I", len(body) + 8) + b"dOps" + body


def chan_box(mux, trk) -> bytes:
    """mov_write_chan_tag; b"" when nothing is written."""
    from ..wav_mux import layout_mask
    par = trk.par
    mask = layout_mask(par.channel_layout)
    tag = 0
    layouts = CODEC_LAYOUTS.get(par.codec_name)
    if layouts:
        ch = par.channels if par.channels <= 9 else 0
        lmap = LAYOUT_MAPS[ch] if ch < len(LAYOUT_MAPS) else ()
        for lt in layouts:
            if (lt & 0xFFFF) != ch:
                continue
            if any(t == lt and mask is not None and m == mask for t, m in lmap):
                tag = lt
                break
    bitmap = 0
    if tag == 0:
        if mask is not None and mask < 0x40000:
            tag, bitmap = LAYOUT_USE_BITMAP, mask
        elif mask is None:
            mux.log.warning("not writing 'chan' tag due to lack of channel information\n")
            return b""
        else:
            return b""
    body = struct.pack(">BBHIII", 0, 0, 0, tag, bitmap, 0)
    return struct.pack(">I", len(body) + 8) + b"chan" + body
