"""An item's aliases from the source's short and everyday names, kept only when they name it alone.

The Guangdong scrape's names are partly keyword lists ("无线电,台站,新申请", "专职 律师 执业"),
partly shared by a whole family of items ("航道审批" for six), so a candidate becomes an alias only
if it is long enough to mean something, is not a generic word, no other item of the import has it
as a candidate or in its name (a word that names several items would send a citizen to one of them
at random: 政策咨询 is in the names of many), and it shares most of its characters with the item's
name (an everyday name that shares none, 公证处 for 广东法律服务网实体平台信息查询, is a keyword,
not a name of the item).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from bot.catalogue.importer.rows import Row

# Columns an exchange export may add (not national columns). short_name and daily_name hold several
# names separated by , ， ; ； (not by 、, which enumerates within one name: 香港、澳门律师事务所…);
# catalog_name (the 基本目录 item's name) is one name.
LIST_COLUMNS = ("short_name", "daily_name")
NAME_COLUMNS = ("catalog_name",)
MIN_ALIAS = 3  # characters: 1-2 character words (变更, 台站) never name one item
MIN_SHARED = 0.5  # share of an alias's characters that must occur in the item's name
_SEPARATORS = ",，;；"
_PAIRS = (("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"), ("《", "》"), ("“", "”"))
_OPENING = "".join(opening for opening, _ in _PAIRS)
_CLOSING = "".join(closing for _, closing in _PAIRS)
_SPACE_NEXT_TO_CJK = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_EDGES = " 　\t.。:：-—“”\"'「」"


def _bracket_free(name: str) -> str:
    return re.sub(r"[（(].*?[）)]", "", name).strip()


def _tidy(name: str) -> str:
    """No spaces between Chinese words ("专职 律师 执业" -> "专职律师执业"), none at the ends."""
    return re.sub(r"\s+", " ", _SPACE_NEXT_TO_CJK.sub("", name)).strip(_EDGES)


def _balanced(name: str) -> bool:
    return all(name.count(opening) == name.count(closing) for opening, closing in _PAIRS) and '"' not in name


def split_names(text: str) -> list[str]:
    """The names in a list of names; a separator inside brackets does not split
    (债权文书(各种借据，欠单)公证 is one name)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in _OPENING) - (char in _CLOSING)
        if char in _SEPARATORS and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [name for name in map(_tidy, parts) if name]


def candidates(row: Row) -> list[str]:
    listed = [name for column in LIST_COLUMNS for name in split_names(row.get(column))]
    named = [_tidy(row.get(column)) for column in NAME_COLUMNS if row.get(column)]
    return list(dict.fromkeys(listed + named))


def shares_the_name(alias: str, name: str) -> bool:
    characters = set(alias) - set(" ()（）")
    return bool(characters) and len(characters & set(name)) >= MIN_SHARED * len(characters)


def choose_aliases(
    proposed: Mapping[str, list[str]], names: Mapping[str, str], generic: Iterable[str]
) -> tuple[dict[str, list[str]], Counter[str]]:
    """Aliases per item id, and how many candidates were dropped for each reason."""
    generic_words = set(generic)
    holders = Counter(word for words in proposed.values() for word in set(words))
    all_names = set(names.values())

    def in_another_name(word: str, own: str) -> bool:
        return any(word in name for name in all_names if name != own)

    chosen: dict[str, list[str]] = {}
    dropped: Counter[str] = Counter()
    for item, words in proposed.items():
        own = {names[item], _bracket_free(names[item])}
        keep = []
        for word in words:
            if word in own:
                continue  # the name itself: nothing to add
            if len(word) < MIN_ALIAS or word in generic_words:
                dropped["generic or too short"] += 1
            elif not _balanced(word) or not shares_the_name(word, names[item]):
                dropped["not a name of the item"] += 1
            elif holders[word] > 1 or in_another_name(word, names[item]):
                dropped["names several items"] += 1
            else:
                keep.append(word)
        chosen[item] = keep
    return chosen, dropped
