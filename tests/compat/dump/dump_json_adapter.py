"""Test helper: builds a cine FormatContext from the reference ffprobe's JSON output, so that the
stderr dump can be checked against the real tool without cine's demuxer."""
from __future__ import annotations

import json
import os
import re
import subprocess

from cine.engine.codecs.profiles import PROFILES
from cine.engine.model import (Chapter, CodecParameters, FormatContext, Program, Rational,
                               SideData, Stream, Tags, PROFILE_UNKNOWN)

FFPROBE = "/usr/bin/ffprobe"


def _q(text: str | None, sep: str = "/") -> Rational:
    if not text or sep not in text:
        return Rational(0, 1)
    n, d = text.split(sep)
    return Rational(int(n), int(d))


def _us(text: str | None) -> int | None:
    if text is None:
        return None
    return round(float(text) * 1_000_000)


def _opt(v: str | None, unknown=("unknown",)) -> str | None:
    return None if v is None or v in unknown else v


def _profile(codec: str | None, text: str | None) -> int:
    if text is None:
        return PROFILE_UNKNOWN
    for num, name in PROFILES.get(codec or "", {}).items():
        if name == text:
            return num
    if text.lstrip("-").isdigit():
        return int(text)
    raise LookupError("cine has no profile %r for %s" % (text, codec))


def _tags(d: dict | None) -> Tags:
    return Tags(list((d or {}).items()))


def stream_from_json(s: dict) -> Stream:
    ctype = s.get("codec_type")
    par = CodecParameters(
        codec_type=ctype,
        codec_name=s.get("codec_name"),
        codec_tag=int(s.get("codec_tag", "0x0"), 16),
        profile=_profile(s.get("codec_name"), s.get("profile")),
        level=int(s.get("level", -99)),
        bit_rate=int(s.get("bit_rate", 0)),
        bits_per_raw_sample=int(s.get("bits_per_raw_sample", 0)),
    )
    if ctype == "video":
        par.format = _opt(s.get("pix_fmt"))
        par.width = s.get("width", 0)
        par.height = s.get("height", 0)
        par.coded_width = s.get("coded_width", 0)
        par.coded_height = s.get("coded_height", 0)
        par.closed_captions = s.get("closed_captions", 0)
        par.film_grain = s.get("film_grain", 0)
        par.video_delay = s.get("has_b_frames", 0)
        par.sample_aspect_ratio = _q(s.get("sample_aspect_ratio"), ":")
        par.color_range = _opt(s.get("color_range"))
        par.color_space = _opt(s.get("color_space"))
        par.color_transfer = _opt(s.get("color_transfer"))
        par.color_primaries = _opt(s.get("color_primaries"))
        par.chroma_location = _opt(s.get("chroma_location"), ("unknown", "unspecified"))
        par.field_order = _opt(s.get("field_order"))
        par.refs = s.get("refs", 1)
    elif ctype == "audio":
        par.format = _opt(s.get("sample_fmt"))
        par.sample_rate = int(s.get("sample_rate", 0))
        par.channels = s.get("channels", 0)
        par.channel_layout = s.get("channel_layout")
    elif ctype == "subtitle":
        par.width = s.get("width", 0) or 0
        par.height = s.get("height", 0) or 0
    st = Stream(
        index=s["index"],
        codecpar=par,
        id=int(s["id"], 16) if "id" in s else 0,
        time_base=_q(s.get("time_base")),
        start_time=s.get("start_pts"),
        duration=s.get("duration_ts"),
        nb_frames=int(s.get("nb_frames", 0)),
        r_frame_rate=_q(s.get("r_frame_rate")),
        avg_frame_rate=_q(s.get("avg_frame_rate")),
        disposition={k for k, v in s.get("disposition", {}).items() if v},
        tags=_tags(s.get("tags")),
        side_data=[SideData(sd["side_data_type"],
                            [(k, v) for k, v in sd.items() if k != "side_data_type"])
                   for sd in s.get("side_data_list", [])],
    )
    st.sample_aspect_ratio = par.sample_aspect_ratio
    return st


