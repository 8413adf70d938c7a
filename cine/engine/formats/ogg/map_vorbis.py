"""Ogg Vorbis mapping (Vorbis I specification sections 4.2 and A.2): the three header packets
into Xiph-laced extradata, VorbisComment tags (also used by the Opus, FLAC, Speex and Theora
mappings), and packet durations from the setup header's modes, as FFmpeg 5.1.9's
oggparsevorbis.c and vorbis_parser.c compute them."""
from __future__ import annotations

from ...errors import CineError, InvalidData, Unsupported
from ...model import Rational
from ...codecs.missing import missing_feature
from ..tagindex import TagIndex, convert
from .page import FLAG_EOS

MAGIC = b"\x01vorbis"
NB_HEADER = 3
FLAG_HEADER, FLAG_COMMENT, FLAG_SETUP = 1, 2, 4

# vorbiscomment.c ff_vorbiscomment_metadata_conv
COMMENT_CONV = {"albumartist": "album_artist", "tracknumber": "track", "discnumber": "disc",
                "description": "comment"}


def _ogm_chapter(dmx, key: str, val: str) -> bool:
    if len(key) < 9 or key[:7].upper() != "CHAPTER":
        return False
    import re                   # (OGM chapters only: not paid at start-up)
    m = re.match(r"\s*[+-]?\d{1,3}", key[7:10])
    if not m:
        return False
    cnum = int(m.group(0))
    if len(key) <= 10:
        t = re.match(r"\s*([+-]?\d{1,2}):\s*([+-]?\d{1,2}):\s*([+-]?\d{1,2})\.([+-]?\d{1,3})", val)
        if not t:
            return False
        h, mi, s, ms = (int(x) for x in t.groups())
        from ..chapters import new_chapter
        new_chapter(dmx.ctx, cnum, Rational(1, 1000), ms + 1000 * (s + 60 * (mi + 60 * h)), None, None)
        return True
    if key[-4:].upper() == "NAME":
        for ch in dmx.ctx.chapters:
            if ch.id == cnum:
                ch.tags.set("title", val)
                return True
    return False


def parse_comment(dmx, tags, buf: bytes, parse_picture: bool = True) -> int:
    """ff_vorbis_comment: vendor string, then KEY=value entries (RFC-less Xiph
    VorbisComment); returns the number of tags set."""
    log = dmx.log
    size = len(buf)
    if size < 8:
        raise InvalidData("short comment")
    s = int.from_bytes(buf[0:4], "little", signed=True)
    p = 4
    if size - p - 4 < s or s < 0:
        raise InvalidData("bad vendor length")
    p += s
    n = int.from_bytes(buf[p:p + 4], "little")
    p += 4
    updates = 0
    idx = TagIndex(tags)            # thousands of comments stay linear
    while size - p >= 4 and n > 0:
        s = int.from_bytes(buf[p:p + 4], "little", signed=True)
        p += 4
        if size - p < s or s < 0:
            break
        entry = buf[p:p + s]
        eq = entry.find(b"=")
        if eq > 0 and eq < len(entry) - 1:
            key = entry[:eq].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            val = entry[eq + 1:].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            if key.upper() == "METADATA_BLOCK_PICTURE" and parse_picture:
                # the FLAC PICTURE block, base64 coded, becomes an attached picture stream
                import binascii  # a shared library: loaded only for cover art
                try:
                    pict = binascii.a2b_base64(entry[eq + 1:].split(b"\0", 1)[0])
                except binascii.Error:
                    pict = None
                if not pict:
                    log.warning("Failed to parse cover art block.\n")
                else:
                    from ..flac import parse_picture as flac_picture
                    flac_picture(dmx.ctx, dmx, pict, log)
            elif not _ogm_chapter(dmx, key, val):
                updates += 1
                if key in idx:
                    idx.set(key, ";", append=True)
                idx.set(key, val, append=True)
        p += s
        n -= 1
    if p != size:
        log.info("%d bytes of comment header remain\n" % (size - p))
    if n > 0:
        log.info("truncated comment header, %d comments not found\n" % n)
    convert(tags, COMMENT_CONV)
    return updates


def stream_comment(dmx, st, buf: bytes) -> int:
    """ff_vorbis_stream_comment: the tags set, or a negative error code for a malformed
    comment header (FFmpeg 5.1.9: every mapping ignores it, keeping the stream)."""
    try:
        return parse_comment(dmx, st.tags, buf, True)
    except CineError as exc:
        return exc.code


