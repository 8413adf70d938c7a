"""Compare the engine-owned fields of cine's FormatContext with an ffprobe JSON document
(`-show_format -show_streams`), as ffprobe 5.1.9 would print them. Used by the corpus and
live tests; runnable as a script: python3 tests/engine/mp4/corpus_fields.py [-v] [FILES...]
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
MP4_FORMAT = "mov,mp4,m4a,3gp,3g2,mj2"


def _time(v, tb):
    if v is None:
        return None
    return "%f" % (v * tb.num / tb.den)


def _tag_str(t: int) -> str:
    out = []
    for i in range(4):
        ch = (t >> (8 * i)) & 0xFF
        c = chr(ch)
        if c.isalnum() or c in " .-_":
            out.append(c)
        else:
            out.append("[%d]" % ch)
    return "".join(out)


def engine_view(ctx) -> dict:
    """The subset of ffprobe's JSON that the demuxer + stream-info completion determine."""
    fmt = {"nb_streams": len(ctx.streams)}
    if ctx.start_time is not None:
        fmt["start_time"] = "%f" % (ctx.start_time / 1e6)
    if ctx.duration is not None:
        fmt["duration"] = "%f" % (ctx.duration / 1e6)
    if ctx.size is not None:
        fmt["size"] = str(ctx.size)
    if ctx.bit_rate > 0:
        fmt["bit_rate"] = str(ctx.bit_rate)
    if ctx.tags:
        fmt["tags"] = dict(ctx.tags.items())
    streams = []
    for st in ctx.streams:
        p = st.codecpar
        d = {"index": st.index, "codec_type": p.codec_type or "unknown",
             "codec_tag_string": _tag_str(p.codec_tag), "codec_tag": "0x%04x" % p.codec_tag,
             "id": "0x%x" % (st.id & 0xFFFFFFFF if st.id < 0 else st.id),
             "r_frame_rate": str(st.r_frame_rate), "avg_frame_rate": str(st.avg_frame_rate),
             "time_base": str(st.time_base)}
        if p.codec_name:
            d["codec_name"] = p.codec_name
        if p.codec_type == "video":
            d["width"] = p.width
            d["height"] = p.height
        if p.codec_type == "audio":
            d["sample_rate"] = str(p.sample_rate)
            d["channels"] = p.channels
        if st.start_time is not None:
            d["start_pts"] = st.start_time
            d["start_time"] = _time(st.start_time, st.time_base)
        if st.duration is not None:
            d["duration_ts"] = st.duration
            d["duration"] = _time(st.duration, st.time_base)
        if p.bit_rate > 0:
            d["bit_rate"] = str(p.bit_rate)
        if st.nb_frames:
            d["nb_frames"] = str(st.nb_frames)
        if p.extradata:
            d["extradata_size"] = len(p.extradata)
        d["disposition"] = sorted(st.disposition)
        if st.side_data:
            d["side_data_list"] = [dict([("side_data_type", sd.type)] + list(sd.fields)) for sd in st.side_data]
        if st.sample_aspect_ratio.num:
            d["sample_aspect_ratio"] = "%d:%d" % st.sample_aspect_ratio
        if st.tags:
            d["tags"] = dict(st.tags.items())
        streams.append(d)
    return {"format": fmt, "streams": streams}


STREAM_KEYS = ("index", "codec_name", "codec_type", "codec_tag_string", "codec_tag", "id", "r_frame_rate",
               "avg_frame_rate", "time_base", "width", "height", "sample_rate", "channels", "start_pts",
               "start_time", "duration_ts", "duration", "bit_rate", "nb_frames", "extradata_size", "tags",
               "disposition", "side_data_list", "sample_aspect_ratio")
FORMAT_KEYS = ("nb_streams", "start_time", "duration", "size", "bit_rate", "tags")
# fields a codec analyzer (decoder view) may legitimately change after the demuxer
ANALYZER_FIELDS = {"width", "height", "sample_rate", "channels", "bit_rate", "sample_aspect_ratio"}


def reference_view(doc: dict) -> dict:
    fmt = {k: doc.get("format", {}).get(k) for k in FORMAT_KEYS if k in doc.get("format", {})}
    if "tags" in fmt:
        fmt["tags"] = dict(fmt["tags"])
    streams = []
    for s in doc.get("streams", []):
        d = {k: s[k] for k in STREAM_KEYS if k in s}
        d["disposition"] = sorted(k for k, v in s.get("disposition", {}).items() if v)
        streams.append(d)
    return {"format": fmt, "streams": streams}


def diff(ctx, doc: dict, analyzer_tolerant: bool = True) -> list[str]:
    mine, ref = engine_view(ctx), reference_view(doc)
    out = []
    for k in FORMAT_KEYS:
        a, b = mine["format"].get(k), ref["format"].get(k)
        if a != b:
            out.append("format.%s: cine=%r ref=%r" % (k, a, b))
    if len(mine["streams"]) != len(ref["streams"]):
        out.append("nb streams %d != %d" % (len(mine["streams"]), len(ref["streams"])))
    for sm, sr in zip(mine["streams"], ref["streams"]):
        for k in STREAM_KEYS:
            a, b = sm.get(k), sr.get(k)
            if a == b:
                continue
            if analyzer_tolerant and k in ANALYZER_FIELDS and (a in (None, 0, "0") or b is None):
                continue
            out.append("stream%d.%s: cine=%r ref=%r" % (sm["index"], k, a, b))
    return out


def corpus_cases():
    manifest = os.path.join(CORPUS, "manifest.tsv")
    if not os.path.exists(manifest):
        return []
    cases = []
    with open(manifest) as f:
        next(f)
        for line in f:
            path, size, fmt, codecs, rc = line.rstrip("\n").split("\t")
            if fmt == MP4_FORMAT or (rc == "1" and _looks_mp4(path)):
                cases.append((path, int(rc)))
    return cases


def _looks_mp4(path: str) -> bool:
    return path.rsplit(".", 1)[-1].lower() in ("mp4", "m4s", "mov", "m4a", "m4v", "3gp", "3g2")


def check_case(path: str, rc: int):
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    full = os.path.join(CORPUS, "files", path)
    try:
        inp = open_input(full)
    except CineError as exc:
        return ["raised %s" % type(exc).__name__] if rc == 0 else []
    inp.close()
    if rc != 0:
        return ["opened, reference failed"]
    with open(os.path.join(CORPUS, "goldens", path + ".json")) as f:
        doc = json.load(f)
    return diff(inp.ctx, doc)


def main(argv: list[str]) -> int:
    sys.path.insert(0, ROOT)
    verbose = "-v" in argv
    only = [a for a in argv if a != "-v"]
    ok = bad = 0
    for path, rc in corpus_cases():
        if only and not any(o in path for o in only):
            continue
        problems = check_case(path, rc)
        if problems:
            bad += 1
            print("FAIL %s" % path)
            if verbose:
                for p in problems:
                    print("    " + p)
        else:
            ok += 1
    print("%d ok, %d failing" % (ok, bad))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
