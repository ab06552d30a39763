"""The custom actions named in domain.yml.

Each reads the conversation state from slots (bot.state), asks `bot.assistant` what to say, lets
the handover desk (bot.handover.desk) record what people must follow up, and writes the state back
with the turn's signal for the channels (bot.signal). A turn's whole path: docs/architecture.md.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import runtime
from bot.assistant import Assistant, Turn
from bot.catalogue.store import CatalogueNotLoaded
from bot.handover.desk import Conversation, HandoverDesk
from bot.handover.model import Reason
from bot.intents import Intent, aspect_of
from bot.privacy import sender_ref
from bot.signal import Signal
from bot.state import Aspect, FollowupOffer, State, WhichService, from_slots, to_slots
from bot.text import MAX_ANALYSED_CHARS

logger = logging.getLogger(__name__)


def state_of(tracker: Tracker) -> State:
    return from_slots(tracker.current_slot_values())


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")[:MAX_ANALYSED_CHARS]


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def asked_of(tracker: Tracker) -> str:
    """What the citizen last said in their own words: a menu entry or a hotline key comes as an
    "/intent" payload, which tells an operator nothing."""
    said = (str(e.get("text") or "") for e in reversed(tracker.events) if e.get("event") == "user")
    return next((text for text in said if text.strip() and not text.startswith("/")), "")[:MAX_ANALYSED_CHARS]


def services_discussed(tracker: Tracker) -> list[str]:
    return [
        str(e["value"])
        for e in tracker.events
        if e.get("event") == "slot" and e.get("name") == "service_id" and e.get("value")
    ]


def conversation_of(tracker: Tracker) -> Conversation:
    return Conversation(
        channel=tracker.get_latest_input_channel() or "unknown",
        conversation_id=tracker.sender_id,
        citizen_ref=sender_ref(tracker.sender_id, runtime.settings().sender_hash_key),
        text=text_of(tracker),
        asked=asked_of(tracker),
        understood=intent_of(tracker) != Intent.FALLBACK,
        state=state_of(tracker),
        discussed=services_discussed(tracker),
    )


def deliver(turn: Turn, tracker: Tracker, dispatcher: CollectingDispatcher, desk: HandoverDesk) -> list[EventType]:
    conversation = conversation_of(tracker)
    decision = desk.after(turn, conversation)
    runtime.outcome_desk().after(turn, conversation)
    for i, reply in enumerate(turn.replies):
        buttons = [{"title": title, "payload": payload} for title, payload in reply.buttons]
        text = "\n".join([reply.text, *decision.said]) if i == len(turn.replies) - 1 else reply.text
        dispatcher.utter_message(text=text, buttons=buttons or None)
    # for the ear only when every reply has its spoken form: half a spoken turn would drop the rest
    spoken = [part for reply in turn.replies for part in reply.spoken] if all(r.spoken for r in turn.replies) else []
    offers = turn.verdict and isinstance(turn.state.pending, FollowupOffer)  # as the outcome desk reads it
    dispatcher.utter_message(json_message=Signal(turn.kind, decision.handover, tuple(spoken), offers).to_custom())
    # only what changed: every event is read back from the tracker store on every later message
    return [SlotSet(name, value) for name, value in to_slots(turn.state).items() if tracker.get_slot(name) != value]


APOLOGY = "抱歉，系统暂时无法查询服务目录，请稍后再试，或拨打12345政务服务便民热线。"


class OneTripAction(Action, ABC):
    """Runs `respond` and turns a catalogue or database failure into an apology, never silence."""

    counts_misses = False  # only the not-understood answer keeps the count of misses in a row

    @abstractmethod
    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        """What to say, from the assistant; `run` delivers it."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            assistant = runtime.assistant()
            turn = self.respond(assistant, tracker)
            desk = runtime.handover_desk()
        except (CatalogueNotLoaded, SQLAlchemyError):
            logger.exception("%s: catalogue unavailable", self.name())
            dispatcher.utter_message(text=APOLOGY)
            return []
        if not self.counts_misses:
            turn.state.misses = 0
        return deliver(turn, tracker, dispatcher, desk)


class ActionAnswerService(OneTripAction):
    def name(self) -> str:
        return "action_answer_service"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        return assistant.answer(aspect_of(intent_of(tracker)), text_of(tracker), state_of(tracker))


class ActionCheckMaterials(OneTripAction):
    def name(self) -> str:
        return "action_check_materials"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        state = state_of(tracker)
        if isinstance(state.pending, WhichService):
            return assistant.answer(Aspect.CHECK, text_of(tracker), state)
        return assistant.check(text_of(tracker), state)


class ActionReplyToPending(OneTripAction):
    def name(self) -> str:
        return "action_reply_to_pending"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        yes = {Intent.AFFIRM.value: True, Intent.DENY.value: False}.get(intent_of(tracker))
        state = state_of(tracker)
        if state.pending is None and yes is not None:  # perhaps the answer to our follow-up question
            citizen = sender_ref(tracker.sender_id, runtime.settings().sender_hash_key)
            if runtime.outcome_desk().asked_lately(citizen):
                return assistant.answer_followup(yes, state)
        return assistant.reply_to_pending(text_of(tracker), yes, state)


class ActionOutOfScope(OneTripAction):
    """Out of scope and the NLU fallback (after components.catalogue_interpreter had its say)."""

    counts_misses = True

    def name(self) -> str:
        return "action_out_of_scope"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        if intent_of(tracker) == Intent.FALLBACK:
            return assistant.not_understood(text_of(tracker), state_of(tracker))
        return assistant.out_of_scope(text_of(tracker), state_of(tracker))


class ActionRequestHuman(OneTripAction):
    def name(self) -> str:
        return "action_request_human"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        reason = Reason.COMPLAINT if intent_of(tracker) == Intent.COMPLAIN else Reason.ASKED_FOR_PERSON
        return assistant.human(text_of(tracker), state_of(tracker), reason)


class ActionGoodbye(OneTripAction):
    def name(self) -> str:
        return "action_goodbye"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        return assistant.goodbye(state_of(tracker))


class ActionReportOutcome(OneTripAction):
    """How it went at the office ("跑了两次，缺结婚证复印件"), or "不用问了" (bot/outcomes)."""

    def name(self) -> str:
        return "action_report_outcome"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        return assistant.report(text_of(tracker), state_of(tracker))


class ActionCapabilities(OneTripAction):
    def name(self) -> str:
        return "action_capabilities"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        return assistant.capabilities(state_of(tracker))
