"""PCM decoding and encoding (libavcodec pcm.c of FFmpeg 5.1.9): bytes <-> AudioFrame samples
for the interleaved and planar integer, float, A-law and mu-law layouts the demuxers and
muxers use.

A decoder turns one packet into one frame of whole sample groups (a trailing partial group
is dropped; a packet shorter than one group is invalid, as in the reference). The output
format is the reference's (pcm.SAMPLE_FMT): 24-bit and unsigned 16/24/32-bit samples are
widened and re-centred to s16/s32, 8-bit signed samples become u8. An encoder does the
inverse for the formats its `sample_fmt` names.
"""
from __future__ import annotations

import numpy as np

from ..errors import InvalidData, Unsupported
from ..frame import AudioFrame
from ..samplefmt import dtype
from .pcm import SAMPLE_FMT

# codec -> (numpy dtype of one coded sample, bytes per sample) for the plain layouts
_PLAIN = {
    "pcm_s16le": "<i2", "pcm_s16be": ">i2", "pcm_s16le_planar": "<i2", "pcm_s16be_planar": ">i2",
    "pcm_s32le": "<i4", "pcm_s32be": ">i4", "pcm_s32le_planar": "<i4",
    "pcm_s64le": "<i8", "pcm_s64be": ">i8",
    "pcm_u16le": "<u2", "pcm_u16be": ">u2", "pcm_u32le": "<u4", "pcm_u32be": ">u4",
    "pcm_f32le": "<f4", "pcm_f32be": ">f4", "pcm_f64le": "<f8", "pcm_f64be": ">f8",
    "pcm_u8": "u1", "pcm_s8": "i1", "pcm_s8_planar": "i1", "pcm_alaw": "u1", "pcm_mulaw": "u1",
}
_PLANAR = ("pcm_s16le_planar", "pcm_s16be_planar", "pcm_s32le_planar", "pcm_s8_planar",
           "pcm_s24le_planar")
_24BIT = {"pcm_s24le": "little", "pcm_s24be": "big", "pcm_u24le": "little", "pcm_u24be": "big",
          "pcm_s24le_planar": "little"}




def sample_size(codec: str) -> int:
    if codec in _24BIT:
        return 3
    return int(_PLAIN[codec][-1])


def decodes(codec: str) -> bool:
    return codec in _PLAIN or codec in _24BIT


