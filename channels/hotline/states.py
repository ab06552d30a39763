"""The call flow's vocabulary: the states a call is in, the events that move it, and what comes
out of a move (what the caller hears, what the endpoint must do). flow.py makes the moves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot.handover.model import Reason
from bot.handover.office_hours import OfficeHours
from channels.hotline.reply import BotReply

MIN_CONFIDENCE = 0.2  # Twilio's speech Confidence below which the result is not used

# -- states ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listening:
    """For what the caller wants. `said`: the last part read, for # to say it again; `choosing`:
    the bot's last reply asked for a choice, so a key answers the bot instead of the menu."""

    misses: int = 0
    said: str = ""
    choosing: bool = False


@dataclass(frozen=True)
class Reading:
    """Between the parts of a long answer: 1 or 继续 reads on, # says the part again."""

    current: str
    remaining: tuple[str, ...]
    checklist: str = ""  # offered by SMS after the last part; "" when not worth it or not possible
    choosing: bool = False
    misses: int = 0


@dataclass(frozen=True)
class OfferingSms:
    checklist: str
    said: str  # the last part, read just before the offer
    misses: int = 0


@dataclass(frozen=True)
class Asking:
    """The bot is answering what was asked at `step` (wall-clock `since`)."""

    step: int
    since: float


State = Listening | Reading | OfferingSms | Asking

# -- events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heard:
    """A gather webhook: a key, speech, or neither (silence, or speech recognised too poorly)."""

    step: int
    at: float  # wall-clock seconds
    digits: str = ""
    speech: str = ""

    @classmethod
    def of(cls, params: dict[str, str], step: int, at: float) -> Heard:
        speech = params.get("SpeechResult", "").strip()
        if speech and _confidence(params) < MIN_CONFIDENCE:
            speech = ""  # recognised too poorly to act on: the same as not heard
        return cls(step, at, params.get("Digits", ""), speech)


def _confidence(params: dict[str, str]) -> float:
    try:
        return float(params.get("Confidence", "1"))
    except ValueError:
        return 0.0


@dataclass(frozen=True)
class Replied:
    reply: BotReply | None  # None: the bot failed


@dataclass(frozen=True)
class NotYet:
    """No answer from the bot within this webhook's budget."""

    at: float


@dataclass(frozen=True)
class Texted:
    sent: bool


Event = Heard | Replied | NotYet | Texted

# -- what to say (TwiML, rendered by the endpoint) and what to do -------------------------------------


class Then(Enum):
    LISTEN = "listen"  # for speech or one key, then the next step
    HOLD = "hold"  # come back for the bot's answer
    TRANSFER = "transfer"  # to a person
    HANG_UP = "hang_up"


@dataclass(frozen=True)
class Say:
    text: str
    then: Then = Then.LISTEN


@dataclass(frozen=True)
class AskBot:
    """Ask the bot; its answer comes back as Replied or NotYet."""

    text: str


@dataclass(frozen=True)
class SendSms:
    """Text the checklist to the caller; the result comes back as Texted."""

    body: str


@dataclass(frozen=True)
class HandOver:
    """Open a handover (`handover_id` None: the bot never saw it, or could not store it), or add
    to the bot's record; with the number to call back when `call_back`."""

    reason: Reason
    call_back: bool
    handover_id: int | None = None


Effect = AskBot | SendSms | HandOver


@dataclass(frozen=True)
class Outcome:
    """`say` is None exactly when an effect's result is the next event."""

    state: State
    say: Say | None = None
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Line:
    """What the flow needs to know of the line at this moment, passed in, never read."""

    now: dt.datetime
    office_hours: OfficeHours
    can_transfer: bool  # an operator number or a queue is configured
    can_text: bool
