"""The mpegts muxer against FFmpeg 5.1.9: `ffmpeg -i IN -c copy OUT.ts` (and .m2ts, and the
muxer's private options) must give the same bytes. The muxer is deterministic, so no
-fflags +bitexact is needed."""
from __future__ import annotations

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError

from .util import cine_remux, fixture, needs_ffmpeg, ref_remux

pytestmark = needs_ffmpeg


def nb_streams(rel: str) -> int:
    src = open_input(fixture(rel))
    try:
        return len(src.ctx.streams) if hasattr(src, "ctx") else len(src.streams)
    finally:
        src.close()


def both(tmp_path, rel: str, ext: str = "ts", args: tuple = (), options: dict | None = None,
         maps: list[int] | None = None, **outkw):
    """(cine bytes, reference bytes, cine log) for the same job."""
    inp = fixture(rel)
    if maps is None:
        maps = list(range(nb_streams(rel)))
    ref = str(tmp_path / ("ref." + ext))
    out = str(tmp_path / ("cine." + ext))
    p = ref_remux(inp, ref, maps, tuple(args))
    assert p.returncode == 0, p.stderr.decode()[-500:]
    _ctxs, _summary, logs = cine_remux(inp, out, maps, "mpegts", options, **outkw)
    with open(ref, "rb") as a, open(out, "rb") as b:
        return b.read(), a.read(), logs


SOURCES = [
    "fixtures/mp4/h264_aac.mp4",          # h264_mp4toannexb + AUD, ADTS from MP4 AAC
    "fixtures/mp4/h264_bframes_refs.mp4",  # PTS and DTS in the PES header
    "fixtures/mp4/h264_30000_1001.mp4",
    "fixtures/mp4/hevc_main.mp4",         # hevc_mp4toannexb + HEVC AUD, registration descriptor
    "fixtures/mp4/hevc_aac.mov",
    "fixtures/mp4/ac3.mp4",               # AC-3 registration descriptor, stream type 0x81
    "fixtures/mp4/eac3.mp4",
    "fixtures/mp4/mp3.mp4",
    "fixtures/mp4/opus.mp4",              # Opus control headers, extension descriptor
    "fixtures/mp4/aac_51.mp4",
    "fixtures/mp4/aac_mono.m4a",          # audio-only: PCR on the audio PID
    "fixtures/mp4/mpeg4_bf2.mp4",
    "fixtures/mp4/multi_audio_lang.mp4",  # ISO 639 language descriptors
    "fixtures/mp4/mov_text.mp4",          # private data stream warning
    "fixtures/mkv/h264_aac.mkv",
    "fixtures/mkv/subs_srt.mkv",
    "fixtures/mkv/ac3.mka",
    "fixtures/elementary/stereo.aac",     # ADTS input kept as is
    "fixtures/elementary/s51.aac",
    "fixtures/elementary/cbr.mp3",
    "fixtures/elementary/m8.mp3",         # MPEG-2.5 audio: stream type 0x04
    "fixtures/elementary/l2.mp2",
    "fixtures/elementary/raw.ac3",
    "fixtures/elementary/raw.eac3",
    "fixtures/ts/h264_aac.ts",
    "fixtures/ts/opus.ts",                # TS-formatted Opus kept as is
    "fixtures/ts/two_programs.ts",
    "fixtures/ogg/opus_stereo.ogg",       # Opus trim_start and trim_end control fields
    "fixtures/ogg/opus_51.ogg",           # Opus mapping family 1 descriptor
]


@pytest.mark.parametrize("rel", SOURCES)
def test_ts_identical(tmp_path, rel):
    got, want, _ = both(tmp_path, rel)
    assert len(got) % 188 == 0
    assert got == want


@pytest.mark.parametrize("rel", ["fixtures/mp4/h264_aac.mp4", "fixtures/mp4/ac3.mp4",
                                 "fixtures/mp4/hevc_main.mp4", "fixtures/elementary/cbr.mp3"])
def test_m2ts_identical(tmp_path, rel):
    """.m2ts: 192-byte packets, HDMV descriptors and PIDs, null packets to a multiple of 32."""
    got, want, _ = both(tmp_path, rel, "m2ts")
    assert len(got) % (192 * 32) == 0
    assert got == want


