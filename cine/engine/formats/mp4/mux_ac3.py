"""AC-3 / E-AC-3 in the MP4 muxer (FFmpeg 5.1.9 movenc.c handle_eac3, mov_write_ac3_tag,
mov_write_eac3_tag; ETSI TS 102 366 annex F): the dac3/dec3 fields gathered from the first
frames, and E-AC-3 frames of fewer than 6 blocks joined into one sample."""
from __future__ import annotations

import errno

from ...errors import CineError, Unsupported
from .mux_track import Track


def handle_eac3(mux, trk: Track, pkt):
    """handle_eac3: the dac3/dec3 fields from the first frames, E-AC-3 frames of fewer
    than 6 blocks joined into one sample; None when nothing is written now."""
    from ...codecs.ac3.header import parse
    from ...errors import AVERROR_INVALIDDATA, InvalidData
    d = pkt.data
    try:
        hdr = parse(d)
    except (InvalidData, CineError, IndexError):
        hdr = None
    if hdr is None or len(d) < 6:
        if not trk.samples:
            mux.log.warning("Dropping invalid packet from start of the stream\n")
            return None
        raise CineError(code=AVERROR_INVALIDDATA)
    info = trk.ac3_info
    if info is None:
        info = trk.ac3_info = {"code": -1, "data_rate": 0, "done": False, "num_ind_sub": 0,
                               "sub": {}, "blocks": 0, "pending": None}
    info["data_rate"] = max(info["data_rate"], hdr.bit_rate // 1000)
    if hdr.bsid <= 10:
        info["code"] = max(info["code"], (d[4] & 0x3F) >> 1)
    nblocks = hdr.num_blocks
    if not info["done"]:
        sid = hdr.substream_id
        if hdr.bsid <= 10 and sid != 0:
            raise CineError(code=-errno.EINVAL)
        if hdr.frame_type in (0, 2):                 # independent / AC-3 convert
            if sid > info["num_ind_sub"] + 1:
                raise CineError(code=-errno.EINVAL)
            if sid == info["num_ind_sub"] + 1:
                raise Unsupported("Multiple independent substreams")
            if sid < info["num_ind_sub"] or (sid == 0 and info["sub"].get(0, {}).get("bsid")):
                info["done"] = True
                return _concat(info, pkt, nblocks)
        elif sid != 0:
            raise Unsupported("Multiple non EAC3 independent substreams")
        info["sub"][sid] = {"fscod": d[4] >> 6, "bsid": hdr.bsid, "bsmod": hdr.bsmod,
                            "acmod": hdr.acmod, "lfeon": hdr.lfe, "num_dep_sub": 0,
                            "chan_loc": 0}
        if trk.par.codec_name == "ac3":
            info["done"] = True
            return _concat(info, pkt, nblocks)
        if len(d) != hdr.frame_size:
            cumul = hdr.frame_size
            parent = info["sub"][sid]
            while cumul != len(d):
                try:
                    dep = parse(d[cumul:])
                except (InvalidData, CineError, IndexError):
                    raise CineError(code=AVERROR_INVALIDDATA) from None
                if dep.frame_type != 1:
                    raise CineError(code=-errno.EINVAL)
                parent["num_dep_sub"] += 1
                if dep.chanmap is not None:
                    parent["chan_loc"] |= (dep.chanmap >> 5) & 0x1F
                else:
                    parent["chan_loc"] |= dep.acmod
                cumul += dep.frame_size
    return _concat(info, pkt, nblocks)

def _concat(info, pkt, nblocks):
    from ...errors import AVERROR_INVALIDDATA
    from ...model import Packet

    if not info["blocks"] and nblocks == 6:
        return pkt
    if info["blocks"] + nblocks > 6:
        raise CineError(code=AVERROR_INVALIDDATA)
    if not info["blocks"]:
        info["pending"] = Packet(pkt.stream_index, bytes(pkt.data), pkt.pts, pkt.dts,
                                 pkt.duration, pkt.pos, pkt.flags, list(pkt.side_data))
        info["blocks"] = nblocks
        return None
    p = info["pending"]
    p.data = p.data + bytes(pkt.data)
    p.duration += pkt.duration
    info["blocks"] += nblocks
    if info["blocks"] != 6:
        return None
    info["blocks"] = 0
    info["pending"] = None
    return p

def ac3_box(mux, trk: Track) -> bytes:
    """mov_write_ac3_tag / mov_write_eac3_tag: the dac3 or dec3 box."""
    from ...bitstream.bitwriter import BitWriter
    info = trk.ac3_info
    log = mux.log
    if trk.par.codec_name == "eac3":
        if info is None:
            log.error("Cannot write moov atom before EAC3 packets parsed.\n")
            raise CineError(code=-errno.EINVAL)
        w = BitWriter()
        w.put(13, info["data_rate"])
        w.put(3, info["num_ind_sub"])
        for i in range(info["num_ind_sub"] + 1):
            sub = info["sub"].get(i, {"fscod": 0, "bsid": 0, "bsmod": 0, "acmod": 0,
                                      "lfeon": 0, "num_dep_sub": 0, "chan_loc": 0})
            w.put(2, sub["fscod"])
            w.put(5, sub["bsid"])
            w.put(1, 0)
            w.put(1, 0)
            w.put(3, sub["bsmod"])
            w.put(3, sub["acmod"])
            w.put(1, sub["lfeon"])
            w.put(3, 0)
            w.put(4, sub["num_dep_sub"])
            if not sub["num_dep_sub"]:
                w.put(1, 0)
            else:
                w.put(9, sub["chan_loc"])
        body = w.getvalue()
        return (len(body) + 8).to_bytes(4, "big") + b"dec3" + body
    sub = info["sub"].get(0) if info is not None else None
    if info is None or not info["done"] or sub is None:
        log.error("Cannot write moov atom before AC3 packets. Set the delay_moov flag to fix "
                  "this.\n")
        raise CineError(code=-errno.EINVAL)
    if sub["bsid"] > 8:
        log.error("RealAudio AC-3/DolbyNet with bsid %d is not defined by the ISOBMFF "
                  "specification in ETSI TS 102 366!\n" % sub["bsid"])
        raise CineError(code=-errno.EINVAL)
    if info["code"] < 0:
        log.error("No valid AC3 bit rate code for data rate of %d!\n" % info["data_rate"])
        raise CineError(code=-errno.EINVAL)
    w = BitWriter()
    w.put(2, sub["fscod"])
    w.put(5, sub["bsid"])
    w.put(3, sub["bsmod"])
    w.put(3, sub["acmod"])
    w.put(1, sub["lfeon"])
    w.put(5, info["code"])
    w.put(5, 0)
    return b"\0\0\0\x0bdac3" + w.getvalue()
