"""Crafted hostile Matroska inputs (EBML built by hand, RFC 8794/9559): SeekHeads that refer
to themselves, to each other and in a chain longer than the level-1 table, element sizes of
2^56 - 2 (the largest known EBML size), unknown-size elements nested past the depth limit,
level-1 IDs every few bytes (resync), huge EBML lace sizes, a zlib frame past the
reference's 10 MB buffer, 1001 tracks.

`build()` returns {name: bytes}; fuzz/regressions/matroska/ holds the small ones (written
by running this file), the tests build the large ones on the fly.
"""
import os
import struct
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"       # 8-byte unknown size
HUGE = b"\x01\xff\xff\xff\xff\xff\xff\xfe"          # 2^56 - 2: the largest known size
SEGMENT, SEEKHEAD, INFO, TRACKS, CLUSTER = 0x18538067, 0x114D9B74, 0x1549A966, 0x1654AE6B, \
    0x1F43B675
TAGS = 0x1254C367


def vint(n: int) -> bytes:
    width = 1
    while n >= (1 << (7 * width)) - 1:
        width += 1
    return ((1 << (7 * width)) | n).to_bytes(width, "big")


def eid(i: int) -> bytes:
    return i.to_bytes((i.bit_length() + 7) // 8, "big")


def el(i: int, body: bytes, size: bytes | None = None) -> bytes:
    return eid(i) + (vint(len(body)) if size is None else size) + body


def uint(i: int, v: int) -> bytes:
    return el(i, v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big"))


EBML = el(0x1A45DFA3, uint(0x4286, 1) + uint(0x42F7, 1) + uint(0x42F2, 4) + uint(0x42F3, 8)
          + el(0x4282, b"webm") + uint(0x4287, 2) + uint(0x4285, 2))
INFO_EL = el(INFO, uint(0x2AD7B1, 1000000))
AUDIO = el(0xE1, el(0xB5, struct.pack(">d", 8000.0)) + uint(0x9F, 1) + uint(0x6264, 16))
TRACKS_EL = el(TRACKS, el(0xAE, uint(0xD7, 1) + uint(0x73C5, 1) + uint(0x83, 2)
                          + el(0x86, b"A_PCM/INT/LIT") + AUDIO))


def cluster(n: int = 3) -> bytes:
    blocks = b"".join(el(0xA3, b"\x81" + struct.pack(">h", i) + b"\x80" + bytes(16))
                      for i in range(n))
    return el(CLUSTER, uint(0xE7, 0) + blocks)


def seek(target: int, pos: int) -> bytes:
    return el(0x4DBB, el(0x53AB, target.to_bytes(4, "big")) + uint(0x53AC, pos))


def segment(body: bytes, size: bytes | None = None) -> bytes:
    return EBML + el(SEGMENT, body, size)


def simple_tag(i: int) -> bytes:
    return el(0x7373, el(0x67C8, el(0x45A3, b"K%d" % i) + el(0x4487, b"v")))


def overlapping(i: int, k: int, children: list, tail: bytes = b"") -> bytes:
    """k elements of ID i, each starting 14 bytes after the previous one (12-byte header and
    a Void over the next header), all ending after the same children."""
    body = b"".join(children) + tail
    total = k * 14 + len(body)
    out = b""
    for j in range(k):
        size = total - (j * 14 + 12)
        void = b"\xEC\x8C" if j < k - 1 else b"\xEC\x80"
        out += eid(i) + (size | (1 << 56)).to_bytes(8, "big") + void
    return out + body


def build(large: bool = False) -> dict:
    out = {}
    head = el(SEEKHEAD, seek(SEEKHEAD, 0) + seek(INFO, 0))
    out["seekhead-self-reference.mkv"] = segment(head + INFO_EL + TRACKS_EL + cluster())
    a = el(SEEKHEAD, seek(SEEKHEAD, 0x40) + seek(SEEKHEAD, 0))
    a += b"\xEC" + vint(0x40 - len(a) - 2) + bytes(0x40 - len(a) - 2)      # Void up to 0x40
    b = el(SEEKHEAD, seek(SEEKHEAD, 0) + seek(SEEKHEAD, 0x40))
    out["seekhead-cycle.mkv"] = segment(a + b + INFO_EL + TRACKS_EL + cluster())
    one = len(el(SEEKHEAD, seek(SEEKHEAD, 0x1000)))
    chain = b"".join(el(SEEKHEAD, seek(SEEKHEAD, (k + 1) * one)) for k in range(80))
    out["seekhead-chain-80.mkv"] = segment(chain + INFO_EL + TRACKS_EL + cluster())
    out["size-2p56-segment.mkv"] = EBML + eid(SEGMENT) + HUGE + INFO_EL + TRACKS_EL + cluster()
    out["size-2p56-cluster.mkv"] = segment(INFO_EL + TRACKS_EL + eid(CLUSTER) + HUGE + uint(0xE7, 0)
                                           + el(0xA3, b"\x81\0\0\x80\0\0"), UNKNOWN)
    out["size-2p56-void.mkv"] = segment(INFO_EL + TRACKS_EL + b"\xEC" + HUGE + cluster(), UNKNOWN)
    entry = b"\xAE" + UNKNOWN + uint(0xD7, 1) + b"\x63\xA2" + HUGE + b"x" * 100
    out["size-2p56-codecprivate.mkv"] = segment(INFO_EL + el(TRACKS, entry, UNKNOWN), UNKNOWN)
    out["size-2p56-simpleblock.mkv"] = segment(INFO_EL + TRACKS_EL + el(
        CLUSTER, uint(0xE7, 0) + b"\xA3" + HUGE + b"\x81\0\0\x80", UNKNOWN), UNKNOWN)
    tags = b"\x12\x54\xC3\x67" + UNKNOWN + b"\x73\x73" + UNKNOWN \
        + (b"\x67\xC8" + UNKNOWN + el(0x45A3, b"k")) * 40
    out["unknown-size-nested-simpletags.mkv"] = segment(INFO_EL + TRACKS_EL + tags + cluster(),
                                                        UNKNOWN)
    chapters = b"\x10\x43\xA7\x70" + UNKNOWN + b"\x45\xB9" + UNKNOWN + (b"\xB6" + UNKNOWN) * 40
    out["unknown-size-nested-chapters.mkv"] = segment(INFO_EL + TRACKS_EL + chapters, UNKNOWN)
    out["unknown-size-nested-clusters.mkv"] = segment(
        INFO_EL + TRACKS_EL + (eid(CLUSTER) + UNKNOWN + b"\xA0" + UNKNOWN) * 40, UNKNOWN)
    lace = b"\x81\0\0\x86" + b"\xfe" + HUGE + b"\xbf" * 253 + b"x" * 10     # EBML lacing
    out["ebml-lace-huge-sizes.mkv"] = segment(INFO_EL + TRACKS_EL
                                              + el(CLUSTER, uint(0xE7, 0) + el(0xA3, lace)))
    # a level-1 ID with an invalid size every 5 bytes: one resync per ID, each one scanning
    # only what it skips (linear time)
    dense = b"\x1F\x43\xB6\x75\x00" * (50000 if large else 400)
    out["resync-dense-cluster-ids%s.mkv" % ("-large" if large else "")] = segment(
        INFO_EL + TRACKS_EL + dense, UNKNOWN)
    out["resync-dense-tags-ids.mkv"] = segment(INFO_EL + TRACKS_EL + cluster()
                                               + b"\x12\x54\xC3\x67\x00" * 400, UNKNOWN)
    # level-1 elements overlapping: K headers, each followed by a Void hiding the next
    # header, then entries all of them contain (SeekHeads listing each other; Tags found by
    # resync after a broken last tag). Parsed again as FFmpeg 5.1.9 does until
    # parser.REPARSE_BUDGET bytes, then skipped (the reference, on the large Tags case, does
    # not finish).
    k, m = (64, 9000) if large else (64, 40)
    out["seekhead-overlap%s.mkv" % ("-large" if large else "")] = segment(
        overlapping(SEEKHEAD, k, [seek(SEEKHEAD, j * 14) for j in range(1, k)]
                    + [seek(INFO, 0)] * (m - k + 1)) + INFO_EL + TRACKS_EL + cluster())
    k, m = (64, 3000) if large else (8, 30)
    out["tags-overlap%s.mkv" % ("-large" if large else "")] = segment(
        INFO_EL + TRACKS_EL + overlapping(TAGS, k, [simple_tag(i) for i in range(m)],
                                          b"\x73\x73\x00") + cluster())
    if large:
        # zlib-compressed frame inflating past the reference's buffer (3^k times the input,
        # grown while under 10 MB): refused, no packet
        enc = el(0x6D80, el(0x6240, uint(0x5032, 1) + el(0x5034, uint(0x4254, 0))))
        tr = el(TRACKS, el(0xAE, uint(0xD7, 1) + uint(0x83, 2) + el(0x86, b"A_PCM/INT/LIT")
                           + el(0xE1, uint(0x9F, 1)) + enc))
        bomb = zlib.compress(bytes(20 << 20), 9)
        out["zlib-frame-past-10mb.mkv"] = segment(INFO_EL + tr + el(
            CLUSTER, uint(0xE7, 0) + el(0xA3, b"\x81\0\0\x80" + bomb)))
        # a smaller one that fits: the packet is there, inflated
        ok = zlib.compress(bytes(1 << 20), 9)
        out["zlib-frame-1mb.mkv"] = segment(INFO_EL + tr + el(
            CLUSTER, uint(0xE7, 0) + el(0xA3, b"\x81\0\0\x80" + ok)))
        # 1001 tracks: the 1001st stream exceeds max_streams
        out["tracks-1001.mkv"] = segment(INFO_EL + el(TRACKS, el(0xAE, uint(0x83, 2)
                                                                  + el(0x86, b"A_")) * 1001))
    return out


if __name__ == "__main__":
    dest = os.path.join(ROOT, "fuzz", "regressions", "matroska")
    os.makedirs(dest, exist_ok=True)
    for name, data in build().items():
        with open(os.path.join(dest, name), "wb") as f:
            f.write(data)
        print(name, len(data))
