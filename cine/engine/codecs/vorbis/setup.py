"""Vorbis decoder-init validation (Vorbis I specification sections 4.2.2 and 4.2.4,
identification and setup headers; codebook format section 3.2.1, floor 0/1 sections 6.2.1
and 7.2.2, residue section 8.6.1, mapping section 4.2.4.5, modes section 4.2.4.6).

FFmpeg 5.1.9's vorbis decoder refuses to open when any of these headers is inconsistent;
ffprobe then reports the stream without channels and exits 1. `decoder_init` walks the
headers with the same checks (and the same error lines) without building decode tables.
"""
from __future__ import annotations

from collections import Counter

V_MAX_VLCS = 1 << 16
V_MAX_PARTITIONS = 1 << 20


class _Bits:
    """LSB-first bit reader; bits past the end read as zero (the padded buffer)."""

    def __init__(self, data: bytes):
        self.data = bytes(data) + bytes(8)
        self.size = len(data) * 8
        self.pos = 0
        self._text = ""

    def get(self, n: int) -> int:
        if n == 0:
            return 0
        p = self.pos
        if p >= self.size + 8:
            return 0
        b = p >> 3
        v = int.from_bytes(self.data[b:b + 6], "little") >> (p & 7)
        self.pos = min(p + n, self.size + 8)
        return v & ((1 << n) - 1)

    def skip(self, n: int) -> None:
        """n reads' worth of bits (the position stops where get's does)."""
        if self.pos < self.size + 8:
            self.pos = min(self.pos + n, self.size + 8)

    def text(self) -> str:
        """The bits as '0'/'1' characters in stream order (the padding included)."""
        if not self._text:
            nbits = len(self.data) * 8
            raw = int.from_bytes(self.data, "little")
            self._text = bin(raw)[2:].zfill(nbits)[::-1] if raw else "0" * nbits
        return self._text

    def code_lengths(self, entries: int, sparse: int, out: list) -> int:
        """Unordered codebook lengths (section 3.2.1): out[i] = length or 0 (unused);
        returns the number used. Same values and end position as one get() per field."""
        p = self.pos
        if p >= self.size + 8:
            out[:entries] = [0] * entries if sparse else [1] * entries
            return 0 if sparse else entries
        s = self.text()
        if not sparse:
            end = p + 5 * entries
            if end > len(s):                          # runs past the end: zero bits there
                s = s + "0" * (end - len(s))
            out[:entries] = [_LEN5[s[q:q + 5]] for q in range(p, end, 5)]
            self.pos = min(end, self.size + 8)
            return entries
        used = 0
        ce = 0
        lens = [0] * entries
        while ce < entries:
            j = s.find("1", p, p + entries - ce)
            if j < 0:                                 # the rest of the entries are unused
                p += entries - ce
                break
            ce += j - p                               # one 0 bit per unused entry
            lens[ce] = _LEN5[(s[j + 1:j + 6] + "00000")[:5]]
            used += 1
            ce += 1
            p = j + 6
        out[:entries] = lens
        self.pos = min(p, self.size + 8)
        return used


# five bits in stream order (least significant first) -> codeword length (value + 1)
_LEN5 = {format(v, "05b")[::-1]: v + 1 for v in range(32)}


class _Err(Exception):
    pass


def ilog(v: int) -> int:
    return v.bit_length() if v > 0 else 0


def ordered_code_lengths(gb, entries: int, lengths: list) -> int:
    """An ordered codebook's code lengths (Vorbis I 3.2.1): runs of increasing lengths
    written into `lengths`; returns how many entries the runs claimed (more than `entries`
    is an error the caller reports)."""
    cur = 0
    length = gb.get(5) + 1
    while cur < entries and length <= 32:
        number = gb.get(ilog(entries - cur))
        for i in range(cur, min(cur + number, entries)):
            lengths[i] = length
        cur += number
        length += 1
    return cur


