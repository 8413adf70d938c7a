"""Per-track state of the MP4/MOV muxer (movenc.c MOVTrack/MOVIentry): the sample list with
file positions, sizes, decode times and composition offsets, chunking (build_chunks) and the
track's timing summary (start_dts, start_cts, end_pts, track_duration)."""
from __future__ import annotations

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


class Track:
    def __init__(self, st, mode: int):
        self.st = st
        self.par = st.codecpar
        self.mode = mode
        self.tag = 0
        self.timescale = 0
        self.language = 0
        self.height = 0
        self.samples: list[Sample] = []
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
        chunk = s[0]
        size = chunk.size
        chunk.chunk_num = 1
        if self.chunk_count:
            return
        self.chunk_count = 1
        for cur in s[1:]:
            if chunk.pos + size == cur.pos and size + cur.size < (1 << 20):
                size += cur.size
                chunk.samples_in_chunk += cur.entries
            else:
                cur.chunk_num = chunk.chunk_num + 1
                chunk = cur
                size = chunk.size
                self.chunk_count += 1
