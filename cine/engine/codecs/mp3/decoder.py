"""The MP3 (MPEG audio Layer III) decoder, as FFmpeg 5.1.9's default mp3float decoder:
MPEG-1, MPEG-2 LSF and MPEG-2.5, mono/stereo/dual/joint stereo, all block types, planar
float output (fltp), one frame of 1152 (MPEG-1) or 576 (LSF) samples per decoded frame.

Per packet, as the reference: leading zero bytes are skipped; a packet under 4 bytes, or
without a valid header ("Header missing"), or a free-format frame (the reference's decoder
does not size those) fails with InvalidData; an ID3v1 "TAG" is dropped silently; Layer I and
II frames (which the reference's mp3float also decodes) fail with PatchWelcome here. A packet
holding more than one frame is decoded frame by frame. A frame whose side information is
invalid logs its reason and "Error while decoding MPEG audio frame." and outputs nothing;
that fails the packet (`last_error`) when the frame was the whole packet.

Frames carry the packet's pts; the decoder delay (529 samples) and gapless trimming are the
demuxer's business (skip samples side data), not the decoder's.
"""
from __future__ import annotations

import numpy as np

from ... import chlayout as CL
from ...errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME
from ...frame import AudioFrame
from .frame_start import frame_start
from .header import decode_header
from .layer3_jit import (ERR_BIG_VALUES, H_CHANNELS, H_CRC, H_LSF, H_MODE, H_MODE_EXT,
                         H_RATE_INDEX, H_SIZE, NOT_DECODED, RESERVOIR_SIZE, ST_SIZE,
                         decode_frame, decode_frames)
from .spectrum_jit import EV_NEW_BACKSTEP, EV_OLD_BACKSTEP, EV_OVERREAD, G_FIELDS, MAX_EVENTS
from .synthesis_jit import ROW, SCRATCH_SIZE

_PAD = bytes(64)
_RATE_INDEX = {44100: 0, 48000: 1, 32000: 2, 22050: 3, 24000: 4, 16000: 5, 11025: 6,
               12000: 7, 8000: 8}


