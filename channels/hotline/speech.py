"""Text made for the ear from a written answer, for the replies the bot has no spoken form of
(bot/spoken.py makes the answers about a service): no URLs, emoji, brackets or what is in them;
the service name in 【】 said as a name; dates read as dates; a long list a few items at a time.
"""

from __future__ import annotations

import re

from bot.spoken import plain

ITEMS_PER_PART = 3
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")
_HEADER = re.compile(r"【([^【】]*)】")  # the service an answer is about
_ITEM = re.compile(r"^\s*\d+[.、]\s*")


def for_the_ear(text: str) -> str:
    """Remove what cannot be heard, line by line, and make dates and dashes read naturally."""
    lines = []
    for line in text.splitlines():
        line = _DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", _EMOJI.sub("", line))
        lines.append(plain(_HEADER.sub(lambda m: m[1] + "，", line).replace("——", "，")))
    return "\n".join(lines).strip()


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
