"""The raw FLAC muxer (FFmpeg 5.1.9 libavformat/flacenc.c behaviour; RFC 9639 metadata blocks):
"fLaC", STREAMINFO from the stream's extradata, PICTURE blocks for attached pictures (audio
held back until they arrive), a VORBIS_COMMENT block (vendor Lavf59.27.100, or "ffmpeg" with
-bitexact), 8192 bytes of PADDING, then the frames as they are. STREAMINFO is rewritten at the
trailer when a packet carried an updated one (seekable outputs only).
"""
from __future__ import annotations

import errno

from ..errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError
from ..model import Tags
from .base import Muxer
from .id3v2_write import MIME_TAGS, PICTURE_TYPES
from .id3v2_write import convert as convert_tags
from .wav_mux import layout_mask

STREAMINFO_SIZE = 34
VENDOR = "Lavf59.27.100"
VORBIS_CONV = (("ALBUMARTIST", "album_artist"), ("TRACKNUMBER", "track"),
               ("DISCNUMBER", "disc"), ("DESCRIPTION", "comment"))
# ff_flac_is_native_layout: mono, stereo, surround, quad, 5.0, 5.1, 6.1, 7.1 (side variants)
NATIVE_MASKS = {0x4, 0x3, 0x7, 0x33, 0x607, 0x60F, 0x70F, 0x63F}
# av_get_bits_per_pixel for the picture formats attached pictures use
PIX_BITS = {"yuvj420p": 12, "yuv420p": 12, "yuvj422p": 16, "yuv422p": 16, "yuvj444p": 24,
            "yuv444p": 24, "rgb24": 24, "bgr24": 24, "rgba": 32, "bgra": 32, "argb": 32,
            "abgr": 32, "pal8": 8, "gray": 8, "ya8": 16, "rgb48be": 48, "rgba64be": 64,
            "gray16be": 16, "ya16be": 32, "monob": 1, "monow": 1, "yuvj440p": 16,
            "yuv440p": 16, "yuvj411p": 12, "yuv411p": 12, "bgr0": 24, "rgb0": 24,
            "0rgb": 24, "0bgr": 24, "rgb565le": 16, "rgb555le": 15, "bgr8": 8, "rgb8": 8}


def vorbiscomment(tags: Tags, vendor: str) -> bytes:
    """ff_vorbiscomment_write without chapters: vendor, count, KEY=value entries."""
    def cb(s):
        b = s.encode("utf-8")
        i = b.find(b"\0")
        return b if i < 0 else b[:i]
    v = cb(vendor)
    out = bytearray(len(v).to_bytes(4, "little") + v)
    items = tags.items()
    out += len(items).to_bytes(4, "little")
    for k, val in items:
        e = cb(k) + b"=" + cb(val)
        out += len(e).to_bytes(4, "little") + e
    return bytes(out)


