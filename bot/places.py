"""Place words in a message: which of the catalogue's regions a citizen means, or a place we have
no catalogue for.

The same item is offered in many regions (a province serves it in every city), so "在广州办…"
must choose the Guangzhou entry, and a place must never be taken for an unknown service word
("B3市" is where, not what). Known regions are recognised by their names and aliases; other
places by jieba's place tag when they carry an administrative suffix (深圳市, 南山区) or follow
在 (在深圳办…), and anonymised names (B3市) by their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.catalogue.schema import Region
from bot.segmenter import Segmenter
from bot.text import compact

# An anonymised administrative name such as "B3市" (compact() lower-cases it).
_ANONYMISED = re.compile(r"[a-z][0-9]{0,3}(?:省|市|区|县|镇|乡|街道)")
_ADMINISTRATIVE_SUFFIX = ("省", "市", "区", "县", "镇", "乡", "街道")
# Words jieba may tag as places that name no particular one.
_NOT_PLACES = re.compile(
    r"社区|小区|城区|市区|城市|超市|都市|开发区|辖区|景区|园区|本市|本区|本县|该市|全市|全省|外省|外市|本省|本地|当地|外地"
)
# 在深圳办…: a place name jieba tags, after 在 (not 去/到: "去香港要办什么" is where they travel)
_INTRODUCED = re.compile(r"在$")


@dataclass(frozen=True)
class Places:
    """What a message says about where: the catalogue regions it names, and other places."""

    regions: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # every place word found, as written

    def without(self, text: str) -> str:
        """The message with its place words taken out, so they count as neither service nor
        unknown words."""
        clean = compact(text)
        for word in sorted(self.words, key=len, reverse=True):
            clean = clean.replace(word, "，")
        return clean


class Gazetteer:
    """The catalogue's regions by every word citizens use for them."""

    def __init__(self, regions: dict[str, Region], segmenter: Segmenter) -> None:
        self.regions = regions
        self._segmenter = segmenter
        self._by_word = {compact(w): r.name for r in regions.values() for w in r.words if len(compact(w)) >= 2}
        self._pattern = (
            re.compile("|".join(sorted(map(re.escape, self._by_word), key=len, reverse=True)))
            if self._by_word
            else None
        )

    def find(self, text: str) -> Places:
        clean = compact(text)
        regions: list[str] = []
        words: list[str] = []
        if self._pattern:
            for match in self._pattern.finditer(clean):
                regions.append(self._by_word[match.group()])
                words.append(match.group())
        rest = clean
        for word in words:
            rest = rest.replace(word, "，")
        unknown = [m.group() for m in _ANONYMISED.finditer(rest)]
        for before, word in self._tagged_places(rest):
            named = _INTRODUCED.search(before) or word.endswith(_ADMINISTRATIVE_SUFFIX)
            if named and not _NOT_PLACES.search(word) and word not in unknown:
                unknown.append(word)
        shown = [place.upper() if place[0].isascii() else place for place in unknown]  # compact() lower-cases
        return Places(list(dict.fromkeys(regions)), list(dict.fromkeys(shown)), [*words, *unknown])

    def _tagged_places(self, text: str) -> list[tuple[str, str]]:
        """(text before, word) for each word jieba tags as a place name."""
        found, position = [], 0
        for word, tag in self._segmenter.tagged(text):
            if tag == "ns" and len(word) >= 2:
                found.append((text[:position], word))
            position += len(word)
        return found

    def family(self, name: str) -> dict[str, int]:
        """How near each region is to `name`: 0 itself, 1 the regions it lies within (a province's
        items serve its cities) and those within it; regions not listed are elsewhere."""
        near = {name: 0}
        parent = self.regions[name].within if name in self.regions else ""
        while parent and parent not in near:
            near[parent] = 1
            parent = self.regions[parent].within if parent in self.regions else ""
        for region in self.regions.values():
            ancestor = region.within
            while ancestor and ancestor != name and ancestor in self.regions:
                ancestor = self.regions[ancestor].within
            if ancestor == name and region.name != name:
                near.setdefault(region.name, 1)
        return near
