"""Common encryption of mov/mp4 tracks (ISO/IEC 23001-7: schm, tenc, senc, saiz/saio; the pssh
box lives in video_props): the per-sample encryption parameters and the "Encryption info"
packet side data FFmpeg 5.1.9's mov demuxer attaches when it has no decryption key.

The side data bytes are libavutil's AVEncryptionInfo serialisation: six big-endian 32-bit
words (scheme, crypt_byte_block, skip_byte_block, key id size, iv size, subsample count), the
16-byte key id, the 16-byte IV, then (clear, protected) 32-bit pairs per subsample.
"""
from __future__ import annotations

import errno
import struct

from ...errors import CineError, InvalidData, Unsupported
from ...model import SideData
_BE_SCHEMES = {int.from_bytes(s, "big") for s in (b"cenc", b"cens", b"cbc1", b"cbcs")}
INT_MAX = 0x7FFFFFFF
_READ_CHUNK = 65536


class EncInfo:
    """AVEncryptionInfo: what one sample (or the track default) is encrypted with."""

    __slots__ = ("scheme", "crypt_byte_block", "skip_byte_block", "key_id", "iv", "subsamples")

    def __init__(self):
        self.scheme = 0
        self.crypt_byte_block = 0
        self.skip_byte_block = 0
        self.key_id = bytes(16)
        self.iv = bytes(16)
        self.subsamples: tuple = ()

    def clone(self) -> "EncInfo":
        e = EncInfo()
        e.scheme = self.scheme
        e.crypt_byte_block = self.crypt_byte_block
        e.skip_byte_block = self.skip_byte_block
        e.key_id = self.key_id
        e.iv = self.iv
        e.subsamples = self.subsamples
        return e

    def side_data(self) -> bytes:
        """av_encryption_info_add_side_data."""
        head = struct.pack(">6I", self.scheme, self.crypt_byte_block, self.skip_byte_block,
                           len(self.key_id), len(self.iv), len(self.subsamples))
        subs = b"".join(struct.pack(">II", c, p) for c, p in self.subsamples)
        return head + self.key_id + self.iv + subs


class EncIndex:
    """MOVEncryptionIndex: the per-sample infos of a track or of one track fragment.

    `samples` is None while every counted sample is a copy of the default (nothing was read
    per sample), so a hostile count costs no memory."""

    __slots__ = ("nb", "samples", "aux_count", "aux_default_size", "aux_sizes", "aux_offsets")

    def __init__(self):
        self.nb = 0                     # nb_encrypted_samples
        self.samples: list | None = None
        self.aux_count = 0              # auxiliary_info_sample_count (saiz)
        self.aux_default_size = 0
        self.aux_sizes = b""
        self.aux_offsets: list[int] = []

    def sample(self, i: int, default: EncInfo) -> EncInfo:
        return default if self.samples is None else self.samples[i]


class TrackCenc:
    """MOVStreamContext.cenc."""

    __slots__ = ("default", "per_sample_iv_size", "index", "frag_index_entry_base")

    def __init__(self):
        self.default: EncInfo | None = None
        self.per_sample_iv_size = 0
        self.index: EncIndex | None = None
        self.frag_index_entry_base = 0


def _cenc(sc) -> TrackCenc:
    cenc = getattr(sc, "cenc", None)
    if cenc is None:
        cenc = sc.cenc = TrackCenc()
    return cenc


def _default(sc) -> EncInfo:
    cenc = _cenc(sc)
    if cenc.default is None:
        cenc.default = EncInfo()
    return cenc.default


