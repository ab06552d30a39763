"""What a handover is, apart from where it is kept: plain Python the conversation code may use.

A handover brings a conversation to a person: why (`Reason`), how far an operator has got
(`Status`), and what the conversation had established (`Context`). The Chinese words an operator
reads for these are the console's (console/labels.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

MAX_TEXT = 2000  # characters of one stored text (what was asked, notes, an outcome)


class Reason(str, Enum):
    ASKED_FOR_PERSON = "asked_for_person"
    NOT_UNDERSTOOD = "not_understood"  # two failed understandings in a row
    NOT_IN_CATALOGUE = "not_in_catalogue"
    COMPLAINT = "complaint"
    SYSTEM_ERROR = "system_error"  # the bot failed; a person takes the call


class Status(str, Enum):
    NEW = "new"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Context:
    """What the conversation had established when it came to a person, in readable names."""

    services: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    answers: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class NewHandover:
    channel: str
    conversation_id: str
    citizen_ref: str
    reason: Reason
    asked: str
    context: Context = field(default_factory=Context)
    callback_phone: str | None = None


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    channel: str | None = None
    reason: str | None = None
    service: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    ids: list[int] | None = None  # e.g. those whose transcript matched a search
