"""What the operator reads of a conversation: the transcript, from Rasa's events."""

from __future__ import annotations

from bot.handover.transcript import BOT, CITIZEN, OPERATOR, SYSTEM, as_text, operator_event, transcript


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
