"""Box dispatch for mov/mp4: the FourCC -> reader table and the container walk the reference
applies to every container box (ISO/IEC 14496-12 clause 4.2, QuickTime udta/ilst rules).

Readers share one signature, reader(c, pb, atom_type, atom_size) where pb is positioned at the
payload; they raise CineError to fail the header.
"""
from __future__ import annotations

import sys

from ...errors import InvalidData
from ...io.sizecall import avio_size
from .boxes import INT64_MAX, Bio, fourcc_str, s64, tag
from . import codec_config, meta, moov, sample_entry, stbl, video_props

T_ROOT = tag("root")
T_MOOV = tag("moov")
T_TRAK = tag("trak")
T_MDAT = tag("mdat")
T_UDTA = tag("udta")
T_ILST = tag("ilst")
T_META = tag("meta")
T_KEYS = tag("keys")
T_FREE = tag("free")
T_HOOV = tag("hoov")
T_MVHD = tag("mvhd")
T_CMOV = tag("cmov")


def _lazy(module: str, name: str):
    """The reader `name` of sibling module `module`, imported on its first box: fragmented
    and encrypted files are rare, and importing their readers costs every run start-up time."""
    def reader(c, pb, t, size):
        __import__(__package__ + "." + module)
        return getattr(sys.modules[__package__ + "." + module], name)(c, pb, t, size)
    return reader


def _default(c, pb, t, size):
    read_default(c, pb, t, size)


PARSERS = {
    tag("ACLR"): codec_config.read_aclr,
    tag("APRG"): codec_config.read_avid,
    tag("AALP"): codec_config.read_avid,
    tag("ARES"): codec_config.read_ares,
    tag("DpxE"): codec_config.read_dpxe,
    tag("SMI "): codec_config.read_svq3,
    tag("strf"): codec_config.read_strf,
    tag("avss"): codec_config.read_avss,
    tag("av1C"): codec_config.read_glbl,
    tag("chpl"): meta.read_chpl,
    tag("co64"): stbl.read_stco,
    tag("colr"): video_props.read_colr,
    tag("ctts"): stbl.read_ctts,
    tag("dinf"): _default,
    tag("dref"): moov.read_dref,
    tag("edts"): _default,
    tag("elst"): moov.read_elst,
    tag("enda"): codec_config.read_enda,
    tag("fiel"): video_props.read_fiel,
    tag("ftyp"): moov.read_ftyp,
    tag("glbl"): codec_config.read_glbl,
    tag("hdlr"): moov.read_hdlr,
    tag("ilst"): meta.read_ilst,
    tag("jp2h"): codec_config.read_jp2h,
    tag("mdat"): moov.read_mdat,
    tag("mdhd"): moov.read_mdhd,
    tag("mdia"): _default,
    tag("meta"): meta.read_meta,
    tag("minf"): _default,
    tag("moof"): _lazy("fragments", "read_moof"),
    tag("moov"): moov.read_moov,
    tag("mvex"): _default,
    tag("mvhd"): moov.read_mvhd,
    tag("alac"): codec_config.read_alac,
    tag("avcC"): codec_config.read_glbl,
    tag("pasp"): video_props.read_pasp,
    tag("sidx"): _lazy("fragments", "read_sidx"),
    tag("stbl"): _default,
    tag("stco"): stbl.read_stco,
    tag("stps"): stbl.read_stps,
    tag("stsc"): stbl.read_stsc,
    tag("stsd"): sample_entry.read_stsd,
    tag("stss"): stbl.read_stss,
    tag("stsz"): stbl.read_stsz,
    tag("stts"): stbl.read_stts,
    tag("stz2"): stbl.read_stsz,
    tag("sdtp"): stbl.read_sdtp,
    tag("tkhd"): moov.read_tkhd,
    tag("tfdt"): _lazy("fragments", "read_tfdt"),
    tag("tfhd"): _lazy("fragments", "read_tfhd"),
    tag("trak"): moov.read_trak,
    tag("traf"): _default,
    tag("tref"): _default,
    tag("tmcd"): moov.read_tmcd,
    tag("chap"): moov.read_chap,
    tag("trex"): _lazy("fragments", "read_trex"),
    tag("trun"): _lazy("fragments", "read_trun"),
    tag("udta"): _default,
    tag("wave"): codec_config.read_wave,
    tag("esds"): codec_config.read_esds,
    tag("dac3"): codec_config.read_dac3,
    tag("dec3"): codec_config.read_dec3,
    tag("wide"): moov.read_wide,
    tag("sgpd"): stbl.read_sgpd,
    tag("sbgp"): stbl.read_sbgp,
    tag("hvcC"): codec_config.read_glbl,
    tag("uuid"): meta.read_uuid,
    tag("free"): moov.read_free,
    tag("----"): meta.read_custom,
    tag("sinf"): _default,
    tag("frma"): codec_config.read_frma,
    tag("schi"): _default,
    tag("dfLa"): codec_config.read_dfla,
    tag("st3d"): video_props.read_st3d,
    tag("sv3d"): video_props.read_sv3d,
    tag("dOps"): codec_config.read_dops,
    tag("SmDm"): video_props.read_smdm,
    tag("CoLL"): video_props.read_coll,
    tag("vpcC"): video_props.read_vpcc,
    tag("mdcv"): video_props.read_mdcv,
    tag("clli"): video_props.read_clli,
    tag("dvcC"): video_props.read_dvcc,
    tag("dvvC"): video_props.read_dvcc,
    tag("dvwC"): video_props.read_dvcc,
    tag("kind"): moov.read_kind,
    tag("SA3D"): video_props.read_sa3d,
    tag("pcmC"): codec_config.read_pcmc,
    tag("chan"): codec_config.read_chan,
    tag("cmov"): moov.read_cmov,
    tag("pssh"): video_props.read_pssh,
    tag("schm"): _lazy("encryption", "read_schm"),
    tag("tenc"): _lazy("encryption", "read_tenc"),
    tag("senc"): _lazy("encryption", "read_senc"),
    tag("saiz"): _lazy("encryption", "read_saiz"),
    tag("saio"): _lazy("encryption", "read_saio"),
}


