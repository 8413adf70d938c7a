"""libavutil string helpers the faces share: av_get_token (option and section grammars) and
av_fourcc2str (codec tags as ffprobe and the dump print them)."""
from __future__ import annotations

WHITESPACES = " \n\t\r"


def get_token(buf: str, pos: int, term: str) -> tuple[str, int]:
    """av_get_token: a token up to a char of `term` (outside quotes), with '\\' escapes and
    '...' quoting; leading and trailing (unquoted, unescaped) whitespace removed."""
    n = len(buf)
    while pos < n and buf[pos] in WHITESPACES:
        pos += 1
    out: list[str] = []
    end = 0                      # chars up to here are protected from trimming
    while pos < n and buf[pos] not in term:
        c = buf[pos]
        pos += 1
        if c == "\\" and pos < n:
            out.append(buf[pos])
            pos += 1
            end = len(out)
        elif c == "'":
            while pos < n and buf[pos] != "'":
                out.append(buf[pos])
                pos += 1
            if pos < n:
                pos += 1
                end = len(out)
        else:
            out.append(c)
    while len(out) > end and out[-1] in WHITESPACES:
        out.pop()
    return "".join(out), pos


def fourcc_str(tag: int) -> str:
    """av_fourcc2str: printable characters as is, others as [N], least significant byte first."""
    out = []
    for i in range(4):
        c = (tag >> (8 * i)) & 0xFF
        ch = chr(c)
        if ("0" <= ch <= "9" or "a" <= ch <= "z" or "A" <= ch <= "Z" or (c and ch in ". -_")):
            out.append(ch)
        else:
            out.append("[%d]" % c)
    return "".join(out)
