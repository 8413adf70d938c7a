"""Filter-graph strings as -vf/-af take them (FFmpeg 5.1.9 libavfilter/graphparser.c,
avfilter.c process_options, libavutil/opt.c): "[in]name@id=args[out],next;...".

parse_filter_chain(text) walks the graph as avfilter_graph_parse2 does, creating each filter in
turn (its options read as process_options reads them: shorthand values in option-table order,
then key=value pairs; the values checked as av_opt_set checks them; then the filter's own init
checks: select's expression, scale's size and expressions, format's pixel formats), links the
chains through their labels and checks that a simple graph has one open input and one open
output. The first failure raises FilterGraphError carrying the reference's log lines.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass, field

from cine.compat import filteropts as fo
from cine.compat.avstring import get_token
from cine.compat.expr import ExprError, compile_expr
from cine.engine.errors import AVERROR_OPTION_NOT_FOUND, AVERROR_PATCHWELCOME, CineError

WHITESPACES = " \n\t\r"
ERROR, WARNING = 16, 24

SELECT_VARS = (
    "TB", "pts", "start_pts", "prev_pts", "prev_selected_pts", "t", "start_t", "prev_t",
    "prev_selected_t", "pict_type", "I", "P", "B", "S", "SI", "SP", "BI", "PICT_TYPE_I",
    "PICT_TYPE_P", "PICT_TYPE_B", "PICT_TYPE_S", "PICT_TYPE_SI", "PICT_TYPE_SP", "PICT_TYPE_BI",
    "interlace_type", "PROGRESSIVE", "TOPFIRST", "BOTTOMFIRST", "consumed_samples_n",
    "samples_n", "sample_rate", "n", "selected_n", "prev_selected_n", "key", "pos", "scene",
    "concatdec_select")
# the constants among SELECT_VARS, as select's config_input sets them (S and PICT_TYPE_S are
# never set: 0)
SELECT_CONSTANTS = {
    "I": 1.0, "P": 2.0, "B": 3.0, "S": 0.0, "SI": 5.0, "SP": 6.0, "BI": 7.0,
    "PICT_TYPE_I": 1.0, "PICT_TYPE_P": 2.0, "PICT_TYPE_B": 3.0, "PICT_TYPE_S": 0.0,
    "PICT_TYPE_SI": 5.0, "PICT_TYPE_SP": 6.0, "PICT_TYPE_BI": 7.0,
    "PROGRESSIVE": 0.0, "TOPFIRST": 1.0, "BOTTOMFIRST": 2.0}
SCALE_VARS = (
    "in_w", "iw", "in_h", "ih", "out_w", "ow", "out_h", "oh", "a", "sar", "dar", "hsub", "vsub",
    "ohsub", "ovsub", "n", "t", "pos", "main_w", "main_h", "main_a", "main_sar", "main_dar",
    "mdar", "main_hsub", "main_vsub", "main_n", "main_t", "main_pos")


class FilterGraphError(CineError):
    """The graph was refused: `lines` are (level, text, component) as cine.compat.log.log takes
    them (component None, a context name, or a (parent, child) pair), in the reference's order."""

    def __init__(self, lines: list, code: int = -errno.EINVAL):
        self.lines = [(ERROR, t, c) for c, t in lines]
        super().__init__(lines[-1][1].rstrip("\n") if lines else "", code=code)


@dataclass
class FilterSpec:
    name: str
    instance: str | None            # the id of "name@id", else None
    options: dict = field(default_factory=dict)    # canonical option name -> raw value
    index: int = 0                  # position in the graph string
    context: str = ""               # the reference's instance name ("Parsed_scale_0", "scale@x")
    args: str | None = None         # the argument string as the filter received it
    outputs: int = 1
    messages: list = field(default_factory=list)   # (level, text, component) logged on success


# the filters whose child class (libswscale's, libswresample's) takes options by name
_CHILD_OPTIONS = {"scale": ("sws", fo.SWS_OPTIONS_ORDER), "aresample": ("swr", fo.SWR_OPTIONS_ORDER)}


