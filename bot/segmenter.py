"""jieba word segmentation that knows the catalogue's words.

The user dictionary is generated from the catalogue, so service and material names are one token
each, both for Rasa's JiebaTokenizer (which loads the file) and for the catalogue search.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import jieba
import jieba.posseg

from bot.text import compact

USER_DICTIONARY_FILE = "onetrip.txt"
_WORD_FREQUENCY = 50000  # high enough that jieba keeps catalogue words whole

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
    拿到 领到 领取 拿 取 邮寄 快递 代办 代理 委托 外地人 外地 外省 本地 上班 下班 周末 节假日 预约 排队
    加急 进度 查询 审核 多长 出来 下来 人 情况 问题 事 事情 东东 人工 机器人 工作人员
    多少天 几个月 多少个工作日 几个工作日 多少时间 大概 大约 一般 通常 最快 最晚
    今年 去年 明年 前年 最近 之前 以前 以后 后来 马上 打算 准备好 有关 相关 那边 这边
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_STOPWORD_PATTERN = re.compile("|".join(sorted(map(re.escape, STOPWORDS), key=len, reverse=True)))


_EDGE_STOPWORDS = sorted(STOPWORDS, key=len, reverse=True)


def _core(token: str) -> str:
    """The token without question words at either edge, as long as two characters are left
    ("上学" keeps its 上: one character says too little)."""
    trimmed = True
    while trimmed:
        trimmed = False
        for word in _EDGE_STOPWORDS:
            for rest in (token.removeprefix(word), token.removesuffix(word)):
                if rest != token and len(rest) >= 2:
                    token, trimmed = rest, True
                    break
            if trimmed:
                break
    return token


def catalogue_words(words: Iterable[str]) -> list[str]:
    """Distinct, compacted dictionary words of two or more characters."""
    return sorted({w for w in (compact(word) for word in words) if len(w) >= 2})


def write_if_changed(path: Path, content: str) -> None:
    """Keep the file's timestamp when nothing changed, so builds that watch it stay idle."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")


def write_user_dictionary(words: Iterable[str], directory: Path) -> Path:
    """Write the jieba user dictionary Rasa's JiebaTokenizer loads (it wants a directory)."""
    path = directory / USER_DICTIONARY_FILE
    write_if_changed(path, "".join(f"{word} {_WORD_FREQUENCY} n\n" for word in catalogue_words(words)))
    return path


class Segmenter:
    """A jieba tokenizer of its own (not jieba's global one) that knows the catalogue's words."""

    def __init__(self, words: Iterable[str]) -> None:
        jieba.setLogLevel(logging.WARNING)  # it logs dictionary loading at INFO on every start
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for frame in (w for w in STOPWORDS if len(w) > 1):  # "多少天" is one question word, not 多少+天能
            self._tokenizer.add_word(frame, freq=_WORD_FREQUENCY, tag="x")
        self._words = set(catalogue_words(words))
        for word in self._words:
            self._tokenizer.add_word(word, freq=_WORD_FREQUENCY, tag="n")
        self._tagger = jieba.posseg.POSTokenizer(self._tokenizer)

    def tokens(self, text: str) -> list[str]:
        return [token for token in self._tokenizer.lcut(compact(text)) if token.strip()]

    def content_tokens(self, text: str) -> list[str]:
        """Tokens that may name a service or a document: at least two characters that are not
        question words ("那要" and "多少钱" are not content, "刚出生" is), without the question words
        at their edges that jieba joined to them ("护照怎么办" and "办护照" are about 护照). A word of
        the dictionary is content even when made of question words (个税 is 个 and 税)."""
        return [
            t if t in self._words else _core(t)
            for t in self.tokens(text)
            if t in self._words or len(_STOPWORD_PATTERN.sub("", t)) >= 2
        ]

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech tag) of a compacted text: "ns" marks a place name jieba knows."""
        return [(w, tag) for w, tag in self._tagger.lcut(compact(text))]

    def subject_words(self, text: str) -> list[str]:
        """What a message is about: its nouns, without question words ("养狗要花多少钱" is about
        狗; "大概多少天能拿到" is about nothing and so is a follow-up)."""
        nouns = [w for w, tag in self._tagger.lcut(compact(text)) if tag.startswith(("n", "vn")) and w not in STOPWORDS]
        return list(dict.fromkeys(nouns))
