"""Common encryption in the mov demuxer (formats/mp4/encryption.py): the "Encryption info"
packet side data FFmpeg 5.1.9 attaches (scheme, key id, per-sample IV and subsamples, from
tenc/schm and senc or saiz+saio), checked against the reference's framecrc output (which lists
each packet's side data sizes) and, for files made here by the reference's own CENC writer,
against the key id and scheme given to it. Live: skipped without /usr/bin/ffmpeg."""
from __future__ import annotations

import os
import struct
import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError, InvalidData

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "files")
KID = bytes(range(0xA0, 0xB0))

live = pytest.mark.skipif(not os.access(FFMPEG, os.X_OK), reason="needs /usr/bin/ffmpeg")


def _packets(path, info=True):
    inp = open_input(path, find_stream_info=info)
    out = []
    try:
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            out.append(pkt)
    except CineError:
        pass
    finally:
        inp.close()
    return out


def _enc(pkt):
    got = [sd for sd in pkt.side_data if sd.type == "Encryption info"]
    return got[0].data if got else None


def _decode(blob: bytes):
    scheme, crypt, skip, kid_size, iv_size, nsub = struct.unpack(">6I", blob[:24])
    kid = blob[24:24 + kid_size]
    iv = blob[24 + kid_size:24 + kid_size + iv_size]
    rest = blob[24 + kid_size + iv_size:]
    subs = [struct.unpack(">II", rest[i * 8:i * 8 + 8]) for i in range(nsub)]
    assert len(rest) == 8 * nsub
    return scheme.to_bytes(4, "big"), crypt, skip, kid, iv, subs


def _framecrc_sizes(path) -> list[tuple[int, list[int]]]:
    """(stream, side data sizes) of each packet in the reference's framecrc listing."""
    out = subprocess.run([FFMPEG, "-v", "quiet", "-i", path, "-map", "0", "-c", "copy", "-f",
                          "framecrc", "-"], capture_output=True, timeout=120).stdout.decode()
    rows = []
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        sizes = []
        for i, f in enumerate(fields):
            if f.startswith("S="):
                n = int(f[2:])
                sizes = [int(x) for x in fields[i + 1:i + 1 + n]]
        rows.append((int(fields[0]), sizes))
    return rows


def _make(tmp_path, name, extra):
    path = str(tmp_path / name)
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=10",
                    "-f", "lavfi", "-i", "sine=d=1", "-c:v", "libx264", "-c:a", "aac",
                    "-encryption_scheme", "cenc-aes-ctr",
                    "-encryption_key", "00112233445566778899aabbccddeeff",
                    "-encryption_kid", KID.hex()] + extra + [path], check=True, timeout=120)
    return path


@live
def test_reference_cenc_writer(tmp_path):
    path = _make(tmp_path, "enc.mp4", [])
    pkts = _packets(path)
    assert pkts
    ivs = set()
    for pkt in pkts:
        blob = _enc(pkt)
        assert blob is not None
        scheme, crypt, skip, kid, iv, subs = _decode(blob)
        assert (scheme, crypt, skip, kid) == (b"cenc", 0, 0, KID)
        assert len(iv) == 16
        ivs.add(iv)
        if subs:
            # subsample encryption covers the whole sample
            assert sum(c + p for c, p in subs) == len(pkt.data)
    assert len(ivs) == len(pkts)                 # one IV per sample
    # the first side data of each packet has the reference's size
    assert _sizes_by_stream(pkts) == _ref_sizes_by_stream(path)


def _sizes_by_stream(pkts):
    out: dict = {}
    for p in pkts:
        out.setdefault(p.stream_index, []).append(len(_enc(p)))
    return out


def _ref_sizes_by_stream(path):
    """framecrc lists packets in the muxer's interleaving order: compare stream by stream."""
    out: dict = {}
    for s, z in _framecrc_sizes(path):
        out.setdefault(s, []).append(z[0])
    return out


@live
def test_reference_fragmented_writer_is_refused_alike(tmp_path):
    """The reference's fragmented CENC output keeps saio/saiz in the moov only (with no
    sample count), and its own demuxer refuses every packet: so does cine's."""
    import re
    import sys
    path = _make(tmp_path, "encf.mp4", ["-movflags", "frag_keyframe+empty_moov"])
    argv = ["-hide_banner", "-of", "compact", "-show_packets", path]
    ref = subprocess.run([FFPROBE] + argv, capture_output=True, timeout=60)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + argv, capture_output=True,
                         timeout=120, cwd=ROOT)
    assert b"saio atom found without saiz" in ref.stderr
    norm = [re.sub(rb"@ 0x[0-9a-f]+", b"@ X", r.stderr) for r in (ref, got)]
    assert (got.returncode, got.stdout, norm[1]) == (ref.returncode, ref.stdout, norm[0])


CORPUS_FILES = ["mp4parse/mp4parse_capi_tests_short-cenc.mp4", "shaka/hls-sample-aes_video.mp4"]


