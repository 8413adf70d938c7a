"""Damaged fixtures/ts variants that pin one reference rule each (see test_damaged_rules.py)."""
import pathlib
import random
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]

# (case id, fixture, kind, arg, what it pins)
CASES = [
    ("h264_no_slice", "h264_aac.ts", "cut", 849,
     "H.264 parameter sets but no slice: the parser never sets a frame rate (90000/1, 1 tick)"),
    ("hevc_sps_vui_rate", "hevc_aac.ts", "cut", 4624,
     "HEVC without VPS timing: the parser takes the SPS VUI timing once a slice is parsed"),
    ("opus_bad_ts_header", "opus.ts", "cut", 819,
     "Opus control header longer than the packet: the parser drops the packet"),
    ("late_stream_field_order", "two_programs.ts", "cut", 5023,
     "a stream added during find_stream_info loses its first packet's parser field order"),
    ("h264_parser_b_delay", "cut_continuity.ts", "flip", 1,
     "a B slice seen by the parser sets has_b_frames 1 when nothing else set it"),
    ("adts_resync_bitrate1", "h264_aac.ts", "flip", 1,
     "the ADTS parser resyncs on headers anywhere in the data for its bit rate average"),
    ("adts_resync_bitrate3", "h264_aac.ts", "flip", 3,
     "the ADTS parser resyncs on headers anywhere in the data for its bit rate average"),
    ("mpa_parser_channels", "mp3.ts", "flip", 2,
     "the mpegaudio parser's header values from later packets outlive the decoder's"),
]


def damage(data: bytes, name: str, kind: str, arg: int) -> bytes:
    if kind == "cut":
        return data[:arg]
    rng = random.Random(f"{name}:{arg}")
    buf = bytearray(data)
    for _ in range(16):
        pos = rng.randrange(len(buf))
        buf[pos] ^= rng.randrange(1, 256)
    return bytes(buf)


def build(case, folder: pathlib.Path) -> str:
    """Write the case's damaged file into folder under the fixture's name; the name."""
    _cid, fixture, kind, arg, _why = case
    data = (ROOT / "fixtures" / "ts" / fixture).read_bytes()
    (folder / fixture).write_bytes(damage(data, fixture, kind, arg))
    return fixture


def normalise(text: bytes) -> bytes:
    return re.sub(rb"@ 0x[0-9a-f]+\]", b"@ 0x0]", text)
