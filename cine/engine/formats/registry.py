"""The container registry: one line per input format, in libavformat's iteration order
(allformats.c), because detection ties and equal scores are resolved by that order.

Probe modules are stdlib-only and imported lazily while detecting; the demuxer module is
imported only for the winner.
"""
from __future__ import annotations

from collections import namedtuple


FormatEntry = namedtuple("FormatEntry", (
    "name",             # FFmpeg's short name(s), as ffprobe prints format_name
    "long_name",
    "extensions",       # comma-separated, as av_match_ext expects; "" for none
    "mime",             # comma-separated MIME types; "" for none
    "probe",            # module exposing probe(buf: bytes, filename: str) -> int ("" = none)
    "demuxer",          # "module:Class"
    "flags",            # "show_ids", "nofile"... (default "")
), defaults=("",))


INPUT_FORMATS: tuple[FormatEntry, ...] = (
    FormatEntry("aac", "raw ADTS AAC (Advanced Audio Coding)", "aac", "audio/aac,audio/aacp,audio/x-aac",
                "cine.engine.formats.adts", "cine.engine.formats.adts:AdtsDemuxer"),
    FormatEntry("ac3", "raw AC-3", "ac3", "", "cine.engine.formats.ac3raw:probe_ac3",
                "cine.engine.formats.ac3raw:Ac3Demuxer"),
    FormatEntry("avi", "AVI (Audio Video Interleaved)", "avi", "", "cine.engine.formats.avi.probe",
                "cine.engine.formats.avi.demux:AviDemuxer"),
    FormatEntry("eac3", "raw E-AC-3", "eac3", "", "cine.engine.formats.ac3raw:probe_eac3",
                "cine.engine.formats.ac3raw:Eac3Demuxer"),
    FormatEntry("flac", "raw FLAC", "flac", "", "cine.engine.formats.flac", "cine.engine.formats.flac:FlacDemuxer"),
    FormatEntry("h264", "raw H.264 video", "h26l,h264,264,avc", "", "cine.engine.formats.annexb:probe_h264",
                "cine.engine.formats.annexb:H264Demuxer"),
    FormatEntry("hevc", "raw HEVC video", "hevc,h265,265", "", "cine.engine.formats.annexb:probe_hevc",
                "cine.engine.formats.annexb:HevcDemuxer"),
    FormatEntry("matroska,webm", "Matroska / WebM", "mkv,mk3d,mka,mks,webm",
                "audio/webm,audio/x-matroska,video/webm,video/x-matroska",
                "cine.engine.formats.matroska.probe", "cine.engine.formats.matroska.demux:MatroskaDemuxer"),
    FormatEntry("mov,mp4,m4a,3gp,3g2,mj2", "QuickTime / MOV",
                "mov,mp4,m4a,3gp,3g2,mj2,psp,m4b,ism,ismv,isma,f4v,avif", "",
                "cine.engine.formats.mp4.probe", "cine.engine.formats.mp4.demux:Mp4Demuxer",
                "show_ids"),
    FormatEntry("mp3", "MP2/3 (MPEG audio layer 2/3)", "mp2,mp3,m2a,mpa", "",
                "cine.engine.formats.mp3", "cine.engine.formats.mp3:Mp3Demuxer"),
    FormatEntry("mpegts", "MPEG-TS (MPEG-2 Transport Stream)", "", "", "cine.engine.formats.mpegts.probe",
                "cine.engine.formats.mpegts.demux:MpegTsDemuxer", "show_ids"),
    FormatEntry("ogg", "Ogg", "ogg", "", "cine.engine.formats.ogg.probe",
                "cine.engine.formats.ogg.demux:OggDemuxer"),
    FormatEntry("w64", "Sony Wave64", "", "", "cine.engine.formats.w64",
                "cine.engine.formats.w64:W64Demuxer"),
    FormatEntry("wav", "WAV / WAVE (Waveform Audio)", "", "",
                "cine.engine.formats.wav", "cine.engine.formats.wav:WavDemuxer"),
)


def by_name(name: str) -> FormatEntry | None:
    """Look a format up by any of its short names (for -f)."""
    for entry in INPUT_FORMATS:
        if name in entry.name.split(","):
            return entry
    return None


def load_demuxer(entry: FormatEntry):
    import sys
    mod, _, cls = entry.demuxer.partition(":")
    __import__(mod)  # not importlib.import_module: importing importlib costs start-up time
    return getattr(sys.modules[mod], cls)
