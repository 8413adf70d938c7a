"""Per-track state of the MP4/MOV muxer (movenc.c MOVTrack/MOVIentry): the sample list with
file positions, sizes, decode times and composition offsets, chunking (build_chunks) and the
track's timing summary (start_dts, start_cts, end_pts, track_duration).

The sample list is a SampleTable: one array per field (~52 bytes a sample, as compact as
movenc.c's MOVIentry array), read and written through light SampleRef views, so a muxer
holding hundreds of thousands of samples until the moov is written stays small."""
from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import accumulate, compress, islice
from operator import add, ne, sub

MODE_MP4, MODE_MOV, MODE_3GP, MODE_PSP, MODE_3G2, MODE_IPOD, MODE_ISM, MODE_F4V = \
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80
MOV_SYNC_SAMPLE = 0x0001
MOV_DISPOSABLE_SAMPLE = 0x0004
MOV_TRACK_CTTS = 0x0001
MOV_TRACK_ENABLED = 0x0004


class Sample:
    __slots__ = ("pos", "size", "dts", "pts", "cts", "flags", "entries")

    def __init__(self, pos, size, dts, pts, samples_in_chunk):
        self.pos = pos
        self.size = size
        self.dts = dts
        self.pts = pts
        self.cts = 0
        self.flags = 0
        self.entries = samples_in_chunk


_NOPTS = -(1 << 63)           # a pts of None in the pts column
_FIELDS = (("pos", "q"), ("size", "I"), ("dts", "q"), ("pts", "q"), ("cts", "q"),
           ("flags", "I"), ("entries", "I"))