class Mp3Decoder:
    sample_fmt = "fltp"

    def __init__(self, codecpar, log):
        self.log = log
        self.last_error = 0     # AVERROR of the last packet (0: it decoded)
        self._state = np.zeros(ST_SIZE, np.int64)
        self._reservoir = np.zeros(RESERVOIR_SIZE, np.uint8)
        self._side = np.zeros((2, 2, G_FIELDS), np.int64)
        self._sfs = np.zeros((2, 2, 40), np.int32)
        self._lines = np.zeros((2, 576), np.float32)
        self._sub = np.zeros((2, 32 * ROW), np.float32)
        self._hist = np.zeros((2, 32 * ROW), np.float32)
        self._scratch = np.zeros(SCRATCH_SIZE, np.float32)
        self._overlap = np.zeros((2, 32, 18), np.float32)
        self._events = np.zeros((MAX_EVENTS, 4), np.int64)
        self._stop = np.zeros(1, np.int64)
        self._headers: dict = {}
        self._kept = None       # (frame bytes, rc, out): a kernel run decode_plain_batch
        #                         gave up on

    def plain_samples(self, data: bytes):
        """(samples, rate) of the frame decode_plain_batch makes of a packet that is exactly
        one Layer III frame of a header met before; None for any other packet."""
        info = self._plain_info(data)
        return None if info is None else (info[1], info[2])

    def _plain_info(self, data: bytes):
        """The header record (_header) of a packet that is exactly one frame of a header
        met before; None for any other packet."""
        if type(data) is not bytes or len(data) < 4 or not data[0]:
            return None
        info = self._headers.get(int.from_bytes(data[:4], "big"))
        return info if info and info[0] == len(data) else None

    def decode_plain_batch(self, datas: list):
        """Decode packets in a row while each is one plain frame (see plain_samples) of the
        first one's size, rate and layout that decodes without a word logged: (how many,
        their samples as one (channels, samples) float32 array, the layout). What the
        kernel made of the packet it stopped at, if it ran, is kept for the decode() of
        that packet that must follow. One kernel call decodes them all."""
        self._kept = None
        self.last_error = 0
        infos = []
        for data in datas:
            info = self._plain_info(data)
            if info is None or (infos and info[1:4] != infos[0][1:4]):
                break
            infos.append(info)
        m = len(infos)
        if not m:
            return 0, None, None
        first = infos[0]
        # each frame followed by the 64 zero bytes the kernel may read past its end
        buf = np.frombuffer(bytearray(_PAD.join(datas[:m]) + _PAD), np.uint8)
        offsets = np.zeros(m + 1, np.int64)
        np.cumsum([info[0] + len(_PAD) for info in infos], out=offsets[1:])
        hdrs = np.array([info[4] for info in infos], np.int64)
        hdrs[:, H_SIZE] = [info[0] for info in infos]
        outs = np.empty((m, first[4][H_CHANNELS], first[1]), np.float32)
        stop = self._stop
        count = decode_frames(buf, offsets, hdrs, self._state, self._reservoir, self._side,
                              self._sfs, self._lines, self._sub, self._hist, self._overlap,
                              self._scratch, outs, self._events, stop)
        if count < m and stop[0] != NOT_DECODED:
            self._kept = (datas[count], int(stop[0]), outs[count])
        if not count:
            return 0, None, None
        ch, n = outs.shape[1], outs.shape[2]
        return count, outs[:count].transpose(1, 0, 2).reshape(ch, count * n), first[3]

    def decode(self, data: bytes, pts=None, dts=None, duration=0) -> list[AudioFrame]:
        self.last_error = 0
        data = bytes(data)
        frames = []
        while data:
            used, frame, err = self._decode_one(data)
            if frame is not None:
                frame.pts = None if frames else pts
                frame.pkt_dts = dts
                frames.append(frame)
            if err and used >= len(data):
                self.last_error = err
            data = data[used:]
        return frames

    def flush(self) -> list[AudioFrame]:
        return []

    def reset(self) -> None:
        """avcodec_flush_buffers (after a seek): synthesis and overlap state and the
        reservoir are cleared."""
        self._hist[:] = 0
        self._overlap[:] = 0
        self._state[:] = 0

    def _header(self, word: int):
        """(frame size, samples, rate, layout, kernel header fields) of a Layer III header
        word; None for an invalid header, 0 for a free-format or non-Layer III one."""
        known = self._headers.get(word)
        if known is not None or word in self._headers:
            return known
        h = decode_header(word)
        if h is None:
            info = None
        elif not h.frame_size or h.layer != 3:
            info = 0
        else:
            fields = np.zeros(H_SIZE + 1, np.int64)
            fields[H_LSF] = h.lsf
            fields[H_RATE_INDEX] = _RATE_INDEX[h.sample_rate]
            fields[H_CHANNELS] = h.channels
            fields[H_MODE] = h.mode
            fields[H_MODE_EXT] = h.mode_ext
            fields[H_CRC] = h.protection
            layout = CL.describe(CL.MONO if h.channels == 1 else CL.STEREO)
            info = (h.frame_size, h.samples, h.sample_rate, layout, fields)
        if len(self._headers) < 4096:
            self._headers[word] = info
        return info

    def _decode_one(self, data: bytes):
        """(bytes consumed, frame or None, AVERROR or 0) for the frame at the start of data."""
        skipped, buf, word, info, done = frame_start(data, self._header, self.log)
        if done is not None:
            return done
        if not info:
            # free format (the reference's decoder does not size it), or Layer I/II (not
            # implemented)
            free = (word >> 12) & 15 == 0
            return len(data), None, AVERROR_INVALIDDATA if free else AVERROR_PATCHWELCOME
        frame_size, samples, rate, layout, hdr = info
        size = min(frame_size, len(buf))
        hdr[H_SIZE] = size
        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == buf:
            rc, out = kept[1], kept[2]          # (decode_plain_batch ran the kernel on it)
        else:
            frame = np.frombuffer(bytearray(buf + _PAD), np.uint8)
            self._events[0, 0] = 0
            out = np.empty((hdr[H_CHANNELS], samples), np.float32)
            rc = decode_frame(frame, hdr, self._state, self._reservoir, self._side, self._sfs,
                              self._lines, self._sub, self._hist, self._overlap,
                              self._scratch, out, self._events)
        if self._events[0, 0]:
            self._log_events()
        used = skipped + size
        if rc < 0:
            self.log.error("big_values too big\n" if rc == ERR_BIG_VALUES
                           else "invalid block type\n")
            self.log.error("Error while decoding MPEG audio frame.\n")
            return used, None, AVERROR_INVALIDDATA
        return used, AudioFrame(out, "fltp", rate, layout), 0

    def _log_events(self) -> None:
        ev = self._events
        for i in range(1, int(ev[0, 0]) + 1):
            kind, a, b, c = (int(v) for v in ev[i])
            if kind == EV_OVERREAD:
                self.log.info("overread, skip %d enddists: %d %d\n" % (a, b, c))
            elif kind == EV_OLD_BACKSTEP:
                self.log.error("invalid old backstep %d\n" % a)
            elif kind == EV_NEW_BACKSTEP:
                self.log.error("invalid new backstep %d\n" % a)
