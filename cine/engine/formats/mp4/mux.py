"""The MP4 / MOV / iPod muxers (FFmpeg 5.1.9 libavformat/movenc.c behaviour, non-fragmented
and +faststart): ftyp, a free/wide placeholder and mdat written as packets arrive, the sample
index kept per track, and the moov (mux_boxes.py) written at the trailer, or moved in front of
the mdat with -movflags +faststart (the data shifted as ff_format_shift_data does).
"""
from __future__ import annotations

import errno

from ...errors import AVERROR_PATCHWELCOME, CineError, Unsupported
from ...model import PKT_FLAG_KEY, Rational
from ...timebase import rescale_q
from ..base import Muxer
from .codec_tags import MOV_AUDIO, MOV_SUBTITLE, MOV_VIDEO
from .mux_fragmodes import ism_timescale, realign_pts, shift_dts
from .mux_track import (MODE_3G2, MODE_3GP, MODE_F4V, MODE_IPOD, MODE_ISM, MODE_MOV, MODE_MP4,
                        MODE_PSP, MOV_DISPOSABLE_SAMPLE, MOV_SYNC_SAMPLE, MOV_TRACK_CTTS,
                        MOV_TRACK_ENABLED, Track, _NOPTS)

INT_MAX = (1 << 31) - 1
UINT32_MAX = 0xFFFFFFFF


def _t(s: str) -> int:
    b = s.encode("latin-1")
    return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


# TextSampleEntry + BoxRecord + StyleRecord + FontTableBox (one nameless font), as
# mov_create_chapter_track writes it
CHAPTER_STUB = (bytes([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0D]) + b"ftab" + bytes([0, 1, 0, 1, 0]))

MP4_TAGS = tuple((n, _t(t)) for n, t in (
    ("mpeg4", "mp4v"), ("h264", "avc1"), ("h264", "avc3"), ("hevc", "hev1"), ("hevc", "hvc1"),
    ("mpeg2video", "mp4v"), ("mpeg1video", "mp4v"), ("mjpeg", "mp4v"), ("png", "mp4v"),
    ("jpeg2000", "mp4v"), ("vc1", "vc-1"), ("dirac", "drac"), ("tscc2", "mp4v"),
    ("vp9", "vp09"), ("av1", "av01"), ("aac", "mp4a"), ("alac", "alac"), ("mp4als", "mp4a"),
    ("mp3", "mp4a"), ("mp2", "mp4a"), ("ac3", "ac-3"), ("eac3", "ec-3"), ("dts", "mp4a"),
    ("truehd", "mlpa"), ("flac", "fLaC"), ("opus", "Opus"), ("vorbis", "mp4a"),
    ("qcelp", "mp4a"), ("evrc", "mp4a"), ("dvd_subtitle", "mp4s"), ("mov_text", "tx3g"),
    ("bin_data", "gpmd"), ("mpegh_3d_audio", "mhm1"), ("ttml", "stpp"), ("ttml", "dfxp")))
IPOD_TAGS = tuple((n, _t(t)) for n, t in (
    ("h264", "avc1"), ("mpeg4", "mp4v"), ("aac", "mp4a"), ("alac", "alac"), ("ac3", "ac-3"),
    ("mov_text", "tx3g"), ("mov_text", "text")))
MOV_TAGS = tuple((n, t) for t, n in MOV_VIDEO + MOV_AUDIO + MOV_SUBTITLE)

FLAGS = {"rtphint": 1, "empty_moov": 2, "frag_keyframe": 4, "separate_moof": 8,
         "frag_custom": 0x20, "isml": 0x40, "faststart": 0x80, "omit_tfhd_offset": 0x100,
         "disable_chpl": 0x200, "default_base_moof": 0x400, "dash": 0x800,
         "frag_discont": 0x1000, "delay_moov": 0x2000, "global_sidx": 0x4000,
         "write_colr": 0x8000, "write_gama": 0x10000, "use_metadata_tags": 0x20000,
         "skip_sidx": 0x40000, "negative_cts_offsets": 0x80000, "cmaf": 0x100000,
         "prefer_icc": 0x200000, "skip_trailer": 0x400000, "frag_every_frame": 0x800000,
         "fragment": 0x10}
FRAGMENT_FLAGS = FLAGS["empty_moov"] | FLAGS["frag_keyframe"] | FLAGS["frag_custom"] | \
    FLAGS["frag_every_frame"]


