"""-show_data_hash algorithms of FFmpeg 5.1.9 (libavutil/hash.c names, hex output of
av_hash_final_hex): "NAME:hex" strings for extradata_hash and data_hash."""
from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

# av_hash_names order (what "Known algorithms:" lists)
NAMES = ("MD5", "murmur3", "RIPEMD128", "RIPEMD160", "RIPEMD256", "RIPEMD320", "SHA160",
         "SHA224", "SHA256", "SHA512/224", "SHA512/256", "SHA384", "SHA512", "CRC32", "adler32")

_HASHLIB = {"MD5": "md5", "SHA160": "sha1", "SHA224": "sha224", "SHA256": "sha256",
            "SHA384": "sha384", "SHA512": "sha512", "SHA512/224": "sha512_224",
            "SHA512/256": "sha512_256", "RIPEMD160": "ripemd160"}

_M64 = (1 << 64) - 1
_C1, _C2 = 0x87C37B91114253D5, 0x4CF5AD432745937F


def _rot(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M64


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M64
    return k ^ (k >> 33)


def murmur3(data: bytes) -> bytes:
    """av_murmur3 (x64 128-bit, FFmpeg's seed; the final partial block is always mixed)."""
    h1 = h2 = 0x725ACC55DADDCA55
    full = len(data) & ~15
    for off in range(0, full, 16):
        a, b = struct.unpack_from("<QQ", data, off)
        k1 = (_rot((a * _C1) & _M64, 31) * _C2) & _M64
        k2 = (_rot((b * _C2) & _M64, 33) * _C1) & _M64
        h1 = ((_rot(k1 ^ h1, 27) + h2) * 5 + 0x52DCE729) & _M64
        h2 = ((_rot(k2 ^ h2, 31) + h1) * 5 + 0x38495AB5) & _M64
    a, b = struct.unpack("<QQ", data[full:].ljust(16, b"\0"))
    k1 = (_rot((a * _C1) & _M64, 31) * _C2) & _M64
    k2 = (_rot((b * _C2) & _M64, 33) * _C1) & _M64
    n = len(data)
    h1 ^= k1 ^ n
    h2 ^= k2 ^ n
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    return struct.pack("<QQ", h1, h2)


def canonical(name: str) -> str | None:
    """av_hash_alloc's case-insensitive lookup."""
    low = name.lower()
    return next((n for n in NAMES if n.lower() == low), None)


def hasher(name: str) -> Callable[[bytes], str] | None:
    """A function giving "NAME:hex" for data, or None for an unknown (or, for RIPEMD-128/256/
    320 and anything hashlib lacks, unavailable) algorithm."""
    canon = canonical(name)
    if canon is None:
        return None
    if canon in ("CRC32", "adler32"):
        import zlib  # a shared library: loaded only when one of its checksums is asked for
    if canon == "CRC32":
        return lambda data: "CRC32:%08x" % (zlib.crc32(data) & 0xFFFFFFFF)
    if canon == "adler32":
        return lambda data: "adler32:%08x" % (zlib.adler32(data) & 0xFFFFFFFF)
    if canon == "murmur3":
        return lambda data: "murmur3:" + murmur3(data).hex()
    algo = _HASHLIB.get(canon)
    if algo is None:
        return None
    try:
        hashlib.new(algo)
    except ValueError:
        return None
    return lambda data: "%s:%s" % (canon, hashlib.new(algo, data).hexdigest())
