"""Cases of the `cache` and `setts` groups (issue 8: what real programs run).

`cache`: the cache: protocol as pydub runs it on file objects (`ffprobe -of json -v info
-show_format -show_streams -read_ahead_limit -1 cache:pipe:0` and `ffmpeg -y -read_ahead_limit
-1 -i cache:pipe:0 -acodec pcm_s16le -vn -f wav -`, the bytes on stdin), the dump at the
default read-ahead limit, cache: over a file, and the errors: an inner URL that does not open,
bad -read_ahead_limit values, the option on an input without cache: (ffprobe warns, ffmpeg
stops). Inputs fed on stdin stay under 64 KiB (one pipe buffer): the reference's cache counts
the reads it makes, and a pipe that is still being filled can give it short ones.

`setts`: the setts bitstream filter as yt-dlp's FFmpegFixupTimestampPP runs it (`-c copy -bsf
setts=ts=TS-STARTPTS -map 0 -dn -ignore_unknown -ss 0.001 -movflags +faststart`), its other
options and variables, chains, and its errors (options at parse time, expressions at init).
"""
from __future__ import annotations

PYDUB_PROBE = ["-of", "json", "-v", "info", "-show_format", "-show_streams",
               "-read_ahead_limit", "-1", "cache:pipe:0"]
PYDUB_DECODE = ["-y", "-read_ahead_limit", "-1", "-i", "cache:pipe:0", "-acodec", "pcm_s16le",
                "-vn", "-f", "wav", "-"]

# (stem, fixture): containers whose demuxers the cache's read counts were checked against
CACHE_INPUTS = [
    ("mp4", "fixtures/mp4/h264_aac.mp4"),
    ("mp4_faststart", "fixtures/mp4/faststart.mp4"),
    ("m4a_alac", "fixtures/alac/ch6_s24.m4a"),
    ("frag_mp4", "fixtures/mp4/frag_keyframe.mp4"),
    ("wav", "fixtures/wav/s16.wav"),
    ("wav_cue", "fixtures/wav/cue.wav"),
    ("mp3_cbr", "fixtures/elementary/cbr.mp3"),
    ("mp3_chapters", "fixtures/elementary/chap.mp3"),
    ("mp2", "fixtures/elementary/l2.mp2"),
    ("adts", "fixtures/aac/adts.aac"),
    ("flac", "fixtures/elementary/f16.flac"),
    ("flac_8bit", "fixtures/flac/crafted_8bit.flac"),
    ("ogg_opus", "fixtures/ogg/opus_stereo.ogg"),
    ("ogg_vorbis", "fixtures/vorbis/native_stereo.ogg"),
    ("mka_pcm", "fixtures/mkv/pcm.mka"),
    ("mkv", "fixtures/mkv/h264_aac.mkv"),
    ("avi", "fixtures/avi/u8.avi"),
    ("ts", "fixtures/ts/h264_aac.ts"),
    ("w64", "fixtures/wav/s16.w64"),
]

# inputs whose decoding cine does not reproduce bit for bit (MP3, Opus: the audio group judges
# those by tolerance): probed only
NOT_BIT_EXACT = ("mp3_cbr", "mp3_chapters", "ogg_opus")

YTDLP_FIXUP = ["-c", "copy", "-bsf", "setts=ts=TS-STARTPTS", "-map", "0", "-dn",
               "-ignore_unknown", "-ss", "0.001", "-movflags", "+faststart"]
# (stem, input, output extension): yt-dlp writes the fixed file next to the input, same
# extension (outputs without random identifiers: no Matroska/Ogg here, whose muxers draw
# UIDs and serial numbers unless -fflags +bitexact)
YTDLP_INPUTS = [
    ("mp4", "fixtures/mp4/h264_aac.mp4", "mp4"),
    ("mp4_editlist", "fixtures/mp4/editlist_ss_copy.mp4", "mp4"),
    ("mp4_bframes", "fixtures/mp4/mpeg4_bf2.mp4", "mp4"),
    ("m4a", "fixtures/alac/ch3_c0.m4a", "m4a"),
    ("mov", "fixtures/mp4/pcm_s16le.mov", "mov"),
    ("mp3", "fixtures/elementary/cbr.mp3", "mp3"),
    ("ts", "fixtures/ts/h264_aac.ts", "ts"),
    ("mkv_to_mp4", "fixtures/mkv/h264_aac.mkv", "mp4"),
    ("flac", "fixtures/elementary/f16.flac", "flac"),
    # raw H.264 whose SPS has no timing: the output keeps the decoder's time base, 1/(25*2)
    # from the demuxer's preset frame rate, times ticks_per_frame: 1/25
    ("h264_raw", "fixtures/h264/ipcm_cavlc.h264", "h264"),
]