class Parser:
    """av_vorbis_parse: block sizes from the identification header and each mode's block flag
    found by reading the setup header backwards from its framing bit."""

    def __init__(self, ident: bytes, setup: bytes, log):
        self.valid = False
        if len(ident) < 30 or ident[0] != 1 or ident[1:7] != b"vorbis":
            raise InvalidData("bad id header")
        self.blocksize = (1 << (ident[28] & 0xF), 1 << (ident[28] >> 4))
        if self.blocksize[0] < 64 or self.blocksize[1] < self.blocksize[0]:
            log.error("Invalid blocksize in Id header\n")
            raise InvalidData("bad blocksize")
        if len(setup) < 7 or setup[0] != 5 or setup[1:7] != b"vorbis":
            raise InvalidData("bad setup header")
        rev = setup[::-1]
        total = len(rev) * 8
        bits = int.from_bytes(rev, "big")

        def get(pos: int, n: int) -> int:
            return (bits >> (total - pos - n)) & ((1 << n) - 1)

        pos = 0
        framing = 0
        while total - pos > 97:
            b = get(pos, 1)
            pos += 1
            if b:
                framing = pos
                break
        if not framing:
            log.error("Invalid Setup header\n")
            raise InvalidData("no framing bit")
        mode_count = 0
        last_mode_count = 0
        got = False
        while total - pos >= 97:
            if get(pos, 8) > 63 or get(pos + 8, 16) or get(pos + 24, 16):
                break
            pos += 41
            mode_count += 1
            if mode_count > 64:
                break
            if get(pos, 6) + 1 == mode_count:
                got = True
                last_mode_count = mode_count
        if not got:
            log.error("Invalid Setup header\n")
            raise InvalidData("no modes")
        if last_mode_count > 2:
            for line in missing_feature("%d modes (either a false positive or a sample from an"
                                        " unknown encoder)" % last_mode_count, sample=True):
                log.warning(line)
        if last_mode_count > 63:
            log.error("Unsupported mode count: %d\n" % last_mode_count)
            raise InvalidData("too many modes")
        self.mode_count = last_mode_count
        self.mode_mask = ((1 << ((last_mode_count - 1).bit_length())) - 1) << 1 \
            if last_mode_count > 1 else 2
        self.prev_mask = (self.mode_mask | 1) + 1
        self.mode_blocksize = [0] * last_mode_count
        pos = framing
        for i in range(last_mode_count - 1, -1, -1):
            pos += 40
            self.mode_blocksize[i] = get(pos, 1)
            pos += 1
        self.valid = True
        self.previous = self.blocksize[0]

    def reset(self) -> None:
        self.previous = self.blocksize[0]

    def frame(self, data: bytes, log) -> tuple[int, int]:
        """(duration, flags) of one packet; duration < 0 for an invalid one."""
        if not data:
            return 0, 0
        b = data[0]
        if b & 1:
            flag = {1: FLAG_HEADER, 3: FLAG_COMMENT, 5: FLAG_SETUP}.get(b)
            if flag is None:
                log.error("Invalid packet\n")
                return -1, 0
            return 0, flag
        mode = 0 if self.mode_count == 1 else (b & self.mode_mask) >> 1
        if mode >= self.mode_count:
            log.error("Invalid mode in packet\n")
            return -1, 0
        prev = self.previous
        if self.mode_blocksize[mode]:
            prev = self.blocksize[1 if b & self.prev_mask else 0]
        cur = self.blocksize[self.mode_blocksize[mode]]
        self.previous = cur
        return (prev + cur) >> 2, 0


class _Priv:
    def __init__(self):
        self.packets = [None, None, None]
        self.vp: Parser | None = None
        self.final_pts = None
        self.final_duration = 0


