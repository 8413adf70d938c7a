"""The MP4 muxer's other modes (FFmpeg 5.1.9 movenc.c muxers 3gp, 3g2, psp, f4v; 3GPP TS 26.244,
3GPP2 C.S0050, Adobe F4V): the same writer with the mode's codec tag table and brands."""
from __future__ import annotations

from .mux import MP4_TAGS, _MovBase, _t
from .mux_track import MODE_3G2, MODE_3GP, MODE_F4V, MODE_PSP

# the codec tag tables of the 3gp/3g2 and f4v muxers (what each accepts)
TGP_TAGS = tuple((n, _t(t)) for n, t in (
    ("h263", "s263"), ("h264", "avc1"), ("mpeg4", "mp4v"), ("aac", "mp4a"), ("amr_nb", "samr"),
    ("amr_wb", "sawb"), ("mov_text", "tx3g")))
F4V_TAGS = tuple((n, _t(t)) for n, t in (
    ("mp3", ".mp3"), ("aac", "mp4a"), ("h264", "avc1"), ("vp6a", "VP6A"), ("vp6f", "VP6F")))


class ThreeGpMuxer(_MovBase):
    MODE = MODE_3GP
    codec_tags = TGP_TAGS


class ThreeG2Muxer(_MovBase):
    MODE = MODE_3GP | MODE_3G2
    codec_tags = TGP_TAGS


class PspMuxer(_MovBase):
    MODE = MODE_PSP
    codec_tags = MP4_TAGS


class F4vMuxer(_MovBase):
    MODE = MODE_F4V
    codec_tags = F4V_TAGS