def parse_movflags(text: str | None) -> int:
    """av_opt_eval_flags on -movflags: "+a+b", "a+b", "-a"."""
    from ..avopt import flag_tokens
    flags = 0
    if not text:
        return 0
    for sign, name in flag_tokens(text):
        v = FLAGS.get(name)
        if v is None:
            try:
                v = int(name, 0)
            except ValueError:
                raise CineError("Unable to parse option value \"%s\"" % name, code=-errno.EINVAL)
        if sign == "-":
            flags &= ~v
        else:
            flags |= v
    return flags


class _MovBase(Muxer):
    MODE = MODE_MP4
    codec_tags = MP4_TAGS

    def init(self) -> None:
        from .mux_options import apply_options
        apply_options(self)
        o = self.options
        ctx, log = self.ctx, self.log
        self.mode = self.MODE
        self.flags = parse_movflags(o.get("movflags"))
        F = FLAGS
        if self.flags & F["delay_moov"]:
            self.flags |= F["empty_moov"]
        self.max_frag_duration = int(o.get("frag_duration", "0"))
        self.min_frag_duration = int(o.get("min_frag_duration", "0"))
        self.max_frag_size = int(o.get("frag_size", "0"))
        if self.max_frag_duration or self.max_frag_size or self.flags & FRAGMENT_FLAGS:
            self.flags |= F["fragment"]
        from .mux_fragmodes import implied_flags
        implied_flags(self)
        self.fragment = bool(self.flags & F["fragment"])
        self.empty_moov = bool(self.flags & F["empty_moov"])
        mc = getattr(self, "mux_ctx", None)
        if self.empty_moov and mc is not None and mc.auto_bsf:
            log.verbose("Empty MOOV enabled; disabling automatic bitstream filtering\n")
            mc.auto_bsf = False
        from .mux_fragmodes import check_flags
        check_flags(self)
        self.negative_cts = bool(self.flags & F["negative_cts_offsets"])
        self.faststart = bool(self.flags & F["faststart"])
        ue = o.get("use_editlist")
        self.use_editlist = -1 if ue is None or ue in ("-1", "auto") else int(ue in ("1", "true"))
        avoid = mc.avoid_negative_ts if mc is not None else -1
        if self.use_editlist < 0:
            self.use_editlist = 1
            if self.fragment and not self.flags & F["delay_moov"] and avoid in (-1, 2):
                self.use_editlist = 0
            if self.flags & F["cmaf"]:
                self.use_editlist = 0
        if self.empty_moov and not self.flags & F["delay_moov"] and self.use_editlist:
            log.warning("No meaningful edit list will be written when using empty_moov without "
                        "delay_moov\n")
        if self.flags & F["cmaf"] and self.use_editlist:
            log.warning("Edit list enabled; Assuming writing CMAF Track File\n")
            self.flags &= ~F["negative_cts_offsets"]
            self.negative_cts = False
        if not self.use_editlist and avoid == -1 and not self.negative_cts and mc is not None:
            mc.avoid_negative_ts = 2
        self.avoid_negative_ts = mc.avoid_negative_ts if mc is not None else avoid
        self.moov_written = False
        self.fragments = int(o.get("fragment_index", "1"))
        self.mdat_buf = bytearray()
        self.missing_duration_warned = False
        self.movie_timescale = int(o.get("movie_timescale", "1000"))
        self.empty_hdlr_name = o.get("empty_hdlr_name") in ("1", "true")
        wb = o.get("write_btrt")
        self.write_btrt = (self.mode == MODE_MP4) if wb is None else wb in ("1", "true")
        self.video_track_timescale = int(o.get("video_track_timescale", "0"))
        self.per_stream_grouping = False
        self.mdat_size = 0
        self.time = 0
        if not self.pb.seekable and (not self.fragment or self.ism_lookahead):
            log.error("muxer does not support non seekable output\n")
            raise CineError(code=-errno.EINVAL)
        from .mux_tmcd import count_tmcd
        count_tmcd(self)
        self.tracks: list[Track] = []
        for st in ctx.streams:
            trk = Track(st, self.mode)
            lang = st.tags.get("language")
            trk.language = _lang(lang if lang is not None else "und", self.mode != MODE_MOV)
            if trk.language < 0:
                trk.language = 32767
            trk.tag = self._find_tag(trk)
            if not trk.tag:
                log.error("Could not find tag for codec %s in stream #%d, codec not currently "
                          "supported in container\n" % (st.codecpar.codec_name or "none", st.index))
                raise CineError(code=-errno.EINVAL)
            par = st.codecpar
            trk.is_cover = st.disposition == {"attached_pic"}
            trk.cover_image = None
            if par.codec_type == "video":
                if self.video_track_timescale:
                    trk.timescale = self.video_track_timescale
                    if self.mode == MODE_ISM and self.video_track_timescale != 10000000:
                        log.warning("Warning: some tools, like mp4split, assume a timescale of "
                                    "10000000 for ISMV.\n")
                else:
                    trk.timescale = st.time_base.den
                    while trk.timescale < 10000:
                        trk.timescale *= 2
                if par.width > 65535 or par.height > 65535:
                    log.error("Resolution %dx%d too large for mov/mp4\n" % (par.width, par.height))
                    raise CineError(code=-errno.EINVAL)
                if self.mode == MODE_MOV and trk.timescale > 100000:
                    log.warning("WARNING codec timebase is very high. If duration is too long,\n"
                                "file may not be playable by quicktime. Specify a shorter timebase\n"
                                "or choose different container.\n")
                if par.codec_name == "vp9" and self.mode != MODE_MP4:
                    log.error("%s only supported in MP4.\n" % par.codec_name)
                    raise CineError(code=-errno.EINVAL)
                if par.codec_name == "av1" and self.mode != MODE_MP4:
                    log.error("%s only supported in MP4 and AVIF.\n" % par.codec_name)
                    raise CineError(code=-errno.EINVAL)
                if par.codec_name == "vp8":
                    log.error("VP8 muxing is currently not supported.\n")
                    raise CineError(code=AVERROR_PATCHWELCOME)
            elif par.codec_type == "audio":
                from ...codecs.bits_per_sample import bits_per_sample
                trk.timescale = par.sample_rate
                bps = bits_per_sample(par.codec_name)
                if not par.frame_size and not bps:
                    log.warning("track %d: codec frame size is not set\n" % st.index)
                    trk.audio_vbr = True
                elif par.codec_name in ("adpcm_ms", "adpcm_ima_wav", "ilbc"):
                    if not par.block_align:
                        log.error("track %d: codec block align is not set for adpcm\n" % st.index)
                        raise CineError(code=-errno.EINVAL)
                    trk.sample_size = par.block_align
                elif par.frame_size > 1:
                    trk.audio_vbr = True
                else:
                    trk.sample_size = (bps >> 3) * par.channels
                if par.codec_name in ("ilbc", "adpcm_ima_qt"):
                    trk.audio_vbr = True
                if self.mode != MODE_MOV and par.codec_name == "mp3" and trk.timescale < 16000:
                    log.error("track %d: muxing mp3 at %dhz is not standard, to mux anyway set "
                              "strict to -1\n" % (st.index, par.sample_rate))
                    raise CineError(code=-errno.EINVAL)
                if par.codec_name in ("flac", "truehd", "opus"):
                    if self.mode != MODE_MP4:
                        log.error("%s only supported in MP4.\n" % par.codec_name)
                        raise CineError(code=-errno.EINVAL)
                    if par.codec_name != "opus":
                        log.error("%s in MP4 support is experimental, add '-strict -2' if you "
                                  "want to use it.\n" % par.codec_name)
                        from ...errors import AVERROR_EXPERIMENTAL
                        raise CineError(code=AVERROR_EXPERIMENTAL)
                trk.ac3_info = None
            elif par.codec_type == "subtitle":
                if par.codec_name not in ("mov_text",):
                    raise Unsupported("MP4 %s subtitle tracks are not implemented" % par.codec_name)
                trk.timescale = st.time_base.den
            elif par.codec_type == "data":
                if trk.tag not in (0x64636D74, 0x646D7067):   # timecode, GoPro metadata
                    raise Unsupported("MP4 data tracks are not implemented")
                trk.timescale = st.time_base.den
                trk.timecode_flags = 0
            trk.height = par.height
            trk.dts_shift = None
            ism_timescale(self, trk)
            st.time_base = Rational(1, trk.timescale)
            self.tracks.append(trk)
        self._enable_tracks()
        self.chapter_track = None
        # FFmpeg 5.1.9: only the mp4, mov and ipod modes get a chapter track
        if ctx.chapters and self.mode in (MODE_MP4, MODE_MOV, MODE_IPOD):
            from ...model import CodecParameters, Stream
            cst = Stream(index=len(ctx.streams),
                         codecpar=CodecParameters(codec_type="subtitle", extradata=CHAPTER_STUB))
            trk = Track(cst, self.mode)
            trk.is_chapter = True
            trk.dts_shift = None
            trk.tag = _t("text")
            trk.timescale = self.movie_timescale
            self.chapter_track = trk
            self.tracks.append(trk)

    def _find_tag(self, trk: Track) -> int:
        st = trk.st
        if st.disposition == {"attached_pic"}:
            return {"mjpeg": 0xD, "png": 0xE, "bmp": 0x1B}.get(st.codecpar.codec_name, 0)
        if self.mode == MODE_IPOD:
            from ..muxers import match_ext
            url = self.ctx.filename
            if not any(match_ext(url, e) for e in ("m4a", "m4v", "m4b")):
                self.log.warning("Warning, extension is not .m4a nor .m4v Quicktime/Ipod might "
                                 "not play the file\n")
        par = st.codecpar
        if self.mode == MODE_MOV:
            tag = par.codec_tag
            if not tag or par.codec_name in ("h264", "h263", "dvvideo", "rawvideo", "dnxhd",
                                              "mpeg2video") or _bps(par.codec_name):
                if par.codec_name == "h264":
                    tag = _t("avc1")
                elif par.codec_type == "video":
                    tag = next((t for n, t in MOV_TAGS if n == par.codec_name
                                and (t, n) in MOV_VIDEO), 0)
                elif par.codec_type == "audio":
                    tag = next((t for t, n in MOV_AUDIO if n == par.codec_name), 0)
                elif par.codec_type == "subtitle":
                    tag = next((t for t, n in MOV_SUBTITLE if n == par.codec_name), 0)
            return tag
        from ..riff_tags import _upper
        for n, t in self.codec_tags:
            if _upper(t) == _upper(par.codec_tag) and n == par.codec_name:
                return t
        return 0

    def _enable_tracks(self) -> None:
        enabled: dict = {}
        first: dict = {}
        for i, trk in enumerate(self.tracks):
            t = trk.par.codec_type
            if t not in ("video", "audio", "data", "subtitle", "attachment") or trk.is_cover:
                continue
            first.setdefault(t, i)
            if "default" in trk.st.disposition:
                trk.flags |= MOV_TRACK_ENABLED
                enabled[t] = enabled.get(t, 0) + 1
        for t in ("video", "audio", "subtitle"):
            if enabled.get(t, 0) > 1:
                self.per_stream_grouping = True
            if not enabled.get(t) and t in first:
                self.tracks[first[t]].flags |= MOV_TRACK_ENABLED

    def auto_bsf(self, stream, pkt):
        d = pkt.data
        if stream.codecpar.codec_name == "aac" and len(d) > 2 and \
                (int.from_bytes(d[:2], "big") & 0xFFF0) == 0xFFF0:
            return ["aac_adtstoasc"]
        if stream.codecpar.codec_name == "vp9":
            return ["vp9_superframe"]
        return None

    # -- header -------------------------------------------------------------------------------
    def write_header(self) -> None:
        pb = self.pb
        for trk in self.tracks:
            ex = trk.par.extradata
            if ex and trk.par.codec_name != "dnxhd":
                trk.vos_data = bytes(ex)
        if not self.flags & FLAGS["delay_moov"]:
            self._write_ftyp()
        self.reserved_header_pos = pb.tell()
        # -moov_size N: room for the moov after the ftyp (faststart wins)
        self.reserved_moov_size = -1 if self.faststart else int(self.options.get("moov_size", "0"))
        if self.reserved_moov_size > 0:
            pb.seek(pb.tell() + self.reserved_moov_size)
        F = FLAGS
        if self.fragment:
            if not self.flags & (F["frag_keyframe"] | F["frag_custom"] | F["frag_every_frame"]) \
                    and not self.max_frag_duration and not self.max_frag_size:
                self.flags |= F["frag_keyframe"]
        else:
            pb.wb32(8)
            pb.fourcc("wide" if self.mode == MODE_MOV else "free")
            self.mdat_pos = pb.tell()
            pb.wb32(0)
            pb.fourcc("mdat")
        ct = self.ctx.tags.get("creation_time")
        if ct is not None:
            t = _parse_time(ct)
            if t:
                self.time = t + 0x7C25B080
        if self.chapter_track is not None:
            self._write_chapters()
        from .mux_tmcd import create_tmcd_tracks
        create_tmcd_tracks(self)
        pb.flush()
        if self.flags & F["isml"]:
            from .mux_ismv import isml_manifest
            pb.write(isml_manifest(self))
        if self.empty_moov and not self.flags & F["delay_moov"]:
            from .mux_boxes import write_moov
            # the empty moov shows no sample even where some are buffered (chapters)
            hidden = [(t, t.samples) for t in self.tracks if t.samples]
            for t, _ in hidden:
                t.samples = type(t.samples)()
            try:
                moov = write_moov(self)
            except CineError as exc:
                pb.write(getattr(exc, "partial", b""))
                raise
            finally:
                for t, samples in hidden:
                    t.samples = samples
            pb.write(moov)
            self.moov_written = True
            if self.flags & F["global_sidx"]:
                self.reserved_header_pos = pb.tell()

    def _write_ftyp(self) -> None:
        pb = self.pb
        has_h264 = any(t.par.codec_name == "h264" and not t.is_cover for t in self.tracks)
        has_video = any(t.par.codec_type == "video" and not t.is_cover for t in self.tracks)
        has_av1 = any(t.par.codec_name == "av1" for t in self.tracks)
        from ..dovi import find as find_dovi
        has_dolby = any(t.par.codec_name in ("ac3", "eac3", "truehd")
                        or find_dovi(t.st.side_data) is not None for t in self.tracks)
        brands = []
        minor = 0x200
        major = self.options.get("brand")
        if major and len(major) >= 4:
            mb = major[:4]
        elif self.mode == MODE_3GP:
            mb, minor = ("3gp6", 0x100) if has_h264 else ("3gp4", 0x200)
        elif self.mode & MODE_3G2:
            mb, minor = ("3g2b", 0x20000) if has_h264 else ("3g2a", 0x10000)
        elif self.mode == MODE_F4V:
            mb = "f4v "
        elif self.mode == MODE_PSP:
            mb = "MSNV"
        elif self.mode == MODE_MP4 and self.fragment and self.negative_cts:
            mb = "iso6"
        elif self.mode == MODE_MP4 and self.flags & FLAGS["default_base_moof"]:
            mb = "iso5"
        elif self.mode == MODE_MP4:
            mb = "iso4" if self.negative_cts else "isom"
        elif self.mode == MODE_IPOD:
            mb = "M4V " if has_video else "M4A "
        elif self.mode == MODE_ISM:
            mb = "isml"
        else:
            mb = "qt  "
        brands.append(mb)
        dbm = self.flags & FLAGS["default_base_moof"]
        if self.mode == MODE_ISM:
            brands.append("piff")
        elif self.mode != MODE_MOV:
            if self.mode == MODE_MP4:
                if self.flags & FLAGS["cmaf"]:
                    brands.append("cmfc")
                if self.fragment and not self.negative_cts:
                    brands.append("iso6")
                if has_av1:
                    brands.append("av01")
                if has_dolby:
                    brands.append("dby1")
            else:
                if self.fragment:
                    brands.append("iso6")
                if dbm:
                    brands.append("iso5")
                elif self.negative_cts:
                    brands.append("iso4")
            if not dbm:
                if self.mode != MODE_MP4 or self.negative_cts:
                    brands.append("isom")
                brands.append("iso2")
                if has_h264:
                    brands.append("avc1")
        if self.mode == MODE_MP4:
            brands.append("mp41")
        if self.flags & FLAGS["dash"] and self.flags & FLAGS["global_sidx"]:
            brands.append("dash")
        pb.wb32(16 + 4 * len(brands))
        pb.fourcc("ftyp")
        pb.fourcc(mb.encode("latin-1"))
        pb.wb32(minor)
        for b in brands:
            pb.fourcc(b.encode("latin-1"))
        if self.mode == MODE_PSP:
            from .mux_psp import profile_box
            pb.write(profile_box(self))

    # -- packets ------------------------------------------------------------------------------
    def write_packet(self, pkt) -> None:
        """mov_write_packet + mov_write_single_packet."""
        trk = self.tracks[pkt.stream_index]
        par = trk.par
        if trk.is_cover:
            n = trk.st.nb_frames
            if n >= 1:
                if n == 1:
                    self.log.warning("Got more than one picture in stream %d, ignoring.\n"
                                     % pkt.stream_index)
                return
            trk.cover_image = bytes(pkt.data)
            return
        if pkt.data:
            # subtitle tracks get an empty sample where the last subtitle ends
            for i, t in self._text_tracks():
                if t.track_duration < pkt.dts and \
                        (not t.samples or not t.last_sample_is_subtitle_end):
                    self._subtitle_end(i, t.track_duration)
        self._check_pkt(trk, pkt)
        # _write_sample checks the packet again only where something between the two checks
        # can move the track's expected dts (otherwise the second check changes nothing)
        recheck = bool(self.fragment or self.negative_cts)
        if self.flags & FLAGS["frag_discont"]:
            for t in self.tracks[:len(self.ctx.streams)]:
                t.frag_discont = True
            self.flags &= ~FLAGS["frag_discont"]
            recheck = True
        if self.negative_cts:
            shift_dts(self, trk, pkt)
        if par.codec_name in ("aac", "mp4als", "av1", "flac"):
            for sd in pkt.side_data:
                if sd.type in ("New Extradata", "new_extradata") and sd.data and sd.data != par.extradata:
                    par.extradata = bytes(sd.data)
        if not pkt.data:
            return
        if self.fragment:
            F = FLAGS
            frag_duration = 0
            if trk.samples:
                frag_duration = rescale_q(pkt.dts - trk.samples[0].dts, trk.st.time_base,
                                          Rational(1, 1000000))
            if ((self.max_frag_duration and frag_duration >= self.max_frag_duration)
                    or (self.max_frag_size and self.mdat_size + len(pkt.data) >= self.max_frag_size)
                    or (self.flags & F["frag_keyframe"] and par.codec_type == "video"
                        and trk.samples and pkt.flags & PKT_FLAG_KEY)
                    or self.flags & F["frag_every_frame"]):
                if frag_duration >= self.min_frag_duration:
                    if trk.samples:
                        trk.track_duration = pkt.dts - trk.start_dts
                        trk.end_pts = pkt.pts if pkt.pts is not None else pkt.dts
                        trk.end_reliable = True
                    self._flush_fragment(False)
        self._write_sample(trk, pkt, recheck)

    def lean_writer(self, index: int):
        """A sample writer for pipeline/fastcopy.py that skips the packet (mux_lean.py)."""
        from .mux_lean import lean_writer
        return lean_writer(self, index)

    def lean_track_run(self, index: int):
        """A track's column appender for pipeline/fastcopy_merge.py (mux_lean.py)."""
        from .mux_lean import lean_track_run
        return lean_track_run(self, index)

    def lean_run(self, index: int):
        """A writer of whole runs of samples for pipeline/fastcopy_runs.py (mux_lean.py)."""
        from .mux_lean import lean_run
        return lean_run(self, index)

    def _text_tracks(self) -> list:
        """(index, track) of the mov_text tracks, listed again when tracks were added."""
        memo = getattr(self, "_texts", None)
        if memo is None or memo[0] != len(self.tracks):
            memo = self._texts = (len(self.tracks), [(i, t) for i, t in enumerate(self.tracks)
                                                     if t.par.codec_name == "mov_text"])
        return memo[1]

    def _write_sample(self, trk: Track, pkt, recheck: bool = True) -> None:
        """ff_mov_write_packet."""
        par = trk.par
        # FFmpeg 5.1.9 checks the packet again here: after a fragment flush the track's
        # expected dts may come from the next queued packet
        if recheck:
            self._check_pkt(trk, pkt)
        if pkt.pts is not None and not -(1 << 31) <= pkt.dts - pkt.pts < (1 << 31):
            self.log.warning("pts/dts pair unsupported\n")
            raise CineError(code=AVERROR_PATCHWELCOME)
        name = par.codec_name
        data = pkt.data
        if trk.sample_size:
            samples_in_chunk = len(data) // trk.sample_size
        else:
            samples_in_chunk = 1
        if name in ("adpcm_ms", "adpcm_ima_wav"):
            samples_in_chunk = par.frame_size
        elif name == "amr_nb":
            samples_in_chunk = _amr_frames(data)
            if samples_in_chunk > 1:
                self.log.error("fatal error, input is not a single packet, implement a AVParser "
                               "for it\n")
                raise CineError(code=-1)
        if samples_in_chunk < 1:
            self.log.error("fatal error, input packet contains no samples\n")
            raise CineError(code=AVERROR_PATCHWELCOME)
        if not trk.vos_data:
            if par.extradata and name != "dnxhd":
                trk.vos_data = bytes(par.extradata)
            if name in ("h264", "hevc", "truehd", "dnxhd") and not trk.vos_data:
                trk.vos_data = bytes(data)
        if name == "aac" and len(data) > 2 and data[0] == 0xFF and (data[1] & 0xF0) == 0xF0:
            if not trk.st.nb_frames:
                self.log.error("Malformed AAC bitstream detected: use the audio bitstream filter "
                               "'aac_adtstoasc' to fix it ('-bsf:a aac_adtstoasc' option with "
                               "ffmpeg)\n")
                raise CineError(code=-1)
            self.log.warning("aac bitstream error\n")
        if name in ("ac3", "eac3"):
            pkt = self._handle_ac3(trk, pkt)
            if pkt is None:
                return
            data = pkt.data
        if name == "h264":
            if trk.vos_data and trk.vos_data[0] != 1:
                from .mux_nal import annexb_to_mp4
                data = annexb_to_mp4(data)
        elif name == "hevc" and len(trk.vos_data) > 6 and (
                trk.vos_data[:3] == b"\0\0\1" or trk.vos_data[:4] == b"\0\0\0\1"):
            from .mux_nal import annexb_to_mp4
            data = annexb_to_mp4(data)
        size = len(data)
        if self.fragment:
            if self.frag_interleave and (self.moov_written or self.empty_moov):
                from .mux_flush import interleave_track
                interleave_track(self, trk, False)
            buf = trk.mdat_buf if (self.moov_written or self.empty_moov) else self.mdat_buf
            buf += data
            pos = len(buf) - size
        else:
            self.pb.write(data)
            pos = self.pb.tell() - size
        tab = trk.samples
        empty = not len(tab.pos)
        s_dts = pkt.dts
        s_pts = pkt.pts                 # before realign_pts: the column keeps the packet's
        if empty and trk.start_dts is not None:
            if not getattr(trk, "frag_discont", False):
                # first sample of a new fragment: its dts follows the previous durations
                s_dts = trk.start_dts + trk.track_duration
                realign_pts(self, trk, pkt)
            else:
                trk.end_pts = None
                trk.frag_discont = False
        if empty and trk.start_dts is None and not self.use_editlist \
                and self.avoid_negative_ts == 2:
            s_dts = trk.start_dts = 0
        if trk.start_dts is None:
            trk.start_dts = pkt.dts
            if getattr(trk, "frag_discont", False):
                # -movflags frag_discont: as if earlier fragments ended where this one starts
                trk.start_dts = pkt.dts - pkt.pts if self.use_editlist else 0
                trk.frag_discont = False
            elif pkt.dts and self.moov_written:
                self.log.warning("Track %d starts with a nonzero dts %d, while the moov already "
                                 "has been written. Set the delay_moov flag to handle this "
                                 "case.\n" % (pkt.stream_index, pkt.dts))
        trk.track_duration = pkt.dts - trk.start_dts + pkt.duration
        trk.last_sample_is_subtitle_end = False
        pts = pkt.pts
        if pts is None:
            self.log.warning("pts has no value\n")
            pts = pkt.dts
        if pkt.dts != pts:
            trk.flags |= MOV_TRACK_CTTS
        cts = pts - pkt.dts
        if trk.start_cts is None:
            trk.start_cts = cts
        end = s_dts + cts + pkt.duration
        trk.end_pts = end if trk.end_pts is None or end > trk.end_pts else trk.end_pts
        s_flags = 0
        pflags = pkt.flags
        if pflags & PKT_FLAG_KEY:
            s_flags = MOV_SYNC_SAMPLE
            trk.has_keyframes += 1
        if pflags & 0x0010:                         # AV_PKT_FLAG_DISPOSABLE
            s_flags |= MOV_DISPOSABLE_SAMPLE
            trk.has_disposable += 1
        # appended once complete, straight into the SampleTable's columns (mux_track.Sample)
        tab.pos.append(pos)
        tab.size.append(size)
        tab.dts.append(s_dts)
        tab.pts.append(_NOPTS if s_pts is None else s_pts)
        tab.cts.append(cts)
        tab.flags.append(s_flags)
        tab.entries.append(samples_in_chunk)
        trk.sample_count += samples_in_chunk
        self.mdat_size += size

    def _subtitle_end(self, index: int, dts: int) -> None:
        """mov_write_subtitle_end_packet: a 2-byte empty text sample."""
        from ...model import Packet
        trk = self.tracks[index]
        end = Packet(index, b"\0\0", dts, dts, 0)
        self._check_pkt(trk, end)
        self._write_sample(trk, end)
        trk.last_sample_is_subtitle_end = True

    def _write_chapters(self) -> None:
        """mov_create_chapter_track: one text sample per titled chapter, in milliseconds."""
        from ...model import Packet
        trk = self.chapter_track
        ms = Rational(1, self.movie_timescale)
        for ch in self.ctx.chapters:
            end = rescale_q(ch.end, ch.time_base, ms)
            start = rescale_q(ch.start, ch.time_base, ms)
            title = ch.tags.get("title")
            if title is None:
                continue
            t = title.encode("utf-8")
            z = t.find(b"\0")
            if z >= 0:
                t = t[:z]
            data = len(t).to_bytes(2, "big") + t + b"\0\0\0\x0cencd\0\0\x01\0"
            pkt = Packet(len(self.ctx.streams), data, start, start, end - start, -1, PKT_FLAG_KEY)
            self._write_sample(trk, pkt)

    def _handle_ac3(self, trk: Track, pkt):
        from .mux_ac3 import handle_eac3
        return handle_eac3(self, trk, pkt)

    def dac3(self, trk: Track) -> bytes:
        from .mux_ac3 import ac3_box
        return ac3_box(self, trk)

    def _check_pkt(self, trk: Track, pkt) -> None:
        col = trk.samples.dts
        if col:
            ref = col[-1]
        elif trk.start_dts is not None and not getattr(trk, "frag_discont", False):
            ref = trk.start_dts + trk.track_duration
        else:
            ref = pkt.dts
        if trk.dts_shift is not None:
            ref -= trk.dts_shift
        duration = pkt.dts - ref
        if pkt.dts < ref or duration >= INT_MAX:
            self.log.warning("Packet duration: %d / dts: %d is out of range\n"
                             % (duration, pkt.dts))
            pkt.dts = ref + 1
            pkt.pts = None
        if pkt.duration < 0 or pkt.duration > INT_MAX:
            self.log.error("Application provided duration: %d is invalid\n" % pkt.duration)
            raise CineError(code=-errno.EINVAL)

    # -- trailer ------------------------------------------------------------------------------
    def setup_track_ids(self) -> None:
        if getattr(self, "_ids_ok", False):
            return
        for i, trk in enumerate(self.tracks):
            if trk.samples or self.fragment:
                trk.track_id = i + 1
        self._ids_ok = True

    # -- fragments ----------------------------------------------------------------------------
    def _flush_fragment(self, force: bool) -> None:
        """mov_flush_fragment (mux_flush.py)."""
        from .mux_flush import flush_fragment
        flush_fragment(self, force)

    def write_trailer(self) -> None:
        from .mux_boxes import write_moov
        pb = self.pb
        for i, t in enumerate(self.tracks):
            if t.par.codec_name == "mov_text" and not t.last_sample_is_subtitle_end:
                self._subtitle_end(i, t.track_duration)
        if self.fragment:
            from .mux_flush import fragmented_trailer
            fragmented_trailer(self)
            return
        moov_pos = pb.tell()
        if self.mdat_size + 8 <= UINT32_MAX:
            pb.seek(self.mdat_pos)
            pb.wb32(self.mdat_size + 8)
        else:
            pb.seek(self.mdat_pos - 8)
            pb.wb32(1)
            pb.fourcc("mdat")
            pb.wb64(self.mdat_size + 16)
        pb.seek(moov_pos)
        if self.faststart:
            self.log.info("Starting second pass: moving the moov atom to the beginning of the "
                          "file\n")
            size = len(write_moov(self))
            for trk in self.tracks:
                trk.data_offset += size
            size2 = len(write_moov(self))
            if size2 != size:
                for trk in self.tracks:
                    trk.data_offset += size2 - size
            pb.shift_data(self.reserved_header_pos, moov_pos, size2)
            pb.seek(self.reserved_header_pos)
            pb.write(write_moov(self))
        elif self.reserved_moov_size > 0:
            from .mux_fragmodes import write_reserved_moov
            write_reserved_moov(self, moov_pos)
        else:
            pb.write(write_moov(self))


class Mp4Muxer(_MovBase):
    MODE = MODE_MP4
    codec_tags = MP4_TAGS


class IpodMuxer(_MovBase):
    MODE = MODE_IPOD
    codec_tags = IPOD_TAGS


class MovMuxer(_MovBase):
    MODE = MODE_MOV
    codec_tags = MOV_TAGS


def _amr_frames(data: bytes) -> int:
    """AMR-NB storage frames in a packet (3GPP TS 26.101 frame sizes by FT; at most 100)."""
    sizes = (13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1)
    pos = n = 0
    while pos < len(data) and n < 100:
        pos += sizes[(data[pos] >> 3) & 0x0F]
        n += 1
    return n


def _bps(name):
    from ...codecs.bits_per_sample import bits_per_sample
    return bits_per_sample(name)


def _lang(lang: str, mp4: bool) -> int:
    from .mux_udta import iso639_to_lang
    return iso639_to_lang(lang, mp4)


def _parse_time(text: str) -> int:
    """Seconds since 1970 of an ISO 8601 creation_time (0 when it does not parse)."""
    import calendar
    import re
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)", text)
    if not m:
        return 0
    return calendar.timegm(tuple(int(x) for x in m.groups()) + (0, 0, 0))
