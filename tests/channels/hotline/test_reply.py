"""Reading a bot turn: texts, option titles, and what the bot decided from its signal alone."""

from __future__ import annotations

from typing import Any

from bot.handover.model import Reason
from bot.signal import Handover, ReplyKind
from channels.hotline.reply import BotReply
from tests.channels.hotline.support import signal, turn


def test_texts_options_kind_and_handover_of_a_turn() -> None:
    messages = turn(
        "请问是否未满16周岁？", "question", ("是", "不是"), {"id": 3, "reason": "complaint", "connect_now": True}
    )
    assert BotReply.of(messages) == BotReply(
        ("请问是否未满16周岁？",), ("是", "不是"), ReplyKind.QUESTION, Handover(Reason.COMPLAINT, True, 3)
    )
    assert BotReply.of(messages).choosing and not BotReply.of(turn("好的")).choosing


def test_a_verdict_is_known_by_its_signal_not_its_words() -> None:
    assert BotReply.of(turn("结论：材料齐全。")).kind is ReplyKind.ANSWER
    assert BotReply.of(turn("材料齐全", "verdict")).kind is ReplyKind.VERDICT


def test_what_is_not_the_bots_to_say_is_skipped() -> None:
    messages: list[dict[str, Any]] = [
        {"text": None},
        {"image": "x.png"},
        {"text": "好", "buttons": [{"title": None, "payload": "2"}, "x"]},
    ]
    assert BotReply.of([*messages, signal("nonsense", {"reason": "bored"})]) == BotReply(("好",), ("2",))
