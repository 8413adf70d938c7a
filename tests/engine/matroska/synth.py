"""A tiny EBML writer for building Matroska files with features FFmpeg's muxer never writes
(Xiph/EBML/fixed lacing, header-stripping compression, nested and language-tagged tags)."""
import struct


def vint_size(n: int) -> bytes:
    return (0x01 << 56 | n).to_bytes(8, "big")


def el(eid: int, payload: bytes) -> bytes:
    return eid.to_bytes((eid.bit_length() + 7) // 8, "big") + vint_size(len(payload)) + payload


def u(eid: int, v: int) -> bytes:
    return el(eid, v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big"))


def s(eid: int, text: str) -> bytes:
    return el(eid, text.encode("utf-8"))


def f(eid: int, v: float) -> bytes:
    return el(eid, struct.pack(">d", v))


def xiph_lace(frames) -> bytes:
    out = bytes([len(frames) - 1])
    for fr in frames[:-1]:
        n = len(fr)
        out += b"\xff" * (n // 255) + bytes([n % 255])
    return out + b"".join(frames)


def ebml_lace(frames) -> bytes:
    out = bytes([len(frames) - 1])
    out += bytes([0x80 | len(frames[0])]) if len(frames[0]) < 127 else (0x4000 | len(frames[0])).to_bytes(2, "big")
    for a, b in zip(frames, frames[1:-1]):
        d = len(b) - len(a)
        out += (0x4000 | (d + 8191)).to_bytes(2, "big")
    return out + b"".join(frames)


def block(track: int, rel: int, flags: int, payload: bytes) -> bytes:
    return bytes([0x80 | track]) + struct.pack(">h", rel) + bytes([flags]) + payload


def build(duration_ms: float = 1000.0, laced: bool = True, tags_last: bool = False) -> bytes:
    header = el(0x1A45DFA3, u(0x4286, 1) + u(0x42F7, 1) + u(0x42F2, 4) + u(0x42F3, 8)
                + s(0x4282, "matroska") + u(0x4287, 4) + u(0x4285, 2))
    info = el(0x1549A966, u(0x2AD7B1, 1000000) + f(0x4489, duration_ms) + s(0x4D80, "synth")
              + s(0x5741, "synth writer") + s(0x7BA9, "Synthetic"))
    audio = el(0xAE, u(0xD7, 1) + u(0x73C5, 11) + u(0x83, 2) + s(0x86, "A_PCM/INT/LIT")
               + s(0x22B59C, "ger") + u(0x88, 0) + s(0x536E, "Laced PCM")
               + el(0xE1, f(0xB5, 8000.0) + u(0x9F, 1) + u(0x6264, 16)))
    strip = el(0x6D80, el(0x6240, u(0x5032, 1) + el(0x5034, u(0x4254, 3) + el(0x4255, b"Hel"))))
    sub = el(0xAE, u(0xD7, 2) + u(0x73C5, 22) + u(0x83, 0x11) + s(0x86, "S_TEXT/UTF8")
             + u(0x55AA, 1) + u(0x55AB, 1) + strip)
    tracks = el(0x1654AE6B, audio + sub)
    simple = lambda name, val, extra=b"": el(0x67C8, s(0x45A3, name) + s(0x4487, val) + extra)
    tags = el(0x1254C367,
              el(0x7373, el(0x63C0, u(0x68CA, 50) + s(0x63CA, "ALBUM"))
                 + simple("TITLE", "Album", s(0x447A, "und"))
                 + simple("LEAD_PERFORMER", "Band")
                 + simple("ARTIST", "Someone", simple("SORT_WITH", "One, Some")))
              + el(0x7373, el(0x63C0, u(0x63C5, 11))
                   + simple("TITLE", "Titel", s(0x447A, "ger"))
                   + simple("COMMENT", "both", s(0x447A, "fre") + u(0x4484, 1)))
              + el(0x7373, el(0x63C0, u(0x63C5, 99)) + simple("X", "orphan")))
    pcm = lambda n, v: bytes([v]) * (2 * n)
    if laced:
        blocks = (el(0xA3, block(1, 0, 0x82, xiph_lace([pcm(80, 1), pcm(300, 2), pcm(80, 3)])))
                  + el(0xA3, block(1, 57, 0x86, ebml_lace([pcm(80, 4), pcm(90, 5), pcm(70, 6)])))
                  + el(0xA3, block(1, 90, 0x84, pcm(80, 7) + pcm(80, 8))[:4] and
                       block(1, 90, 0x84, bytes([1]) + pcm(80, 7) + pcm(80, 8))))
    else:
        blocks = el(0xA3, block(1, 0, 0x80, pcm(800, 1)))
    blocks += el(0xA0, el(0xA1, block(2, 10, 0x00, b"lo world")) + u(0x9B, 400))
    cluster = el(0x1F43B675, u(0xE7, 0) + blocks)
    cluster2 = el(0x1F43B675, u(0xE7, 500) + el(0xA3, block(1, 0, 0x80, pcm(400, 9))))
    if not tags_last:
        segment = el(0x18538067, info + tracks + tags + cluster + cluster2)
        return header + segment
    # SeekHead (fixed size) first, Tags after the clusters: found only by seeking
    def seekhead(tags_pos: int) -> bytes:
        return el(0x114D9B74, el(0x4DBB, el(0x53AB, bytes.fromhex("1254c367"))
                                 + el(0x53AC, tags_pos.to_bytes(8, "big"))))
    body_before = info + tracks + cluster + cluster2
    sh = seekhead(0)
    sh = seekhead(len(sh) + len(body_before))
    segment = el(0x18538067, sh + body_before + tags)
    return header + segment
