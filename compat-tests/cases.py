"""The golden-suite case list: every ffprobe/ffmpeg invocation the compat suite checks, in code.

`compat-tests/regen` materialises these into cases/<group>/<name>/ and records the reference
FFmpeg 5.1.9 output; the runner replays them through cine. Paths are relative to the repo root.
A case is (group, name, argv, stdin): argv[0] is "ffprobe" (or "ffmpeg" for the `remux`,
`keyframes` and `audio` groups, whose output files are recorded too, and some `listings`); stdin, when set, is a repo-relative
file the runner feeds on standard input (through a pipe, as `cat x | ffprobe -` would).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import audio_cases as audio_cases_mod
import keyframe_cases as keyframe_cases_mod
from audio_cases import audio_cases
from cache_setts_cases import cache_cases, setts_cases
from codec_option_cases import codec_option_cases
from riffmux_cases import riffmux_cases
import riffmux_cases as riffmux_cases_mod
from keyframe_cases import keyframe_cases

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = "fixtures/mp4"
ERRORS = "fixtures/errors"

# Fixtures whose content is outside issue 2 (not MP4-family content): their cases go to a
# separate group so the MP4 pass rate is not mixed with later milestones.
ISSUE3 = {"mkv_renamed.mp4"}

WRITERS = [
    "json", "json=c=1", "default", "default=nk=1", "default=nw=1", "compact",
    "compact=p=0:s=|", "csv", "csv=p=0", "flat", "flat=s=_:h=0", "ini", "xml", "xml=q=1:x=1",
]

# fixtures exercised by the heavier option matrices (a spread of codecs and structures)
SPREAD = [
    "h264_aac.mp4", "faststart.mp4", "multi_audio_lang.mp4", "mov_text.mp4", "tmcd.mov",
    "chapters.mp4", "cover_art.m4a", "h264_rotate90.mp4", "hevc_main10_hdr.mp4",
    "qt_keys_location.mov", "frag_keyframe.mp4", "editlist_ss_copy.mp4", "pcm_s24be.mov",
    "prores_4444.mov", "metadata_rich.mp4", "h263.3gp",
]

SELECT_SPECS = ["v", "a", "a:1", "0", "1", "s", "d", "t", "V", "m:language:eng", "p:0", "v:0", "a:2",
                "#1", "i:2", "u"]

ENTRIES = [
    "format=duration,size",
    "format=duration,size:stream=index,codec_name:stream_tags=language",
    "stream=codec_type,width,height,sample_rate,channels",
    "stream_disposition",
    "stream=index:stream_disposition=default,forced",
    "format_tags",
    "format_tags=title,encoder:stream_tags",
    "stream=r_frame_rate,avg_frame_rate,time_base,start_pts,start_time,duration_ts,duration,nb_frames",
    "stream=bit_rate,max_bit_rate,bits_per_raw_sample,bits_per_sample",
    "stream_side_data_list",
    "stream=codec_tag,codec_tag_string,profile,level,pix_fmt,color_range,color_space,field_order",
    "format=nb_streams,nb_programs,format_name,format_long_name,start_time,bit_rate,probe_score",
    "chapter=id,start,end:chapter_tags=title",
    "stream",
    "format",
]

UNIT_OPTS = [
    ["-unit"], ["-prefix"], ["-unit", "-prefix"], ["-unit", "-prefix", "-byte_binary_prefix"],
    ["-sexagesimal"], ["-pretty"], ["-bitexact"], ["-pretty", "-bitexact"],
    ["-unit", "-sexagesimal"],
]

# issue 3 containers: group name -> fixture folder. Every file in the folder (but its README.md
# and make.sh) is a case fixture, so fixtures added later are picked up by the next regen.
CONTAINERS = {
    "mkv": "fixtures/mkv", "ts": "fixtures/ts", "elementary": "fixtures/elementary",
    "ogg": "fixtures/ogg", "wav": "fixtures/wav", "avi": "fixtures/avi",
}
# the representative writer subset (one variant per writer kind) every container fixture
# runs; one fixture per container (CONTAINER_FULL) runs the MP4 group's full WRITERS list.
CONTAINER_WRITERS = ["json", "default", "flat", "xml", "csv=p=0", "compact", "ini"]
CONTAINER_FULL = {
    "mkv": "h264_aac.mkv", "ts": "two_programs.ts", "elementary": "chap.mp3",
    "ogg": "theora_vorbis.ogv", "wav": "info_tags.wav", "avi": "multi_audio_tags.avi",
}
_NOT_FIXTURES = {"README.md", "make.sh"}

ERROR_INPUTS = [
    "fixtures/does_not_exist.mp4", "fixtures", "file:fixtures/does_not_exist.mp4",
] + [f"{ERRORS}/{n}" for n in (
    "empty.mp4", "trunc_in_ftyp.mp4", "trunc_after_ftyp.mp4", "trunc_in_moov.mp4",
    "trunc_in_mdat_faststart.mp4", "trunc_in_mdat_moov_last.mp4", "trunc_in_moov_last.mp4",
    "garbage.mp4", "text.mp4", "plain.txt", "huge_box_32.mp4", "huge_box_64.mp4",
    "huge_entry_count.mp4", "deep_nest.mp4", "box_size_3.mp4", "st3d_empty.mp4",
    "st3d_twice.mp4", "sv3d_bad_bounds.mp4", "sv3d_unknown_projection.mp4",
)]


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    argv: tuple
    stdin: str | None = None

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"


def fixtures() -> list[str]:
    d = os.path.join(ROOT, FIXTURES)
    return sorted(n for n in os.listdir(d) if not n.startswith("."))


def container_fixtures(group: str) -> list[str]:
    """Repo-relative paths of the fixtures of one issue-3 container group (may be empty)."""
    return media_files(CONTAINERS[group])


def media_files(folder: str) -> list[str]:
    """Repo-relative paths of the media files of a fixture folder (not its README, make.sh
    or the Python that crafts some of them)."""
    d = os.path.join(ROOT, folder)
    if not os.path.isdir(d):
        return []
    return [f"{folder}/{n}" for n in sorted(os.listdir(d))
            if not n.startswith(".") and n not in _NOT_FIXTURES and not n.endswith(".py")
            and os.path.isfile(os.path.join(d, n))]


def container_sections(group: str, path: str) -> list[str]:
    """-show_* options of a container fixture: chapters where the format has them, TS programs."""
    opts = ["-show_format", "-show_streams"]
    if group in ("mkv", "ogg") or (group == "elementary" and path.endswith(".mp3")):
        opts.append("-show_chapters")
    if group == "ts":
        opts.append("-show_programs")
    return opts


def _slug(s: str) -> str:
    out = []
    for ch in s:
        out.append(ch if ch.isalnum() or ch in "-_." else "_")
    return "".join(out).strip("_") or "x"


def _stem(fx: str) -> str:
    return fx.replace(".", "_")


def generate() -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()

    def add(group: str, name: str, argv: list[str], stdin: str | None = None, fixture: str = ""):
        if fixture in ISSUE3:
            group = "issue3"
        c = Case(group, _slug(name), ("ffprobe",) + tuple(argv), stdin)
        if c.id in seen:
            raise ValueError("duplicate case " + c.id)
        seen.add(c.id)
        cases.append(c)

    fxs = fixtures()
    spread = [f for f in SPREAD if f in fxs]

    # every fixture x every writer
    for fx in fxs:
        for w in WRITERS:
            add("writers", f"{_stem(fx)}__{w}",
                ["-hide_banner", "-v", "error", "-of", w, "-show_format", "-show_streams",
                 f"{FIXTURES}/{fx}"], fixture=fx)

    for fx in ("h264_aac.mp4", "multi_audio_lang.mp4"):
        add("writers", f"{_stem(fx)}__xml_x1_noprivate",
            ["-hide_banner", "-v", "error", "-of", "xml=x=1", "-noprivate", "-show_format",
             "-show_streams", f"{FIXTURES}/{fx}"])

    # the corpus golden form, plus the other sections, for every fixture
    for fx in fxs:
        add("sections", f"{_stem(fx)}__quiet_json",
            ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams",
             f"{FIXTURES}/{fx}"], fixture=fx)
        add("sections", f"{_stem(fx)}__chapters_programs",
            ["-hide_banner", "-v", "error", "-of", "json", "-show_chapters", "-show_programs",
             "-show_error", f"{FIXTURES}/{fx}"], fixture=fx)
    for fx in ("chapters.mp4", "multi_audio_lang.mp4"):
        for w in WRITERS:
            add("sections", f"{_stem(fx)}__all__{w}",
                ["-hide_banner", "-v", "error", "-of", w, "-show_format", "-show_streams",
                 "-show_chapters", "-show_programs", f"{FIXTURES}/{fx}"])
    add("sections", "order_streams_first",
        ["-hide_banner", "-v", "error", "-show_streams", "-show_format", "-show_chapters",
         f"{FIXTURES}/chapters.mp4"])

    # -show_entries
    for fx in spread:
        for i, e in enumerate(ENTRIES):
            add("entries", f"{_stem(fx)}__e{i:02d}",
                ["-hide_banner", "-v", "error", "-show_entries", e, f"{FIXTURES}/{fx}"], fixture=fx)
    for w in ("json", "compact", "csv=p=0", "flat", "xml", "ini", "default=nw=1:nk=1"):
        add("entries", f"multi_audio_lang__lang__{w}",
            ["-hide_banner", "-v", "error", "-of", w, "-show_entries",
             "stream=index,codec_name:stream_tags=language,title:format=duration",
             f"{FIXTURES}/multi_audio_lang.mp4"])

    # -select_streams
    multi = [f for f in ("multi_audio_lang.mp4", "mov_text.mp4", "tmcd.mov", "cover_art.m4a",
                         "two_video.mp4", "chapters.mp4", "h264_aac.mp4") if f in fxs]
    for fx in multi:
        for spec in SELECT_SPECS:
            add("select", f"{_stem(fx)}__{spec}",
                ["-hide_banner", "-v", "error", "-of", "compact", "-select_streams", spec,
                 "-show_streams", "-show_entries", "stream=index,codec_type,codec_name",
                 f"{FIXTURES}/{fx}"], fixture=fx)
    add("select", "multi_audio_lang__a1_full_json",
        ["-hide_banner", "-v", "error", "-of", "json", "-select_streams", "a:1", "-show_streams",
         "-show_format", f"{FIXTURES}/multi_audio_lang.mp4"])

    # unit/prefix/sexagesimal/pretty/bitexact
    for fx in ("h264_aac.mp4", "multi_audio_lang.mp4", "many_samples.mp4", "chapters.mp4"):
        for opts in UNIT_OPTS:
            for w in ("default", "json"):
                add("units", f"{_stem(fx)}__{'_'.join(o.strip('-') for o in opts)}__{w}",
                    ["-hide_banner", "-v", "error", *opts, "-of", w, "-show_format",
                     "-show_streams", "-show_chapters", f"{FIXTURES}/{fx}"])

    # input forms
    for fx in ("h264_aac.mp4", "faststart.mp4", "frag_keyframe.mp4", "aac_mono.m4a",
               "multi_audio_lang.mp4", "pcm_s16le.mov", "editlist_ss_copy.mp4",
               "many_samples.mp4", "audio_only_many.m4a", "frag_dash.mp4", "tmcd.mov",
               # moov after mdat: on a pipe the first samples are still in avio's buffer
               "mjpeg_pcm.mov", "prores_hq.mov"):
        base = ["-hide_banner", "-v", "error", "-of", "json", "-show_format", "-show_streams"]
        add("inputs", f"{_stem(fx)}__file_proto", base + [f"file:{FIXTURES}/{fx}"])
        add("inputs", f"{_stem(fx)}__dash_i", base + ["-i", f"{FIXTURES}/{fx}"])
        add("inputs", f"{_stem(fx)}__stdin_dash", base + ["-"], stdin=f"{FIXTURES}/{fx}")
        add("inputs", f"{_stem(fx)}__stdin_pipe0", base + ["pipe:0"], stdin=f"{FIXTURES}/{fx}")
        add("inputs", f"{_stem(fx)}__stdin_dump", ["-hide_banner", "pipe:"], stdin=f"{FIXTURES}/{fx}")

    # errors
    for path in ERROR_INPUTS:
        s = _slug(path.replace("fixtures/", "").replace("errors/", ""))
        add("errors", f"{s}__plain", ["-hide_banner", path])
        add("errors", f"{s}__show_error_json",
            ["-hide_banner", "-of", "json", "-show_error", "-show_format", path])
        add("errors", f"{s}__show_error_default", ["-hide_banner", "-show_error", path])
        add("errors", f"{s}__quiet_json",
            ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams", path])
    add("errors", "show_error_xml_missing",
        ["-hide_banner", "-of", "xml", "-show_error", "fixtures/does_not_exist.mp4"])
    add("errors", "show_error_flat_garbage",
        ["-hide_banner", "-of", "flat", "-show_error", f"{ERRORS}/garbage.mp4"])
    add("errors", "stdin_empty", ["-hide_banner", "-"], stdin=f"{ERRORS}/empty.mp4")
    add("errors", "stdin_garbage_show_error",
        ["-hide_banner", "-show_error", "-of", "json", "pipe:0"], stdin=f"{ERRORS}/garbage.mp4")
    # a moov claiming more than the pipe holds: its children are read until the data ends
    # (go-ffprobe's ProbeReader command line, and the dump)
    for name in ("huge_box_32.mp4", "huge_box_64.mp4"):
        add("errors", f"stdin_{_stem(name)}_probe_reader",
            ["-loglevel", "fatal", "-print_format", "json", "-show_format", "-show_streams", "-"],
            stdin=f"{ERRORS}/{name}")
        add("errors", f"stdin_{_stem(name)}_dump", ["-hide_banner", "pipe:"],
            stdin=f"{ERRORS}/{name}")

    # stderr dump at the default log level (no -v quiet)
    for fx in fxs:
        add("dump", f"{_stem(fx)}", ["-hide_banner", f"{FIXTURES}/{fx}"], fixture=fx)
    for fx in ("h264_aac.mp4", "multi_audio_lang.mp4", "tmcd.mov"):
        add("dump", f"{_stem(fx)}__with_show_streams",
            ["-hide_banner", "-show_streams", f"{FIXTURES}/{fx}"])
        add("dump", f"{_stem(fx)}__loglevel_warning",
            ["-hide_banner", "-loglevel", "warning", "-show_format", f"{FIXTURES}/{fx}"])

    # issue 3 containers: representative writers (all of them for one fixture each), the dump
    for group in CONTAINERS:
        for path in container_fixtures(group):
            fx = os.path.basename(path)
            writers = WRITERS if CONTAINER_FULL.get(group) == fx else CONTAINER_WRITERS
            for w in writers:
                add(group, f"{_stem(fx)}__{w}",
                    ["-hide_banner", "-v", "error", "-of", w, *container_sections(group, path),
                     path])
            add(group, f"{_stem(fx)}__dump", ["-hide_banner", path])

    # the AAC decoder's fixtures (LC, Main, LTP, HE-AAC, HE-AACv2): what stream analysis
    # makes of them (its first decoded frame sets profile, rate and channels)
    for path in media_files("fixtures/aac"):
        fx = os.path.basename(path)
        add("aac", f"{_stem(fx)}__json", ["-hide_banner", "-v", "error", "-of", "json",
                                          "-show_format", "-show_streams", path])
        add("aac", f"{_stem(fx)}__dump", ["-hide_banner", path])

    _packet_cases(add)
    _ts_packet_cases(add)

    def adder(group: str, prefix: tuple = ("ffmpeg",)):
        """add(name, argv, stdin=None) for a group whose argv start with `prefix`."""
        def add_case(name: str, argv: list[str], stdin: str | None = None):
            c = Case(group, _slug(name), prefix + tuple(argv), stdin)
            if c.id in seen:
                raise ValueError("duplicate case " + c.id)
            seen.add(c.id)
            cases.append(c)
        return add_case

    _remux_cases(adder("remux"))
    _ts_remux_cases(adder("remux"))
    keyframe_cases(adder("keyframes"), ROOT, _stem)
    audio_cases(adder("audio"), ROOT, _stem)
    _listing_cases(adder("listings", ()))
    codec_option_cases(adder("codecopts"))
    cache_cases(adder("cache", ()), adder("cache", ()))
    setts_cases(adder("setts", ()))
    riffmux_cases(adder("riffmux", ()), ROOT)

    # the banner: only the library version lines are compared (see compat_suite.normalise)
    add("banner", "banner_dump", [f"{FIXTURES}/h264_aac.mp4"])
    add("banner", "banner_quiet_show_format", ["-show_format", f"{FIXTURES}/h264_aac.mp4"])
    add("banner", "version", ["-version"])
    add("banner", "missing_file_with_banner", ["fixtures/does_not_exist.mp4"])
    return cases


# -show_packets and friends (issue 4): fixtures per container, every writer kind on a few
PACKET_FIXTURES = {
    "mp4": ["fixtures/mp4/" + n for n in (
        "h264_aac.mp4", "faststart.mp4", "ac3.mp4", "eac3.mp4", "opus.mp4", "mp3.mp4",
        "aac_mono.m4a", "alac.m4a", "cover_art.m4a", "h263.3gp", "mpeg4_bf2.mp4", "vp9.mp4",
        "hevc_main.mp4", "h264_30000_1001.mp4", "frag_keyframe.mp4", "frag_dash.mp4",
        "editlist_neg_ts.mp4", "editlist_ss_copy.mp4", "pcm_s16le.mov", "prores_proxy.mov",
        "mov_text.mp4", "tmcd.mov", "multi_audio_lang.mp4", "two_video.mp4", "flac.mp4",
        "frag_global_sidx.mp4")],
    "wav": ["fixtures/wav/" + n for n in (
        "s16.wav", "s16_stereo.wav", "u8.wav", "f64.wav", "adpcm_ima.wav", "adpcm_ms.wav",
        "mulaw.wav", "ext_51.wav", "rf64.wav", "s16.w64", "ext_51.w64", "streamed.wav",
        "truncated.wav", "id3.wav", "rifx.wav")],
    "elementary": ["fixtures/elementary/" + n for n in (
        "vbr.mp3", "cbr.mp3", "chap.mp3", "cover3.mp3", "m8.mp3", "l2.mp2", "junk.mp3",
        "stereo.aac", "s51.aac", "id3.aac", "f16.flac", "f24pic.flac", "raw.ac3", "raw.eac3",
        "raw.h264", "r30.h264", "r25.hevc", "rgb30.hevc")],
    "ogg": ["fixtures/ogg/" + n for n in (
        "opus_stereo.ogg", "opus_cover.opus", "vorbis_stereo.oga", "vorbis_tags.ogg",
        "flac.ogg", "flac_s32.oga", "speex.spx", "theora_vorbis.ogv", "vp8_opus.ogv",
        "chained_opus.ogg", "truncated.ogg")],
    "ts": ["fixtures/ts/" + n for n in (
        "h264_aac.ts", "hevc_aac.ts", "ac3_lang.ts", "eac3_lang.ts", "mp3.ts", "opus.ts",
        "two_programs.ts", "service_pids.ts", "m2ts_192.m2ts", "cut_continuity.ts")],
}
# every AVI fixture: avidec.c's parsers (picture types, audio framing) decide pts, order, durations
PACKET_FIXTURES["avi"] = container_fixtures("avi")
# every Matroska/WebM fixture: matroskadec's need_parsing (audio durations from the Opus, Vorbis,
# FLAC, (E-)AC-3 and MP3 parsers, VP8/VP9/AV1 key flags), DiscardPadding, BlockAdditions
PACKET_FIXTURES["mkv"] = container_fixtures("mkv")
MKV_PACKET_JSON = ["fixtures/mkv/" + n for n in (
    "av1_opus.webm", "vorbis_lace.mka", "opus51.mka", "alpha.webm", "cover.mka", "hevc.mkv",
    "eac3.mka", "flac.mka")]
SEEK_FIXTURES = ["fixtures/mkv/" + n for n in (
    "ac3.mka", "alac.mka", "colour.mkv", "h264_aac.mkv", "interlaced.mkv", "mjpeg.mkv", "pcm.mka",
    "pcm24.mka", "pcmf32.mka", "png_vfw.mkv", "prores.mkv", "stereo.mkv", "subs_ass.mkv",
    "subs_srt.mkv", "alpha.webm", "subs_vtt.webm")] + ["fixtures/avi/" + n for n in (
    "adpcm_ms.avi", "aspect.avi", "audio_only.avi", "divx_pcm51.avi", "dv_pal_wide.avi",
    "ffv1.avi", "h264_aac.avi", "h264_bframes.avi", "hevc.avi", "idit.avi", "idit_slash.avi",
    "mjpeg_pcm.avi", "mp3_stereo.avi", "multi_audio_tags.avi", "no_idx1.avi",
    "non_interleaved.avi", "odml.avi", "pal8.avi", "png.avi", "rawvideo.avi", "rawvideo_yuv.avi",
    "s24.avi", "truncated.avi", "u8.avi", "vp8.avi", "xvid_mp3.avi", "aac_only.avi",
    "mpeg1_mp2.avi", "mpeg2.avi", "mpeg4_ac3.avi", "mpeg4_bframes.avi")]
AVI_WRITER_FIXTURES = ["fixtures/avi/mpeg4_bframes.avi", "fixtures/avi/mpeg4_ac3.avi"]
PACKET_WRITER_FIXTURES = ["fixtures/mp4/h264_aac.mp4", "fixtures/wav/s16.wav",
                          "fixtures/elementary/vbr.mp3", "fixtures/ogg/opus_stereo.ogg",
                          "fixtures/elementary/f16.flac", "fixtures/mp4/ac3.mp4"]


def _packet_cases(add) -> None:
    quiet = ["-hide_banner", "-v", "error"]
    for group, paths in PACKET_FIXTURES.items():
        for path in paths:
            if not os.path.exists(os.path.join(ROOT, path)):
                continue
            stem = _stem(os.path.basename(path))
            add("packets", f"{group}__{stem}__compact",
                quiet + ["-of", "compact", "-show_packets", path])
            add("packets", f"{group}__{stem}__entries",
                quiet + ["-of", "csv=p=0", "-show_entries", "packet=pts_time,flags,size", path])
            add("packets", f"{group}__{stem}__count",
                quiet + ["-of", "compact", "-count_packets", "-show_entries",
                         "stream=index,nb_read_packets", path])
            add("packets", f"{group}__{stem}__md5",
                quiet + ["-of", "compact", "-show_packets", "-show_data_hash", "md5", path])
    for path in PACKET_WRITER_FIXTURES:
        stem = _stem(os.path.basename(path))
        for w in WRITERS:
            add("packets", f"writers__{stem}__{w}", quiet + ["-of", w, "-show_packets", path])
        add("packets", f"mixed__{stem}__json",
            quiet + ["-of", "json", "-show_packets", "-show_streams", "-show_format", path])
        add("packets", f"mixed__{stem}__format_first_ini",
            quiet + ["-of", "ini", "-show_format", "-show_packets", "-show_programs", path])
        add("packets", f"hash__{stem}__sha256_json",
            quiet + ["-of", "json", "-show_packets", "-show_data_hash", "sha256", path])
        add("packets", f"hash__{stem}__crc32_flat",
            quiet + ["-of", "flat", "-show_packets", "-show_data_hash", "CRC32", path])
        add("packets", f"count__{stem}__streams_json",
            quiet + ["-of", "json", "-count_packets", "-show_streams", path])
        add("packets", f"select__{stem}__a",
            quiet + ["-of", "compact", "-select_streams", "a", "-show_packets", path])
        add("packets", f"entries__{stem}__side_data",
            quiet + ["-of", "json", "-show_entries",
                     "packet=stream_index,pts,duration:packet_side_data_list", path])
    for path in AVI_WRITER_FIXTURES:
        stem = _stem(os.path.basename(path))
        for w in WRITERS:
            add("packets", f"writers__{stem}__{w}", quiet + ["-of", w, "-show_packets", path])
        add("packets", f"mixed__{stem}__json",
            quiet + ["-of", "json", "-show_packets", "-show_streams", "-show_format", path])
    for path in PACKET_FIXTURES["mkv"]:
        stem = _stem(os.path.basename(path))
        add("packets", f"mkv__{stem}__json", quiet + ["-of", "json", "-show_packets", path])
    for path in MKV_PACKET_JSON:
        if not os.path.exists(os.path.join(ROOT, path)):
            continue
        stem = _stem(os.path.basename(path))
        add("packets", f"mkv__{stem}__json_md5_streams",
            quiet + ["-of", "json", "-show_packets", "-show_streams", "-show_data_hash", "md5",
                     path])
    for path in ("fixtures/elementary/m8.mp3", "fixtures/wav/u8.wav"):
        stem = _stem(os.path.basename(path))
        for w in ("default", "json", "xml"):
            add("packets", f"data__{stem}__{w}", quiet + ["-of", w, "-show_packets", "-show_data", path])
    for path in ("fixtures/mp4/h264_aac.mp4", "fixtures/mp4/multi_audio_lang.mp4"):
        stem = _stem(os.path.basename(path))
        add("packets", f"select__{stem}__v_count",
            quiet + ["-of", "compact", "-select_streams", "v", "-count_packets", "-show_packets",
                     "-show_streams", path])
        add("packets", f"hash__{stem}__murmur3_adler", quiet + [
            "-of", "compact", "-show_packets", "-show_data_hash", "murmur3", path])
    # -read_intervals: open intervals work everywhere; seeks by the mov index and by
    # ff_pcm_read_seek / the generic index for WAV/W64
    intervals = ["%+0.2", "%+#5", "0.5%+0.2", "0.3%0.6,0.8%+#3", "%+0.1,+0.3%+#2", "10%+#3",
                 "0.25%+0.2", "0.45%+#2,0.7%+#1,0%+#1"]
    for path in ("fixtures/mp4/h264_aac.mp4", "fixtures/mp4/multi_audio_lang.mp4",
                 "fixtures/mp4/cover_art.m4a", "fixtures/mp4/editlist_ss_copy.mp4",
                 "fixtures/mp4/mpeg4_bf2.mp4", "fixtures/mp4/hevc_main.mp4",
                 "fixtures/mp4/ac3.mp4",
                 "fixtures/wav/s16.wav", "fixtures/wav/adpcm_ms.wav", "fixtures/wav/ext_51.wav",
                 "fixtures/wav/id3.wav", "fixtures/wav/s16.w64"):
        stem = _stem(os.path.basename(path))
        for j, iv in enumerate(intervals):
            add("packets", f"intervals__{stem}__{j}",
                quiet + ["-of", "compact", "-show_packets", "-read_intervals", iv, path])
    for path in PACKET_FIXTURES["elementary"] + PACKET_FIXTURES["ogg"]:
        stem = _stem(os.path.basename(path))
        add("packets", f"intervals__{stem}__open",
            quiet + ["-of", "compact", "-show_packets", "-read_intervals", "%+0.1,%+#2", path])
    # -read_intervals with a start: the generic index (mp3, adts, ac3, raw video), the binary
    # search over read_timestamp (flac, ogg), Matroska's Cues and AVI's index
    for path in PACKET_FIXTURES["elementary"] + PACKET_FIXTURES["ogg"]:
        stem = _stem(os.path.basename(path))
        for j, iv in enumerate(("0.5%+0.2", "0.3%0.6,0.8%+#3", "10%+#3")):
            add("packets", f"seek__{stem}__{j}",
                quiet + ["-of", "compact", "-show_packets", "-read_intervals", iv, path])
    for path in SEEK_FIXTURES:
        if not os.path.exists(os.path.join(ROOT, path)):
            continue
        stem = _stem(os.path.basename(path))
        for j, iv in enumerate(("0.5%+#3", "0.3%0.6,0.8%+#3")):
            add("packets", f"seek__{stem}__{j}",
                quiet + ["-of", "compact", "-show_packets", "-read_intervals", iv, path])
    add("packets", "intervals__h264_aac__select_a",
        quiet + ["-of", "compact", "-show_packets", "-select_streams", "a", "-read_intervals",
                 "0.2%+#3", "fixtures/mp4/h264_aac.mp4"])
    add("packets", "intervals__multi_audio_lang__count",
        quiet + ["-of", "json", "-count_packets", "-show_streams", "-read_intervals",
                 "0.3%+0.2", "fixtures/mp4/multi_audio_lang.mp4"])
    add("packets", "intervals__bad_spec", ["-hide_banner", "-show_packets", "-read_intervals",
                                           "abc", "fixtures/wav/s16.wav"])
    add("packets", "dump__h264_aac__show_packets",
        ["-hide_banner", "-show_packets", "fixtures/mp4/h264_aac.mp4"])
    add("packets", "dump__opus_stereo__show_packets",
        ["-hide_banner", "-show_packets", "fixtures/ogg/opus_stereo.ogg"])
    _corpus_packet_cases(add, quiet)


def _corpus_packet_cases(add, quiet) -> None:
    """MP4s of the shared corpus (skipped where ../shared/corpus is absent): a fragmented AAC
    track whose first packet has no duration, fragmented AV1 whose probed packets keep none,
    common encryption ("Encryption info" side data from senc, saiz/saio, tenc), and truncated
    files whose packets end on the demuxer's "partial file" errors. The encrypted ones run
    with -v quiet: the reference's H.264 decoder logs what it makes of the ciphertext."""
    corpus = "../shared/corpus/files"
    if not os.path.isdir(os.path.join(ROOT, corpus)):
        return
    silent = ["-hide_banner", "-v", "quiet"]
    for path in ("shaka/6339_a.mp4", "mp4parse/mp4parse_capi_tests_av1-clearkey-cbcs-video.mp4",
                 "mp4parse/mp4parse_capi_tests_bipbop_nonfragment_header.mp4",
                 "mp4parse/mp4parse_capi_tests_zero_empty_stsc.mp4",
                 "mp4parse/mp4parse_tests_invalid_userdata.mp4",
                 "mp4parse/mp4parse_tests_test_case_1185230.mp4"):
        stem = _stem(os.path.basename(path))
        add("packets", f"corpus__{stem}__compact",
            quiet + ["-of", "compact", "-show_packets", f"{corpus}/{path}"])
    # WebM of the corpus: Opus durations from the parser, VP9 key flags, the first packet's
    # duration from update_initial_durations
    for path in ("webmbs/test.webm", "shaka/dash-multi-codec_audio_es_2c_64k_opus.webm",
                 "shaka/dash-multitype-variant_third-period.webm", "shaka/index-segment.webm"):
        stem = _stem(os.path.basename(path))
        add("packets", f"corpus__{stem}__compact",
            quiet + ["-of", "compact", "-show_packets", f"{corpus}/{path}"])
        add("packets", f"corpus__{stem}__json_md5",
            quiet + ["-of", "json", "-show_packets", "-show_data_hash", "md5", f"{corpus}/{path}"])
    av1 = f"{corpus}/mp4parse/mp4parse_capi_tests_av1-clearkey-cbcs-video.mp4"
    add("packets", "corpus__av1_clearkey__json_streams",
        quiet + ["-of", "json", "-show_packets", "-show_streams", av1])
    for path in ("mp4parse/mp4parse_capi_tests_short-cenc.mp4", "shaka/hls-sample-aes_video.mp4"):
        stem = _stem(os.path.basename(path))
        f = f"{corpus}/{path}"
        add("packets", f"corpus__{stem}__compact", silent + ["-of", "compact", "-show_packets", f])
        add("packets", f"corpus__{stem}__json_streams",
            silent + ["-of", "json", "-show_packets", "-show_streams", "-show_data_hash",
                      "sha256", f])
        add("packets", f"corpus__{stem}__side_data_flat",
            silent + ["-of", "flat", "-show_entries", "packet=pts,flags:packet_side_data", f])
        add("packets", f"corpus__{stem}__data_xml",
            silent + ["-of", "xml", "-show_packets", "-show_data", "-read_intervals", "%+#3", f])