def cache_cases(add_probe, add_ffmpeg) -> None:
    for stem, fx in CACHE_INPUTS:
        add_probe(f"pydub_probe_{stem}", ["ffprobe"] + PYDUB_PROBE, stdin=fx)
        if stem not in NOT_BIT_EXACT:
            add_ffmpeg(f"pydub_decode_{stem}", ["ffmpeg"] + PYDUB_DECODE, stdin=fx)
    wav, mp4 = "fixtures/wav/s16.wav", "fixtures/mp4/h264_aac.mp4"
    hb = ["ffprobe", "-hide_banner"]
    # the default read-ahead limit (65536): the size stays unknown, the dump says so
    add_probe("dump_default_limit", hb + ["cache:pipe:0"], stdin=mp4)
    add_probe("show_format_default_limit", hb + ["-show_format", "cache:pipe:0"], stdin=wav)
    add_probe("limit_zero", hb + ["-read_ahead_limit", "0", "-show_format", "cache:pipe:0"],
              stdin="fixtures/elementary/cbr.mp3")
    add_probe("limit_1k_expression", hb + ["-read_ahead_limit", "1k", "-show_format",
                                           "cache:pipe:0"], stdin=mp4)
    # cache: over files (AVSEEK_SIZE works: no seekback error)
    add_probe("file_inner", hb + ["-show_format", f"cache:{wav}"])
    add_probe("file_proto_inner", hb + ["-of", "json", "-show_streams", f"cache:file:{mp4}"])
    add_probe("nested", hb + ["-read_ahead_limit", "-1", "-show_format", "cache:cache:pipe:0"],
              stdin=wav)
    # errors
    add_probe("err_missing_inner", hb + ["cache:fixtures/does_not_exist.mp4"])
    add_probe("err_empty_inner", hb + ["cache:"])
    add_probe("err_dash_inner", hb + ["cache:-"], stdin=wav)
    add_probe("err_limit_not_a_number", hb + ["-read_ahead_limit", "abc", "cache:pipe:0"],
              stdin=wav)
    add_probe("err_limit_below_range", hb + ["-read_ahead_limit", "-2", "cache:pipe:0"],
              stdin=wav)
    add_probe("err_limit_above_range", hb + ["-read_ahead_limit", "99999999999",
                                             "cache:pipe:0"], stdin=wav)
    add_probe("err_garbage", hb + ["-read_ahead_limit", "-1", "-show_error", "cache:pipe:0"],
              stdin="fixtures/errors/garbage.mp4")
    add_probe("err_empty_stdin", hb + ["cache:pipe:0"], stdin="fixtures/errors/empty.mp4")
    add_probe("limit_on_plain_file", hb + ["-read_ahead_limit", "-1", "-show_format", wav])
    add_probe("limit_on_pipe", hb + ["-read_ahead_limit", "-1", "-show_format", "pipe:0"],
              stdin=wav)
    q = ["ffmpeg", "-hide_banner"]
    add_ffmpeg("copy_to_mkv", q + ["-read_ahead_limit", "-1", "-i", "cache:pipe:0", "-c",
                                   "copy", "-fflags", "+bitexact", "out.mkv"], stdin=mp4)
    add_ffmpeg("file_inner_to_wav", q + ["-nostdin", "-i", f"cache:{wav}", "-c", "copy",
                                         "out.wav"])
    null = ["-f", "null", "-"]
    add_ffmpeg("ffmpeg_err_limit_on_plain_file",
               q + ["-nostdin", "-read_ahead_limit", "-1", "-i", wav] + null)
    add_ffmpeg("ffmpeg_err_missing_inner", q + ["-nostdin", "-i", "cache:fixtures/nope.wav"] + null)
    add_ffmpeg("ffmpeg_err_limit_bad", q + ["-read_ahead_limit", "x", "-i", "cache:pipe:0"] + null,
               stdin=wav)
    add_ffmpeg("ffmpeg_err_garbage", q + ["-read_ahead_limit", "-1", "-i", "cache:pipe:0"] + null,
               stdin="fixtures/errors/garbage.mp4")
    add_ffmpeg("err_output_fails_after_open", q + ["-read_ahead_limit", "-1", "-i",
                                                   "cache:pipe:0", "-c", "copy", "-f", "adts",
                                                   "-y", "/dev/full"],
               stdin="fixtures/mp4/aac_mono.m4a")


