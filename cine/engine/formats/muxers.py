"""The muxer registry: one line per output format of FFmpeg 5.1.9, in libavformat's iteration
order (allformats.c, restricted to the muxers the reference build has), and av_guess_format's
choice of a muxer from -f and the output file name.

Only the entries with a `module` are implemented by cine; the others exist so that names,
extensions and default codecs resolve as the reference resolves them. Generated data:
names, long names, extensions, MIME types and default codecs as `ffmpeg -h muxer=NAME`
prints them; flags as AVOutputFormat.flags (AVFMT_ prefix dropped, lower case).
"""
from __future__ import annotations

import sys
from collections import namedtuple


class MuxerEntry(namedtuple("MuxerEntry", "name long_name extensions mime module video_codec "
                                          "audio_codec subtitle_codec flags")):
    """One muxer: name (AVOutputFormat.name, as the Output #N dump prints it), long_name,
    extensions (comma-separated, as av_match_ext expects), mime, module ("pkg.mod:Class" of
    cine's muxer, "" when not implemented), the default video/audio/subtitle codecs ("" =
    AV_CODEC_ID_NONE) and flags (comma-separated: globalheader, notimestamps, ts_nonstrict,
    ...). A plain namedtuple: typing.NamedTuple costs ~2 ms of start-up."""

    __slots__ = ()

    def has_flag(self, flag: str) -> bool:
        return flag in self.flags.split(",")