class SampleTable:
    """The samples of a track as parallel column arrays. Indexing gives a SampleRef (reads
    and writes go to the columns), iteration yields them in order; append() takes a Sample
    (or anything with its fields). The columns are public for bulk box writing."""

    __slots__ = tuple(name for name, _ in _FIELDS)

    def __init__(self):
        for name, code in _FIELDS:
            setattr(self, name, array(code))

    def __len__(self) -> int:
        return len(self.pos)

    def __bool__(self) -> bool:
        return len(self.pos) > 0

    def __getitem__(self, i):
        n = len(self.pos)
        if isinstance(i, slice):
            return [SampleRef(self, k) for k in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("sample index out of range")
        return SampleRef(self, i)

    def __iter__(self):
        for k in range(len(self.pos)):
            yield SampleRef(self, k)

    def append(self, s) -> None:
        self.pos.append(s.pos)
        self.size.append(s.size)
        self.dts.append(s.dts)
        self.pts.append(_NOPTS if s.pts is None else s.pts)
        self.cts.append(s.cts)
        self.flags.append(s.flags)
        self.entries.append(s.entries)

    def clear(self) -> None:
        for name, code in _FIELDS:
            setattr(self, name, array(code))


def _column_property(name: str):
    def get(ref):
        return getattr(ref.table, name)[ref.index]

    def put(ref, value):
        getattr(ref.table, name)[ref.index] = value
    return property(get, put)


class SampleRef:
    """One sample of a SampleTable, with the attributes of a Sample."""

    __slots__ = ("table", "index")

    def __init__(self, table: SampleTable, index: int):
        self.table = table
        self.index = index

    pos = _column_property("pos")
    size = _column_property("size")
    dts = _column_property("dts")
    cts = _column_property("cts")
    flags = _column_property("flags")
    entries = _column_property("entries")

    @property
    def pts(self):
        v = self.table.pts[self.index]
        return None if v == _NOPTS else v

    @pts.setter
    def pts(self, value):
        self.table.pts[self.index] = _NOPTS if value is None else value


def columns(samples, *names):
    """The named fields of every sample as sequences: the SampleTable's own columns, or lists
    built from a plain list of Sample objects."""
    if isinstance(samples, SampleTable):
        return tuple(getattr(samples, n) for n in names)
    out = tuple([getattr(s, n) for s in samples] for n in names)
    if "pts" in names:
        k = names.index("pts")
        out[k][:] = [_NOPTS if v is None else v for v in out[k]]
    return out


class Track:
    def __init__(self, st, mode: int):
        self.st = st
        self.par = st.codecpar
        self.mode = mode
        self.tag = 0
        self.timescale = 0
        self.language = 0
        self.height = 0
        self.samples = SampleTable()
        self.start_dts = None
        self.start_cts = None
        self.end_pts = None
        self.track_duration = 0
        self.sample_count = 0
        self.sample_size = 0
        self.audio_vbr = False
        self.has_keyframes = 0
        self.has_disposable = 0
        self.flags = 0
        self.vos_data = b""
        self.track_id = 0
        self.time = 0
        self.chunk_count = 0
        # build_chunks: the first sample of each chunk and the samples (stsz entries) in it
        self.chunk_heads = array("q")
        self.chunk_samples = array("q")
        self._chunked = None            # (the position column they were built from)
        self.data_offset = 0
        self.dac3 = b""
        self.is_cover = False
        self.is_chapter = False
        self.last_sample_is_subtitle_end = False
        self.tref = None              # (tag, track id)
        self.cover_image = None
        self.mdat_buf = bytearray()       # fragment mode: this track's pending sample data
        self.end_reliable = False
        self.frag_info: list[tuple[int, int]] = []   # (time, offset) of each fragment

    def cpb_props(self):
        for sd in self.st.side_data:
            if sd.type == "CPB properties":
                return {k: int(v) for k, v in sd.fields if isinstance(v, int) or str(v).lstrip("-").isdigit()}
        return None

    def build_chunks(self) -> None:
        """build_chunks: merge samples that are adjacent in the file into chunks of < 1 MiB
        (chunk_heads, chunk_samples: movenc.c's chunkNum and samples_in_chunk of the samples
        that start a chunk)."""
        s = self.samples
        if not isinstance(s, SampleTable):
            t = SampleTable()
            for x in s:
                t.append(x)
            self.samples = s = t
        pos, size, entries = s.pos, s.size, s.entries
        n = len(pos)
        if self.chunk_count:
            # (built once: a table emptied and filled again since keeps one chunk mark, on
            # its first sample)
            if self._chunked is not pos:
                self.chunk_heads = array("q", [0])
                self.chunk_samples = array("q", entries[:1])
                self._chunked = pos
            return
        # runs of samples that follow each other in the file (C-level iteration); a run of
        # 1 MiB or more is split where the next sample would take a chunk to 1 MiB
        limit = 1 << 20
        cum = None
        if pos[-1] + size[-1] - pos[0] == sum(size):
            # (one track's samples back to back, as an audio extraction writes them: one run
            # if each sample starts where the last ended; cum is then their positions)
            cum = array("q", accumulate(size, initial=pos[0]))
            if cum[:-1] != pos:
                cum = None
        if cum is not None:
            heads = [0]
            stops = [n]
        else:
            ends = map(add, pos, size)
            heads = [0]
            heads += compress(range(1, n), map(ne, islice(pos, 1, None), ends))
            stops = heads[1:]
            stops.append(n)
        lens = array("q", map(sub, stops, heads))
        if len(heads) < n and max(lens) * max(size) >= limit:
            if cum is None:
                cum = array("q", accumulate(size, initial=0))
            if max(map(sub, map(cum.__getitem__, stops), map(cum.__getitem__, heads))) >= limit:
                runs = heads
                heads = []
                for start, stop in zip(runs, stops):
                    if cum[stop] - cum[start] < limit:
                        heads.append(start)
                        continue
                    while start < stop:
                        heads.append(start)
                        # the first sample past the chunk: the one that would bring it to 1 MiB
                        start = bisect_left(cum, cum[start] + limit, start + 2, stop + 1) - 1
                stops = heads[1:]
                stops.append(n)
                lens = array("q", map(sub, stops, heads))
        if max(entries) == 1:
            counts = lens
        else:
            ce = array("q", accumulate(entries, initial=0))
            counts = array("q", map(sub, map(ce.__getitem__, stops), map(ce.__getitem__, heads)))
        self.chunk_heads = array("q", heads)
        self.chunk_samples = counts
        self._chunked = pos
        self.chunk_count = len(heads)
