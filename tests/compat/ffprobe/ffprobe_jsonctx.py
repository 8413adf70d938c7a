"""Test helper: a cine FormatContext rebuilt from the reference ffprobe's own JSON, so that the
ffprobe face (sections, fields, writers, options) can be compared byte for byte with the real
tool independently of cine's demuxers. Profile names the JSON prints are served back through a
patched descriptors.profile_name."""
from __future__ import annotations

import json
import os
import struct
import subprocess
from contextlib import contextmanager

from cine.engine.model import (Chapter, CodecParameters, FormatContext, Program, Rational,
                               SideData, Stream, Tags, PROFILE_UNKNOWN)

FFPROBE = "/usr/bin/ffprobe"
HAVE_FFPROBE = os.access(FFPROBE, os.X_OK)

PRIVATE_KEYS = ("is_avc", "nal_length_size", "quarter_sample", "divx_packed")
_PROFILE_BASE = 100000


def _q(text, sep="/"):
    if not text or sep not in text:
        return Rational(0, 1)
    n, d = text.split(sep)
    return Rational(int(n), int(d))


def _us(text):
    return None if text is None else round(float(text) * 1_000_000)


def _opt(v, unknown=("unknown",)):
    return None if v is None or v in unknown else v


class ProfileBook:
    """Profile strings of the JSON, served back for the numeric profiles -bitexact shows."""

    def __init__(self):
        self.names: dict[tuple, str] = {}

    def number(self, codec, text, bitexact_text):
        if bitexact_text is None:
            return PROFILE_UNKNOWN
        n = int(bitexact_text)
        if text is not None and text != bitexact_text:
            self.names[(codec, n)] = text
        return n


def _unhexdump(text):
    data = bytearray()
    for line in (text or "").splitlines():
        if ":" not in line:
            continue
        hexpart = line.split(":", 1)[1][:41]
        data += bytes.fromhex(hexpart.replace(" ", ""))
    return bytes(data)


def _side_data(sd: dict) -> SideData:
    t = sd.get("side_data_type", "unknown")
    if t == "Display Matrix" and "displaymatrix" in sd:
        nums = [int(x) for line in sd["displaymatrix"].strip().splitlines()
                for x in line.split(":", 1)[1].split()]
        return SideData(t, [], struct.pack("<9i", *nums))
    return SideData(t, [(k, v) for k, v in sd.items() if k != "side_data_type"])


def stream_from_json(s: dict, book: ProfileBook, bx: dict) -> Stream:
    ctype = s.get("codec_type")
    cp = CodecParameters(codec_type=ctype, codec_name=s.get("codec_name"),
                         codec_tag=int(s.get("codec_tag", "0x0"), 16),
                         profile=book.number(s.get("codec_name"), s.get("profile"),
                                             bx.get("profile")), level=int(s.get("level", -99)),
                         bit_rate=int(s.get("bit_rate", 0)),
                         bits_per_raw_sample=int(s.get("bits_per_raw_sample", 0)),
                         rc_max_rate=int(s.get("max_bit_rate", 0)),
                         extradata=_unhexdump(s.get("extradata")))
    if ctype == "video":
        cp.format = _opt(s.get("pix_fmt"))
        cp.width, cp.height = s.get("width", 0), s.get("height", 0)
        cp.coded_width, cp.coded_height = s.get("coded_width", 0), s.get("coded_height", 0)
        cp.closed_captions = s.get("closed_captions", 0)
        cp.film_grain = s.get("film_grain", 0)
        cp.video_delay = s.get("has_b_frames", 0)
        cp.sample_aspect_ratio = _q(s.get("sample_aspect_ratio"), ":")
        cp.color_range = _opt(s.get("color_range"))
        cp.color_space = _opt(s.get("color_space"))
        cp.color_transfer = _opt(s.get("color_transfer"))
        cp.color_primaries = _opt(s.get("color_primaries"))
        cp.chroma_location = _opt(s.get("chroma_location"), ("unspecified",))
        cp.field_order = _opt(s.get("field_order"))
        cp.refs = s.get("refs", 1)
    elif ctype == "audio":
        cp.format = _opt(s.get("sample_fmt"))
        cp.sample_rate = int(s.get("sample_rate", 0))
        cp.channels = s.get("channels", 0)
        cp.channel_layout = s.get("channel_layout")
    elif ctype == "subtitle":
        cp.width, cp.height = s.get("width", 0), s.get("height", 0)
    cp.private = [(k, s[k]) for k in PRIVATE_KEYS if k in s]
    st = Stream(index=s["index"], codecpar=cp, id=int(s["id"], 16) if "id" in s else 0,
                time_base=_q(s.get("time_base")), start_time=s.get("start_pts"),
                duration=s.get("duration_ts"), nb_frames=int(s.get("nb_frames", 0)),
                r_frame_rate=_q(s.get("r_frame_rate")), avg_frame_rate=_q(s.get("avg_frame_rate")),
                disposition={k for k, v in s.get("disposition", {}).items() if v},
                tags=Tags(list(s.get("tags", {}).items())),
                side_data=[_side_data(sd) for sd in s.get("side_data_list", [])])
    st.sample_aspect_ratio = cp.sample_aspect_ratio
    return st


