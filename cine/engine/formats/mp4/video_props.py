"""Video properties and stream side data from sample-entry children: colr (nclx/nclc/prof),
vpcC colour fields, pasp, fiel, mdcv/clli and SmDm/CoLL (HDR), pssh (encryption init data),
as FFmpeg 5.1.9's mov demuxer records them (ISO/IEC 14496-12 clause 12.1.4-12.1.5, 23001-7).
"""
from __future__ import annotations

import struct

from ...errors import InvalidData
from ...log import TRACE
from ...model import SideData, set_side_data
from ...timebase import reduce
from .boxes import Bio, fourcc_str, s32, tag

# av_color_*_name values (2 = unspecified is None, the others print their name)
COLOR_PRIMARIES = {0: "reserved", 3: "reserved", 1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 8: "film",
                   9: "bt2020", 10: "smpte428", 11: "smpte431", 12: "smpte432", 22: "jedec-p22"}
COLOR_TRC = {0: "reserved", 3: "reserved", 1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
             9: "log100", 10: "log316", 11: "iec61966-2-4", 12: "bt1361e", 13: "iec61966-2-1",
             14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084", 17: "smpte428", 18: "arib-std-b67"}
COLOR_SPACE = {0: "gbr", 3: "reserved", 1: "bt709", 4: "fcc", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m",
               8: "ycgco", 9: "bt2020nc", 10: "bt2020c", 11: "smpte2085", 12: "chroma-derived-nc",
               13: "chroma-derived-c", 14: "ictcp"}
# values with a name in av_color_*_name (2 = unspecified keeps its place as None)
_KNOWN_PRI = set(COLOR_PRIMARIES) | {2}
_KNOWN_TRC = set(COLOR_TRC) | {2}
_KNOWN_SPC = set(COLOR_SPACE) | {2}


def read_pssh(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    version = pb.r8()
    pb.rb24()
    sysid = pb.read(16)
    if len(sysid) < 16:
        c.log.error("Failed to read the system id\n")
        raise InvalidData("pssh system id")
    kids = []
    if version > 0:
        kid_count = pb.rb32()
        if kid_count >= 0x7FFFFFFF // 8:
            raise InvalidData("pssh kid count")
        i = 0
        while i < kid_count and not pb.eof:
            kid = pb.read(16)
            if len(kid) < 16:
                c.log.error("Failed to read the key id\n")
                raise InvalidData("pssh key id")
            kids.append(kid)
            i += 1
        if pb.eof:
            c.log.error("Hit EOF while reading pssh\n")
            raise InvalidData("pssh eof")
    n = pb.rb32()
    data = pb.read(n)
    if len(data) < n:
        raise InvalidData("pssh data")
    infos = getattr(sc, "encryption_init", None)
    if infos is None:
        infos = sc.encryption_init = []
    infos.append((sysid, kids, data))
    # av_encryption_init_info_add_side_data: count, then per info 4 sizes and the bytes
    blob = struct.pack(">I", len(infos)) + b"".join(
        struct.pack(">IIII", len(si), len(ks), 16, len(dt)) + si + b"".join(ks) + dt for si, ks, dt in infos)
    set_side_data(st, SideData("Encryption initialization data", [], blob))


def read_colr(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    kind = pb.read(4)
    if len(kind) < 4:
        raise InvalidData("colr")
    if kind not in (b"nclx", b"nclc", b"prof"):
        c.log.warning("unsupported color_parameter_type %s\n" % kind.split(b"\0", 1)[0].decode("latin-1"))
        return
    if kind == b"prof":
        data = pb.read(size - 4)
        set_side_data(st, SideData("ICC profile", [], data))
        if len(data) < size - 4:
            raise InvalidData("short icc")
        return
    pri = pb.rb16()
    trc = pb.rb16()
    mat = pb.rb16()
    if kind == b"nclx":
        full = pb.r8() >> 7
        par.color_range = "pc" if full else "tv"
    par.color_primaries = COLOR_PRIMARIES.get(pri) if pri in _KNOWN_PRI else None
    par.color_transfer = COLOR_TRC.get(trc) if trc in _KNOWN_TRC else None
    par.color_space = COLOR_SPACE.get(mat) if mat in _KNOWN_SPC else None


def read_vpcc(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    if size < 5:
        c.log.error("Empty VP Codec Configuration box\n")
        raise InvalidData("vpcC")
    version = pb.r8()
    if version != 1:
        c.log.warning("Unsupported VP Codec Configuration box version %d\n" % version)
        return
    pb.skip(3)
    pb.skip(2)
    rng = pb.r8()
    pri = pb.r8()
    trc = pb.r8()
    spc = pb.r8()
    if pb.rb16():
        raise InvalidData("vpcC init data")
    par.color_range = "pc" if rng & 1 else "tv"
    par.color_primaries = COLOR_PRIMARIES.get(pri) if pri in _KNOWN_PRI else None
    par.color_transfer = COLOR_TRC.get(trc) if trc in _KNOWN_TRC else None
    par.color_space = COLOR_SPACE.get(spc) if spc in _KNOWN_SPC else None


def read_pasp(c, pb: Bio, t: int, size: int) -> None:
    num = s32(pb.rb32())
    den = s32(pb.rb32())
    st, sc = c.last()
    if st is None:
        return
    if den != 0:
        r = reduce(num, den, 32767)
        sc.sar = (r.num, r.den)


def read_fiel(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if size < 2:
        raise InvalidData("fiel")
    v = pb.rb16()
    order = None
    if v & 0xFF00 == 0x0100:
        order = "progressive"
    elif v & 0xFF00 == 0x0200:
        order = {0x01: "tt", 0x06: "bb", 0x09: "tb", 0x0E: "bt"}.get(v & 0xFF)
    if order is None and v:
        c.log.error("Unknown MOV field order 0x%04x\n" % v)
    st.codecpar.field_order = order


def read_st3d(c, pb: Bio, t: int, size: int) -> None:
    """st3d (mov_read_st3d): the stereo mode of a spherical video (0 mono, 1 top-bottom,
    2 side by side), kept for the stream's "Stereo 3D" side data."""
    st, sc = c.last()
    if st is None:
        return
    if size < 5:
        c.log.error("Empty stereoscopic video box\n")
        raise InvalidData("st3d")
    if sc.stereo3d is not None:
        raise InvalidData("second st3d")
    pb.skip(4)                                   # version, flags
    mode = pb.r8()
    if mode > 2:
        c.log.warning("Unknown st3d mode value %d\n" % mode)
        return
    from ...spherical import stereo3d_side_data
    sc.stereo3d = stereo3d_side_data((0, 2, 1)[mode])


def read_sv3d(c, pb: Bio, t: int, size: int) -> None:
    """sv3d (mov_read_sv3d, Google's spherical video V2): svhd, then proj with its prhd
    (yaw, pitch, roll) and a cbmp or equi projection box, kept for the stream's "Spherical
    Mapping" side data; what the reference does not take is warned about and skipped."""
    st, sc = c.last()
    if st is None:
        return
    if size < 8:
        c.log.error("Empty spherical video box\n")
        raise InvalidData("sv3d")
    n = pb.rb32()
    if n <= 12 or n > size:
        raise InvalidData("svhd size")
    if pb.rl32() != tag("svhd"):
        c.log.error("Missing spherical video header\n")
        return
    if not _version_0(c, pb):
        return
    pb.skip(n - 12)                              # metadata_source
    if not (_child(c, pb, size, "proj", "Missing projection box\n")
            and _child(c, pb, size, "prhd", "Missing projection header box\n")
            and _version_0(c, pb)):
        return
    yaw, pitch, roll = s32(pb.rb32()), s32(pb.rb32()), s32(pb.rb32())
    if pb.rb32() > size:
        raise InvalidData("projection size")
    kind = pb.rl32()
    if not _version_0(c, pb):
        return
    from ...spherical import CUBEMAP, equirect_projection, spherical_side_data
    padding, bounds = 0, (0, 0, 0, 0)
    if kind == tag("cbmp"):
        layout = pb.rb32()
        if layout:
            c.log.warning("Unsupported cubemap layout %d\n" % layout)
            return
        projection = CUBEMAP
        padding = pb.rb32()
    elif kind == tag("equi"):
        top, bottom, left, right = pb.rb32(), pb.rb32(), pb.rb32(), pb.rb32()
        projection = equirect_projection(left, top, right, bottom, c.log)
        bounds = (left, top, right, bottom)
    else:
        c.log.error("Unknown projection type: %s\n" % fourcc_str(kind))
        return
    par = st.codecpar
    sc.spherical = spherical_side_data(projection, yaw, pitch, roll, padding, bounds,
                                       par.width or 0, par.height or 0)


def _child(c, pb: Bio, size: int, name: str, missing: str) -> bool:
    """The next box header of an sv3d: a size past the sv3d's fails the file, another
    type than `name` is logged (`missing`) and ends the box."""
    if pb.rb32() > size:
        raise InvalidData(name + " size")
    if pb.rl32() != tag(name):
        c.log.error(missing)
        return False
    return True


def _version_0(c, pb: Bio) -> bool:
    """A spherical full box's version (only 0 is read) and flags."""
    version = pb.r8()
    if version:
        c.log.warning("Unknown spherical version %d\n" % version)
        return False
    pb.skip(3)
    return True


def read_sa3d(c, pb, t, size):
    return


def _mastering(c, pb: Bio, size: int, kind: str) -> None:
    st, sc = c.last()
    if st is None:
        raise InvalidData("mastering display without track")
    if kind == "SmDm":
        if size < 5:
            c.log.error("Empty Mastering Display Metadata box\n")
            raise InvalidData("SmDm")
        version = pb.r8()
        if version:
            c.log.warning("Unsupported Mastering Display Metadata box version %d\n" % version)
            return
        if sc.mastering is not None:
            c.log.warning("Ignoring duplicate Mastering Display Metadata\n")
            return
        pb.skip(3)
        prim = [(pb.rb16(), pb.rb16()) for _ in range(3)]
        order = (0, 1, 2)
        cden, wden = 1 << 16, 1 << 16
        white = (pb.rb16(), pb.rb16())
        maxl = (pb.rb32(), 1 << 8)
        minl = (pb.rb32(), 1 << 14)
    else:
        if size < 24:
            c.log.error("Invalid Mastering Display Color Volume box\n")
            raise InvalidData("mdcv")
        if sc.mastering is not None:
            c.log.warning("Ignoring duplicate Mastering Display Color Volume\n")
            return
        raw = [(pb.rb16(), pb.rb16()) for _ in range(3)]
        prim = [None, None, None]
        for i, j in enumerate((1, 2, 0)):
            prim[j] = raw[i]
        cden = 50000
        white = (pb.rb16(), pb.rb16())
        maxl = (pb.rb32(), 10000)
        minl = (pb.rb32(), 10000)
    fields = []
    for name, (x, y) in zip(("red", "green", "blue"), prim):
        fields.append((name + "_x", "%d/%d" % (x, cden)))
        fields.append((name + "_y", "%d/%d" % (y, cden)))
    fields.append(("white_point_x", "%d/%d" % (white[0], cden)))
    fields.append(("white_point_y", "%d/%d" % (white[1], cden)))
    fields.append(("min_luminance", "%d/%d" % (s32(minl[0]), minl[1])))
    fields.append(("max_luminance", "%d/%d" % (s32(maxl[0]), maxl[1])))
    # AVMasteringDisplayMetadata: display_primaries[3][2], white_point[2], min_luminance,
    # max_luminance (AVRationals: int num, int den), has_primaries, has_luminance
    rationals = [v for x, y in prim for v in (x, cden, y, cden)]
    rationals += [white[0], cden, white[1], cden, s32(minl[0]), minl[1], s32(maxl[0]), maxl[1]]
    data = struct.pack("<22i", *rationals, 1, 1)
    sc.mastering = SideData("Mastering display metadata", fields, data)


def _light(c, pb: Bio, size: int, kind: str) -> None:
    st, sc = c.last()
    if st is None:
        raise InvalidData("light level without track")
    if kind == "CoLL":
        if size < 5:
            c.log.error("Empty Content Light Level box\n")
            raise InvalidData("CoLL")
        version = pb.r8()
        if version:
            c.log.warning("Unsupported Content Light Level box version %d\n" % version)
            return
        pb.skip(3)
        if sc.coll is not None:
            c.log.warning("Ignoring duplicate COLL\n")
            return
    else:
        if size < 4:
            c.log.error("Empty Content Light Level Info box\n")
            raise InvalidData("clli")
        if sc.coll is not None:
            c.log.warning("Ignoring duplicate CLLI/COLL\n")
            return
    max_content, max_average = pb.rb16(), pb.rb16()
    # AVContentLightMetadata: unsigned MaxCLL, MaxFALL
    sc.coll = SideData("Content light level metadata",
                       [("max_content", max_content), ("max_average", max_average)],
                       struct.pack("<II", max_content, max_average))


def read_smdm(c, pb, t, size):
    _mastering(c, pb, size, "SmDm")


def read_coll(c, pb, t, size):
    _light(c, pb, size, "CoLL")


def read_mdcv(c, pb, t, size):
    _mastering(c, pb, size, "mdcv")


def read_clli(c, pb, t, size):
    _light(c, pb, size, "clli")


def read_dvcc(c, pb: Bio, t: int, size: int) -> None:
    """dvcC, dvvC and dvwC (mov_read_dvcc_dvvc): the first 24 bytes as the stream's Dolby
    Vision configuration (formats/dovi.py)."""
    from .. import dovi
    st, _ = c.last()
    if st is None:
        return
    n = min(size, dovi.SIZE)
    buf = pb.read(n)
    if len(buf) < n:
        raise InvalidData("dvcC")
    sd = dovi.parse(buf)
    c.log.log(TRACE, "DOVI in dvcC/dvvC/dvwC box, " + dovi.LOG_FORMAT % dovi.values(sd))
    set_side_data(st, sd)
