"""Crafted hostile Ogg inputs (RFC 3533 pages built by hand): endless continuation, pages
nested inside pages with bad CRCs, capture-pattern searches at the reference's limit, more
streams than max_streams, and granule positions at the signed/unsigned edges.

`build()` returns {name: bytes}; fuzz/regressions/ogg/ holds the small ones (written by
running this file), the tests build the large ones on the fly.
"""
import os
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, ROOT)

from cine.engine.formats.ogg.page import MAX_PAGE_SIZE, crc  # noqa: E402

BOS, CONT, EOS = 2, 1, 4
OPUS_HEAD = b"OpusHead" + bytes([1, 2]) + struct.pack("<HIhB", 312, 48000, 0, 0)
OPUS_TAGS = b"OpusTags" + struct.pack("<I", 4) + b"cine" + struct.pack("<I", 0)
SPEEX_HEAD = (b"Speex   " + b"1.2.0".ljust(20, b"\0") + struct.pack("<7i", 1, 80, 8000, 0, 4, 1, -1)
              + struct.pack("<5i", 160, 0, 0, 0, 0))


def page(packets, serial=1, seq=0, flags=0, granule=0, lacing=None, bad_crc=False):
    """One page; `lacing` overrides the values computed from the packets (for packets
    left open at the page end)."""
    body = b"".join(packets)
    if lacing is None:
        lacing = []
        for p in packets:
            lacing += [255] * (len(p) // 255) + [len(p) % 255]
    head = b"OggS\0" + bytes([flags]) + struct.pack("<qII", granule, serial, seq) + bytes(4) \
        + bytes([len(lacing)]) + bytes(lacing)
    c = crc(head + body) ^ (1 if bad_crc else 0)
    return head[:22] + struct.pack("<I", c) + head[26:] + body


def opus_headers(serial=1):
    return page([OPUS_HEAD], serial, 0, BOS) + page([OPUS_TAGS], serial, 1)


def build(large=False):
    out = {}
    h = opus_headers()
    # one packet continued page after page, never terminated
    cont = b"".join(page([b"\x01" * 255], seq=3 + i, flags=CONT, granule=-1, lacing=[255])
                    for i in range(10))
    out["endless-continuation.opus"] = h + page([b"\x00" * 255], seq=2, granule=-1,
                                                lacing=[255]) + cont
    # page headers every 282 bytes inside the bodies of pages whose CRC is wrong
    fake = b"OggS\0\0" + bytes(16) + b"\xff" * 4 + b"\xff" + b"\xff" * 255
    out["crc-mismatch-nested-pages.opus"] = h + fake * 12
    # every byte a capture pattern whose header is not a page
    out["capture-pattern-spam.opus"] = h + b"OggS" * 400
    # an all-ones granule: unsigned in the reference's check ("huge"), signed elsewhere
    out["granule-all-ones.opus"] = h + page([b"\xf8"] * 3, seq=2, granule=-1) \
        + page([b"\xf8"], seq=3, granule=1920, flags=EOS)
    # granule 2^63 is AV_NOPTS_VALUE itself: no "invalid pts" message
    out["granule-2p63.opus"] = h + page([b"\xf8"], seq=2, granule=-(1 << 63)) \
        + page([b"\xf8"], seq=3, granule=(1 << 63) - 1) + page([b"\xf8"], seq=4, granule=960)
    # Speex end-of-stream page with an all-ones granule
    out["speex-eos-granule-all-ones.spx"] = page([SPEEX_HEAD], flags=BOS) \
        + page([b"\x08\x00\x00\x00vendor\x00\x00\x00\x00"], seq=1) \
        + page([b"\x00" * 20] * 2, seq=2, granule=320) + page([b"\x00" * 20] * 2, seq=3, granule=-1,
                                                                  flags=EOS)
    if large:
        # no capture pattern after the first page: the reference gives up after exactly
        # MAX_PAGE_SIZE + 1 bytes (more: invalid data; fewer: end of file)
        bos = page([OPUS_HEAD], flags=BOS)
        n = 4 + MAX_PAGE_SIZE + 1
        out["no-sync-exact-limit.opus"] = bos + b"x" * n
        out["no-sync-one-short.opus"] = bos + b"x" * (n - 1)
        # 1001 logical streams: the 1001st exceeds max_streams
        out["streams-1001.ogg"] = b"".join(page([OPUS_HEAD], serial=i + 1, flags=BOS)
                                           for i in range(1001))
    return out


if __name__ == "__main__":
    dest = os.path.join(ROOT, "fuzz", "regressions", "ogg")
    os.makedirs(dest, exist_ok=True)
    for name, data in build().items():
        with open(os.path.join(dest, name), "wb") as f:
            f.write(data)
        print(name, len(data))
