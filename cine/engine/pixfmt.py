"""Pixel format descriptors (libavutil pixdesc): name, component count, bits per pixel and
per-component bit depths, as FFmpeg 5.1.9 lists them (`ffmpeg -pix_fmts`, Debian build).

The table is the reference tool's observable output, in its enumeration order; lookups parse it
once, lazily. Stdlib only: this module is on the probe path.
"""
from __future__ import annotations

from collections import namedtuple


class PixFmtDescriptor(namedtuple("PixFmtDescriptor", (
        "name", "nb_components", "bits_per_pixel",
        "depths",               # per component, in descriptor order (comp[0] first)
        "hwaccel", "paletted", "bitstream"))):
    __slots__ = ()

    @property
    def depth(self) -> int:
        """comp[0].depth (0 for hardware formats, which have no components)."""
        return self.depths[0] if self.nb_components else 0


# name flags(I O H P B) nb_components bits_per_pixel depths
_TABLE = """\
yuv420p IO... 3 12 8-8-8
yuyv422 IO... 3 16 8-8-8
rgb24 IO... 3 24 8-8-8
bgr24 IO... 3 24 8-8-8
yuv422p IO... 3 16 8-8-8
yuv444p IO... 3 24 8-8-8
yuv410p IO... 3 9 8-8-8
yuv411p IO... 3 12 8-8-8
gray IO... 1 8 8
monow IO..B 1 1 1
monob IO..B 1 1 1
pal8 I..P. 1 8 8
yuvj420p IO... 3 12 8-8-8
yuvj422p IO... 3 16 8-8-8
yuvj444p IO... 3 24 8-8-8
uyvy422 IO... 3 16 8-8-8
uyyvyy411 ..... 3 12 8-8-8
bgr8 IO... 3 8 3-3-2
bgr4 .O..B 3 4 1-2-1
bgr4_byte IO... 3 4 1-2-1
rgb8 IO... 3 8 2-3-3
rgb4 .O..B 3 4 1-2-1
rgb4_byte IO... 3 4 1-2-1
nv12 IO... 3 12 8-8-8
nv21 IO... 3 12 8-8-8
argb IO... 4 32 8-8-8-8
rgba IO... 4 32 8-8-8-8
abgr IO... 4 32 8-8-8-8
bgra IO... 4 32 8-8-8-8
gray16be IO... 1 16 16
gray16le IO... 1 16 16
yuv440p IO... 3 16 8-8-8
yuvj440p IO... 3 16 8-8-8
yuva420p IO... 4 20 8-8-8-8
rgb48be IO... 3 48 16-16-16
rgb48le IO... 3 48 16-16-16
rgb565be IO... 3 16 5-6-5
rgb565le IO... 3 16 5-6-5
rgb555be IO... 3 15 5-5-5
rgb555le IO... 3 15 5-5-5
bgr565be IO... 3 16 5-6-5
bgr565le IO... 3 16 5-6-5
bgr555be IO... 3 15 5-5-5
bgr555le IO... 3 15 5-5-5
vaapi ..H.. 0 0 0
yuv420p16le IO... 3 24 16-16-16
yuv420p16be IO... 3 24 16-16-16
yuv422p16le IO... 3 32 16-16-16
yuv422p16be IO... 3 32 16-16-16
yuv444p16le IO... 3 48 16-16-16
yuv444p16be IO... 3 48 16-16-16
dxva2_vld ..H.. 0 0 0
rgb444le IO... 3 12 4-4-4
rgb444be IO... 3 12 4-4-4
bgr444le IO... 3 12 4-4-4
bgr444be IO... 3 12 4-4-4
ya8 IO... 2 16 8-8
bgr48be IO... 3 48 16-16-16
bgr48le IO... 3 48 16-16-16
yuv420p9be IO... 3 13 9-9-9
yuv420p9le IO... 3 13 9-9-9
yuv420p10be IO... 3 15 10-10-10
yuv420p10le IO... 3 15 10-10-10
yuv422p10be IO... 3 20 10-10-10
yuv422p10le IO... 3 20 10-10-10
yuv444p9be IO... 3 27 9-9-9
yuv444p9le IO... 3 27 9-9-9
yuv444p10be IO... 3 30 10-10-10
yuv444p10le IO... 3 30 10-10-10
yuv422p9be IO... 3 18 9-9-9
yuv422p9le IO... 3 18 9-9-9
gbrp IO... 3 24 8-8-8
gbrp9be IO... 3 27 9-9-9
gbrp9le IO... 3 27 9-9-9
gbrp10be IO... 3 30 10-10-10
gbrp10le IO... 3 30 10-10-10
gbrp16be IO... 3 48 16-16-16
gbrp16le IO... 3 48 16-16-16
yuva422p IO... 4 24 8-8-8-8
yuva444p IO... 4 32 8-8-8-8
yuva420p9be IO... 4 22 9-9-9-9
yuva420p9le IO... 4 22 9-9-9-9
yuva422p9be IO... 4 27 9-9-9-9
yuva422p9le IO... 4 27 9-9-9-9
yuva444p9be IO... 4 36 9-9-9-9
yuva444p9le IO... 4 36 9-9-9-9
yuva420p10be IO... 4 25 10-10-10-10
yuva420p10le IO... 4 25 10-10-10-10
yuva422p10be IO... 4 30 10-10-10-10
yuva422p10le IO... 4 30 10-10-10-10
yuva444p10be IO... 4 40 10-10-10-10
yuva444p10le IO... 4 40 10-10-10-10
yuva420p16be IO... 4 40 16-16-16-16
yuva420p16le IO... 4 40 16-16-16-16
yuva422p16be IO... 4 48 16-16-16-16
yuva422p16le IO... 4 48 16-16-16-16
yuva444p16be IO... 4 64 16-16-16-16
yuva444p16le IO... 4 64 16-16-16-16
vdpau ..H.. 0 0 0
xyz12le IO... 3 36 12-12-12
xyz12be IO... 3 36 12-12-12
nv16 ..... 3 16 8-8-8
nv20le ..... 3 20 10-10-10
nv20be ..... 3 20 10-10-10
rgba64be IO... 4 64 16-16-16-16
rgba64le IO... 4 64 16-16-16-16
bgra64be IO... 4 64 16-16-16-16
bgra64le IO... 4 64 16-16-16-16
yvyu422 IO... 3 16 8-8-8
ya16be IO... 2 32 16-16
ya16le IO... 2 32 16-16
gbrap IO... 4 32 8-8-8-8
gbrap16be IO... 4 64 16-16-16-16
gbrap16le IO... 4 64 16-16-16-16
qsv ..H.. 0 0 0
mmal ..H.. 0 0 0
d3d11va_vld ..H.. 0 0 0
cuda ..H.. 0 0 0
0rgb IO... 3 24 8-8-8
rgb0 IO... 3 24 8-8-8
0bgr IO... 3 24 8-8-8
bgr0 IO... 3 24 8-8-8
yuv420p12be IO... 3 18 12-12-12
yuv420p12le IO... 3 18 12-12-12
yuv420p14be IO... 3 21 14-14-14
yuv420p14le IO... 3 21 14-14-14
yuv422p12be IO... 3 24 12-12-12
yuv422p12le IO... 3 24 12-12-12
yuv422p14be IO... 3 28 14-14-14
yuv422p14le IO... 3 28 14-14-14
yuv444p12be IO... 3 36 12-12-12
yuv444p12le IO... 3 36 12-12-12
yuv444p14be IO... 3 42 14-14-14
yuv444p14le IO... 3 42 14-14-14
gbrp12be IO... 3 36 12-12-12
gbrp12le IO... 3 36 12-12-12
gbrp14be IO... 3 42 14-14-14
gbrp14le IO... 3 42 14-14-14
yuvj411p IO... 3 12 8-8-8
bayer_bggr8 I.... 3 8 2-4-2
bayer_rggb8 I.... 3 8 2-4-2
bayer_gbrg8 I.... 3 8 2-4-2
bayer_grbg8 I.... 3 8 2-4-2
bayer_bggr16le I.... 3 16 4-8-4
bayer_bggr16be I.... 3 16 4-8-4
bayer_rggb16le I.... 3 16 4-8-4
bayer_rggb16be I.... 3 16 4-8-4
bayer_gbrg16le I.... 3 16 4-8-4
bayer_gbrg16be I.... 3 16 4-8-4
bayer_grbg16le I.... 3 16 4-8-4
bayer_grbg16be I.... 3 16 4-8-4
xvmc ..H.. 0 0 0
yuv440p10le IO... 3 20 10-10-10
yuv440p10be IO... 3 20 10-10-10
yuv440p12le IO... 3 24 12-12-12
yuv440p12be IO... 3 24 12-12-12
ayuv64le IO... 4 64 16-16-16-16
ayuv64be ..... 4 64 16-16-16-16
videotoolbox_vld ..H.. 0 0 0
p010le IO... 3 15 10-10-10
p010be IO... 3 15 10-10-10
gbrap12be IO... 4 48 12-12-12-12
gbrap12le IO... 4 48 12-12-12-12
gbrap10be IO... 4 40 10-10-10-10
gbrap10le IO... 4 40 10-10-10-10
mediacodec ..H.. 0 0 0
gray12be IO... 1 12 12
gray12le IO... 1 12 12
gray10be IO... 1 10 10
gray10le IO... 1 10 10
p016le IO... 3 24 16-16-16
p016be IO... 3 24 16-16-16
d3d11 ..H.. 0 0 0
gray9be IO... 1 9 9
gray9le IO... 1 9 9
gbrpf32be IO... 3 96 32-32-32
gbrpf32le IO... 3 96 32-32-32
gbrapf32be IO... 4 128 32-32-32-32
gbrapf32le IO... 4 128 32-32-32-32
drm_prime ..H.. 0 0 0
opencl ..H.. 0 0 0
gray14be IO... 1 14 14
gray14le IO... 1 14 14
grayf32be IO... 1 32 32
grayf32le IO... 1 32 32
yuva422p12be IO... 4 36 12-12-12-12
yuva422p12le IO... 4 36 12-12-12-12
yuva444p12be IO... 4 48 12-12-12-12
yuva444p12le IO... 4 48 12-12-12-12
nv24 IO... 3 24 8-8-8
nv42 IO... 3 24 8-8-8
vulkan ..H.. 0 0 0
y210be ..... 3 20 10-10-10
y210le I.... 3 20 10-10-10
x2rgb10le IO... 3 30 10-10-10
x2rgb10be ..... 3 30 10-10-10
x2bgr10le IO... 3 30 10-10-10
x2bgr10be ..... 3 30 10-10-10
p210be IO... 3 20 10-10-10
p210le IO... 3 20 10-10-10
p410be IO... 3 30 10-10-10
p410le IO... 3 30 10-10-10
p216be IO... 3 32 16-16-16
p216le IO... 3 32 16-16-16
p416be IO... 3 48 16-16-16
p416le IO... 3 48 16-16-16
"""

_BY_NAME: dict[str, PixFmtDescriptor] | None = None


def _load() -> dict[str, PixFmtDescriptor]:
    global _BY_NAME
    if _BY_NAME is None:
        table = {}
        for line in _TABLE.splitlines():
            name, flags, nb, bpp, depths = line.split()
            nbc = int(nb)
            table[name] = PixFmtDescriptor(
                name, nbc, int(bpp),
                tuple(int(d) for d in depths.split("-")) if nbc else (),
                flags[2] == "H", flags[3] == "P", flags[4] == "B")
        _BY_NAME = table
    return _BY_NAME


def get(name: str | None) -> PixFmtDescriptor | None:
    """av_pix_fmt_desc_get by name; None for None/unknown names."""
    if not name:
        return None
    return _load().get(name)


def names() -> list[str]:
    """All pixel format names in FFmpeg 5.1.9's enumeration order."""
    return list(_load())