class FlacMuxer(Muxer):
    codec_tags = None

    def init(self) -> None:
        wh = self.options.get("write_header", "1")
        self.write_hdr = wh not in ("0", "false")
        self.audio = -1
        self.waiting = 0
        self.queue = []
        self.pics = {}
        self.streaminfo = None
        self.attached_types = 0
        log = self.log
        for st in self.ctx.streams:
            t = st.codecpar.codec_type
            if t == "audio":
                if self.audio >= 0 or st.codecpar.codec_name != "flac":
                    log.error("Invalid audio stream. Exactly one FLAC audio stream is required.\n")
                    raise CineError(code=-errno.EINVAL)
                self.audio = st.index
            elif t == "video":
                if "attached_pic" not in st.disposition:
                    log.warning("Video stream #%d is not an attached picture. Ignoring\n" % st.index)
                    continue
                if st.codecpar.codec_name == "gif":
                    log.error("GIF image support is not implemented.\n")
                    raise CineError(code=AVERROR_PATCHWELCOME)
                if not self.write_hdr:
                    log.error("Can't write attached pictures without a header.\n")
                    raise CineError(code=-errno.EINVAL)
                self.waiting += 1
            else:
                log.error("Only audio streams and pictures are allowed in FLAC.\n")
                raise CineError(code=-errno.EINVAL)
        if self.audio < 0:
            log.error("No audio stream present.\n")
            raise CineError(code=-errno.EINVAL)
        par = self.ctx.streams[self.audio].codecpar
        mask = layout_mask(par.channel_layout)
        if mask is not None and not (mask & ~0x3FFFF) and mask not in NATIVE_MASKS:
            if self.ctx.tags.get("WAVEFORMATEXTENSIBLE_CHANNEL_MASK") is not None:
                log.warning("A WAVEFORMATEXTENSIBLE_CHANNEL_MASK is already present, this muxer "
                            "will not overwrite it.\n")
            else:
                self.ctx.tags.set("WAVEFORMATEXTENSIBLE_CHANNEL_MASK", "0x%x" % mask)

    def write_header(self) -> None:
        if not self.write_hdr:
            return
        ex = self.ctx.streams[self.audio].codecpar.extradata or b""
        if len(ex) < STREAMINFO_SIZE:
            raise CineError(code=AVERROR_INVALIDDATA)
        self.pb.write(b"fLaC\0\0\0\x22" + bytes(ex[:STREAMINFO_SIZE]))
        if not self.waiting:
            self._finish_header()

    def _finish_header(self) -> None:
        for st in self.ctx.streams:
            data = self.pics.pop(st.index, None)
            if data is not None:
                self._picture(st, data)
        self.ctx.tags = convert_tags(self.ctx.tags, VORBIS_CONV)
        vendor = "ffmpeg" if self.bitexact else VENDOR
        body = vorbiscomment(self.ctx.tags, vendor)
        if len(body) >= (1 << 24) - 4:
            raise CineError(code=-errno.EINVAL)
        padding = 8192
        self.pb.w8(0x04 if padding else 0x84)
        self.pb.wb24(len(body))
        self.pb.write(body)
        if padding:
            self.pb.w8(0x81)
            self.pb.wb24(padding)
            self.pb.fill(0, padding)

    def _picture(self, st, data: bytes) -> None:
        if not data:
            return
        log = self.log
        mime = next((m for m, c in MIME_TAGS if c == st.codecpar.codec_name), None)
        if mime is None:
            log.error("No mimetype is known for stream %d, cannot write an attached picture.\n"
                      % st.index)
            return
        ptype = 0
        c = st.tags.get("comment")
        if c is not None:
            for i, name in enumerate(PICTURE_TYPES):
                if c.lower() == name.lower():
                    ptype = i
                    break
        if (self.attached_types & (1 << ptype)) & 0x6:
            log.error("Duplicate attachment for type '%s'\n" % PICTURE_TYPES[ptype])
            return
        par = st.codecpar
        if ptype == 1 and (par.codec_name != "png" or par.width != 32 or par.height != 32):
            log.error("File icon attachment must be a 32x32 PNG")
            return
        self.attached_types |= 1 << ptype
        desc = (st.tags.get("title") or "").encode("utf-8")
        m = mime.encode()
        blocklen = 4 + 4 + len(m) + 4 + len(desc) + 4 + 4 + 4 + 4 + 4 + len(data)
        if blocklen >= 1 << 24:
            log.error("Picture block too big %d >= %d\n" % (blocklen, 1 << 24))
            return
        pb = self.pb
        pb.w8(0x06)
        pb.wb24(blocklen)
        pb.wb32(ptype)
        pb.wb32(len(m))
        pb.write(m)
        pb.wb32(len(desc))
        pb.write(desc)
        pb.wb32(par.width)
        pb.wb32(par.height)
        pb.wb32(PIX_BITS.get(par.format or "", 0))
        pb.wb32(0)
        pb.wb32(len(data))
        pb.write(data)

    def _write_audio(self, pkt) -> None:
        for sd in pkt.side_data:
            if sd.type in ("New Extradata", "new_extradata") and len(sd.data) == STREAMINFO_SIZE:
                self.streaminfo = bytes(sd.data)
        if pkt.data:
            self.pb.write(pkt.data)

    def _flush_queue(self) -> None:
        self._finish_header()
        for p in self.queue:
            self._write_audio(p)
        self.queue = []

    def write_packet(self, pkt) -> None:
        if pkt.stream_index == self.audio:
            if self.waiting:
                self.queue.append(pkt)
            else:
                self._write_audio(pkt)
            return
        st = self.ctx.streams[pkt.stream_index]
        if not self.waiting or "attached_pic" not in st.disposition:
            return
        if st.nb_frames == 1:
            self.log.warning("Got more than one picture in stream %d, ignoring.\n" % pkt.stream_index)
        if st.nb_frames >= 1:
            return
        self.pics[st.index] = bytes(pkt.data)
        self.waiting -= 1
        if not self.waiting:
            self._flush_queue()

    def write_trailer(self) -> None:
        if self.waiting:
            self.log.warning("No packets were sent for some of the attached pictures.\n")
            self._flush_queue()
        if not self.write_hdr or self.streaminfo is None:
            return
        if self.pb.seekable:
            end = self.pb.tell()
            self.pb.seek(8)
            self.pb.write(self.streaminfo)
            self.pb.seek(end)
        else:
            self.log.warning("unable to rewrite FLAC header.\n")
