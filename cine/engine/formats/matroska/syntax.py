"""Matroska element syntax tables (RFC 9559 section 5.1 element hierarchy, RFC 8794 section 11
EBML header): for every master element, the children it may hold, each child's value type,
the record field it fills, its default, and whether it appends to a list.

The streaming parser (parser.py) walks these tables the way FFmpeg 5.1.9's matroskadec walks
its own: an ID missing from a table is skipped, an ID of an enclosing table ends an
unknown-sized parent, and each table names its parent for that search.
"""
from __future__ import annotations

from . import schema as S

NONE, UINT, SINT, FLOAT, STR, UTF8, BIN, NEST, LEVEL1, STOP = range(10)

NOPTS = 0x8000000000000000          # AV_NOPTS_VALUE read back as an unsigned default
U64_MAX = (1 << 64) - 1


class Entry:
    """One child of a syntax table. `field` None on a NEST means the child's fields live in
    the same record as the parent's (no sub-record)."""

    __slots__ = ("id", "type", "field", "default", "child", "listed", "counted")

    def __init__(self, eid, etype, field=None, default=None, child=None, listed=False,
                 counted=False):
        self.id = eid
        self.type = etype
        self.field = field
        self.default = default
        self.child = child
        self.listed = listed
        self.counted = counted


class Syntax:
    """A table of entries with its parent table; `sentinel` stands for any absent ID."""

    __slots__ = ("name", "entries", "by_id", "parent", "sentinel")

    def __init__(self, name: str, entries: list, parent: "Syntax | None" = None):
        self.name = name
        self.entries = entries
        self.by_id = {}
        for e in entries:
            self.by_id.setdefault(e.id, e)
        self.parent = parent
        self.sentinel = Entry(0, NONE)

    def find(self, eid: int) -> Entry:
        return self.by_id.get(eid, self.sentinel)


class Rec:
    """A parsed master element: attributes named after its table's fields."""

    def __repr__(self) -> str:
        return "Rec(%r)" % self.__dict__


def _zero(etype):
    if etype in (UINT, SINT):
        return 0
    if etype == FLOAT:
        return 0.0
    return None


def new_record(syntax: Syntax, rec: Rec | None = None) -> Rec:
    """A record with every field zeroed, as a freshly cleared C struct would be."""
    if rec is None:
        rec = Rec()
    for e in syntax.entries:
        if e.type in (UINT, SINT, FLOAT, STR, UTF8, BIN):
            if e.field is not None:
                setattr(rec, e.field, _zero(e.type))
                if e.counted:
                    setattr(rec, e.field + "_count", 0)
        elif e.type in (NEST, LEVEL1):
            if e.listed:
                setattr(rec, e.field, [])
            elif e.field is None:
                new_record(e.child, rec)
            else:
                setattr(rec, e.field, new_record(e.child))
    return rec


def apply_defaults(syntax: Syntax, rec: Rec) -> None:
    """What entering a master element does to its record: numbers take their defaults,
    strings with a default take it, everything else is kept."""
    for e in syntax.entries:
        if e.type in (UINT, SINT, FLOAT):
            setattr(rec, e.field, e.default if e.default is not None else _zero(e.type))
        elif e.type in (STR, UTF8) and e.default is not None:
            setattr(rec, e.field, e.default)


def _t(name, entries, parent=None):
    return Syntax(name, entries, parent)


# ----------------------------------------------------------------- EBML header
EBML_HEADER = _t("ebml_header", [
    Entry(S.EBML_READ_VERSION, UINT, "version", 1),
    Entry(S.EBML_MAX_SIZE_LENGTH, UINT, "max_size", 8),
    Entry(S.EBML_MAX_ID_LENGTH, UINT, "id_length", 4),
    Entry(S.DOCTYPE, STR, "doctype", "(none)"),
    Entry(S.DOCTYPE_READ_VERSION, UINT, "doctype_version", 1),
    Entry(S.EBML_VERSION, NONE),
    Entry(S.DOCTYPE_VERSION, NONE),
])
EBML_TOP = _t("ebml", [
    Entry(S.EBML_HEADER, NEST, None, None, EBML_HEADER),
    Entry(S.SEGMENT, STOP),
])
EBML_HEADER.parent = EBML_TOP

