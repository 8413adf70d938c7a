"""H264Decoder behaviour beyond bit-exactness: -skip_frame levels, Unsupported for what it does
not decode, frame properties, and damaged input (only CineError, never another exception)."""
from __future__ import annotations

import random

import pytest

from cine.engine.codecs.h264.avcc import split_annexb
from cine.engine.codecs.h264.decoder import H264Decoder
from cine.engine.errors import InvalidData, Unsupported

from h264_decode_support import (FIXTURES, GOLDENS, ROOT, decode_damaged, decode_keyframes,
                                  frame_md5, golden_frames)


def test_b_pictures_decode_in_output_order():
    """Every picture of the open GOP with B pictures decodes, in presentation order; the key
    pictures are the reference's (the -skip_frame nokey golden's planes)."""
    frames = decode_keyframes(FIXTURES / "gop_bframes.mp4", skip_frame="default")
    assert len(frames) == 12
    assert "B" in {f.pict_type for f in frames}
    pts = [f.pts for f in frames]
    assert pts == sorted(pts) and len(set(pts)) == len(pts)
    _tb, want = golden_frames(GOLDENS / "gop_bframes.mp4.framemd5")
    assert [frame_md5(f) for f in frames if f.key] == [m for _p, _s, m in want]


def _stream(name):
    from cine.engine.demux import open_input
    inp = open_input(str(FIXTURES / name))
    return inp, inp.ctx.streams[0]


def test_b_pictures_come_out_packet_by_packet():
    """Fed one packet at a time, B pictures come out after the reorder delay, each picture
    once, in presentation order; flush() returns the rest."""
    inp, st = _stream("gop_bframes.mp4")
    dec = H264Decoder(st.codecpar.extradata, time_base=(1, 12800),
                      video_delay=st.codecpar.video_delay)
    sent, got = [], []
    try:
        while (pkt := inp.read_packet()) is not None:
            sent.append(pkt.pts)
            out = dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration)
            assert len(out) <= 1
            got += [f.pts for f in out]
    finally:
        inp.close()
    assert got and len(got) < len(sent)
    got += [f.pts for f in dec.flush()]
    assert got == sorted(sent)


def test_color_range_unspecified_without_video_signal_type():
    """No video signal type in the SPS: the frames' range is the codec parameters' (None,
    "unspecified", for these streams: the reference prints yuv420p(progressive))."""
    assert {(f.pix_fmt, f.color_range) for f in decode_keyframes(FIXTURES / "cavlc.ts")} == \
        {("yuv420p", None)}
    for rng, fmt in (("tv", "yuv420p"), ("pc", "yuvj420p")):
        inp, st = _stream("gop_bframes.mp4")
        dec = H264Decoder(st.codecpar.extradata, skip_frame="nokey", color_range=rng)
        pkt = inp.read_packet()
        inp.close()
        dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration)
        assert [(f.pix_fmt, f.color_range) for f in dec.flush()] == [(fmt, rng)]


def test_skip_all_decodes_nothing():
    assert decode_keyframes(FIXTURES / "cabac_main.h264", skip_frame="all") == []


def test_unknown_skip_value():
    with pytest.raises(InvalidData):
        H264Decoder(b"", skip_frame="nonkey")


def test_frame_properties():
    frames = decode_keyframes(FIXTURES / "fullrange.h264")
    assert [(f.pix_fmt, f.color_range, f.key, f.pict_type) for f in frames] == [("yuvj420p", "pc", True, "I")] * 2
    f = decode_keyframes(FIXTURES / "odd_178x98.h264")[0]
    assert (f.width, f.height) == (178, 98)
    assert [p.shape for p in f.planes] == [(98, 178), (49, 89), (49, 89)]
    f = decode_keyframes(ROOT / "fixtures" / "mp4" / "h264_sar43.mp4")[0]
    assert f.sar == (4, 3) and f.pts == 0 and f.time_base == (1, 12800)


