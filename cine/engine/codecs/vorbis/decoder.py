"""Vorbis I audio decoder (Vorbis I specification section 4.3), as FFmpeg 5.1.9's native
`vorbis` decoder produces it: planar float32 ("fltp") frames in the native channel order
of the layout the reference reports.

Per packet: the mode is read here, packet_jit.decode_spectrum decodes floors and residues
into spectra and imdct_jit.synthesize turns them into samples overlapped with the previous
block. Like the reference, the first audio packet only primes the overlap (no frame), a
packet yields (previous blocksize + this blocksize) / 4 samples, and a damaged packet
raises CineError after the reference's log lines with nothing of the decoder's state
changed (the pipeline logs and drops it). End trimming is the demuxer's (skip samples).
"""
from __future__ import annotations

import numpy as np

from ... import chlayout as CL
from ...errors import CineError, InvalidData
from ...frame import AudioFrame
from . import tables
from .imdct_jit import synthesize
from .imdct_tables import ImdctTables
from .info import LAYOUTS, split_xiph
from .packet_jit import (ERR_VLC, EV_CHANNELS, EV_CLASS_VLC, EV_FLOOR, EV_OUTPUT, EV_OVERREAD,
                         EV_RESIDUE_TYPE, decode_spectrum)
from .setup import decoder_init
from .setup_tables import Setup

AVERROR_EPERM = -1
_MODE_LINE = ("Index value %d out of range (0 - %d) for mode_number at "
              "src/libavcodec/vorbisdec.c:1641\n")


