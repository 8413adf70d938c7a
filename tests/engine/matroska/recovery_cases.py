"""Crafted damaged Matroska files, one per EBML error-recovery rule of FFmpeg 5.1.9's
matroskadec (and one per Vorbis decoder-init check), built deterministically from code.

make_recovery_goldens.py probes each with the reference ffprobe; test_recovery.py checks that
cine prints the same stdout, exit code and matroska error lines.
"""
import os

from synth import block, el, f, s, u

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "fixtures", "mkv")

EBML, SEGMENT, SEEKHEAD, INFO, TRACKS, CLUSTER = (0x1A45DFA3, 0x18538067, 0x114D9B74, 0x1549A966,
                                                  0x1654AE6B, 0x1F43B675)
TAGS, TRACK_ENTRY, AUDIO, CODEC_ID = 0x1254C367, 0xAE, 0xE1, 0x86
UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def header() -> bytes:
    return el(EBML, u(0x4286, 1) + u(0x42F7, 1) + u(0x42F2, 4) + u(0x42F3, 8)
              + s(0x4282, "matroska") + u(0x4287, 4) + u(0x4285, 2))


def info(duration_ms=None, scale=1000000) -> bytes:
    body = u(0x2AD7B1, scale)
    if duration_ms is not None:
        body += f(0x4489, duration_ms)
    return el(INFO, body + s(0x4D80, "synth") + s(0x5741, "synth writer"))


def pcm_track(num: int, audio: bool = True, extra: bytes = b"") -> bytes:
    body = u(0xD7, num) + u(0x73C5, 100 + num) + u(0x83, 2) + s(CODEC_ID, "A_PCM/INT/LIT")
    if audio:
        body += el(AUDIO, f(0xB5, 8000.0) + u(0x9F, 1) + u(0x6264, 16))
    return el(TRACK_ENTRY, body + extra)


def cluster(timecode, track: int = 1, n: int = 4, with_timecode: bool = True) -> bytes:
    body = u(0xE7, timecode) if with_timecode else b""
    for i in range(n):
        body += el(0xA3, block(track, i * 100, 0x80, bytes([i]) * 1600))
    return el(CLUSTER, body)


def seekhead(entries) -> bytes:
    return el(SEEKHEAD, b"".join(el(0x4DBB, el(0x53AB, eid.to_bytes(4, "big"))
                                        + el(0x53AC, pos.to_bytes(8, "big")))
                                 for eid, pos in entries))


def segment(*parts, seek: bool = True) -> bytes:
    """A Segment whose SeekHead (first) points at Info and Tracks, like FFmpeg's muxer."""
    body = b"".join(parts)
    if seek:
        probe = seekhead([(INFO, 0), (TRACKS, 0)])
        offs, pos = {}, len(probe)
        for p in parts:
            offs.setdefault(int.from_bytes(p[:4], "big"), pos)
            pos += len(p)
        body = seekhead([(INFO, offs.get(INFO, 0)), (TRACKS, offs.get(TRACKS, 0))]) + body
    return header() + el(SEGMENT, body)


def child_exceeds_parent() -> bytes:
    # the second TrackEntry's CodecID claims more bytes than the TrackEntry holds
    bad = bytearray(pcm_track(2))
    i = bad.index(b"\x86\x01")
    bad[i + 1:i + 9] = (0x01 << 56 | 0x400).to_bytes(8, "big")
    return segment(info(400.0), el(TRACKS, pcm_track(1) + bytes(bad)), cluster(0))


def unknown_size_in_finite_parent() -> bytes:
    bad = pcm_track(2, audio=False, extra=bytes([AUDIO]) + UNKNOWN_SIZE + f(0xB5, 8000.0))
    return segment(info(400.0), el(TRACKS, pcm_track(1) + bad), cluster(0))


def invalid_vint_in_info() -> bytes:
    body = u(0x2AD7B1, 1000000) + b"\x00\x81\x00" + f(0x4489, 400.0)
    return segment(el(INFO, body), el(TRACKS, pcm_track(1)), cluster(0))


