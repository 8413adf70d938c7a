"""Cases of the `codecopts` group: ffmpeg's codec options per stream and its check of the ones
no stream took (FFmpeg 5.1.9 filter_codec_opts and the end of open_input_file /
open_output_file): the error for an option of the wrong direction (exit 1), the warning for an
unused one, what a stream copy, an encoder's private class, a stream specifier and the v/a/s
prefix forms take, and the names left alone (format options, gop_timecode).
"""
from __future__ import annotations

WAV = "fixtures/wav/s16_stereo.wav"
MKV = "fixtures/mkv/h264_aac.mkv"
MP4 = "fixtures/h264/main_avcc.mp4"


def codec_option_cases(add) -> None:
    q = ["-hide_banner", "-nostdin"]
    add("output_error_decoding_option", q + ["-i", WAV, "-skip_frame", "nokey", "-f", "wav", "-"])
    add("output_warning_unused", q + ["-i", WAV, "-crf", "20", "-f", "s16le", "-"])
    add("input_error_encoding_option", q + ["-maxrate", "64k", "-i", WAV, "-f", "wav", "out.wav"])
    add("input_warning_unused", q + ["-skip_frame", "nokey", "-i", WAV, "-f", "wav", "out.wav"])
    add("input_error_first_class_rule", q + ["-gamma", "1", "-i", WAV, "-f", "wav", "out.wav"])
    add("output_taken_and_prefix_forms", q + ["-i", WAV, "-b", "64k", "-ab", "1k", "-acutoff",
                                              "9", "-vb", "1", "-f", "wav", "out.wav"])
    add("output_copy_takes_all", q + ["-i", WAV, "-c", "copy", "-crf", "20", "-skip_frame", "1",
                                      "-f", "wav", "out.wav"])
    add("output_format_names_silent", q + ["-i", WAV, "-movflags", "+faststart", "-strict", "1",
                                           "-gop_timecode", "0", "-joint_stereo", "1", "-f",
                                           "wav", "out.wav"])
    add("input_specifiers_copy", q + ["-is_avc", "1", "-skip_frame:a:0", "nokey",
                                      "-dual_mono_mode", "auto", "-i", MKV, "-c", "copy",
                                      "-f", "null", "-"])
    add("output_mjpeg_private_then_error", q + ["-skip_frame", "nokey", "-i", MP4, "-huffman",
                                                "default", "-skip_frame", "1", "-frames:v", "1",
                                                "thumb.jpg"])