class VorbisDecoder:
    def __init__(self, codecpar, log):
        self.log = log
        extradata = codecpar.extradata or b""
        if not extradata:
            log.error("Extradata missing.\n")
            raise InvalidData("vorbis: extradata missing")
        try:
            headers = split_xiph(extradata)
        except InvalidData:
            log.error("Extradata corrupt.\n")
            raise
        self.ident = None
        self.primed = False     # the reference keeps this across in-band headers
        self._open(bytes(headers[0]), bytes(headers[2]))

    def _open(self, ident: bytes, setup_header: bytes) -> None:
        if not decoder_init(ident, setup_header, self.log):
            raise InvalidData("vorbis: invalid headers")
        st = Setup(ident, setup_header)
        ch = st.channels
        bs0, bs1 = st.blocksizes
        self.setup = st
        self.sample_rate = st.sample_rate
        self.layout = CL.describe(LAYOUTS[ch - 1]) if ch <= 8 else CL.describe_unspec(ch)
        order = list(tables.OUTPUT_ORDER[ch - 1]) if ch <= 8 else list(range(ch))
        self.order = None if order == sorted(order) else order
        self.mode_bits = (len(st.modes) - 1).bit_length()
        self.imdct = (ImdctTables(bs0), ImdctTables(bs1))
        self.windows = (tables.window(bs0), tables.window(bs1))
        self.inv_db = tables.inverse_db()
        self.spectra = np.zeros((ch, bs1 // 2), dtype=np.float32)
        self.work = np.zeros(ch * bs1 // 2, dtype=np.float32)
        self.classifs = np.zeros(max(1, st.max_partitions * ch), dtype=np.uint8)
        self.scratch = np.zeros(1286, dtype=np.int64)
        self.res_chan = np.zeros(ch, dtype=np.int32)
        self.events = np.zeros(33, dtype=np.int64)
        self.saved = np.zeros((ch, bs1 // 4), dtype=np.float32)
        self.z = np.zeros(bs1 // 2, dtype=np.float32)
        self.out = np.zeros((ch, bs1 // 2), dtype=np.float32)
        self.previous = -1

    def decode(self, data: bytes, pts, dts, duration) -> list:
        if not data:
            return []
        data = bytes(data)
        kind = data[0] if len(data) > 7 else 0
        if kind == 1:           # a new identification header: no audio until its setup
            self.ident = data
            self.setup = None
            return []
        if kind == 3:           # comments
            return []
        if kind == 5 and self.setup is None and self.ident is not None:
            ident, self.ident = self.ident, None
            self._open(ident, data)
            return []
        if self.setup is None:
            self.log.error("Data packet before valid headers\n")
            raise InvalidData("vorbis: no headers")
        return self._audio(data, pts)

    def flush(self) -> list:
        return []

    def _audio(self, data: bytes, pts) -> list:
        st = self.setup
        head = int.from_bytes(data[:4], "little")
        if head & 1:
            self.log.error("Not a Vorbis I audio packet.\n")
            raise InvalidData("vorbis: not an audio packet")
        pos = 1
        mode = 0
        if len(st.modes) > 1:
            mode = head >> 1 & ((1 << self.mode_bits) - 1)
            pos += self.mode_bits
            if mode >= len(st.modes):
                self.log.error(_MODE_LINE % (mode, len(st.modes) - 1))
                raise InvalidData("vorbis: bad mode")
        blockflag, mapping = st.modes[mode]
        previous = self.previous
        if blockflag:
            code = head >> pos & 3
            pos += 2
            if previous < 0:
                previous = code >> 1
        elif previous < 0:
            previous = 0
        nb = self._synthesize(data, pos, blockflag, mapping, previous)
        self.previous = blockflag
        if not self.primed:
            self.primed = True
            return []
        if self.order is None:
            samples = self.out[:, :nb].copy()
        else:
            samples = np.ascontiguousarray(self.out[self.order, :nb])
        return [AudioFrame(samples, "fltp", self.sample_rate, self.layout, pts=pts)]

    def _synthesize(self, data: bytes, pos: int, blockflag: int, mapping: int,
                    previous: int) -> int:
        """Decode the packet's spectra from bit `pos` on and overlap them into self.out;
        returns the number of samples."""
        st = self.setup
        books = st.books
        bs0, bs1 = st.blocksizes
        buf = np.frombuffer(bytearray(data) + bytes(8), dtype=np.uint8)
        bits = np.array([pos, len(data) * 8 + 8], dtype=np.int64)
        self.events[0] = 0
        status = decode_spectrum(buf, bits, (bs1 if blockflag else bs0) // 2, books.dims,
                                 books.lut_off, books.root, books.vec_off, books.lut,
                                 books.tree, st.mappings[mapping], books.vectors, st.floors,
                                 st.residues, self.inv_db, self.spectra, self.work,
                                 self.classifs, self.scratch, self.res_chan, self.events)
        if self.events[0]:
            self._log_events()
        if status:
            if status == ERR_VLC:
                raise CineError("vorbis: invalid code", code=AVERROR_EPERM)
            raise InvalidData("vorbis: damaged packet")
        tab = self.imdct[blockflag]
        return synthesize(self.spectra, blockflag, previous, bs0, bs1, tab.tcos, tab.tsin,
                          tab.revtab, tab.schedule, tab.costab,
                          self.windows[blockflag & previous], self.saved, self.z, self.out)

    def _log_events(self) -> None:
        ev = self.events
        for i in range(int(ev[0])):
            kind, value = int(ev[2 * i + 1]), int(ev[2 * i + 2])
            if kind == EV_FLOOR:
                self.log.error("Invalid codebook in vorbis_floor_decode.\n")
            elif kind == EV_CLASS_VLC:
                self.log.error("Invalid vlc code decoding %d channel." % value)
            elif kind == EV_OUTPUT:
                self.log.error("Insufficient output buffer\n")
            elif kind == EV_OVERREAD:
                self.log.error("Overread %d bits\n" % value)
            elif kind == EV_CHANNELS:
                self.log.error("Too many channels in vorbis_floor_decode.\n")
            elif kind == EV_RESIDUE_TYPE:
                self.log.error(" Invalid residue type while residue decode?! \n")
