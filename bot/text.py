"""Chinese text handling shared by the NLU data build, the search and the completeness check.

The jieba user dictionary is generated from the catalogue, so service and material words are
one token each, both for Rasa's JiebaTokenizer and for the catalogue search.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import jieba

USER_DICTIONARY_FILE = "onetrip.txt"
MAX_ANALYSED_CHARS = 500  # no real question is longer; a pasted essay must not stall the search
_WORD_FREQUENCY = 50000  # high enough that jieba keeps catalogue words whole

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s\u3000-\u303f\uff00-\uffef!-/:-@\[-`{-~…—·“”‘’]+")

# Words that frame a question rather than name a service or a document.
STOPWORDS = frozenset(
    """
    我 我们 你 您 他 她 它 的 了 吗 呢 吧 啊 呀 哦 嗯 么 嘛 哈 是 在 有 要 想 能
    会 可以 可不可以 能不能 请 请问 麻烦 问 问一下 一下 想问 咨询 那 那么 这 这个 那个
    还 也 都 就 和 跟 与 及 以及 或 或者 还有 另外 然后 如果 办 办理 办个 去办 怎么
    怎么办 怎样 如何 什么 啥 哪些 哪个 哪里 哪儿 在哪 在哪里 到哪 多少 多少钱 几 几天
    多久 多长时间 需要 需 要带 带 带什么 准备 提供 提交 材料 资料 证件 手续 东西 流程
    条件 要求 收费 费用 钱 免费 时间 时限 地址 地点 电话 网上 线上 手机 在线 跑 几次
    一次 本人 现场 窗口 谢谢 你好 您好 好的 好 现在 今天 明天 已经 刚 刚刚 快 该 应该
    得 给 让 帮 帮我 告诉 知道 一 个 张 份 下 上 中 里 吗? 呢? 啊? 不 没 没有 缺
    还缺 够 够不够 齐 齐全 全 所有 哪
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_STOPWORD_PATTERN = re.compile("|".join(sorted(map(re.escape, STOPWORDS), key=len, reverse=True)))

_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHOICE = re.compile(
    r"^(?:我选|选择|选|回复|就|要)?(?:第)?(?P<n>\d{1,2}|十|[一二两三四五六七八九])(?:个|项|号|条|种)?(?:吧|的|啊|呀)?$"
)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, single spaces: the form every lookup uses."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def compact(text: str) -> str:
    """`normalise` without any spaces or punctuation, for substring matching."""
    return _PUNCTUATION.sub("", normalise(text))


def parse_choice(text: str) -> int | None:
    """The 1-based number in a reply like '2', '第二个', '选3', or None when it is not a choice."""
    match = _CHOICE.match(compact(text))
    if not match:
        return None
    raw = match.group("n")
    number = int(raw) if raw.isdigit() else (10 if raw == "十" else _CHINESE_DIGITS[raw])
    return number or None


def catalogue_words(words: Iterable[str]) -> list[str]:
    """Distinct, compacted dictionary words of two or more characters."""
    return sorted({w for w in (compact(word) for word in words) if len(w) >= 2})


def write_user_dictionary(words: Iterable[str], directory: Path) -> Path:
    """Write the jieba user dictionary Rasa's JiebaTokenizer loads (it wants a directory)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / USER_DICTIONARY_FILE
    lines = [f"{word} {_WORD_FREQUENCY} n" for word in catalogue_words(words)]
    content = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")
    return path


class Segmenter:
    """A jieba tokenizer of its own (not jieba's global one) that knows the catalogue's words."""

    def __init__(self, words: Iterable[str]) -> None:
        jieba.setLogLevel(logging.WARNING)  # it logs dictionary loading at INFO on every start
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word in catalogue_words(words):
            self._tokenizer.add_word(word, freq=_WORD_FREQUENCY)

    def tokens(self, text: str) -> list[str]:
        return [token for token in self._tokenizer.lcut(compact(text)) if token.strip()]

    def content_tokens(self, text: str) -> list[str]:
        """Tokens that may name a service or a document: at least two characters that are not
        question words ("那要" and "多少钱" are not content, "刚出生" is)."""
        return [t for t in self.tokens(text) if len(_STOPWORD_PATTERN.sub("", t)) >= 2]
