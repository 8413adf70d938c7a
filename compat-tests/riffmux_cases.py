"""Cases of the `riffmux` group (issue 8: the AVI and Sony Wave64 muxers, stream copy).

yt-dlp's FFmpegFixupTimestampPP writes the fixed file in the input's container: its argv
(`-c copy -bsf setts=ts=TS-STARTPTS -map 0 -dn -ignore_unknown -ss 0.001 -movflags +faststart`)
on every AVI fixture and every .w64 fixture, then plain copies (`-c copy`, `-map 0`) into .avi
and .w64 from AVI, MP4, Matroska and WAV inputs, the muxers' options (-reserve_index_space,
-write_channel_mask, -flipped_raw_rgb, -metadata_header_padding, -fflags +bitexact, stream
titles as 'strn'), pipes (no index, lengths left unpatched), trims (the empty chunks that fill
dts gaps), and the reference's errors: codecs without a RIFF tag, subtitles other than XSUB,
an 'H264'-tagged stream without start codes. Output files are compared byte for byte.
"""
from __future__ import annotations

import os

YTDLP_FIXUP = ["-c", "copy", "-bsf", "setts=ts=TS-STARTPTS", "-map", "0", "-dn",
               "-ignore_unknown", "-ss", "0.001", "-movflags", "+faststart"]

# plain `-c copy out.avi` of these AVI fixtures (one per codec family / header feature)
AVI_COPY = ["adpcm_ms", "aspect", "divx_pcm51", "dv_pal_wide", "h264_aac", "mjpeg_pcm",
            "mp3_stereo", "mpeg4_bframes", "odml", "pal8", "rawvideo", "rawvideo_yuv",
            "s24", "u8", "xvid_aac_gap", "hevc", "vp8"]
# other containers into .avi (codecs with a RIFF tag; and the ones without: errors)
OTHER_TO_AVI = [
    ("mp4_h264_aac", "fixtures/mp4/h264_aac.mp4", []),
    ("mp4_h264_aac_map0", "fixtures/mp4/h264_aac.mp4", ["-map", "0"]),
    ("mkv_h264_aac", "fixtures/mkv/h264_aac.mkv", []),
    ("mkv_prores", "fixtures/mkv/prores.mkv", []),
    ("mkv_png_vfw", "fixtures/mkv/png_vfw.mkv", []),
    ("mkv_interlaced", "fixtures/mkv/interlaced.mkv", []),
    ("mp4_av1", "fixtures/mp4/av1.mp4", []),
    ("ts_h264_aac", "fixtures/ts/h264_aac.ts", []),
    ("mka_ac3", "fixtures/mkv/ac3.mka", []),
    ("err_webm_vp9_opus", "fixtures/mkv/vp9_opus.webm", []),
    ("err_mkv_subs_ass", "fixtures/mkv/subs_ass.mkv", ["-map", "0"]),
    ("err_mp4_h264_tag_h264", "fixtures/mp4/h264_aac.mp4", ["-tag:v", "H264"]),
]
# WAV-family inputs into .w64 (PCM; the 'fact' chunk of non-PCM tags)
TO_W64 = [
    ("w64_s16", "fixtures/wav/s16.w64"),
    ("w64_ext_51", "fixtures/wav/ext_51.w64"),
    ("wav_adpcm_ima", "fixtures/wav/adpcm_ima.wav"),
    ("wav_adpcm_ms", "fixtures/wav/adpcm_ms.wav"),
    ("wav_alaw", "fixtures/wav/alaw.wav"),
    ("wav_f32", "fixtures/wav/f32.wav"),
    ("wav_u8", "fixtures/wav/u8.wav"),
    ("wav_ext_71", "fixtures/wav/ext_71.wav"),
    ("wav_info_tags", "fixtures/wav/info_tags.wav"),
    ("m4a_aac", "fixtures/mp4/aac_mono.m4a"),
    ("err_mp4_h264", "fixtures/mp4/h264_aac.mp4"),
]

# case name -> why cine still differs (strict xfails)
KNOWN_GAPS: dict[str, str] = {}


