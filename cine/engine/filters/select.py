"""select (libavfilter/f_select.c) for video: the compiled expression is evaluated on each
frame with the variables below (in this order); 0 drops the frame, anything else (NaN and
negative values included) passes it.

`options["expr"]` is a callable taking the values of VAR_NAMES positionally.
"""
from __future__ import annotations

NAN = float("nan")

VAR_NAMES = (
    "TB", "pts", "start_pts", "prev_pts", "prev_selected_pts", "t", "start_t", "prev_t",
    "prev_selected_t", "pict_type", "I", "P", "B", "S", "SI", "SP", "BI", "PICT_TYPE_I",
    "PICT_TYPE_P", "PICT_TYPE_B", "PICT_TYPE_S", "PICT_TYPE_SI", "PICT_TYPE_SP",
    "PICT_TYPE_BI", "interlace_type", "PROGRESSIVE", "TOPFIRST", "BOTTOMFIRST",
    "consumed_samples_n", "samples_n", "sample_rate", "n", "selected_n", "prev_selected_n",
    "key", "pos", "scene", "concatdec_select",
)
_IDX = {name: i for i, name in enumerate(VAR_NAMES)}

# AVPictureType values (libavutil/avutil.h)
PICT_TYPES = {"I": 1, "P": 2, "B": 3, "S": 4, "SI": 5, "SP": 6, "BI": 7}


class SelectFilter:
    def __init__(self, options: dict, log):
        self.log = log
        self.expr = options["expr"]
        self.v = [0.0] * len(VAR_NAMES)

    def configure(self, inlink):
        v, i = self.v, _IDX
        tb = inlink.time_base
        v[i["TB"]] = tb.num / tb.den
        for name in ("prev_pts", "prev_selected_pts", "prev_selected_t", "prev_t",
                     "start_pts", "start_t"):
            v[i[name]] = NAN
        # config_input sets these (and leaves S, PICT_TYPE_S at 0)
        for name in ("I", "P", "B", "SI", "SP", "BI"):
            v[i[name]] = v[i["PICT_TYPE_" + name]] = PICT_TYPES[name]
        v[i["TOPFIRST"]] = 1
        v[i["BOTTOMFIRST"]] = 2
        for name in ("pict_type", "interlace_type", "scene", "consumed_samples_n", "samples_n",
                     "sample_rate"):
            v[i[name]] = NAN
        self.tb = tb.num / tb.den
        self.count = 0
        return inlink.copy()

    def push(self, frame) -> list:
        v, i = self.v, _IDX
        pts = NAN if frame.pts is None else float(frame.pts)
        if v[i["start_pts"]] != v[i["start_pts"]]:
            v[i["start_pts"]] = pts
        if v[i["start_t"]] != v[i["start_t"]]:
            v[i["start_t"]] = pts * self.tb
        v[i["n"]] = self.count
        self.count += 1
        v[i["pts"]] = pts
        v[i["t"]] = pts * self.tb
        pos = getattr(frame, "pos", -1)
        v[i["pos"]] = NAN if pos is None or pos == -1 else pos
        v[i["key"]] = 1 if frame.key else 0
        v[i["concatdec_select"]] = NAN
        v[i["interlace_type"]] = 0
        v[i["pict_type"]] = PICT_TYPES.get(frame.pict_type, 0)
        res = self.expr(*v)
        if res:
            v[i["prev_selected_n"]] = v[i["n"]]
            v[i["prev_selected_pts"]] = v[i["pts"]]
            v[i["prev_selected_t"]] = v[i["t"]]
            v[i["selected_n"]] += 1.0
        v[i["prev_pts"]] = v[i["pts"]]
        v[i["prev_t"]] = v[i["t"]]
        return [frame] if res else []

    def flush(self, eof_pts) -> list:
        return []
