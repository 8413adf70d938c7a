"""ReplayGain stream side data (the ReplayGain 1.0 tag names): FFmpeg 5.1.9 adds one
"Replay Gain" side data entry when a track or album gain is known (ff_replaygain_export)."""
from __future__ import annotations

from ..model import SideData


def add_side_data(st) -> None:
    st.side_data = [sd for sd in st.side_data if sd.type != "Replay Gain"]
    st.side_data.append(SideData("Replay Gain"))


def export(st, tags) -> None:
    """ff_replaygain_export: any REPLAYGAIN_TRACK_GAIN / REPLAYGAIN_ALBUM_GAIN tag (a value
    that does not overflow) yields the side data."""
    for key in ("REPLAYGAIN_TRACK_GAIN", "REPLAYGAIN_ALBUM_GAIN"):
        value = tags.get(key)
        if value is not None and _parses(value):
            add_side_data(st)
            return


def _parses(value: str) -> bool:
    import re
    m = re.match(r"[ \t]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)?", value)
    digits = m.group(2) if m else None
    db = int(digits, 0) if digits and not digits.startswith("0") or digits in ("0",) else (
        int(digits, 8) if digits and digits[0] == "0" and digits[1:2] not in ("x", "X") else
        (int(digits, 16) if digits else 0))
    return abs(db) <= (2**31 - 1) // 100000
