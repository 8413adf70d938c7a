"""RIFF helpers shared by RIFF-family demuxers (Microsoft RIFF / Multimedia Programming Interface
and Data Specifications 1.0): the WAVEFORMAT(EX/EXTENSIBLE) 'fmt ' header -> codec parameters,
the wave codec-tag table with its PCM width refinement, and LIST/INFO tag reading with the
INFO key -> generic key conversion FFmpeg 5.1.9 applies (riffdec.c, riff.c).
"""
from __future__ import annotations

import errno

from .. import chlayout as CL
from ..errors import CineError, InvalidData, Unsupported
from ..codecs.missing import missing_feature
from ..model import CodecParameters, Tags
from .riff_tags import WAV as WAV_TAGS, lookup

# KSDATAFORMAT_SUBTYPE base GUIDs: bytes 4..15 of a sub-format GUID whose first 4 bytes are
# a wave format tag (mmreg.h / ksmedia.h, plus the ambisonic and a broken writer's variant).
_SUBTYPE_BASES = (
    bytes((0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71)),
    bytes((0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00)),
    bytes((0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA)),
)
# Whole sub-format GUIDs of codecs without a wave tag (riff.c ff_codec_wav_guids).
_GUIDS = (
    ("ac3", "2c806de046dbcf11b4d100805f6cbbea"),
    ("atrac3p", "bfaa23e958cb7144a119fffa01e4ce62"),
    ("atrac9", "d242e147ba368d4d88fc61654f8c836c"),
    ("eac3", "af87fba7022dfb42a4d405cd93843bdd"),
    ("mp2", "2b806de046dbcf11b4d100805f6cbbea"),
    ("adpcm_agm", "82ec1f6acadb1945bde756d3b3ef981d"),
    ("dfpwm", "3ac1fa38811d4361a40dce53ca607cd1"),
)

# riff.c ff_riff_info_conv: INFO list keys -> generic metadata keys.
INFO_CONV = {
    "IART": "artist", "ICMT": "comment", "ICOP": "copyright", "ICRD": "date", "IGNR": "genre",
    "ILNG": "language", "INAM": "title", "IPRD": "album", "IPRT": "track", "ITRK": "track",
    "ISFT": "encoder", "ISMP": "timecode", "ITCH": "encoded_by",
}


def pcm_codec(bits: int, is_float: bool, big_endian: bool = False, signed_mask: int = 0) -> str | None:
    """ff_get_pcm_codec_id: the pcm codec for a sample width; signed_mask bit (bytes - 1)
    set means signed at that byte width."""
    if bits <= 0 or bits > 64:
        return None
    end = "be" if big_endian else "le"
    if is_float:
        return {32: "pcm_f32" + end, 64: "pcm_f64" + end}.get(bits)
    nbytes = (bits + 7) >> 3
    if signed_mask & (1 << (nbytes - 1)):
        return {1: "pcm_s8", 2: "pcm_s16" + end, 3: "pcm_s24" + end, 4: "pcm_s32" + end,
                8: "pcm_s64" + end}.get(nbytes)
    return {1: "pcm_u8", 2: "pcm_u16" + end, 3: "pcm_u24" + end, 4: "pcm_u32" + end}.get(nbytes)


def wav_codec(tag: int, bits: int) -> str | None:
    """ff_wav_codec_get_id: the codec of a wave format tag, PCM refined by its width."""
    name = lookup(WAV_TAGS, tag)
    if name is None:
        return None
    if name == "pcm_s16le":
        name = pcm_codec(bits, False, False, ~1)
    elif name == "pcm_f32le":
        name = pcm_codec(bits, True, False, 0)
    if name == "adpcm_ima_wav" and bits == 8:
        name = "adpcm_zork"
    return name


def format_guid(g: bytes) -> str:
    """FF_PRI_GUID: the raw bytes, then the conventional mixed-endian GUID in braces."""
    g = bytes(g)
    mixed = g[3::-1] + g[5:3:-1] + g[7:5:-1] + g[8:]
    return "%s {%s-%s-%s-%s-%s}" % (g.hex(), mixed[:4].hex(), mixed[4:6].hex(),
                                    mixed[6:8].hex(), mixed[8:10].hex(), mixed[10:].hex())