def duplicate_info_resets_defaults() -> bytes:
    # the second Info has no Duration: entering it resets duration (and TimestampScale)
    second = el(INFO, s(0x7BA9, "second"))
    return segment(info(400.0, scale=500000), second, el(TRACKS, pcm_track(1)), cluster(0))


def audio_track_without_audio_element() -> bytes:
    return segment(info(400.0), el(TRACKS, pcm_track(1, audio=False)), cluster(0))


def unknown_length_tags() -> bytes:
    tag = el(0x7373, el(0x63C0, u(0x68CA, 50)) + el(0x67C8, s(0x45A3, "TITLE") + s(0x4487, "x")))
    tags = TAGS.to_bytes(4, "big") + UNKNOWN_SIZE + tag
    return segment(info(400.0), el(TRACKS, pcm_track(1)), tags, cluster(0))


def cluster_without_timestamp() -> bytes:
    return segment(info(900.0), el(TRACKS, pcm_track(1)),
                   cluster(0, with_timecode=False), cluster(500))


def huge_unknown_level1() -> bytes:
    junk = (0x5AAA).to_bytes(2, "big") + (0x01 << 56 | 1 << 40).to_bytes(8, "big")
    return segment(info(400.0), junk, el(TRACKS, pcm_track(1)), cluster(0))


def element_past_end_of_file() -> bytes:
    # a Tags element after the clusters that claims more bytes than the file has
    tags = TAGS.to_bytes(4, "big") + (0x01 << 56 | 5000).to_bytes(8, "big") + b"\x73\x73\x80"
    return segment(info(400.0), el(TRACKS, pcm_track(1)), cluster(0), tags)


def block_for_unknown_track() -> bytes:
    return segment(info(800.0), el(TRACKS, pcm_track(1)), cluster(0, track=3), cluster(400))


def _vorbis_patched(delta: int, xor: int) -> bytes:
    data = bytearray(open(os.path.join(FIXTURES, "vorbis_lace.mka"), "rb").read())
    i = data.index(b"\x05vorbis") + 7 + delta
    data[i] ^= xor
    return bytes(data)


def unknown_length_tags_in_live_segment() -> bytes:
    tag = el(0x7373, el(0x63C0, u(0x68CA, 50)) + el(0x67C8, s(0x45A3, "TITLE") + s(0x4487, "x")))
    tags = TAGS.to_bytes(4, "big") + UNKNOWN_SIZE + tag
    body = info(400.0) + el(TRACKS, pcm_track(1)) + tags + cluster(0)
    return header() + SEGMENT.to_bytes(4, "big") + UNKNOWN_SIZE + body


def ebml_lace_single() -> bytes:
    # EBML lacing with one lace: the size read first is replaced by "the rest of the block"
    laced = el(0xA3, block(1, 0, 0x86, b"\x00\x85" + bytes(range(40))))
    body = u(0xE7, 0) + laced + el(0xA3, block(1, 100, 0x80, bytes(1600)))
    return segment(info(300.0), el(TRACKS, pcm_track(1)), el(CLUSTER, body), cluster(200, n=1))


def ebml_lace_bad_size() -> bytes:
    laced = el(0xA3, block(1, 0, 0x86, b"\x01\x00" + bytes(40)))
    body = u(0xE7, 0) + el(0xA3, block(1, 0, 0x80, bytes(1600))) + laced
    return segment(info(300.0), el(TRACKS, pcm_track(1)), el(CLUSTER, body), cluster(200, n=1))


