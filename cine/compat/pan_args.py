"""The pan filter's argument string as FFmpeg 5.1.9's af_pan init reads it:

    LAYOUT|OUT=GAIN*IN+GAIN*IN-IN|OUT<IN+...

LAYOUT is a channel layout (a name, "N c" counts, "FL+FR" lists, a mask); each definition
names an output channel (c<n> or a channel of LAYOUT such as FL) then '=' or '<' (renormalise
the row's gains to a sum of absolute values of 1) and a sum of input channels, each with an
optional gain ("0.5*c1", "-c0"); input channels are all numbered (c<n>) or all named (FL).
Definitions are separated by '|' (empty ones skipped, as av_strtok skips them).

parse(args) returns a PanSpec; a refused string raises PanError with the reference's line."""
from __future__ import annotations

import re

from cine.engine import chlayout as CL

MAX_CHANNELS = 64
_NUMBER = re.compile(r"\s*[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)",
                     re.IGNORECASE)
_NAME_IDS = {name: ch for ch, name in CL.CHANNEL_NAMES.items()}


class PanError(Exception):
    """The line the reference logs (under the filter's context) before the graph fails."""


class PanSpec:
    """What init leaves: the output layout (mask, or None for an unspecified one), its channel
    count, gains[out][in] (in: a channel number, or a channel id when named), the outputs
    to renormalise, whether the inputs were named (renumbered against the input layout)."""

    def __init__(self, mask, channels):
        self.mask = mask
        self.channels = channels
        self.gains = [[0.0] * MAX_CHANNELS for _ in range(MAX_CHANNELS)]
        self.renorm = set()
        self.named_inputs = False

    @property
    def layout(self) -> str:
        return CL.describe(self.mask) if self.mask else CL.describe_unspec(self.channels)

    def pure(self) -> bool:
        """are_gains_pure: every output is 0% or 100% of one input (a channel map)."""
        for row in self.gains:
            used = [g for g in row if g != 0.0]
            if any(g != 1.0 for g in used) or len(used) > 1:
                return False
        return True


def parse_layout(text: str):
    """av_channel_layout_from_string: (mask or None, channels), or None when refused."""
    mask = CL.mask_of(text)
    if mask is not None:
        return mask, CL.nb_channels(mask)
    if text in _NAME_IDS:
        return 1 << _NAME_IDS[text], 1
    if "+" in text and all(p in _NAME_IDS for p in text.split("+")):
        mask = 0
        for p in text.split("+"):
            mask |= 1 << _NAME_IDS[p]
        return mask, CL.nb_channels(mask)
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", text)
    if m and "-" not in text and int(text, 0):
        mask = int(text, 0) & ((1 << 64) - 1)
        return mask, CL.nb_channels(mask)
    m = re.fullmatch(r"\s*([-+]?\d+)(c|C| channels)", text)
    if m and int(m.group(1)) > 0:
        n = int(m.group(1))
        if m.group(2) == "c":
            mask = CL.default_mask(n)
            if mask is not None:
                return mask, n
            return None
        return None, n
    return None


def _channel(text: str, pos: int):
    """parse_channel_name: (channel, named, new position), or None."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    m = re.compile(r"[A-Z]{1,7}").match(text, pos)
    if m:
        ch = _NAME_IDS.get(m.group(0))
        if ch is None:
            return None
        return ch, True, m.end()
    m = re.compile(r"c([-+]?\d+)").match(text, pos)
    if m:
        ch = int(m.group(1))
        if 0 <= ch < MAX_CHANNELS:
            return ch, False, m.end()
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def parse(args: str | None) -> PanSpec:
    if not args:
        raise PanError("pan filter needs a channel layout and a set of channel definitions as "
                       "parameter\n")
    tokens = [t for t in args.split("|") if t]
    if not tokens:
        raise PanError("Channel layout not specified\n")
    layout = parse_layout(tokens[0])
    if layout is None:
        raise PanError("Invalid channel layout '%s'\n" % tokens[0])
    spec = PanSpec(*layout)
    counts = {False: 0, True: 0}
    used_out = set()
    for arg0 in tokens[1:]:
        got = _channel(arg0, 0)
        if got is None:
            raise PanError('Expected out channel name, got "%.8s"\n' % arg0.lstrip(" "))
        out, named, pos = got
        if named:
            if spec.mask is None or not spec.mask >> out & 1:
                raise PanError('Channel "%.8s" does not exist in the chosen layout\n' % arg0)
            out = CL.nb_channels(spec.mask & ((1 << out) - 1))
        if out < 0 or out >= spec.channels:
            raise PanError('Invalid out channel name "%.8s"\n' % arg0)
        if out in used_out:
            raise PanError("Can not reference out channel %d twice\n" % out)
        used_out.add(out)
        pos = _skip_spaces(arg0, pos)
        if arg0[pos:pos + 1] == "<":
            spec.renorm.add(out)
        elif arg0[pos:pos + 1] != "=":
            raise PanError('Syntax error after channel name in "%.8s"\n' % arg0)
        pos += 1
        sign = 1.0
        used_in = set()
        while True:
            gain = 1.0
            m = _NUMBER.match(arg0, pos)
            if m:                           # sscanf("%lf%n *%n"): the number, then " *"
                gain = float(m.group(0))
                pos = m.end()
                m2 = re.compile(r"\s*\*").match(arg0, pos)
                if m2:
                    pos = m2.end()
            got = _channel(arg0, pos)
            if got is None:
                raise PanError('Expected in channel name, got "%.8s"\n'
                               % arg0[_skip_spaces(arg0, pos):])
            ch, named, pos = got
            counts[named] += 1
            if counts[not named]:
                raise PanError("Can not mix named and numbered channels\n")
            if ch in used_in:
                raise PanError("Can not reference in channel %d twice\n" % ch)
            used_in.add(ch)
            spec.gains[out][ch] += sign * gain
            pos = _skip_spaces(arg0, pos)
            if pos >= len(arg0):
                break
            if arg0[pos] == "-":
                sign = -1.0
            elif arg0[pos] == "+":
                sign = 1.0
            else:
                raise PanError('Syntax error near "%.8s"\n' % arg0[pos:])
            pos += 1
    spec.named_inputs = bool(counts[True])
    return spec
