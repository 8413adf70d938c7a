"""Per-track state of the MP4/MOV muxer (movenc.c MOVTrack/MOVIentry): the sample list with
file positions, sizes, decode times and composition offsets, chunking (build_chunks) and the
track's timing summary (start_dts, start_cts, end_pts, track_duration).

The sample list is a SampleTable: one array per field (~52 bytes a sample, as compact as
movenc.c's MOVIentry array), read and written through light SampleRef views, so a muxer
holding hundreds of thousands of samples until the moov is written stays small."""
from __future__ import annotations

from array import array
from itertools import accumulate, compress, islice
from operator import add, ne

MODE_MP4, MODE_MOV, MODE_3GP, MODE_PSP, MODE_3G2, MODE_IPOD, MODE_ISM, MODE_F4V = \
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80
MOV_SYNC_SAMPLE = 0x0001
MOV_DISPOSABLE_SAMPLE = 0x0004
MOV_TRACK_CTTS = 0x0001
MOV_TRACK_ENABLED = 0x0004


class Sample:
    __slots__ = ("pos", "size", "dts", "pts", "cts", "flags", "samples_in_chunk", "entries",
                 "chunk_num")

    def __init__(self, pos, size, dts, pts, samples_in_chunk):
        self.pos = pos
        self.size = size
        self.dts = dts
        self.pts = pts
        self.cts = 0
        self.flags = 0
        self.samples_in_chunk = samples_in_chunk
        self.entries = samples_in_chunk
        self.chunk_num = 0


_NOPTS = -(1 << 63)           # a pts of None in the pts column
_FIELDS = (("pos", "q"), ("size", "I"), ("dts", "q"), ("pts", "q"), ("cts", "q"),
           ("flags", "I"), ("samples_in_chunk", "I"), ("entries", "I"), ("chunk_num", "I"))


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
        self.samples_in_chunk.append(s.samples_in_chunk)
        self.entries.append(s.entries)
        self.chunk_num.append(s.chunk_num)

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
    samples_in_chunk = _column_property("samples_in_chunk")
    entries = _column_property("entries")
    chunk_num = _column_property("chunk_num")

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
        """build_chunks: merge samples that are adjacent in the file into chunks of < 1 MiB."""
        s = self.samples
        if not isinstance(s, SampleTable):
            t = SampleTable()
            for x in s:
                t.append(x)
            self.samples = s = t
        pos, size, entries, sic, num = s.pos, s.size, s.entries, s.samples_in_chunk, s.chunk_num
        num[0] = 1
        if self.chunk_count:
            return
        n = len(pos)
        # runs of samples that follow each other in the file (C-level iteration); only a run
        # of 1 MiB or more needs the sample-by-sample split
        ends = map(add, pos, size)
        breaks = list(compress(range(1, n), map(ne, islice(pos, 1, None), ends)))
        breaks.append(n)
        cum = array("q", accumulate(size, initial=0))
        count = 0
        start = 0
        for stop in breaks:
            if cum[stop] - cum[start] < (1 << 20):
                # one chunk: samples start..stop-1
                count += 1
                num[start] = count
                if stop - start > 1:
                    sic[start] += sum(entries[start + 1:stop])
                start = stop
                continue
            head = start
            count += 1
            num[head] = count
            csize = size[head]
            for k in range(start + 1, stop):
                sz = size[k]
                if csize + sz < (1 << 20):
                    csize += sz
                    sic[head] += entries[k]
                else:
                    count += 1
                    num[k] = count
                    head = k
                    csize = sz
            start = stop
        self.chunk_count = count