@live
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_side_data_sizes(name):
    path = os.path.join(CORPUS, name)
    if not os.path.exists(path):
        pytest.skip("../shared/corpus is not present")
    assert _sizes_by_stream(_packets(path)) == _ref_sizes_by_stream(path)


@live
def test_clear_sample_description_has_no_side_data():
    """A fragment naming the clear sample description (stsd id 2) is not encrypted."""
    path = os.path.join(CORPUS, "mp4parse/mp4parse_capi_tests_av1-clearkey-cbcs-video.mp4")
    if not os.path.exists(path):
        pytest.skip("../shared/corpus is not present")
    assert all(_enc(p) is None for p in _packets(path))


def _cenc_file(tmp_path, senc_count: int, body: bytes) -> str:
    """A minimal file, mdat first: one track whose stbl carries tenc (in sinf) and, as the
    last box of the file, a senc box declaring senc_count samples followed by `body`."""
    def box(t, payload):
        return struct.pack(">I", 8 + len(payload)) + t + payload

    def full(t, payload, v=0, flags=0):
        return box(t, bytes([v]) + flags.to_bytes(3, "big") + payload)

    tenc = full(b"tenc", b"\0\0" + b"\x01" + b"\x08" + KID)
    sinf = box(b"sinf", box(b"frma", b"avc1") + full(b"schm", b"cenc" + b"\0\1\0\0")
               + box(b"schi", tenc))
    entry = box(b"encv", bytes(6) + b"\0\1" + bytes(16) + struct.pack(">HH", 16, 16)
                + bytes(12) + b"\0\1" + bytes(32) + b"\0\x18\xff\xff" + sinf)
    stsd = full(b"stsd", struct.pack(">I", 1) + entry)
    stbl = box(b"stbl", stsd + full(b"stts", struct.pack(">III", 1, 1, 1))
               + full(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
               + full(b"stsz", struct.pack(">II", 4, 1))
               + full(b"stco", struct.pack(">II", 1, 20 + 8))
               + full(b"senc", struct.pack(">I", senc_count) + body, flags=0))
    minf = box(b"minf", full(b"vmhd", bytes(8), flags=1) + stbl)
    mdia = box(b"mdia", full(b"mdhd", bytes(8) + struct.pack(">II", 1000, 1) + bytes(4))
               + full(b"hdlr", bytes(4) + b"vide" + bytes(12) + b"\0") + minf)
    trak = box(b"trak", full(b"tkhd", bytes(8) + struct.pack(">I", 1) + bytes(68), flags=3)
               + mdia)
    moov = box(b"moov", full(b"mvhd", bytes(8) + struct.pack(">II", 1000, 1) + bytes(80)) + trak)
    path = str(tmp_path / "t.mp4")
    with open(path, "wb") as f:
        f.write(box(b"ftyp", b"isom\0\0\0\0isom") + box(b"mdat", b"DATA") + moov)
    return path


def test_senc_per_sample_iv(tmp_path):
    path = _cenc_file(tmp_path, 1, b"\x11" * 8)
    pkts = _packets(path, info=False)
    assert len(pkts) == 1
    scheme, _c, _s, kid, iv, subs = _decode(_enc(pkts[0]))
    assert (scheme, kid, iv, subs) == (b"cenc", KID, b"\x11" * 8 + bytes(8), [])


def test_senc_hostile_count_is_refused_without_allocating(tmp_path):
    logs = []
    path = _cenc_file(tmp_path, 0x7FFFFFF0, b"")
    with pytest.raises(CineError):
        open_input(path, sink=lambda c, lvl, m: logs.append(m))


def test_senc_short_iv_fails_the_header(tmp_path):
    logs = []
    path = _cenc_file(tmp_path, 3, b"\x11" * 8 + b"\x22" * 4)
    with pytest.raises(InvalidData):
        open_input(path, sink=lambda c, lvl, m: logs.append(m))
    assert "failed to read the initialization vector\n" in logs
    assert "Hit EOF while reading senc\n" in logs


@live
@pytest.mark.parametrize("count,body", [(3, b"\x11" * 8 + b"\x22" * 4), (0x7FFFFFF0, b""),
                                        (2, b"\x11" * 7)],
                         ids=["short_iv", "huge_count", "short_first_iv"])
def test_senc_matches_reference(tmp_path, count, body):
    path = _cenc_file(tmp_path, count, body)
    ref = subprocess.run([FFPROBE, "-hide_banner", path], capture_output=True, timeout=60)
    import sys
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", "-hide_banner", path],
                         capture_output=True, timeout=60, cwd=ROOT)
    norm = [r.stderr.replace(path.encode(), b"F") for r in (ref, got)]
    import re
    norm = [re.sub(rb"@ 0x[0-9a-f]+", b"@ X", n) for n in norm]
    assert (got.returncode, norm[1]) == (ref.returncode, norm[0])
