"""The WAV muxer (FFmpeg 5.1.9 libavformat/wavenc.c + riffenc.c behaviour): RIFF/WAVE with the
fmt chunk as ff_put_wav_header writes it (WAVEFORMATEX / WAVEFORMATEXTENSIBLE), the fact chunk
for non-PCM tags on seekable outputs, the optional bext chunk, LIST/INFO from the global
metadata (ff_riff_info_conv names), then data. Sizes are patched at the trailer on seekable
outputs and left as 0xFFFFFFFF on pipes. RF64 (-rf64 auto/always) as the reference does it.
"""
from __future__ import annotations

import errno
from math import gcd

from ..chlayout import CHANNEL_NAMES, mask_of
from ..codecs.bits_per_sample import bits_per_sample
from ..errors import CineError
from ..model import Rational, Tags
from ..timebase import rescale_q
from .base import Muxer
from .riff_tags import WAV

UINT32_MAX = 0xFFFFFFFF

# ff_riff_info_conv (native, generic)
INFO_CONV = (("IART", "artist"), ("ICMT", "comment"), ("ICOP", "copyright"), ("ICRD", "date"),
             ("IGNR", "genre"), ("ILNG", "language"), ("INAM", "title"), ("IPRD", "album"),
             ("IPRT", "track"), ("ITRK", "track"), ("ISFT", "encoder"), ("ISMP", "timecode"),
             ("ITCH", "encoded_by"))
INFO_TAGS = ("IARL", "IART", "IAS1", "IAS2", "IAS3", "IAS4", "IAS5", "IAS6", "IAS7", "IAS8",
             "IAS9", "ICMS", "ICMT", "ICOP", "ICRD", "ICRP", "IDIM", "IDPI", "IENG", "IGNR",
             "IKEY", "ILGT", "ILNG", "IMED", "INAM", "IPLT", "IPRD", "IPRT", "ITRK", "ISBJ",
             "ISFT", "ISHP", "ISMP", "ISRC", "ISRF", "ITCH")

