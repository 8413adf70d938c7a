"""The ISMV muxer (Smooth Streaming, PIFF 1.1) of FFmpeg 5.1.9's movenc.c: an MP4 muxer in
ISM mode (fragmented, one moof per track, negative composition offsets, 10 MHz timescales),
the tfxd box of every traf, and the ISML server manifest (-movflags isml) written in front
of the moov.
"""
from __future__ import annotations

from .mux import MP4_TAGS, _MovBase, _t
from .mux_buf import BoxBuf
from .mux_track import MODE_ISM

ISM_TAGS = MP4_TAGS + (("wmapro", _t("wma ")), ("ttml", _t("dfxp")))

TFXD_UUID = bytes((0x6d, 0x1d, 0x9b, 0x05, 0x42, 0xd5, 0x44, 0xe6,
                   0x80, 0xe2, 0x14, 0x1d, 0xaf, 0xf7, 0x57, 0xb2))
ISML_UUID = bytes((0xa5, 0xd4, 0x0b, 0x30, 0xe8, 0x14, 0x11, 0xdd,
                   0xba, 0x2f, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66))
LIBAVFORMAT_IDENT = "Lavf59.27.100"


class IsmvMuxer(_MovBase):
    MODE = MODE_ISM
    codec_tags = ISM_TAGS


def tfxd(bb: BoxBuf, trk) -> None:
    """The PIFF track fragment extended header: absolute start time and duration."""
    s0 = trk.samples[0]
    start = s0.dts + s0.cts
    p = bb.start("uuid")
    bb.write(TFXD_UUID)
    bb.w8(1)
    bb.wb24(0)
    bb.wb64(start)
    bb.wb64(trk.end_pts - start)
    bb.end(p)


def _param(name: str, value) -> str:
    return '<param name="%s" value="%s" valuetype="data"/>\n' % (name, value)


def _hex(data: bytes | None) -> str:
    # FFmpeg 5.1.9 formats at most 74 bytes (a 150-character buffer)
    return (data or b"")[:74].hex().upper()


def _annexb_extradata(ex: bytes) -> bytes | None:
    """ff_avc_write_annexb_extradata: SPS and PPS of an avcC with start codes; Annex B
    extradata as is; None when the avcC is malformed."""
    if len(ex) >= 4 and (ex[:4] == b"\0\0\0\1" or ex[:3] == b"\0\0\1"):
        return ex
    if len(ex) < 11 or ex[0] != 1:
        return None
    sps = int.from_bytes(ex[6:8], "big")
    if 11 + sps > len(ex):
        return None
    pps = int.from_bytes(ex[9 + sps:11 + sps], "big")
    if 11 + sps + pps > len(ex):
        return None
    return b"\0\0\0\1" + ex[8:8 + sps] + b"\0\0\0\1" + ex[11 + sps:11 + sps + pps]


