"""A conversation as an operator reads it: who spoke, when, what was said.

Reads Rasa's event dictionaries (the tracker's JSON form), so this stays plain Python. Text is
masked again on the way out: a conversation stored before masking existed must not leak either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.privacy import mask_pii

CITIZEN, BOT, OPERATOR, SYSTEM = "citizen", "bot", "operator", "system"
SPEAKER_LABELS = {CITIZEN: "市民", BOT: "助手", OPERATOR: "工作人员", SYSTEM: "系统"}
_SYSTEM_EVENTS = {"pause": "工作人员接手，助手暂停应答", "resume": "助手恢复应答"}


@dataclass(frozen=True)
class Line:
    at: dt.datetime  # UTC
    speaker: str
    text: str
    operator: str = ""


def operator_event(text: str, operator: str) -> dict[str, Any]:
    """The tracker event for an operator's reply: a bot utterance that names who wrote it."""
    return {"event": "bot", "text": text, "metadata": {"operator": operator}}


def _text(event: dict[str, Any]) -> str:
    text = str(event.get("text") or "")
    buttons = (event.get("data") or {}).get("buttons") or []
    titles = [str(b.get("title", "")) for b in buttons]
    return mask_pii(text + ("\n" + "\n".join(titles) if titles else ""))


def transcript(events: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for event in events:
        kind = event.get("event")
        at = dt.datetime.fromtimestamp(float(event.get("timestamp") or 0), dt.timezone.utc).replace(tzinfo=None)
        if kind == "user":
            lines.append(Line(at, CITIZEN, _text(event)))
        elif kind == "bot":
            operator = str((event.get("metadata") or {}).get("operator") or "")
            text = _text(event)
            if text:
                lines.append(Line(at, OPERATOR if operator else BOT, text, operator))
        elif kind in _SYSTEM_EVENTS:
            lines.append(Line(at, SYSTEM, _SYSTEM_EVENTS[kind]))
    return lines


def as_text(lines: list[Line]) -> str:
    """For the export: one line per message, time and speaker first."""

    def who(line: Line) -> str:
        return SPEAKER_LABELS[line.speaker] + (f"（{line.operator}）" if line.operator else "")

    return "\n".join(f"[{line.at:%Y-%m-%d %H:%M:%S}] {who(line)}：{line.text}" for line in lines)
