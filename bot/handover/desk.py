"""Decides, once per turn, what people must follow up, and records it.

After each assistant turn: a rating is stored with the handover it rates; a question the bot
did not understand, or a service we lack, is kept for the catalogue's maintainers; a handover is
opened (or added to) with where the conversation stood, and a citizen who should reach a person
now is told their place in the queue and when someone answers. The Rasa action only translates
the tracker into a `Conversation` and the `Decision` into messages and the turn's signal; the
channels act on the signal (bot.signal). The one exception is the hotline, for what the bot never
saw (a caller not understood at all, the bot failing): it opens those itself, through the same
storage, and adds the number to call back to the bot's.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot import answers
from bot.assistant import Turn
from bot.catalogue.schema import Catalogue
from bot.handover.context import context_of
from bot.handover.model import NewHandover, Reason
from bot.handover.office_hours import OfficeHours
from bot.signal import Handover
from bot.state import RatingRequest, State

logger = logging.getLogger(__name__)

# What a person should pick up now (the hotline transfers the call); the rest is followed up later.
CONNECT_NOW = frozenset({Reason.ASKED_FOR_PERSON, Reason.NOT_UNDERSTOOD, Reason.COMPLAINT})
LEARN_FROM = frozenset({Reason.NOT_IN_CATALOGUE, Reason.NOT_UNDERSTOOD})  # kept for the maintainers


class HandoverStorage(Protocol):
    """Where handovers, ratings and unanswered questions are kept (SQL: bot.handover.store)."""

    def open_handover(self, new: NewHandover) -> tuple[int, bool]: ...

    def queue_position(self, handover_id: int) -> int: ...

    def record_rating(self, channel: str, citizen_ref: str, score: int, handover_id: int | None) -> None: ...

    def record_unanswered(
        self, channel: str, conversation_id: str, citizen_ref: str, kind: Reason, text: str
    ) -> None: ...

    def add_callback_number(self, handover_id: int, phone: str) -> None: ...


@dataclass(frozen=True)
class Conversation:
    """The turn's conversation as the desk needs it: who, where, what they said, how it stood."""

    channel: str
    conversation_id: str
    citizen_ref: str  # the keyed hash (bot.privacy.sender_ref), never the sender id itself
    text: str
    asked: str  # the citizen's last words: `text`, unless that is a button's or a key's "/intent"
    understood: bool  # False: the NLU fell back (a question to learn from)
    state: State  # before the turn
    discussed: Sequence[str]  # every service id the conversation touched, oldest first


@dataclass(frozen=True)
class Decision:
    handover: Handover | None = None
    said: tuple[str, ...] = ()  # added to the turn's last reply (queue place, hours, or a number to call)


class HandoverDesk:
    def __init__(
        self,
        storage: HandoverStorage,
        catalogue: Catalogue,
        office_hours: OfficeHours,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._storage, self._catalogue, self._hours, self._now = storage, catalogue, office_hours, now

    def after(self, turn: Turn, conversation: Conversation) -> Decision:
        """Record what the turn asks of people; a storage failure is logged and the citizen still
        learns how to reach a person (never an error in their conversation)."""
        try:
            return self._record(turn, conversation)
        except SQLAlchemyError:
            logger.exception("could not record the turn of %s", conversation.citizen_ref)
            if turn.followup is None:
                return Decision()
            connect = turn.followup in CONNECT_NOW
            said = (f"如需人工帮助，请拨打{answers.GENERAL_HOTLINE}。",) if connect else ()
            return Decision(Handover(turn.followup, connect), said)

    def _record(self, turn: Turn, conversation: Conversation) -> Decision:
        c = conversation
        if turn.rating is not None:
            pending = c.state.pending
            rated = pending.handover if isinstance(pending, RatingRequest) else None
            self._storage.record_rating(c.channel, c.citizen_ref, turn.rating, rated)
        reason = turn.followup
        if reason is None:
            if not c.understood and c.text.strip():  # an empty message teaches nothing
                self._storage.record_unanswered(
                    c.channel, c.conversation_id, c.citizen_ref, Reason.NOT_UNDERSTOOD, c.text
                )
            return Decision()
        if reason in LEARN_FROM:
            self._storage.record_unanswered(c.channel, c.conversation_id, c.citizen_ref, reason, c.text)
        context = context_of(self._catalogue, c.state, c.discussed)
        new = NewHandover(c.channel, c.conversation_id, c.citizen_ref, reason, c.asked, context)
        handover_id, created = self._storage.open_handover(new)
        logger.info(
            "handover %d %s for %s (%s)", handover_id, "opened" if created else "updated", c.citizen_ref, reason.value
        )
        if reason not in CONNECT_NOW:
            return Decision(Handover(reason, False, handover_id))
        place = self._storage.queue_position(handover_id)
        said = answers.next_steps_text(place, self._hours.is_open(self._now()), self._hours)
        return Decision(Handover(reason, True, handover_id), (said,))
