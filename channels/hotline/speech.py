"""Text made for the ear: what a written answer becomes when read to a caller.

No URLs, emoji or brackets; dates read as dates; a long list read a few items at a time.
"""

from __future__ import annotations

import re

ITEMS_PER_PART = 3
_URL = re.compile(r"https?://\S+|www\.\S+")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")
_MARKS = re.compile(r"[【】「」*#_`~]")
_ITEM = re.compile(r"^\s*\d+[.、]\s*")


def for_the_ear(text: str) -> str:
    """Remove what cannot be heard, and make dates and dashes read naturally."""
    text = _URL.sub("", text)
    text = _DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
    text = _EMOJI.sub("", _MARKS.sub("", text)).replace("——", "，").replace("（", "，").replace("）", "，")
    return re.sub(r"，{2,}", "，", re.sub(r"[ \t]+", " ", text)).strip()


def parts(text: str, per_part: int = ITEMS_PER_PART) -> list[str]:
    """The answer in parts of at most `per_part` numbered items; other lines stay with their part."""
    groups: list[list[str]] = [[]]
    items = 0
    for line in (line.strip() for line in for_the_ear(text).splitlines()):
        if not line:
            continue
        if _ITEM.match(line):
            if items == per_part:
                groups.append([])
                items = 0
            items += 1
        groups[-1].append(_ITEM.sub(lambda m: f"第{m[0].strip(' .、')}项，", line).strip("，：。"))
    return ["。".join(group) + "。" for group in groups if group]