class _Filter:
    """One filter being created: the options process_options reads from its arguments."""

    def __init__(self, spec: FilterSpec, filt: str):
        self.spec, self.filt = spec, filt
        self.dict: list = []            # AVDictionary entries, in their order
        self.lines: list = []

    def fail(self, text: str, code: int = -errno.EINVAL, component=None):
        self.lines.append((component or self.spec.context, text))
        raise _InitFailed(code)

    def process_options(self, args: str) -> None:
        """process_options: `o` walks the option table for shorthand values, and after each
        value points at the option it set (so positional values go on from there; a
        libswscale option of scale continues in libswscale's table)."""
        tables = {"": fo.FILTERS[self.filt][2]}
        child = _CHILD_OPTIONS.get(self.filt)
        if child is not None:
            tables[child[0]] = tuple((n, "") for n in child[1])
        o, offset, pos = None, None, 0
        while pos < len(args):
            short = None
            o = ("", 0) if o is None else (o[0], o[1] + 1)
            if o[1] >= len(tables[o[0]]):
                o = None
            if o is not None:
                r = tables[o[0]][o[1]]
                off = (o[0], r[1][1:] if r[1][:1] == "=" else r[0])
                if off == offset:
                    continue
                offset, short = off, r[0]
            key, pos2 = _get_key(args, pos)
            if key is None and short is None:
                self.fail("No option name near '%s'\n" % args[pos:])
            value, pos = get_token(args, pos2 if key is not None else pos, ":")
            pos += pos < len(args)
            if key is not None:
                o = None
            name = key if key is not None else short
            if name in fo.GENERIC_OPTIONS:
                self.spec.options[name] = value
                continue
            o = _find(tables, name)
            if o is None:
                self.fail("Option '%s' not found\n" % name, AVERROR_OPTION_NOT_FOUND)
            _dict_set(self.dict, name, value)

    def apply(self) -> None:
        """av_opt_set_dict2 on the filter's private context, then what its init checks."""
        cls = fo.FILTERS[self.filt][1]
        for key, value in self.dict:
            canon = fo.canonical(self.filt, key)
            if canon is None:   # a libswscale/libswresample option: the filter hands it on
                self.spec.options[key] = value
                continue
            try:
                fo.check_value(self.filt, key, value)
            except fo.OptionValueError as e:
                self.lines += e.lines
                self.lines.append((cls, "Error setting option %s to value %s.\n" % (key, value)))
                self.fail("Error applying options to the filter.\n", e.code)
            self.spec.options[canon] = value
        check = _INIT.get(self.filt)
        if check is not None:
            check(self)
        if "enable" in self.spec.options:
            self.enable(self.spec.options["enable"])

    def enable(self, text: str) -> None:
        """set_enable_expr: only timeline filters take 'enable'; its expression must parse."""
        if self.filt not in fo.TIMELINE:
            self.fail("Timeline ('enable' option) not supported with filter '%s'\n"
                      % self.filt, AVERROR_PATCHWELCOME)
        cls = fo.FILTERS[self.filt][1]
        try:
            compile_expr(text, ("t", "n", "pos", "w", "h"))
        except ExprError as e:
            self.lines += [((cls, "Eval"), line + "\n") for line in e.lines]
            self.fail("Error when evaluating the expression '%s' for enable\n" % text,
                      e.code, cls)

    def _expr(self, text: str, names: tuple):
        try:
            return compile_expr(text, names)
        except ExprError as e:
            self.lines += [((self.spec.context, "Eval"), line + "\n") for line in e.lines]
            raise _InitFailed(e.code) from None

    def init_select(self) -> None:
        text = self.spec.options.get("expr", "1")
        try:
            self._expr(text, SELECT_VARS)
        except _InitFailed as f:
            self.fail("Error while parsing expression '%s'\n" % text, f.code)
        outputs = self.spec.options.get("outputs")
        if outputs is not None:         # (llrint: halves to even, as round())
            self.spec.outputs = round(fo.number(self.filt, "outputs", outputs))

    def init_scale(self) -> None:
        opts = self.spec.options
        if "size" in opts and ("w" in opts or "h" in opts):
            self.fail("Size and width/height expressions cannot be set at the same time.\n")
        if "w" in opts and "h" not in opts:
            opts["size"] = opts.pop("w")
        if "size" in opts:      # (becomes the numbers w and h, as the reference sets them)
            size = fo.parse_video_size(opts["size"])
            if size is None:
                self.fail("Invalid size '%s'\n" % opts["size"])
            del opts["size"]
            opts["w"], opts["h"] = "%d" % size[0], "%d" % size[1]
        w, h = opts.get("w", "iw"), opts.get("h", "ih")
        used = []
        for var, text in (("width", w), ("height", h)):
            try:
                used.append(set(self._expr(text, SCALE_VARS).names_used))
            except _InitFailed as f:
                self.fail("Cannot parse expression for %s: '%s'\n" % (var, text), f.code)
        mode = round(fo.number("scale", "eval", opts["eval"])) if "eval" in opts else 0
        _scale_check(self, used, w, h, mode)

    def init_pan(self) -> None:
        """af_pan's init: the layout and channel definitions (spec.options["pan"]: the
        parsed PanSpec)."""
        from cine.compat.pan_args import PanError, parse
        try:
            self.spec.options["pan"] = parse(self.spec.options.get("args"))
        except PanError as e:
            self.fail(str(e))

    def init_format(self) -> None:
        from cine.engine import pixfmt
        text = self.spec.options.get("pix_fmts")
        if text is None:
            self.fail("Empty output format string.\n")
        known = pixfmt.names()
        for name in text.split("|"):        # (a name, a native-endian name, or a number)
            n, end = fo.strtol(name, 0)
            if name not in known and name + "le" not in known and not (
                    end == len(name) and 0 <= n < len(known)):
                self.fail("Invalid pixel format '%s'\n" % name)