# ---------------------------------------------------------------------- track-level boxes
def read_schm(c, pb, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if sc.pseudo_stream_id != 0:
        c.log.error("schm boxes are only supported in first sample descriptor\n")
        raise Unsupported("schm")
    if size < 8:
        raise InvalidData("schm")
    pb.rb32()
    _default(sc).scheme = pb.rb32()


def read_tenc(c, pb, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if sc.pseudo_stream_id != 0:
        c.log.error("tenc atom are only supported in first sample descriptor\n")
        raise Unsupported("tenc")
    cenc = _cenc(sc)
    default = _default(sc)
    if size < 20:
        raise InvalidData("tenc")
    version = pb.r8()
    pb.rb24()
    pb.r8()
    pattern = pb.r8()
    if version > 0:
        default.crypt_byte_block = pattern >> 4
        default.skip_byte_block = pattern & 0xF
    is_protected = pb.r8()
    if is_protected and cenc.index is None:
        cenc.index = EncIndex()
    cenc.per_sample_iv_size = pb.r8()
    if cenc.per_sample_iv_size not in (0, 8, 16):
        c.log.error("invalid per-sample IV size value\n")
        raise InvalidData("tenc iv size")
    kid = pb.read(16)
    if len(kid) != 16:
        c.log.error("failed to read the default key ID\n")
        raise InvalidData("tenc key id")
    default.key_id = kid
    if is_protected and not cenc.per_sample_iv_size:
        iv_size = pb.r8()
        if iv_size not in (8, 16):
            c.log.error("invalid default_constant_IV_size in tenc atom\n")
            raise InvalidData("tenc constant iv size")
        iv = pb.read(iv_size)
        # the bytes read land in the 16-byte IV (an 8-byte one leaves the rest as it was)
        default.iv = iv + default.iv[len(iv):]
        if len(iv) != iv_size:
            c.log.error("failed to read the default IV\n")
            raise InvalidData("tenc iv")


# ---------------------------------------------------------------------- per-sample boxes
def _current_index(c):
    """get_current_encryption_info: (track state, index) of the track fragment being read, or
    of the last track outside fragments; None when that track is not encrypted."""
    from .fragments import current_info
    si = current_info(c)
    if si is not None:
        st = None
        for s in c.fc.streams:
            if s.id == si.id:
                st = s
                break
        if st is None:
            return None
        sc = st.priv
        if si.encryption_index is None:
            cenc = getattr(sc, "cenc", None)
            if cenc is None or cenc.default is None:
                return None
            si.encryption_index = EncIndex()
        return sc, si.encryption_index
    if not c.fc.streams:
        return None
    sc = c.fc.streams[-1].priv
    cenc = getattr(sc, "cenc", None)
    if cenc is None:
        return None
    if cenc.index is None:
        if cenc.default is None:
            return None
        cenc.index = EncIndex()
    return sc, cenc.index


def _read_sample(c, pb, cenc: TrackCenc, use_subsamples: bool) -> EncInfo:
    """mov_read_sample_encryption_info: a copy of the default with the sample's IV and
    subsamples."""
    if cenc.default is None:
        c.log.error("Missing schm or tenc\n")
        raise InvalidData("missing schm or tenc")
    e = cenc.default.clone()
    n = cenc.per_sample_iv_size
    if n:
        iv = pb.read(n)
        if len(iv) < n:
            c.log.error("failed to read the initialization vector\n")
            raise InvalidData("short iv")
        e.iv = iv + e.iv[n:]
    if use_subsamples:
        count = pb.rb16()
        subs = []
        i = 0
        while i < count and not pb.eof:
            clear = pb.rb16()
            subs.append((clear, pb.rb32()))
            i += 1
        if pb.eof:
            c.log.error("hit EOF while reading sub-sample encryption info\n")
            raise InvalidData("subsamples")
        e.subsamples = tuple(subs)
    return e


def _reads_nothing(cenc: TrackCenc, use_subsamples: bool) -> bool:
    return not cenc.per_sample_iv_size and not use_subsamples


def read_senc(c, pb, t: int, size: int) -> None:
    got = _current_index(c)
    if got is None:
        return
    sc, index = got
    if index.nb:
        c.log.debug("Ignoring duplicate encryption info in senc\n")
        return
    cenc = sc.cenc
    pb.r8()
    use_subsamples = bool(pb.rb24() & 0x02)
    count = pb.rb32()
    if count >= INT_MAX // 8:
        raise CineError("senc sample count", code=-errno.ENOMEM)
    if count and cenc.default is not None and _reads_nothing(cenc, use_subsamples):
        # every sample is the default: nothing to read, nothing to keep per sample
        if pb.eof:
            c.log.error("Hit EOF while reading senc\n")
            raise InvalidData("senc eof")
        index.samples = None
        index.nb = count
        return
    samples = []
    r = _Spill(c, pb)
    try:
        for _ in range(count):
            try:
                samples.append(_read_sample(c, r, cenc, use_subsamples))
            except CineError:
                if r.eof:
                    c.log.error("Hit EOF while reading senc\n")
                    raise InvalidData("senc eof") from None
                raise
            if r.eof:
                c.log.error("Hit EOF while reading senc\n")
                raise InvalidData("senc eof")
    finally:
        r.close()
    index.samples = samples
    index.nb = count


def _aux_header(c, pb, sc, name: str) -> bool:
    """The version/flags/aux_info_type prologue shared by saiz and saio: False when the box is
    to be ignored."""
    cenc = getattr(sc, "cenc", None)
    default = cenc.default if cenc is not None else None
    if pb.rb24() & 0x01:
        aux_type = pb.rb32()
        aux_param = pb.rb32()
        if default is not None:
            if aux_type != default.scheme:
                c.log.debug("Ignoring %s box with non-zero aux_info_type\n" % name)
                return False
            if aux_param != 0:
                c.log.debug("Ignoring %s box with non-zero aux_info_type_parameter\n" % name)
                return False
        else:
            if aux_type in _BE_SCHEMES and aux_param == 0:
                c.log.error("Saw encrypted %s without schm/tenc\n" % name)
                raise InvalidData("%s without schm/tenc" % name)
            return False
    elif default is None:
        return False
    return True


def _aux_box(c, name: str, seen) -> tuple | None:
    """(stream context, encryption index) a saiz/saio box of the current track fills; None
    when it is to be ignored (the samples already have their info). seen(index): this kind
    of box was read already (an error)."""
    got = _current_index(c)
    if got is None:
        return None
    sc, index = got
    if index.nb:
        c.log.debug("Ignoring duplicate encryption info in %s\n" % name)
        return None
    if seen(index):
        c.log.error("Duplicate %s atom\n" % name)
        raise InvalidData("duplicate %s" % name)
    return got


def read_saiz(c, pb, t: int, size: int) -> None:
    got = _aux_box(c, "saiz", lambda index: index.aux_count)
    if got is None:
        return
    sc, index = got
    pb.r8()
    if not _aux_header(c, pb, sc, "saiz"):
        return
    index.aux_default_size = pb.r8()
    count = pb.rb32()
    index.aux_count = count
    if index.aux_default_size == 0:
        r = _Spill(c, pb)
        sizes = r.read(count)
        r.close()
        if len(sizes) != count:
            c.log.error("Failed to read the auxiliary info\n")
            raise InvalidData("saiz sizes")
        index.aux_sizes = sizes
    if index.aux_offsets:
        _parse_aux(c, sc, index)


def read_saio(c, pb, t: int, size: int) -> None:
    got = _aux_box(c, "saio", lambda index: index.aux_offsets)
    if got is None:
        return
    sc, index = got
    version = pb.r8()
    if not _aux_header(c, pb, sc, "saio"):
        return
    count = pb.rb32()
    if count >= INT_MAX // 8:
        raise CineError("saio entry count", code=-errno.ENOMEM)
    base = c.fragment.base_data_offset if c.frag_current >= 0 else 0
    offsets = []
    r = _Spill(c, pb)
    i = 0
    while i < count and not r.eof:
        off = r.rb32() if version == 0 else r._int(8)
        offsets.append((off + base) & 0xFFFFFFFFFFFFFFFF)
        i += 1
    r.close()
    if r.eof:
        c.log.error("Hit EOF while reading saio\n")
        raise InvalidData("saio eof")
    index.aux_offsets = offsets
    if index.aux_count:
        _parse_aux(c, sc, index)


class _FileReader:
    """avio reads from an absolute file position, fetched in blocks (eof like Bio)."""

    def __init__(self, src, pos: int):
        self.src = src
        self.buf = b""
        self.pos = 0
        self.eof = False
        self._done = False
        src.seek(pos)

    def _fill(self, n: int) -> None:
        while len(self.buf) - self.pos < n and not self._done:
            chunk = self.src.read(max(_READ_CHUNK, n))
            if not chunk:
                self._done = True
                break
            self.buf = self.buf[self.pos:] + chunk
            self.pos = 0

    def read(self, n: int) -> bytes:
        self._fill(n)
        out = self.buf[self.pos:self.pos + n]
        self.pos += len(out)
        if len(out) < n:
            self.eof = True
        return out

    def _int(self, n: int) -> int:
        b = self.read(n)
        return int.from_bytes(b + bytes(n - len(b)), "big")     # avio_r8 gives 0 at EOF

    def rb16(self) -> int:
        return self._int(2)

    def rb32(self) -> int:
        return self._int(4)


class _Spill:
    """Reads a box payload held in memory and, past its end, the file bytes that follow it
    (avio reads on through the file); close() leaves the box reader past its end by what was
    read beyond, so the container walk reports the overread as the reference does."""

    def __init__(self, c, pb):
        self.c = c
        self.pb = pb
        self.more: _FileReader | None = None
        self.spilled = 0
        self.eof = False
        self._here = None

    def read(self, n: int) -> bytes:
        pb = self.pb
        out = b""
        if self.more is None:
            take = min(n, max(0, pb.remaining))
            out = pb.read(take)
            if len(out) == n:
                return out
            src = self.c.source
            if not self.c.seekable:
                self.eof = True
                return out
            self._here = src.tell()
            self.more = _FileReader(src, pb.base + pb.end)
        need = n - len(out)
        size = self.c.source.size
        if size is not None and need > size - (self.pb.base + self.pb.end + self.spilled):
            # the file ends first: the read fails whatever it would copy (no huge buffer)
            self.eof = True
            return out
        extra = self.more.read(need)
        self.spilled += len(extra)
        out += extra
        if len(out) < n:
            self.eof = True
        return out

    def _int(self, n: int) -> int:
        b = self.read(n)
        return int.from_bytes(b + bytes(n - len(b)), "big")

    def rb16(self) -> int:
        return self._int(2)

    def rb32(self) -> int:
        return self._int(4)

    def close(self) -> None:
        if self.more is not None:
            self.c.source.seek(self._here)
            self.pb.pos = self.pb.end + self.spilled
        if self.eof:
            self.pb.eof = True


def _parse_aux(c, sc, index: EncIndex) -> None:
    """mov_parse_auxiliary_info: the sample infos saio points at, sized by saiz."""
    if index.nb:
        return
    count = index.aux_count
    if len(index.aux_offsets) != 1:
        c.log.error("Multiple auxiliary info chunks are not supported\n")
        raise Unsupported("multiple auxiliary info chunks")
    if count >= INT_MAX // 8:
        raise CineError("saiz sample count", code=-errno.ENOMEM)
    src = c.source
    target = index.aux_offsets[0]
    size = src.size if src.size is not None else -1
    if not c.seekable or target < 0 or (size >= 0 and target > size):
        c.log.info("Failed to seek for auxiliary info, will only parse senc atoms for "
                   "encryption info\n")
        return
    cenc = sc.cenc
    if not cenc.per_sample_iv_size and not index.aux_default_size and not any(index.aux_sizes):
        # every info is empty: each sample is a copy of the default, nothing is read
        index.samples = None
        index.nb = count
        return
    here = src.tell()
    try:
        r = _FileReader(src, target)
        samples = []
        i = 0
        while i < count and not r.eof:
            info_size = index.aux_default_size or index.aux_sizes[i]
            samples.append(_read_sample(c, r, cenc, info_size > cenc.per_sample_iv_size))
            i += 1
        if r.eof:
            c.log.error("Hit EOF while reading auxiliary info\n")
            raise InvalidData("aux info eof")
        index.samples = samples
        index.nb = count
    finally:
        src.seek(here)


# ---------------------------------------------------------------------- packets
def packet_side_data(c, st, sc, current_index: int, pkt) -> None:
    """cenc_filter without a key: the packet's "Encryption info" side data, or the error."""
    cenc = sc.cenc
    from .fragments import stream_info
    si = stream_info(c, c.frag_current, st.id)
    enc_i = current_index
    index = None
    if si is not None:
        # FFmpeg 5.1.9: only the first sample description carries encryption info
        if c.fragment.stsd_id == 1:
            if si.encryption_index is not None:
                if not current_index and si.index_entry:
                    cenc.frag_index_entry_base = si.index_entry
                enc_i = current_index - (si.index_entry - cenc.frag_index_entry_base)
                index = si.encryption_index
            else:
                index = cenc.index
    else:
        index = cenc.index
    if index is None:
        return
    if index.aux_count and not index.nb:
        c.log.error("saiz atom found without saio\n")
        raise InvalidData("saiz without saio")
    if index.aux_offsets and not index.nb:
        c.log.error("saio atom found without saiz\n")
        raise InvalidData("saio without saiz")
    if not index.nb:
        info = cenc.default
    elif 0 <= enc_i < index.nb:
        info = index.sample(enc_i, cenc.default)
    else:
        c.log.error("Incorrect number of samples in encryption info\n")
        raise InvalidData("encryption info count")
    pkt.side_data.append(SideData("Encryption info", [], info.side_data()))
