"""ffmpeg's capability listings that need no codec or filter tables: -muxers, -bsfs and
-dispositions (FFmpeg 5.1.9 fftools/opt_common.c show_formats_devices, show_bsfs,
show_dispositions). Names and long names are the reference build's, as it prints them.
"""
from __future__ import annotations

# libavdevice output devices the reference build registers (av_muxer_iterate lists them after
# libavformat's muxers); cine writes to none of them
_DEVICE_MUXERS = (
    ("alsa", "ALSA audio output"),
    ("caca", "caca (color ASCII art) output device"),
    ("fbdev", "Linux framebuffer"),
    ("opengl", "OpenGL output"),
    ("oss", "OSS (Open Sound System) playback"),
    ("pulse", "Pulse audio output"),
    ("sdl,sdl2", "SDL2 output device"),
    ("video4linux2,v4l2", "Video4Linux2 output device"),
    ("xv", "XV (XVideo) output device"),
)

# av_bsf_iterate order of the reference build
BSF_NAMES = (
    "aac_adtstoasc", "av1_frame_merge", "av1_frame_split", "av1_metadata", "chomp",
    "dump_extra", "dca_core", "dv_error_marker", "eac3_core", "extract_extradata",
    "filter_units", "h264_metadata", "h264_mp4toannexb", "h264_redundant_pps",
    "hapqa_extract", "hevc_metadata", "hevc_mp4toannexb", "imxdump", "mjpeg2jpeg",
    "mjpegadump", "mp3decomp", "mpeg2_metadata", "mpeg4_unpack_bframes", "mov2textsub",
    "noise", "null", "opus_metadata", "pcm_rechunk", "pgs_frame_merge", "prores_metadata",
    "remove_extra", "setts", "text2movsub", "trace_headers", "truehd_core", "vp9_metadata",
    "vp9_raw_reorder", "vp9_superframe", "vp9_superframe_split",
)

DISPOSITIONS = ("default", "dub", "original", "comment", "lyrics", "karaoke", "forced",
                "hearing_impaired", "visual_impaired", "clean_effects", "attached_pic",
                "timed_thumbnails", "captions", "descriptions", "metadata", "dependent",
                "still_image")


def muxers_text() -> str:
    """show_formats_devices(SHOW_MUXERS): names in strcmp order, the first muxer of a name
    giving its long name."""
    from ...engine.formats.muxers import MUXERS
    entries: dict[bytes, str] = {}
    for name, long_name in [(m.name, m.long_name) for m in MUXERS] + list(_DEVICE_MUXERS):
        entries.setdefault(name.encode(), long_name)
    out = ["File formats:\n D. = Demuxing supported\n .E = Muxing supported\n --\n"]
    for key in sorted(entries):
        out.append(" %c%c %-15s %s\n" % (" ", "E", key.decode(), entries[key] or " "))
    return "".join(out)


def bsfs_text() -> str:
    return "Bitstream filters:\n" + "".join(n + "\n" for n in BSF_NAMES) + "\n"


def dispositions_text() -> str:
    return "".join(n + "\n" for n in DISPOSITIONS)


LISTINGS = {"muxers": muxers_text, "bsfs": bsfs_text, "dispositions": dispositions_text}