OPTION_CASES = [
    (("-muxrate", "2000000"), {"muxrate": "2000000"}),
    (("-muxrate", "500k", "-pcr_period", "30"), {"muxrate": "500k", "pcr_period": "30"}),
    (("-mpegts_flags", "system_b"), {"mpegts_flags": "system_b"}),
    (("-mpegts_flags", "+nit+initial_discontinuity"), {"mpegts_flags": "+nit+initial_discontinuity"}),
    (("-mpegts_flags", "resend_headers"), {"mpegts_flags": "resend_headers"}),
    (("-mpegts_flags", "pat_pmt_at_frames"), {"mpegts_flags": "pat_pmt_at_frames"}),
    (("-mpegts_service_id", "7", "-mpegts_transport_stream_id", "9",
      "-mpegts_original_network_id", "3", "-mpegts_service_type", "digital_radio"),
     {"mpegts_service_id": "7", "mpegts_transport_stream_id": "9",
      "mpegts_original_network_id": "3", "mpegts_service_type": "digital_radio"}),
    (("-mpegts_pmt_start_pid", "0x200", "-mpegts_start_pid", "0x300"),
     {"mpegts_pmt_start_pid": "0x200", "mpegts_start_pid": "0x300"}),
    (("-pcr_period", "40"), {"pcr_period": "40"}),
    (("-pat_period", "0.05", "-sdt_period", "0.2"), {"pat_period": "0.05", "sdt_period": "0.2"}),
    (("-pes_payload_size", "1000"), {"pes_payload_size": "1000"}),
    (("-tables_version", "3"), {"tables_version": "3"}),
    (("-omit_video_pes_length", "0"), {"omit_video_pes_length": "0"}),
    (("-mpegts_copyts", "1"), {"mpegts_copyts": "1"}),
    (("-muxdelay", "0.2"), {"muxdelay": "0.2"}),
    (("-mpegts_m2ts_mode", "1"), {"mpegts_m2ts_mode": "1"}),
]


