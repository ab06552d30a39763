"""What the operator reads: where the conversation stood from its state, the transcript from events."""

from __future__ import annotations

from bot.catalogue.schema import Catalogue
from bot.handover.context import context_of
from bot.handover.transcript import BOT, CITIZEN, OPERATOR, SYSTEM, as_text, operator_event, transcript
from bot.state import State


def test_context_names_the_services_the_held_and_the_missing(catalogue: Catalogue) -> None:
    state = State(service_id="t-id-renewal", held=["id-card"], answers={"minor": False})
    context = context_of(catalogue, state, ["t-marriage", "t-id-renewal", "gone-from-catalogue"])
    assert context.services == ["结婚登记", "居民身份证换领（有效期满）"]
    assert context.held == ["居民身份证"]
    assert context.answers == {"申请人是否未满16周岁？": False}
    assert context.missing == []  # the fixture's renewal needs only the old card for an adult


def test_context_without_materials_does_not_claim_everything_is_missing(catalogue: Catalogue) -> None:
    context = context_of(catalogue, State(service_id="t-id-renewal"), [])
    assert context.held == [] and context.missing == []
    assert context_of(catalogue, State(), []).services == []


def test_transcript_names_the_speakers_masks_and_keeps_order() -> None:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 1.0},
        {"event": "user", "text": "我的身份证号11010519491231002X", "timestamp": 1_700_000_000.0},
        {
            "event": "bot",
            "text": "请选择：",
            "data": {"buttons": [{"title": "1. 结婚登记", "payload": "1"}]},
            "timestamp": 1_700_000_001.0,
        },
        {"event": "pause", "timestamp": 1_700_000_002.0},
        {**operator_event("您好，我是小王", "alice"), "timestamp": 1_700_000_003.0},
        {"event": "resume", "timestamp": 1_700_000_004.0},
    ]
    lines = transcript(events)
    assert [line.speaker for line in lines] == [CITIZEN, BOT, SYSTEM, OPERATOR, SYSTEM]
    assert lines[0].text == "我的身份证号110105********002X"
    assert lines[1].text == "请选择：\n1. 结婚登记"
    assert lines[3].operator == "alice"
    text = as_text(lines)
    assert "[2023-11-14 22:13:20] 市民：我的身份证号110105********002X" in text
    assert "工作人员（alice）：您好，我是小王" in text and "11010519491231002X" not in text
