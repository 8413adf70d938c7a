"""Regenerates mp3_goldens.txt: for every MP3 fixture and corpus file, the md5 of cine's
decoded float32 samples and its agreement with the reference (FFmpeg 5.1.9 on PATH).

    cd /work/main && python3 tests/engine/codecs/mp3/make_mp3_goldens.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mp3_support as S  # noqa: E402


def main() -> None:
    if not S.have_reference():
        sys.exit("needs FFmpeg 5.1.9 as ffmpeg")
    lines = ["# name md5(cine float32 planar) channels samples %bit-identical-f32 "
             "%identical-s16 max-s16-diff (vs ffmpeg -flags2 +skip_manual)"]
    for name in S.FIXTURE_FILES + S.CORPUS_FILES:
        path = S.resolve(name)
        if not path.exists():
            continue
        mine, _ = S.decode(path)
        n, same, _, same16, max16 = S.agreement(mine, S.reference(path),
                                                S.reference(path, "s16le"))
        lines.append(f"{name} {S.digest(mine)} {mine.shape[0]} {mine.shape[1]} {same:.4f} "
                     f"{same16:.4f} {max16}")
        print(lines[-1])
    S.GOLDENS.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