def _g711_tables():
    """The 256 s16 values of A-law and mu-law code words (ITU-T G.711)."""
    alaw = np.zeros(256, np.int16)
    mulaw = np.zeros(256, np.int16)
    for code in range(256):
        a = code ^ 0x55
        seg = (a >> 4) & 7
        mant = a & 0x0F
        t = (mant << 4) + 8 if seg == 0 else ((mant << 4) + 0x108) << (seg - 1)
        alaw[code] = t if a & 0x80 else -t
        u = ~code & 0xFF
        t = (((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 7)
        mulaw[code] = (0x84 - t) if u & 0x80 else (t - 0x84)
    return alaw, mulaw


_G711: list = []


def g711(codec: str):
    if not _G711:
        _G711.extend(_g711_tables())
    return _G711[0] if codec == "pcm_alaw" else _G711[1]


class PcmDecoder:
    """Decoder of one pcm_* stream (the decoder contract of codecs/decoders.py)."""

    def __init__(self, codecpar, log=None) -> None:
        codec = codecpar.codec_name
        if not decodes(codec):
            raise Unsupported("cine: no decoder for %s" % codec)
        self.codec = codec
        self.sample_fmt = SAMPLE_FMT[codec]
        self.channels = codecpar.channels
        if self.channels <= 0:
            raise InvalidData("PCM channels out of bounds")
        self.sample_rate = codecpar.sample_rate
        self.layout = codecpar.channel_layout
        self.log = log
        self.group = sample_size(codec) * self.channels
        self.warned_multiple = False
        self.pending_error = None
        self.out_dtype = dtype(self.sample_fmt)
        self.in_dtype = np.dtype(_PLAIN[codec]) if codec in _PLAIN else None

    def decode(self, data: bytes, pts=None, dts=None, duration: int = 0) -> list:
        group = self.group
        size = len(data)
        self.pending_error = None
        if size % group:
            if size < group:
                self._too_small(size)
                raise InvalidData("Invalid PCM packet")
            # decode.c gives the bytes left over back as a packet of their own, which fails
            if not self.warned_multiple and self.log is not None:
                self.log.warning("Multiple frames in a packet.\n")
            self.warned_multiple = True
            self._too_small(size % group)
            self.pending_error = InvalidData("Invalid PCM packet")
            size -= size % group
        n = size // group
        if n == 0:
            return []
        raw = memoryview(data)[:size]
        planar = self.codec in _PLANAR
        if self.codec in _24BIT:
            b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
            if _24BIT[self.codec] == "little":
                v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
            else:
                v = b[:, 2] | (b[:, 1] << 8) | (b[:, 0] << 16)
            if self.codec.startswith("pcm_u"):
                v = v - 0x800000
            out = (v << 8).astype(np.int32)
        else:
            v = np.frombuffer(raw, self.in_dtype)
            if self.codec in ("pcm_alaw", "pcm_mulaw"):
                out = g711(self.codec)[v]
            elif self.codec.startswith("pcm_u") and self.codec != "pcm_u8":
                bits = 8 * v.dtype.itemsize
                out = (v.astype(np.int64) - (1 << (bits - 1))).astype(self.out_dtype)
            elif self.codec in ("pcm_s8", "pcm_s8_planar"):
                out = (v.astype(np.int16) + 128).astype(np.uint8)
            else:
                out = v.astype(self.out_dtype)
        if planar:
            samples = out.reshape(self.channels, n)
        else:
            samples = out.reshape(n, self.channels).T
        return [AudioFrame(np.ascontiguousarray(samples), self.sample_fmt, self.sample_rate,
                           self.layout, pts=pts, pkt_dts=dts)]

    def plain_samples(self, data: bytes):
        """(samples, rate) of a packet of whole sample groups (what decode_plain_batch
        takes); None for any other."""
        size = len(data)
        if type(data) is not bytes or not size or size % self.group:
            return None
        return size // self.group, self.sample_rate

    def decode_plain_batch(self, datas: list):
        """The packets of whole sample groups at the front of datas decoded as one (the
        conversion is sample by sample: the same values as packet by packet): (how many,
        their samples, the layout)."""
        count = 0
        for data in datas:
            if self.plain_samples(data) is None:
                break
            count += 1
        if not count:
            return 0, None, None
        frame = self.decode(datas[0] if count == 1 else b"".join(datas[:count]))[0]
        return count, frame.data, self.layout

    def flush(self) -> list:
        return []

    def _too_small(self, size: int) -> None:
        if self.log is not None:
            self.log.error("Invalid PCM packet, data has size %d but at least a size of %d "
                           "was expected\n" % (size, self.group))


# encoder -> the coded dtype of the plain layouts (the sample format each takes is in
# encoders.AUDIO_ENCODERS)
_ENCODE_DTYPE = {
    "pcm_s16le": "<i2", "pcm_s16be": ">i2", "pcm_s32le": "<i4", "pcm_s32be": ">i4",
    "pcm_u8": "u1", "pcm_s8": "i1", "pcm_f32le": "<f4", "pcm_f32be": ">f4", "pcm_f64le": "<f8",
    "pcm_f64be": ">f8", "pcm_s64le": "<i8", "pcm_s64be": ">i8", "pcm_u16le": "<u2",
    "pcm_u16be": ">u2",
}


class PcmEncoder:
    """Encoder of one pcm_* output stream: `encode(frame) -> bytes`, interleaved."""

    def __init__(self, codec: str) -> None:
        from .encoders import AUDIO_ENCODERS
        self.codec = codec
        self.sample_fmt = AUDIO_ENCODERS[codec][0]
        self.dtype = _ENCODE_DTYPE.get(codec)

    @property
    def bits_per_sample(self) -> int:
        from .bits_per_sample import bits_per_sample
        return bits_per_sample(self.codec)

    def encode(self, frame) -> bytes:
        v = frame.data.T          # (samples, channels): interleaved when flattened
        if self.codec in ("pcm_s24le", "pcm_s24be"):
            w = (np.ascontiguousarray(v).reshape(-1).astype(np.int64) >> 8) & 0xFFFFFF
            b = np.empty((w.size, 3), np.uint8)
            order = (0, 1, 2) if self.codec.endswith("le") else (2, 1, 0)
            for i, shift in zip(order, (0, 8, 16)):
                b[:, i] = (w >> shift) & 0xFF
            return b.tobytes()
        if self.codec in ("pcm_alaw", "pcm_mulaw"):
            return _g711_encode(self.codec, np.ascontiguousarray(v).reshape(-1))
        if self.codec == "pcm_s8":
            return (v.astype(np.int16) - 128).astype(np.int8).tobytes()
        if self.codec in ("pcm_u16le", "pcm_u16be"):
            return (v.astype(np.int32) + 0x8000).astype(self.dtype).tobytes()
        return np.ascontiguousarray(v).astype(self.dtype).tobytes()


_G711_ENC: dict = {}


def _g711_encode(codec: str, samples) -> bytes:
    """The code word whose decoded value is the nearest below or equal in magnitude (the
    reference's linear_to_alaw/ulaw tables over the top 14 bits of the sample)."""
    table = _G711_ENC.get(codec)
    if table is None:
        table = _G711_ENC[codec] = _g711_encode_table(codec)
    return table[(samples.astype(np.int32) + 32768) >> 2].tobytes()


def _g711_encode_table(codec: str):
    """16384 entries, sample >> 2 offset by 8192 -> code word: walking the 128 magnitudes
    upwards, each code covers the samples up to the midpoint (rounded as pcm_tablegen does)
    between its decoded value and the next one's; negative samples take the sign-flipped
    code; the most negative entry repeats its neighbour."""
    dec = g711(codec).astype(np.int64)
    mask = 0xD5 if codec == "pcm_alaw" else 0xFF
    table = np.zeros(16384, np.uint8)
    table[8192] = mask
    j = 1
    for i in range(127):
        edge = (int(dec[i ^ mask]) + int(dec[(i + 1) ^ mask]) + 4) >> 3
        while j < edge:
            table[8192 - j] = i ^ (mask ^ 0x80)
            table[8192 + j] = i ^ mask
            j += 1
    while j < 8192:
        table[8192 - j] = 127 ^ (mask ^ 0x80)
        table[8192 + j] = 127 ^ mask
        j += 1
    table[0] = table[1]
    return table
