"""The conversation state the assistant keeps between turns, and its one encoding in Rasa slots.

What the assistant last asked (`Pending`) decides how a short reply ("2", "是", "5") is read, so it
is a small closed set of typed questions rather than a free-form dict; the slot holds `encode`'s
plain JSON form, and `decode` is the only reader of it (the actions, and the console when an
operator invites a rating, go through here). A slot value that does not decode (an older
format, a hand-edited tracker) reads as "nothing pending", never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Aspect(str, Enum):
    """What a citizen asks about a service; CHECK is the completeness check, which a question
    "which service?" or a numbered choice can lead to as well as an aspect."""

    OVERVIEW = "overview"
    MATERIALS = "materials"
    CONDITIONS = "conditions"
    FEES = "fees"
    TIME_LIMIT = "time_limit"
    LOCATION = "location"
    ONLINE = "online"
    DETAILS = "details"  # 回复“详细”: the department, the legal basis, both time limits
    ELSEWHERE = "elsewhere"  # 异地, 全国通办: can it be done away from home
    CHECK = "check"


@dataclass(frozen=True)
class Choice:
    """Numbered services offered; the number chosen leads to `then` for that service."""

    options: tuple[str, ...]  # service ids, in the order offered (1 is the first)
    then: Aspect


@dataclass(frozen=True)
class WhichService:
    """Asked which service is meant; the next message names it and gets `then`."""

    then: Aspect


@dataclass(frozen=True)
class SituationQuestion:
    """Situations asked about that change the material list (bot.situations): one yes/no, one of
    a group ("都不是" last), or any of several at once."""

    questions: tuple[str, ...]  # the situation questions' ids in the service, in the order offered
    exclusive: bool = False


@dataclass(frozen=True)
class RatingRequest:
    """好差评: a number 1 to 5 in reply is the score, of this handover or of the conversation."""

    handover: int | None = None


@dataclass(frozen=True)
class FollowupOffer:
    """After a checklist: may we ask afterwards whether it took one trip? `item` is a service id or
    "event:<id>"."""

    item: str


Pending = Choice | WhichService | SituationQuestion | RatingRequest | FollowupOffer


@dataclass
class State:
    """The slots the assistant keeps between turns."""

    service_id: str | None = None
    held: list[str] = field(default_factory=list)
    answers: dict[str, bool] = field(default_factory=dict)
    pending: Pending | None = None
    misses: int = 0  # messages not understood in a row; the second goes to a person
    event_id: str | None = None  # the life event (一件事) being talked about; its steps are services
    offered: list[str] = field(default_factory=list)  # items whose follow-up was offered (once each)


def from_slots(slots: Mapping[str, Any]) -> State:
    """The state kept in a tracker's slots; missing or malformed values read as empty."""
    held = slots.get("held_materials")
    answers = slots.get("situation_answers")
    misses = slots.get("misses")
    return State(
        service_id=slots.get("service_id") or None,
        held=[str(m) for m in held] if isinstance(held, list) else [],
        answers={str(k): bool(v) for k, v in answers.items()} if isinstance(answers, dict) else {},
        pending=decode(slots.get("pending")),
        misses=int(misses) if isinstance(misses, int | float) else 0,
        event_id=slots.get("event_id") or None,
        offered=[str(i) for i in offered] if isinstance(offered := slots.get("followup_offered"), list) else [],
    )


def to_slots(state: State) -> dict[str, Any]:
    """The slot values of `state` (domain.yml's slots), for the action to set."""
    return {
        "service_id": state.service_id,
        "held_materials": state.held,
        "situation_answers": state.answers,
        "pending": encode(state.pending),
        "misses": state.misses,
        "event_id": state.event_id,
        "followup_offered": state.offered,
    }


def encode(pending: Pending | None) -> dict[str, Any] | None:
    """The slot value for `pending` (plain JSON, as the tracker store keeps it)."""
    match pending:
        case Choice(options, then):
            return {"kind": "choice", "options": list(options), "then": then.value}
        case WhichService(then):
            return {"kind": "which", "then": then.value}
        case SituationQuestion(questions, exclusive):
            return {"kind": "question", "questions": list(questions), "exclusive": exclusive}
        case RatingRequest(handover):
            return {"kind": "rating", "handover": handover}
        case FollowupOffer(item):
            return {"kind": "followup", "item": item}
    return None


def decode(value: Any) -> Pending | None:
    """The pending question a slot value holds; None for anything it cannot be."""
    if not isinstance(value, dict):
        return None
    try:
        match value.get("kind"):
            case "choice":
                options = value["options"]
                if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
                    return None
                return Choice(tuple(options), Aspect(value["then"]))
            case "which":
                return WhichService(Aspect(value["then"]))
            case "question":
                if "question" in value:  # a tracker written before questions were asked together
                    return SituationQuestion((str(value["question"]),))
                questions = value["questions"]
                if not isinstance(questions, list) or not questions or not all(isinstance(q, str) for q in questions):
                    return None
                return SituationQuestion(tuple(questions), bool(value.get("exclusive")))
            case "rating":
                handover = value.get("handover")
                return RatingRequest(handover if isinstance(handover, int) and not isinstance(handover, bool) else None)
            case "followup":
                return FollowupOffer(str(value["item"])) if isinstance(value.get("item"), str) else None
    except (KeyError, ValueError):
        return None
    return None
