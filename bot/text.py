"""Chinese text normalisation: one form for what citizens type or say and for catalogue words.

Traditional characters, full-width forms, Chinese numerals before a measure word, fillers of
speech recognition and stray spaces all vary between citizens without changing what they mean;
everything that compares text (the NLU normaliser, the catalogue search, the completeness check)
compares it in the form `normalise` and `compact` give.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

MAX_ANALYSED_CHARS = 500  # no real question is longer; a pasted essay must not stall the search

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s\u3000-\u303f\uff00-\uffef!-/:-@\[-`{-~…—·“”‘’]+")
_CJK = r"\u4e00-\u9fff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}0-9])|(?<=[0-9])\s+(?=[{_CJK}])")
_FILLERS = re.compile(r"[嗯呃噢]+|(?:(?<=^)|(?<=\s))(?:唔+|那个|这个|就是|然后|额|啊|哦)(?=\s|$)")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_MEASURE = "个月|个|张|份|周岁|岁|天|年|月|日|号|次|项|本|元|块|周|名|位|套|条|页|寸|小时|工作日"
_NUMBER_IN_CONTEXT = re.compile(rf"(?<=第)({_NUMERAL})|({_NUMERAL})(?=(?:{_MEASURE}))")
# Wu (Shanghai, Zhejiang) and Cantonese words elderly callers use, in Mandarin: everything that
# compares text compares the Mandarin. Only words with one meaning in a question about a service;
# 伐 and 伊 only where they cannot be part of another word (采伐, 伊犁).
_DIALECT = {
    "啥西": "什么",
    "啥个": "什么",
    "啥辰光": "什么时候",
    "辰光": "时候",
    "哪能办": "怎么办",
    "哪能弄": "怎么办",
    "哪能": "怎么",
    "哪恁": "怎么",
    "咋办": "怎么办",
    "咋弄": "怎么办",
    "咋": "怎么",
    "勿晓得": "不知道",
    "晓得伐": "知道吗",
    "覅": "不要",
    "勿要": "不要",
    "阿拉": "我们",
    "侬": "你",
    "屋里厢": "家里",
    "囡囡": "孩子",
    "小囡": "孩子",
    "几钿": "多少钱",
    "铜钿": "钱",
    "今朝": "今天",
    "明朝": "明天",
    "寻勿着": "找不到",
    "寻不着": "找不到",
    "老人家": "老人",
    "点样": "怎样",
    "乜嘢": "什么",
    "边度": "哪里",
    "系唔系": "是不是",
    "冇": "没有",
    "咩": "什么",
    "点算": "怎么办",
    "点搞": "怎么办",
    "跟住": "接着",
    "我哋": "我们",
    "佢": "他",
    "嘅": "的",
    "细路": "孩子",
}
_DIALECT_WORDS = re.compile(
    "|".join(sorted(map(re.escape, _DIALECT), key=len, reverse=True))
    + r"|(?<![步采砍征讨杀盗滥])伐(?=[吧啦呀啊哦?？!！。，,.\s]|$)"  # sentence-final 伐 (吗)
    + r"|勿(?=[是会能要晓好])"  # 勿 before a verb (不)
    + r"|伊(?=[是今要有没已在的才还也都\d十一二两三四五六七八九])"  # 伊 as "he/she"
    + r"|(?<=[我你他她侬伊])拨(?=[我你他她侬阿伊])"  # 拨 as "give"
)
_DIALECT_ONE = {"伐": "吗", "勿": "不", "伊": "他", "拨": "给"}
_CHOICE = re.compile(
    r"^(?:我选|选择|选|回复|就|要)?第?(?P<n>\d{1,2}|十|[一二两三四五六七八九])(?:个|项|号|条|种)?[吧的啊呀]?$"
)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def chinese_number(numeral: str) -> int | None:
    """'六十' -> 60, '一百二十' -> 120, '两' -> 2; None for something that is not a number."""
    total, digit = 0, None
    for char in numeral:
        if char in _DIGITS:
            if digit is not None:
                return None  # '一二' is a list, not a number
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _numerals_to_digits(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        number = chinese_number(raw)
        return raw if number is None else str(number)

    return _NUMBER_IN_CONTEXT.sub(replace, text)


def mandarin(text: str) -> str:
    """Dialect words in Mandarin ("要带啥西伐" -> "要带什么吗")."""
    return _DIALECT_WORDS.sub(lambda m: _DIALECT.get(m.group()) or _DIALECT_ONE[m.group()], text)


def normalise(text: str) -> str:
    """Half-width, simplified, Mandarin, lower case, single spaces, '第二个'/'两张' with digits."""
    simplified = mandarin(_converter().convert(unicodedata.normalize("NFKC", text)))
    return _numerals_to_digits(_SPACES.sub(" ", simplified).strip().lower())


def compact(text: str) -> str:
    """`normalise` without spaces or punctuation, for substring matching."""
    return _PUNCTUATION.sub("", normalise(text))


def clean_for_understanding(text: str) -> str:
    """What the NLU model sees: `normalise`, without speech fillers and the spaces that speech
    recognition puts between Chinese words ('嗯 那个 办 护照' -> '办护照')."""
    cleaned = _FILLERS.sub(" ", normalise(text))
    joined = _SPACES.sub(" ", _SPACE_BETWEEN_CJK.sub("", cleaned)).strip()
    return _numerals_to_digits(joined)  # again: '第 三 个' is a numeral only once the spaces are gone


def char_pairs(text: str) -> set[str]:
    """Every two neighbouring characters: what the words of short phrases are compared by."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def without_brackets(text: str) -> str:
    """'换发（已有护照，快到期）' -> '换发': the words a citizen would say of an option."""
    return re.sub(r"（[^（）]*）|\([^()]*\)", "", text)


def syllables(text: str) -> list[str]:
    """One toneless pinyin syllable per character (other characters stay as they are), so that
    homophone typos and recognition errors (身分证, 护招) still match catalogue words."""
    return [_syllable(char) for char in text]


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    """Per character, so remembered: pypinyin is the costly part of indexing thousands of names."""
    return str(pinyin(char, style=Style.NORMAL, errors=lambda c: c)[0][0])


def ascii_number(raw: str, max_digits: int) -> int | None:
    """A number typed or sent as 1 to `max_digits` ASCII digits, else None. str.isdigit() alone
    accepts "²", which int() refuses, and a few thousand digits are past int()'s limit."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= max_digits else None


def parse_choice(text: str) -> int | None:
    """The 1-based number in a reply like '2', '第二个', '选3', or None when it is not a choice."""
    match = _CHOICE.match(compact(text))
    if not match:
        return None
    raw = match.group("n")
    number = int(raw) if raw.isdigit() else chinese_number(raw)
    return number or None
