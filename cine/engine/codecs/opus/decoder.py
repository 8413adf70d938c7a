"""The Opus decoder (RFC 6716, RFC 7845 channel mapping) as FFmpeg 5.1.9's native `opus`
decoder produces it: planar float at 48 kHz, one frame per packet, the streams of a
multistream packet mapped to the OpusHead's channels, output gain applied.

Per stream, SILK output is brought to 48 kHz by libswresample's resampler (filter size 16,
primed with a few samples of silence: resampler.py) as the reference does; what the
resampler still holds when a packet ends is delivered later ("delayed samples", drained by
flush() at the end), and the CELT part of hybrid frames waits in a small FIFO to stay
aligned with it. Pre-skip is not applied here: the reference passes it to the pipeline as
skip samples.

Most frames need none of that bookkeeping: they run as one call of lean_jit's kernel, which
writes their samples straight into the packet's output (_frame). The others (the first SILK
frame after CELT ones, redundant CELT frames and their cross-fades, CELT samples held back)
take the general path (_general_frame, _finish_frame), whose steps the kernel repeats."""
from __future__ import annotations

import numpy as np

from ...errors import AVERROR_BUG, CineError, InvalidData
from ...frame import AudioFrame
from ...log import Logger
from . import head as OH
from . import state as S
from .celt.decoder import CeltDecoder, CeltError
from .celt.tables import WINDOW2
from .lean_jit import (BUG, CELT_ERROR, DONE, I_REDUNDANCY, I_SAMPLES, REDUNDANCY, SILK_ERROR,
                       decode_lean)
from .range_coder_jit import (R_CACHELEN, R_CACHEVAL, R_RBBYTES, R_RBPOS, STATE_SIZE,
                              rc_start, read_redundancy)
from .resampler import SilkResampler
from .silk.decoder import SilkDecoder
from .toc import (MAX_PACKET_DURATION, MODE_CELT, MODE_HYBRID, MODE_SILK, packet_samples,
                  parse_packet)

BAND_END = (13, 17, 17, 19, 21)     # last CELT band per bandwidth (NB .. FB)
# per configuration (none for the CELT ones)
SILK_DURATION_MS = (10, 20, 40, 60) * 3 + (10, 20) * 2 + (0,) * 16
SILK_RESAMPLE_DELAY = (4, 8, 11, 11, 11)    # silence fed to a new resampler, per bandwidth
# RFC 7845 5.1.1.2: Vorbis order -> the reference's channel order, per channel count
VORBIS_OFFSETS = ((0,), (0, 1), (0, 2, 1), (0, 1, 2, 3), (0, 2, 1, 3, 4), (0, 2, 1, 5, 3, 4),
                  (0, 2, 1, 6, 5, 3, 4), (0, 2, 1, 7, 5, 6, 3, 4))
PADDING = 64        # zeros read past the end of a packet, as the reference's padding
_PADDING = bytes(PADDING)


def silk_rate(config: int) -> int:
    return 8000 if config < 4 else 12000 if config < 8 else 16000


class FrameError(Exception):
    """A frame the reference fails to decode (it logs, then outputs silence for it)."""


class _Stream:
    def __init__(self, channels: int):
        self.channels = channels
        self.state = S.StreamState()    # the arrays of the range decoder, CELT and SILK
        self.buffers = self.state.buffers
        self.celt = CeltDecoder(channels, self.state)
        self.silk = SilkDecoder(channels, self.state)
        self.rc = self.state.view(S.RC)
        self.red_rc = np.zeros(STATE_SIZE, np.int64)
        self.resampler = None       # SILK's, from its first frame to the flush
        self.delayed = 0
        self.info = self.state.view(S.INFO)         # decode_lean's samples and redundancy
        self.celt_out = self.state.view(S.CELT_OUT)     # decode_lean's CELT part (hybrid)
        self.celt_delay = np.zeros((2, 0), np.float32)
        self.redundancy = np.zeros((2, 240), np.float32)
        self.redundancy_idx = 0
        self.sync = np.zeros((2, 0), np.float32)