# Known cine gaps, one place: case id -> precise reason. test_compat.py marks these as strict
# xfails (a case that starts passing fails the run until its entry is removed here).
XFAIL: dict[str, str] = {
}
XFAIL.update(audio_cases_mod.KNOWN_GAPS)
XFAIL.update(keyframe_cases_mod.KNOWN_GAPS)
XFAIL.update(riffmux_cases_mod.KNOWN_GAPS)


# -- ffmpeg stream copy (issue 4): argv + stdout, rc, stderr and every output file ----------
# Each case runs in a scratch directory where fixtures/ and ../shared are visible at the same
# relative paths (compat_suite.run_in_workdir); outputs are plain names in that directory.
# Matroska/WebM/Ogg outputs carry -fflags +bitexact (random UIDs and serials otherwise).
CORPUS = "../shared/corpus/files"
MP4 = "fixtures/mp4"


def _remux_cases(add) -> None:
    q = ["-hide_banner", "-nostdin"]
    bx = ["-fflags", "+bitexact"]
    h264_aac = f"{MP4}/h264_aac.mp4"

    def copy(name, inp, opts, out, pre=(), bitexact=False):
        add(name, q + list(pre) + ["-i", inp] + list(opts) + (bx if bitexact else []) + [out])

    # audio out of video
    copy("extract_aac_m4a", h264_aac, ["-vn", "-c:a", "copy"], "out.m4a")
    copy("extract_aac_adts", h264_aac, ["-vn", "-c:a", "copy"], "out.aac")
    copy("extract_aac_mka", h264_aac, ["-vn", "-c:a", "copy"], "out.mka", bitexact=True)
    copy("extract_aac_mp4", h264_aac, ["-vn", "-c:a", "copy"], "out.mp4")
    copy("extract_aac_mov", h264_aac, ["-vn", "-c:a", "copy"], "out.mov")
    # implicitly signalled HE-AAC / HE-AACv2 (ADTS, SBR only in the frames): the stream's
    # rate (twice the core's) and channels go into the MP4 sample entry and Matroska track
    copy("he_aac_adts_to_m4a", "fixtures/aac/sbr_stereo.aac", ["-c", "copy"], "out.m4a")
    copy("he_aacv2_adts_to_m4a", "fixtures/aac/ps_mono.aac", ["-c", "copy"], "out.m4a")
    copy("he_aacv2_adts_to_mka", "fixtures/aac/ps_mono.aac", ["-c", "copy"], "out.mka",
         bitexact=True)
    copy("extract_opus_mp4_to_opus", f"{MP4}/opus.mp4", ["-vn", "-c:a", "copy"], "out.opus",
         bitexact=True)
    copy("extract_opus_mp4_to_ogg", f"{MP4}/opus.mp4", ["-vn", "-c:a", "copy"], "out.ogg",
         bitexact=True)
    copy("extract_opus_mp4_to_mka", f"{MP4}/opus.mp4", ["-vn", "-c:a", "copy"], "out.mka",
         bitexact=True)
    copy("extract_mp3_mp4_to_mp3", f"{MP4}/mp3.mp4", ["-vn", "-c:a", "copy"], "out.mp3")
    copy("extract_flac_mp4_to_flac", f"{MP4}/flac.mp4", ["-vn", "-c:a", "copy"], "out.flac")
    copy("extract_pcm_mov_to_wav", f"{MP4}/pcm_s16le.mov", ["-vn", "-c:a", "copy"], "out.wav")
    copy("extract_ac3_mp4_to_ac3", f"{MP4}/ac3.mp4", ["-vn", "-c:a", "copy"], "out.ac3")
    copy("extract_eac3_mp4_to_mka", f"{MP4}/eac3.mp4", ["-vn", "-c:a", "copy"], "out.mka",
         bitexact=True)
    copy("extract_mkv_aac_to_m4a", "fixtures/mkv/h264_aac.mkv", ["-vn", "-c:a", "copy"], "out.m4a")
    copy("extract_mkv_aac_to_adts", "fixtures/mkv/h264_aac.mkv", ["-vn", "-c:a", "copy"], "out.aac")
    copy("extract_webm_vorbis_to_ogg", "fixtures/mkv/vp8_vorbis.webm", ["-vn", "-c:a", "copy"],
         "out.ogg", bitexact=True)
    copy("extract_webm_opus_to_opus", "fixtures/mkv/vp9_opus.webm", ["-vn", "-c:a", "copy"],
         "out.opus", bitexact=True)
    copy("extract_webm_opus_to_mka", "fixtures/mkv/vp9_opus.webm", ["-vn", "-c:a", "copy"],
         "out.mka", bitexact=True)
    copy("extract_ts_aac_to_m4a", "fixtures/ts/h264_aac.ts", ["-vn", "-c:a", "copy"], "out.m4a")
    copy("extract_ts_aac_to_adts", "fixtures/ts/h264_aac.ts", ["-vn", "-c:a", "copy"], "out.aac")
    copy("extract_ts_mp3_to_mp3", "fixtures/ts/mp3.ts", ["-vn", "-c:a", "copy"], "out.mp3")
    copy("extract_ogv_vorbis_to_oga", "fixtures/ogg/theora_vorbis.ogv", ["-vn", "-c:a", "copy"],
         "out.oga", bitexact=True)
    copy("audio_ogg_opus_to_opus", "fixtures/ogg/opus_stereo.ogg", ["-c", "copy"], "out.opus",
         bitexact=True)
    copy("audio_oga_vorbis_to_mka", "fixtures/ogg/vorbis_stereo.oga", ["-c", "copy"], "out.mka",
         bitexact=True)
    copy("audio_adts_to_m4a", "fixtures/elementary/stereo.aac", ["-c", "copy"], "out.m4a")
    copy("audio_mp3_to_mka", "fixtures/elementary/vbr.mp3", ["-c", "copy"], "out.mka",
         bitexact=True)
    copy("audio_mp3_to_mp3", "fixtures/elementary/cbr.mp3", ["-c", "copy"], "out.mp3")
    copy("audio_flac_to_flac", "fixtures/elementary/f16.flac", ["-c", "copy"], "out.flac")
    copy("audio_flac_to_oga", "fixtures/elementary/f16.flac", ["-c", "copy"], "out.oga",
         bitexact=True)
    copy("audio_wav_to_wav", "fixtures/wav/s16.wav", ["-c", "copy"], "out.wav")
    copy("audio_wav_to_mov", "fixtures/wav/s16_stereo.wav", ["-c", "copy"], "out.mov")
    copy("audio_wav_to_mka", "fixtures/wav/s16.wav", ["-c", "copy"], "out.mka", bitexact=True)

    # video only
    copy("video_only_mp4", h264_aac, ["-an", "-c:v", "copy"], "out.mp4")
    copy("video_only_mkv", h264_aac, ["-an", "-c", "copy"], "out.mkv", bitexact=True)
    copy("video_only_h264_annexb", h264_aac, ["-an", "-c:v", "copy"], "out.h264")
    copy("video_only_hevc_annexb", f"{MP4}/hevc_main.mp4", ["-an", "-c", "copy"], "out.hevc")
    copy("video_only_webm", "fixtures/mkv/vp9_opus.webm", ["-an", "-c", "copy"], "out.webm",
         bitexact=True)
    copy("video_only_mov", f"{MP4}/prores_proxy.mov", ["-an", "-c", "copy"], "out.mov")

    # container changes
    copy("mp4_to_mkv", h264_aac, ["-c", "copy"], "out.mkv", bitexact=True)
    copy("mp4_to_mov", h264_aac, ["-c", "copy"], "out.mov")
    copy("mkv_to_mp4", "fixtures/mkv/h264_aac.mkv", ["-c", "copy"], "out.mp4")
    copy("mkv_to_mov", "fixtures/mkv/h264_aac.mkv", ["-c", "copy"], "out.mov")
    copy("mkv_hevc_to_mp4", "fixtures/mkv/hevc.mkv", ["-c", "copy"], "out.mp4")
    copy("webm_to_mkv", "fixtures/mkv/vp9_opus.webm", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("webm_vp9_opus_to_mp4", "fixtures/mkv/vp9_opus.webm", ["-c", "copy"], "out.mp4")
    copy("mov_hevc_to_mp4", f"{MP4}/hevc_aac.mov", ["-c", "copy"], "out.mp4")
    copy("ts_to_mp4", "fixtures/ts/h264_aac.ts", ["-c", "copy"], "out.mp4")
    copy("ts_to_mkv", "fixtures/ts/h264_aac.ts", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("multi_audio_to_mkv", f"{MP4}/multi_audio_lang.mp4", ["-map", "0", "-c", "copy"],
         "out.mkv", bitexact=True)
    copy("mov_text_to_mp4", f"{MP4}/mov_text.mp4", ["-map", "0", "-c", "copy"], "out.mp4")
    copy("chapters_to_mkv", f"{MP4}/chapters.mp4", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("chapters_to_mp4", f"{MP4}/chapters.mp4", ["-c", "copy"], "out.mp4")
    copy("srt_mkv_to_mkv", "fixtures/mkv/subs_srt.mkv", ["-map", "0", "-c", "copy"], "out.mkv",
         bitexact=True)
    copy("mpeg4_bframes_to_mkv", f"{MP4}/mpeg4_bf2.mp4", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("null_check", h264_aac, ["-c", "copy", "-f", "null"], "-")
    copy("mp4_to_ts", h264_aac, ["-c", "copy"], "out.ts")
    copy("mkv_to_ts", "fixtures/mkv/h264_aac.mkv", ["-c", "copy"], "out.ts")
    copy("hevc_mp4_to_ts", f"{MP4}/hevc_main.mp4", ["-c", "copy"], "out.ts")
    copy("ts_to_ts", "fixtures/ts/h264_aac.ts", ["-c", "copy"], "out.ts")
    # from AVI: packets as avidec.c's parsers give them (MPEG-4 B-frames whose I/P frames have
    # no pts, the AC-3 parser holding each frame back one packet, AAC read without a parser)
    avi = "fixtures/avi"
    copy("avi_mpeg4_bframes_to_null", f"{avi}/mpeg4_bframes.avi", ["-c", "copy", "-f", "null"],
         "-")
    copy("avi_mpeg4_bframes_to_mkv", f"{avi}/mpeg4_bframes.avi", ["-c", "copy"], "out.mkv",
         bitexact=True)
    copy("avi_mpeg4_bframes_to_mp4", f"{avi}/mpeg4_bframes.avi", ["-c", "copy"], "out.mp4")
    copy("avi_mpeg4_ac3_to_mp4", f"{avi}/mpeg4_ac3.avi", ["-c", "copy"], "out.mp4")
    copy("avi_mpeg1_mp2_to_ts", f"{avi}/mpeg1_mp2.avi", ["-c", "copy"], "out.ts")
    copy("avi_aac_only_to_m4a", f"{avi}/aac_only.avi", ["-c", "copy"], "out.m4a")
    # dropped frames: ffmpeg's mapped streams keep the empty chunks ffprobe never sees
    copy("avi_xvid_aac_gap_to_mp4", f"{avi}/xvid_aac_gap.avi", ["-c", "copy"], "out.mp4")

    # trims: input and output side
    copy("trim_input_ss", h264_aac, ["-c", "copy"], "out.mp4", pre=["-ss", "0.5"])
    copy("trim_output_ss", h264_aac, ["-ss", "0.3", "-c", "copy"], "out.mp4")
    copy("trim_output_t", h264_aac, ["-t", "0.5", "-c", "copy"], "out.mp4")
    copy("trim_input_ss_t_mkv", h264_aac, ["-c", "copy"], "out.mkv", pre=["-ss", "0.2", "-t", "0.4"],
         bitexact=True)
    copy("trim_output_to_mkv", h264_aac, ["-to", "0.6", "-c", "copy"], "out.mkv", bitexact=True)
    copy("trim_input_ss_audio_m4a", h264_aac, ["-vn", "-c:a", "copy"], "out.m4a", pre=["-ss", "0.5"])
    copy("trim_wav_ss_t", "fixtures/wav/s16.wav", ["-ss", "0.25", "-t", "0.25", "-c", "copy"],
         "out.wav")
    copy("trim_mp3_input_ss", "fixtures/elementary/cbr.mp3", ["-c", "copy"], "out.mp3",
         pre=["-ss", "0.3"])

    # faststart, fragmented
    copy("faststart_mp4", h264_aac, ["-c", "copy", "-movflags", "+faststart"], "out.mp4")
    copy("faststart_m4a", h264_aac, ["-vn", "-c:a", "copy", "-movflags", "+faststart"], "out.m4a")
    copy("frag_keyframe_empty_moov", h264_aac,
         ["-c", "copy", "-movflags", "frag_keyframe+empty_moov"], "out.mp4")
    copy("frag_default_base_moof", h264_aac,
         ["-c", "copy", "-movflags", "frag_keyframe+empty_moov+default_base_moof"], "out.mp4")
    copy("frag_duration", h264_aac, ["-c", "copy", "-frag_duration", "200000"], "out.mp4")
    # the other fragmented modes: ismv, dash, separate moofs, custom/size/every-frame
    # fragmenting, negative CTS offsets, edit list choice, brand, colour boxes, prft
    m = ["-c", "copy", "-movflags"]
    copy("ismv_h264_aac", h264_aac, ["-c", "copy"], "out.ismv")
    copy("ismv_audio_only_isma", f"{MP4}/aac_mono.m4a", ["-c", "copy"], "out.isma")
    copy("ismv_hevc", f"{MP4}/hevc_main.mp4", ["-c", "copy"], "out.ismv")
    copy("ismv_mkv_input", "fixtures/mkv/h264_aac.mkv", ["-c", "copy"], "out.ismv")
    copy("ismv_isml_manifest", h264_aac, m + ["+isml"], "out.ismv")
    copy("ismv_bframes", f"{MP4}/h264_bframes_refs.mp4", ["-c", "copy"], "out.ismv")
    copy("ismv_video_timescale_warning", h264_aac, ["-c", "copy", "-video_track_timescale", "90000"],
         "out.ismv")
    copy("dash_h264_aac", h264_aac, m + ["+dash"], "out.mp4")
    copy("dash_audio_only", f"{MP4}/aac_mono.m4a", m + ["+dash"], "out.mp4")
    copy("dash_hevc", f"{MP4}/hevc_main.mp4", m + ["+dash"], "out.mp4")
    copy("dash_mkv_input", "fixtures/mkv/h264_aac.mkv", m + ["+dash"], "out.mp4")
    copy("dash_global_sidx", h264_aac, m + ["+dash+global_sidx"], "out.mp4")
    copy("dash_global_sidx_skip_sidx", h264_aac, m + ["+dash+global_sidx+skip_sidx"], "out.mp4")
    copy("dash_skip_sidx_skip_trailer", h264_aac, m + ["+dash+skip_sidx+skip_trailer"], "out.mp4")
    copy("dash_separate_moof", f"{MP4}/h264_bframes_refs.mp4", m + ["+dash+separate_moof"],
         "out.mp4")
    copy("dash_frag_duration", h264_aac, m + ["+dash", "-frag_duration", "300000"], "out.mp4")
    copy("dash_stdout", h264_aac, m + ["+dash", "-f", "mp4"], "-")
    copy("dash_global_sidx_stdout", h264_aac, m + ["+dash+global_sidx", "-f", "mp4"], "-")
    copy("ismv_stdout", h264_aac, ["-c", "copy", "-f", "ismv"], "-")
    # the first packet of each stream carries the stream's side data (ffmpeg's process_input)
    for name, inp in (("cpb_avi", "fixtures/avi/mpeg2.avi"), ("cpb_ts", "fixtures/ts/mpeg2_mp2.ts"),
                      ("service_type_mp4", f"{MP4}/ac3.mp4"),
                      ("stereo3d_mkv", "fixtures/mkv/stereo.mkv")):
        copy("framemd5_side_data_" + name, inp, ["-c", "copy", "-f", "framemd5"], "-")
    copy("framecrc_side_data_cpb_ts", "fixtures/ts/mpeg2_mp2.ts", ["-c", "copy", "-f", "framecrc"],
         "-")
    # HDR and Dolby Vision configuration side data through the muxers: mp4 (the dby1 brand;
    # dvvC only with -strict unofficial), mov, mkv (BlockAdditionMapping), and its first packet
    dovi = f"{MP4}/dovi_dvcc.mov"
    copy("dovi_to_mp4", dovi, ["-c", "copy"], "out.mp4", bitexact=True)
    copy("dovi_to_mp4_strict_unofficial", dovi, ["-c", "copy", "-strict", "unofficial"], "out.mp4",
         bitexact=True)
    copy("dovi_to_mp4_strict_experimental", dovi, ["-c", "copy", "-strict", "-2"], "out.mp4",
         bitexact=True)
    copy("dovi_to_mov_strict_unofficial", dovi, ["-c", "copy", "-strict", "-1"], "out.mov",
         bitexact=True)
    copy("dovi_to_mkv", dovi, ["-c", "copy"], "out.mkv", bitexact=True)
    copy("dovi_mkv_to_mp4", "fixtures/mkv/dovi.mkv", ["-c", "copy", "-strict", "-1"], "out.mp4",
         bitexact=True)
    copy("dovi_mkv_to_mkv", "fixtures/mkv/dovi.mkv", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("framemd5_side_data_dovi", dovi, ["-c", "copy", "-f", "framemd5"], "-")
    copy("hdr_to_mp4", f"{MP4}/hdr_mdcv_clli.mp4", ["-c", "copy"], "out.mp4", bitexact=True)
    copy("hdr_to_mkv", f"{MP4}/hdr_smdm_coll.mp4", ["-c", "copy"], "out.mkv", bitexact=True)
    copy("hdr_mkv_to_mov", "fixtures/mkv/hdr_colour.mkv", ["-c", "copy"], "out.mov", bitexact=True)
    # st3d/sv3d: written to MP4 with -strict unofficial only, to Matroska as Projection
    for name in ("equi", "tile", "cubemap"):
        sph = f"{MP4}/spherical_{name}.mp4"
        copy(f"spherical_{name}_to_mp4", sph, ["-c", "copy"], "out.mp4", bitexact=True)
        copy(f"spherical_{name}_to_mp4_unofficial", sph, ["-c", "copy", "-strict", "-1"],
             "out.mp4", bitexact=True)
        copy(f"spherical_{name}_to_mkv", sph, ["-c", "copy"], "out.mkv", bitexact=True)
    copy("spherical_mkv_to_mp4_unofficial", "fixtures/mkv/spherical_tile.mkv",
         ["-c", "copy", "-strict", "unofficial"], "out.mp4")
    copy("spherical_mkv_to_mkv", "fixtures/mkv/spherical_cubemap.mkv", ["-c", "copy"], "out.mkv",
         bitexact=True)
    copy("err_dash_ac3_before_packets", f"{MP4}/ac3.mp4", m + ["+dash"], "out.mp4")
    copy("frag_custom_separate_moof", h264_aac, m + ["+frag_custom+separate_moof"], "out.mp4")
    copy("frag_custom", "fixtures/mkv/h264_aac.mkv", m + ["+frag_custom"], "out.mp4")
    copy("frag_every_frame", h264_aac, m + ["+frag_every_frame"], "out.mp4")
    copy("frag_size", f"{MP4}/hevc_main.mp4", ["-c", "copy", "-frag_size", "5000"], "out.mp4")
    copy("frag_min_duration", h264_aac, ["-c", "copy", "-min_frag_duration", "500000",
                                         "-movflags", "frag_keyframe"], "out.mp4")
    copy("frag_omit_tfhd_offset", h264_aac, m + ["frag_keyframe+omit_tfhd_offset"], "out.mp4")
    copy("frag_negative_cts_offsets", f"{MP4}/h264_bframes_refs.mp4",
         m + ["frag_keyframe+empty_moov+negative_cts_offsets"], "out.mp4")
    copy("negative_cts_offsets_unfragmented", f"{MP4}/h264_bframes_refs.mp4",
         m + ["+negative_cts_offsets"], "out.mp4")
    copy("frag_global_sidx_no_dash", h264_aac, m + ["+global_sidx+frag_keyframe"], "out.mp4")
    copy("use_editlist_0", f"{MP4}/editlist_neg_ts.mp4", ["-c", "copy", "-use_editlist", "0"],
         "out.mp4")
    copy("use_editlist_1_fragmented", f"{MP4}/h264_bframes_refs.mp4",
         ["-c", "copy", "-use_editlist", "1"] + m[2:] + ["frag_keyframe+empty_moov"], "out.mp4")
    copy("brand_override", h264_aac, ["-c", "copy", "-brand", "mp42"], "out.mp4")
    copy("write_colr_unspecified", h264_aac, m + ["+write_colr"], "out.mp4")
    copy("write_gama_mp4_warning", h264_aac, m + ["+write_gama"], "out.mp4")
    copy("write_gama_mov", f"{MP4}/h264_bt709.mp4", m + ["+write_gama"], "out.mov")
    copy("write_prft_pts", h264_aac, ["-c", "copy", "-write_prft", "pts", "-movflags",
                                      "frag_keyframe+empty_moov"], "out.mp4")
    copy("cmaf", f"{MP4}/h264_bframes_refs.mp4", m + ["+cmaf"], "out.mp4")
    copy("cmaf_use_editlist_warning", h264_aac, ["-use_editlist", "1"] + m + ["+cmaf"], "out.mp4")
    copy("dash_chapters", f"{MP4}/chapters.mp4", m + ["+dash"], "out.mp4")
    copy("frag_keyframe_chapters", f"{MP4}/chapters.mp4", m + ["+frag_keyframe"], "out.mp4")
    copy("ismv_lookahead_tfrf", h264_aac, ["-c", "copy", "-ism_lookahead", "2", "-frag_duration",
                                           "200000"], "out.ismv")
    copy("err_ismv_lookahead_stdout", h264_aac, ["-c", "copy", "-ism_lookahead", "1", "-f", "ismv"],
         "-")
    copy("delay_moov", f"{MP4}/editlist_neg_ts.mp4", m + ["+delay_moov"], "out.mp4")
    copy("delay_moov_dash_ac3", f"{MP4}/ac3.mp4", m + ["+dash+delay_moov"], "out.mp4")
    copy("frag_interleave", f"{MP4}/multi_audio_lang.mp4",
         ["-map", "0", "-frag_interleave", "3"] + m + ["frag_keyframe+empty_moov"], "out.mp4")
    copy("err_frag_interleave_separate_moof", h264_aac,
         ["-frag_interleave", "2"] + m + ["+dash+separate_moof"], "out.mp4")
    copy("frag_discont", f"{MP4}/h264_bframes_refs.mp4", m + ["+frag_discont+frag_keyframe"],
         "out.mp4")
    copy("moov_size_reserved", h264_aac, ["-c", "copy", "-moov_size", "5000"], "out.mp4")
    copy("err_moov_size_too_small", h264_aac, ["-c", "copy", "-moov_size", "100"], "out.mp4")
    copy("err_movflags_unknown", h264_aac, m + ["dash+nosuchflag"], "out.mp4")
    copy("err_frag_size_unparsable", h264_aac, ["-c", "copy", "-frag_size", "abc"], "out.mp4")
    copy("err_write_prft_out_of_range", h264_aac, ["-c", "copy", "-write_prft", "7"], "out.mp4")
    copy("err_use_editlist_not_boolean", h264_aac, ["-c", "copy", "-use_editlist", "2"], "out.mp4")
    copy("frag_size_si_suffix", h264_aac, ["-c", "copy", "-frag_size", "5k"], "out.mp4")
    # timecode tracks from "timecode" metadata (-write_tmcd)
    copy("tmcd_mov_to_mov", f"{MP4}/tmcd.mov", ["-c", "copy"], "out.mov")
    copy("tmcd_mov_to_mp4", f"{MP4}/tmcd.mov", ["-c", "copy"], "out.mp4")
    copy("tmcd_write_tmcd_0", f"{MP4}/tmcd.mov", ["-c", "copy", "-write_tmcd", "0"], "out.mp4")
    copy("tmcd_metadata_drop_frame", f"{MP4}/h264_30000_1001.mp4",
         ["-c", "copy", "-metadata:s:v", "timecode=00:10:00;02"], "out.mov")
    copy("tmcd_metadata_global", h264_aac, ["-c", "copy", "-metadata", "timecode=01:02:03:04"],
         "out.mp4")
    copy("tmcd_metadata_unparsable", h264_aac, ["-c", "copy", "-metadata:s:v", "timecode=garbage"],
         "out.mp4")
    copy("tmcd_dash", f"{MP4}/tmcd.mov", m + ["+dash"], "out.mp4")
    copy("tmcd_copy_track_mov", f"{MP4}/tmcd.mov", ["-map", "0", "-c", "copy"], "out.mov")
    copy("data_stream_map_all_mp4", f"{MP4}/chapters.mp4", ["-map", "0", "-c", "copy"], "out.mp4")
    copy("gpmd_data_track_dash", f"{MP4}/chapters.mp4", ["-map", "0"] + m + ["+dash"], "out.mp4")
    copy("tmcd_faststart_reel_name", f"{MP4}/tmcd.mov",
         ["-c", "copy", "-metadata:s:v", "reel_name=ReelA", "-movflags", "+faststart"], "out.mov")

    # stdout outputs
    copy("stdout_ogg_opus", f"{MP4}/opus.mp4", ["-vn", "-c:a", "copy", "-f", "ogg"], "-",
         bitexact=True)
    copy("stdout_adts", h264_aac, ["-vn", "-c:a", "copy", "-f", "adts"], "-")
    copy("stdout_pipe1_matroska", h264_aac, ["-c", "copy", "-f", "matroska"], "pipe:1",
         bitexact=True)
    copy("stdout_frag_mp4", h264_aac,
         ["-c", "copy", "-f", "mp4", "-movflags", "frag_keyframe+empty_moov"], "-")
    copy("stdout_wav", "fixtures/wav/s16.wav", ["-c", "copy", "-f", "wav"], "-")
    copy("stdout_mp4_not_seekable", h264_aac, ["-c", "copy", "-f", "mp4"], "-")

    # stdin inputs (fed through a pipe, as `cat FILE | ffmpeg -i -` would)
    def piped(name, stdin, opts, out, pre=(), bitexact=False):
        add(name, ["-hide_banner"] + list(pre) + ["-i", "-"] + list(opts)
            + (bx if bitexact else []) + [out], stdin=stdin)

    piped("stdin_faststart_mp4_to_mkv", f"{MP4}/faststart.mp4", ["-c", "copy"], "out.mkv",
          bitexact=True)
    piped("stdin_mp4_moov_last", h264_aac, ["-c", "copy"], "out.mkv", bitexact=True)
    piped("stdin_ogg_to_opus", "fixtures/ogg/opus_stereo.ogg", ["-c", "copy"], "out.opus",
          bitexact=True)
    piped("stdin_mp3_to_mka", "fixtures/elementary/vbr.mp3", ["-c", "copy"], "out.mka",
          bitexact=True)
    piped("stdin_ts_to_mp4", "fixtures/ts/h264_aac.ts", ["-c", "copy"], "out.mp4")
    piped("stdin_wav_forced_format", "fixtures/wav/s16.wav", ["-c", "copy"], "out.wav",
          pre=["-f", "wav"])
    add("stdin_pipe0_mkv_audio", ["-hide_banner", "-i", "pipe:0", "-vn", "-c:a", "copy", "out.m4a"],
        stdin="fixtures/mkv/h264_aac.mkv")

    # stream selection, metadata, disposition
    lang = f"{MP4}/multi_audio_lang.mp4"
    copy("map_second_audio", lang, ["-map", "0:a:1", "-c", "copy"], "out.m4a")
    copy("map_video_first_audio", lang, ["-map", "0:v", "-map", "0:a:0", "-c", "copy"], "out.mkv",
         bitexact=True)
    copy("map_negative", lang, ["-map", "0", "-map", "-0:a:1", "-c", "copy"], "out.mp4")
    copy("map_language", lang, ["-map", "0:m:language:eng", "-c", "copy"], "out.mka",
         bitexact=True)
    copy("map_optional_missing", h264_aac, ["-map", "0:v", "-map", "0:s?", "-c", "copy"], "out.mp4")
    add("map_two_inputs", q + ["-i", h264_aac, "-i", "fixtures/wav/s16_stereo.wav", "-map", "0:v",
                               "-map", "1:a", "-c", "copy"] + bx + ["out.mkv"])
    copy("metadata_global_and_stream", h264_aac,
         ["-c", "copy", "-metadata", "title=Hello", "-metadata:s:a:0", "language=fra"], "out.mp4")
    copy("metadata_mkv", h264_aac, ["-c", "copy", "-metadata", "title=Hello",
                                    "-metadata:s:v:0", "title=Pictures"], "out.mkv", bitexact=True)
    copy("map_metadata_none", f"{MP4}/metadata_rich.mp4", ["-map_metadata", "-1", "-c", "copy"],
         "out.m4a")
    copy("metadata_rich_to_mp4", f"{MP4}/metadata_rich.mp4", ["-c", "copy"], "out.mp4")
    copy("disposition_audio", lang, ["-map", "0:a", "-c", "copy", "-disposition:a:1", "default"],
         "out.mp4")

    # errors
    copy("err_unknown_encoder", h264_aac, ["-c:v", "copy", "-c:a", "nosuchcodec"], "out.m4a")
    copy("err_unknown_encoder_video_default", h264_aac, ["-c:a", "nosuchcodec"], "out.m4a")
    # pydub's pick for a stream whose bits_per_sample is 0: no such PCM encoder
    copy("err_unknown_pcm_encoder", h264_aac, ["-vn", "-acodec", "pcm_s0le", "-f", "wav"],
         "out.wav")
    copy("err_webm_h264", h264_aac, ["-c", "copy"], "out.webm", bitexact=True)
    copy("err_adts_opus", f"{MP4}/opus.mp4", ["-vn", "-c:a", "copy"], "out.aac")
    copy("err_mp3_with_aac", h264_aac, ["-vn", "-c:a", "copy"], "out.mp3")
    copy("err_flac_with_aac", h264_aac, ["-vn", "-c:a", "copy"], "out.flac")
    copy("wav_default_selection_aac", h264_aac, ["-c", "copy"], "out.wav")
    copy("err_ogg_with_pcm", f"{MP4}/pcm_s16le.mov", ["-c", "copy"], "out.ogg", bitexact=True)
    copy("err_mp4_with_pcm_wav", "fixtures/wav/u8.wav", ["-c", "copy"], "out.mp4")
    copy("err_missing_input", "fixtures/mp4/does_not_exist.mp4", ["-c", "copy"], "out.mkv")
    copy("err_unknown_extension", h264_aac, ["-c", "copy"], "out.xyz")
    copy("err_map_matches_nothing", h264_aac, ["-map", "0:s", "-c", "copy"], "out.mp4")
    copy("err_opus_in_mov", f"{MP4}/opus.mp4", ["-c", "copy"], "out.mov")

    # timestamp options, bitstream filters, chapters, several outputs, log and stats options
    copy("copyts_input_ss", h264_aac, ["-copyts", "-c", "copy"], "out.mkv", pre=["-ss", "0.4"],
         bitexact=True)
    copy("avoid_negative_ts_make_zero", f"{MP4}/editlist_neg_ts.mp4",
         ["-c", "copy", "-avoid_negative_ts", "make_zero"], "out.mkv", bitexact=True)
    copy("bsf_aac_adtstoasc_explicit", "fixtures/ts/h264_aac.ts",
         ["-vn", "-c:a", "copy", "-bsf:a", "aac_adtstoasc"], "out.m4a")
    copy("bsf_h264_mp4toannexb_explicit", h264_aac,
         ["-an", "-c:v", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264"], "out.264")
    copy("map_chapters_none", f"{MP4}/chapters.mp4", ["-map_chapters", "-1", "-c", "copy"],
         "out.mkv", bitexact=True)
    copy("faststart_chapters", f"{MP4}/chapters.mp4", ["-c", "copy", "-movflags", "+faststart"],
         "out.mp4")
    copy("flac_mka_to_flac", "fixtures/mkv/flac.mka", ["-c", "copy"], "out.flac")
    copy("stdout_mp3", "fixtures/elementary/vbr.mp3", ["-c", "copy", "-f", "mp3"], "-")
    copy("mp3_id3v2_version_3", "fixtures/elementary/chap.mp3", ["-c", "copy", "-id3v2_version", "3"],
         "out.mp3")
    copy("err_srt_in_mp4", "fixtures/mkv/subs_srt.mkv", ["-map", "0", "-c", "copy"], "out.mp4")
    copy("input_t_wav", "fixtures/wav/s16.wav", ["-c", "copy"], "out.wav", pre=["-t", "0.3"])
    copy("nostats", h264_aac, ["-nostats", "-vn", "-c:a", "copy"], "out.m4a")
    copy("loglevel_warning", h264_aac, ["-loglevel", "warning", "-c", "copy"], "out.mp4")
    add("two_outputs", q + ["-i", h264_aac, "-map", "0:a", "-c", "copy", "a.m4a",
                            "-map", "0:v", "-c", "copy", "v.mp4"])
    add("two_inputs_concat_maps", q + ["-i", "fixtures/elementary/stereo.aac", "-i", h264_aac,
                                       "-map", "1:v", "-map", "0:a", "-c", "copy", "-shortest",
                                       "out.mp4"])

    _remux_run_cases(copy, add, q, bx, h264_aac)
    _remux_mp4_mode_cases(copy, add, q)

    # the shared corpus (cases are skipped where ../shared/corpus is absent)
    if os.path.isdir(os.path.join(ROOT, CORPUS)):
        copy("corpus_vorbis_ogg_to_mka", f"{CORPUS}/mdnaudio/audio-param_viper.ogg", ["-c", "copy"],
             "out.mka", bitexact=True)
        copy("err_corpus_mp3_in_m4a", f"{CORPUS}/mdnaudio/multi-track_drums.mp3", ["-c", "copy"],
             "out.m4a")
        copy("corpus_mp3_to_mka", f"{CORPUS}/mdnaudio/multi-track_drums.mp3", ["-c", "copy"],
             "out.mka", bitexact=True)
        copy("corpus_dash_audio_to_adts", f"{CORPUS}/shaka/6339_a.mp4", ["-c", "copy"], "out.aac")
        copy("corpus_dash_video_to_mkv", f"{CORPUS}/shaka/6339_v.mp4", ["-c", "copy"], "out.mkv",
             bitexact=True)
        copy("corpus_bbb_extract_audio", f"{CORPUS}/mp4rust/big_buck_bunny_metadata.m4v",
             ["-vn", "-c:a", "copy"], "out.m4a")
        copy("corpus_webm_to_mkv", f"{CORPUS}/webmbs/test.webm", ["-c", "copy"], "out.mkv",
             bitexact=True)
        copy("corpus_flac_to_flac", f"{CORPUS}/xiphflac/flac-to-flac-metadata-test-files_input-SCPAP.flac",
             ["-c", "copy"], "out.flac")


def _remux_mp4_mode_cases(copy, add, q) -> None:
    """AC-3/E-AC-3 into MOV/MP4 (the wave atom), the 3gp/3g2/psp/f4v muxer names, and the
    "Multiple -c ... options specified" warning."""
    for src, stem in (("fixtures/avi/mpeg4_ac3.avi", "avi_ac3"),
                      ("fixtures/elementary/raw.ac3", "ac3"),
                      ("fixtures/elementary/raw.eac3", "eac3")):
        for ext in ("mov", "mp4"):
            copy(f"ac3mode_{stem}_to_{ext}", src, ["-c", "copy"], f"out.{ext}")
    h264_aac = f"{MP4}/h264_aac.mp4"
    for ext in ("3gp", "3g2", "f4v"):
        copy(f"mp4mode_h264_aac_to_{ext}", h264_aac, ["-c", "copy"], f"out.{ext}")
    copy("mp4mode_h264_aac_f3gp_mp4", h264_aac, ["-c", "copy", "-f", "3gp"], "out.mp4")
    copy("mp4mode_3gp_udta", h264_aac,
         ["-c", "copy", "-metadata", "title=Hello", "-metadata", "artist=Me", "-metadata",
          "date=2021", "-metadata", "album=Alb", "-metadata", "track=3"], "out.3gp")
    for ext in ("3gp", "mp4", "mov"):
        copy(f"mp4mode_loci_{ext}", h264_aac,
             ["-c", "copy", "-metadata", "location=+48.8577+002.295/Paris"], f"out.{ext}")
    copy("mp4mode_loci_alt_3gp", h264_aac,
         ["-c", "copy", "-metadata", "location=-12.5+100.25+33.5/"], "out.3gp")
    copy("mp4mode_loci_malformed_mp4", h264_aac,
         ["-c", "copy", "-metadata", "location=+5"], "out.mp4")
    for src, ext in (("metadata_rich.mp4", "3gp"), ("metadata_rich.mp4", "f4v"),
                     ("chapters.mp4", "3gp"), ("chapters.mp4", "psp"), ("mov_text.mp4", "3gp"),
                     ("h263.3gp", "3gp"), ("mpeg4_aac.3g2", "3g2"),
                     ("qt_keys_location.mov", "mp4"), ("qt_keys_location.mov", "3gp")):
        copy(f"mp4mode_{_stem(src)}_to_{ext}", f"{MP4}/{src}", ["-c", "copy"], f"out.{ext}")
    copy("mp4mode_3gp_faststart", h264_aac, ["-c", "copy", "-movflags", "+faststart"], "out.3gp")
    copy("mp4mode_psp_frag", h264_aac,
         ["-c", "copy", "-movflags", "+frag_keyframe+empty_moov"], "out.psp")
    copy("mp4mode_f4v_brand", h264_aac, ["-c", "copy", "-brand", "mp42"], "out.f4v")
    copy("mp4mode_mpeg4_to_3gp", "fixtures/avi/mpeg4_ac3.avi", ["-c", "copy", "-an"], "out.3gp")
    copy("mp4mode_aac_to_3g2", "fixtures/elementary/stereo.aac", ["-c", "copy"], "out.3g2")
    copy("mp4mode_mp3_to_f4v", f"{MP4}/mp3.mp4", ["-c", "copy"], "out.f4v")
    copy("mp4mode_h264_aac_to_psp", h264_aac, ["-c", "copy"], "out.psp")
    copy("mp4mode_psp_title", h264_aac, ["-c", "copy", "-metadata", "title=Hi"], "out.psp")
    copy("mp4mode_psp_title_bitexact", h264_aac,
         ["-c", "copy", "-metadata", "title=Hi", "-fflags", "+bitexact"], "out.psp")
    copy("mp4mode_psp_swapped", h264_aac, ["-c", "copy", "-map", "0:1", "-map", "0:0"],
         "out.psp")
    copy("mp4mode_mpeg4_ac3_to_psp", "fixtures/avi/mpeg4_ac3.avi", ["-c", "copy"], "out.psp")
    copy("mp4mode_psp_one_stream", h264_aac, ["-c", "copy", "-an", "-f", "psp"], "out.mp4")
    # refusals: no tag in the mode's table
    copy("mp4mode_opus_to_3gp", f"{MP4}/opus.mp4", ["-c", "copy"], "out.3gp")
    copy("mp4mode_mp3_to_3gp", f"{MP4}/mp3.mp4", ["-c", "copy"], "out.3gp")
    copy("mp4mode_ac3_to_3g2", "fixtures/avi/mpeg4_ac3.avi", ["-c", "copy"], "out.3g2")
    copy("mp4mode_mpeg4_to_f4v", "fixtures/avi/mpeg4_ac3.avi", ["-c", "copy"], "out.f4v")
    copy("mp4mode_hevc_to_3gp", "fixtures/ts/hevc_aac.ts", ["-c", "copy"], "out.3gp")
    if os.path.isdir(os.path.join(ROOT, CORPUS)):
        # AMR-NB (damr; samr inside the MOV wave), AMR-WB, H.263 (d263)
        mp4parse = f"{CORPUS}/mp4parse/mp4parse_tests_"
        for stem in ("amr_nb_1f", "amr_wb_1f", "bbb_sunflower_QCIF_30fps_h263_noaudio_1f"):
            short = stem.split("_1f")[0].replace("bbb_sunflower_QCIF_30fps_", "")
            for ext in ("3gp", "mov", "mp4"):
                copy(f"mp4mode_corpus_{short}_to_{ext}", f"{mp4parse}{stem}.3gp", ["-c", "copy"],
                     f"out.{ext}")
    # MATCH_PER_STREAM_OPT's "Multiple ... options specified" warning
    copy("multiopt_c_vn_ca", h264_aac, ["-c", "copy", "-vn", "-c:a", "copy"], "out.mp4")
    copy("multiopt_ca_acodec", h264_aac, ["-c:a", "copy", "-acodec", "copy", "-c:v", "copy"],
         "out.mp4")
    copy("multiopt_many", h264_aac,
         ["-c:a", "copy", "-acodec", "copy", "-c:v", "copy", "-frames", "3", "-frames:v", "0x4",
          "-tag:v", "avc1", "-vtag", "avc1", "-bsf:v", "null", "-vbsf", "null",
          "-disposition:a", "default", "-disposition", "default"], "out.mp4")
    copy("multiopt_filter_copy", h264_aac,
         ["-c", "copy", "-af", "anull", "-filter:a", "anull"], "out.mp4")
    copy("multiopt_input_c", h264_aac, ["-c", "copy"], "out.mp4",
         pre=["-c:v", "h264", "-vcodec", "h264"])


def _remux_run_cases(copy, add, q, bx, h264_aac) -> None:
    """Stream copy behaviour of the run itself: output time bases of muxers without variable
    frame rate support, write and muxer failures mid-run (/dev/full), bitstream filter init
    failures, -output_ts_offset, -frames/-vframes/-aframes, -fs, -shortest, -xerror."""
    ts = "fixtures/ts/h264_aac.ts"
    # avformat_transfer_internal_stream_timing_info: the codec time base for raw muxers
    copy("raw_h264_from_ts", ts, ["-an", "-c", "copy"], "out.h264")
    copy("raw_hevc_from_ts", "fixtures/ts/hevc_aac.ts", ["-an", "-c", "copy"], "out.hevc")
    copy("raw_hevc_from_mov", f"{MP4}/hevc_aac.mov", ["-an", "-c", "copy"], "out.hevc")
    copy("raw_m4v_from_avi", "fixtures/avi/mpeg4_bframes.avi", ["-an", "-c", "copy"], "out.m4v")
    copy("raw_h264_to_h264", "fixtures/elementary/r30.h264", ["-c", "copy"], "out.h264")
    # no timing in the SPS: the decoder keeps the raw demuxer's preset 25 fps
    copy("raw_h264_no_timing_to_h264", "fixtures/h264/ipcm_cavlc.h264", ["-c", "copy"],
         "out.h264")
    copy("raw_hevc_to_hevc", "fixtures/elementary/r25.hevc", ["-c", "copy"], "out.hevc")
    copy("ts_audio_to_adts", ts, ["-vn", "-c", "copy"], "out.aac")
    copy("ts_video_to_null", ts, ["-an", "-c", "copy", "-f", "null"], "-")
    # failing writes: av_interleaved_write_frame(), trailer and close errors, main_return_code
    copy("err_write_full_trailer_only", h264_aac, ["-vn", "-c", "copy", "-f", "adts", "-y"],
         "/dev/full")
    copy("err_write_full_packets", f"{MP4}/audio_only_many.m4a",
         ["-map", "0:a:0", "-c", "copy", "-f", "adts", "-y"], "/dev/full")
    copy("err_write_full_mpegts", f"{MP4}/many_samples.mp4", ["-c", "copy", "-f", "mpegts", "-y"],
         "/dev/full")
    copy("err_write_full_mp4_header", h264_aac, ["-c", "copy", "-f", "mp4", "-y"], "/dev/full")
    copy("err_write_full_xerror", f"{MP4}/audio_only_many.m4a",
         ["-map", "0:a:0", "-c", "copy", "-f", "adts", "-y"], "/dev/full", pre=["-xerror"])
    # bitstream filters the stream's codec does not take (av_bsf_init)
    copy("err_bsf_h264_filter_on_hevc", f"{MP4}/hevc_main.mp4",
         ["-c", "copy", "-bsf:v", "h264_mp4toannexb"], "out.ts")
    copy("err_bsf_chain_on_wrong_codec", h264_aac,
         ["-c", "copy", "-bsf:v", "null,hevc_mp4toannexb"], "out.ts")
    copy("err_bsf_adtstoasc_on_h264", h264_aac, ["-c", "copy", "-bsf", "aac_adtstoasc"], "out.mp4")
    # truncated input: the read ends, the run goes on (and stops at once with -xerror)
    trunc = "fixtures/errors/trunc_in_mdat_faststart.mp4"
    copy("trunc_input_to_mkv", trunc, ["-c", "copy"], "out.mkv", bitexact=True)
    copy("trunc_input_xerror", trunc, ["-c", "copy"], "out.mkv", pre=["-xerror"], bitexact=True)
    # -output_ts_offset (an AVFormatContext option applied by avformat_write_header)
    copy("output_ts_offset_mp4", h264_aac, ["-c", "copy", "-output_ts_offset", "2.5"], "out.mp4")
    copy("output_ts_offset_ts", h264_aac, ["-c", "copy", "-output_ts_offset", "500ms"], "out.ts")
    copy("output_ts_offset_mka", h264_aac, ["-vn", "-c", "copy", "-output_ts_offset", "1:00"],
         "out.mka", bitexact=True)
    copy("err_output_ts_offset_bad", h264_aac, ["-c", "copy", "-output_ts_offset", "abc"],
         "out.mp4")
    # -frames and its aliases, -fs, -shortest
    copy("frames_v", h264_aac, ["-c", "copy", "-frames:v", "10"], "out.mp4")
    copy("vframes_mkv", h264_aac, ["-c", "copy", "-vframes", "7"], "out.mkv", bitexact=True)
    copy("aframes", h264_aac, ["-c", "copy", "-aframes", "5"], "out.mp4")
    copy("frames_unspecific", h264_aac, ["-c", "copy", "-frames", "5"], "out.mp4")
    copy("frames_a_adts", h264_aac, ["-vn", "-c", "copy", "-frames:a", "3"], "out.aac")
    copy("frames_v_zero", h264_aac, ["-c", "copy", "-frames:v", "0"], "out.mp4")
    copy("fs_mp4", f"{MP4}/many_samples.mp4", ["-c", "copy", "-fs", "20000"], "out.mp4")
    copy("fs_ts", h264_aac, ["-c", "copy", "-fs", "10000"], "out.ts")
    copy("fs_adts", h264_aac, ["-vn", "-c", "copy", "-fs", "2000"], "out.aac")
    add("fs_two_outputs", q + ["-i", h264_aac, "-c", "copy", "-fs", "5000", "o1.mp4",
                               "-c", "copy", "o2.mp4"])
    add("frames_two_outputs", q + ["-i", h264_aac, "-c", "copy", "-frames:v", "10", "o1.mp4",
                                   "-c", "copy", "o2.mp4"])
    add("shortest_wav_and_video", q + ["-i", h264_aac, "-i", "fixtures/wav/s16_stereo.wav",
                                       "-map", "0:v", "-map", "1:a", "-c", "copy", "-shortest"]
        + bx + ["out.mkv"])
    add("shortest_audio_first", q + ["-i", "fixtures/wav/s16_stereo.wav", "-i", h264_aac,
                                     "-map", "1:v", "-map", "0:a", "-c", "copy", "-shortest"]
        + bx + ["out.mkv"])
    copy("stream_loop_mp4", h264_aac, ["-c", "copy"], "out.mp4", pre=["-stream_loop", "1"])
    copy("stream_loop_ts", ts, ["-c", "copy"], "out.ts", pre=["-stream_loop", "1"])
    copy("stream_loop_mp3", "fixtures/elementary/vbr.mp3", ["-c", "copy"], "out.mp3",
         pre=["-stream_loop", "2"])
    copy("stream_loop_forever_t", "fixtures/wav/s16.wav", ["-t", "2", "-c", "copy"], "out.wav",
         pre=["-stream_loop", "-1"])
    copy("sseof", h264_aac, ["-c", "copy"], "out.mp4", pre=["-sseof", "-0.5"])
    copy("err_sseof_positive", h264_aac, ["-c", "copy"], "out.mp4", pre=["-sseof", "1"])
    # "Output #0" is dumped right after its header, before output #1 fails
    add("err_second_output_header", q + ["-i", h264_aac, "-c", "copy", "o1.mp4", "-map", "0",
                                         "-c", "copy", "o2.wav"])
    add("err_second_output_bsf", q + ["-i", f"{MP4}/hevc_main.mp4", "-c", "copy", "o1.mp4",
                                      "-c", "copy", "-bsf:v", "h264_mp4toannexb", "o2.ts"])
    copy("disposition_none", h264_aac, ["-c", "copy", "-disposition:v", "none"], "out.mp4")


def _listing_cases(add) -> None:
    """The listings whose rows are libavutil's data, the same in cine (the capability
    listings list what cine has: tests/compat/test_listings*.py checks them row by row)."""
    for tool in ("ffprobe", "ffmpeg"):
        for listing in ("sample_fmts", "layouts", "dispositions"):
            add(f"{tool}_{listing}", [tool, "-hide_banner", f"-{listing}"])
        add(f"{tool}_layouts_with_banner", [tool, "-layouts"])
    add("ffprobe_hwaccels_not_an_option", ["ffprobe", "-hide_banner", "-hwaccels"])


# -- MPEG-TS: seeks (ff_seek_frame_binary over mpegts_get_dts), pipes, Opus, Blu-ray LPCM ----
TS_NEW_FIXTURES = ["fixtures/ts/" + n for n in ("h264_lpcm.m2ts", "lpcm_51_24.m2ts", "opus51.ts",
                                                  "mpeg2_mp2.ts")]
# corpus transport streams with their format start times (absolute -read_intervals starts)
TS_CORPUS_SEEKS = {
    "shaka/hls-ts-muxed-aac-h264_n_0_0_0.ts": 0.0, "shaka/hls-ts-b-frames_1.ts": 0.0,
    "shaka/hls-ts-muxed-ac3-h264_s_00004.ts": 41759.368233,
    "shaka/hls-ts-rollover_360p30_h264_48k_160_aac_ts-0000000031.ts": 4.287911,
    "shaka/hls-ts-h265_0.ts": 1.4, "shaka/hls-ts-muxed-opus-h264-2880_segment.ts": 0.0,
}
TS_CORPUS_PIPES = ["shaka/hls-gap_3.ts", "shaka/hls-ts-muxed-ac3-h264_s_00004.ts",
                   "shaka/hls-ts-muxed-ec3-h264_ChID_voices_1280x720p_25fps_h264_6ch_256kbps_ddp_sub_0000.ts",
                   "shaka/hls-ts-muxed-opus-h264-2880_segment.ts", "shaka/hls-ts-h265_0.ts"]


def _ts_packet_cases(add) -> None:
    """-show_packets of the LPCM/Opus fixtures, -read_intervals seeks in every TS fixture and
    a few corpus streams, and transport streams read from a pipe (find_stream_info's packets
    keep the timestamps and durations they got while it read them)."""
    quiet = ["-hide_banner", "-v", "error"]
    for path in TS_NEW_FIXTURES:
        stem = _stem(os.path.basename(path))
        add("packets", f"ts__{stem}__compact", quiet + ["-of", "compact", "-show_packets", path])
        add("packets", f"ts__{stem}__count", quiet + [
            "-of", "compact", "-count_packets", "-show_entries", "stream=index,nb_read_packets",
            path])
        add("packets", f"ts__{stem}__md5",
            quiet + ["-of", "compact", "-show_packets", "-show_data_hash", "md5", path])
    for path in container_fixtures("ts"):
        stem = _stem(os.path.basename(path))
        for j, iv in enumerate(("0.5%+#3", "0.3%0.6,0.8%+#3", "10%+#3", "0.25%+0.2,0.9%")):
            add("packets", f"seek__{stem}__{j}",
                quiet + ["-of", "compact", "-show_packets", "-read_intervals", iv, path])
    for path in ("fixtures/ts/h264_aac.ts", "fixtures/ts/hevc_aac.ts", "fixtures/ts/opus.ts",
                 "fixtures/ts/h264_lpcm.m2ts"):
        stem = _stem(os.path.basename(path))
        add("packets", f"stdin__{stem}__compact",
            quiet + ["-of", "compact", "-show_packets", "-"], stdin=path)
    corpus = "../shared/corpus/files"
    if not os.path.isdir(os.path.join(ROOT, corpus)):
        return
    for path, start in TS_CORPUS_SEEKS.items():
        stem = _stem(os.path.basename(path))
        for j, off in enumerate((0.5, 1.5, 3.7)):
            iv = "%.3f%%+#4,%.3f%%+0.3" % (start + off, start + off + 0.8)
            add("packets", f"corpus_seek__{stem}__{j}",
                ["-hide_banner", "-v", "quiet", "-of", "compact", "-show_packets",
                 "-read_intervals", iv,
                         f"{corpus}/{path}"])
    for path in TS_CORPUS_PIPES:
        stem = _stem(os.path.basename(path))
        add("packets", f"corpus_stdin__{stem}__compact",
            ["-hide_banner", "-v", "quiet", "-of", "compact", "-show_packets", "-"],
            stdin=f"{corpus}/{path}")


def _ts_remux_cases(add) -> None:
    """ffmpeg -ss on TS inputs (the binary search), Opus out of TS (the parser strips the
    TS control headers), Blu-ray LPCM copies, TS from a pipe."""
    q = ["-hide_banner", "-nostdin"]
    bx = ["-fflags", "+bitexact"]

    def copy(name, inp, opts, out, pre=(), bitexact=False, stdin=None):
        add(name, q + list(pre) + ["-i", "-" if stdin else inp] + list(opts)
            + (bx if bitexact else []) + [out], stdin=stdin)

    ts = "fixtures/ts"
    for src in ("h264_aac.ts", "hevc_aac.ts", "m2ts_192.m2ts", "opus.ts", "two_programs.ts"):
        stem = _stem(src)
        copy(f"ss_{stem}_to_ts", f"{ts}/{src}", ["-c", "copy"], "out.ts", pre=["-ss", "0.5"])
        copy(f"ss_{stem}_to_mkv", f"{ts}/{src}", ["-c", "copy"], "out.mkv", pre=["-ss", "0.5"],
             bitexact=True)
    copy("ss_h264_aac_ts_to_mp4", f"{ts}/h264_aac.ts", ["-c", "copy"], "out.mp4",
         pre=["-ss", "0.9"])
    copy("ss_hevc_aac_ts_to_mp4_late", f"{ts}/hevc_aac.ts", ["-c", "copy"], "out.mp4",
         pre=["-ss", "5"])
    copy("ss_ac3_ts_to_ac3", f"{ts}/ac3_lang.ts", ["-c", "copy"], "out.ac3", pre=["-ss", "0.3"])
    for src in ("opus.ts", "opus51.ts"):
        stem = _stem(src)
        copy(f"ts_{stem}_to_opus", f"{ts}/{src}", ["-c", "copy"], "out.opus", bitexact=True)
        copy(f"ts_{stem}_to_mka", f"{ts}/{src}", ["-c", "copy"], "out.mka", bitexact=True)
        copy(f"ts_{stem}_to_mp4", f"{ts}/{src}", ["-c", "copy"], "out.mp4")
        copy(f"ts_{stem}_to_ts", f"{ts}/{src}", ["-c", "copy"], "out.ts")
    for src in ("h264_lpcm.m2ts", "lpcm_51_24.m2ts"):
        stem = _stem(src)
        copy(f"m2ts_{stem}_to_null", f"{ts}/{src}", ["-c", "copy", "-f", "null"], "-")
        copy(f"m2ts_{stem}_to_mkv", f"{ts}/{src}", ["-c", "copy"], "out.mkv", bitexact=True)
        copy(f"m2ts_{stem}_to_m2ts", f"{ts}/{src}", ["-c", "copy"], "out.m2ts")
    copy("m2ts_lpcm_audio_to_mka", f"{ts}/h264_lpcm.m2ts", ["-vn", "-c:a", "copy"], "out.mka",
         bitexact=True)
    copy("ss_m2ts_lpcm_to_mkv", f"{ts}/h264_lpcm.m2ts", ["-c", "copy"], "out.mkv",
         pre=["-ss", "0.3"], bitexact=True)
    copy("stdin_hevc_ts_to_mkv", f"{ts}/hevc_aac.ts", ["-c", "copy"], "out.mkv", bitexact=True,
         stdin=f"{ts}/hevc_aac.ts")
    copy("stdin_opus_ts_to_opus", f"{ts}/opus.ts", ["-c", "copy"], "out.opus", bitexact=True,
         stdin=f"{ts}/opus.ts")
    copy("stdin_lpcm_m2ts_to_mkv", f"{ts}/h264_lpcm.m2ts", ["-c", "copy"], "out.mkv",
         bitexact=True, stdin=f"{ts}/h264_lpcm.m2ts")
    # MPEG-2 video: the key flags come from the mpegvideo parser (the copy waits for one)
    m2 = f"{ts}/mpeg2_mp2.ts"
    copy("ts_mpeg2_mp2_to_mkv", m2, ["-c", "copy"], "out.mkv", bitexact=True)
    copy("ts_mpeg2_mp2_to_mp4", m2, ["-c", "copy"], "out.mp4")
    copy("ts_mpeg2_mp2_to_ts", m2, ["-c", "copy"], "out.ts")
    copy("ss_mpeg2_mp2_to_mkv", m2, ["-c", "copy"], "out.mkv", pre=["-ss", "0.5"], bitexact=True)
    # -ss on a pipe: the binary search fails (the warning), the input restarts at byte 0 and
    # the copy keeps every frame; a start far past the end trips the discontinuity check
    copy("stdin_ss_h264_aac_ts_to_ts", f"{ts}/h264_aac.ts", ["-c", "copy", "-f", "mpegts"],
         "out.ts", pre=["-ss", "0.5"], stdin=f"{ts}/h264_aac.ts")
    copy("stdin_ss_late_h264_aac_ts_to_mkv", f"{ts}/h264_aac.ts", ["-c", "copy"], "out.mkv",
         pre=["-ss", "30"], bitexact=True, stdin=f"{ts}/h264_aac.ts")
    copy("stdin_ss_mpeg2_mp2_to_mp4", m2, ["-c", "copy"], "out.mp4", pre=["-ss", "0.5"],
         stdin=m2)
    copy("stdin_ss_faststart_mp4_to_ts", "fixtures/mp4/faststart.mp4", ["-c", "copy"], "out.ts",
         pre=["-ss", "0.5"], stdin="fixtures/mp4/faststart.mp4")
    copy("stdin_ss_mkv_to_mp4", "fixtures/mkv/h264_aac.mkv", ["-c", "copy"], "out.mp4",
         pre=["-ss", "0.5"], stdin="fixtures/mkv/h264_aac.mkv")
    if os.path.isdir(os.path.join(ROOT, CORPUS)):
        for path in ("shaka/hls-ts-muxed-aac-h264_n_0_0_0.ts", "shaka/hls-ts-b-frames_1.ts",
                     "shaka/hls-ts-muxed-ac3-h264_s_00000.ts", "shaka/hls-ts-muxed-aac-h265_0.ts",
                     "shaka/hls-ts-rollover_360p30_h264_48k_160_aac_ts-0000000031.ts"):
            stem = _stem(os.path.basename(path))
            copy(f"ss_corpus_{stem}_to_mkv", f"{CORPUS}/{path}", ["-c", "copy"], "out.mkv",
                 pre=["-ss", "1.2"], bitexact=True)
        copy("ss_corpus_opus_ts_to_mp4", f"{CORPUS}/shaka/hls-ts-muxed-opus-h264-2880_segment.ts",
             ["-c", "copy"], "out.mp4", pre=["-ss", "3"])


if __name__ == "__main__":
    import collections
    cs = generate()
    for g, n in sorted(collections.Counter(c.group for c in cs).items()):
        print(f"{g:10s} {n}")
    print(f"{'total':10s} {len(cs)}")
