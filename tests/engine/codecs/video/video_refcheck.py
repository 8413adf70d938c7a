"""Shared helpers for the video analyzer tests: run an analyzer on a file through the tiny
box walker and compare the decoder-derived fields with the real ffprobe's JSON."""
from __future__ import annotations

import json
import os
import subprocess
from math import gcd

from cine.engine.codecs.descriptors import profile_name
from cine.engine.codecs.registry import analyzer
from cine.engine.log import Logger

from video_mp4mini import load_video

FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"

FIELDS = ("profile", "width", "height", "coded_width", "coded_height", "closed_captions",
          "film_grain", "has_b_frames", "sample_aspect_ratio", "display_aspect_ratio", "pix_fmt",
          "level", "color_range", "color_space", "color_transfer", "color_primaries",
          "chroma_location", "field_order", "refs", "bits_per_raw_sample", "is_avc",
          "nal_length_size")
_DEFAULTS = {"color_range": "unknown", "color_space": "unknown", "color_transfer": "unknown",
             "color_primaries": "unknown", "pix_fmt": "unknown", "field_order": "unknown",
             "chroma_location": "unspecified", "sample_aspect_ratio": "N/A",
             "display_aspect_ratio": "N/A", "bits_per_raw_sample": "N/A", "profile": "unknown"}


def _reduce(num: int, den: int, limit: int | None = None) -> tuple[int, int]:
    g = gcd(num, den) or 1
    num, den = num // g, den // g
    if limit is not None:
        while num > limit or den > limit:   # not hit by these tests' sizes
            num, den = num >> 1, den >> 1
    return num, den


def cine_fields(stream) -> dict:
    """The video fields ffprobe would print for an analysed stream (-show_streams)."""
    p = stream.codecpar
    sar = stream.sample_aspect_ratio
    if not (sar.num > 0 and sar.den > 0):
        sar = p.sample_aspect_ratio
    out = {
        "profile": profile_name(p.codec_name, p.profile)
        or (str(p.profile) if p.profile != -99 else "unknown"),
        "width": p.width, "height": p.height,
        "coded_width": p.coded_width or p.width, "coded_height": p.coded_height or p.height,
        "closed_captions": int(bool(p.closed_captions)), "film_grain": int(bool(p.film_grain)),
        "has_b_frames": p.video_delay, "pix_fmt": p.format or "unknown", "level": p.level,
        "color_range": p.color_range or "unknown", "color_space": p.color_space or "unknown",
        "color_transfer": p.color_transfer or "unknown",
        "color_primaries": p.color_primaries or "unknown",
        "chroma_location": p.chroma_location or "unspecified",
        "field_order": p.field_order or "unknown", "refs": p.refs,
    }
    bits = p.dec_bits_per_raw_sample or p.bits_per_raw_sample
    out["bits_per_raw_sample"] = str(bits) if bits > 0 else "N/A"
    if sar.num > 0 and sar.den > 0:
        n, d = _reduce(sar.num, sar.den)
        out["sample_aspect_ratio"] = "%d:%d" % (n, d)
        out["display_aspect_ratio"] = "%d:%d" % _reduce(p.width * n, p.height * d)
    else:
        out["sample_aspect_ratio"] = out["display_aspect_ratio"] = "N/A"
    out.update(dict(p.private))
    return out


def ref_fields(stream_json: dict) -> dict:
    return {k: stream_json.get(k, _DEFAULTS.get(k)) for k in FIELDS
            if k in stream_json or k in _DEFAULTS}


def ffprobe_video(path: str) -> dict | None:
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_streams", path],
                         capture_output=True, check=False).stdout
    streams = json.loads(out or b"{}").get("streams", [])
    for s in streams:
        if s.get("codec_type") == "video":
            return s
    return None


def analyse(path: str):
    stream, packets = load_video(path)
    assert stream is not None, "no video track in %s" % path
    fn = analyzer(stream.codecpar.codec_name)
    assert fn is not None, "no analyzer for %s" % stream.codecpar.codec_name
    fn(stream, packets, Logger("test"))
    return stream


def differences(path: str, ref: dict) -> dict:
    got = cine_fields(analyse(path))
    exp = ref_fields(ref)
    return {k: (got.get(k), v) for k, v in exp.items() if got.get(k) != v}


def have_tools() -> bool:
    return os.access(FFPROBE, os.X_OK) and os.access(FFMPEG, os.X_OK)