_INIT = {"select": _Filter.init_select, "aselect": _Filter.init_select,
         "scale": _Filter.init_scale, "format": _Filter.init_format,
         "pan": _Filter.init_pan}


def _scale_check(f: _Filter, used: list, w: str, h: str, eval_mode: float) -> None:
    """check_exprs of vf_scale.c: self-references and frame variables at init."""
    uw, uh = used
    if uw & {"out_w", "ow"}:
        f.fail("Width expression cannot be self-referencing: '%s'.\n" % w)
    if uh & {"out_h", "oh"}:
        f.fail("Height expression cannot be self-referencing: '%s'.\n" % h)
    if uw & {"out_h", "oh"} and uh & {"out_w", "ow"}:
        f.spec.messages.append((WARNING, "Circular references detected for width '%s' and "
                                "height '%s' - possibly invalid.\n" % (w, h), f.spec.context))
    if (uw | uh) & set(SCALE_VARS[18:]):
        f.fail("Expressions with scale2ref variables are not valid in scale filter.\n")
    if eval_mode == 0 and (uw | uh) & {"n", "t", "pos", "main_n", "main_t", "main_pos"}:
        f.fail("Expressions with frame variables 'n', 't', 'pos' are not valid in init "
               "eval_mode.\n")


class _InitFailed(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _dict_set(entries: list, key: str, value: str) -> None:
    """av_dict_set: a key set again leaves its slot to the last entry and goes to the end."""
    for k, (name, _v) in enumerate(entries):
        if name == key:
            entries[k] = entries[-1]
            entries.pop()
            break
    entries.append((key, value))


def _find(tables: dict, name: str):
    """av_opt_find(priv, name, SEARCH_CHILDREN): (table, row) of the first option so named."""
    for t, rows in tables.items():
        for k, r in enumerate(rows):
            if r[0] == name:
                return t, k
    return None


def _is_key_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "-_/.")


