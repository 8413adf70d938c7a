"""EBML element serialisation for the Matroska/WebM muxer (RFC 8794 sections 4-6: element IDs,
variable-size integers, unsigned/signed/float/string/binary payloads, Void and CRC-32), with
the size-field widths FFmpeg 5.1.9's matroskaenc.c chooses: minimal widths for elements built
whole, fixed widths for masters whose size is patched afterwards.
"""
from __future__ import annotations

import struct
import zlib

# Element IDs (Matroska specification, "Matroska Elements").
EBML_HEADER = 0x1A45DFA3
EBML_VERSION, EBML_READ_VERSION = 0x4286, 0x42F7
EBML_MAX_ID_LENGTH, EBML_MAX_SIZE_LENGTH = 0x42F2, 0x42F3
DOCTYPE, DOCTYPE_VERSION, DOCTYPE_READ_VERSION = 0x4282, 0x4287, 0x4285
VOID, CRC32 = 0xEC, 0xBF
SEGMENT, SEEKHEAD, SEEK, SEEK_ID, SEEK_POSITION = 0x18538067, 0x114D9B74, 0x4DBB, 0x53AB, 0x53AC
INFO, TIMESTAMP_SCALE, DURATION, TITLE = 0x1549A966, 0x2AD7B1, 0x4489, 0x7BA9
MUXING_APP, WRITING_APP, SEGMENT_UID, DATE_UTC = 0x4D80, 0x5741, 0x73A4, 0x4461
TRACKS, TRACK_ENTRY, TRACK_NUMBER, TRACK_UID = 0x1654AE6B, 0xAE, 0xD7, 0x73C5
FLAG_LACING, NAME, LANGUAGE, FLAG_DEFAULT, FLAG_FORCED = 0x9C, 0x536E, 0x22B59C, 0x88, 0x55AA
FLAG_HEARING_IMPAIRED, FLAG_VISUAL_IMPAIRED, FLAG_TEXT_DESCRIPTIONS = 0x55AB, 0x55AC, 0x55AD
FLAG_ORIGINAL, FLAG_COMMENTARY = 0x55AE, 0x55AF
CODEC_ID, CODEC_PRIVATE, CODEC_DELAY, SEEK_PRE_ROLL = 0x86, 0x63A2, 0x56AA, 0x56BB
TRACK_TYPE, DEFAULT_DURATION = 0x83, 0x23E383
VIDEO, PIXEL_WIDTH, PIXEL_HEIGHT, FLAG_INTERLACED, FIELD_ORDER = 0xE0, 0xB0, 0xBA, 0x9A, 0x9D
DISPLAY_WIDTH, DISPLAY_HEIGHT, DISPLAY_UNIT, ALPHA_MODE, COLOUR_SPACE = 0x54B0, 0x54BA, 0x54B2, 0x53C0, 0x2EB524
STEREO_MODE = 0x53B8
COLOUR, MATRIX_COEFF, RANGE, TRANSFER, PRIMARIES = 0x55B0, 0x55B1, 0x55B9, 0x55BA, 0x55BB
CHROMA_SITING_HORZ, CHROMA_SITING_VERT, MAX_CLL, MAX_FALL = 0x55B7, 0x55B8, 0x55BC, 0x55BD
MASTERING_META = 0x55D0
PRIM_RX, PRIM_RY, PRIM_GX, PRIM_GY, PRIM_BX, PRIM_BY = 0x55D1, 0x55D2, 0x55D3, 0x55D4, 0x55D5, 0x55D6
WHITE_X, WHITE_Y, LUMINANCE_MAX, LUMINANCE_MIN = 0x55D7, 0x55D8, 0x55D9, 0x55DA
AUDIO, CHANNELS, SAMPLING_FREQ, OUTPUT_SAMPLING_FREQ, BIT_DEPTH = 0xE1, 0x9F, 0xB5, 0x78B5, 0x6264
CLUSTER, CLUSTER_TIMESTAMP = 0x1F43B675, 0xE7
SIMPLE_BLOCK, BLOCK_GROUP, BLOCK, BLOCK_DURATION, REFERENCE_BLOCK = 0xA3, 0xA0, 0xA1, 0x9B, 0xFB
DISCARD_PADDING, BLOCK_ADDITIONS, BLOCK_MORE, BLOCK_ADD_ID, BLOCK_ADDITIONAL = 0x75A2, 0x75A1, 0xA6, 0xEE, 0xA5
CUES, CUE_POINT, CUE_TIME, CUE_TRACK_POSITIONS = 0x1C53BB6B, 0xBB, 0xB3, 0xB7
CUE_TRACK, CUE_CLUSTER_POSITION, CUE_RELATIVE_POSITION, CUE_DURATION = 0xF7, 0xF1, 0xF0, 0xB2
TAGS, TAG, TARGETS, TARGET_TRACK_UID, TARGET_CHAPTER_UID, TARGET_ATTACH_UID = (
    0x1254C367, 0x7373, 0x63C0, 0x63C5, 0x63C4, 0x63C6)
