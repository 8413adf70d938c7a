"""The setup header (Vorbis I specification section 4.2.4) as decode tables: codebooks,
floors, residues, mappings and modes packed into int32 records for the packet kernel.

The headers were validated first (setup.decoder_init, with the reference's error lines), so
this walk reads them without checks. Record layouts (one row per floor, residue, mapping)
are the F_*, R_* and M_* offsets below; packet_jit.py reads the same names.
"""
from __future__ import annotations

from ...errors import Unsupported
from .codebook import PackedBooks, read_codebook
from .setup import _Bits, ilog

# floor 1 record
F_PARTS, F_MULT, F_VALUES = 0, 1, 2
F_PCLASS = 3                    # 31 partition classes
F_CDIM = F_PCLASS + 32          # 16 class dimensions
F_CSUB = F_CDIM + 16            # 16 subclass bit counts
F_CMASTER = F_CSUB + 16         # 16 master books
F_SUBBOOK = F_CMASTER + 16      # 16 x 8 subclass books (-1: none)
F_X = F_SUBBOOK + 128           # up to 2 + 31 * 8 X coordinates, then their neighbours
F_LOW = F_X + 256
F_HIGH = F_LOW + 256
F_SORT = F_HIGH + 256
FLOOR_WIDTH = F_SORT + 256

# residue record
R_TYPE, R_BEGIN, R_END, R_PSIZE, R_NCLASS, R_CLASSBOOK, R_MAXPASS, R_PTNS = range(8)
R_BOOKS = 8                     # 64 classes x 8 passes (-1: none)
RESIDUE_WIDTH = R_BOOKS + 64 * 8

# mapping record
M_SUBMAPS, M_STEPS = 0, 1
M_MAG = 2                       # 256 coupling steps
M_ANG = M_MAG + 256
M_MUX = M_ANG + 256             # 255 channels
M_FLOOR = M_MUX + 256           # 16 submaps
M_RESIDUE = M_FLOOR + 16
MAPPING_WIDTH = M_RESIDUE + 16


class Setup:
    """Everything a packet needs from the three headers."""

    def __init__(self, ident: bytes, setup: bytes):
        import numpy as np
        self.channels = ident[11]
        self.sample_rate = int.from_bytes(ident[12:16], "little")
        self.blocksizes = (1 << (ident[28] & 15), 1 << (ident[28] >> 4))
        gb = _Bits(setup)
        gb.get(8)
        for _ in range(6):
            gb.get(8)
        tmp_bits = [0] * (1 << 16)
        books = [read_codebook(gb, tmp_bits) for _ in range(gb.get(8) + 1)]
        self.books = PackedBooks(books)
        for _ in range(gb.get(6) + 1):
            gb.get(16)
        n = gb.get(6) + 1
        self.floors = np.zeros((n, FLOOR_WIDTH), dtype=np.int32)
        for i in range(n):
            self._floor(gb, self.floors[i])
        n = gb.get(6) + 1
        self.residues = np.zeros((n, RESIDUE_WIDTH), dtype=np.int32)
        for i in range(n):
            self._residue(gb, self.residues[i])
        n = gb.get(6) + 1
        self.mappings = np.zeros((n, MAPPING_WIDTH), dtype=np.int32)
        for i in range(n):
            self._mapping(gb, self.mappings[i])
        self.modes = []                     # (blockflag, mapping)
        for _ in range(gb.get(6) + 1):
            blockflag = gb.get(1)
            gb.get(16)
            gb.get(16)
            self.modes.append((blockflag, gb.get(8)))
        # the classifications scratch the residue decode fills (partitions x channels)
        self.max_partitions = int(self.residues[:, R_PTNS].max())

    @staticmethod
    def _floor(gb, rec) -> None:
        if gb.get(16) & 0xFF != 1:
            raise Unsupported("vorbis floor type 0 is not supported")
        parts = gb.get(5)
        rec[F_PARTS] = parts
        pclass = [gb.get(4) for _ in range(parts)]
        rec[F_PCLASS:F_PCLASS + parts] = pclass
        for j in range(max(pclass, default=-1) + 1):
            rec[F_CDIM + j] = gb.get(3) + 1
            sub = gb.get(2)
            rec[F_CSUB + j] = sub
            if sub:
                rec[F_CMASTER + j] = gb.get(8)
            for k in range(1 << sub):
                rec[F_SUBBOOK + 8 * j + k] = gb.get(8) - 1
        rec[F_MULT] = gb.get(2) + 1
        rangebits = gb.get(4)
        xs = [0, 1 << rangebits]
        for j in range(parts):
            xs.extend(gb.get(rangebits) for _ in range(rec[F_CDIM + pclass[j]]))
        values = len(xs)
        rec[F_VALUES] = values
        rec[F_X:F_X + values] = xs
        for i in range(2, values):
            low, high = 0, 1
            for j in range(2, i):
                if xs[low] < xs[j] < xs[i]:
                    low = j
                if xs[i] < xs[j] < xs[high]:
                    high = j
            rec[F_LOW + i] = low
            rec[F_HIGH + i] = high
        rec[F_SORT:F_SORT + values] = sorted(range(values), key=xs.__getitem__)

    @staticmethod
    def _residue(gb, rec) -> None:
        rec[R_TYPE] = gb.get(16)
        rec[R_BEGIN] = begin = gb.get(24)
        rec[R_END] = end = gb.get(24)
        rec[R_PSIZE] = psize = gb.get(24) + 1
        rec[R_PTNS] = (end - begin) // psize
        rec[R_NCLASS] = nclass = gb.get(6) + 1
        rec[R_CLASSBOOK] = gb.get(8)
        cascade = []
        for _ in range(nclass):
            low = gb.get(3)
            high = gb.get(5) if gb.get(1) else 0
            cascade.append(((high << 3) + low) & 0xFF)
        maxpass = 0
        rec[R_BOOKS:] = -1
        for j in range(nclass):
            for k in range(8):
                if cascade[j] & (1 << k):
                    rec[R_BOOKS + 8 * j + k] = gb.get(8)
                    maxpass = max(maxpass, k)
        rec[R_MAXPASS] = maxpass

    def _mapping(self, gb, rec) -> None:
        ch = self.channels
        gb.get(16)
        rec[M_SUBMAPS] = submaps = gb.get(4) + 1 if gb.get(1) else 1
        if gb.get(1):
            rec[M_STEPS] = steps = gb.get(8) + 1
            for j in range(steps):
                rec[M_MAG + j] = gb.get(ilog(ch - 1))
                rec[M_ANG + j] = gb.get(ilog(ch - 1))
        gb.get(2)
        if submaps > 1:
            for j in range(ch):
                rec[M_MUX + j] = gb.get(4)
        for j in range(submaps):
            gb.get(8)
            rec[M_FLOOR + j] = gb.get(8)
            rec[M_RESIDUE + j] = gb.get(8)