@pytest.mark.parametrize("name", ["gop_bframes.mp4", "slices4_cabac.h264", "cavlc.ts"])
def test_worker_threads_give_the_same_frames(name):
    one = decode_keyframes(FIXTURES / name)
    three = decode_keyframes(FIXTURES / name, threads=3)
    assert len(one) == len(three) > 0
    for a, b in zip(one, three):
        assert a.pts == b.pts and all((p == q).all() for p, q in zip(a.planes, b.planes))


def test_frames_wait_for_the_reorder_delay():
    """As h264_select_output_frame: a picture comes out once more than has_b_frames (2 here:
    the SPS's max_num_reorder_frames) decoded pictures wait, carrying its own pts and the dts
    of the packet that released it; flush() returns the rest."""
    from cine.engine.demux import open_input
    inp = open_input(str(FIXTURES / "gop_bframes.mp4"))
    st = inp.ctx.streams[0]
    dec = H264Decoder(st.codecpar.extradata, skip_frame="nokey", time_base=(1, 12800),
                      video_delay=st.codecpar.video_delay)
    got = []
    while (pkt := inp.read_packet()) is not None:
        got.append((pkt.pts, pkt.dts, [(f.pts, f.pkt_dts) for f in dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration)]))
    inp.close()
    assert dec.has_b_frames == 2
    released = [(dts, frames) for _pts, dts, frames in got if frames]
    # three keyframes (pts 0, 2560, 5120): the third one's packet releases the first
    assert released == [(4096, [(0, 4096)])]
    assert [(f.pts, f.pkt_dts) for f in dec.flush()] == [(2560, None), (5120, None)]


def test_monochrome_has_neutral_chroma():
    f = decode_keyframes(FIXTURES / "gray.h264")[0]
    assert f.planes[1].min() == f.planes[1].max() == 128 == f.planes[2].min() == f.planes[2].max()


def _cut_before_first_intra(data: bytes) -> bytes:
    """The stream from its second I picture on (parameter sets kept): a non-IDR I picture
    without a recovery point first."""
    from cine.engine.bitstream.bitreader import BitReader, unescape_rbsp
    out, seen = [], 0
    for nal in split_annexb(data):
        kind = nal[0] & 0x1F
        if kind in (1, 5):
            br = BitReader(unescape_rbsp(nal[1:12]))
            br.ue()
            seen += br.ue() % 5 == 2
        if kind in (7, 8) or (seen >= 2 and kind in (1, 5)):
            out.append(b"\x00\x00\x00\x01" + nal)
    return b"".join(out)


def test_pictures_before_a_recovery_point_are_not_output(tmp_path):
    """The reference returns no frame until an IDR or a recovery point SEI: with -skip_frame
    nointra the non-IDR I pictures of a cut open GOP without SEI decode but are never output
    (`ffmpeg -skip_frame nointra -i cut.h264 -f framemd5 -` prints no frame line)."""
    cut = tmp_path / "cut.h264"
    cut.write_bytes(_cut_before_first_intra((FIXTURES / "open_gop_nosei.h264").read_bytes()))
    assert decode_keyframes(cut, skip_frame="nointra") == []
    assert len(decode_keyframes(FIXTURES / "open_gop_nosei.h264", skip_frame="nointra")) == 3


def test_truncated_slice_keeps_what_decoded_and_notes_it():
    nals = split_annexb((FIXTURES / "cavlc_baseline.h264").read_bytes())
    first = next(i for i, n in enumerate(nals) if n[0] & 0x1F == 5)
    cut = b"".join(b"\x00\x00\x00\x01" + n for n in nals[:first])
    cut += b"\x00\x00\x00\x01" + nals[first][:len(nals[first]) // 2]
    dec = H264Decoder(b"", skip_frame="nokey")
    frames = dec.decode(cut, 0, 0, 1) + dec.flush()
    assert len(frames) == 1 and frames[0].planes[0].shape == (144, 176)
    assert any("error while decoding" in e for e in dec.errors)


@pytest.mark.parametrize("seed", range(4))
def test_damaged_streams_raise_only_cine_errors(seed):
    decode_damaged(sorted(FIXTURES.glob("*.h264")), random.Random(seed), rounds=25,
                   most_flips=20, skip_frames=["nokey", "default", "nointra"])