def read_default(c, pb: Bio, parent: int, size: int) -> None:
    """mov_read_default over an in-memory box payload."""
    if c.atom_depth > 10:
        c.log.error("Atoms too deeply nested\n")
        raise InvalidData("atoms too deeply nested")
    c.atom_depth += 1
    try:
        _walk(c, pb, parent, size)
    finally:
        c.atom_depth -= 1


def _walk(c, pb: Bio, parent: int, size: int) -> None:
    if size < 0:
        size = INT64_MAX
    total = 0
    while total <= size - 8:
        a_size = pb.rb32()
        a_type = pb.rl32()
        if pb.eof:
            break
        if ((a_type == T_FREE and c.moov_retry) or a_type == T_HOOV) and a_size >= 8:
            here = pb.tell()
            pb.skip(4)
            inner = pb.rl32()
            if pb.eof:
                break
            pb.seek(here)
            if inner in (T_MVHD, T_CMOV):
                c.log.error("Detected moov in a free or hoov atom.\n")
                a_type = T_MOOV
        if parent not in (T_ROOT, T_MOOV) and a_type in (T_TRAK, T_MDAT):
            c.log.error("Broken file, trak/mdat not at top-level\n")
            pb.skip(-8)
            return
        total += 8
        if a_size == 1 and total + 8 <= size:
            a_size = s64(pb.rb64()) - 8
            total += 8
        if a_size == 0:
            a_size = size - total + 8
        if a_size < 0:
            break
        a_size -= 8
        if a_size < 0:
            break
        a_size = min(a_size, size - total)
        parse = PARSERS.get(a_type)
        if parse is None and parent in (T_UDTA, T_ILST):
            parse = meta.read_udta_string
        if (parse is None and c.found_hdlr_mdta and parent == T_META and a_type == T_KEYS
                and not c.meta_keys):
            parse = meta.read_keys
        if parse is None:
            pb.skip(a_size)
        else:
            start = pb.tell()
            parse(c, pb, a_type, a_size)
            if c.found_moov and c.found_mdat and (
                    not c.seekable or c.frag_complete or start + a_size == avio_size(c.source)):
                # mov_read_default's end-of-header test runs at every level (and asks the
                # size each time: cache: counts the questions)
                if not c.seekable or c.frag_complete:
                    c.next_root_atom = start + a_size
                return
            left = a_size - (pb.tell() - start)
            if left > 0:
                pb.skip(left)
            elif left < 0:
                c.log.warning("overread end of atom '%s' by %d bytes\n" % (fourcc_str(a_type), -left))
                pb.seek(pb.tell() + left)
        total += a_size
    if total < size and size < 0x7FFFF:
        pb.skip(size - total)