# ----------------------------------------------------------------- Segment children
SEGMENT = _t("segment", [])          # filled below (children refer to it)

INFO = _t("info", [
    Entry(S.TIMESTAMP_SCALE, UINT, "time_scale", 1000000),
    Entry(S.DURATION, FLOAT, "duration"),
    Entry(S.TITLE, UTF8, "title"),
    Entry(S.WRITING_APP, NONE),
    Entry(S.MUXING_APP, UTF8, "muxingapp"),
    Entry(S.DATE_UTC, BIN, "date_utc"),
    Entry(0x73A4, NONE),                       # SegmentUID
], SEGMENT)

TRACK = _t("track", [])
VIDEO = _t("video", [], TRACK)
COLOUR = _t("colour", [], VIDEO)
MASTERING = _t("mastering", [
    Entry(0x55D1, FLOAT, "r_x"), Entry(0x55D2, FLOAT, "r_y"),
    Entry(0x55D3, FLOAT, "g_x"), Entry(0x55D4, FLOAT, "g_y"),
    Entry(0x55D5, FLOAT, "b_x"), Entry(0x55D6, FLOAT, "b_y"),
    Entry(0x55D7, FLOAT, "white_x"), Entry(0x55D8, FLOAT, "white_y"),
    Entry(S.LUMINANCE_MIN, FLOAT, "min_luminance", None, counted=True),
    Entry(S.LUMINANCE_MAX, FLOAT, "max_luminance"),
], COLOUR)
COLOUR.entries += [
    Entry(S.MATRIX_COEFFICIENTS, UINT, "matrix", 2),
    Entry(S.BITS_PER_CHANNEL, UINT, "bits_per_channel", 0),
    Entry(0x55B3, UINT, "chroma_sub_horz"),
    Entry(0x55B4, UINT, "chroma_sub_vert"),
    Entry(0x55B5, UINT, "cb_sub_horz"),
    Entry(0x55B6, UINT, "cb_sub_vert"),
    Entry(S.CHROMA_SITING_HORZ, UINT, "siting_h", 0),
    Entry(S.CHROMA_SITING_VERT, UINT, "siting_v", 0),
    Entry(S.RANGE, UINT, "range", 0),
    Entry(S.TRANSFER_CHARACTERISTICS, UINT, "trc", 2),
    Entry(S.PRIMARIES, UINT, "primaries", 2),
    Entry(S.MAX_CLL, UINT, "max_cll"),
    Entry(S.MAX_FALL, UINT, "max_fall"),
    Entry(S.MASTERING_METADATA, NEST, "mastering", None, MASTERING),
]
PROJECTION = _t("projection", [
    Entry(0x7671, UINT, "type", 0),
    Entry(0x7672, BIN, "private"),
    Entry(0x7673, FLOAT, "yaw", 0.0),
    Entry(0x7674, FLOAT, "pitch", 0.0),
    Entry(0x7675, FLOAT, "roll", 0.0),
], VIDEO)
VIDEO.entries += [
    Entry(S.FRAME_RATE, FLOAT, "frame_rate"),
    Entry(S.DISPLAY_WIDTH, UINT, "display_width", U64_MAX),
    Entry(S.DISPLAY_HEIGHT, UINT, "display_height", U64_MAX),
    Entry(S.PIXEL_WIDTH, UINT, "pixel_width"),
    Entry(S.PIXEL_HEIGHT, UINT, "pixel_height"),
    Entry(S.COLOUR_SPACE, BIN, "colour_space"),
    Entry(S.ALPHA_MODE, UINT, "alpha_mode", 0),
    Entry(S.COLOUR, NEST, "colour", None, COLOUR, listed=True),
    Entry(0x7670, NEST, "projection", None, PROJECTION),
    Entry(0x54AA, NONE), Entry(0x54BB, NONE), Entry(0x54CC, NONE), Entry(0x54DD, NONE),
    Entry(S.DISPLAY_UNIT, UINT, "display_unit", 0),
    Entry(S.FLAG_INTERLACED, UINT, "interlaced", 0),
    Entry(S.FIELD_ORDER, UINT, "field_order", 2),
    Entry(S.STEREO_MODE, UINT, "stereo_mode", 15),
    Entry(0x54B3, NONE),                       # AspectRatioType
]
AUDIO = _t("audio", [
    Entry(S.SAMPLING_FREQUENCY, FLOAT, "samplerate", 8000.0),
    Entry(S.OUTPUT_SAMPLING_FREQUENCY, FLOAT, "out_samplerate"),
    Entry(S.BIT_DEPTH, UINT, "bitdepth"),
    Entry(S.CHANNELS, UINT, "channels", 1),
], TRACK)

