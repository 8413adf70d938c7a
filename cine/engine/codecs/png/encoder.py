"""The reference's `png` encoder (FFmpeg 5.1): one PNG image (RFC 2083) per frame.

Chunks, in the reference's order: IHDR; pHYs (always: the sample aspect ratio with unit 0, or
the `-dpi`/`-dpm` density in dots per metre with unit 1); cHRM and gAMA when the frame's
colour primaries / transfer characteristic are known (sRGB before them for BT.709 primaries
with the sRGB curve); the zlib stream of the filtered rows, cut into IDAT chunks of 4096
bytes; IEND. Rows are filtered with one method for the whole image (`-pred`, default none;
the first row uses Sub unless the method is none) or, with `mixed`, the method whose bytes
have the smallest sum of absolute values as signed bytes (first one on ties). Encoder-side
filtering sees only original samples, so every method is a whole-image numpy expression.
"""
from __future__ import annotations

import errno
import struct
import zlib

import numpy as np

from ...errors import CineError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDAT_SIZE = 4096
FILTERS = {"none": 0, "sub": 1, "up": 2, "avg": 3, "paeth": 4, "mixed": 5}
# pix_fmt -> (bytes per pixel, PNG colour type)
PIX_FMTS = {"rgb24": (3, 2), "rgba": (4, 6), "gray": (1, 0), "ya8": (2, 4)}

# chromaticities x 100000 (white x, y, red x, y, green x, y, blue x, y) per colour primaries
_CHRM = {
    "bt709": (0.3127, 0.3290, 0.640, 0.330, 0.300, 0.600, 0.150, 0.060),
    "bt470m": (0.310, 0.316, 0.670, 0.330, 0.210, 0.710, 0.140, 0.080),
    "bt470bg": (0.3127, 0.3290, 0.640, 0.330, 0.290, 0.600, 0.150, 0.060),
    "smpte170m": (0.3127, 0.3290, 0.630, 0.340, 0.310, 0.595, 0.155, 0.070),
    "smpte240m": (0.3127, 0.3290, 0.630, 0.340, 0.310, 0.595, 0.155, 0.070),
    "bt2020": (0.3127, 0.3290, 0.708, 0.292, 0.170, 0.797, 0.131, 0.046),
}
# display gamma per transfer characteristic (the file stores 1 / gamma)
_GAMMA = {
    "bt709": 1.961, "smpte170m": 1.961, "smpte240m": 1.961, "bt1361e": 1.961,
    "bt2020-10": 1.961, "bt2020-12": 1.961,
    "gamma22": 2.2, "iec61966-2-1": 2.2, "gamma28": 2.8, "linear": 1.0,
}


def chunk(tag: bytes, body: bytes = b"") -> bytes:
    return (struct.pack(">I", len(body)) + tag + body
            + struct.pack(">I", zlib.crc32(body, zlib.crc32(tag))))


def _filtered(rows: np.ndarray, method: int, bpp: int) -> np.ndarray:
    """rows (h x n bytes) filtered with one method: h x (1 + n) bytes with the type first."""
    src = rows.astype(np.int16)
    left = np.zeros_like(src)
    left[:, bpp:] = src[:, :-bpp]
    up = np.zeros_like(src)
    up[1:] = src[:-1]
    if method == 0:
        pred = np.zeros_like(src)
    elif method == 1:
        pred = left
    elif method == 2:
        pred = up
    elif method == 3:
        pred = (left + up) >> 1
    else:
        up_left = np.zeros_like(src)
        up_left[1:, bpp:] = src[:-1, :-bpp]
        pa = np.abs(up - up_left)
        pb = np.abs(left - up_left)
        pc = np.abs(left + up - 2 * up_left)
        pred = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, up_left))
    out = np.empty((rows.shape[0], rows.shape[1] + 1), np.uint8)
    out[:, 0] = method
    out[:, 1:] = (src - pred).astype(np.uint8)
    return out


