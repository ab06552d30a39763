from __future__ import annotations

import pytest

from bot.assistant import Assistant
from bot.catalogue.colloquial import official_form


@pytest.mark.parametrize(
    ("word", "official"),
    [("低保申请", "最低生活保障申请"), ("个税", "个人所得税"), ("港澳自由行", "港澳个人游"), ("驾照", "机动车驾驶证")],
)
def test_everyday_words_in_their_official_form(word: str, official: str) -> None:
    assert official_form(word) == official


def test_a_word_without_everyday_parts_has_no_official_form() -> None:
    assert official_form("护照") is None


def test_the_assistant_keeps_everyday_words_whole_to_look_them_up(catalogue) -> None:
    tokens = Assistant(catalogue).segmenter.content_tokens("股权奖励的个税可以分期吗，去台湾自由行的签注")
    assert "个税" in tokens and "自由行" in tokens