ENCODINGS = _t("encodings", [], TRACK)
ENCODING = _t("encoding", [], ENCODINGS)
COMPRESSION = _t("compression", [
    Entry(S.CONTENT_COMP_ALGO, UINT, "algo", 0),
    Entry(S.CONTENT_COMP_SETTINGS, BIN, "settings"),
], ENCODING)
ENCRYPTION = _t("encryption", [
    Entry(0x47E1, UINT, "algo", 0),
    Entry(S.CONTENT_ENC_KEY_ID, BIN, "key_id"),
    Entry(0x47E7, NONE), Entry(0x47E5, NONE), Entry(0x47E6, NONE), Entry(0x47E4, NONE),
    Entry(0x47E3, NONE),
], ENCODING)
ENCODING.entries += [
    Entry(S.CONTENT_ENCODING_SCOPE, UINT, "scope", 1),
    Entry(S.CONTENT_ENCODING_TYPE, UINT, "type", 0),
    Entry(S.CONTENT_COMPRESSION, NEST, "compression", None, COMPRESSION),
    Entry(S.CONTENT_ENCRYPTION, NEST, "encryption", None, ENCRYPTION),
    Entry(0x5031, NONE),                       # ContentEncodingOrder
]
ENCODINGS.entries += [Entry(S.CONTENT_ENCODING, NEST, "encodings", None, ENCODING, listed=True)]

OPERATION = _t("operation", [], TRACK)
COMBINE = _t("combine_planes", [], OPERATION)
PLANE = _t("plane", [
    Entry(S.TRACK_PLANE_UID, UINT, "uid"),
    Entry(S.TRACK_PLANE_TYPE, UINT, "type"),
], COMBINE)
COMBINE.entries += [Entry(S.TRACK_PLANE, NEST, "planes", None, PLANE, listed=True)]
OPERATION.entries += [Entry(S.TRACK_COMBINE_PLANES, NEST, None, None, COMBINE)]

ADD_MAPPING = _t("block_addition_mapping", [
    Entry(0x41F0, UINT, "value"),
    Entry(0x41A4, STR, "name"),
    Entry(0x41E7, UINT, "type"),
    Entry(0x41ED, BIN, "extradata"),
], TRACK)

TRACKS = _t("tracks", [], SEGMENT)
TRACK.parent = TRACKS
TRACK.entries += [
    Entry(S.TRACK_NUMBER, UINT, "num"),
    Entry(S.NAME, UTF8, "name"),
    Entry(S.TRACK_UID, UINT, "uid"),
    Entry(S.TRACK_TYPE, UINT, "type"),
    Entry(S.CODEC_ID, STR, "codec_id"),
    Entry(S.CODEC_PRIVATE, BIN, "codec_priv"),
    Entry(S.CODEC_DELAY, UINT, "codec_delay", 0),
    Entry(S.LANGUAGE, STR, "language", "eng"),
    Entry(S.DEFAULT_DURATION, UINT, "default_duration"),
    Entry(S.TRACK_TIMESTAMP_SCALE, FLOAT, "time_scale", 1.0),
    Entry(S.FLAG_COMMENTARY, UINT, "flag_comment", 0),
    Entry(S.FLAG_DEFAULT, UINT, "flag_default", 1),
    Entry(S.FLAG_FORCED, UINT, "flag_forced", 0),
    Entry(S.FLAG_HEARING_IMPAIRED, UINT, "flag_hearing", 0),
    Entry(S.FLAG_VISUAL_IMPAIRED, UINT, "flag_visual", 0),
    Entry(S.FLAG_TEXT_DESCRIPTIONS, UINT, "flag_textdesc", 0),
    Entry(S.FLAG_ORIGINAL, UINT, "flag_original", 0, counted=True),
    Entry(S.VIDEO, NEST, "video", None, VIDEO),
    Entry(S.AUDIO, NEST, "audio", None, AUDIO),
    Entry(S.TRACK_OPERATION, NEST, "operation", None, OPERATION),
    Entry(S.CONTENT_ENCODINGS, NEST, None, None, ENCODINGS),
    Entry(0x55EE, UINT, "max_block_additional_id", 0),
    Entry(0x41E4, NEST, "block_addition_mappings", None, ADD_MAPPING, listed=True),
    Entry(S.SEEK_PRE_ROLL, UINT, "seek_preroll", 0),
    Entry(0xB9, NONE), Entry(0x9C, NONE), Entry(0x258688, NONE), Entry(0xAA, NONE),
    Entry(0x3B4040, NONE), Entry(0x26B240, NONE), Entry(0x6DE7, NONE), Entry(0x6DF8, NONE),
]
TRACKS.entries += [Entry(S.TRACK_ENTRY, NEST, "tracks", None, TRACK, listed=True)]

