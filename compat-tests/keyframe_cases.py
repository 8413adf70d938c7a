"""Cases of the `keyframes` group (issue 6): H.264 keyframes decoded by the ffmpeg face.

Every stream of fixtures/h264 and every H.264 file of the shared corpus through
`-skip_frame nokey ... -an -f framemd5 -` (stdout: one MD5 per decoded keyframe), plus JPEG
outputs (the issue's select+scale command, and a one-frame thumbnail) compared byte for byte.
Since P and B pictures decode: thumbnails between keyframes (input and output seeking), fps=1
and fps=1/2 samplings, the select+scale command over files with B-frames, and scaled
thumbnails with force_original_aspect_ratio=decrease, over the inter fixtures (INTER) and a
few H.264 files of the corpus (CORPUS_INTER). KNOWN_GAPS: the cases where cine still differs.
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
    inter_cases(add, root, stem)


KNOWN_GAPS: dict[str, str] = {}

INTER = "fixtures/h264/inter"
MP4 = "fixtures/mp4"
# (path, a time between keyframes for the seeking cases)
INTER_FILES = [
    (f"{INTER}/b_3s.mp4", "1.3"), (f"{INTER}/b_noise_high.mp4", "0.45"),
    (f"{INTER}/p_noise_baseline.mp4", "0.5"), (f"{INTER}/p_noise_high.mp4", "0.3"),
    (f"{MP4}/h264_bframes_refs.mp4", "0.62"), (f"{MP4}/h264_main.mp4", "0.5"),
    (f"{MP4}/h264_high.mp4", "0.7"), (f"{MP4}/h264_baseline.mp4", "0.33"),
    (f"{MP4}/h264_aac.mp4", "0.5"), (f"{MP4}/h264_odd_size.mp4", "0.2"),
    (f"{MP4}/h264_sar43.mp4", "0.5"), (f"{MP4}/h264_30000_1001.mp4", "0.25"),
    (f"{H264}/gop_bframes.mp4", "0.3"),
]
# corpus H.264 files (relative to corpus/files) with P/B pictures, and a time to seek to
CORPUS_INTER = [
    ("mp4rust/big_buck_bunny_metadata.m4v", "0.5"),
    ("shaka/hls-ts-h264_fileSequence0.ts", "12.5"),
    ("shaka/hls-multivideo_blue_2.ts", "1.7"),
    ("mp4parse/mp4parse_capi_tests_white.mp4", "4.5"),
    ("shaka/dash-multitype-variant_second-period.mp4", "1.1"),
]


def inter_cases(add, root: str, stem) -> None:
    """The cases P/B decoding makes possible (see the module docstring)."""
    q = ["-nostdin", "-hide_banner"]
    sel = ["-vf", "select='eq(pict_type,I)',scale=640:-2", "-vsync", "vfr", "-frames:v", "5",
           "-q:v", "2", "frame-%03d.jpg"]
    fit = ["-vf", "scale=120:120:force_original_aspect_ratio=decrease"]
    for i, (path, t) in enumerate(INTER_FILES):
        n = stem(os.path.basename(path))
        add(f"{n}__ss_thumb_jpeg", q + ["-ss", t, "-i", path, "-frames:v", "1", "thumb.jpg"])
        add(f"{n}__ss_framemd5", q + ["-ss", t, "-i", path, "-an", "-frames:v", "1", "-f",
                                      "framemd5", "-"])
        if i % 2 == 0:
            add(f"{n}__out_ss_jpeg", q + ["-i", path, "-ss", t, "-frames:v", "1", "-q:v", "2",
                                          "thumb.jpg"])
            add(f"{n}__fps1_jpeg", q + ["-i", path, "-vf", "fps=1", "-frames:v", "3",
                                        "fps-%02d.jpg"])
        else:
            add(f"{n}__fps_half_framemd5", q + ["-i", path, "-an", "-vf", "fps=1/2",
                                                "-frames:v", "2", "-f", "framemd5", "-"])
            add(f"{n}__fit_thumb_jpeg", q + ["-ss", t, "-i", path] + fit +
                ["-frames:v", "1", "-q:v", "3", "thumb.jpg"])
    for path in (f"{INTER}/b_3s.mp4", f"{INTER}/b_noise_high.mp4",
                 f"{MP4}/h264_bframes_refs.mp4"):
        add(f"{stem(os.path.basename(path))}__select_scale5_jpeg", q + ["-i", path] + sel)
    add("b_3s_mp4__fps1_png", q + ["-i", f"{INTER}/b_3s.mp4", "-vf", "fps=1", "-frames:v", "4",
                                   "fps-%02d.png"])
    add("b_3s_mp4__fps1_framemd5", q + ["-i", f"{INTER}/b_3s.mp4", "-vf", "fps=1", "-frames:v",
                                        "3", "-f", "framemd5", "-"])
    add("b_3s_mp4__out_ss_framemd5", q + ["-i", f"{INTER}/b_3s.mp4", "-ss", "2.1", "-frames:v",
                                          "1", "-f", "framemd5", "-"])
    if not os.path.isfile(os.path.join(root, CORPUS, "manifest.tsv")):
        return
    for path, t in CORPUS_INTER:
        full = f"{CORPUS}/files/{path}"
        n = "corpus__" + stem(os.path.basename(path))
        add(f"{n}__ss_framemd5", q + ["-ss", t, "-i", full, "-an", "-frames:v", "1", "-f",
                                      "framemd5", "-"])
        add(f"{n}__fit_thumb_jpeg", q + ["-ss", t, "-i", full] + fit +
            ["-frames:v", "1", "thumb.jpg"])
    add("corpus__hls-multivideo_blue_2_ts__select_scale5_jpeg",
        q + ["-i", f"{CORPUS}/files/shaka/hls-multivideo_blue_2.ts"] + sel)
    add("corpus__big_buck_bunny_metadata_m4v__fps_half_framemd5",
        q + ["-i", f"{CORPUS}/files/mp4rust/big_buck_bunny_metadata.m4v", "-an", "-vf",
             "fps=1/2", "-frames:v", "2", "-f", "framemd5", "-"])