@pytest.mark.parametrize("args,options", OPTION_CASES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_private_options(tmp_path, args, options):
    got, want, _ = both(tmp_path, "fixtures/mp4/h264_aac.mp4", args=args, options=options)
    assert got == want


@pytest.mark.parametrize("rel,args,options", [
    ("fixtures/mp4/ac3.mp4", ("-mpegts_flags", "system_b"), {"mpegts_flags": "system_b"}),
    ("fixtures/mp4/eac3.mp4", ("-mpegts_flags", "system_b"), {"mpegts_flags": "system_b"}),
    ("fixtures/elementary/stereo.aac", ("-muxrate", "1M"), {"muxrate": "1M"}),
    ("fixtures/mp4/h264_aac.mp4", ("-muxrate", "3M"), {"muxrate": "3M"}),
])
def test_options_other_codecs(tmp_path, rel, args, options):
    got, want, _ = both(tmp_path, rel, args=args, options=options)
    assert got == want


def test_m2ts_with_muxrate(tmp_path):
    got, want, _ = both(tmp_path, "fixtures/mp4/h264_aac.mp4", "m2ts", args=("-muxrate", "3M"),
                        options={"muxrate": "3M"})
    assert got == want


@pytest.mark.parametrize("meta", [
    [("service_name", "Hello"), ("service_provider", "Me")],
    [("title", "Übertitel")],                 # UTF-8 names get the 0x15 selector
])
def test_service_names(tmp_path, meta):
    args = []
    for k, v in meta:
        args += ["-metadata", "%s=%s" % (k, v)]
    got, want, _ = both(tmp_path, "fixtures/mp4/h264_aac.mp4", args=tuple(args), metadata=meta)
    assert got == want


def test_verbose_lines(tmp_path):
    _got, _want, logs = both(tmp_path, "fixtures/mp4/h264_aac.mp4")
    msgs = [m for c, _l, m in logs if c == "mpegts"]
    assert "service 1 using PCR in pid=256, pcr_period=80ms\n" in msgs
    assert "muxrate VBR, sdt every 500 ms, pat/pmt every 100 ms\n" in msgs


def header_logs(tmp_path, options: dict) -> list[tuple[str, str]]:
    """Run init_outputs with the given muxer options; it must fail. Returns the log lines."""
    from cine.engine.pipeline.copy import Remux
    from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap
    inp = fixture("fixtures/mp4/h264_aac.mp4")
    logs = []
    src = open_input(inp)
    try:
        spec = OutputSpec(str(tmp_path / "x.ts"), "mpegts", [StreamMap(0, 0), StreamMap(0, 1)],
                          options=options)
        r = Remux(Job(inputs=[InputSpec(inp)], outputs=[spec]), [src],
                  lambda c, l, m: logs.append((c, m)))
        with pytest.raises(CineError):
            r.init_outputs()
    finally:
        src.close()
    return logs


@pytest.mark.parametrize("options,line", [
    ({"mpegts_start_pid": "0x1000"}, ("mpegts", "PID 4096 cannot be both elementary and PMT PID\n")),
    ({"mpegts_flags": "bogus"}, ("MPEGTS muxer", "Error setting option mpegts_flags to value bogus.\n")),
    ({"pat_period": "-1"}, ("MPEGTS muxer", "Value -1.000000 for parameter 'pat_period' out of "
                                            "range [0 - 9.22337e+12]\n")),
    ({"mpegts_service_id": "0"}, ("MPEGTS muxer", "Value 0.000000 for parameter "
                                                  "'mpegts_service_id' out of range [1 - 65535]\n")),
])
def test_header_errors(tmp_path, options, line):
    assert line in header_logs(tmp_path, options)


@pytest.mark.parametrize("rel", ["fixtures/elementary/raw.h264", "fixtures/elementary/r25.hevc"])
def test_raw_video_without_timestamps_fails(tmp_path, rel):
    """Raw Annex B video: the first packet has no pts, which the muxer refuses, as the
    reference does (it exits 1 with the same line)."""
    p = ref_remux(fixture(rel), str(tmp_path / "ref.ts"), [0])
    assert p.returncode == 1
    assert b"first pts and dts value must be set" in p.stderr
    logs = []
    from cine.engine.pipeline.copy import Remux
    from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap
    src = open_input(fixture(rel))
    try:
        spec = OutputSpec(str(tmp_path / "x.ts"), "mpegts", [StreamMap(0, 0)])
        r = Remux(Job(inputs=[InputSpec(fixture(rel))], outputs=[spec]), [src],
                  lambda c, l, m: logs.append((c, m)))
        r.init_outputs()
        # the failed write is logged, the run goes on to the trailer and fails at the end
        # (ffmpeg's main_return_code)
        r.run()
        assert r.return_code == 1
    finally:
        src.close()
    assert ("mpegts", "first pts and dts value must be set\n") in logs
    assert ("", "av_interleaved_write_frame(): Invalid data found when processing input\n") in logs


@pytest.mark.parametrize("rel", ["fixtures/mp4/h264_aac.mp4", "fixtures/mp4/aac_51.mp4",
                                 "fixtures/mp4/aac_mono.m4a"])
def test_latm(tmp_path, rel):
    """-mpegts_flags latm: LOAS/LATM framing with a StreamMuxConfig every 20 frames."""
    got, want, _ = both(tmp_path, rel, args=("-mpegts_flags", "latm"),
                        options={"mpegts_flags": "latm"})
    assert got == want


@pytest.mark.parametrize("codec,ext", [("libx264", "h264"), ("libx265", "hevc")])
def test_annexb_ts_source(tmp_path, codec, ext):
    """Annex B input from a TS file with short GOPs (Annex B extradata, IDR pictures with their
    parameter sets): access unit delimiters only, no extradata repeated before the IDRs."""
    import subprocess
    src = tmp_path / ("gop_%s.ts" % ext)
    extra = ["-x265-params", "keyint=10:log-level=error"] if ext == "hevc" else ["-g", "10"]
    p = subprocess.run(["/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc=d=1:s=160x120:r=25", "-c:v", codec] + extra + [str(src)],
                       capture_output=True)
    if p.returncode:
        pytest.skip("reference ffmpeg cannot encode %s" % codec)
    ref = str(tmp_path / "ref.ts")
    out = str(tmp_path / "cine.ts")
    assert ref_remux(str(src), ref, [0]).returncode == 0
    cine_remux(str(src), out, [0], "mpegts")
    with open(ref, "rb") as a, open(out, "rb") as b:
        assert b.read() == a.read()


def test_raw_h264_idr_without_parameter_sets(tmp_path):
    """Raw H.264 without B-frames (timestamps from the parser) whose later IDR pictures lost
    their SPS/PPS: AUD insertion and the extradata rule for key frames, as the reference."""
    import re
    import subprocess
    src = tmp_path / "nb.h264"
    p = subprocess.run(["/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc=d=1:s=160x120:r=25", "-c:v", "libx264", "-g", "10", "-bf", "0",
                        str(src)], capture_output=True)
    if p.returncode:
        pytest.skip("reference ffmpeg cannot encode libx264")
    data = src.read_bytes()
    starts = [m.start() for m in re.finditer(b"\x00\x00\x01", data)]
    out = bytearray()
    params = 0
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(data)
        nal = data[s:e].rstrip(b"\x00") if i + 1 < len(starts) else data[s:e]
        if nal[3] & 0x1F in (7, 8):
            params += 1
            if params > 2:
                continue
        out += b"\x00" + nal
    stripped = tmp_path / "nosps.h264"
    stripped.write_bytes(bytes(out))
    ref = str(tmp_path / "ref.ts")
    res = str(tmp_path / "cine.ts")
    assert ref_remux(str(stripped), ref, [0]).returncode == 0
    cine_remux(str(stripped), res, [0], "mpegts")
    with open(ref, "rb") as a, open(res, "rb") as b:
        assert b.read() == a.read()