ATTACHMENTS = _t("attachments", [], SEGMENT)
ATTACHMENT = _t("attachment", [
    Entry(S.FILE_UID, UINT, "uid"),
    Entry(S.FILE_NAME, UTF8, "filename"),
    Entry(S.FILE_MIME_TYPE, STR, "mime"),
    Entry(S.FILE_DATA, BIN, "bin"),
    Entry(S.FILE_DESCRIPTION, UTF8, "description"),
], ATTACHMENTS)
ATTACHMENTS.entries += [Entry(S.ATTACHED_FILE, NEST, "attachments", None, ATTACHMENT, listed=True)]

CHAPTERS = _t("chapters", [], SEGMENT)
EDITION = _t("edition", [], CHAPTERS)
CHAPTER = _t("chapter_entry", [], EDITION)
CHAPTER_DISPLAY = _t("chapter_display", [
    Entry(S.CHAP_STRING, UTF8, "title"),
    Entry(0x437C, NONE), Entry(0x437E, NONE),
], CHAPTER)
CHAPTER.entries += [
    Entry(S.CHAPTER_TIME_START, UINT, "start", NOPTS),
    Entry(S.CHAPTER_TIME_END, UINT, "end", NOPTS),
    Entry(S.CHAPTER_UID, UINT, "uid"),
    Entry(S.CHAPTER_DISPLAY, NEST, None, None, CHAPTER_DISPLAY),
    Entry(0x98, NONE), Entry(0x4598, NONE), Entry(0x63C3, NONE), Entry(S.CHAPTER_ATOM, NONE),
]
EDITION.entries += [
    Entry(S.CHAPTER_ATOM, NEST, "chapters", None, CHAPTER, listed=True),
    Entry(0x45BC, NONE), Entry(0x45BD, NONE), Entry(0x45DB, NONE), Entry(0x45DD, NONE),
]
CHAPTERS.entries += [Entry(S.EDITION_ENTRY, NEST, None, None, EDITION)]

CUES = _t("cues", [], SEGMENT)
CUE_POINT = _t("cue_point", [], CUES)
CUE_POS = _t("cue_track_positions", [
    Entry(0xF7, UINT, "track"),
    Entry(0xF1, UINT, "pos"),
    Entry(0xF0, NONE), Entry(0xB2, NONE), Entry(0x5378, NONE),
], CUE_POINT)
CUE_POINT.entries += [
    Entry(0xB3, UINT, "time"),
    Entry(0xB7, NEST, "pos", None, CUE_POS, listed=True),
]
CUES.entries += [Entry(0xBB, NEST, "index", None, CUE_POINT, listed=True)]

TAGS = _t("tags", [], SEGMENT)
TAG = _t("tag", [], TAGS)
SIMPLE_TAG = _t("simpletag", [], TAG)
SIMPLE_TAG.entries += [
    Entry(S.TAG_NAME, UTF8, "name"),
    Entry(S.TAG_STRING, UTF8, "string"),
    Entry(S.TAG_LANGUAGE, STR, "lang", "und"),
    Entry(S.TAG_DEFAULT, UINT, "default"),
    Entry(S.TAG_DEFAULT_BUG, UINT, "default"),
    Entry(S.SIMPLE_TAG, NEST, "sub", None, SIMPLE_TAG, listed=True),
]
TARGETS = _t("targets", [
    Entry(S.TARGET_TYPE, STR, "type"),
    Entry(S.TARGET_TYPE_VALUE, UINT, "typevalue", 50),
    Entry(S.TAG_TRACK_UID, UINT, "trackuid", 0),
    Entry(S.TAG_CHAPTER_UID, UINT, "chapteruid", 0),
    Entry(S.TAG_ATTACHMENT_UID, UINT, "attachuid", 0),
], TAG)
TAG.entries += [
    Entry(S.SIMPLE_TAG, NEST, "tags", None, SIMPLE_TAG, listed=True),
    Entry(S.TARGETS, NEST, "target", None, TARGETS),
]
TAGS.entries += [Entry(S.TAG, NEST, "tag_groups", None, TAG, listed=True)]

