"""Where a packet's next MPEG audio frame starts, as both of the reference's MPEG audio
decoders find it (mpegaudiodec_template.c decode_frame): leading zero bytes are skipped, an
ID3v1 tag ends the packet, and a word that is no header is logged as "Header missing"."""
from __future__ import annotations

from ...errors import AVERROR_INVALIDDATA


def frame_start(data: bytes, header_of, log):
    """(skipped, buf, word, info, done): buf is data past `skipped` zero bytes, word its first
    four bytes, info what header_of(word) says (falsy: no frame the caller decodes); `done`
    is the decoder's (bytes consumed, frame, AVERROR) answer when the packet ends here, else
    None."""
    skipped = 0
    if data[0] == 0:
        skipped = len(data) - len(data.lstrip(b"\0"))
    buf = data[skipped:] if skipped else data
    if len(buf) < 4:
        return skipped, buf, 0, None, (len(data), None, AVERROR_INVALIDDATA)
    word = int.from_bytes(buf[:4], "big")
    if word >> 8 == 0x544147:           # "TAG": an ID3v1 tag, discarded
        return skipped, buf, word, None, (len(data), None, 0)
    info = header_of(word)
    if info is None:
        log.error("Header missing\n")
        return skipped, buf, word, None, (len(data), None, AVERROR_INVALIDDATA)
    return skipped, buf, word, info, None
