"""What a bot turn tells the channels besides its text: the kind of reply and any handover.

Every turn ends with one custom message `{"onetrip": {"kind": …, "handover": …, "spoken": […]}}`,
so that a channel acts on what the assistant decided instead of recognising its wording: the
hotline reads the answer made for the ear (`spoken`, bot/spoken.py) part by part, offers
the checklist by SMS after a verdict (with the one-trip follow-up's offer when the turn made
it), reads numbered options with their keys and transfers the
call when a person should take over now; it adds only what is its own (the number to call back)
to the handover the bot recorded. Channels that show text only (WeChat) drop the message; REST
clients receive it as it is (docs/architecture.md, "Each channel").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from bot.handover.model import Reason

KEY = "onetrip"


class ReplyKind(str, Enum):
    ANSWER = "answer"  # a plain reply
    VERDICT = "verdict"  # the completeness check's checklist: worth keeping (the hotline texts it)
    OPTIONS = "options"  # numbered services to choose from; the buttons' payloads are the numbers
    QUESTION = "question"  # a yes/no question about the citizen's situation
    RATING = "rating"  # asks for a score from 1 to 5


@dataclass(frozen=True)
class Handover:
    """A person should follow this conversation up; `connect_now`: take it over now."""

    reason: Reason
    connect_now: bool
    id: int | None = None  # None when the record could not be written


@dataclass(frozen=True)
class Signal:
    kind: ReplyKind = ReplyKind.ANSWER
    handover: Handover | None = None
    spoken: tuple[str, ...] = ()  # the turn for the ear, in parts; () where none is made
    followup: bool = False  # the turn offers to ask later whether it took one trip (the SMS says so)

    def to_custom(self) -> dict[str, Any]:
        handover = self.handover
        return {
            KEY: {
                "kind": self.kind.value,
                "handover": handover
                and {"id": handover.id, "reason": handover.reason.value, "connect_now": handover.connect_now},
                "spoken": list(self.spoken),
                "followup": self.followup,
            }
        }

    @classmethod
    def of(cls, messages: Iterable[Mapping[str, Any]]) -> Signal:
        """The signal among a turn's collected messages; a plain answer when there is none (a
        message that is not ours, or malformed, is ignored)."""
        for message in messages:
            custom = message.get("custom")
            raw = custom.get(KEY) if isinstance(custom, Mapping) else None
            if isinstance(raw, Mapping):
                kind, handover, spoken = (
                    _kind(raw.get("kind")),
                    _handover(raw.get("handover")),
                    _parts(raw.get("spoken")),
                )
                return cls(kind, handover, spoken, raw.get("followup") is True)
        return cls()


def _kind(value: Any) -> ReplyKind:
    try:
        return ReplyKind(value)
    except ValueError:
        return ReplyKind.ANSWER


def _parts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        return ()
    return tuple(part for part in value if part.strip())


def _handover(value: Any) -> Handover | None:
    if not isinstance(value, Mapping):
        return None
    try:
        reason = Reason(value.get("reason"))
    except ValueError:
        return None
    handover_id = value.get("id")
    valid_id = isinstance(handover_id, int) and not isinstance(handover_id, bool)
    return Handover(reason, bool(value.get("connect_now")), handover_id if valid_id else None)


def is_signal(message: Mapping[str, Any]) -> bool:
    """True for the signal message, which a text-only channel does not show."""
    custom = message.get("custom")
    return isinstance(custom, Mapping) and KEY in custom
