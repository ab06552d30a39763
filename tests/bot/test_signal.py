"""The turn's signal: what the action sends is what a channel reads, and anything else among the
messages is not mistaken for it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.handover.model import Reason
from bot.signal import Handover, ReplyKind, Signal, is_signal


@pytest.mark.parametrize(
    "signal",
    [
        Signal(),
        Signal(ReplyKind.VERDICT),
        Signal(ReplyKind.OPTIONS, Handover(Reason.NOT_IN_CATALOGUE, False, 3)),
        Signal(ReplyKind.ANSWER, Handover(Reason.ASKED_FOR_PERSON, True, None)),
    ],
)
def test_a_channel_reads_what_the_action_sent(signal: Signal) -> None:
    messages: list[dict[str, Any]] = [{"text": "【结婚登记】…"}, {"custom": signal.to_custom()}]
    assert Signal.of(messages) == signal
    assert [is_signal(m) for m in messages] == [False, True]


@pytest.mark.parametrize(
    "messages",
    [
        [],
        [{"text": "您好"}],
        [{"custom": {"handover": "asked_for_person"}}],
        [{"custom": "onetrip"}],
        [{"custom": {"onetrip": {"kind": "dance", "handover": {"reason": "bored"}}}}],
    ],
)
def test_without_a_valid_signal_it_is_a_plain_answer(messages: list[dict[str, Any]]) -> None:
    assert Signal.of(messages) == Signal()


def test_a_forged_handover_id_is_dropped_not_trusted() -> None:
    raw = {"onetrip": {"kind": "answer", "handover": {"id": "1; drop", "reason": "complaint", "connect_now": 1}}}
    assert Signal.of([{"custom": raw}]).handover == Handover(Reason.COMPLAINT, True, None)