def filter_rows(rows: np.ndarray, method: int, bpp: int) -> np.ndarray:
    """The reference's filtering of the whole image (method as in FILTERS)."""
    if method == 0:
        return _filtered(rows, 0, bpp)
    first = _filtered(rows[:1], 1, bpp)               # no row above: Sub
    if method != FILTERS["mixed"]:
        rest = _filtered(rows, method, bpp)[1:]
    else:
        options = np.stack([_filtered(rows, m, bpp)[1:] for m in range(5)])
        cost = np.abs(options.view(np.int8).astype(np.int64)).sum(axis=2)   # (5, h - 1)
        best = np.argmin(cost, axis=0)                   # first minimum, like the reference
        rest = options[best, np.arange(rows.shape[0] - 1)]
    return np.concatenate([first, rest])


class PngEncoder:
    """Encode frames of one size and pixel format to PNG images.

    qscale: accepted like every encoder's -q:v and ignored (PNG is lossless, as in the
    reference). sar: the encoder's sample aspect ratio (pHYs); dpi / dpm: a density instead;
    pred: the row filter (FILTERS); compression_level: zlib level 0..9 or None (zlib's
    default, 6); color_primaries / color_trc: the frame's colour description as ffprobe
    names it ("bt709", "iec61966-2-1", ...; anything else writes no cHRM / gAMA).
    """

    def __init__(self, width: int, height: int, pix_fmt: str = "rgb24", qscale=None, *,
                 sar=(0, 1),
                 dpi: int = 0, dpm: int = 0, pred: str = "none", compression_level=None,
                 color_primaries: str = "unknown", color_trc: str = "unknown"):
        if pix_fmt not in PIX_FMTS:
            raise CineError(f"png: unsupported pixel format {pix_fmt}", code=-errno.EINVAL)
        if pred not in FILTERS:
            raise CineError(f"png: unknown prediction method {pred}", code=-errno.EINVAL)
        if dpi and dpm:
            raise CineError("Only one of 'dpi' or 'dpm' options should be set",
                            code=-errno.EINVAL)
        if not (0 < width < 1 << 31 and 0 < height < 1 << 31):
            raise CineError("png: bad picture size", code=-errno.EINVAL)
        self.width, self.height, self.pix_fmt = width, height, pix_fmt
        self.bpp, colour_type = PIX_FMTS[pix_fmt]
        self.method = FILTERS[pred]
        self.level = -1 if compression_level is None else max(0, min(9, compression_level))
        if dpi:
            dpm = dpi * 10000 // 254
        if dpm:
            phys = struct.pack(">IIB", dpm, dpm, 1)
        else:
            phys = struct.pack(">IIB", sar[0] & 0xFFFFFFFF, sar[1] & 0xFFFFFFFF, 0)
        head = SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                                      colour_type, 0, 0, 0))
        head += chunk(b"pHYs", phys)
        if color_primaries == "bt709" and color_trc == "iec61966-2-1":
            head += chunk(b"sRGB", b"\x01")
        if color_primaries in _CHRM:
            head += chunk(b"cHRM", struct.pack(">8I", *(round(v * 100000)
                                                        for v in _CHRM[color_primaries])))
        if color_trc in _GAMMA:
            head += chunk(b"gAMA", struct.pack(">I", round(100000 / _GAMMA[color_trc])))
        self._head = head

    def encode(self, frame) -> bytes:
        """One complete PNG file for a VideoFrame of this encoder's size and format."""
        rows = self._rows(frame)
        z = zlib.compressobj(self.level, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY)
        data = z.compress(filter_rows(rows, self.method, self.bpp).tobytes()) + z.flush()
        idat = b"".join(chunk(b"IDAT", data[i:i + IDAT_SIZE])
                        for i in range(0, len(data), IDAT_SIZE))
        return self._head + idat + chunk(b"IEND")

    def _rows(self, frame) -> np.ndarray:
        if frame.pix_fmt != self.pix_fmt or frame.width != self.width \
                or frame.height != self.height or len(frame.planes) != 1:
            raise CineError("png: frame does not match the encoder", code=-errno.EINVAL)
        p = frame.planes[0]
        n = self.width * self.bpp
        if not isinstance(p, np.ndarray) or p.dtype != np.uint8 or p.ndim != 2 \
                or p.shape[0] < self.height or p.shape[1] < n:
            raise CineError("png: bad frame plane", code=-errno.EINVAL)
        return p[:self.height, :n]
