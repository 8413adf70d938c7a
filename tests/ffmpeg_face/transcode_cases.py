"""The transcoding cases compared with FFmpeg 5.1.9: (name, argv, input files). Goldens of
the reference's results are in transcode_goldens/ (make_goldens.py writes them); the live
test runs the reference itself when it is installed."""
from __future__ import annotations

R = "rawvideo_96x64.avi"
FIXTURES = {R: "transcode/rawvideo_96x64.avi", "yuv.avi": "avi/rawvideo_yuv.avi",
            "bgr.avi": "avi/rawvideo.avi", "gop.mp4": "h264/gop_bframes.mp4",
            "gop.mkv": "h264/open_gop.mkv", "gop.ts": "h264/cavlc.ts",
            "cabac.h264": "h264/cabac_main.h264", "colour.h264": "transcode/colour_bt709.h264",
            "nosei.h264": "h264/open_gop_nosei.h264", "big.h264": "h264/big_1918x1078.h264",
            "b3s.mp4": "h264/inter/b_3s.mp4", "pnoise.mp4": "h264/inter/p_noise_high.mp4",
            "bnoise.mp4": "h264/inter/b_noise_high.mp4", "bdef.h264": "h264/inter/b_default.h264",
            "av.mp4": "mp4/h264_aac.mp4", "tff.mp4": "mp4/h264_interlaced_tff.mp4",
            "hi422.mp4": "mp4/h264_high422.mp4", "editlist.mp4": "mp4/editlist_ss_copy.mp4",
            "negts.mp4": "mp4/editlist_neg_ts.mp4", "hevc.avi": "avi/hevc.avi"}