def nth_root(x: int, n: int) -> int:
    """ff_vorbis_nth_root: the largest r with r ** n <= x."""
    r = int(round(x ** (1.0 / n))) if x > 0 else 0
    while r > 0 and r ** n > x:
        r -= 1
    while (r + 1) ** n <= x:
        r += 1
    return r


def _float_finite(raw: int) -> bool:
    """vorbisfloat2float's result as a C float: finite unless it overflows."""
    mant = raw & 0x1FFFFF
    exp = (raw & 0x7FE00000) >> 21
    if not mant:
        return True
    return mant.bit_length() + exp - 788 <= 128


def _len2vlc(bits: list, num: int) -> bool:
    """True when the code lengths describe a complete prefix code (ff_vorbis_len2vlc).

    FFmpeg 5.1.9 hands out codewords greedily in entry order and fails on the first length
    that no longer fits, or when unused codewords are left at the end; that is the Kraft sum
    of the used lengths being exactly 1. A single used entry is always accepted.
    """
    counts = Counter(bits[:num])
    counts.pop(0, None)
    if sum(counts.values()) <= 1:
        return all(b <= 32 for b in counts)
    if any(b > 32 for b in counts):
        return False
    return sum(n << (32 - b) for b, n in counts.items()) == 1 << 32


class _Setup:
    def __init__(self, gb: _Bits, log, channels: int, blocksize1: int):
        self.gb = gb
        self.log = log
        self.channels = channels
        self.blocksize1 = blocksize1
        self.codebook_dims = []
        self.floor_count = 0
        self.residue_count = 0
        self.mapping_count = 0

    def fail(self, msg: str | None = None):
        if msg is not None:
            self.log.error(msg)
        raise _Err()

    def index(self, bits: int, limit: int, name: str, line: int) -> int:
        v = self.gb.get(bits)
        self.check_index(v, limit, name, line)
        return v

    def check_index(self, v: int, limit: int, name: str, line: int) -> None:
        if v >= limit:
            self.fail("Index value %d out of range (0 - %d) for %s at src/libavcodec/vorbisdec.c:%d\n"
                      % (v, limit - 1, name, line))

    def codebooks(self) -> None:
        gb = self.gb
        count = gb.get(8) + 1
        tmp_bits = [0] * V_MAX_VLCS          # reused across codebooks, as in the reference
        for cb in range(count):
            if gb.get(24) != 0x564342:
                self.fail(" %u. Codebook setup data corrupt.\n" % cb)
            dims = gb.get(16) & 0xFF           # FFmpeg 5.1.9 keeps it in 8 bits
            if dims > 16 or dims == 0:
                self.fail(" %u. Codebook's dimension is invalid (%d).\n" % (cb, dims))
            self.codebook_dims.append(dims)
            entries = gb.get(24)
            if entries > V_MAX_VLCS:
                self.fail(" %u. Codebook has too many entries (%u).\n" % (cb, entries))
            ordered = gb.get(1)
            if not ordered:
                sparse = gb.get(1)
                used = gb.code_lengths(entries, sparse, tmp_bits)
            else:
                used = entries
                cur = ordered_code_lengths(gb, entries, tmp_bits)
                if cur > used:
                    self.fail(" More codelengths than codes in codebook. \n")
            lookup = gb.get(4)
            if lookup == 1:
                values = nth_root(entries, dims)
                ok_min = _float_finite(gb.get(32))
                ok_delta = _float_finite(gb.get(32))
                value_bits = gb.get(4) + 1
                gb.get(1)
                if not ok_min or not ok_delta:
                    self.fail()
                gb.skip(values * value_bits)            # the multiplicands
                kept = [b for b in tmp_bits[:entries] if b]   # used entries, packed in front
                tmp_bits[:len(kept)] = kept
                entries = used
            elif lookup >= 2:
                self.fail("Codebook lookup type not supported. \n")
            if not _len2vlc(tmp_bits, entries):
                self.fail(" Invalid code lengths while generating vlcs. \n")

    def tdtransforms(self) -> None:
        for _ in range(self.gb.get(6) + 1):
            if self.gb.get(16):
                self.fail("Vorbis time domain transform data nonzero. \n")

    def floors(self) -> None:
        gb = self.gb
        ncb = len(self.codebook_dims)
        self.floor_count = gb.get(6) + 1
        for _ in range(self.floor_count):
            ftype = gb.get(16) & 0xFF          # FFmpeg 5.1.9 keeps it in 8 bits
            if ftype == 1:
                partitions = gb.get(5)
                pclass = [gb.get(4) for _ in range(partitions)]
                max_class = max(pclass) if pclass else -1
                dims = {}
                for j in range(max_class + 1):
                    dims[j] = gb.get(3) + 1
                    sub = gb.get(2)
                    if sub:
                        self.index(8, ncb, "floor_setup->data.t1.class_masterbook[j]", 554)
                    for _k in range(1 << sub):
                        b = gb.get(8) - 1
                        if b != -1:
                            self.check_index(b, ncb, "bits", 562)
                gb.get(2)
                rangebits = gb.get(4)
                if not rangebits and partitions:
                    self.fail("A rangebits value of 0 is not compliant with the Vorbis I "
                              "specification.\n")
                rangemax = 1 << rangebits
                if rangemax > self.blocksize1 // 2:
                    self.fail("Floor value is too large for blocksize: %u (%u)\n"
                              % (rangemax, self.blocksize1 // 2))
                xs = [0, rangemax]
                for j in range(partitions):
                    for _k in range(dims[pclass[j]]):
                        xs.append(gb.get(rangebits))
                if len(set(xs)) != len(xs):
                    self.fail("Duplicate value found in floor 1 X coordinates\n")
            elif ftype == 0:
                if not gb.get(8):
                    self.fail("Floor 0 order is 0.\n")
                if not gb.get(16):
                    self.fail("Floor 0 rate is 0.\n")
                if not gb.get(16):
                    self.fail("Floor 0 bark map size is 0.\n")
                gb.get(6)
                gb.get(8)
                for _ in range(gb.get(4) + 1):
                    self.index(8, ncb, "book_idx", 646)
            else:
                self.fail("Invalid floor type!\n")

    def residues(self) -> None:
        gb = self.gb
        ncb = len(self.codebook_dims)
        self.residue_count = gb.get(6) + 1
        for _ in range(self.residue_count):
            rtype = gb.get(16)
            begin = gb.get(24)
            end = gb.get(24)
            psize = gb.get(24) + 1
            if begin > end or (end - begin) // psize > min(V_MAX_PARTITIONS, 65535):
                self.fail("partition out of bounds: type, begin, end, size, blocksize: %u, %u, %u, "
                          "%u, %u\n" % (rtype, begin, end, psize, self.blocksize1 // 2))
            classifications = gb.get(6) + 1
            self.index(8, ncb, "res_setup->classbook", 729)
            cascade = []
            for _j in range(classifications):
                low = gb.get(3)
                high = gb.get(5) if gb.get(1) else 0
                cascade.append(((high << 3) + low) & 0xFF)
            for j in range(classifications):
                for k in range(8):
                    if cascade[j] & (1 << k):
                        self.index(8, ncb, "res_setup->books[j][k]", 757)

    def mappings(self) -> None:
        gb = self.gb
        ch = self.channels
        self.mapping_count = gb.get(6) + 1
        for i in range(self.mapping_count):
            if gb.get(16):
                self.fail("Other mappings than type 0 are not compliant with the Vorbis I "
                          "specification. \n")
            submaps = gb.get(4) + 1 if gb.get(1) else 1
            if gb.get(1):
                steps = gb.get(8) + 1
                if ch < 2:
                    self.fail("Square polar channel mapping with less than two channels is not "
                              "compliant with the Vorbis I specification.\n")
                for _ in range(steps):
                    self.index(ilog(ch - 1), ch, "mapping_setup->magnitude[j]", 815)
                    self.index(ilog(ch - 1), ch, "mapping_setup->angle[j]", 816)
            if gb.get(2):
                self.fail("%u. mapping setup data invalid.\n" % i)
            if submaps > 1:
                for _ in range(ch):
                    gb.get(4)
            for _ in range(submaps):
                gb.get(8)
                self.index(8, self.floor_count, "mapping_setup->submap_floor[j]", 842)
                self.index(8, self.residue_count, "mapping_setup->submap_residue[j]", 843)

    def modes(self) -> None:
        gb = self.gb
        for _ in range(gb.get(6) + 1):
            gb.get(1)
            gb.get(16)
            gb.get(16)
            self.index(8, self.mapping_count, "mode_setup->mapping", 908)


def _setup_header(data: bytes, log, channels: int, blocksize1: int) -> bool:
    gb = _Bits(data)
    if gb.get(8) != 5:
        log.error("Third header is not the setup header.\n")
        return False
    if bytes(gb.get(8) for _ in range(6)) != b"vorbis":
        log.error(" Vorbis setup header packet corrupt (no vorbis signature). \n")
        log.error("Setup header corrupt.\n")
        return False
    st = _Setup(gb, log, channels, blocksize1)
    for step, name in ((st.codebooks, "codebooks"), (st.tdtransforms, "time domain transforms"),
                       (st.floors, "floors"), (st.residues, "residues"),
                       (st.mappings, "mappings"), (st.modes, "modes")):
        try:
            step()
        except _Err:
            log.error(" Vorbis setup header packet corrupt (%s). \n" % name)
            log.error("Setup header corrupt.\n")
            return False
    if not gb.get(1):
        log.error(" Vorbis setup header packet corrupt (framing flag). \n")
        log.error("Setup header corrupt.\n")
        return False
    return True


class _Lines:
    """Collects error lines to replay them on the caller's logger."""

    def __init__(self):
        self.lines: list[str] = []

    def error(self, message: str) -> None:
        self.lines.append(message)


# find_stream_info runs the analyzers more than once on the same headers
_RESULTS: dict[tuple[bytes, bytes], tuple[bool, tuple[str, ...]]] = {}
_RESULTS_MAX = 32


def decoder_init(ident: bytes, setup: bytes, log) -> bool:
    """The identification and setup header checks of the decoder's init; False (after the
    reference's error lines) when it would refuse to open."""
    key = (bytes(ident), bytes(setup))
    hit = _RESULTS.get(key)
    if hit is None:
        lines = _Lines()
        hit = (_decoder_init(key[0], key[1], lines), tuple(lines.lines))
        if len(_RESULTS) >= _RESULTS_MAX:
            _RESULTS.clear()
        _RESULTS[key] = hit
    for line in hit[1]:
        log.error(line)
    return hit[0]


def _decoder_init(ident: bytes, setup: bytes, log) -> bool:
    gb = _Bits(ident)
    if gb.get(8) != 1:
        log.error("First header is not the id header.\n")
        return False
    err = None
    if bytes(gb.get(8) for _ in range(6)) != b"vorbis":
        err = " Vorbis id header packet corrupt (no vorbis signature). \n"
    else:
        gb.get(32)
        channels = gb.get(8)
        if channels <= 0:
            err = "Invalid number of channels\n"
        elif gb.get(32) <= 0:
            err = "Invalid samplerate\n"
        else:
            gb.get(32)
            gb.get(32)
            gb.get(32)
            bl0 = gb.get(4)
            bl1 = gb.get(4)
            if bl0 > 13 or bl0 < 6 or bl1 > 13 or bl1 < 6 or bl1 < bl0:
                err = " Vorbis id header packet corrupt (illegal blocksize). \n"
            elif not gb.get(1):
                err = " Vorbis id header packet corrupt (framing flag not set). \n"
    if err is not None:
        log.error(err)
        log.error("Id header corrupt.\n")
        return False
    return _setup_header(setup, log, channels, 1 << bl1)
