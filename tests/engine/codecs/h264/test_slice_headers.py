"""slice_decode / ps_decode against the reference's own header parser: every slice header of
every fixtures/h264 stream (I, P and B slices alike) read by parse_decode_slice_header gives the
values `ffmpeg -bsf:v trace_headers` prints, and slice_data starts where the reference's header
ends; the PPS fields likewise. Live: skipped without /usr/bin/ffmpeg 5.1.9."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from cine.engine.bitstream.bitreader import unescape_rbsp
from cine.engine.codecs.h264.framing import decoder_split
from cine.engine.codecs.h264.decoder import H264Decoder
from cine.engine.codecs.h264.slice_decode import parse_decode_slice_header
from cine.engine.demux import open_input

from h264_decode_support import FIXTURES, first_h264_stream


def _have_ffmpeg() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


pytestmark = pytest.mark.skipif(not _have_ffmpeg(), reason="reference ffmpeg 5.1.9 not installed")

FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".h264", ".mp4", ".mkv", ".ts"))
LINE = re.compile(r"\] (\d+)\s+(\w+(?:\[\d+\])*)\s+([01]+) = (-?\d+)$")

SLICE_FIELDS = {
    "first_mb_in_slice": "first_mb", "slice_type": "slice_type_raw",
    "pic_parameter_set_id": "pps_id", "frame_num": "frame_num", "idr_pic_id": "idr_pic_id",
    "pic_order_cnt_lsb": "poc_lsb", "slice_qp_delta": "slice_qp_delta",
    "cabac_init_idc": "cabac_init_idc",
    "disable_deblocking_filter_idc": "disable_deblocking_filter_idc",
    "slice_alpha_c0_offset_div2": "slice_alpha_c0_offset_div2",
    "slice_beta_offset_div2": "slice_beta_offset_div2",
    "direct_spatial_mv_pred_flag": "direct_spatial_mv_pred",
    "no_output_of_prior_pics_flag": "no_output_of_prior_pics",
}
PPS_FIELDS = {
    "entropy_coding_mode_flag": "entropy_coding_mode", "chroma_qp_index_offset": "chroma_qp_index_offset",
    "deblocking_filter_control_present_flag": "deblocking_filter_control_present",
    "constrained_intra_pred_flag": "constrained_intra_pred",
    "transform_8x8_mode_flag": "transform_8x8_mode",
    "second_chroma_qp_index_offset": "second_chroma_qp_index_offset",
}


def _trace(path):
    """[(kind, {field: value}, end_bit)] of each PPS and slice header the reference traced."""
    err = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:v:0",
                          "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    units = []
    for line in err.splitlines():
        if "trace_headers" not in line:
            continue
        m = LINE.search(line)
        if not m:
            # a unit's title line ("Slice Header", "Picture Parameter Set", "Supplemental...")
            kind = "slice" if line.endswith("Slice Header") else \
                "pps" if line.endswith("Picture Parameter Set") else "other"
            units.append([kind, {}, 0])
            continue
        if units:
            pos, name, bits, value = m.groups()
            units[-1][1].setdefault(name, int(value))
            units[-1][2] = int(pos) + len(bits) - 8       # RBSP bits after the NAL header byte
    return units


def _ours(path):
    inp = open_input(str(path))
    try:
        index = first_h264_stream(inp.ctx)
        dec = H264Decoder(inp.ctx.streams[index].codecpar.extradata)
        units = [("pps", p, 0) for p in dec.pps.values()]
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                return units
            if pkt.stream_index != index:
                continue
            for nal in decoder_split(pkt.data, dec.is_avc, dec.nal_length_size)[0]:
                kind = nal[0] & 0x1F
                if kind in (7, 8):
                    dec._parameter_set(nal)
                    if kind == 8:
                        units.append(("pps", dec.pps[max(dec.pps)], 0))
                elif kind in (1, 5):
                    sh = parse_decode_slice_header(unescape_rbsp(nal[1:]), nal[0], dec.sps, dec.pps)[0]
                    units.append(("slice", sh, sh.data_bit))
    finally:
        inp.close()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_headers_match_trace_headers(path):
    want = _trace(path)
    got = _ours(path)
    want_slices = [u for u in want if u[0] == "slice"]
    got_slices = [u for u in got if u[0] == "slice"]
    assert len(got_slices) == len(want_slices) > 0
    for n, ((_, fields, end), (_, sh, data_bit)) in enumerate(zip(want_slices, got_slices)):
        for name, attr in SLICE_FIELDS.items():
            if name in fields:
                assert int(getattr(sh, attr)) == fields[name], "slice %d %s" % (n, name)
        assert data_bit == end, "slice %d: slice_data at bit %d, reference %d" % (n, data_bit, end)
    want_pps = [u[1] for u in want if u[0] == "pps"]
    got_pps = [u[1] for u in got if u[0] == "pps"]
    assert want_pps and got_pps
    for name, attr in PPS_FIELDS.items():
        if name in want_pps[-1]:
            assert int(getattr(got_pps[-1], attr)) == want_pps[-1][name], name