MUXERS: tuple[MuxerEntry, ...] = (
    MuxerEntry('a64', 'a64 - video for Commodore 64', 'a64,A64', '', '', 'a64_multi', '', '', ''),
    MuxerEntry('ac3', 'raw AC-3', 'ac3', 'audio/x-ac3', 'cine.engine.formats.raw_mux:RawMuxer', '', 'ac3', '', 'notimestamps'),
    MuxerEntry('adts', 'ADTS AAC (Advanced Audio Coding)', 'aac,adts', 'audio/aac', 'cine.engine.formats.adts_mux:AdtsMuxer', '', 'aac', '', 'notimestamps'),
    MuxerEntry('adx', 'CRI ADX', 'adx', '', '', '', 'adpcm_adx', '', 'notimestamps'),
    MuxerEntry('aiff', 'Audio IFF', 'aif,aiff,afc,aifc', 'audio/aiff', '', 'png', 'pcm_s16be', '', ''),
    MuxerEntry('alp', 'LEGO Racers ALP', 'tun,pcm', '', '', '', 'adpcm_ima_alp', '', ''),
    MuxerEntry('amr', '3GPP AMR', 'amr', 'audio/amr', '', '', 'amr_nb', '', 'notimestamps'),
    MuxerEntry('amv', 'AMV', 'amv', 'video/amv', '', 'amv', 'adpcm_ima_amv', '', ''),
    MuxerEntry('apm', 'Ubisoft Rayman 2 APM', 'apm', '', '', '', 'adpcm_ima_apm', '', ''),
    MuxerEntry('apng', 'Animated Portable Network Graphics', 'apng', 'image/png', '', 'apng', '', '', 'variable_fps'),
    MuxerEntry('aptx', 'raw aptX (Audio Processing Technology for Bluetooth)', 'aptx', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'aptx', '', 'notimestamps'),
    MuxerEntry('aptx_hd', 'raw aptX HD (Audio Processing Technology for Bluetooth)', 'aptxhd', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'aptx_hd', '', 'notimestamps'),
    MuxerEntry('argo_asf', 'Argonaut Games ASF', '', '', '', '', 'adpcm_argo', '', ''),
    MuxerEntry('argo_cvg', 'Argonaut Games CVG', 'cvg', '', '', '', 'adpcm_psx', '', ''),
    MuxerEntry('asf', 'ASF (Advanced / Active Streaming Format)', 'asf,wmv,wma', 'video/x-ms-asf', '', 'msmpeg4v3', 'wmav2', '', 'globalheader'),
    MuxerEntry('ass', 'SSA (SubStation Alpha) subtitle', 'ass,ssa', 'text/x-ass', '', '', '', 'ass', 'globalheader,notimestamps,ts_nonstrict'),
    MuxerEntry('ast', 'AST (Audio Stream)', 'ast', '', '', '', 'pcm_s16be_planar', '', ''),
    MuxerEntry('asf_stream', 'ASF (Advanced / Active Streaming Format)', 'asf,wmv,wma', 'video/x-ms-asf', '', 'msmpeg4v3', 'wmav2', '', 'globalheader'),
    MuxerEntry('au', 'Sun AU', 'au', 'audio/basic', '', '', 'pcm_s16be', '', 'notimestamps'),
    MuxerEntry('avi', 'AVI (Audio Video Interleaved)', 'avi', 'video/x-msvideo', 'cine.engine.formats.avi.mux:AviMuxer', 'mpeg4', 'mp3', '', ''),
    MuxerEntry('avif', 'AVIF', 'avif', 'image/avif', '', 'av1', '', '', 'globalheader,allow_flush'),
    MuxerEntry('avm2', 'SWF (ShockWave Flash) (AVM2)', '', 'application/x-shockwave-flash', '', 'flv1', 'mp3', '', 'ts_nonstrict'),
    MuxerEntry('avs2', 'raw AVS2-P2/IEEE1857.4 video', 'avs,avs2', '', 'cine.engine.formats.raw_mux:RawMuxer', 'avs2', '', '', 'notimestamps'),
    MuxerEntry('avs3', 'AVS3-P2/IEEE1857.10', 'avs3', '', 'cine.engine.formats.raw_mux:RawMuxer', 'avs3', '', '', 'notimestamps'),
    MuxerEntry('bit', 'G.729 BIT file format', 'bit', 'audio/bit', '', '', 'g729', '', ''),
    MuxerEntry('caf', 'Apple CAF (Core Audio Format)', 'caf', 'audio/x-caf', '', '', 'pcm_s16be', '', ''),
    MuxerEntry('cavsvideo', 'raw Chinese AVS (Audio Video Standard) video', 'cavs', '', 'cine.engine.formats.raw_mux:RawMuxer', 'cavs', '', '', 'notimestamps'),
    MuxerEntry('codec2', 'codec2 .c2 muxer', 'c2', '', '', '', 'codec2', '', 'notimestamps'),
    MuxerEntry('codec2raw', 'raw codec2 muxer', '', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'codec2', '', 'notimestamps'),
    MuxerEntry('crc', 'CRC testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('dash', 'DASH Muxer', 'mpd', '', '', 'h264', 'aac', '', 'globalheader,nofile,ts_negative'),
    MuxerEntry('data', 'raw data', '', '', 'cine.engine.formats.raw_mux:DataMuxer', '', '', '', 'notimestamps'),
    MuxerEntry('daud', 'D-Cinema audio', '302', '', '', '', 'pcm_s24daud', '', 'notimestamps'),
    MuxerEntry('dfpwm', 'raw DFPWM1a', 'dfpwm', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'dfpwm', '', 'notimestamps'),
    MuxerEntry('dirac', 'raw Dirac', 'drc,vc2', '', 'cine.engine.formats.raw_mux:RawMuxer', 'dirac', '', '', 'notimestamps'),
    MuxerEntry('dnxhd', 'raw DNxHD (SMPTE VC-3)', 'dnxhd,dnxhr', '', 'cine.engine.formats.raw_mux:RawMuxer', 'dnxhd', '', '', 'notimestamps'),
    MuxerEntry('dts', 'raw DTS', 'dts', 'audio/x-dca', 'cine.engine.formats.raw_mux:RawMuxer', '', 'dts', '', 'notimestamps'),
    MuxerEntry('dv', 'DV (Digital Video)', 'dv', '', '', 'dvvideo', 'pcm_s16le', '', ''),
    MuxerEntry('eac3', 'raw E-AC-3', 'eac3', 'audio/x-eac3', 'cine.engine.formats.raw_mux:RawMuxer', '', 'eac3', '', 'notimestamps'),
    MuxerEntry('f4v', 'F4V Adobe Flash Video', 'f4v', 'application/f4v','cine.engine.formats.mp4.mux_modes:F4vMuxer', 'h264', 'aac', '', 'globalheader,allow_flush'),
    MuxerEntry('ffmetadata', 'FFmpeg metadata in text', 'ffmeta', '', '', '', '', '', 'notimestamps,nostreams'),
    MuxerEntry('fifo', 'FIFO queue pseudo-muxer', '', '', '', '', '', '', 'nofile,allow_flush,ts_negative'),
    MuxerEntry('fifo_test', 'Fifo test muxer', '', '', '', '', '', '', 'nofile,allow_flush'),
    MuxerEntry('filmstrip', 'Adobe Filmstrip', 'flm', '', '', 'rawvideo', '', '', ''),
    MuxerEntry('fits', 'Flexible Image Transport System', 'fits', '', '', 'fits', '', '', ''),
    MuxerEntry('flac', 'raw FLAC', 'flac', 'audio/x-flac', 'cine.engine.formats.flac_mux:FlacMuxer', 'png', 'flac', '', 'notimestamps'),
    MuxerEntry('flv', 'FLV (Flash Video)', 'flv', 'video/x-flv', '', 'flv1', 'mp3', '', 'globalheader,variable_fps,ts_nonstrict'),
    MuxerEntry('framecrc', 'framecrc testing', '', '', 'cine.engine.formats.framemd5:FrameCrcMuxer', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('framehash', 'Per-frame hash testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('framemd5', 'Per-frame MD5 testing', '', '', 'cine.engine.formats.framemd5:FrameMd5Muxer', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('g722', 'raw G.722', 'g722', 'audio/G722', 'cine.engine.formats.raw_mux:RawMuxer', '', 'adpcm_g722', '', 'notimestamps'),
    MuxerEntry('g723_1', 'raw G.723.1', 'tco,rco', 'audio/g723', 'cine.engine.formats.raw_mux:RawMuxer', '', 'g723_1', '', 'notimestamps'),
    MuxerEntry('g726', 'raw big-endian G.726 ("left-justified")', '', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'adpcm_g726', '', 'notimestamps'),
    MuxerEntry('g726le', 'raw little-endian G.726 ("right-justified")', '', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'adpcm_g726le', '', 'notimestamps'),
    MuxerEntry('gif', 'CompuServe Graphics Interchange Format (GIF)', 'gif', 'image/gif', '', 'gif', '', '', 'variable_fps'),
    MuxerEntry('gsm', 'raw GSM', 'gsm', 'audio/x-gsm', 'cine.engine.formats.raw_mux:RawMuxer', '', 'gsm', '', 'notimestamps'),
    MuxerEntry('gxf', 'GXF (General eXchange Format)', 'gxf', '', '', 'mpeg2video', 'pcm_s16le', '', ''),
    MuxerEntry('h261', 'raw H.261', 'h261', 'video/x-h261', 'cine.engine.formats.raw_mux:RawMuxer', 'h261', '', '', 'notimestamps'),
    MuxerEntry('h263', 'raw H.263', 'h263', 'video/x-h263', 'cine.engine.formats.raw_mux:RawMuxer', 'h263', '', '', 'notimestamps'),
    MuxerEntry('h264', 'raw H.264 video', 'h264,264', '', 'cine.engine.formats.raw_mux:RawMuxer', 'h264', '', '', 'notimestamps'),
    MuxerEntry('hash', 'Hash testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('hds', 'HDS Muxer', '', '', '', 'h264', 'aac', '', 'globalheader,nofile'),
    MuxerEntry('hevc', 'raw HEVC video', 'hevc,h265,265', '', 'cine.engine.formats.raw_mux:RawMuxer', 'hevc', '', '', 'notimestamps'),
    MuxerEntry('hls', 'Apple HTTP Live Streaming', 'm3u8', '', '', 'h264', 'aac', 'webvtt', 'nofile,globalheader,allow_flush,nodimensions'),
    MuxerEntry('ico', 'Microsoft Windows ICO', 'ico', 'image/vnd.microsoft.icon', '', 'bmp', '', '', 'notimestamps'),
    MuxerEntry('ilbc', 'iLBC storage', 'lbc', 'audio/iLBC', '', '', 'ilbc', '', 'notimestamps'),
    MuxerEntry('image2', 'image2 sequence', 'bmp,dpx,exr,jls,jpeg,jpg,jxl,ljpg,pam,pbm,pcx,pfm,pgm,pgmyuv,phm,png,ppm,sgi,tga,tif,tiff,jp2,j2c,j2k,xwd,sun,ras,rs,im1,im8,im24,sunras,vbn,xbm,xface,pix,y,avif,qoi', '', 'cine.engine.formats.image2:Image2Muxer', 'mjpeg', '', '', 'notimestamps,nodimensions,nofile'),
    MuxerEntry('image2pipe', 'piped image2 sequence', '', '', 'cine.engine.formats.image2:Image2PipeMuxer', 'mjpeg', '', '', 'notimestamps,nodimensions'),
    MuxerEntry('ipod', 'iPod H.264 MP4 (MPEG-4 Part 14)', 'm4v,m4a,m4b', 'video/mp4', 'cine.engine.formats.mp4.mux:IpodMuxer', 'h264', 'aac', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('ircam', 'Berkeley/IRCAM/CARL Sound Format', 'sf,ircam', '', '', '', 'pcm_s16le', '', ''),
    MuxerEntry('ismv', 'ISMV/ISMA (Smooth Streaming)', 'ismv,isma', 'video/mp4', 'cine.engine.formats.mp4.mux_ismv:IsmvMuxer', 'h264', 'aac', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('ivf', 'On2 IVF', 'ivf', '', '', 'vp8', '', '', ''),
    MuxerEntry('jacosub', 'JACOsub subtitle format', 'jss,js', 'text/x-jacosub', '', '', '', 'jacosub', 'ts_nonstrict'),
    MuxerEntry('kvag', 'Simon & Schuster Interactive VAG', 'vag', '', '', '', 'adpcm_ima_ssi', '', ''),
    MuxerEntry('latm', 'LOAS/LATM', 'latm,loas', 'audio/MP4A-LATM', '', '', 'aac', '', 'notimestamps'),
    MuxerEntry('lrc', 'LRC lyrics', 'lrc', '', '', '', '', 'subrip', 'variable_fps,globalheader,ts_negative,ts_nonstrict'),
    MuxerEntry('m4v', 'raw MPEG-4 video', 'm4v', '', 'cine.engine.formats.raw_mux:RawMuxer', 'mpeg4', '', '', 'notimestamps'),
    MuxerEntry('md5', 'MD5 testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('matroska', 'Matroska', 'mkv', 'video/x-matroska', 'cine.engine.formats.matroska.mux:MatroskaMuxer', 'h264', 'vorbis', 'ass', 'globalheader,variable_fps,ts_nonstrict,allow_flush'),
    MuxerEntry('matroska', 'Matroska Audio', 'mka', 'audio/x-matroska', 'cine.engine.formats.matroska.mux:MatroskaAudioMuxer', '', 'vorbis', 'ass', 'globalheader,ts_nonstrict,allow_flush'),
    MuxerEntry('microdvd', 'MicroDVD subtitle format', 'sub', 'text/x-microdvd', '', '', '', 'microdvd', 'notimestamps'),
    MuxerEntry('mjpeg', 'raw MJPEG video', 'mjpg,mjpeg', 'video/x-mjpeg', 'cine.engine.formats.raw_mux:RawMuxer', 'mjpeg', '', '', 'notimestamps'),
    MuxerEntry('mlp', 'raw MLP', 'mlp', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'mlp', '', 'notimestamps'),
    MuxerEntry('mmf', 'Yamaha SMAF', 'mmf', 'application/vnd.smaf', '', '', 'adpcm_yamaha', '', ''),
    MuxerEntry('mov', 'QuickTime / MOV', 'mov', '', 'cine.engine.formats.mp4.mux:MovMuxer', 'h264', 'aac', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('mp2', 'MP2 (MPEG audio layer 2)', 'mp2,m2a,mpa', 'audio/mpeg', 'cine.engine.formats.raw_mux:DataMuxer', '', 'mp2', '', 'notimestamps'),
    MuxerEntry('mp3', 'MP3 (MPEG audio layer 3)', 'mp3', 'audio/mpeg', 'cine.engine.formats.mp3_mux:Mp3Muxer', 'png', 'mp3', '', 'notimestamps'),
    MuxerEntry('mp4', 'MP4 (MPEG-4 Part 14)', 'mp4', 'video/mp4', 'cine.engine.formats.mp4.mux:Mp4Muxer', 'h264', 'aac', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('mpeg', 'MPEG-1 Systems / MPEG program stream', 'mpg,mpeg', 'video/mpeg', '', 'mpeg1video', 'mp2', '', ''),
    MuxerEntry('vcd', 'MPEG-1 Systems / MPEG program stream (VCD)', '', 'video/mpeg', '', 'mpeg1video', 'mp2', '', ''),
    MuxerEntry('mpeg1video', 'raw MPEG-1 video', 'mpg,mpeg,m1v', 'video/mpeg', 'cine.engine.formats.raw_mux:RawMuxer', 'mpeg1video', '', '', 'notimestamps'),
    MuxerEntry('dvd', 'MPEG-2 PS (DVD VOB)', 'dvd', 'video/mpeg', '', 'mpeg2video', 'mp2', '', ''),
    MuxerEntry('svcd', 'MPEG-2 PS (SVCD)', 'vob', 'video/mpeg', '', 'mpeg2video', 'mp2', '', ''),
    MuxerEntry('mpeg2video', 'raw MPEG-2 video', 'm2v', '', 'cine.engine.formats.raw_mux:RawMuxer', 'mpeg2video', '', '', 'notimestamps'),
    MuxerEntry('vob', 'MPEG-2 PS (VOB)', 'vob', 'video/mpeg', '', 'mpeg2video', 'mp2', '', ''),
    MuxerEntry('mpegts', 'MPEG-TS (MPEG-2 Transport Stream)', 'ts,m2t,m2ts,mts', 'video/MP2T', 'cine.engine.formats.mpegts.mux:MpegtsMuxer', 'mpeg2video', 'mp2', '', 'allow_flush,variable_fps,nodimensions'),
    MuxerEntry('mpjpeg', 'MIME multipart JPEG', 'mjpg', 'multipart/x-mixed-replace;boundary=ffmpeg', '', 'mjpeg', '', '', 'notimestamps'),
    MuxerEntry('mxf', 'MXF (Material eXchange Format)', 'mxf', 'application/mxf', '', 'mpeg2video', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('mxf_d10', 'MXF (Material eXchange Format) D-10 Mapping', '', 'application/mxf', '', 'mpeg2video', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('mxf_opatom', 'MXF (Material eXchange Format) Operational Pattern Atom', 'mxf', 'application/mxf', '', 'dnxhd', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('null', 'raw null video', '', '', 'cine.engine.formats.null_mux:NullMuxer', 'wrapped_avframe', 'pcm_s16le', '', 'variable_fps,nofile,notimestamps'),
    MuxerEntry('nut', 'NUT', 'nut', 'video/x-nut', '', 'mpeg4', 'vorbis', '', 'globalheader,variable_fps'),
    MuxerEntry('obu', 'AV1 low overhead OBU', 'obu', '', '', 'av1', '', '', 'notimestamps'),
    MuxerEntry('oga', 'Ogg Audio', 'oga', 'audio/ogg', 'cine.engine.formats.ogg.mux:OggMuxer', '', 'flac', '', 'ts_negative,allow_flush'),
    MuxerEntry('ogg', 'Ogg', 'ogg', 'application/ogg', 'cine.engine.formats.ogg.mux:OggMuxer', 'theora', 'vorbis', '', 'ts_negative,ts_nonstrict,allow_flush'),
    MuxerEntry('ogv', 'Ogg Video', 'ogv', 'video/ogg', 'cine.engine.formats.ogg.mux:OggMuxer', 'theora', 'vorbis', '', 'ts_negative,ts_nonstrict,allow_flush'),
    MuxerEntry('oma', 'Sony OpenMG audio', 'oma', 'audio/x-oma', '', '', 'atrac3', '', 'notimestamps'),
    MuxerEntry('opus', 'Ogg Opus', 'opus', 'audio/ogg', 'cine.engine.formats.ogg.mux:OggMuxer', '', 'opus', '', 'ts_negative,allow_flush'),
    MuxerEntry('alaw', 'PCM A-law', 'al', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_alaw', '', 'notimestamps'),
    MuxerEntry('mulaw', 'PCM mu-law', 'ul', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_mulaw', '', 'notimestamps'),
    MuxerEntry('vidc', 'PCM Archimedes VIDC', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_vidc', '', 'notimestamps'),
    MuxerEntry('f64be', 'PCM 64-bit floating-point big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_f64be', '', 'notimestamps'),
    MuxerEntry('f64le', 'PCM 64-bit floating-point little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_f64le', '', 'notimestamps'),
    MuxerEntry('f32be', 'PCM 32-bit floating-point big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_f32be', '', 'notimestamps'),
    MuxerEntry('f32le', 'PCM 32-bit floating-point little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_f32le', '', 'notimestamps'),
    MuxerEntry('s32be', 'PCM signed 32-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s32be', '', 'notimestamps'),
    MuxerEntry('s32le', 'PCM signed 32-bit little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s32le', '', 'notimestamps'),
    MuxerEntry('s24be', 'PCM signed 24-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s24be', '', 'notimestamps'),
    MuxerEntry('s24le', 'PCM signed 24-bit little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s24le', '', 'notimestamps'),
    MuxerEntry('s16be', 'PCM signed 16-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s16be', '', 'notimestamps'),
    MuxerEntry('s16le', 'PCM signed 16-bit little-endian', 'sw', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('s8', 'PCM signed 8-bit', 'sb', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_s8', '', 'notimestamps'),
    MuxerEntry('u32be', 'PCM unsigned 32-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u32be', '', 'notimestamps'),
    MuxerEntry('u32le', 'PCM unsigned 32-bit little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u32le', '', 'notimestamps'),
    MuxerEntry('u24be', 'PCM unsigned 24-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u24be', '', 'notimestamps'),
    MuxerEntry('u24le', 'PCM unsigned 24-bit little-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u24le', '', 'notimestamps'),
    MuxerEntry('u16be', 'PCM unsigned 16-bit big-endian', '', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u16be', '', 'notimestamps'),
    MuxerEntry('u16le', 'PCM unsigned 16-bit little-endian', 'uw', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u16le', '', 'notimestamps'),
    MuxerEntry('u8', 'PCM unsigned 8-bit', 'ub', '', 'cine.engine.formats.raw_mux:PcmMuxer', '', 'pcm_u8', '', 'notimestamps'),
    MuxerEntry('psp', 'PSP MP4 (MPEG-4 Part 14)', 'mp4,psp', '', 'cine.engine.formats.mp4.mux_modes:PspMuxer', 'h264', 'aac', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('rawvideo', 'raw video', 'yuv,rgb', '', 'cine.engine.formats.raw_mux:RawMuxer', 'rawvideo', '', '', 'notimestamps'),
    MuxerEntry('rm', 'RealMedia', 'rm,ra', 'application/vnd.rn-realmedia', '', 'rv10', 'ac3', '', ''),
    MuxerEntry('roq', 'raw id RoQ', 'roq', '', '', 'roq', 'roq_dpcm', '', ''),
    MuxerEntry('rso', 'Lego Mindstorms RSO', 'rso', '', '', '', 'pcm_u8', '', 'notimestamps'),
    MuxerEntry('rtp', 'RTP output', '', '', '', 'mpeg4', 'pcm_mulaw', '', 'ts_nonstrict'),
    MuxerEntry('rtp_mpegts', 'RTP/mpegts output format', '', '', '', 'mpeg4', 'aac', '', ''),
    MuxerEntry('rtsp', 'RTSP output', '', '', '', 'mpeg4', 'aac', '', 'nofile,globalheader'),
    MuxerEntry('sap', 'SAP output', '', '', '', 'mpeg4', 'aac', '', 'nofile,globalheader'),
    MuxerEntry('sbc', 'raw SBC', 'sbc,msbc', 'audio/x-sbc', 'cine.engine.formats.raw_mux:RawMuxer', '', 'sbc', '', 'notimestamps'),
    MuxerEntry('scc', 'Scenarist Closed Captions', 'scc', '', '', '', '', 'eia_608', 'globalheader,variable_fps,ts_nonstrict'),
    MuxerEntry('film_cpk', 'Sega FILM / CPK', 'cpk', '', '', 'cinepak', 'pcm_s16be_planar', '', ''),
    MuxerEntry('segment', 'segment', '', '', '', '', '', '', 'nofile,globalheader'),
    MuxerEntry('stream_segment,ssegment', 'streaming segment muxer', '', '', '', '', '', '', 'nofile'),
    MuxerEntry('smjpeg', 'Loki SDL MJPEG', '', '', '', 'mjpeg', 'pcm_s16le', '', 'globalheader,ts_nonstrict'),
    MuxerEntry('smoothstreaming', 'Smooth Streaming Muxer', '', '', '', 'h264', 'aac', '', 'globalheader,nofile'),
    MuxerEntry('sox', 'SoX native', 'sox', '', '', '', 'pcm_s32le', '', 'notimestamps'),
    MuxerEntry('spx', 'Ogg Speex', 'spx', 'audio/ogg', 'cine.engine.formats.ogg.mux:OggMuxer', '', 'speex', '', 'ts_negative,allow_flush'),
    MuxerEntry('spdif', 'IEC 61937 (used on S/PDIF - IEC958)', 'spdif', '', '', '', 'ac3', '', 'notimestamps'),
    MuxerEntry('srt', 'SubRip subtitle', 'srt', 'application/x-subrip', '', '', '', 'subrip', 'variable_fps,ts_nonstrict'),
    MuxerEntry('streamhash', 'Per-stream hash testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('sup', 'raw HDMV Presentation Graphic Stream subtitles', 'sup', 'application/x-pgs', '', '', '', 'hdmv_pgs_subtitle', 'variable_fps,ts_nonstrict'),
    MuxerEntry('swf', 'SWF (ShockWave Flash)', 'swf', 'application/x-shockwave-flash', '', 'flv1', 'mp3', '', 'ts_nonstrict'),
    MuxerEntry('tee', 'Multiple muxer tee', '', '', '', '', '', '', 'nofile,allow_flush,ts_negative'),
    MuxerEntry('3g2', '3GP2 (3GPP2 file format)', '3g2', '', 'cine.engine.formats.mp4.mux_modes:ThreeG2Muxer', 'h263', 'amr_nb', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('3gp', '3GP (3GPP file format)', '3gp', '', 'cine.engine.formats.mp4.mux_modes:ThreeGpMuxer', 'h263', 'amr_nb', '', 'globalheader,allow_flush,ts_negative'),
    MuxerEntry('mkvtimestamp_v2', 'extract pts as timecode v2 format, as defined by mkvtoolnix', '', '', '', 'rawvideo', '', '', ''),
    MuxerEntry('truehd', 'raw TrueHD', 'thd', '', 'cine.engine.formats.raw_mux:RawMuxer', '', 'truehd', '', 'notimestamps'),
    MuxerEntry('tta', 'TTA (True Audio)', 'tta', 'audio/x-tta', '', '', 'tta', '', ''),
    MuxerEntry('ttml', 'TTML subtitle', 'ttml', 'text/ttml', '', '', '', 'ttml', 'globalheader,variable_fps,ts_nonstrict'),
    MuxerEntry('uncodedframecrc', 'uncoded framecrc testing', '', '', '', 'rawvideo', 'pcm_s16le', '', 'variable_fps,ts_nonstrict,ts_negative'),
    MuxerEntry('vc1', 'raw VC-1 video', 'vc1', '', 'cine.engine.formats.raw_mux:RawMuxer', 'vc1', '', '', 'notimestamps'),
    MuxerEntry('vc1test', 'VC-1 test bitstream', 'rcv', '', '', 'wmv3', '', '', ''),
    MuxerEntry('voc', 'Creative Voice', 'voc', 'audio/x-voc', '', '', 'pcm_s16le', '', 'notimestamps'),
    MuxerEntry('w64', 'Sony Wave64', 'w64', '', 'cine.engine.formats.w64_mux:W64Muxer', '', 'pcm_s16le', '', 'ts_nonstrict'),
    MuxerEntry('wav', 'WAV / WAVE (Waveform Audio)', 'wav', 'audio/x-wav', 'cine.engine.formats.wav_mux:WavMuxer', '', 'pcm_s16le', '', 'ts_nonstrict'),
    MuxerEntry('webm', 'WebM', 'webm', 'video/webm', 'cine.engine.formats.matroska.mux:WebMMuxer', 'vp9', 'opus', 'webvtt', 'globalheader,variable_fps,ts_nonstrict,allow_flush'),
    MuxerEntry('webm_dash_manifest', 'WebM DASH Manifest', 'xml', 'application/xml', '', '', '', '', ''),
    MuxerEntry('webm_chunk', 'WebM Chunk Muxer', 'chk', 'video/webm', '', '', '', '', 'nofile,globalheader,neednumber,ts_nonstrict'),
    MuxerEntry('webp', 'WebP', 'webp', '', '', 'webp', '', '', 'variable_fps'),
    MuxerEntry('webvtt', 'WebVTT subtitle', 'vtt', 'text/vtt', '', '', '', 'webvtt', 'variable_fps,ts_nonstrict'),
    MuxerEntry('wsaud', 'Westwood Studios audio', 'aud', '', '', '', 'adpcm_ima_ws', '', ''),
    MuxerEntry('wtv', 'Windows Television (WTV)', 'wtv', '', '', 'mpeg2video', 'ac3', '', ''),
    MuxerEntry('wv', 'raw WavPack', 'wv', 'audio/x-wavpack', '', '', 'wavpack', '', 'notimestamps'),
    MuxerEntry('yuv4mpegpipe', 'YUV4MPEG pipe', 'y4m', '', '', 'wrapped_avframe', '', '', ''),
    MuxerEntry('chromaprint', 'Chromaprint', '', '', '', '', 'pcm_s16le', '', 'notimestamps'),
)

_IMAGE_EXTS = ("bmp,dpx,exr,jls,jpeg,jpg,jxl,ljpg,pam,pbm,pcx,pfm,pgm,pgmyuv,phm,png,ppm,sgi,"
               "tga,tif,tiff,jp2,j2c,j2k,xwd,sun,ras,rs,im1,im8,im24,sunras,vbn,xbm,xface,pix,y,"
               "avif,qoi,hdr,webp")


def by_name(name: str) -> MuxerEntry | None:
    """av_guess_format(name, NULL, NULL): the first muxer of that name (for -f)."""
    for entry in MUXERS:
        if name in entry.name.split(","):
            return entry
    return None


def match_ext(filename: str, extensions: str) -> bool:
    """av_match_ext: the text after the last '.' is one of the comma-separated extensions
    (case-insensitive)."""
    dot = filename.rfind(".")
    if dot < 0 or not extensions:
        return False
    ext = filename[dot + 1:].lower()
    return ext in extensions.lower().split(",")


def _filename_number_test(filename: str) -> bool:
    """av_filename_number_test: the name holds one %d / %0Nd pattern."""
    if "%" not in filename:
        return False
    import re
    return re.search(r"%0?\d*d", filename) is not None


def guess_entry(short_name: str | None, filename: str | None,
                mime_type: str | None = None) -> MuxerEntry | None:
    """av_guess_format: +100 for the name, +10 for the MIME type, +5 for the extension; the
    first muxer with the highest score wins."""
    if (not short_name and filename and _filename_number_test(filename)
            and match_ext(filename, _IMAGE_EXTS)):
        return by_name("image2")
    best, best_score = None, 0
    for entry in MUXERS:
        score = 0
        if short_name and short_name in entry.name.split(","):
            score += 100
        if mime_type and entry.mime and entry.mime == mime_type:
            score += 10
        if filename and entry.extensions and match_ext(filename, entry.extensions):
            score += 5
        if score > best_score:
            best, best_score = entry, score
    return best


def guess_format(filename: str) -> str | None:
    """The muxer name av_guess_format picks for an output file name (None: none matches,
    ffmpeg then says "Unable to find a suitable output format for ...")."""
    entry = guess_entry(None, filename)
    return entry.name if entry else None


def load_muxer(entry: MuxerEntry):
    """The muxer class of an entry; raises Unsupported when cine has none."""
    if not entry.module:
        from ..errors import Unsupported
        raise Unsupported("muxer %s is not implemented" % entry.name)
    mod, _, cls = entry.module.partition(":")
    __import__(mod)
    return getattr(sys.modules[mod], cls)
