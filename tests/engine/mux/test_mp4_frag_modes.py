"""The fragmented and optional modes of the MP4 muxer byte-identical to FFmpeg 5.1.9 (engine
API, no CLI): the ismv muxer (tfxd, tfrf with -ism_lookahead, the isml manifest), -movflags
dash (sidx, global_sidx, skip_sidx, skip_trailer), cmaf, separate_moof, frag_custom,
frag_every_frame, -frag_size, -min_frag_duration, delay_moov, negative_cts_offsets,
omit_tfhd_offset, -use_editlist, -brand, write_colr/write_gama, -write_prft pts and the
timecode tracks of -write_tmcd."""
from __future__ import annotations

import pytest

from .test_mp4_mux import _remux
from .util import needs_ffmpeg

INPUTS = [("fixtures/mp4/h264_aac.mp4", None), ("fixtures/mp4/aac_mono.m4a", None),
          ("fixtures/mp4/hevc_main.mp4", None), ("fixtures/mp4/h264_bframes_refs.mp4", None),
          ("fixtures/mkv/h264_aac.mkv", None), ("fixtures/mp4/editlist_neg_ts.mp4", None),
          ("fixtures/mp4/multi_audio_lang.mp4", None), ("fixtures/mp4/chapters.mp4", [0, 1])]

# (output extension, muxer options as -OPTION VALUE pairs)
MODES = [
    ("ismv", {}), ("ismv", {"movflags": "+isml"}), ("ismv", {"ism_lookahead": "2",
                                                            "frag_duration": "200000"}),
    ("mp4", {"movflags": "+dash"}), ("mp4", {"movflags": "+dash+global_sidx"}),
    ("mp4", {"movflags": "+dash+skip_sidx+skip_trailer"}), ("mp4", {"movflags": "+cmaf"}),
    ("mp4", {"movflags": "+frag_custom+separate_moof"}), ("mp4", {"movflags": "+frag_every_frame"}),
    ("mp4", {"frag_size": "5000"}),
    ("mp4", {"min_frag_duration": "500000", "movflags": "frag_keyframe"}),
    ("mp4", {"movflags": "+delay_moov"}), ("mp4", {"movflags": "frag_keyframe+omit_tfhd_offset"}),
    ("mp4", {"frag_interleave": "3", "movflags": "frag_keyframe+empty_moov"}),
    ("mp4", {"movflags": "+frag_discont+frag_keyframe"}),
    ("mp4", {"movflags": "frag_keyframe+empty_moov+negative_cts_offsets"}),
    ("mp4", {"movflags": "+negative_cts_offsets"}), ("mp4", {"use_editlist": "0"}),
    ("mp4", {"brand": "mp42"}), ("mp4", {"movflags": "+write_colr"}),
    ("mov", {"movflags": "+write_gama"}),
    ("mp4", {"write_prft": "pts", "movflags": "frag_keyframe+empty_moov"}),
]


def _ref_args(options):
    out = []
    for k, v in options.items():
        out += ["-" + k, v]
    return tuple(out)


@needs_ffmpeg
@pytest.mark.parametrize("ext,options", MODES, ids=["%s:%s" % (e, ",".join(
    "%s=%s" % kv for kv in o.items())) for e, o in MODES])
@pytest.mark.parametrize("rel,maps", INPUTS, ids=[i[0].split("/", 1)[1] for i in INPUTS])
def test_mode(tmp_path, rel, maps, ext, options):
    mine, ref = _remux(tmp_path, rel, ext, maps, ref_out=_ref_args(options),
                       options=options)
    assert mine == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext", [("fixtures/mp4/tmcd.mov", "mov"), ("fixtures/mp4/tmcd.mov", "mp4")])
def test_timecode_track(tmp_path, rel, ext):
    # only the video stream is mapped: the tmcd track comes from its "timecode" tag
    mine, ref = _remux(tmp_path, rel, ext, [0])
    assert b"tmcd" in mine
    assert mine == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel,ext,tag,flags", [("fixtures/mp4/tmcd.mov", "mov", b"tmcd", "+faststart"),
                                               ("fixtures/mp4/chapters.mp4", "mp4", b"gpmd", "+dash")])
def test_copied_data_track(tmp_path, rel, ext, tag, flags):
    # every stream mapped: the input's own timecode track is copied; the chapter file's data
    # stream (no packets) only shows up as a 'gpmd' track in fragmented output
    mine, ref = _remux(tmp_path, rel, ext, None, ref_out=("-movflags", flags),
                       options={"movflags": flags})
    assert tag in mine
    assert mine == ref