def isml_manifest(mux) -> bytes:
    """mov_write_isml_manifest: the SMIL switch of the video and audio tracks."""
    from ..riff_tags import WAV
    from .mux_stsd import bit_rates
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<smil xmlns="http://www.w3.org/2001/SMIL20/Language">\n', "<head>\n"]
    mc = getattr(mux, "mux_ctx", None)
    if not (mc is not None and mc.bitexact):
        out.append('<meta name="creator" content="%s" />\n' % LIBAVFORMAT_IDENT)
    out += ["</head>\n", "<body>\n", "<switch>\n"]
    mux.setup_track_ids()
    for trk in mux.tracks:
        par, st = trk.par, trk.st
        if par.codec_type == "video" and not trk.is_cover:
            kind = "video"
        elif par.codec_type == "audio":
            kind = "audio"
        else:
            continue
        avg = bit_rates(trk)[2] & 0xFFFFFFFF
        lang = st.tags.get("language")
        out.append('<%s systemBitrate="%d">\n' % (kind, avg))
        out.append(_param("systemBitrate", avg - (1 << 32) if avg >= 1 << 31 else avg))
        out.append(_param("trackID", trk.track_id))
        out.append(_param("systemLanguage", lang if lang is not None else "und"))
        name = kind
        if lang is not None:
            name += "_" + lang
        if "hearing_impaired" in st.disposition:
            name += "_cc"
        elif "visual_impaired" in st.disposition:
            name += "_ad"
        out.append(_param("trackName", name.encode("utf-8")[:31].decode("utf-8", "ignore")))
        if kind == "video":
            if par.codec_name == "h264":
                ann = _annexb_extradata(bytes(par.extradata or b""))
                if ann is not None:
                    out.append(_param("CodecPrivateData", _hex(ann)))
                out.append(_param("FourCC", "H264"))
            elif par.codec_name == "vc1":
                out.append(_param("FourCC", "WVC1"))
                out.append(_param("CodecPrivateData", _hex(par.extradata)))
            for k in ("MaxWidth", "MaxHeight", "DisplayWidth", "DisplayHeight"):
                out.append(_param(k, par.width if "Width" in k else par.height))
        else:
            if par.codec_name == "aac":
                fourcc = {28: "AACP", 4: "AACH"}.get(par.profile, "AACL")
                out.append(_param("FourCC", fourcc))
            elif par.codec_name == "wmapro":
                out.append(_param("FourCC", "WMAP"))
            out.append(_param("CodecPrivateData", _hex(par.extradata)))
            out.append(_param("AudioTag", next((t for t, n in WAV if n == par.codec_name), 0)))
            out.append(_param("Channels", par.channels))
            out.append(_param("SamplingRate", par.sample_rate))
            out.append(_param("BitsPerSample", 16))
            out.append(_param("PacketSize", par.block_align or 4))
        out.append("</%s>\n" % kind)
    out += ["</switch>\n", "</body>\n", "</smil>\n"]
    bb = BoxBuf()
    p = bb.start("uuid")
    bb.write(ISML_UUID)
    bb.wb32(0)
    bb.write("".join(out).encode("utf-8"))
    bb.end(p)
    return bytes(bb.b)


TFRF_UUID = bytes((0xd4, 0x80, 0x7e, 0xf2, 0xca, 0x39, 0x46, 0x95,
                   0x8e, 0x54, 0x26, 0xcb, 0x9e, 0x46, 0xa7, 0x9f))


def tfrf_placeholder(bb: BoxBuf, mux, trk, moof_pos: int) -> None:
    """-ism_lookahead N: a free box in the traf that later becomes the tfrf box announcing
    the next N fragments; its file position is kept with the fragment's index entry."""
    size = 16 + 4 + 1 + 16 * mux.ism_lookahead
    if trk.frag_info and not trk.frag_info[-1][4]:
        trk.frag_info[-1][4] = moof_pos + bb.tell()
    bb.wb32(8 + size)
    bb.write(b"free")
    bb.write(bytes(size))


def write_tfrf_tags(mux, trk) -> None:
    """mov_write_tfrf_tags: rewrite the placeholders of the last N fragments in place."""
    pb = mux.pb
    pos = pb.tell()
    look = mux.ism_lookahead
    nb = len(trk.frag_info)
    for i in range(look):
        entry = nb - 2 - i
        if entry < 0:
            continue
        n = nb - 1 - entry
        bb = BoxBuf()
        bb.wb32(8 + 16 + 4 + 1 + 16 * n)
        bb.write(b"uuid")
        bb.write(TFRF_UUID)
        bb.w8(1)
        bb.wb24(0)
        bb.w8(n)
        for k in range(entry + 1, entry + 1 + n):
            bb.wb64(trk.frag_info[k][0])
            bb.wb64(trk.frag_info[k][3])
        if n < look:
            free = 16 * (look - n)
            bb.wb32(free)
            bb.write(b"free")
            bb.write(bytes(free - 8))
        pb.seek(trk.frag_info[entry][4])
        pb.write(bytes(bb.b))
    pb.seek(pos)
