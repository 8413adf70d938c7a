#!/usr/bin/env python3
"""Write the seed inputs of the command-line fuzz targets (fuzz/targets/{ffprobe_args,
ffmpeg_args,show_entries,option_values}.py): realistic command lines (arguments joined by NUL),
-show_entries / stream specifier / -read_intervals values, and option values behind the byte
that selects their grammar (fuzz/targets/_args.py _value_parsers order).

    python3 fuzz/seeds/make_arg_seeds.py
        rewrites fuzz/seeds/<target>/NNN.arg and fuzz/dictionaries/{args,entries,values}.dict
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

FFPROBE = [
    "-v error -show_format -show_streams in.mp4",
    "-v quiet -print_format json -show_format -show_streams in.mkv",
    "-hide_banner -of compact=p=0:nk=1 -show_entries stream=codec_name in.ts",
    "-of csv=s=,:p=0 -select_streams v:0 -show_entries stream=width,height in.mp4",
    "-of default=noprint_wrappers=1:nokey=1 -show_entries format=duration in.wav",
    "-of flat=s=_:h=0 -show_streams in.ogg",
    "-of xml=x=1:q=1 -show_format -show_chapters in.mka",
    "-of ini -show_programs -select_streams p:1 in.ts",
    "-of json=c=1 -show_packets -read_intervals 10%+#5,20%30 in.mp4",
    "-read_intervals %+2.5,+1:00%02:00.5 -show_packets in.mkv",
    "-show_entries packet=pts_time,dts_time,flags:stream=index -select_streams a in.mp4",
    "-show_entries stream_tags=language:format_tags -show_data_hash SHA256 -show_packets in.mp4",
    "-show_data -show_packets -count_packets -count_frames in.avi",
    "-pretty -show_format in.mp3",
    "-unit -prefix -byte_binary_prefix -sexagesimal -show_format in.flac",
    "-show_optional_fields always -show_streams -i in.mp4",
    "-show_optional_fields 0 -bitexact -show_error in.mp4",
    "-loglevel repeat+level+verbose -show_log 32 -show_frames in.mp4",
    "-v +repeat+debug -f mp4 -probesize 32 -analyzeduration 1M -fflags +genpts in.mp4",
    "-f mpegts -scan_all_pmts 1 -ts_packetsize 192 in.m2ts",
    "-f matroska,webm -show_streams -show_stream_disposition -o out.json in.webm",
    "-sections",
    "-version",
    "-h",
    "-show_versions -of xml",
    "-show_pixel_formats -show_entries pixel_format=name:flags=alpha",
    "-print_filename shown.mp4 -show_format -nofind_stream_info in.mp4",
    "-select_streams m:language:eng -show_streams in.mka",
    "-select_streams #0x100 -show_streams in.ts",
    "-select_streams i:256 -show_streams in.ts",
    "-select_streams u -show_streams in.mkv",
    "-select_streams V -show_streams in.mp4",
    "-threads 2 -skip_frame nokey -err_detect crccheck -show_frames in.mp4",
    "-max_alloc 1000000 -cpuflags 0 -show_format -- -in.mp4",
    "-report -v 0 -show_format in.mp4",
    "-show_entries stream:format=filename:side_data_list in.mp4",
    "-private -show_private_data 0 -show_streams in.mp4",
    "-v warning -show_chapters -show_entries chapter_tags=title in.mkv",
]

FFMPEG = [
    "-i in.mp4 -c copy out.mkv",
    "-hide_banner -y -i in.mkv -map 0 -c copy out.mp4",
    "-v error -i in.ts -map 0:p:1 -c copy -f mpegts out.ts",
    "-ss 1.5 -t 2 -i in.mp4 -c copy -movflags +faststart out.mp4",
    "-i in.mp4 -ss 00:00:01.000 -to 3 -c:v copy -c:a copy out.mov",
    "-i in.mp4 -map 0:v:0 -map 0:a? -map -0:s -c copy out.mkv",
    "-i in.mkv -i in.ts -map 1:v -map 0:a -c copy -shortest out.mkv",
    "-i in.mkv -map 0 -c copy -metadata title=x -metadata:s:a:0 language=eng out.mka",
    "-i in.mkv -map_metadata 0:s:0 -map_chapters -1 -c copy out.mp4",
    "-i in.mkv -c copy -disposition:a:0 default+forced -disposition:s 0 out.mkv",
    "-i in.mp4 -c copy -bsf:v h264_mp4toannexb -f h264 out.h264",
    "-i in.mp4 -vn -acodec copy -f adts out.aac",
    "-i in.mp4 -an -sn -dn -vcodec copy -tag:v hvc1 out.mp4",
    "-sseof -2 -i in.mp4 -c copy out.mkv",
    "-itsoffset 0.5 -i in.mp4 -c copy -avoid_negative_ts make_zero out.mkv",
    "-i in.mp4 -c copy -f null -",
    "-nostdin -n -stats_period 1 -progress pipe:1 -i in.mp4 -c copy out.webm",
    "-loglevel level+warning -i in.ogg -c copy -f ogg -page_duration 100000 out.ogg",
    "-f wav -i in.wav -c copy -rf64 auto out.wav",
    "-i in.ts -c copy -mpegts_service_id 7 -muxrate 1M -f mpegts out.ts",
    "-i in.mp4 -frames:v 10 -c copy out.mp4",
    "-i in.mp4 -copyts -start_at_zero -c copy out.mkv",
    "-i in.mp4 -c:v libx264 -crf 20 out.mp4",
    "-i in.mp4 -vf scale=320:240 -c copy out.mp4",
    "-filter_complex [0:v]null[v] -map [v] out.mp4",
    "-i in.mkv -map 0:m:language:eng -c copy out.mkv",
    "-i in.mkv -map 0:1,0:0 -c copy out.mkv",
    "-i in.mp4 -write_tmcd 0 -brand isom -use_editlist 0 -c copy out.mov",
    "-i in.mp4 -fflags +bitexact -flags:v +bitexact -c copy out.mp4",
    "-i in.mp4 -metadata:g encoder=x -map_metadata:s:v 0:s:v -c copy out.mp4",
    "-h long",
    "-version",
    "-formats",
    "-i",
    "-xerror -i in.mp4 -c copy -max_muxing_queue_size 1024 out.mkv",
    "-i in.mp4 -c copy -t 0x10 out.mkv",
    "-i in.mp4 -c copy -fs 1000000 out.mkv",
    "-i in.mp4 -c copy -- -out.mkv",
]

ENTRIES = [
    "estream=index,codec_name,codec_type",
    "eformat=duration:stream=index",
    "estream_tags=language,title:format_tags",
    "epacket=pts_time,dts,flags:frame=pkt_pts",
    "eprogram_stream=index:program_stream_tags",
    "estream_disposition=default,forced",
    "eside_data_list",
    "e'stream'='width',height",
    "estream=\\w\\idth",
    "etags",
    "echapter=id:chapter_tags=title",
    "epixel_format=name:flags=big_endian:component",
    "eprogram_version=version:library_version",
    "eerror=code,string",
    "sv:0",
    "sa",
    "sp:1:v",
    "sp:2:a:0",
    "s#0x100",
    "si:257",
    "sm:language:eng",
    "sm:handler_name",
    "su",
    "sV",
    "s0x2",
    "s010",
    "s-1",
    "s",
    "i10%20",
    "i%+#5",
    "i+1:00%+02:00.5",
    "i00:01:02.345%01:00:00",
    "i1.5ms%+2500us",
    "i-3%",
    "i,",
    "i10,20%30,%+#1",
]

# (selector index in _value_parsers, value)
VALUES = [
    (0, "1.5k"), (0, "0x1F"), (0, "-3dB"), (0, "2Mi"), (0, "1KiB"), (0, "inf"), (0, ".5e-3"),
    (1, "42"), (1, "2147483648"), (1, "1e3"), (1, "0x10"), (2, "9223372036854775807"),
    (2, "-1.5"), (3, "0.25"), (3, "nan"), (4, "100"), (4, "-1"),
    (5, "1k"), (5, "0x20"), (5, "1.5MiB"), (6, "+faststart-dash"), (6, "a+b--c+"),
    (7, "+faststart+frag_keyframe"), (7, "empty_moov-dash"), (7, "3"), (7, "+unknown"),
    (8, "00:01:02.5"), (8, "1:02:03"), (8, "2.5"), (8, "1500ms"), (8, "-10us"), (8, "12:60"),
    (9, "verbose"), (9, "repeat+level+info"), (9, "-repeat+40"), (9, "+bogus"),
    (10, " +12"), (10, "99999999999999999999"), (11, "0x7fffffff"), (11, " -010"),
    (12, "c=1:nk=0"), (12, "s='a:b':p=0"), (12, "x\\=y=1"),
    (13, "default+forced"), (13, "-default"), (13, "0"), (13, "7"), (13, "+comment-dub"),
    (14, "s:v:0"), (14, "c:1"), (14, "p:0x2"), (14, "g"), (14, "x"),
]


def write(target: str, items) -> None:
    d = os.path.join(HERE, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, data in enumerate(items):
        with open(os.path.join(d, "%03d.arg" % i), "wb") as f:
            f.write(data)


def main() -> None:
    write("ffprobe_args", [c.replace(" ", "\0").encode() for c in FFPROBE])
    write("ffmpeg_args", [c.replace(" ", "\0").encode() for c in FFMPEG])
    write("show_entries", [e.encode() for e in ENTRIES])
    values = [bytes([sel]) + v.encode() for sel, v in VALUES]
    # value_string (selector 15): format flag bits, unit index, an int64 / double (little-endian)
    import struct
    values += [bytes([15, 15, 0]) + struct.pack("<d", 3723.5),
               bytes([15, 6, 1]) + struct.pack("<q", 48000),
               bytes([15, 7, 2]) + struct.pack("<q", 1 << 40),
               bytes([15, 3, 3]) + struct.pack("<q", 128000)]
    write("option_values", values)


# ---- dictionaries (fuzz/dictionaries/{args,entries,values}.dict) ----------------------------

def _dict(name: str, title: str, words) -> None:
    path = os.path.join(os.path.dirname(HERE), "dictionaries", name)
    seen, lines = set(), ["# libFuzzer dictionary: %s (written by fuzz/seeds/make_arg_seeds.py)" % title]
    for w in words:
        if w and w not in seen:
            seen.add(w)
            raw = w.encode("utf-8", "surrogateescape")
            lines.append('"%s"' % "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\'
                                          else "\\x%02X" % b for b in raw))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def dictionaries() -> None:
    import re
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
    from cine.compat import avoptions, log
    from cine.compat.ffmpeg import options as ffmpeg_options
    from cine.compat.ffprobe.sections import _TABLE
    from cine.compat.probe_opts import HASHES, TABLE, WRITERS
    from cine.engine.model import DISPOSITIONS
    names = [po.name for po in TABLE] + [po.name for po in ffmpeg_options.TABLE]
    args = ["-" + n for n in names] + ["-no" + n for n in names]
    args += ["-" + n for n in sorted(avoptions.FORMAT)[:400]] + ["-" + n for n in sorted(avoptions.CODEC)]
    args += ["\0", "--", ":v", ":a:0", ":s", "copy", "pipe:", "-", "file:", "json", "=c=1"]
    args += list(WRITERS) + list(HASHES) + ["mp4", "matroska", "mpegts", "ogg", "wav", "null"]
    args += ["\u00b2", "\u0663", "\u00e9", "\udcff", "\udc80"]   # a Unicode digit, Latin-1, undecodable
    _dict("args.dict", "ffprobe and ffmpeg option names", args)
    fields = os.path.join(os.path.dirname(os.path.dirname(HERE)), "cine", "compat", "ffprobe",
                          "fields.py")
    with open(fields) as f:
        field_names = re.findall(r'\("([a-z_0-9]+)",', f.read())
    secs = [s.name for s in _TABLE] + [s.unique_name for s in _TABLE if s.unique_name]
    spec = ["v", "a", "s", "d", "t", "V", "p:", "#", "i:", "m:", "u", "0x", ":", "language", "eng"]
    _dict("entries.dict", "-show_entries sections and fields, stream specifiers, intervals",
          secs + field_names + spec + ["=", ",", "'", "\\", "%", "+#", "+", ":", "ms", "us", "s", "."])
    values = ["dB", "Ki", "Mi", "B", "k", "M", "G", "0x", "e+", "inf", "nan", "infinity", ":", ".",
              "ms", "us", "+", "-", "repeat", "level"] + [n for n, _ in log.LEVELS] + list(DISPOSITIONS)
    values += ["faststart", "frag_keyframe", "empty_moov", "dash", "g", "s:", "c:", "p:", "='", "\\"]
    values += ["\u00b2", "\u0663", "\udcff", "0x1p3", "nan(", "++", "+-"]
    _dict("values.dict", "option values: numbers, durations, flags, log levels", values)


if __name__ == "__main__":
    main()
    dictionaries()