class OpusDecoder:
    sample_fmt = "fltp"

    def __init__(self, codecpar, log):
        self.log = log
        head = OH.parse(codecpar.extradata, getattr(codecpar, "channels", 0) or 0)
        self.head = head
        # decode.c's initial skip (ff_opus_parse_extradata sets it from the pre-skip); the
        # container's skip side data sets the same count again, never adds to it
        self.skip_samples = head.pre_skip
        self.layout = head.layout
        self.channels = head.channels
        self.gain = None
        if head.output_gain:
            self.gain = np.float32(10.0 ** (head.output_gain / (20.0 * 256)))
        nb, coupled = head.streams, head.coupled_streams
        self.streams = [_Stream(2 if i < coupled else 1) for i in range(nb)]
        # per output channel: None (silent), ("copy", j) or (stream, channel)
        self.maps = []
        order = VORBIS_OFFSETS[self.channels - 1] if head.mapping_family == 1 else None
        seen = {}
        for i in range(self.channels):
            idx = head.mapping[order[i] if order else i]
            if idx == 255:
                self.maps.append(None)
            elif idx in seen:
                self.maps.append(("copy", seen[idx]))
            else:
                seen[idx] = i
                self.maps.append((idx // 2, idx & 1) if idx < 2 * coupled
                                 else (idx - coupled, 0))
        # one stream whose channels are the output's, in order: its samples are the output
        self.direct = nb == 1 and self.maps == [(0, 0), (0, 1)][:self.channels]
        self._kept = None       # (packet, frames, error, lines) decode_plain_batch stopped at

    # -- packets ------------------------------------------------------------------------

    def decode(self, data: bytes, pts, dts, duration) -> list[AudioFrame]:
        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == data:
            # decode_plain_batch decoded this packet: what it logged, then its outcome
            for level, message in kept[3]:
                self.log.log(level, message)
            if kept[2] is not None:
                raise kept[2]
            for fr in kept[1]:
                fr.pts, fr.duration, fr.pkt_dts = pts, duration, dts
            return kept[1]
        if not data:
            return []
        if self.direct:
            return self._single_stream_packet(data, pts, dts, duration)
        return self._packet(data, pts, dts, duration)

    def plain_samples(self, data: bytes):
        """(samples, 48000) for a packet decode_plain_batch may take: the single-stream
        case, the sample count its TOC gives (RFC 6716 3.1); None for any other."""
        if not self.direct or type(data) is not bytes or not data:
            return None
        samples = packet_samples(data, 0, len(data))
        return (samples, 48000) if 0 < samples <= MAX_PACKET_DURATION else None

    def decode_plain_batch(self, datas: list):
        """Decode packets in a row while each is plain (see plain_samples) and decodes to
        one frame of that many samples with nothing logged: (how many, their samples as
        one (channels, samples) float32 array, the layout). The packet it stopped at, if
        decoded, is kept with its lines and outcome for the decode() of that packet that
        must follow."""
        self._kept = None
        real = self.log
        lines: list = []
        self.log = Logger(real.component, lambda _c, level, message: lines.append(
            (level, message)))
        parts = []
        try:
            for data in datas:
                kind = self.plain_samples(data)
                if kind is None:
                    break
                try:
                    frames = self._single_stream_packet(data, None, None, None)
                except CineError as exc:
                    self._kept = (data, None, exc, lines)
                    break
                if lines or len(frames) != 1 or frames[0].data.shape[1] != kind[0]:
                    self._kept = (data, frames, None, lines)
                    break
                parts.append(frames[0].data)
        finally:
            self.log = real
        if not parts:
            return 0, None, None
        samples = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
        return len(parts), samples, self.layout

    def flush(self) -> list[AudioFrame]:
        """The reference's draining call: what the resamplers still hold."""
        return self._packet(None, None, None, None)

    def _single_stream_packet(self, data, pts, dts, duration) -> list[AudioFrame]:
        """_packet for one stream whose channels are the output's: its samples as they
        come."""
        buf = np.frombuffer(bytearray(data) + _PADDING, np.uint8)
        try:
            packet = parse_packet(data, 0, len(data), False)
        except CineError:
            self.log.error("Error parsing the packet header.\n")
            raise InvalidData("Error parsing the packet header") from None
        out = self._subpacket(self.streams[0], packet, buf)
        if not out.shape[1]:
            return []
        if not out.flags.c_contiguous:
            out = np.ascontiguousarray(out)
        if self.gain is not None:
            out *= self.gain
        return [AudioFrame(out, "fltp", 48000, self.layout, pts=pts, duration=duration,
                           pkt_dts=dts)]

    def _packet(self, data, pts, dts, duration) -> list[AudioFrame]:
        nb = len(self.streams)
        coded = 0
        buf = None
        packets = [None] * nb
        if data is not None:
            size = len(data)
            buf = np.frombuffer(bytearray(data) + _PADDING, np.uint8)
            pos = 0
            for i in range(nb):
                try:
                    packets[i] = parse_packet(data, pos, size - pos, i != nb - 1)
                except CineError:
                    # the packet fails (the pipeline's "Error while decoding stream" line)
                    self.log.error("Error parsing the packet header.\n")
                    raise InvalidData("Error parsing the packet header") from None
                if i == 0:
                    coded = packets[0].samples
                elif packets[i].samples != coded:
                    self.log.error("Mismatching coded sample count in substream %d.\n" % i)
                    raise InvalidData("Mismatching coded sample count")
                pos += packets[i].packet_size
        outputs = []
        for stream, packet in zip(self.streams, packets):
            decoded = self._subpacket(stream, packet, buf)
            if stream.sync.shape[1]:
                decoded = np.concatenate([stream.sync[:stream.channels], decoded], axis=1)
            outputs.append(decoded)
        n = min(o.shape[1] for o in outputs)
        if nb > 1:
            for stream, o in zip(self.streams, outputs):
                stream.sync = o[:, n:]
        if not n:
            return []
        if self.direct:
            out = np.ascontiguousarray(outputs[0][:, :n])
        else:
            out = np.zeros((self.channels, n), np.float32)
            for i, m in enumerate(self.maps):
                if m is None:
                    continue
                out[i] = out[m[1]] if m[0] == "copy" else outputs[m[0]][m[1], :n]
        if self.gain is not None:
            out *= self.gain
        return [AudioFrame(out, "fltp", 48000, self.layout, pts=pts, duration=duration,
                           pkt_dts=dts)]

    def _subpacket(self, stream: _Stream, packet, buf) -> np.ndarray:
        """opus_decode_subpacket: the stream's samples for this packet (or for the final
        drain when packet is None)."""
        flush_needed = False
        if stream.resampler is not None:
            if packet is not None:
                flush_needed = (packet.mode == MODE_CELT
                                or stream.resampler.rate != silk_rate(packet.config))
            else:
                flush_needed = stream.delayed > 0
        head = self._flush_resampler(stream) if flush_needed else None
        if packet is None:
            return head if head is not None else np.zeros((stream.channels, 0), np.float32)
        # the frames are written in place: each gives at most `duration` samples
        duration = packet.frame_duration
        at = 0 if head is None else head.shape[1]
        out = np.empty((stream.channels, at + duration * len(packet.frames)), np.float32)
        if at:
            out[:, :at] = head
        for start, size in packet.frames:
            try:
                at += self._frame(stream, packet, buf, start, size, out, at)
            except FrameError as exc:
                if str(exc):
                    self.log.error(str(exc))
                self.log.error("Error decoding an Opus frame.\n")
                out[:, at:at + duration] = 0
                at += duration
        return out if at == out.shape[1] else out[:, :at]

    # -- resampling of SILK -------------------------------------------------------------

    def _flush_resampler(self, stream: _Stream) -> np.ndarray:
        n = stream.delayed
        tail = stream.resampler.drain()
        out = tail[:, :n].copy()
        if out.shape[1] < n:
            out = np.concatenate([out, np.zeros((stream.channels, n - out.shape[1]),
                                                np.float32)], axis=1)
        if stream.celt_delay.shape[1]:
            out += stream.celt_delay[:stream.channels, :n]
            stream.celt_delay = stream.celt_delay[:, :0]
        if stream.redundancy_idx:
            self._fade_pending(stream, out, 0)
        stream.resampler = None
        stream.delayed = 0
        return out

    def _resample(self, stream: _Stream, packet, silk: np.ndarray, limit: int) -> np.ndarray:
        if stream.resampler is None:
            stream.resampler = SilkResampler(silk_rate(packet.config), stream.channels,
                                             SILK_RESAMPLE_DELAY[packet.bandwidth],
                                             stream.state)
        stream.resampler.push(silk)
        return stream.resampler.take(limit)

    # -- one frame ----------------------------------------------------------------------

    def _frame(self, stream: _Stream, packet, buf, start: int, size: int, out: np.ndarray,
               at: int) -> int:
        """opus_decode_frame: writes the frame's 48 kHz samples to out[:, at:], returns
        their count. The common frames take lean_jit's one kernel call; those with a
        redundant frame to fade in, CELT samples held back, or a resampler to start or
        flush first take _general_frame."""
        mode = packet.mode
        if (stream.redundancy_idx or stream.celt_delay.shape[1]
                or (stream.resampler is None) != (mode == MODE_CELT)):
            frame = self._general_frame(stream, packet, buf, start, size)
            samples = frame.shape[1]
            out[:, at:at + samples] = frame
            return samples
        duration = packet.frame_duration
        code = decode_lean(buf, start, size, mode, packet.bandwidth, packet.stereo, duration,
                           SILK_DURATION_MS[packet.config], out, at, *stream.buffers)
        if code == DONE and mode == MODE_CELT:
            return duration
        if code == SILK_ERROR:
            raise FrameError("Error decoding a SILK frame.\n")
        if code == BUG or code < 0 or code > CELT_ERROR:
            raise CineError("opus decoder state out of range", code=AVERROR_BUG)
        info = stream.info
        samples = int(info[I_SAMPLES])
        delayed_before = stream.delayed
        if mode != MODE_CELT:
            stream.delayed += duration - samples
        if code == CELT_ERROR:
            raise FrameError("")
        if code == REDUNDANCY:
            frame = np.zeros((2, duration), np.float32)
            frame[:stream.channels, :samples] = out[:, at:at + samples]
            out[:, at:at + samples] = self._finish_frame(
                stream, packet, buf, start, size, frame, samples, delayed_before,
                int(info[I_REDUNDANCY]))
        elif mode == MODE_HYBRID and samples < duration:
            # the CELT samples past the SILK ones wait for the next frame
            held = np.zeros((2, duration - samples), np.float32)
            held[:stream.channels] = stream.celt_out[:stream.channels, samples:duration]
            stream.celt_delay = held
        return samples

    def _general_frame(self, stream: _Stream, packet, buf, start: int, size: int
                       ) -> np.ndarray:
        """opus_decode_frame: (channels, samples) of 48 kHz output for one Opus frame."""
        duration = packet.frame_duration
        ch = stream.channels
        out = np.zeros((2, duration), np.float32)
        samples = duration
        delayed_before = stream.delayed
        rc = stream.rc
        rc_start(buf, start, size, rc)
        mode = packet.mode
        if mode != MODE_CELT:
            silk = stream.silk.decode(buf, rc, min(packet.bandwidth, 2), packet.stereo + 1,
                                      SILK_DURATION_MS[packet.config])
            if silk is None:
                raise FrameError("Error decoding a SILK frame.\n")
            res = self._resample(stream, packet, silk, duration)
            samples = res.shape[1]
            out[:ch, :samples] = res
            stream.delayed += duration - samples
        else:
            stream.silk.flush()
        red = read_redundancy(buf, rc, 1 if mode == MODE_HYBRID else 0,
                              1 if mode == MODE_SILK else 0, size)
        return self._finish_frame(stream, packet, buf, start, size, out, samples,
                                  delayed_before, red)

    def _finish_frame(self, stream: _Stream, packet, buf, start: int, size: int,
                      out: np.ndarray, samples: int, delayed_before: int, red: int
                      ) -> np.ndarray:
        """The rest of opus_decode_frame after the SILK layer and the redundancy header
        (`red`): the redundant frame, the CELT layer, the cross-fades. out: (2, duration),
        the SILK samples in out[:channels, :samples]."""
        duration = packet.frame_duration
        ch = stream.channels
        rc = stream.rc
        mode = packet.mode
        red_pos = red_size = 0
        if red:
            red_pos, red_size = (red - 1) & 1, (red - 1) >> 1
            size -= red_size
            if size < 0:
                raise FrameError("Invalid redundancy frame size.\n")
            if red_pos:
                self._redundant_frame(stream, packet, buf, start + size, red_size)
                stream.celt.flush()
        if mode != MODE_SILK:
            hybrid = mode == MODE_HYBRID
            at = 0
            celt_samples = samples
            delay = stream.celt_delay.shape[1]
            if delay:
                if hybrid:
                    out[:, :delay] += stream.celt_delay[:, :delay]
                    at = delay
                    celt_samples -= delay
                else:
                    self.log.warning("Spurious CELT delay samples present.\n")
                stream.celt_delay = stream.celt_delay[:, :0]
            rc[R_RBPOS] = start + size
            rc[R_RBBYTES] = size
            rc[R_CACHELEN] = 0
            rc[R_CACHEVAL] = 0
            if hybrid:
                celt_out = np.zeros((2, duration), np.float32)
                self._celt(stream, buf, rc, celt_out, 0, packet, 17)
                out[:, at:at + celt_samples] += celt_out[:, :celt_samples]
                stream.celt_delay = celt_out[:, celt_samples:duration].copy()
            else:
                self._celt(stream, buf, rc, out, 0, packet, 0)
        else:
            stream.celt.flush()
        if stream.redundancy_idx:
            self._fade_pending(stream, out, 0)
        if red:
            r = stream.redundancy
            if not red_pos:
                stream.celt.flush()
                self._redundant_frame(stream, packet, buf, start + size, red_size)
                a = samples - 120 + delayed_before
                n = 120 - delayed_before
                out[:, a:a + n] = _fade(out[:, a:a + n], r[:, 120:120 + n], WINDOW2[:n])
                if delayed_before:
                    stream.redundancy_idx = 120 - delayed_before
            else:
                d = delayed_before
                out[:, d:d + 120] = r[:, :120]
                out[:, d + 120:d + 240] = _fade(r[:, 120:240], out[:, d + 120:d + 240],
                                                WINDOW2[:120])
        return out[:ch, :samples]

    def _fade_pending(self, stream: _Stream, out: np.ndarray, at: int) -> None:
        idx = stream.redundancy_idx
        n = 120 - idx
        ch = out.shape[0]
        out[:, at:at + n] = _fade(out[:, at:at + n],
                                  stream.redundancy[:ch, 120 + idx:240], WINDOW2[idx:])
        stream.redundancy_idx = 0

    def _celt(self, stream, buf, rc, out, offset, packet, start_band):
        try:
            stream.celt.decode(buf, rc, out, offset, packet.stereo + 1, packet.frame_duration,
                               start_band, BAND_END[packet.bandwidth])
        except CeltError as exc:
            raise FrameError("" if str(exc).startswith("bad") else str(exc)) from None

    def _redundant_frame(self, stream, packet, buf, start, size):
        rc = stream.red_rc
        try:
            if size < 0:
                raise CeltError("")
            rc_start(buf, start, size, rc)
            stream.redundancy[:] = 0
            stream.celt.decode(buf, rc, stream.redundancy, 0, packet.stereo + 1, 240, 0,
                               BAND_END[packet.bandwidth])
        except CeltError:
            raise FrameError("Error decoding the redundancy frame.\n") from None


def _fade(in1: np.ndarray, in2: np.ndarray, window: np.ndarray) -> np.ndarray:
    """in2 * w + in1 * (1 - w), the reference's cross-fade (its 1.0 is a double)."""
    w = window.astype(np.float64)
    return (in2.astype(np.float32) * window + (in1.astype(np.float64) * (1.0 - w))
            ).astype(np.float32)
