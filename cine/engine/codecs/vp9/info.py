"""VP9 stream analysis for probing: the values libavcodec's native vp9 decoder takes from the
uncompressed header of the first frame (VP9 Bitstream Specification 6.2, 7.2: profile,
colour space, range, subsampling, bit depth, frame size). Colour primaries and transfer stay
what the container's vpcC box said.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import InvalidData

SYNC_CODE = 0x498342
# color_space (6.2.2) -> ffprobe names
_SPACES = (None, "bt470bg", "bt709", "smpte170m", "smpte240m", "bt2020nc", "reserved", "gbr")
_DEPTH_SUFFIX = ("", "10le", "12le")


def superframe_frames(data: bytes) -> list[bytes]:
    """Split a superframe (Annex B) into its frames; a plain frame is returned alone."""
    if not data:
        return []
    marker = data[-1]
    if marker & 0xE0 == 0xC0:
        nbytes = ((marker >> 3) & 3) + 1
        nframes = (marker & 7) + 1
        idx = nbytes * nframes + 2
        if len(data) >= idx and data[-idx] == marker:
            out = []
            pos = len(data) - idx + 1
            start = 0
            for _ in range(nframes):
                size = int.from_bytes(data[pos:pos + nbytes], "little")
                pos += nbytes
                if size > len(data) - idx - start:
                    raise InvalidData("invalid superframe")
                out.append(data[start:start + size])
                start += size
            return out
    return [data]


def parse_header(frame: bytes) -> dict | None:
    """Profile and, for intra frames, colour details and size of an uncompressed header."""
    br = BitReader(frame)
    if br.u(2) != 2:
        raise InvalidData("Invalid frame marker")
    profile = br.u(1) | br.u(1) << 1
    if profile == 3:
        profile += br.u(1)
    if profile > 3:
        raise InvalidData("Profile %d is not yet supported" % profile)
    out = {"profile": profile}
    if br.u(1):                          # show_existing_frame
        return out
    keyframe = not br.u(1)
    invisible = not br.u(1)
    errorres = br.u(1)
    if keyframe:
        if br.u(24) != SYNC_CODE:
            raise InvalidData("Invalid sync code")
        out.update(_colour(br, profile))
    else:
        intraonly = br.u(1) if invisible else 0
        if not errorres:
            br.u(2)
        if not intraonly:
            return out
        if br.u(24) != SYNC_CODE:
            raise InvalidData("Invalid sync code")
        if profile >= 1:
            out.update(_colour(br, profile))
        else:
            out.update(pix_fmt="yuv420p", color_space="bt470bg", color_range="tv")
        br.u(8)
    out["width"] = br.u(16) + 1
    out["height"] = br.u(16) + 1
    return out


def _colour(br: BitReader, profile: int) -> dict:
    bits = 0 if profile <= 1 else 1 + br.u(1)
    space = br.u(3)
    out = {"color_space": _SPACES[space]}
    if space == 7:
        out["color_range"] = "pc"
        out["pix_fmt"] = "gbrp" + _DEPTH_SUFFIX[bits]
        if not profile & 1 or br.u(1):
            raise InvalidData("RGB not supported in profile %d" % profile)
        return out
    out["color_range"] = "pc" if br.u(1) else "tv"
    if profile & 1:
        ss_h, ss_v = br.u(1), br.u(1)
        if ss_h and ss_v:
            raise InvalidData("YUV 4:2:0 not supported in profile %d" % profile)
        if br.u(1):
            raise InvalidData("Profile %d color details reserved bit set" % profile)
        base = {(0, 0): "yuv444p", (1, 0): "yuv422p", (0, 1): "yuv440p"}[(ss_h, ss_v)]
    else:
        base = "yuv420p"
    out["pix_fmt"] = base + _DEPTH_SUFFIX[bits]
    return out


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    for pkt in packets:
        try:
            frames = superframe_frames(pkt.data)
            hdrs = [parse_header(f) for f in frames if f]
        except InvalidData:
            continue
        decoded = False
        for h in hdrs:
            par.profile = h["profile"]
            if "pix_fmt" in h:
                par.color_space = h["color_space"]
                par.color_range = h["color_range"]
                par.format = h["pix_fmt"]
                par.width, par.height = h["width"], h["height"]
                decoded = True
        if decoded:
            break
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