def webvtt_cues() -> bytes:
    # WebVTT blocks are "identifier\nsettings\ntext"; a block without both lines is invalid
    sub = el(TRACK_ENTRY, u(0xD7, 2) + u(0x73C5, 9) + u(0x83, 0x11) + s(CODEC_ID, "D_WEBVTT/SUBTITLES"))
    body = (u(0xE7, 0) + el(0xA3, block(1, 0, 0x80, bytes(1600)))
            + el(0xA3, block(2, 0, 0x80, b"cue1\r\nline:0\nHello\n\n"))
            + el(0xA3, block(1, 100, 0x80, bytes(1600)))
            + el(0xA3, block(2, 100, 0x80, b"no breaks here"))
            + el(0xA3, block(1, 200, 0x80, bytes(1600)))
            + el(0xA3, block(2, 200, 0x80, b"\n\nBye")))
    return segment(info(300.0), el(TRACKS, pcm_track(1) + sub), el(CLUSTER, body),
                   cluster(300, n=2))


# (offset into the setup header after its "\x05vorbis" signature, xor) -> what the decoder says
VORBIS_PATCHES = {
    "vorbis_codebook_lengths": (40, 0x10),        # Invalid code lengths while generating vlcs
    "vorbis_codebook_sync": (1, 0xFF),            # 0. Codebook setup data corrupt
    "vorbis_codebook_lookup_type": (55, 0x10),    # Codebook lookup type not supported
    "vorbis_codebook_entries": (225, 0x10),       # Codebook has too many entries
    "vorbis_codebook_dimensions": (410, 0x10),    # Codebook's dimension is invalid
    "vorbis_codebook_float": (3193, 0x24),        # minimum/delta value not finite
    "vorbis_setup_still_valid": (300, 0x10),      # a changed but consistent codebook
}


# case name -> (builder, compare the [matroska,webm] stderr lines too)
CASES = {
    "child_exceeds_parent": (child_exceeds_parent, True),
    # (stderr: cine's find_stream_info does not print "Failed to open codec" for pcm with 0 channels)
    "unknown_size_in_finite_parent": (unknown_size_in_finite_parent, False),
    "invalid_vint_in_info": (invalid_vint_in_info, True),
    "duplicate_info_resets_defaults": (duplicate_info_resets_defaults, True),
    "audio_track_without_audio_element": (audio_track_without_audio_element, False),
    "unknown_length_tags": (unknown_length_tags, True),
    "cluster_without_timestamp": (cluster_without_timestamp, True),
    "huge_unknown_level1": (huge_unknown_level1, True),
    "element_past_end_of_file": (element_past_end_of_file, True),
    "block_for_unknown_track": (block_for_unknown_track, True),
    "unknown_length_tags_in_live_segment": (unknown_length_tags_in_live_segment, True),
    "ebml_lace_single": (ebml_lace_single, True),
    "ebml_lace_bad_size": (ebml_lace_bad_size, True),
    "webvtt_cues": (webvtt_cues, True),
}
# cases whose difference only shows in the packets: probed with -show_packets too
PACKET_CASES = {"ebml_lace_single", "ebml_lace_bad_size", "cluster_without_timestamp",
                "block_for_unknown_track", "webvtt_cues"}
for _name, (_delta, _xor) in VORBIS_PATCHES.items():
    CASES[_name] = ((lambda d=_delta, x=_xor: _vorbis_patched(d, x)), False)


def build(name: str) -> bytes:
    return CASES[name][0]()


