"""The image2 muxer (FFmpeg 5.1.9 libavformat/img2enc.c): one file per packet, named from
the output pattern (%d / %0Nd, %% for a percent sign) and a counter starting at
-start_number; -update 1 rewrites the one named file; a name without a pattern takes the
first image (with the reference's warning) and refuses the next one; rawvideo planar
pictures written to a ".y" name are split into NAME.Y, .U and .V files. Its pipe form,
image2pipe, writes every packet's bytes to the one output in turn (what moviepy and
imageio-ffmpeg read rawvideo frames from).
"""
from __future__ import annotations

import errno

from ..errors import CineError
from .base import Muxer


# ff_img_tags (libavformat/img2.c): file extension -> codec, the first entry winning
_IMG_TAGS = (
    ("mjpeg", "jpeg jpg jps mpo"), ("ljpeg", "ljpg"), ("jpegls", "jls"), ("png", "png pns mng"),
    ("ppm", "ppm pnm"), ("pgm", "pgm"), ("pgmyuv", "pgmyuv"), ("pbm", "pbm"), ("pam", "pam"),
    ("pfm", "pfm"), ("phm", "phm"), ("cri", "cri"), ("alias_pix", "pix"), ("dds", "dds"),
    ("mpeg1video", "mpg1-img"), ("mpeg2video", "mpg2-img"), ("mpeg4", "mpg4-img"),
    ("rawvideo", "y raw"), ("bmp", "bmp"), ("targa", "tga"), ("tiff", "tiff tif dng"),
    ("sgi", "sgi"), ("ptx", "ptx"), ("photocd", "pcd"), ("pcx", "pcx"),
    ("qdraw", "pic pct pict"), ("sunrast", "sun ras rs im1 im8 im24 im32 sunras"),
    ("svg", "svg svgz"), ("jpeg2000", "j2c jp2 jpc j2k"), ("dpx", "dpx"), ("exr", "exr"),
    ("v210x", "yuv10"), ("webp", "webp"), ("xbm", "xbm"), ("xpm", "xpm"), ("xface", "xface"),
    ("xwd", "xwd"), ("gem", "img ximg timg"), ("vbn", "vbn"), ("jpegxl", "jxl"), ("qoi", "qoi"),
)


def image2_codec(filename: str) -> str | None:
    """ff_guess_image2_codec: the codec of an image file name's extension (None if unknown)."""
    dot = filename.rfind(".")
    if dot < 0:
        return None
    ext = filename[dot + 1:].lower()
    for codec, exts in _IMG_TAGS:
        if ext in exts.split():
            return codec
    return None


def frame_filename(path: str, number: int) -> str | None:
    """av_get_frame_filename2 with AV_FRAME_FILENAME_FLAGS_MULTIPLE: None when the path
    has no %d pattern or an invalid % sequence."""
    out = []
    found = False
    i, n = 0, len(path)
    while i < n:
        c = path[i]
        i += 1
        if c != "%":
            out.append(c)
            continue
        nd = 0
        while i < n and path[i].isdigit():
            nd = nd * 10 + ord(path[i]) - 48
            if nd >= (1 << 31) // 10 - 255:
                return None
            i += 1
        c = path[i] if i < n else "\0"
        i += 1
        if c == "%":
            out.append("%")
        elif c == "d":
            found = True
            if number < 0:
                nd += 1
            out.append("%0*d" % (nd, number))
        else:
            return None
    return "".join(out) if found else None


def _opt_int(options: dict, name: str, default: int) -> int:
    try:
        return int(options.get(name, default))
    except (TypeError, ValueError):
        return default


class Image2Muxer(Muxer):
    def init(self) -> None:
        o = self.options
        self.update = _opt_int(o, "update", 0) != 0
        self.frame_pts = _opt_int(o, "frame_pts", 0) != 0
        self.start = _opt_int(o, "start_number", 1)
        self.number = self.start
        self.url = self.ctx.filename
        st = self.ctx.streams[0]
        par = st.codecpar
        self.split = False
        if par.codec_name == "rawvideo":
            from .. import picture
            dot = self.url.rfind(".")
            self.split = (dot >= 0 and self.url[dot + 1:].lower() == "y"
                          and len(self.ctx.streams) == 1
                          and len(picture.LAYOUTS.get(par.format, ())) == 3)

    def write_packet(self, pkt) -> None:
        if self.update:
            name = self.url
        elif self.frame_pts:
            name = frame_filename(self.url, pkt.pts or 0)
            if name is None:
                self.log.error("Cannot write filename by pts of the frames.")
                raise CineError(code=-errno.EINVAL)
        else:
            name = frame_filename(self.url, self.number)
            if name is None:
                if self.number == self.start:
                    self.log.warning("The specified filename '%s' does not contain an image "
                                     "sequence pattern or a pattern is invalid.\n" % self.url)
                    self.log.warning("Use a pattern such as %03d for an image sequence or use "
                                     "the -update option (with -frames:v 1 if needed) to write "
                                     "a single image.\n")
                    name = self.url
                else:
                    self.log.error("Cannot write more than one file with the same name. Are "
                                   "you missing the -update option or a sequence pattern?\n")
                    raise CineError(code=-errno.EINVAL)
        if self.split:
            self._write_planes(name, pkt)
        else:
            self._write_file(name, pkt.data)
        self.number += 1

    def _write_planes(self, name: str, pkt) -> None:
        from .. import picture
        par = self.ctx.streams[0].codecpar
        sizes = picture.plane_sizes(par.format, par.width, par.height)
        ysize = sizes[0][0] * sizes[0][1]
        usize = sizes[1][0] * sizes[1][1]
        if ysize + 2 * usize > len(pkt.data):
            raise CineError(code=-errno.EINVAL)
        parts = (pkt.data[:ysize], pkt.data[ysize:ysize + usize],
                 pkt.data[ysize + usize:ysize + 2 * usize])
        for i, data in enumerate(parts):
            self._write_file(name if i == 0 else name[:-1] + "UV"[i - 1], data)

    def _write_file(self, name: str, data: bytes) -> None:
        from ..io.sink import open_sink
        try:
            pb = open_sink(name)
        except CineError:
            self.log.error("Could not open file : %s\n" % name)
            raise CineError(code=-errno.EIO) from None
        pb.write(data)
        err = pb.close()
        if err:
            raise CineError(code=err)


class Image2PipeMuxer(Muxer):
    """image2pipe (img2enc.c write_packet_pipe): each packet's bytes, back to back. The
    reference wraps GIF and FITS images in their own muxers there; cine has neither."""

    def init(self) -> None:
        for st in self.ctx.streams:
            if st.codecpar.codec_name in ("gif", "fits"):
                from ..errors import Unsupported
                raise Unsupported("image2pipe of %s images is not implemented"
                                  % st.codecpar.codec_name)

    def write_packet(self, pkt) -> None:
        self.pb.write(pkt.data)
