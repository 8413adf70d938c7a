"""Cases of the `keyframes` group (issue 6): H.264 keyframes decoded by the ffmpeg face.

Every stream of fixtures/h264 and every H.264 file of the shared corpus through
`-skip_frame nokey ... -an -f framemd5 -` (stdout: one MD5 per decoded keyframe), plus JPEG
outputs (the issue's select+scale command, and a one-frame thumbnail) compared byte for byte.
"""
from __future__ import annotations

import os

H264 = "fixtures/h264"
CORPUS = "../shared/corpus"
_NOT_STREAMS = {"README.md", "make_fixtures.sh", "make_ipcm.py", "make_scaling.py",
                "make_matrix.py"}

# corpus H.264 files left out, with the reason (cine and the reference disagree there)
_DECODER_LINES = ("damaged stream, no frame decodes: the reference's decoder logs each bad NAL unit or "
                  "slice header ('decode_slice_header error', 'Invalid NAL unit size', 'Error "
                  "splitting the input into NAL units'), cine's does not")
CORPUS_SKIP: dict[str, str] = {
    "mp4parse/mp4parse_capi_tests_short-cenc.mp4": _DECODER_LINES,
    "mp4parse/mp4parse_capi_tests_zero_empty_stsc.mp4": _DECODER_LINES,
    "mp4parse/mp4parse_tests_test_case_1185230.mp4": _DECODER_LINES,
    "shaka/6339_v.mp4":
        "the reference finds no pixel format ('Could not find codec parameters'); cine "
        "reports yuv420p in the input dump",
    "shaka/hls-sample-aes_video.mp4":
        "SAMPLE-AES encrypted: the reference conceals decode errors; pictures and stderr differ",
    "shaka/hls-ts-muxed-ac3-h264_s_00004.ts":
        "cine omits the decoder's 'non-existing PPS 0 referenced' / 'decode_slice_header error' "
        "lines (stdout identical)",
    "mp4parse/mp4parse_capi_tests_no_timescale.mp4":
        "damaged stream: the reference conceals ('top block unavailable'); pictures differ",
    "mp4parse/mp4parse_capi_tests_video_colr_nclx_rgb.mp4":
        "4:4:4: cine refuses it (rc 1), the reference decodes it",
}

# fixtures of the JPEG cases: the select+scale command (3 frames), a 1-frame thumbnail
JPEG_SELECT = ["cabac_main.h264", "gop_bframes.mp4", "open_gop.mkv", "cavlc.ts",
               "odd_178x98.h264", "big_1918x1078.h264"]
JPEG_THUMB = ["main_avcc.mp4", "high_8x8.h264", "fullrange.h264", "gray.h264"]


def h264_streams(root: str) -> list[str]:
    d = os.path.join(root, H264)
    if not os.path.isdir(d):
        return []
    return sorted(n for n in os.listdir(d)
                  if not n.startswith(".") and n not in _NOT_STREAMS
                  and os.path.isfile(os.path.join(d, n)))


def corpus_h264(root: str) -> list[str]:
    """Corpus paths (relative to corpus/files) whose manifest lists an h264 stream and rc 0."""
    manifest = os.path.join(root, CORPUS, "manifest.tsv")
    if not os.path.isfile(manifest):
        return []
    out = []
    with open(manifest, encoding="utf-8") as f:
        next(f, None)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 5 and "h264" in cols[3].split(",") and cols[4] == "0":
                if cols[0] not in CORPUS_SKIP:
                    out.append(cols[0])
    return sorted(out)


def keyframe_cases(add, root: str, stem) -> None:
    """add(name, argv-without-"ffmpeg") for every keyframes case."""
    q = ["-nostdin", "-hide_banner"]
    key = ["-skip_frame", "nokey"]
    for name in h264_streams(root):
        add(f"{stem(name)}__framemd5", q + key + ["-i", f"{H264}/{name}", "-an", "-f", "framemd5",
                                                  "-"])
    for path in corpus_h264(root):
        add(f"corpus__{stem(os.path.basename(path))}__framemd5",
            q + key + ["-i", f"{CORPUS}/files/{path}", "-an", "-f", "framemd5", "-"])
    for name in JPEG_SELECT:
        add(f"{stem(name)}__select_scale_jpeg",
            q + ["-i", f"{H264}/{name}", "-vf", "select='eq(pict_type,I)',scale=640:-2",
                 "-vsync", "vfr", "-frames:v", "3", "-q:v", "2", "out-%03d.jpg"])
    for name in JPEG_THUMB:
        add(f"{stem(name)}__thumb_jpeg",
            q + key + ["-i", f"{H264}/{name}", "-frames:v", "1", "thumb.jpg"])