SEEKHEAD = _t("seekhead", [], SEGMENT)
SEEK = _t("seek", [
    Entry(S.SEEK_ID, UINT, "id"),
    Entry(S.SEEK_POSITION, UINT, "pos", U64_MAX),
], SEEKHEAD)
SEEKHEAD.entries += [Entry(S.SEEK, NEST, "seekhead", None, SEEK, listed=True)]

SEGMENT.entries += [
    Entry(S.CLUSTER, STOP),
    Entry(S.INFO, LEVEL1, None, None, INFO),
    Entry(S.TRACKS, LEVEL1, None, None, TRACKS),
    Entry(S.ATTACHMENTS, LEVEL1, None, None, ATTACHMENTS),
    Entry(S.CHAPTERS, LEVEL1, None, None, CHAPTERS),
    Entry(S.CUES, LEVEL1, None, None, CUES),
    Entry(S.TAGS, LEVEL1, None, None, TAGS),
    Entry(S.SEEKHEAD, LEVEL1, None, None, SEEKHEAD),
]
SEGMENTS = _t("segments", [Entry(S.SEGMENT, NEST, None, None, SEGMENT)])

# ----------------------------------------------------------------- Cluster children
CLUSTER_PARSING = _t("cluster_parsing", [], SEGMENT)
BLOCKGROUP = _t("blockgroup", [], CLUSTER_PARSING)
BLOCK_ADDITIONS = _t("blockadditions", [], BLOCKGROUP)
BLOCK_MORE = _t("blockmore", [
    Entry(S.BLOCK_ADD_ID, UINT, "additional_id", 1),
    Entry(S.BLOCK_ADDITIONAL, BIN, "additional"),
], BLOCK_ADDITIONS)
BLOCK_ADDITIONS.entries += [Entry(S.BLOCK_MORE, NEST, None, None, BLOCK_MORE)]
BLOCKGROUP.entries += [
    Entry(S.BLOCK, BIN, "bin"),
    Entry(S.BLOCK_ADDITIONS, NEST, None, None, BLOCK_ADDITIONS),
    Entry(S.BLOCK_DURATION, UINT, "duration"),
    Entry(S.DISCARD_PADDING, SINT, "discard_padding"),
    Entry(S.REFERENCE_BLOCK, SINT, "reference", None, counted=True),
    Entry(0xA4, NONE),                          # CodecState
    Entry(1, UINT, "non_simple", 1),            # never read: a default only
]
_CLUSTER_TAIL = [
    Entry(S.CLUSTER_TIMESTAMP, UINT, "timecode"),
    Entry(S.SIMPLE_BLOCK, STOP),
    Entry(S.BLOCK_GROUP, STOP),
    Entry(0xA7, NONE),                          # Position
    Entry(0xAB, NONE),                          # PrevSize
]
CLUSTER_PARSING.entries += [
    Entry(S.SIMPLE_BLOCK, BIN, "bin"),
    Entry(S.BLOCK_GROUP, NEST, None, None, BLOCKGROUP),
] + _CLUSTER_TAIL
# entering a Cluster stops at its first block (the reference reuses the tail of the table)
CLUSTER_FIRST = _t("cluster_enter_children", list(_CLUSTER_TAIL), SEGMENT)
CLUSTER_ENTER = _t("cluster_enter", [Entry(S.CLUSTER, NEST, None, None, CLUSTER_FIRST)])

# tables were completed after construction: index every one by ID now
for _tab in [v for v in list(globals().values()) if isinstance(v, Syntax)]:
    _tab.by_id = {}
    for _e in _tab.entries:
        _tab.by_id.setdefault(_e.id, _e)