_GUIDS = {
    "eac3": bytes((0xAF, 0x87, 0xFB, 0xA7, 0x02, 0x2D, 0xFB, 0x42, 0xA4, 0xD4, 0x05, 0xCD,
                   0x93, 0x84, 0x3B, 0xDD)),
    "dfpwm": bytes((0x3A, 0xC1, 0xFA, 0x38, 0x81, 0x1D, 0x43, 0x61, 0xA4, 0x0D, 0xCE, 0x53,
                    0xCA, 0x60, 0x7C, 0xD1)),
}
_PCM_BYTERATE = {"pcm_u8", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le", "pcm_s16le"}
_NAME_TO_CHANNEL = {v: k for k, v in CHANNEL_NAMES.items()}


def layout_mask(layout: str | None) -> int | None:
    """The native-order channel mask of a described layout, None when unspecified/custom."""
    if layout is None:
        return None
    m = mask_of(layout)
    if m is not None:
        return m
    if layout.endswith(")") and " channels (" in layout:
        names = layout[layout.index("(") + 1:-1].split("+")
        mask = 0
        for n in names:
            c = _NAME_TO_CHANNEL.get(n)
            if c is None or c >= 64 or mask >> c & 1:
                return None
            mask |= 1 << c
        return mask
    return None


def riff_convert_tags(tags: Tags) -> Tags:
    """ff_metadata_conv(&metadata, ff_riff_info_conv, NULL): generic keys become INFO ids."""
    out = Tags()
    for key, value in tags.items():
        low = key.lower()
        for native, generic in INFO_CONV:
            if low == generic:
                key = native
                break
        out.set(key, value)
    return out


def _get_exact(tags: Tags, key: str):
    for k, v in tags.items():
        if k == key:
            return k, v
    return None


def write_info(pb, ctx) -> None:
    """ff_riff_write_info: a LIST/INFO chunk with the known INFO ids, when there is one."""
    ctx.tags = riff_convert_tags(ctx.tags)
    found = [_get_exact(ctx.tags, t) for t in INFO_TAGS]
    if not any(found):
        return
    pos = start_tag(pb, "LIST")
    pb.fourcc("INFO")
    for kv in found:
        if kv is None:
            continue
        data = kv[1].encode("utf-8")
        if not data:
            continue
        n = len(data) + 1
        pb.fourcc(kv[0].encode("latin-1")[:4])
        pb.wl32(n)
        pb.write(data + b"\0")
        if n & 1:
            pb.w8(0)
    end_tag(pb, pos)


def start_tag(pb, tag: str) -> int:
    pb.fourcc(tag)
    pb.wl32(UINT32_MAX)
    return pb.tell()


def end_tag(pb, start: int) -> None:
    pos = pb.tell()
    if pos & 1:
        pb.w8(0)
    pb.seek(start - 4)
    pb.wl32(pos - start)
    pb.seek((pos + 1) & ~1)


def _frame_duration_for_block(par) -> int:
    """av_get_audio_frame_duration2(par, block_align) for the codecs whose fmt chunk
    records wSamplesPerBlock."""
    ba, ch = par.block_align, par.channels
    if par.codec_name == "gsm_ms":
        return 320
    if par.codec_name == "adpcm_ima_wav" and ba and ch:
        bps = par.bits_per_coded_sample
        if bps < 2 or bps > 5:
            return 0
        return 1 + (ba - 4 * ch) // (bps * ch) * 8
    return 0


def put_wav_header(pb, par, log, flags: int = 0, strict: int = 0) -> int:
    """ff_put_wav_header: the WAVEFORMATEX(TENSIBLE) body; -1 when the codec has no tag."""
    import struct
    if not par.codec_tag or par.codec_tag > 0xFFFF:
        return -1
    if par.codec_name == "adpcm_swf" and par.block_align == 0:
        log.error("%s can only be written to WAVE with a constant frame size\n" % par.codec_name)
        return -errno.EINVAL
    start = pb.tell()
    frame_size = _frame_duration_for_block(par)
    mask = layout_mask(par.channel_layout)
    name = par.codec_name
    extensible = ((mask is not None and par.channel_layout not in ("mono", "stereo"))
                  or par.sample_rate > 48000 or name in ("eac3", "dfpwm")
                  or bits_per_sample(name) > 16)
    pb.wl16(0xFFFE if extensible else par.codec_tag)
    pb.wl16(par.channels)
    pb.wl32(par.sample_rate)
    if name in ("atrac3", "g723_1", "mp2", "mp3", "gsm_ms"):
        bps = 0
    else:
        bps = bits_per_sample(name) or par.bits_per_coded_sample or 16
    if bps != par.bits_per_coded_sample and par.bits_per_coded_sample:
        log.warning("requested bits_per_coded_sample (%d) and actually stored (%d) differ\n"
                    % (par.bits_per_coded_sample, bps))
    if name == "mp2":
        blkalign = (144 * par.bit_rate - 1) // par.sample_rate + 1
    elif name == "mp3":
        blkalign = 576 * (1 if par.sample_rate <= (24000 + 32000) // 2 else 2)
    elif name == "ac3":
        blkalign = 3840
    elif name == "aac":
        blkalign = 768 * par.channels
    elif name == "g723_1":
        blkalign = 24
    elif par.block_align:
        blkalign = par.block_align
    else:
        blkalign = bps * par.channels // gcd(8, bps)
    if name in _PCM_BYTERATE:
        bytespersec = par.sample_rate * blkalign
    elif name == "g723_1":
        bytespersec = 800
    else:
        bytespersec = int(par.bit_rate / 8) if par.bit_rate >= 0 else -((-par.bit_rate) // 8)
    pb.wl32(bytespersec)
    pb.wl16(blkalign)
    pb.wl16(bps)
    if name == "mp3":
        extra = struct.pack("<HIHHH", 1, 2, 1152, 1, 1393)
    elif name == "mp2":
        extra = struct.pack("<HIHHHHII", 2, par.bit_rate & 0xFFFFFFFF,
                            1 if par.channels == 2 else 8, 0, 1, 16, 0, 0)
    elif name == "g723_1":
        extra = struct.pack("<IIH", 0x9ACE0002, 0xAEA2F732, 0xACDE)
    elif name in ("gsm_ms", "adpcm_ima_wav"):
        extra = struct.pack("<H", frame_size & 0xFFFF)
    else:
        extra = par.extradata or b""
    if extensible:
        # flag 2: FF_PUT_WAV_HEADER_SKIP_CHANNELMASK
        write_mask = (not flags & 2) and mask is not None and (strict < 0 or mask < 0x40000)
        pb.wl16(len(extra) + 22)
        pb.wl16(bps)
        pb.wl32(mask if write_mask else 0)
        if name in _GUIDS:
            pb.write(_GUIDS[name])
        else:
            pb.wl32(par.codec_tag)
            pb.wl32(0x00100000)
            pb.wl32(0xAA000080)
            pb.wl32(0x719B3800)
    elif (flags & 1) or par.codec_tag != 0x0001 or extra:     # 1: FORCE_WAVEFORMATEX
        pb.wl16(len(extra))
    pb.write(extra)
    size = pb.tell() - start
    if size & 1:
        size += 1
        pb.w8(0)
    return size


def _opt_int(options: dict, key: str, default: int, names: dict | None = None) -> int:
    v = options.get(key)
    if v is None:
        return default
    if names and v in names:
        return names[v]
    if v in ("true", "false"):
        return 1 if v == "true" else 0
    return int(v, 0)


class WavMuxer(Muxer):
    codec_tags = tuple((name, tag) for tag, name in WAV)

    def init(self) -> None:
        o = self.options
        self.rf64 = _opt_int(o, "rf64", 0, {"auto": -1, "always": 1, "never": 0})
        self.write_bext = _opt_int(o, "write_bext", 0)
        self.write_peak = _opt_int(o, "write_peak", 0, {"off": 0, "on": 1, "only": 2})
        if self.write_peak:
            from ..errors import Unsupported
            raise Unsupported("the WAV peak envelope chunk is not implemented")
        self.data = self.fact_pos = self.ds64 = 0
        self.minpts = None
        self.maxpts = 0
        self.last_duration = 0

    def write_header(self) -> None:
        pb, ctx, log = self.pb, self.ctx, self.log
        if len(ctx.streams) != 1:
            log.error("WAVE files have exactly one stream\n")
            raise CineError(code=-errno.EINVAL)
        st = ctx.streams[0]
        par = st.codecpar
        pb.fourcc("RF64" if self.rf64 == 1 else "RIFF")
        pb.wl32(UINT32_MAX)
        pb.fourcc("WAVE")
        if self.rf64 != 0:
            pb.fourcc("ds64" if self.rf64 == 1 else "JUNK")
            pb.wl32(28)
            self.ds64 = pb.tell()
            pb.fill(0, 28)
        fmt = start_tag(pb, "fmt ")
        if put_wav_header(pb, par, log) < 0:
            log.error("Codec %s not supported in WAVE format\n" % (par.codec_name or "none"))
            raise CineError(code=-errno.ENOSYS)
        end_tag(pb, fmt)
        if par.codec_tag != 0x01 and pb.seekable:
            self.fact_pos = start_tag(pb, "fact")
            pb.wl32(0)
            end_tag(pb, self.fact_pos)
        if self.write_bext:
            self._bext()
        st.time_base = Rational(1, par.sample_rate)
        write_info(pb, ctx)
        self.data = start_tag(pb, "data")

    def _bext(self) -> None:
        pb, tags = self.pb, self.ctx.tags

        def s(key, maxlen):
            v = tags.get(key)
            data = v.encode("utf-8")[:maxlen] if v is not None else b""
            pb.write(data)
            pb.fill(0, maxlen - len(data))
        pos = start_tag(pb, "bext")
        s("description", 256)
        s("originator", 32)
        s("originator_reference", 32)
        s("origination_date", 10)
        s("origination_time", 8)
        tr = tags.get("time_reference")
        pb.wl64(_strtoll(tr, 10) if tr is not None else 0)
        pb.wl16(1)
        umid = tags.get("umid")
        if umid is not None and len(umid) > 2:
            body = umid[2:]
            n = len(body) // 16
            for i in range(n):
                pb.wb64(_strtoll(body[i * 16:i * 16 + 16], 16))
            pb.fill(0, 64 - n * 8)
        else:
            pb.fill(0, 64)
        pb.fill(0, 190)
        ch = tags.get("coding_history")
        if ch is not None:
            pb.put_str(ch)
        end_tag(pb, pos)

    def write_packet(self, pkt) -> None:
        self.pb.write(pkt.data)
        if pkt.pts is not None:
            self.minpts = pkt.pts if self.minpts is None else min(self.minpts, pkt.pts)
            self.maxpts = max(self.maxpts, pkt.pts)
            self.last_duration = pkt.duration
        else:
            self.log.error("wav_write_packet: NOPTS\n")

    def write_trailer(self) -> None:
        pb = self.pb
        if not pb.seekable:
            return
        st = self.ctx.streams[0]
        rf64 = False
        if pb.tell() - self.data < UINT32_MAX:
            end_tag(pb, self.data)
        file_size = pb.tell()
        data_size = file_size - self.data
        if self.rf64 == 1 or (self.rf64 == -1 and file_size - 8 > UINT32_MAX):
            rf64 = True
        elif file_size - 8 <= UINT32_MAX:
            pb.seek(4)
            pb.wl32(file_size - 8)
            pb.seek(file_size)
        else:
            self.log.error("Filesize %d invalid for wav, output file will be broken\n" % file_size)
        minpts = self.minpts if self.minpts is not None else (1 << 63) - 1
        nsamples = rescale_q(self.maxpts - minpts + self.last_duration, st.time_base,
                             Rational(1, st.codecpar.sample_rate))
        if st.codecpar.codec_tag != 0x01:
            pb.seek(self.fact_pos)
            if rf64 or (self.rf64 == -1 and nsamples > UINT32_MAX):
                rf64 = True
                pb.wl32(UINT32_MAX)
            else:
                pb.wl32(nsamples)
                pb.seek(file_size)
        if rf64:
            pb.seek(0)
            pb.fourcc("RF64")
            pb.wl32(UINT32_MAX)
            pb.seek(self.ds64 - 8)
            pb.fourcc("ds64")
            pb.wl32(28)
            pb.wl64(file_size - 8)
            pb.wl64(data_size)
            pb.wl64(nsamples)
            pb.wl32(0)
            pb.seek(self.data - 4)
            pb.wl32(UINT32_MAX)
            pb.seek(file_size)


def _strtoll(text: str, base: int) -> int:
    import re
    m = re.match(r"\s*([+-]?)(0[xX])?([0-9a-fA-F]+)" if base == 16 else r"\s*([+-]?)()(\d+)", text)
    if not m:
        return 0
    try:
        v = int(m.group(3), base)
    except ValueError:
        return 0
    return -v if m.group(1) == "-" else v