def parse_fmt(data: bytes, par: CodecParameters, log, big_endian: bool = False,
              size: int | None = None) -> None:
    """ff_get_wav_header on a 'fmt ' chunk: data is what the file holds of its declared
    size bytes (size defaults to len(data)).

    FFmpeg 5.1.9: reads past the end of the file yield zeros (avio at EOF)."""
    if size is None:
        size = len(data)
    # FFmpeg 5.1.9: the chunk size reaches ff_get_wav_header as a C int
    size = (size + (1 << 31)) % (1 << 32) - (1 << 31)
    if size < 14:
        for line in missing_feature("wav header size < 14", sample=True):
            log.warning(line)
        raise InvalidData("wav header size < 14")
    d = bytes(data) + bytes(max(0, 40 - len(data)))
    order = "big" if big_endian else "little"

    def u16(p: int) -> int:
        return int.from_bytes(d[p:p + 2], order)

    def u32(p: int) -> int:
        return int.from_bytes(d[p:p + 4], order)

    par.codec_type = "audio"
    par.channel_layout = None
    mask_channels = 0
    tag = u16(0)
    channels = 0
    bitrate = 0
    if tag != 0x0165 or big_endian:
        channels = u16(2)
        par.sample_rate = int.from_bytes(d[4:8], order, signed=True)
        bitrate = u32(8) * 8
        par.block_align = u16(12)
    p = 14 if (tag != 0x0165 or big_endian) else 2
    if size == 14:
        par.bits_per_coded_sample = 8
    else:
        par.bits_per_coded_sample = u16(p)
    if tag == 0xFFFE:
        par.codec_tag = 0
    else:
        par.codec_tag = tag
        par.codec_name = wav_codec(tag, par.bits_per_coded_sample)
    if size >= 18 and tag != 0x0165:
        cb = u16(16)
        if big_endian:
            for line in missing_feature("WAVEFORMATEX support for RIFX files"):
                log.warning(line)
            raise Unsupported("WAVEFORMATEX support for RIFX files")
        rest = size - 18
        cb = min(rest, cb)
        q = 18
        if cb >= 22 and tag == 0xFFFE:
            bps = u16(18)
            if bps:
                par.bits_per_coded_sample = bps
            mask = u32(20)
            mask_channels, par.channel_layout = CL.layout_from_mask(mask)
            # ff_get_guid: a short read yields an all-zero GUID
            sub = d[24:40] if len(data) >= 40 else bytes(16)
            if any(sub[4:] == base for base in _SUBTYPE_BASES):
                par.codec_tag = int.from_bytes(sub[:4], "little")
                par.codec_name = wav_codec(par.codec_tag, par.bits_per_coded_sample)
            else:
                hexg = sub.hex()
                par.codec_name = next((n for n, g in _GUIDS if g == hexg), None)
                if par.codec_name is None:
                    log.warning("unknown subformat:%s\n" % format_guid(sub))
            cb -= 22
            q += 22
        if cb > 0:
            par.extradata = bytes(data[q:q + cb])
            if len(par.extradata) < cb:
                # FFmpeg 5.1.9: ff_get_wav_header reports any extradata failure as ENOMEM
                par.extradata = b""
                log.error("Failed to read extradata of size %d\n" % cb)
                raise CineError("short extradata", code=-errno.ENOMEM)
    elif tag == 0x0165 and size >= 32:
        ext = bytes(data[4:size])
        if len(ext) < size - 4:
            log.error("Failed to read extradata of size %d\n" % (size - 4))
            raise CineError("short extradata", code=-errno.ENOMEM)
        nb = int.from_bytes(ext[4:6], "little")
        par.sample_rate = int.from_bytes(ext[12:16], "little", signed=True)
        par.extradata = ext
        channels = 0
        bitrate = 0
        if len(ext) < 8 + nb * 20:
            raise InvalidData("xma header")
        for i in range(nb):
            channels += ext[8 + i * 20 + 17]
    par.bit_rate = bitrate
    if par.sample_rate <= 0:
        log.error("Invalid sample rate: %d\n" % par.sample_rate)
        raise InvalidData("Invalid sample rate")
    if par.codec_name == "aac_latm":
        channels = 0
        par.sample_rate = 0
    if par.codec_name == "adpcm_g726" and par.sample_rate:
        par.bits_per_coded_sample = par.bit_rate // par.sample_rate
    if channels != mask_channels:
        par.channel_layout = None
    par.channels = channels


def fmt_consumed(size: int, tag: int) -> int:
    """How many bytes ff_get_wav_header reads from a 'fmt ' chunk of the given size (it skips
    what it does not parse, so this is the whole size from 18 bytes on)."""
    size = (size + (1 << 31)) % (1 << 32) - (1 << 31)
    if size < 14:
        return 0
    if size >= 18 or (tag == 0x0165 and size >= 32):
        return size
    return 14 if size == 14 else 16


def c_string(raw: bytes) -> str:
    """A NUL-terminated byte string as metadata text (bytes kept through surrogateescape)."""
    return raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def read_info(data: bytes, base: int, size: int, tags: Tags, log) -> int:
    """ff_read_riff_info over a LIST/INFO body: raw keys into tags. data holds the file bytes
    from absolute offset base - 4 (the 'INFO' id, for the reference's one-byte step back) up
    to what the file holds of the declared size bytes that start at base. Returns the absolute
    position where the reference's reader is left."""
    end = base + size
    off = base - 4

    def rl32(pos: int) -> tuple[int, bool]:
        raw = data[pos - off:pos - off + 4]
        return int.from_bytes(raw.ljust(4, b"\0"), "little"), len(raw) < 4

    cur = base
    while cur <= end - 8:
        code, e1 = rl32(cur)
        csize, e2 = rl32(cur + 4)
        if e1 or e2:
            if code or csize:
                log.warning("INFO subchunk truncated\n")
            return cur + 8
        if csize > end or end - csize < cur or csize == 0xFFFFFFFF:
            # FFmpeg 5.1.9: retries one byte earlier (for writers that dropped a pad byte)
            code, _ = rl32(cur - 1)
            csize, _ = rl32(cur + 3)
            if csize > end or end - csize < cur or csize == 0xFFFFFFFF:
                log.warning("too big INFO subchunk\n")
                return cur + 7
            cur -= 1
        cur += 8
        csize += csize & 1
        if not code:
            if csize:
                cur += csize
            elif cur - off >= len(data):
                log.warning("truncated file\n")
                return cur
            continue
        value = data[cur - off:cur - off + csize]
        if len(value) != csize:
            log.warning("premature end of file while reading INFO tag\n")
        cur += csize
        tags.set(code.to_bytes(4, "little").decode("latin-1"), c_string(value))
    return cur


def convert_tags(tags: Tags, conv: dict[str, str]) -> Tags:
    """ff_metadata_conv: rebuild the dictionary with native keys mapped to generic ones."""
    out = Tags()
    low = {k.lower(): v for k, v in conv.items()}
    for k, v in tags.items():
        out.set(low.get(k.lower(), k), v)
    return out
