"""Bulk metadata updates in linear time: model.Tags.set searches its entries one by one (as
av_dict_set does), so a demuxer setting thousands of tags (Matroska Tags, VorbisComment)
holds a case-folded index while it works. Same semantics as Tags.set, including FFmpeg
5.1.9's replacement rule (the last entry moves into the freed slot, the new one is appended).
"""
from __future__ import annotations

from ..model import Tags


class TagIndex:
    """An index over a Tags object's entries; valid while only this index changes them."""

    __slots__ = ("items", "index")

    def __init__(self, tags: Tags):
        self.items = tags._items
        self.index: dict[str, int] = {}
        for i, (k, _) in enumerate(self.items):
            self.index.setdefault(k.lower(), i)

    def __contains__(self, key: str) -> bool:
        return key.lower() in self.index

    def set(self, key: str, value: str | None, append: bool = False) -> None:
        items, index = self.items, self.index
        low = key.lower()
        i = index.pop(low, None)
        if i is not None:
            if append and value is not None:
                value = items[i][1] + value
            last = items.pop()
            if i < len(items):
                items[i] = last
                index[last[0].lower()] = i
        if value is not None:
            index[low] = len(items)
            items.append([key, value])


def convert(tags: Tags, conv: dict[str, str]) -> None:
    """ff_metadata_conv in place: the dictionary rebuilt with native keys (case-insensitive)
    mapped to generic ones; nothing to do when no key is native."""
    low = {k.lower(): v for k, v in conv.items()}
    keys = [k.lower() for k, _ in tags._items]
    if not any(k in low for k in keys):
        return                      # the rebuild would give the same entries in the same order
    out = Tags()
    idx = TagIndex(out)
    for k, v in tags._items:
        idx.set(low.get(k.lower(), k), v)
    tags._items = out._items
