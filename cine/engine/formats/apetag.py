"""APEv2 tags at the end of a file (APE tag specification, version 2000: a 32-byte
'APETAGEX' footer, then items of size, flags, a printable ASCII key and the value), read
the way FFmpeg 5.1.9's apetag.c does for the formats that call it (raw ADTS AAC): text
items become format tags, binary items an attached picture or attachment stream.

Every size is checked against the bytes the file holds before anything is read.
"""
from __future__ import annotations

from ..model import PKT_FLAG_KEY, Packet, Rational, Stream

FOOTER_BYTES = 32
PREAMBLE = b"APETAGEX"
VERSION = 2000
FLAG_CONTAINS_HEADER = 1 << 31
FLAG_IS_HEADER = 1 << 29
FLAG_IS_BINARY = 1 << 1
MAX_FIELDS = 65536
MAX_TAG = 16 << 20
INT32_MAX = 0x7FFFFFFF
PADDING = 64                      # AV_INPUT_BUFFER_PADDING_SIZE

# img2.c ff_img_tags, the extensions ff_guess_image2_codec maps to an image codec (the
# first match wins)
IMAGE_EXTS = (
    ("jpeg", "mjpeg"), ("jpg", "mjpeg"), ("jps", "mjpeg"), ("mpo", "mjpeg"), ("ljpg", "ljpeg"),
    ("jls", "jpegls"), ("png", "png"), ("pns", "png"), ("mng", "png"), ("ppm", "ppm"),
    ("pnm", "ppm"), ("pgm", "pgm"), ("pgmyuv", "pgmyuv"), ("pbm", "pbm"), ("pam", "pam"),
    ("pfm", "pfm"), ("phm", "phm"), ("cri", "cri"), ("pix", "alias_pix"), ("dds", "dds"),
    ("mpg1-img", "mpeg1video"), ("mpg2-img", "mpeg2video"), ("mpg4-img", "mpeg4"),
    ("y", "rawvideo"), ("raw", "rawvideo"), ("bmp", "bmp"), ("tga", "targa"), ("tiff", "tiff"),
    ("tif", "tiff"), ("dng", "tiff"), ("sgi", "sgi"), ("ptx", "ptx"), ("pcd", "photocd"),
    ("pcx", "pcx"), ("pic", "qdraw"), ("pct", "qdraw"), ("pict", "qdraw"), ("sun", "sunrast"),
    ("ras", "sunrast"), ("rs", "sunrast"), ("im1", "sunrast"), ("im8", "sunrast"),
    ("im24", "sunrast"), ("im32", "sunrast"), ("sunras", "sunrast"), ("svg", "svg"),
    ("svgz", "svg"), ("j2c", "jpeg2000"), ("jp2", "jpeg2000"), ("jpc", "jpeg2000"),
    ("j2k", "jpeg2000"), ("dpx", "dpx"), ("exr", "exr"), ("yuv10", "v210x"), ("webp", "webp"),
    ("xbm", "xbm"), ("xpm", "xpm"), ("xface", "xface"), ("xwd", "xwd"),
)


def _image_codec(filename: bytes) -> str | None:
    """ff_guess_image2_codec: the codec named by the file name's extension."""
    dot = filename.rfind(b".")
    if dot < 0:
        return None
    ext = filename[dot + 1:].decode("latin-1").lower()
    return next((codec for e, codec in IMAGE_EXTS if e == ext), None)


class _Reader:
    """avio-style reads: past the end reads zeros (avio_r8/avio_rl32 at EOF)."""

    def __init__(self, source, size: int):
        self.src = source
        self.size = size

    def read(self, n: int) -> bytes:
        left = self.size - self.src.tell()
        return self.src.read(min(n, left)) if n > 0 and left > 0 else b""

    def u32(self) -> int:
        return int.from_bytes(self.read(4).ljust(4, b"\0"), "little")

    def u8(self) -> int:
        b = self.read(1)
        return b[0] if b else 0


def _read_field(pb: _Reader, ctx, demuxer, log) -> bool:
    """ape_tag_read_field; False stops the item loop."""
    size = pb.u32()
    flags = pb.u32()
    key = bytearray()
    c = 0
    for _ in range(1023):
        c = pb.u8()
        if c < 0x20 or c > 0x7E:
            break
        key.append(c)
    name = key.decode("ascii")
    if c != 0:
        log.warning("Invalid APE tag key '%s'.\n" % name)
        return False
    if size > INT32_MAX - PADDING:
        log.error("APE tag size too large.\n")
        return False
    if flags & FLAG_IS_BINARY:
        st = Stream(index=len(ctx.streams))
        st.time_base = Rational(1, 90000)
        ctx.streams.append(st)
        # avio_get_str: up to size bytes, through the terminating NUL
        raw = bytearray()
        while len(raw) < size:
            chunk = pb.read(min(1 << 16, size - len(raw)))
            if not chunk:
                break
            nul = chunk.find(b"\0")
            if nul >= 0:
                pb.src.seek(pb.src.tell() - (len(chunk) - nul - 1))
                raw += chunk[:nul + 1]
                break
            raw += chunk
        used = len(raw)
        filename = bytes(raw[:1023]).split(b"\0", 1)[0]
        if size <= used:
            log.warning("Skipping binary tag '%s'.\n" % name)
            return True
        size -= used
        st.tags.set(name, filename.decode("utf-8", "surrogateescape"))
        codec = _image_codec(filename)
        pos = pb.src.tell()
        data = pb.read(size)
        if codec is not None:
            if not data:
                log.error("Error reading cover art.\n")
                return False
            st.codecpar.codec_type = "video"
            st.codecpar.codec_name = codec
            st.disposition.add("attached_pic")
            demuxer.__dict__.setdefault("queued_packets", []).append(
                Packet(st.index, data, None, None, 0, pos, PKT_FLAG_KEY))
        else:
            st.codecpar.codec_type = "attachment"
            if len(data) < size:
                return False          # ff_get_extradata fails on a short read
            st.codecpar.extradata = data
        return True
    value = pb.read(size)
    ctx.tags.set(name, value.split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))
    return True


def parse(source, ctx, demuxer, log) -> None:
    """ff_ape_parse_tag on a seekable source (the position is restored by the caller)."""
    from ..io.sizecall import avio_size
    file_size = avio_size(source)
    if file_size is None or file_size < FOOTER_BYTES:
        return
    pb = _Reader(source, file_size)
    source.seek(file_size - FOOTER_BYTES)
    if pb.read(8) != PREAMBLE:
        return
    if pb.u32() > VERSION:
        log.error("Unsupported tag version. (>=%d)\n" % VERSION)
        return
    tag_bytes = pb.u32()
    if (tag_bytes - FOOTER_BYTES) & 0xFFFFFFFF > MAX_TAG:
        log.error("Tag size is way too big\n")
        return
    if tag_bytes > file_size - FOOTER_BYTES:
        log.error("Invalid tag size %d.\n" % tag_bytes)
        return
    fields = pb.u32()
    if fields > MAX_FIELDS:
        log.error("Too many tag fields (%d)\n" % fields)
        return
    if pb.u32() & FLAG_IS_HEADER:
        log.error("APE Tag is a header\n")
        return
    source.seek(file_size - tag_bytes)
    for _ in range(fields):
        if not _read_field(pb, ctx, demuxer, log):
            break
