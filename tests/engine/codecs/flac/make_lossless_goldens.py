"""Regenerate goldens/lossless.txt from the reference FFmpeg 5.1.9: for every file of
fixtures/ and ../shared/corpus/files/ whose first audio stream is FLAC or ALAC, the decoder's
sample format, the number of samples (all channels), the MD5 of the reference's interleaved
output (s16le, or s32le for s32/s32p) and its decoder's error lines ("|"-separated).

Usage: python3 tests/engine/codecs/flac/make_lossless_goldens.py
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lossless_decode_support import (CORPUS, FIXTURES, GOLDENS, ROOT, have_reference,  # noqa: E402
                                     md5, reference_errors, reference_pcm)

SKIP_SUFFIXES = {".md", ".sh", ".py", ".txt", ".json"}


def first_audio(path: Path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                          "stream=codec_name,sample_fmt", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, timeout=30).stdout.strip()
    parts = out.splitlines()[0].split(",") if out else []
    return (parts[0], parts[1]) if len(parts) >= 2 else (None, None)


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return "../shared/corpus/files/" + str(path.relative_to(CORPUS))


def main() -> None:
    if not have_reference():
        sys.exit("needs ffmpeg 5.1.9 on PATH")
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file()
                   and p.suffix not in SKIP_SUFFIXES)
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*") if p.is_file())
    lines = ["# path\tcodec\tsample_fmt\tsamples\tmd5\terrors (made by "
             "make_lossless_goldens.py)"]
    for path in files:
        codec, fmt = first_audio(path)
        if codec not in ("flac", "alac"):
            continue
        data = reference_pcm(path, fmt.startswith("s32"))
        samples = len(data) // (4 if fmt.startswith("s32") else 2)
        errors = "|".join(reference_errors(path))
        lines.append("\t".join((relative(path), codec, fmt, str(samples), md5(data), errors)))
        print(lines[-1][:150])
    GOLDENS.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