def _xiph_len(n: int) -> bytes:
    return b"\xff" * (n // 255) + bytes([n % 255])


def _pack(tags) -> bytes:
    """av_packet_pack_dictionary: key NUL value NUL, for every entry."""
    return b"".join(k.encode("utf-8", "surrogateescape") + b"\0" + v.encode("utf-8", "surrogateescape")
                    + b"\0" for k, v in tags.items())


def _update_metadata(dmx, idx: int) -> bool:
    """vorbis_update_metadata: re-read the comment packet at the stream's packet position
    into fresh stream tags and queue them as a metadata update; False when it failed."""
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    if os.psize <= 8:
        return True
    from ...model import Tags
    st.tags = Tags()
    if stream_comment(dmx, st, bytes(os.buf[os.pstart + 7:os.pstart + os.psize - 1])) < 0:
        return False
    os.new_metadata = _pack(st.tags)
    return True


def header(dmx, idx: int) -> int:
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    pkt = os.packet()
    if os.private is None:
        os.private = _Priv()
    priv = os.private
    kind = pkt[0] if pkt else 0
    if not kind & 1:
        if priv.vp is not None:
            return 0
        raise InvalidData("vorbis header expected")
    if os.psize < 1 or kind > 5:
        raise InvalidData("bad vorbis header type")
    if priv.packets[kind >> 1] is not None:
        raise InvalidData("duplicate vorbis header")
    if (kind > 1 and priv.packets[0] is None) or (kind > 3 and priv.packets[1] is None):
        if priv.vp is not None:
            return 0
        raise InvalidData("vorbis header order")
    priv.packets[kind >> 1] = pkt
    par = st.codecpar
    if kind == 1:
        if os.psize != 30:
            raise InvalidData("bad identification header size")
        if int.from_bytes(pkt[7:11], "little"):
            raise InvalidData("vorbis version")
        channels = pkt[11]
        if par.channels and channels != par.channels:
            dmx.log.error("Channel change is not supported\n")
            raise Unsupported("channel change")
        par.channels = channels
        rate = int.from_bytes(pkt[12:16], "little", signed=True)
        par.bit_rate = int.from_bytes(pkt[20:24], "little", signed=True)
        bs0, bs1 = pkt[28] & 15, pkt[28] >> 4
        if bs0 > bs1 or bs0 < 6 or bs1 > 13:
            raise InvalidData("bad block sizes")
        if pkt[29] != 1:
            raise InvalidData("framing flag")
        par.codec_type = "audio"
        par.codec_name = "vorbis"
        if rate > 0:
            par.sample_rate = rate
            st.time_base = Rational(1, rate)
    elif kind == 3:
        if _update_metadata(dmx, idx) and len(priv.packets[1]) > 10:
            # keep only the vendor string in the extradata copy of the comment header
            new_len = 7 + 4 + int.from_bytes(priv.packets[1][7:11], "little") + 4 + 1
            if 16 <= new_len < os.psize:
                p1 = bytearray(priv.packets[1][:new_len])
                p1[new_len - 5:new_len - 1] = b"\0\0\0\0"
                p1[new_len - 1] = 1
                priv.packets[1] = bytes(p1)
    else:
        if priv.vp is not None:
            raise InvalidData("second setup header")
        if par.extradata:
            raise InvalidData("extradata exists")
        p0, p1, p2 = priv.packets
        par.extradata = b"\x02" + _xiph_len(len(p0)) + _xiph_len(len(p1)) + p0 + p1 + p2
        priv.packets = [None, None, None]
        try:
            priv.vp = Parser(p0, p2, dmx.log)
        except CineError:
            par.extradata = b""
            raise CineError("vorbis parser init") from None
    return 1


def packet(dmx, idx: int) -> None:
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    priv = os.private
    vp = priv.vp
    if vp is None:
        raise InvalidData("no vorbis parser")
    buf = os.buf
    log = dmx.log
    if (not os.lastpts) and not (os.flags & FLAG_EOS) and os.granule >= 0:
        vp.reset()
        d, flags = vp.frame(bytes(buf[os.pstart:os.pstart + 1]), log)
        if d < 0:
            os.pflags |= 2
            return
        if flags & FLAG_COMMENT:
            _update_metadata(dmx, idx)
        total = d
        last = nxt = os.pstart + os.psize
        for seg in range(os.segp, os.nsegs):
            if os.segments[seg] < 255:
                d, flags = vp.frame(bytes(buf[last:last + 1]), log)
                if d < 0:
                    total = os.granule
                    break
                if flags & FLAG_COMMENT:
                    _update_metadata(dmx, idx)
                total += d
                last = nxt + os.segments[seg]
            nxt += os.segments[seg]
        os.lastpts = os.lastdts = os.granule - total
        if not os.granule and total:
            os.lastpts = os.lastdts = None
        if st.start_time is None:
            st.start_time = max(os.lastpts, 0) if os.lastpts is not None else 0
            if st.duration is not None:
                st.duration -= st.start_time
        priv.final_pts = None
        vp.reset()
    if os.psize > 0:
        d, flags = vp.frame(bytes(buf[os.pstart:os.pstart + 1]), log)
        if d < 0:
            os.pflags |= 2
            return
        if flags & FLAG_COMMENT:
            _update_metadata(dmx, idx)
        os.pduration = d
    if os.flags & FLAG_EOS:
        if os.lastpts is not None:
            priv.final_pts = os.lastpts
            priv.final_duration = 0
        if os.segp == os.nsegs and priv.final_pts is not None:
            skip = priv.final_pts + priv.final_duration + os.pduration - os.granule
            if skip > 0:
                os.end_trimming = skip
            os.pduration = os.granule - priv.final_pts - priv.final_duration
        priv.final_duration += os.pduration
