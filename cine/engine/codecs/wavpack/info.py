"""WavPack stream analysis for probing: libavcodec's wavpack decoder sets sample format, bit
depth, sample rate and (for single-block frames) the channel layout from the first block
header's flags (WavPack 4 block header: block_samples, flags, crc)."""
from __future__ import annotations

import struct

from ... import chlayout

_RATES = (6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000,
          88200, 96000, 192000)
_MONO = 0x4
_SINGLE_BLOCK = 0x1800          # initial block | final block
_FLOAT = 0x80
_DSD = 0x80000000
_ID_CHANINFO = 0xD


def _first_block_metadata(data: bytes, flags: int) -> bytes:
    """The first block's metadata sub-blocks (after its header)."""
    if data[:4] == b"wvpk":
        if len(data) < 32:
            return b""
        size = struct.unpack_from("<I", data, 4)[0] - 24
        return data[32:32 + max(size, 0)]
    if flags & _SINGLE_BLOCK == _SINGLE_BLOCK:
        return data[12:]
    if len(data) < 16:
        return b""
    size = struct.unpack_from("<I", data, 12)[0]
    return data[16:16 + size]


def channel_mask(meta: bytes) -> tuple[int, int] | None:
    """(channel count or 0, mask) from a channel-info sub-block, or None without one."""
    pos = 0
    while pos + 2 <= len(meta):
        ident, size = meta[pos], meta[pos + 1]
        pos += 2
        if ident & 0x80:
            if pos + 2 > len(meta):
                return None
            size |= (meta[pos] | meta[pos + 1] << 8) << 8
            pos += 2
        size <<= 1
        body = meta[pos:pos + size]
        if ident & 0x40:
            body = body[:size - 1]
        pos += size
        if ident & 0x3F == _ID_CHANINFO:
            if len(body) < 2 or len(body) > 6:
                return None
            chan = body[0]
            if len(body) <= 5:
                return chan, int.from_bytes(body[1:], "little")
            chan = (chan | (body[2] & 0xF) << 8) + 1
            return chan, int.from_bytes(body[3:6], "little")
    return None


def block_flags(data: bytes) -> int | None:
    """The first block's flags: a full "wvpk" block, or matroska's stripped header
    (block_samples, flags, crc) as the demuxer hands it on."""
    if data[:4] == b"wvpk":
        return struct.unpack_from("<I", data, 24)[0] if len(data) >= 32 else None
    return struct.unpack_from("<I", data, 4)[0] if len(data) >= 12 else None


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    for pkt in packets[:2]:
        flags = block_flags(pkt.data)
        if flags is None:
            continue
        if flags & (_FLOAT | _DSD):
            par.format = "fltp"
        else:
            par.format = "s16p" if flags & 3 <= 1 else "s32p"
        par.bits_per_raw_sample = ((flags & 3) + 1) * 8
        sr = (flags >> 23) & 0xF
        if sr < len(_RATES) and not flags & _DSD:
            par.sample_rate = _RATES[sr]
        if flags & _SINGLE_BLOCK == _SINGLE_BLOCK:
            stereo = not flags & _MONO
            par.channels = 2 if stereo else 1
            par.channel_layout = "stereo" if stereo else "mono"
        else:
            info = channel_mask(_first_block_metadata(pkt.data, flags))
            if info is not None and info[1]:
                n, name = chlayout.layout_from_mask(info[1])
                if not info[0] or info[0] == n:
                    par.channels, par.channel_layout = n, name
        break