def setts_cases(add) -> None:
    q = ["ffmpeg", "-hide_banner", "-nostdin"]
    for stem, fx, ext in YTDLP_INPUTS:
        add(f"ytdlp_fixup_{stem}", ["ffmpeg", "-y", "-loglevel", "repeat+info", "-i", "file:" + fx]
            + YTDLP_FIXUP + [f"file:out.temp.{ext}"])
    mp4 = "fixtures/mp4/h264_aac.mp4"
    bx = ["-fflags", "+bitexact"]

    def copy(name, bsf_args, out, inp=mp4, extra=()):
        add(name, q + ["-i", inp, "-c", "copy"] + list(bsf_args) + list(extra) + [out])

    copy("defaults_mp4", ["-bsf", "setts"], "out.mp4")
    copy("frame_number_mkv", ["-bsf:v", "setts=ts=N*100"], "out.mkv", extra=bx)
    copy("pts_dts_ts", ["-bsf:v", "setts=pts=PTS+1000:dts=DTS+1000"], "out.ts")
    copy("shorthand_first_option", ["-bsf:v", "setts=TS+512:pts=PTS+512"], "out.mp4")
    copy("vars_tb_sr", ["-bsf", "setts=ts=N+TB*1000000:duration=SR+TB_OUT*1000000"], "out.mkv",
         extra=bx)
    copy("time_base_option", ["-bsf:v", "setts=ts=TS:time_base=1/50"], "out.mkv", extra=bx)
    copy("time_base_decimal", ["-bsf:v", "setts=time_base=0.5"], "out.mp4")
    copy("prev_out", ["-bsf:v", "setts=ts=if(N\\,PREV_OUTPTS+512\\,0)"], "out.mp4")
    copy("prev_in_next", ["-bsf:a", "setts=pts=PTS:dts=DTS:duration=if(gte(NEXT_DTS\\,0)\\,"
                          "NEXT_DTS-DTS\\,DURATION)"], "out.mp4")
    copy("startdts_audio", ["-bsf:a", "setts=ts=TS-STARTDTS+STARTPTS"], "out.m4a",
         extra=["-vn"])
    copy("quoted_expression", ["-bsf:v", "setts=ts='if(eq(N,0),0,TS)'"], "out.mp4")
    copy("chain_with_null", ["-bsf:v", "null,setts=ts=TS+1024,null"], "out.ts")
    copy("nopts_at_end", ["-bsf:v", "setts=ts=NEXT_DTS"], "out.mp4")
    copy("nopts_constant", ["-bsf:a", "setts=pts=NOPTS:dts=DTS"], "out.mkv", extra=bx)
    copy("pos_expression", ["-bsf:v", "setts=ts=POS"], "out.ts")
    copy("with_output_ss", ["-bsf", "setts=ts=TS-STARTPTS", "-ss", "0.5"], "out.mp4")
    copy("with_frames_limit", ["-bsf:v", "setts=ts=N*512", "-frames:v", "5"], "out.mp4")
    # errors: options when the chain is parsed, expressions when the filter starts
    copy("err_bad_ts_expression", ["-bsf:v", "setts=ts=("], "out.mp4")
    copy("err_bad_dts_expression", ["-bsf:v", "setts=dts=((:ts=TS+"], "out.mp4")
    copy("err_bad_duration", ["-bsf:a", "setts=duration=XX"], "out.mp4")
    copy("err_bad_in_chain", ["-bsf:v", "null,setts=ts=("], "out.mp4")
    copy("err_unknown_option", ["-bsf:v", "setts=foo=1"], "out.mp4")
    copy("err_no_option_name", ["-bsf:v", "setts=pts=1:2"], "out.mp4")
    copy("err_time_base_not_a_number", ["-bsf:v", "setts=time_base=abc"], "out.mp4")
    copy("err_time_base_negative", ["-bsf:v", "setts=time_base=-1/2"], "out.mp4")
    copy("err_time_base_trailing", ["-bsf:v", "setts=time_base=1/25x"], "out.mp4")
    copy("err_empty_filter_name", ["-bsf:v", ",setts"], "out.mp4")
    copy("err_unknown_filter", ["-bsf:v", "settsx=ts=1"], "out.mp4")
