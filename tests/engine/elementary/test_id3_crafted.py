"""Hand-built ID3v2 tags (v2.2/2.3/2.4 frames, unsynchronisation, extended headers, TXXX,
COMM, numeric genres, TYER+TDAT+TIME dates, CHAP, PRIV, APIC) in front of an MPEG audio
stream: cine's ffprobe output equals the live /usr/bin/ffprobe's (skipped without it)."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
AUDIO = ROOT / "fixtures" / "elementary" / "cbr.mp3"
FFPROBE = "/usr/bin/ffprobe"


def syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def frame(version: int, fid: bytes, body: bytes, flags: int = 0) -> bytes:
    if version == 2:
        return fid + len(body).to_bytes(3, "big") + body
    size = syncsafe(len(body)) if version == 4 else len(body).to_bytes(4, "big")
    return fid + size + flags.to_bytes(2, "big") + body


def tag(version: int, frames: list[bytes], flags: int = 0, ext: bytes = b"", pad: int = 16) -> bytes:
    body = ext + b"".join(frames) + b"\0" * pad
    return b"ID3" + bytes([version, 0, flags]) + syncsafe(len(body)) + body


def unsync(data: bytes) -> bytes:
    out = bytearray()
    for i, b in enumerate(data):
        out.append(b)
        if b == 0xFF and (i + 1 == len(data) or data[i + 1] == 0 or data[i + 1] & 0xE0 == 0xE0):
            out.append(0)
    return bytes(out)


def text(s: str, enc: int = 0) -> bytes:
    if enc == 0:
        return b"\0" + s.encode("latin-1")
    if enc == 1:
        return b"\1" + b"\xff\xfe" + s.encode("utf-16-le")
    if enc == 2:
        return b"\2" + s.encode("utf-16-be")
    return b"\3" + s.encode("utf-8")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
                    "53de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082")

CASES = {
    "v23_basic": tag(3, [frame(3, b"TIT2", text("Title")), frame(3, b"TPE1", text("Artïst", 1)),
                         frame(3, b"TALB", text("Album", 0)), frame(3, b"TCON", text("(17)")),
                         frame(3, b"TYER", text("2001")), frame(3, b"TDAT", text("3112")),
                         frame(3, b"TIME", text("2359")), frame(3, b"TRCK", text("4/9"))]),
    "v24_utf8": tag(4, [frame(4, b"TIT2", text("Tïtle ✓", 3)), frame(4, b"TDRC", text("2020-01-02")),
                        frame(4, b"TXXX", b"\3key\0value"), frame(4, b"TSSE", text("enc")),
                        frame(4, b"TCON", text("13")), frame(4, b"TBPM", text("120")),
                        frame(4, b"COMM", b"\0eng\0a comment"), frame(4, b"COMM", b"\0engDesc\0other")]),
    "v24_utf16be": tag(4, [frame(4, b"TIT2", text("Big endian", 2)), frame(4, b"TPE2", text("AA", 1))]),
    "v22": tag(2, [frame(2, b"TT2", text("Old")), frame(2, b"TP1", text("Someone")),
                   frame(2, b"TAL", text("Alb")), frame(2, b"TYE", text("1999")),
                   frame(2, b"COM", b"\0eng\0c22"), frame(2, b"TCO", text("(0)"))]),
    "v23_unsync": tag(3, [unsync(frame(3, b"TIT2", text("ÿÿunsync\xff"))),
                          unsync(frame(3, b"TPE1", b"\1\xff\xfeA\0\xff\0"))], flags=0x80),
    "v23_extended": tag(3, [frame(3, b"TIT2", text("Ext"))], flags=0x40,
                        ext=(6).to_bytes(4, "big") + b"\0" * 6),
    "v24_extended": tag(4, [frame(4, b"TIT2", text("Ext4"))], flags=0x40, ext=syncsafe(6) + b"\1\0"),
    "v24_apic_chap_priv": tag(4, [
        frame(4, b"TIT2", text("Pics")),
        frame(4, b"APIC", b"\0image/png\0\3cover  \0" + PNG),
        frame(4, b"CHAP", b"ch0\0" + (0).to_bytes(4, "big") + (1500).to_bytes(4, "big") + b"\xff" * 8
              + frame(4, b"TIT2", text("Intro"))),
        frame(4, b"CHAP", b"ch1\0" + (1500).to_bytes(4, "big") + (3000).to_bytes(4, "big") + b"\xff" * 8),
        frame(4, b"PRIV", b"owner\0\x01\x02AB\\"),
    ]),
    "v24_v3_sizes": tag(4, [frame(3, b"TIT2", text("x" * 200)), frame(3, b"TPE1", text("after"))]),
    "two_tags": tag(3, [frame(3, b"TIT2", text("First"))]) + tag(4, [frame(4, b"TPE1", text("Second"))]),
    "bad_version": b"ID3\x05\0\0" + syncsafe(20) + b"\0" * 20,
    "empty_frames": tag(3, [frame(3, b"TIT2", b""), frame(3, b"TIT2", text(""))]),
}


@pytest.mark.skipif(not os.path.exists(FFPROBE), reason="needs /usr/bin/ffprobe")
@pytest.mark.parametrize("name", sorted(CASES))
def test_crafted_id3_matches_ffprobe(name, tmp_path):
    path = tmp_path / (name + ".mp3")
    path.write_bytes(CASES[name] + AUDIO.read_bytes())
    args = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-show_chapters", path.name]
    ref = subprocess.run([FFPROBE] + args, cwd=tmp_path, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe"] + args, cwd=tmp_path,
                         capture_output=True, env=env)
    assert got.stdout.decode() == ref.stdout.decode()
    assert got.returncode == ref.returncode