def context_from_json(doc: dict, filename: str, book: ProfileBook,
                      bitexact_doc: dict | None = None) -> FormatContext:
    fmt = doc.get("format", {})
    bxs = (bitexact_doc or doc).get("streams", [])
    ctx = FormatContext(filename=filename, format_name=fmt.get("format_name", ""),
                        format_long_name=fmt.get("format_long_name", ""),
                        streams=[stream_from_json(s, book, bx)
                                 for s, bx in zip(doc.get("streams", []), bxs)],
                        start_time=_us(fmt.get("start_time")), duration=_us(fmt.get("duration")),
                        size=int(fmt["size"]) if "size" in fmt else None,
                        bit_rate=int(fmt.get("bit_rate", 0)), probe_score=fmt.get("probe_score", 0),
                        tags=Tags(list(fmt.get("tags", {}).items())),
                        show_ids=any("id" in s for s in doc.get("streams", [])))
    for c in doc.get("chapters", []):
        ctx.chapters.append(Chapter(c["id"], _q(c["time_base"]), c["start"], c["end"],
                                    Tags(list(c.get("tags", {}).items()))))
    for p in doc.get("programs", []):
        ctx.programs.append(Program(p["program_id"], p["program_num"], p["pmt_pid"], p["pcr_pid"],
                                    [s["index"] for s in p.get("streams", [])],
                                    Tags(list(p.get("tags", {}).items()))))
    return ctx


def probe_json(path: str, cwd: str | None = None, extra: tuple = ("-show_data",)) -> dict:
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", *extra, "-show_format",
                          "-show_streams", "-show_chapters", "-show_programs", path],
                         capture_output=True, cwd=cwd)
    return json.loads(out.stdout.decode("utf-8", "surrogateescape"))


def reference(args: list[str], cwd: str | None = None) -> tuple[bytes, bytes, int]:
    out = subprocess.run([FFPROBE, *args], capture_output=True, cwd=cwd)
    return out.stdout, out.stderr, out.returncode


class _FakeInput:
    def __init__(self, ctx, packets=None):
        self.ctx = ctx
        self.demuxer = None
        self.packets = list(packets or ())

    def read_packet(self):
        return self.packets.pop(0) if self.packets else None

    def close(self):
        pass


def load_packets(path: str, cwd: str | None = None) -> list:
    """The reference's packets of path (with payloads) as cine Packets."""
    from cine.engine.model import Packet
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_data", "-show_packets",
                          path], capture_output=True, cwd=cwd)
    doc = json.loads(out.stdout.decode("utf-8", "surrogateescape"))
    pkts = []
    for p in doc.get("packets", []):
        flags = (1 if p["flags"][0] == "K" else 0) | (4 if p["flags"][1] == "D" else 0)
        pkts.append(Packet(p["stream_index"], _unhexdump(p.get("data")), p.get("pts"),
                           p.get("dts"), p.get("duration", 0), int(p.get("pos", -1)), flags,
                           [_side_data(sd) for sd in p.get("side_data_list", [])]))
    return pkts


@contextmanager
def patched_engine(monkeypatch, ctx: FormatContext, book: ProfileBook, packets=None):
    """Make open_input return ctx, and profile_name serve the JSON's profile strings."""
    from cine.engine import demux
    from cine.engine.codecs import descriptors
    real_profile = descriptors.profile_name

    def fake_open(url, **kw):
        return _FakeInput(ctx, packets)

    def fake_profile(codec, profile):
        if (codec, profile) in book.names:
            return book.names[(codec, profile)]
        return None

    monkeypatch.setattr(demux, "open_input", fake_open)
    monkeypatch.setattr(descriptors, "profile_name", fake_profile)
    yield


def run_cine(argv: list[str], capfdbinary) -> tuple[bytes, bytes, int]:
    from cine.compat.cli import ffprobe_main
    rc = ffprobe_main(argv)
    out, err = capfdbinary.readouterr()
    return out, err, rc


def load_context(path: str, cwd: str | None = None) -> tuple[FormatContext, ProfileBook]:
    """The reference's view of `path` as a cine FormatContext (filename as given)."""
    book = ProfileBook()
    doc = probe_json(path, cwd)
    bx = probe_json(path, cwd, ("-bitexact",))
    return context_from_json(doc, path, book, bx), book
