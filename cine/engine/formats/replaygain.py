"""ReplayGain stream side data (ReplayGain 1.0 tag names and the LAME tag's gain fields):
FFmpeg 5.1.9's ff_replaygain_export / ff_replaygain_export_raw, giving one "Replay Gain"
entry whose data is AVReplayGain (int32 track gain, uint32 track peak, int32 album gain,
uint32 album peak; gains in 1/100000 dB, peaks in 1/100000)."""
from __future__ import annotations

import struct

from ..model import SideData

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1


def export_raw(st, track_gain: int, track_peak: int, album_gain: int, album_peak: int) -> None:
    if track_gain == INT32_MIN and album_gain == INT32_MIN:
        return
    data = struct.pack("<iIiI", track_gain, track_peak & 0xFFFFFFFF, album_gain,
                       album_peak & 0xFFFFFFFF)
    st.side_data = [sd for sd in st.side_data if sd.type != "Replay Gain"]
    st.side_data.append(SideData("Replay Gain", data=data))


def _strtol(text: str) -> tuple[int, str]:
    """C strtol(text, &end, 0) on already stripped text: (value, rest)."""
    import re                   # (replay gain tags only: `re` is not paid at start-up)
    m = re.match(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if not m:
        return 0, text
    digits = m.group(2)
    if digits[:2] in ("0x", "0X"):
        value = int(digits, 16)
    elif digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    if m.group(1) == "-":
        value = -value
    return value, text[m.end():]


def parse_value(value: str | None, default: int) -> int:
    """parse_value: "[-]dB[.fraction]" in 1/100000 units (five fraction digits at most)."""
    if value is None:
        return default
    value = value.lstrip(" \t")
    sign = -1 if value.startswith("-") else 1
    db, rest = _strtol(value)
    db = ((db + (1 << 31)) % (1 << 32)) - (1 << 31)          # stored in an int
    mb = 0
    if rest.startswith("."):
        scale = 10000
        for ch in rest[1:]:
            if not ("0" <= ch <= "9") or not scale:
                break
            mb += scale * (ord(ch) - 48)
            scale //= 10
    if abs(db) > (INT32_MAX - mb) // 100000:
        return default
    return db * 100000 + sign * mb


def export(st, tags) -> None:
    """ff_replaygain_export from REPLAYGAIN_* tags."""
    export_raw(st, parse_value(tags.get("REPLAYGAIN_TRACK_GAIN"), INT32_MIN),
               parse_value(tags.get("REPLAYGAIN_TRACK_PEAK"), 0),
               parse_value(tags.get("REPLAYGAIN_ALBUM_GAIN"), INT32_MIN),
               parse_value(tags.get("REPLAYGAIN_ALBUM_PEAK"), 0))
