"""DV video stream analysis for probing (IEC 61834, SMPTE 314M/370M DIF frames): the frame
profile the decoder picks from a frame's header and VAUX source packs (FFmpeg 5.1.9
dv_profile.c / dvdec.c): dimensions, pixel format, 4:3 or 16:9 sample aspect ratio; the
decoder always reports top-left chroma siting.
"""
from __future__ import annotations

from ...model import Rational

PROFILE_BYTES = 6 * 80
VIDEO_CONTROL = 0x61        # VAUX source control pack id
# (dsf, video_stype, frame_size, width, height, (sar 4:3, sar 16:9), pix_fmt) in lookup order
PROFILES = (
    (0, 0x00, 120000, 720, 480, ((8, 9), (32, 27)), "yuv411p"),
    (1, 0x00, 144000, 720, 576, ((16, 15), (64, 45)), "yuv420p"),
    (1, 0x00, 144000, 720, 576, ((16, 15), (64, 45)), "yuv411p"),
    (0, 0x04, 240000, 720, 480, ((8, 9), (32, 27)), "yuv422p"),
    (1, 0x04, 288000, 720, 576, ((16, 15), (64, 45)), "yuv422p"),
    (0, 0x14, 480000, 1280, 1080, ((1, 1), (3, 2)), "yuv422p"),
    (1, 0x14, 576000, 1440, 1080, ((1, 1), (4, 3)), "yuv422p"),
    (0, 0x18, 240000, 960, 720, ((1, 1), (4, 3)), "yuv422p"),
    (1, 0x18, 288000, 960, 720, ((1, 1), (4, 3)), "yuv422p"),
    (1, 0x01, 144000, 720, 576, ((16, 15), (64, 45)), "yuv420p"),
)


def frame_profile(frame: bytes, tag: int = 0, coded=(0, 0), previous=None):
    """ff_dv_frame_profile: the profile tuple of a DIF frame, or None."""
    n = len(frame)
    if n < PROFILE_BYTES:
        return None
    dsf = (frame[3] & 0x80) >> 7
    stype = frame[80 * 5 + 48 + 3] & 0x1F
    pal = bool(frame[80 * 5 + 48 + 3] & 0x20)
    if (dsf == 1 and stype == 0 and frame[4] & 0x07) or \
            (stype == 31 and tag == 0x35324C53 and coded == (720, 576)):      # 'SL25'
        return PROFILES[2]
    if dsf == 0 and pal and stype == PROFILES[1][1] and n == PROFILES[1][2]:
        return PROFILES[1]
    for p in PROFILES:
        if p[0] == dsf and p[1] == stype:
            return p
    if previous is not None and n == previous[2]:
        return previous
    if (frame[3] & 0x7F) == 0x3F and frame[80 * 5 + 48 + 3] == 0xFF:
        return PROFILES[dsf]
    return None


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.chroma_location = "topleft"
    for pkt in packets:
        data = pkt.data
        prof = frame_profile(data, par.codec_tag, (par.coded_width, par.coded_height))
        if prof is None or len(data) < prof[2]:
            log.error("could not find dv frame profile\n")
            continue
        par.width, par.height = prof[3], prof[4]
        par.coded_width, par.coded_height = prof[3], prof[4]
        par.format = prof[6]
        vsc = 80 * 5 + 48 + 5
        if data[vsc] == VIDEO_CONTROL:
            apt = data[4] & 0x07
            aspect = data[vsc + 2] & 0x07
            wide = aspect == 0x02 or (not apt and aspect == 0x07)
            par.sample_aspect_ratio = Rational(*prof[5][1 if wide else 0])
        return