def _get_key(s: str, pos: int):
    """get_key of opt.c: (key, position after '=') or (None, pos)."""
    i = pos
    while i < len(s) and s[i] in WHITESPACES:
        i += 1
    start = i
    while i < len(s) and _is_key_char(s[i]):
        i += 1
    end = i
    while i < len(s) and s[i] in WHITESPACES:
        i += 1
    if i < len(s) and s[i] == "=":
        return s[start:end], i + 1
    return None, pos


# select's `outputs` goes up to INT_MAX; past this many pads a graph only exhausts memory
MAX_OUTPUT_PADS = 1 << 16


class _InOut:
    __slots__ = ("name", "filter", "pad")

    def __init__(self, name=None, filt=None, pad=0):
        self.name, self.filter, self.pad = name, filt, pad


def _extract(label: str, links: list):
    for k, io in enumerate(links):
        if io.name == label:
            return links.pop(k)
    return None


class _Graph:
    """avfilter_graph_parse2: filters created in order, chains linked through labels."""

    def __init__(self, text: str, sws_opts):
        self.s, self.pos, self.sws = text, 0, sws_opts
        self.filters: list = []
        self.links: dict = {}           # (filter index, out pad) -> filter index
        self.curr: list = []
        self.open_in: list = []
        self.open_out: list = []

    def fail(self, text: str, lines=(), code: int = -errno.EINVAL):
        raise FilterGraphError(list(lines) + [("AVFilterGraph", text)], code)

    def skip(self) -> None:
        while self.pos < len(self.s) and self.s[self.pos] in WHITESPACES:
            self.pos += 1

    def peek(self) -> str:
        return self.s[self.pos:self.pos + 1]

    def parse(self) -> None:
        self.skip()
        if self.s.startswith("sws_flags=", self.pos):
            end = self.s.find(";", self.pos)
            if end < 0:
                self.fail("sws_flags not terminated with ';'.\n")
            self.sws, self.pos = self.s[self.pos + 4:end], end + 1
        chr_ = ","
        while chr_ in (",", ";"):
            self.skip()
            self.parse_inputs()
            spec = self.parse_filter(len(self.filters))
            self.filters.append(spec)
            self.link_inouts(spec)
            self.parse_outputs()
            self.skip()
            chr_ = self.peek()
            self.pos += 1
            if chr_ == ";":
                self.open_out += self.curr
                self.curr = []
        if chr_:
            self.fail('Unable to parse graph description substring: "%s"\n'
                      % self.s[self.pos - 1:])
        self.open_out += self.curr

    def link_name(self) -> str:
        start = self.pos
        name, self.pos = get_token(self.s, self.pos + 1, "]")
        if not name:
            self.fail('Bad (empty?) label found in the following: "%s".\n' % self.s[start:])
        if self.peek() != "]":
            self.fail("Mismatched '[' found in the following: \"%s\".\n" % self.s[start:])
        self.pos += 1
        return name

    def parse_inputs(self) -> None:
        parsed = []
        while self.peek() == "[":
            name = self.link_name()
            match = _extract(name, self.open_out) or _InOut(name, None, len(parsed))
            parsed.append(match)
            self.skip()
        self.curr = parsed + self.curr

    def parse_filter(self, index: int) -> FilterSpec:
        name, self.pos = get_token(self.s, self.pos, "=,;[")
        args = None
        if self.peek() == "=":
            args, self.pos = get_token(self.s, self.pos + 1, "[],;")
        head, inst, filt = name[:29], None, name
        at = head.find("@")
        if at >= 0 and at + 1 < len(name):
            inst, filt = name[at + 1:], head[:at]
        context = name if inst is not None else ("Parsed_%s_%d" % (name, index))[:29]
        if filt not in fo.ALL_FILTERS:
            self.fail("No such filter: '%s'\n" % filt)
        if filt not in fo.FILTERS:
            self.fail("Filter '%s' is not available in cine\n" % filt,
                      code=AVERROR_PATCHWELCOME)
        if filt == "scale" and self.sws and (args is None or "flags" not in args):
            args = "%s:%s" % (args, self.sws) if args is not None else self.sws
        spec = FilterSpec(filt, inst, {}, index, context, args)
        f = _Filter(spec, filt)
        try:
            if args:
                if fo.FILTERS[filt][1] is None:
                    f.fail("This filter does not take any options, but options were "
                           "provided: %s.\n" % args)
                f.process_options(args)
            f.apply()
        except _InitFailed as e:
            with_args = " with args '%s'" % args if args is not None else ""
            self.fail("Error initializing filter '%s'%s\n" % (filt, with_args), f.lines,
                      e.code)
        return spec

    def link(self, src: int, pad: int, dst: int, dpad: int) -> None:
        a, b = self.filters[src], self.filters[dst]
        ma, mb = fo.FILTERS[a.name][0], fo.FILTERS[b.name][0]
        if ma != mb:
            self.fail("Cannot create the link %s:%d -> %s:%d\n" % (a.name, pad, b.name, dpad), [
                (a.context, "Media type mismatch between the '%s' filter output pad %d (%s) "
                 "and the '%s' filter input pad %d (%s)\n"
                 % (a.context, pad, ma, b.context, dpad, mb))])
        self.links[(src, pad)] = dst

    def link_inouts(self, spec: FilterSpec) -> None:
        p = self.curr.pop(0) if self.curr else _InOut()
        if p.filter is not None:
            self.link(p.filter, p.pad, spec.index, 0)
        else:
            p.filter, p.pad = spec.index, 0
            self.open_in.append(p)
        if self.curr:
            self.fail('Too many inputs specified for the "%s" filter.\n' % spec.name)
        if spec.outputs > MAX_OUTPUT_PADS:
            # the reference allocates every pad and runs out of memory once frames flow
            raise FilterGraphError([(None, "Failed to inject frame into filter network: "
                                           "Cannot allocate memory\n")], -errno.ENOMEM)
        self.curr = [_InOut(None, spec.index, k) for k in range(spec.outputs)]

    def parse_outputs(self) -> None:
        while self.peek() == "[":
            name = self.link_name()
            if not self.curr:
                self.fail("No output pad can be associated to link label '%s'.\n" % name)
            out = self.curr.pop(0)
            match = _extract(name, self.open_in)
            if match is not None:
                self.link(out.filter, out.pad, match.filter, match.pad)
            else:
                out.name = name
                self.open_out.insert(0, out)
            self.skip()


