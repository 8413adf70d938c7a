"""Constant tables of the JPEG encoder: the zig-zag order, the MPEG-1 default intra matrix the
reference scales by qscale, the standard Huffman tables of T.81 Annex K.3 (`-huffman default`)
and the fixed-point constants of the reference's x86 forward DCT.

Layouts are this module's own: the Huffman tables are listed per code length (hex strings of
symbol values), from which the BITS counts follow; the DCT constants are given next to the
formula that produces them (tests/engine/codecs/mjpeg/test_tables.py recomputes them).
"""
from __future__ import annotations


def _zigzag() -> tuple[int, ...]:
    """Raster index of the k-th coefficient in zig-zag order (T.81 Figure 5)."""
    order = []
    for s in range(15):                          # anti-diagonals r + c = s
        cells = [(r, s - r) for r in range(8) if 0 <= s - r < 8]
        if s % 2 == 0:                           # even diagonals run bottom-left to top-right
            cells.reverse()
        order.extend(r * 8 + c for r, c in cells)
    return tuple(order)


ZIGZAG = _zigzag()

# ISO/IEC 11172-2 default intra quantiser matrix, raster order (the reference's mjpeg encoder
# scales it: entry * qscale >> 3, clipped to 8 bits; the DC entry stays 8)
MPEG1_INTRA_MATRIX = (
    8, 16, 19, 22, 26, 27, 29, 34,
    16, 16, 22, 24, 27, 29, 34, 37,
    19, 22, 26, 27, 29, 34, 34, 38,
    22, 22, 26, 27, 29, 34, 37, 40,
    22, 26, 27, 29, 32, 35, 40, 48,
    26, 27, 29, 32, 35, 40, 48, 58,
    26, 27, 29, 34, 38, 46, 56, 69,
    27, 29, 35, 38, 46, 56, 69, 83,
)

# T.81 Annex K.3 tables: for code lengths 1..16, the symbols with that length, in code order.
_DC_LUMA = ("", "00", "0102030405", "06", "07", "08", "09", "0a", "0b")
_DC_CHROMA = ("", "000102", "03", "04", "05", "06", "07", "08", "09", "0a", "0b")
_AC_LUMA = (
    "", "0102", "03", "000411", "051221", "3141", "06135161", "072271", "14328191a1",
    "082342b1c1", "1552d1f0", "24336272", "", "", "82",
    "090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768"
    "696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
    "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa",
)
_AC_CHROMA = (
    "", "0001", "02", "0311", "04052131", "06124151", "076171", "13223281", "08144291a1b1c1",
    "09233352f0", "156272d1", "0a162434", "", "e1", "25f1",
    "1718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a7374"
    "75767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9"
    "bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa",
)


def _bits_vals(per_length: tuple[str, ...]) -> tuple[tuple[int, ...], bytes]:
    """(BITS[1..16] as a 16-tuple, HUFFVAL) of a table listed per code length."""
    groups = [bytes.fromhex(g) for g in per_length]
    groups += [b""] * (16 - len(groups))
    return tuple(len(g) for g in groups), b"".join(groups)


# table order of the DHT segment and of the entropy coder: DC luma, DC chroma, AC luma, AC chroma
STANDARD_HUFFMAN = tuple(_bits_vals(t) for t in (_DC_LUMA, _DC_CHROMA, _AC_LUMA, _AC_CHROMA))

# --- constants of the reference's x86 (SSE2) forward DCT ---------------------------------------
# column pass: tan(k*pi/16) * 2**16 for k = 1, 2, and (tan(3*pi/16) - 1) * 2**16
FDCT_TAN1 = 13036
FDCT_TAN2 = 27146
FDCT_TAN3M1 = -21746
# cos(pi/4) * 2**15
FDCT_COS4 = 23170
# row pass: row r is multiplied by round(2**15 * cos(k*pi/16) * cos(m*pi/16)), k = 1..7, with
# m = 4 for rows 0 and 4, and m = r for rows 1, 2, 3 (rows 7, 6, 5 use m = 1, 2, 3 again)
FDCT_ROW_COS = (
    (22725, 21407, 19266, 16384, 12873, 8867, 4520),     # m = 4
    (31521, 29692, 26722, 22725, 17855, 12299, 6270),    # m = 1
    (29692, 27969, 25172, 21407, 16819, 11585, 5906),    # m = 2
    (26722, 25172, 22654, 19266, 15137, 10426, 5315),    # m = 3
)
# which FDCT_ROW_COS entry each of the 8 rows uses
FDCT_ROW_SET = (0, 1, 2, 3, 0, 3, 2, 1)