SIMPLE_TAG, TAG_NAME, TAG_LANGUAGE, TAG_STRING = 0x67C8, 0x45A3, 0x447A, 0x4487
CHAPTERS, EDITION_ENTRY, EDITION_FLAG_DEFAULT, CHAPTER_ATOM = 0x1043A770, 0x45B9, 0x45DB, 0xB6
CHAPTER_UID, CHAPTER_TIME_START, CHAPTER_TIME_END = 0x73C4, 0x91, 0x92
CHAPTER_DISPLAY, CHAP_STRING, CHAP_LANGUAGE = 0x80, 0x85, 0x437C
ATTACHMENTS, ATTACHED_FILE, FILE_DESCRIPTION, FILE_NAME = 0x1941A469, 0x61A7, 0x467E, 0x466E
FILE_MIME_TYPE, FILE_DATA, FILE_UID = 0x4660, 0x465C, 0x46AE

MAX_LENGTH = (1 << 56) - 2


def id_bytes(eid: int) -> bytes:
    """An element ID as stored: its bytes, marker bits included."""
    return eid.to_bytes((eid.bit_length() + 7) // 8, "big")


def num_size(num: int) -> int:
    """Bytes an EBML variable-size integer needs for `num` (7 value bits per byte)."""
    n = 1
    while num >> (7 * n):
        n += 1
    return n


def length_size(length: int) -> int:
    """Bytes of the size field for a payload of `length` (all ones is reserved: unknown)."""
    return num_size(length + 1)


def enc_num(num: int, nbytes: int) -> bytes:
    return (num | (1 << (nbytes * 7))).to_bytes(nbytes, "big")


def enc_length(length: int, nbytes: int = 0) -> bytes:
    need = length_size(length)
    return enc_num(length, max(nbytes, need) if nbytes else need)


def size_unknown(nbytes: int) -> bytes:
    return bytes([0x1FF >> nbytes]) + b"\xff" * (nbytes - 1)


def uint_size(val: int) -> int:
    n = 1
    while val >> (8 * n):
        n += 1
    return n


def element(eid: int, payload: bytes, nbytes: int = 0) -> bytes:
    return id_bytes(eid) + enc_length(len(payload), nbytes) + payload


def uint(eid: int, val: int) -> bytes:
    val &= (1 << 64) - 1
    return element(eid, val.to_bytes(uint_size(val), "big"))


def sint(eid: int, val: int) -> bytes:
    tmp = 2 * (val ^ -1 if val < 0 else val)
    n = uint_size(tmp & ((1 << 64) - 1))
    return element(eid, (val & ((1 << (8 * n)) - 1)).to_bytes(n, "big"))


def uid(eid: int, val: int) -> bytes:
    return element(eid, (val & ((1 << 64) - 1)).to_bytes(8, "big"))


def flt(eid: int, val: float) -> bytes:
    return element(eid, struct.pack(">d", float(val)))


def string(eid: int, text: str | bytes) -> bytes:
    b = text.encode("utf-8") if isinstance(text, str) else text
    i = b.find(b"\0")
    return element(eid, b if i < 0 else b[:i])


def void(size: int) -> bytes:
    """An EBML Void element occupying exactly `size` bytes (size >= 2)."""
    if size < 10:
        return bytes([VOID]) + enc_num(size - 2, 1) + bytes(size - 2)
    return bytes([VOID]) + enc_num(size - 9, 8) + bytes(size - 9)


def crc_element(payload: bytes) -> bytes:
    return bytes([CRC32, 0x84]) + zlib.crc32(payload).to_bytes(4, "little")


def master_crc(eid: int, body: bytes, with_crc: bool, nbytes: int = 0) -> bytes:
    """end_ebml_master_crc32: `body` excludes the CRC; with_crc puts one first."""
    if with_crc:
        body = crc_element(body) + body
    return element(eid, body, nbytes)