def _count(links: list) -> str:
    return "0" if not links else "1" if len(links) == 1 else ">1"


def parse_filter_chain(text: str, media: str = "video", sws_opts: str | None = None) -> list:
    """A simple filter graph (-vf, -af) for a stream of `media` ("video"/"audio"): its filters
    from input to output. `sws_opts` is what the command line gives scale ("sws_flags=...")."""
    g = _Graph(text, sws_opts)
    g.parse()
    if len(g.open_in) != 1 or len(g.open_out) != 1:
        raise FilterGraphError([(None, "Simple filtergraph '%s' was expected to have exactly 1 "
                                 "input and 1 output. However, it had %s input(s) and %s "
                                 "output(s). Please adjust, or use a complex filtergraph "
                                 "(-filter_complex) instead.\n"
                                 % (text, _count(g.open_in), _count(g.open_out)))])
    first = g.filters[g.open_in[0].filter]
    fmedia = fo.FILTERS[first.name][0]
    if fmedia != media:
        raise FilterGraphError([(None, "Cannot connect video filter to audio input\n"
                                 if fmedia == "video" else
                                 "Cannot connect audio filter to non audio input\n")])
    chain, k = [first], first.index
    while (k, 0) in g.links and len(chain) < len(g.filters):
        k = g.links[(k, 0)]
        chain.append(g.filters[k])
    return chain
