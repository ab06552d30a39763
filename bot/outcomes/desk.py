"""Records, once per turn, what a turn says about follow-ups and outcomes.

A checklist with the offer is kept as an offered follow-up (with the checklist's text); the
citizen's yes or no answers it; a report of how it went is recorded against the item it is about
(the conversation's, else the latest follow-up's) with the checklist we had given, and marked
when it names a material our checklist did not; "不用问了" withdraws every follow-up. Nothing is
written on an ordinary turn (every write costs every message): the 48 hours WeChat allows are
counted from the consent or the last report, never later than WeChat counts them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.assistant import Turn
from bot.catalogue.schema import Catalogue
from bot.db import utc_now
from bot.events import EVENT_ITEM
from bot.handover.desk import Conversation
from bot.outcomes import store, window
from bot.outcomes.model import Report
from bot.state import FollowupOffer, State
from bot.text import compact

logger = logging.getLogger(__name__)


def item_of(state: State) -> str | None:
    """What the conversation is about, as an outcome's item: a service, else a life event."""
    if state.service_id:
        return state.service_id
    return EVENT_ITEM + state.event_id if state.event_id else None


def listed(report: Report, item: str, checklist: str, catalogue: Catalogue) -> bool:
    """Whether our answer named the material the citizen was sent back for: the service lists it
    (in any situation), or the checklist we gave has its words. Nothing named: nothing to fault."""
    if not (report.material_key or report.material_text):
        return True
    service = catalogue.services.get(item)
    if report.material_key and service and any(r.key == report.material_key for r in service.materials):
        return True
    words = compact(catalogue.material_name(report.material_key) if report.material_key else report.material_text)
    return bool(words) and words in compact(checklist)


class OutcomeDesk:
    def __init__(self, engine: Engine, catalogue: Catalogue, now: Callable[[], dt.datetime] | None = None) -> None:
        self.engine, self.catalogue = engine, catalogue
        self.now = now or utc_now

    def asked_lately(self, citizen_ref: str) -> bool:
        """Whether a bare "是的" or "没有" answers our follow-up question (sent within
        window.BARE_ANSWER_WITHIN, not answered yet); False when the database cannot say."""
        try:
            return store.asked_since(self.engine, citizen_ref, self.now() - window.BARE_ANSWER_WITHIN)
        except SQLAlchemyError:
            logger.exception("follow-up not looked up")
            return False

    def after(self, turn: Turn, conversation: Conversation) -> None:
        """Never fails the turn: a database error is logged, the citizen still gets the answer."""
        try:
            self._record(turn, conversation, self.now())
        except SQLAlchemyError:
            logger.exception("outcome not recorded")

    def _record(self, turn: Turn, conversation: Conversation, now: dt.datetime) -> None:
        who = conversation.citizen_ref
        if turn.consent is not None or turn.report is not None:
            store.touch(self.engine, who, now)  # WeChat's 48 hours, counted from here at the latest
        if isinstance(turn.state.pending, FollowupOffer) and turn.verdict:
            item = turn.state.pending.item
            region = self._region(item)
            store.offer(
                self.engine,
                channel=conversation.channel,
                conversation_id=conversation.conversation_id,
                citizen_ref=who,
                item=item,
                region=region,
                checklist=turn.replies[-1].text,
                now=now,
            )
        if turn.consent is not None:
            store.answer_offer(self.engine, who, turn.consent, now)
        if turn.withdraw:
            store.withdraw(self.engine, who)
        if turn.report is not None:
            self._report(turn.report, turn.state, conversation, now)

    def _report(self, report: Report, state: State, conversation: Conversation, now: dt.datetime) -> None:
        followup = store.latest_followup(self.engine, conversation.citizen_ref, now)
        item = item_of(state) or (followup["item"] if followup else None) or "unknown"
        checklist = followup["checklist"] if followup and followup["item"] == item else ""
        store.record_outcome(
            self.engine,
            channel=conversation.channel,
            citizen_ref=conversation.citizen_ref,
            item=item,
            region=self._region(item),
            report=report,
            checklist=checklist,
            listed=listed(report, item, checklist, self.catalogue),
            followup_id=followup["id"] if followup and followup["item"] == item else None,
            now=now,
        )

    def _region(self, item: str) -> str:
        service = self.catalogue.services.get(item)
        if service:
            return service.region
        event = self.catalogue.events.get(item.removeprefix(EVENT_ITEM))
        return event.region if event else ""