CASES = [
    # framemd5 / framecrc / rawvideo / image2 of a rawvideo input, no filters
    ("framemd5", ["-i", "yuv.avi", "-f", "framemd5", "-"]),
    ("framecrc_bgr", ["-i", "bgr.avi", "-f", "framecrc", "-"]),
    ("rawvideo_frames1", ["-i", "bgr.avi", "-frames:v", "1", "-f", "rawvideo", "o.rgb"]),
    ("press_q", ["-stdin", "-i", "yuv.avi", "-f", "framecrc", "-"]),
    ("vframes", ["-i", R, "-vframes", "4", "-f", "framecrc", "-"]),
    ("frames0", ["-i", R, "-frames:v", "0", "-f", "framecrc", "-"]),
    ("out_t", ["-i", R, "-t", "0.75", "-f", "framecrc", "-"]),
    ("in_ss", ["-ss", "1.05", "-i", R, "-f", "framecrc", "-"]),
    ("in_t", ["-t", "0.75", "-i", R, "-f", "framecrc", "-"]),
    ("pix_fmt_422", ["-i", R, "-pix_fmt", "yuv422p", "-f", "framecrc", "-"]),
    ("out_ss", ["-i", R, "-ss", "1.05", "-f", "framecrc", "-"]),
    ("out_ss_t", ["-i", R, "-ss", "1", "-t", "0.5", "-f", "framecrc", "-"]),
    ("out_ss_select", ["-i", R, "-ss", "0.5", "-vf", "select='not(mod(n,3))'", "-vsync", "vfr",
                       "-f", "framecrc", "-"]),
    ("out_ss_fps", ["-i", R, "-ss", "0.5", "-vf", "fps=3", "-f", "framecrc", "-"]),
    ("in_ss_out_t_fps", ["-ss", "0.5", "-i", R, "-t", "1", "-vf", "fps=4", "-f", "framecrc",
                         "-"]),
    # select
    ("select_mod", ["-i", R, "-vf", "select='not(mod(n,7))'", "-vsync", "vfr", "-frames:v",
                    "3", "-f", "framecrc", "-"]),
    ("select_t", ["-i", R, "-vf", "select='eq(n,3)+gt(t,2.5)'", "-f", "framemd5", "-"]),
    ("select_cfr", ["-i", R, "-vf", "select='between(t,1,1.5)'", "-vsync", "cfr", "-f",
                    "framecrc", "-"]),
    ("select_passthrough", ["-i", R, "-vf", "select='eq(n,0)+eq(n,9)'", "-vsync",
                            "passthrough", "-f", "framecrc", "-"]),
    ("select_fps_mode_cfr", ["-i", R, "-vf", "select='eq(n,0)+eq(n,9)'", "-fps_mode", "cfr",
                             "-f", "framecrc", "-"]),
    ("select_prev_t", ["-i", R, "-vf",
                       "select=lt(prev_selected_t+0.5\\,t)+isnan(prev_selected_t)", "-f",
                       "framemd5", "-"]),
    ("select_key_selected_n", ["-i", R, "-vf", "select=eq(key\\,1)*lt(selected_n\\,3)", "-f",
                               "framemd5", "-"]),
    ("select_pict_type", ["-i", R, "-vf", "select='eq(pict_type,I)'", "-vsync", "vfr",
                          "-frames:v", "5", "-f", "framemd5", "-"]),
    ("select_none", ["-i", R, "-vf", "select=0", "-f", "framecrc", "-"]),
    ("select_bad_expr", ["-i", R, "-vf", "select=gt(n\\,2", "-f", "framecrc", "-"]),
    # fps
    ("fps_1", ["-i", R, "-vf", "fps=1", "-f", "framemd5", "-"]),
    ("fps_3", ["-i", R, "-vf", "fps=3", "-f", "framemd5", "-"]),
    ("fps_round_down", ["-i", R, "-vf", "fps=fps=4:round=down", "-f", "framemd5", "-"]),
    ("fps_25", ["-i", R, "-vf", "fps=25", "-f", "framecrc", "-"]),
    ("fps_half", ["-i", R, "-vf", "fps=1/2", "-f", "framemd5", "-"]),
    ("fps_eof_pass", ["-i", R, "-vf", "fps=7:eof_action=pass", "-f", "framecrc", "-"]),
    ("fps_start_time", ["-i", R, "-vf", "fps=2:start_time=0.5", "-f", "framecrc", "-"]),
    ("select_then_fps", ["-i", R, "-vf", "select='gte(t,1)',fps=3", "-f", "framecrc", "-"]),
    # scale (pixels: swscale's x86 arithmetic, bit-exact)
    ("scale_down", ["-i", R, "-vf", "scale=48:32", "-f", "framemd5", "-"]),
    ("scale_up", ["-i", R, "-vf", "scale=192:128", "-frames:v", "3", "-f", "framemd5", "-"]),
    ("scale_minus2", ["-i", R, "-vf", "scale=64:-2", "-f", "framemd5", "-"]),
    ("scale_bilinear", ["-i", R, "-vf", "scale=50:30:flags=bilinear", "-f", "framemd5", "-"]),
    ("scale_neighbor", ["-i", R, "-vf", "scale=200:-1:flags=neighbor", "-frames:v", "3", "-f",
                        "framemd5", "-"]),
    ("scale_lanczos", ["-i", R, "-vf", "scale=33:17:flags=lanczos", "-f", "framemd5", "-"]),
    ("scale_odd", ["-i", R, "-vf", "scale=97:33", "-frames:v", "3", "-f", "framemd5", "-"]),
    ("scale_foar", ["-i", R, "-vf", "scale=w=40:h=40:force_original_aspect_ratio=decrease",
                    "-f", "framecrc", "-"]),
    ("scale_expr", ["-i", R, "-vf", "fps=1/2,scale=iw/2:-1", "-f", "framecrc", "-"]),
    ("scale_format_yuvj", ["-i", R, "-vf", "scale=50:50,format=yuvj420p", "-f", "framecrc",
                           "-"]),
    ("select_scale", ["-i", R, "-vf", "select='not(mod(n,5))',scale=64:-2", "-f", "framemd5",
                      "-"]),
    ("format_444", ["-i", R, "-vf", "format=yuv444p", "-f", "framecrc", "-"]),
    ("scale_bad_expr", ["-i", R, "-vf", "scale=w=foo:h=2", "-f", "framecrc", "-"]),
    ("scale_too_big", ["-i", R, "-vf", "scale=100000:100000", "-f", "framecrc", "-"]),
    ("scale_negative_both", ["-i", R, "-vf", "scale=-3:-5,scale=0:-1", "-f", "framecrc", "-"]),
    ("scale_to_gray", ["-i", R, "-vf", "scale=50:40,format=gray", "-f", "framemd5", "-"]),
    # -sws_flags (the output's libswscale options: every scale filter without flags of its
    # own takes them, the automatic conversions too; before -i they belong to the input and
    # do nothing) and scale's sws_flags child option
    ("sws_flags_neighbor", ["-i", R, "-vf", "scale=50:40", "-sws_flags", "neighbor", "-f",
                            "framemd5", "-"]),
    ("sws_flags_scale_flags_win", ["-i", R, "-vf", "scale=50:40:flags=lanczos", "-sws_flags",
                                   "neighbor", "-f", "framemd5", "-"]),
    ("sws_flags_input_group", ["-sws_flags", "neighbor", "-i", R, "-vf", "scale=50:40", "-f",
                               "framemd5", "-"]),
    ("sws_flags_twice", ["-i", R, "-vf", "scale=50:40", "-sws_flags", "lanczos",
                         "-sws_flags", "neighbor", "-f", "framemd5", "-"]),
    ("scale_child_sws_flags", ["-i", R, "-vf", "scale=50:40:sws_flags=neighbor", "-f",
                               "framemd5", "-"]),
    ("sws_srcw_refused", ["-i", R, "-srcw", "5", "-f", "framemd5", "-"]),
    # -s on an output: a scale filter at the end of the chain, with the -sws_flags
    ("out_size", ["-i", R, "-s", "50x40", "-f", "framemd5", "-"]),
    ("out_size_sws_flags", ["-i", R, "-s", "50x40", "-sws_flags", "neighbor", "-f", "framemd5",
                            "-"]),
    ("out_size_after_vf", ["-i", R, "-vf", "scale=80:60", "-s", "qcif", "-f", "framemd5", "-"]),
    ("out_size_autoscale_0", ["-i", R, "-s", "50x40", "-autoscale", "0", "-f", "framemd5", "-"]),
    ("out_size_invalid", ["-i", R, "-s", "5x", "-f", "framemd5", "-"]),
    # image2pipe: the frames back to back on one output (moviepy's and imageio-ffmpeg's reads)
    ("image2pipe_rawvideo", ["-i", R, "-pix_fmt", "yuv420p", "-vcodec", "rawvideo", "-f",
                             "image2pipe", "-"]),
    ("image2pipe_moviepy", ["-i", "bgr.avi", "-loglevel", "error", "-f", "image2pipe", "-vf",
                            "scale=64:48", "-sws_flags", "bicubic", "-pix_fmt", "rgb24",
                            "-vcodec", "rawvideo", "-"]),
    ("image2pipe_mjpeg", ["-i", R, "-frames:v", "2", "-vf", "scale=48:32", "-q:v", "3", "-f",
                          "image2pipe", "pipe.mjpeg"]),
    # image2 naming
    ("image2_pattern", ["-i", R, "-vf", "select='not(mod(n,4))'", "-c:v", "rawvideo", "-f",
                        "image2", "o%02d.raw"]),
    ("image2_start_number", ["-i", R, "-frames:v", "2", "-start_number", "5", "-c:v",
                             "rawvideo", "f%d.yuv"]),
    ("image2_no_pattern", ["-i", R, "-frames:v", "2", "-c:v", "rawvideo", "-f", "image2",
                           "single.raw"]),
    ("image2_update", ["-i", R, "-frames:v", "3", "-update", "1", "-c:v", "rawvideo", "-f",
                       "image2", "single.raw"]),
    ("image2_split_planes", ["-i", R, "-frames:v", "1", "-c:v", "rawvideo", "-f", "image2",
                             "p%02d.y"]),
    # (one frame: with more, how many writes the reference attempts after the first failure
    # depends on its threads' timing)
    ("image2_no_dir", ["-i", R, "-frames:v", "1", "-c:v", "rawvideo", "-f", "image2",
                       "nodir/x%d.raw"]),
    ("image2_vscfr_dup", ["-i", R, "-vf", "select='eq(n,0)+eq(n,9)'", "-c:v", "rawvideo",
                          "o%d.yuv"]),
    # mjpeg (the encoder of cine.engine.codecs.mjpeg)
    ("jpeg_q2", ["-i", R, "-frames:v", "3", "-q:v", "2", "out%d.jpg"]),
    ("jpeg_keyframes", ["-i", R, "-vf", "select='not(mod(n,10))',scale=64:-2", "-vsync",
                        "vfr", "-q:v", "5", "f-%03d.jpg"]),
    ("mjpeg_raw", ["-i", R, "-vf", "scale=48:32", "-frames:v", "2", "-c:v", "mjpeg", "-q:v",
                   "3", "-f", "mjpeg", "out.mjpeg"]),
    ("jpeg_pix_fmt_incompatible", ["-i", R, "-frames:v", "1", "-pix_fmt", "yuv420p", "-q:v",
                                   "3", "x%d.jpg"]),
    ("jpeg_pix_fmt_422", ["-i", R, "-vf", "scale=32:32", "-frames:v", "1", "-pix_fmt",
                          "yuv422p", "-q:v", "3", "x%d.jpg"]),
    # mjpeg without -q:v: the reference's rate control at 200 kb/s in the encoder time base
    ("jpeg_rc", ["-i", R, "-frames:v", "5", "out%d.jpg"]),
    ("jpeg_rc_select", ["-i", R, "-vf", "select='not(mod(n,4))'", "-vsync", "vfr", "j%d.jpg"]),
    ("jpeg_rc_flags_bitexact", ["-i", R, "-frames:v", "3", "-flags", "+bitexact", "o%d.jpg"]),
    ("jpeg_rc_fflags_bitexact", ["-i", R, "-frames:v", "2", "-fflags", "+bitexact",
                                 "o%d.jpg"]),
    ("jpeg_rc_bitexact", ["-i", R, "-frames:v", "2", "-bitexact", "-c:v", "mjpeg", "-f",
                          "mjpeg", "o.mjpeg"]),
    # a SAR whose scaled size truncates to 0 is dropped when the encoder opens
    ("jpeg_invalid_sar", ["-i", R, "-vf", "scale=1:64", "-frames:v", "1", "-q:v", "3",
                          "x%d.jpg"]),
    # png (cine.engine.codecs.png), chosen by the image2 file extension
    ("png_sar", ["-i", R, "-vf", "scale=48:64,format=gray", "-frames:v", "1", "s%d.png"]),
    ("png_colour", ["-i", "colour.h264", "-vf", "format=gray", "c%d.png"]),
    ("png_invalid_sar", ["-i", R, "-vf", "scale=1:64,format=gray", "-frames:v", "1", "x%d.png"]),
    ("png_bgr_single", ["-i", "bgr.avi", "-frames:v", "1", "x.png"]),
    ("png_gray", ["-i", R, "-vf", "format=gray", "-frames:v", "2", "g%d.png"]),
    ("format_rgb24", ["-i", "bgr.avi", "-vf", "format=rgb24", "-f", "framemd5", "-"]),
    # H.264 (the decoder of cine.engine.codecs.h264) with the planner: P/B pictures that the
    # leading select drops are never decoded
    ("h264_keyframes_jpeg", ["-i", "gop.mp4", "-vf", "select='eq(pict_type,I)',scale=640:-2",
                             "-vsync", "vfr", "-frames:v", "5", "-q:v", "2", "frame-%03d.jpg"]),
    ("h264_select_n", ["-i", "gop.ts", "-vf", "select='eq(pict_type\\,I)*gt(n\\,2)',scale=32:-2",
                       "-vsync", "vfr", "-q:v", "3", "k%d.jpg"]),
    ("h264_open_gop", ["-i", "gop.mkv", "-vf", "select='eq(pict_type,I)',scale=80:-2", "-vsync",
                       "vfr", "-q:v", "4", "-f", "image2", "i%02d.jpg"]),
    ("h264_skip_nokey", ["-skip_frame", "nokey", "-i", "gop.mkv", "-q:v", "2", "-f", "mjpeg",
                         "k.mjpeg"]),
    ("h264_ss_past_end", ["-ss", "1.5", "-i", "gop.mp4", "-frames:v", "1", "-q:v", "2",
                          "thumb.jpg"]),
    ("h264_keyframes_rc", ["-i", "gop.mp4", "-vf", "select='eq(pict_type,I)'", "-vsync", "vfr",
                           "-frames:v", "3", "out%03d.jpg"]),
    ("h264_skip_nokey_rc", ["-skip_frame", "nokey", "-i", "cabac.h264", "-frames:v", "2",
                            "k%d.jpg"]),
    # -f null: decoded and encoded with wrapped_avframe where cine decodes everything the run
    # feeds the decoder (null_output's rule; the copy-based check otherwise: test_null_output)
    ("null_skip_nokey_mp4", ["-skip_frame", "nokey", "-i", "gop.mp4", "-f", "null", "-"]),
    ("null_skip_nokey_threads", ["-threads", "1", "-skip_frame", "nokey", "-i", "gop.mkv",
                                 "-f", "null", "-"]),
    ("null_skip_nokey_h264", ["-skip_frame", "nokey", "-i", "cabac.h264", "-f", "null", "-"]),
    ("null_skip_nointra_ts", ["-skip_frame", "nointra", "-i", "gop.ts", "-f", "null", "-"]),
    ("null_select_i", ["-i", "gop.mp4", "-vf", "select='eq(pict_type,I)'", "-f", "null", "-"]),
    ("null_select_i_scale", ["-i", "gop.mkv", "-vf", "select='eq(pict_type\\,I)*lt(n\\,40)',"
                             "scale=80:-2", "-vsync", "vfr", "-f", "null", "-"]),
    # every H.264 picture type decoded (P and B too) when the stream is progressive 8-bit
    # 4:2:0 / 4:0:0
    ("null_p_b_mp4", ["-i", "gop.mp4", "-f", "null", "-"]),
    ("null_b_3s", ["-i", "b3s.mp4", "-f", "null", "-"]),
    ("null_p_noise", ["-i", "pnoise.mp4", "-f", "null", "-"]),
    ("null_b_noise_threads", ["-threads", "1", "-i", "bnoise.mp4", "-f", "null", "-"]),
    ("null_b_annexb", ["-i", "bdef.h264", "-f", "null", "-"]),
    ("null_open_gop_mkv", ["-i", "gop.mkv", "-f", "null", "-"]),
    ("null_cavlc_ts", ["-i", "gop.ts", "-f", "null", "-"]),
    ("null_h264_aac", ["-i", "av.mp4", "-f", "null", "-"]),
    ("null_b_frames", ["-i", "b3s.mp4", "-frames:v", "10", "-f", "null", "-"]),
    ("null_b_in_ss", ["-ss", "1.3", "-i", "b3s.mp4", "-f", "null", "-"]),
    ("null_b_out_ss_t", ["-i", "bnoise.mp4", "-ss", "0.5", "-t", "1", "-f", "null", "-"]),
    ("null_rawvideo", ["-i", R, "-f", "null", "-"]),
    ("null_rawvideo_frames", ["-i", "yuv.avi", "-frames:v", "2", "-f", "null", "-"]),
    ("h264_skip_nokey_md5", ["-skip_frame", "nokey", "-i", "cabac.h264", "-vf", "scale=88:72",
                             "-f", "framemd5", "-"]),
    # the key pictures as the reference decodes them: timestamps (best effort, with the codec
    # parameters' video delay), pixels, and color range unspecified (no video signal type)
    ("h264_nokey_md5_mp4", ["-skip_frame", "nokey", "-i", "gop.mp4", "-f", "framemd5", "-"]),
    ("h264_nokey_md5_mkv", ["-skip_frame", "nokey", "-i", "gop.mkv", "-f", "framemd5", "-"]),
    ("h264_nokey_md5_ts", ["-skip_frame", "nokey", "-i", "gop.ts", "-f", "framemd5", "-"]),
    ("h264_select_i_md5", ["-i", "gop.mkv", "-vf", "select='eq(pict_type,I)'", "-vsync", "vfr",
                           "-f", "framemd5", "-"]),
    ("h264_select_i_jpeg", ["-i", "gop.ts", "-vf", "select='eq(pict_type,I)'", "-vsync", "vfr",
                            "-q:v", "2", "k%02d.jpg"]),
    # thumbnails: the run stops once the output has its frame, before P pictures matter
    ("h264_thumbnail_mp4", ["-i", "gop.mp4", "-frames:v", "1", "thumb.jpg"]),
    ("h264_thumbnail_ts", ["-i", "gop.ts", "-frames:v", "1", "-q:v", "2", "thumb.jpg"]),
    ("h264_frames1_md5", ["-i", "gop.mkv", "-frames:v", "1", "-f", "framemd5", "-"]),
    # raw H.264 (no packet timestamps): the frames' times come from ffmpeg.c's dts clock,
    # which starts video_delay frames early; frames flushed at the end take the dts of the
    # final decode calls
    ("h264_raw_nokey_delay", ["-skip_frame", "nokey", "-i", "nosei.h264", "-f", "framemd5",
                              "-"]),
    ("h264_raw_one_frame", ["-i", "big.h264", "-f", "framecrc", "-"]),
    ("h264_raw_intra", ["-i", "cabac.h264", "-vf", "fps=10", "-f", "framecrc", "-"]),
    # MP4 edit lists: the samples before the edit's start are decoded (references of the next
    # pictures) but their packets carry AV_PKT_FLAG_DISCARD, so the decoder returns no frame
    # for them; with -skip_frame nokey a constant frame rate output then repeats the first
    # kept key picture up to its time (imageio-ffmpeg's read_frames)
    ("editlist_md5", ["-i", "editlist.mp4", "-an", "-f", "framemd5", "-"]),
    ("editlist_neg_ts_md5", ["-i", "negts.mp4", "-an", "-f", "framemd5", "-"]),
    ("editlist_nokey_image2pipe", ["-skip_frame", "nokey", "-i", "editlist.mp4", "-pix_fmt",
                                   "rgb24", "-vcodec", "rawvideo", "-f", "image2pipe", "-"]),
    # a decoder that never returns a frame (HEVC data read as rawvideo: every packet too
    # small): the input's EOF gives the graph the stream's parameters, so the output is set
    # up before the encoders are flushed (no "Finishing stream" warning; imageio-ffmpeg's
    # count_frames_and_secs)
    ("null_no_frame_decoded", ["-i", "hevc.avi", "-map", "0:v:0", "-vf", "null", "-f", "null",
                               "-"]),
]

# cases whose graph needs the filter-graph parser (cine.compat.filtergraph)
def uses_filters(argv) -> bool:
    return "-vf" in argv


# cases that need an encoder other than rawvideo
def encoder_of(argv) -> str:
    if "-c:v" in argv:
        return argv[argv.index("-c:v") + 1]
    last = argv[-1]
    if last.endswith(".png"):
        return "png"
    return "mjpeg" if last.endswith((".jpg", ".mjpeg")) else "rawvideo"
