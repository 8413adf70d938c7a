"""The indexes the AVI muxer writes (FFmpeg 5.1.9 libavformat/avienc.c behaviour): the legacy
'idx1' of the first RIFF, and the OpenDML ones of files over 1 GiB: a super index per stream
reserved in the header as a JUNK chunk ('indx' once used), the 'ix##' standard index closing
each RIFF's movi list, and the 'dmlh' total frame count.

`mx` is the AviMuxer: its pb, ctx, riff_id, movi_list, frames_hdr_all, master_index_max_size
and per-stream AviStream states.
"""
from __future__ import annotations

from .riff_write import parse_specific_params

# the fixed part of an 'indx' super index (chunk header included) and the size of an entry
MASTER_INDEX_PREFIX_SIZE = 8 + 2 + 1 + 1 + 4 + 8 + 4 + 4
MASTER_INDEX_ENTRY_SIZE = 16
MASTER_INDEX_SIZE_DEFAULT = 256
AVIIF_KEYFRAME = 0x10


def stream_fourcc(index: int, codec_type: str | None) -> bytes:
    """avi_stream2fourcc: '##dc' video, '##sb' subtitles, '##wb' anything else."""
    kind = b"dc" if codec_type == "video" else b"sb" if codec_type == "subtitle" else b"wb"
    return bytes((48 + index // 10, 48 + index % 10)) + kind


class IndexEntry:
    __slots__ = ("tag", "flags", "pos", "len")

    def __init__(self, tag, flags: int, pos: int, size: int):
        self.tag = tag          # None: the stream's data chunk id
        self.flags = flags
        self.pos = pos          # offset of the chunk header from the movi list's 'movi'
        self.len = size


def write_odml_master(mx, i: int) -> None:
    """The reserved (JUNK) super index of stream i: header and master_index_max_size
    empty entries."""
    pb = mx.pb
    st = mx.ctx.streams[i]
    ast = mx.avist[i]
    ast.indx_start = _start_tag(pb, "JUNK")
    pb.wl16(4)                  # wLongsPerEntry
    pb.w8(0)                    # bIndexSubType
    pb.w8(0)                    # bIndexType: index of indexes
    pb.wl32(0)                  # nEntriesInUse
    pb.write(stream_fourcc(i, st.codecpar.codec_type))
    pb.wl64(0)
    pb.wl32(0)
    pb.fill(0, mx.master_index_max_size * 16)
    _end_tag(pb, ast.indx_start)


def _update_odml_entry(mx, i: int, ix: int, size: int) -> None:
    pb = mx.pb
    ast = mx.avist[i]
    st = mx.ctx.streams[i]
    pos = pb.tell()
    n = mx.riff_id - ast.master_odml_riff_id_base
    pb.seek(ast.indx_start - 8)
    pb.fourcc("indx")
    pb.seek(ast.indx_start + 4)
    pb.wl32(n)
    pb.seek(ast.indx_start + 8 + 16 * n)
    pb.wl64(ix)
    pb.wl32(size)
    _rate, ssize, _scale = parse_specific_params(st)
    if st.codecpar.codec_type == "audio" and ssize > 0:
        segment = (ast.audio_strm_length - ast.audio_strm_offset) & 0xFFFFFFFF
        if segment % ssize and not ast.sample_requested:
            from ...codecs.missing import missing_feature
            for line in missing_feature("OpenDML index duration for audio packets with "
                                        "partial frames", sample=True):
                mx.log.warning(line)
            ast.sample_requested = True
        pb.wl32(segment // ssize)
    else:
        pb.wl32(len(ast.entries))
    pb.seek(pos)


def write_ix(mx) -> None:
    """avi_write_ix: each stream's standard index of the RIFF that ends, and its super index
    entry (a new super index is started inline when the reserved one is full)."""
    pb = mx.pb
    n = len(mx.ctx.streams)
    for i in range(n):
        ast = mx.avist[i]
        if mx.riff_id - ast.master_odml_riff_id_base == mx.master_index_max_size:
            size = MASTER_INDEX_PREFIX_SIZE + MASTER_INDEX_ENTRY_SIZE * mx.master_index_max_size
            pos = pb.tell()
            _update_odml_entry(mx, i, pos, size)
            write_odml_master(mx, i)
            ast.master_odml_riff_id_base = mx.riff_id - 1
    for i in range(n):
        ast = mx.avist[i]
        tag = stream_fourcc(i, mx.ctx.streams[i].codecpar.codec_type)
        ix = pb.tell()
        pb.write(b"ix0" + bytes((48 + i,)))
        pb.wl32(len(ast.entries) * 8 + 24)
        pb.wl16(2)              # wLongsPerEntry
        pb.w8(0)                # bIndexSubType
        pb.w8(1)                # bIndexType: index of chunks
        pb.wl32(len(ast.entries))
        pb.write(tag)
        pb.wl64(mx.movi_list)   # qwBaseOffset
        pb.wl32(0)
        body = bytearray()
        for e in ast.entries:
            body += ((e.pos + 8) & 0xFFFFFFFF).to_bytes(4, "little")
            body += ((e.len & 0x7FFFFFFF)
                     | (0 if e.flags & AVIIF_KEYFRAME else 0x80000000)).to_bytes(4, "little")
        pb.write(bytes(body))
        _update_odml_entry(mx, i, ix, pb.tell() - ix)


def write_idx1(mx) -> None:
    """avi_write_idx1: the entries of every stream merged in file order, then the frame
    counters of the headers."""
    pb = mx.pb
    if not pb.seekable:
        return
    start = _start_tag(pb, "idx1")
    streams = mx.ctx.streams
    lists = [a.entries for a in mx.avist]
    cursor = [0] * len(lists)
    body = bytearray()
    while True:
        best = -1
        best_pos = 0
        for i, entries in enumerate(lists):
            if cursor[i] >= len(entries):
                continue
            pos = entries[cursor[i]].pos
            if best < 0 or pos < best_pos:
                best, best_pos = i, pos
        if best < 0:
            break
        e = lists[best][cursor[best]]
        body += e.tag if e.tag else stream_fourcc(best, streams[best].codecpar.codec_type)
        body += (e.flags & 0xFFFFFFFF).to_bytes(4, "little")
        body += (e.pos & 0xFFFFFFFF).to_bytes(4, "little")
        body += (e.len & 0xFFFFFFFF).to_bytes(4, "little")
        cursor[best] += 1
    pb.write(bytes(body))
    _end_tag(pb, start)
    write_counters(mx, mx.riff_id)


def write_counters(mx, riff_id: int) -> None:
    """avi_write_counters: each stream header's dwLength (packets, or bytes / sample size)
    and, in the first RIFF, the main header's dwTotalFrames (video packets)."""
    pb = mx.pb
    file_size = pb.tell()
    nb_frames = 0
    for st, ast in zip(mx.ctx.streams, mx.avist):
        pb.seek(ast.frames_hdr_strm)
        _rate, ssize, _scale = parse_specific_params(st)
        if ssize == 0:
            pb.wl32(ast.packet_count)
        else:
            pb.wl32(ast.audio_strm_length // ssize)
        if st.codecpar.codec_type == "video":
            nb_frames = max(nb_frames, ast.packet_count)
    if riff_id == 1:
        pb.seek(mx.frames_hdr_all)
        pb.wl32(nb_frames)
    pb.seek(file_size)


def write_dmlh_frames(mx) -> None:
    """The trailer of an OpenDML file: the reserved 'odml' JUNK becomes a LIST whose dmlh
    holds the total frame count (video frames, plus MPEG audio packets)."""
    pb = mx.pb
    file_size = pb.tell()
    pb.seek(mx.odml_list - 8)
    pb.fourcc("LIST")
    pb.seek(mx.odml_list + 12)
    nb_frames = 0
    for st, ast in zip(mx.ctx.streams, mx.avist):
        par = st.codecpar
        if par.codec_type == "video":
            nb_frames = max(nb_frames, ast.packet_count)
        elif par.codec_name in ("mp2", "mp3"):
            nb_frames += ast.packet_count
    pb.wl32(nb_frames)
    pb.seek(file_size)
    write_counters(mx, mx.riff_id)


def _start_tag(pb, tag: str) -> int:
    from ..wav_mux import start_tag
    return start_tag(pb, tag)


def _end_tag(pb, start: int) -> None:
    from ..wav_mux import end_tag
    end_tag(pb, start)
