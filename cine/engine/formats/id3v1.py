"""ID3v1 tags (the 128-byte "TAG" block at the end of a file, id3.org ID3v1 and the
Winamp genre extension): title/artist/album/date/comment/track/genre as FFmpeg 5.1.9 names them.
"""
from __future__ import annotations

from ..model import Tags

TAG_SIZE = 128

# Genre names by number (0..191), as FFmpeg 5.1.9 prints them (ID3v1 + Winamp extensions).
GENRES = (
    "Blues", "Classic Rock", "Country", "Dance", "Disco", "Funk", "Grunge", "Hip-Hop", "Jazz",
    "Metal", "New Age", "Oldies", "Other", "Pop", "R&B", "Rap", "Reggae", "Rock", "Techno",
    "Industrial", "Alternative", "Ska", "Death Metal", "Pranks", "Soundtrack", "Euro-Techno",
    "Ambient", "Trip-Hop", "Vocal", "Jazz+Funk", "Fusion", "Trance", "Classical", "Instrumental",
    "Acid", "House", "Game", "Sound Clip", "Gospel", "Noise", "AlternRock", "Bass", "Soul",
    "Punk", "Space", "Meditative", "Instrumental Pop", "Instrumental Rock", "Ethnic", "Gothic",
    "Darkwave", "Techno-Industrial", "Electronic", "Pop-Folk", "Eurodance", "Dream",
    "Southern Rock", "Comedy", "Cult", "Gangsta", "Top 40", "Christian Rap", "Pop/Funk",
    "Jungle", "Native American", "Cabaret", "New Wave", "Psychedelic", "Rave", "Showtunes",
    "Trailer", "Lo-Fi", "Tribal", "Acid Punk", "Acid Jazz", "Polka", "Retro", "Musical",
    "Rock & Roll", "Hard Rock", "Folk", "Folk-Rock", "National Folk", "Swing", "Fast Fusion",
    "Bebop", "Latin", "Revival", "Celtic", "Bluegrass", "Avantgarde", "Gothic Rock",
    "Progressive Rock", "Psychedelic Rock", "Symphonic Rock", "Slow Rock", "Big Band", "Chorus",
    "Easy Listening", "Acoustic", "Humour", "Speech", "Chanson", "Opera", "Chamber Music",
    "Sonata", "Symphony", "Booty Bass", "Primus", "Porn Groove", "Satire", "Slow Jam", "Club",
    "Tango", "Samba", "Folklore", "Ballad", "Power Ballad", "Rhythmic Soul", "Freestyle", "Duet",
    "Punk Rock", "Drum Solo", "A Cappella", "Euro-House", "Dance Hall", "Goa", "Drum & Bass",
    "Club-House", "Hardcore Techno", "Terror", "Indie", "BritPop", "Negerpunk", "Polsk Punk",
    "Beat", "Christian Gangsta Rap", "Heavy Metal", "Black Metal", "Crossover",
    "Contemporary Christian", "Christian Rock", "Merengue", "Salsa", "Thrash Metal", "Anime",
    "Jpop", "Synthpop", "Abstract", "Art Rock", "Baroque", "Bhangra", "Big Beat", "Breakbeat",
    "Chillout", "Downtempo", "Dub", "EBM", "Eclectic", "Electro", "Electroclash", "Emo",
    "Experimental", "Garage", "Global", "IDM", "Illbient", "Industro-Goth", "Jam Band",
    "Krautrock", "Leftfield", "Lounge", "Math Rock", "New Romantic", "Nu-Breakz", "Post-Punk",
    "Post-Rock", "Psytrance", "Shoegaze", "Space Rock", "Trop Rock", "World Music",
    "Neoclassical", "Audiobook", "Audio Theatre", "Neue Deutsche Welle", "Podcast", "Indie Rock",
    "G-Funk", "Dubstep", "Garage Rock", "Psybient",
)


def _string(raw: bytes) -> str:
    """Up to the first NUL, trailing spaces removed; the bytes are kept as they are."""
    raw = raw.split(b"\0", 1)[0].rstrip(b" ")
    return raw.decode("utf-8", "surrogateescape")


def parse(block: bytes, tags: Tags) -> bool:
    """Add the fields of a 128-byte block to tags; False when it is not an ID3v1 tag."""
    if len(block) != TAG_SIZE or block[:3] != b"TAG":
        return False
    for key, start, size in (("title", 3, 30), ("artist", 33, 30), ("album", 63, 30),
                             ("date", 93, 4), ("comment", 97, 30)):
        value = _string(block[start:start + size])
        if value:
            tags.set(key, value)
    if block[125] == 0 and block[126] != 0:
        tags.set("track", str(block[126]))
    if block[127] < len(GENRES):
        tags.set("genre", GENRES[block[127]])
    return True


def read(source, tags: Tags) -> None:
    """ff_id3v1_read: only on seekable inputs larger than one tag; the position is kept."""
    if not source.seekable:
        return
    from ..io.sizecall import avio_size
    size = avio_size(source)
    if size is None or size <= TAG_SIZE:
        return
    pos = source.tell()
    source.seek(size - TAG_SIZE)
    block = source.read(TAG_SIZE)
    source.seek(pos)
    parse(block, tags)
