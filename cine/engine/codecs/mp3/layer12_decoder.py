"""The MPEG audio Layer I and II decoder (ISO/IEC 11172-3 2.4.3.2-2.4.3.3, ISO/IEC 13818-3
LSF rates), as FFmpeg 5.1.9's default mp1 and mp2 decoders (its fixed-point ones): planar
16-bit output (s16p), 384 (Layer I) or 1152 (Layer II) samples per frame, mono or stereo
(dual channel decodes as stereo; joint stereo shares the upper subbands' samples).

Per packet, as the reference: leading zero bytes are skipped; a packet under 4 bytes, a
header that is not valid ("Header missing"), or a free-format frame (the reference's decoder
does not size those) fails with InvalidData; an ID3v1 "TAG" is dropped silently. A packet
holding more than one frame is decoded frame by frame ("Multiple frames in a packet." once);
a failure after some of them drops the rest and is reported after their frames
(`pending_error`). A frame cut short by the packet's end is decoded with what there is
(reads past it see what the reference's checked bit reader sees). The CRC is skipped, not checked (the reference checks Layer III's only). Layer I and
II frames carry no error of their own: every other frame decodes. A Layer III frame in such a
stream (the reference would decode it in fixed point) fails with PatchWelcome here.

Frames carry the packet's pts; the synthesis filter's delay is part of the output, as the
reference's.
"""
from __future__ import annotations

import numpy as np

from ... import chlayout as CL
from ...errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError, strerror
from ...frame import AudioFrame
from .frame_start import frame_start
from .header import MODE_MONO, decode_header
from .layer12_jit import (H_BITS, H_CHANNELS, H_CRC, H_JOINT, H_LAYER, H_MODE_EXT, H_SIZE,
                          H_TABLE, decode_layer12)
from .layer12_tables import select_table
from .synthesis_fixed_jit import synthesize_fixed

_PAD = bytes(64)
MODE_JOINT = 1


class MpaFixedDecoder:
    sample_fmt = "s16p"

    def __init__(self, codecpar, log):
        self.log = log
        self.last_error = 0     # AVERROR of the last packet (0: it decoded)
        self._alloc = np.zeros((2, 32), np.int64)
        self._scf = np.zeros((2, 32, 4), np.int64)
        self._sb = np.zeros((2, 36, 32), np.int32)
        self._ring = np.zeros((2, 1024), np.int32)
        self._synth = np.zeros(4, np.int64)     # ring positions, the carried residue
        self._headers: dict = {}
        self._warned = False
        self.pending_error = None

    def decode(self, data: bytes, pts=None, dts=None, duration=0) -> list[AudioFrame]:
        self.last_error = 0
        self.pending_error = None
        data = bytes(data)
        frames = []
        while data:
            used, frame, err = self._decode_one(data)
            if frame is not None:
                frame.pts = None if frames else pts
                frame.pkt_dts = dts
                frames.append(frame)
            if err and used >= len(data):
                # the failure ends the packet: it fails it, or is reported after the frames
                # that came before it
                self.last_error = err
                if frames:
                    self.pending_error = CineError(strerror(err), code=err)
                break
            if used < len(data) and not self._warned:
                # FFmpeg 5.1.9 (decode.c): once per decoder, when a call leaves bytes over
                self._warned = True
                self.log.warning("Multiple frames in a packet.\n")
            data = data[used:]
        return frames

    def flush(self) -> list[AudioFrame]:
        return []

    def reset(self) -> None:
        """avcodec_flush_buffers (after a seek): the synthesis history and the residues are
        cleared (the ring positions stay)."""
        self._ring[:] = 0
        self._synth[2] = 0

    def _header(self, word: int):
        """(frame size, layer, rate, layout, kernel header fields) of a header word; None for
        an invalid header, 0 for a free-format one."""
        known = self._headers.get(word)
        if known is not None or word in self._headers:
            return known
        h = decode_header(word)
        if h is None:
            info = None
        elif not h.frame_size:
            info = 0
        else:
            fields = np.zeros(H_SIZE, np.int64)
            fields[H_LAYER] = h.layer
            fields[H_CHANNELS] = h.channels
            fields[H_JOINT] = h.mode == MODE_JOINT
            fields[H_MODE_EXT] = h.mode_ext
            fields[H_CRC] = h.protection
            if h.layer == 2:
                fields[H_TABLE] = select_table(h.bit_rate // 1000, h.channels, h.sample_rate,
                                               h.lsf)
            layout = CL.describe(CL.MONO if h.mode == MODE_MONO else CL.STEREO)
            info = (h.frame_size, h.layer, h.sample_rate, layout, fields)
        if len(self._headers) < 4096:
            self._headers[word] = info
        return info

    def _decode_one(self, data: bytes):
        """(bytes consumed, frame or None, AVERROR or 0) for the frame at the start of data."""
        skipped, buf, word, info, done = frame_start(data, self._header, self.log)
        if done is not None:
            return done
        if not info:
            return len(data), None, AVERROR_INVALIDDATA      # free format
        frame_size, layer, rate, layout, hdr = info
        size = min(frame_size, len(buf))
        used = skipped + size
        if layer == 3:
            return used, None, AVERROR_PATCHWELCOME
        hdr[H_BITS] = (size - 4) * 8
        frame = np.frombuffer(bytearray(buf + _PAD), np.uint8)
        slots = decode_layer12(frame, hdr, self._alloc, self._scf, self._sb)
        if slots < 0:           # (the arrays are sized here: not reached)
            return used, None, AVERROR_INVALIDDATA
        nch = int(hdr[H_CHANNELS])
        out = np.empty((nch, 32 * slots), np.int16)
        synthesize_fixed(self._sb, nch, slots, self._ring, self._synth, out)
        return used, AudioFrame(out, "s16p", rate, layout), 0