def riffmux_cases(add, root: str) -> None:
    q = ["ffmpeg", "-hide_banner", "-nostdin"]
    avi_dir = os.path.join(root, "fixtures", "avi")
    for name in sorted(os.listdir(avi_dir)):
        if not name.endswith(".avi"):
            continue
        stem = name[:-4]
        add(f"ytdlp_fixup_avi_{stem}", ["ffmpeg", "-y", "-loglevel", "repeat+info", "-i",
                                        f"file:fixtures/avi/{name}"] + YTDLP_FIXUP
            + ["file:out.temp.avi"])
    for name in sorted(os.listdir(os.path.join(root, "fixtures", "wav"))):
        if name.endswith(".w64"):
            add(f"ytdlp_fixup_w64_{name[:-4]}", ["ffmpeg", "-y", "-loglevel", "repeat+info",
                                                 "-i", f"file:fixtures/wav/{name}"]
                + YTDLP_FIXUP + ["file:out.temp.w64"])
    for stem in AVI_COPY:
        add(f"copy_avi_{stem}", q + ["-i", f"fixtures/avi/{stem}.avi", "-c", "copy", "out.avi"])
    add("copy_avi_multi_audio_map0", q + ["-i", "fixtures/avi/multi_audio_tags.avi", "-map",
                                          "0", "-c", "copy", "out.avi"])
    for stem, fx, extra in OTHER_TO_AVI:
        add(f"copy_{stem}_to_avi", q + ["-i", fx, "-c", "copy"] + extra + ["out.avi"])
    add("copy_h263_3gp_to_avi", q + ["-i", "fixtures/mp4/h263.3gp", "-c", "copy", "out.avi"])
    h264_avi = "fixtures/avi/h264_aac.avi"
    opts = [
        ("opt_bitexact", ["-fflags", "+bitexact"]),
        ("opt_padding_13", ["-metadata_header_padding", "13"]),
        ("opt_padding_0", ["-metadata_header_padding", "0"]),
        ("opt_reserve_index_space", ["-reserve_index_space", "100"]),
        ("opt_titles_and_info", ["-metadata:s:v", "title=Video", "-metadata:s:a", "title=Odd",
                                 "-metadata", "artist=Someone", "-metadata", "comment=c"]),
        ("trim_t", ["-t", "0.5"]),
        ("trim_ss_output", ["-ss", "0.3"]),
        ("ts_offset", ["-output_ts_offset", "2"]),
        ("video_only", ["-an"]),
    ]
    for stem, o in opts:
        add(f"avi_{stem}", q + ["-i", h264_avi, "-c", "copy"] + o + ["out.avi"])
    add("avi_opt_no_channel_mask", q + ["-i", "fixtures/avi/divx_pcm51.avi", "-c", "copy",
                                        "-write_channel_mask", "0", "out.avi"])
    add("avi_opt_flipped_raw_rgb", q + ["-i", "fixtures/avi/rawvideo.avi", "-c", "copy",
                                        "-flipped_raw_rgb", "1", "out.avi"])
    add("avi_trim_gap", q + ["-i", "fixtures/avi/xvid_aac_gap.avi", "-c", "copy", "-t", "0.5",
                             "out.avi"])
    # a pipe: no index, no JUNK reservations, lengths left as written
    add("avi_pipe_h264_aac", q + ["-i", h264_avi, "-c", "copy", "-f", "avi", "-"])
    add("avi_pipe_pal8", q + ["-i", "fixtures/avi/pal8.avi", "-c", "copy", "-f", "avi", "-"])
    for stem, fx in TO_W64:
        add(f"copy_{stem}_to_w64", q + ["-i", fx, "-c", "copy", "out.w64"])
    add("w64_map0_two_inputs", q + ["-i", "fixtures/wav/s16.w64", "-i", "fixtures/wav/s16.wav",
                                    "-map", "0", "-map", "1", "-c", "copy", "out.w64"])
    add("w64_pipe_adpcm_ms", q + ["-i", "fixtures/wav/adpcm_ms.wav", "-c", "copy", "-f", "w64",
                                  "-"])
    add("w64_bitexact_ss", q + ["-i", "fixtures/wav/ext_51.w64", "-c", "copy", "-ss", "0.1",
                                "-fflags", "+bitexact", "out.w64"])