def context_from_json(doc: dict, filename: str) -> FormatContext:
    fmt = doc.get("format", {})
    streams = [stream_from_json(s) for s in doc.get("streams", [])]
    ctx = FormatContext(
        filename=filename,
        format_name=fmt.get("format_name", ""),
        format_long_name=fmt.get("format_long_name", ""),
        streams=streams,
        start_time=_us(fmt.get("start_time")),
        duration=_us(fmt.get("duration")),
        size=int(fmt["size"]) if "size" in fmt else None,
        bit_rate=int(fmt.get("bit_rate", 0)),
        probe_score=fmt.get("probe_score", 0),
        tags=_tags(fmt.get("tags")),
        show_ids=any("id" in s for s in doc.get("streams", [])),
    )
    for c in doc.get("chapters", []):
        ctx.chapters.append(Chapter(c["id"], _q(c["time_base"]), c["start"], c["end"],
                                    _tags(c.get("tags"))))
    for p in doc.get("programs", []):
        ctx.programs.append(Program(p["program_id"], p["program_num"], p["pmt_pid"],
                                    p["pcr_pid"], [s["index"] for s in p.get("streams", [])],
                                    _tags(p.get("tags"))))
    return ctx


def probe_json(path: str) -> dict:
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_format", "-show_streams",
                          "-show_chapters", "-show_programs", path],
                         capture_output=True)
    try:
        return json.loads(out.stdout.decode("utf-8", "surrogateescape"))
    except ValueError:      # the reference stopped half-way (a stream it cannot decode)
        return {}


def reference_dump(path: str, extra: tuple[str, ...] = ()) -> str:
    """The dump the reference prints for `path` (run from its directory with the bare name):
    stderr from the "Input #0" line, minus the ffprobe/decoder lines printed after it."""
    d, name = os.path.split(os.path.abspath(path))
    out = subprocess.run([FFPROBE, "-hide_banner", *extra, name], cwd=d, capture_output=True)
    err = out.stderr.decode("utf-8", "surrogateescape")
    start = err.find("Input #0, ")
    if start < 0:
        raise LookupError("no dump in reference stderr: %r" % err)
    lines = err[start:].splitlines(keepends=True)
    while lines and (lines[-1].startswith("Unsupported codec with id")
                     or lines[-1].startswith("[")):
        lines.pop()
    return "".join(lines)


_STREAM_LINE = re.compile(r"^  Stream #0:(\d+)")
_CODEC_SAR = re.compile(r"\[SAR (\d+):(\d+) DAR \d+:\d+\]")
_STREAM_SAR = re.compile(r", SAR (\d+):(\d+) DAR \d+:\d+")
_CODED = re.compile(r", (\d+)x(\d+) \((\d+)x(\d+)\)")
_DELAY = re.compile(r", delay (\d+)")
_UNKNOWN_SD = re.compile(r"^      unknown side data type \d+ \((\d+) bytes\)")


def apply_reference_details(ctx: FormatContext, ref: str) -> None:
    """Fill in what the JSON cannot carry, from the reference dump's own lines:
    - the codec's SAR unreduced (JSON prints the reduced av_guess_sample_aspect_ratio) and the
      container's SAR when it differs (mov pasp/tkhd), which the dump shows separately;
    - the coded size (-v verbose), audio delay and decoder properties (closed captions...) of
      find_stream_info's codec context (the JSON's come from ffprobe's own decoder context);
    - the byte size of side data ffprobe prints no fields for (encryption init info...)."""
    st = None
    unknown = []
    for line in ref.splitlines():
        m = _STREAM_LINE.match(line)
        if m and int(m.group(1)) < len(ctx.streams):
            st = ctx.streams[int(m.group(1))]
            unknown = [sd for sd in st.side_data if not sd.fields]
            c = _CODEC_SAR.search(line)
            s = _STREAM_SAR.search(line)
            codec_sar = Rational(int(c.group(1)), int(c.group(2))) if c else Rational(0, 1)
            if c or s:
                st.codecpar.sample_aspect_ratio = codec_sar
            st.sample_aspect_ratio = (Rational(int(s.group(1)), int(s.group(2))) if s
                                      else st.codecpar.sample_aspect_ratio)
            par = st.codecpar
            cs = _CODED.search(line)
            par.info_coded_width, par.info_coded_height = (
                (int(cs.group(3)), int(cs.group(4))) if cs else (par.width, par.height))
            par.info_closed_captions = ", Closed Captions" in line
            par.info_film_grain = ", Film Grain" in line
            par.info_lossless = ", lossless" in line
            d = _DELAY.search(line)
            par.initial_padding = int(d.group(1)) if d else 0
            continue
        u = _UNKNOWN_SD.match(line)
        if u and st is not None and unknown:
            unknown.pop(0).data = bytes(int(u.group(1)))