class _LsbWriter:
    """Vorbis bit packing: values LSB first."""

    def __init__(self):
        self.bits = []

    def put(self, value: int, n: int) -> "_LsbWriter":
        self.bits += [(value >> i) & 1 for i in range(n)]
        return self

    def data(self) -> bytes:
        out = bytearray((len(self.bits) + 7) // 8)
        for i, b in enumerate(self.bits):
            out[i >> 3] |= b << (i & 7)
        return bytes(out)


def _vorbis_headers(p: dict) -> bytes:
    """Xiph-laced identification, comment and setup headers of a one-of-everything setup;
    `p` overrides single fields to break one check."""
    w = _LsbWriter().put(1, 8)
    for ch in b"vorbis":
        w.put(ch, 8)
    w.put(0, 32).put(p.get("channels", 1), 8).put(44100, 32).put(0, 32).put(64000, 32).put(0, 32)
    w.put(p.get("bl0", 8), 4).put(11, 4).put(1, 1)
    ident = w.data()
    comment = b"\x03vorbis" + (5).to_bytes(4, "little") + b"synth" + bytes(4) + b"\x01"
    w = _LsbWriter().put(5, 8)
    for ch in b"vorbis":
        w.put(ch, 8)
    # one codebook: 2 entries of length 1, no lookup
    w.put(0, 8).put(0x564342, 24).put(1, 16).put(2, 24).put(0, 1).put(0, 1).put(0, 5).put(0, 5)
    w.put(0, 4)
    w.put(0, 6).put(p.get("tdtransform", 0), 16)
    # one floor 1: one partition of class 0 (1 dimension, no subclasses), one X coordinate
    w.put(0, 6).put(p.get("floor_type", 1), 16).put(1, 5).put(0, 4).put(0, 3).put(0, 2)
    w.put(p.get("subclass_book", 0), 8).put(1, 2).put(p.get("rangebits", 7), 4)
    w.put(p.get("floor_x", 64), p.get("rangebits", 7))
    # one residue
    w.put(0, 6).put(0, 16).put(p.get("res_begin", 0), 24).put(256, 24).put(31, 24).put(0, 6)
    w.put(p.get("classbook", 0), 8).put(0, 3).put(0, 1)
    # one mapping
    w.put(0, 6).put(p.get("mapping_type", 0), 16).put(0, 1).put(p.get("coupling", 0), 1)
    if p.get("coupling"):
        w.put(0, 8).put(0, 0).put(0, 0)
    w.put(0, 2).put(0, 8).put(p.get("submap_floor", 0), 8).put(0, 8)
    # one mode
    w.put(0, 6).put(0, 1).put(0, 16).put(0, 16).put(p.get("mode_mapping", 0), 8)
    w.put(p.get("framing", 1), 1)
    setup = w.data()
    return bytes([2, len(ident), len(comment)]) + ident + comment + setup


def vorbis_synth(**p) -> bytes:
    track = el(TRACK_ENTRY, u(0xD7, 1) + u(0x73C5, 7) + u(0x83, 2) + s(CODEC_ID, "A_VORBIS")
               + el(0x63A2, _vorbis_headers(p)) + el(AUDIO, f(0xB5, 44100.0) + u(0x9F, 1)))
    blocks = b"".join(el(0xA3, block(1, i * 20, 0x80, b"\x00" * 8)) for i in range(4))
    return segment(info(100.0), el(TRACKS, track), el(CLUSTER, u(0xE7, 0) + blocks))


VORBIS_SYNTH = {
    "vorbis_synth_valid": {},
    "vorbis_synth_floor_type_wraps": {"floor_type": 0x101},
    "vorbis_synth_floor_type_invalid": {"floor_type": 2},
    "vorbis_synth_floor_range": {"rangebits": 11, "floor_x": 64},
    "vorbis_synth_floor_duplicate_x": {"floor_x": 0},
    "vorbis_synth_floor_book": {"subclass_book": 9},
    "vorbis_synth_tdtransform": {"tdtransform": 3},
    "vorbis_synth_residue_bounds": {"res_begin": 300},
    "vorbis_synth_residue_classbook": {"classbook": 5},
    "vorbis_synth_mapping_type": {"mapping_type": 1},
    "vorbis_synth_mapping_coupling_mono": {"coupling": 1},
    "vorbis_synth_mapping_floor": {"submap_floor": 3},
    "vorbis_synth_mode_mapping": {"mode_mapping": 2},
    "vorbis_synth_framing": {"framing": 0},
    "vorbis_synth_id_blocksize": {"bl0": 5},
}
for _name, _p in VORBIS_SYNTH.items():
    CASES[_name] = ((lambda q=_p: vorbis_synth(**q)), False)
