"""Demuxer state for mov/mp4 (the reference's MOVContext / MOVStreamContext): what the box
readers of ISO/IEC 14496-12 and QuickTime File Format fill in while the header is parsed.
"""
from __future__ import annotations

from array import array

from .boxes import tag

TAG_TMCD = tag("tmcd")


class TrackState:
    """MOVStreamContext: per-track tables and derived values (never printed directly)."""

    def __init__(self, index: int):
        self.ffindex = index
        self.time_scale = 0
        self.width = 0
        self.height = 0
        self.chunk_offsets: array | None = None
        self.stsc: list[list[int]] = []          # [first, count, id]
        self.stsz_sample_size = 0
        self.sample_size = 0
        self.sample_sizes: array | None = None
        self.sample_count = 0
        self.data_size = 0
        self.stts: list[list[int]] = []          # [count, duration]
        self.stts_seen = False
        self.ctts: list[list[int]] | None = None  # [count, duration] (raw box) then per-sample
        self.ctts_per_sample: array | None = None  # durations, one per index entry
        self.keyframes: array | None = None
        self.keyframe_absent = False
        self.stps: array | None = None
        self.sdtp: bytes | None = None
        self.elst: list[tuple[int, int]] | None = None   # (duration, media_time)
        self.rap_group: list[tuple[int, int]] = []
        self.sync_group: list[tuple[int, int]] = []
        self.dts_shift = 0
        self.time_offset = 0
        self.min_corrected_pts = -1
        self.start_pad = 0
        self.skip_samples = 0
        self.duration_for_fps = 0
        self.nb_frames_for_fps = 0
        self.track_end = 0
        self.stsd_version = 0
        self.stsd_count = 0
        self.stsd_entries_extradata: list[bytes] | None = None
        self.pseudo_stream_id = 0
        self.dref_id = 1
        self.format = 0
        self.audio_cid = 0
        self.samples_per_frame = 0
        self.bytes_per_frame = 0
        self.display_matrix: list[int] | None = None
        self.timecode_track = 0
        self.tmcd_flags = 0
        self.tmcd_nb_frames = 0
        self.has_sidx = False
        self.has_palette = False
        self.need_parsing = 0
        self.spherical = None
        self.stereo3d = None
        self.mastering = None
        self.coll = None
        self.sar: tuple[int, int] | None = None
        # sample index (AVIndexEntry arrays)
        self.ie_pos = array("q")
        self.ie_ts = array("q")
        self.ie_size = array("I")
        self.ie_flags = array("B")
        self.ie_virtual = 0     # fragment samples the reference indexes past the first unreadable
        self.rfps_dts: list[int] = []            # dts given to ff_rfps_add_frame while indexing
        # packet reading state
        self.current_sample = 0
        self.index_ranges: list[tuple[int, int]] | None = None
        self.ctts_index = 0
        self.ctts_sample = 0
        self.has_pb = True
        self.discard_all = False
        self.attached_pic: bytes | None = None


class FragStreamInfo:
    __slots__ = ("id", "sidx_pts", "tfdt_dts", "next_trun_dts", "first_tfra_pts", "index_entry",
                 "encryption_index")

    def __init__(self, track_id: int):
        self.id = track_id
        self.encryption_index = None         # encryption.EncIndex of this track fragment
        self.sidx_pts = None
        self.tfdt_dts = None
        self.next_trun_dts = None
        self.first_tfra_pts = None
        self.index_entry = -1


class FragItem:
    __slots__ = ("moof_offset", "headers_read", "current", "stream_info")

    def __init__(self, offset: int, ids: list[int]):
        self.moof_offset = offset
        self.headers_read = False
        self.current = 0
        self.stream_info = [FragStreamInfo(i) for i in ids]


class Fragment:
    def __init__(self):
        self.found_tfhd = False
        self.track_id = 0
        self.base_data_offset = 0
        self.moof_offset = 0
        self.implicit_offset = 0
        self.stsd_id = 0
        self.duration = 0
        self.size = 0
        self.flags = 0


class MovState:
    """MOVContext."""

    def __init__(self, ctx, source, log):
        self.fc = ctx
        self.source = source
        self.log = log
        self.seekable = source.seekable
        self.file_size = source.size if source.size is not None else -1
        self.isom = False
        self.time_scale = 0
        self.duration = 0
        self.found_moov = False
        self.found_mdat = False
        self.found_hdlr_mdta = False
        self.moov_retry = 0
        self.trak_index = -1
        self.itunes_metadata = False
        self.meta_keys: list[str | None] | None = None
        self.movie_display_matrix = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]   # zeroed until mvhd
        self.trex: list[dict] = []
        self.fragment = Fragment()
        self.frag_items: list[FragItem] = []
        self.frag_current = -1
        self.frag_complete = False
        self.chapter_tracks: list[int] = []
        self.bitrates: list[int] = []
        self.next_root_atom = 0
        self.atom_depth = 0
        self.is_still_picture_avif = False
        self.have_read_mfra_size = False
        self.mfra_size = 0
        self.handbrake_version = 0
        self.use_tfdt = True

    def last(self):
        """(stream, track state) of the track being parsed, or (None, None)."""
        if not self.fc.streams:
            return None, None
        st = self.fc.streams[-1]
        return st, st.priv
