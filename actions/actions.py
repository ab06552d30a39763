"""The custom actions named in domain.yml.

Each reads the conversation state from slots, asks `bot.assistant` what to say, and writes the
state back. Requests a person must follow up are recorded here, with the citizen's id hashed.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from bot import answers
from bot.assistant import CHECK, Assistant, State, Turn
from bot.catalogue.store import CatalogueNotLoaded
from bot.handover.records import NewHandover, Reason, open_handover, queue_position, record_rating, record_unanswered
from bot.handover.summary import context_of
from bot.intents import FALLBACK
from bot.privacy import sender_ref
from bot.text import MAX_ANALYSED_CHARS

logger = logging.getLogger(__name__)

ASPECT_OF_INTENT = {
    "ask_service": "overview",
    "ask_materials": "materials",
    "ask_conditions": "conditions",
    "ask_fee": "fees",
    "ask_time_limit": "time_limit",
    "ask_location": "location",
    "ask_online": "online",
}
# Handovers a person should pick up now (the hotline transfers the call on this message).
CONNECT_NOW = {Reason.ASKED_FOR_PERSON, Reason.NOT_UNDERSTOOD, Reason.COMPLAINT}


def state_of(tracker: Tracker) -> State:
    return State(
        service_id=tracker.get_slot("service_id"),
        held=list(tracker.get_slot("held_materials") or []),
        answers=dict(tracker.get_slot("situation_answers") or {}),
        pending=tracker.get_slot("pending") or None,
        misses=int(tracker.get_slot("misses") or 0),
    )


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")[:MAX_ANALYSED_CHARS]


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def services_discussed(tracker: Tracker) -> list[str]:
    return [
        str(e["value"])
        for e in tracker.events
        if e.get("event") == "slot" and e.get("name") == "service_id" and e.get("value")
    ]


def _record(tracker: Tracker, turn: Turn, assistant: Assistant) -> list[str]:
    """Store what a person or a maintainer needs from this turn; returns texts to add to the reply."""
    settings = runtime.settings()
    engine = runtime.engine()
    citizen = sender_ref(tracker.sender_id, settings.sender_hash_key)
    channel = tracker.get_latest_input_channel() or "unknown"
    said: list[str] = []
    if turn.rating is not None:
        handover = (state_of(tracker).pending or {}).get("handover")
        record_rating(engine, channel, citizen, turn.rating, handover)
    if intent_of(tracker) == FALLBACK and not turn.followup and text_of(tracker).strip():  # empty: nothing to learn
        record_unanswered(engine, channel, tracker.sender_id, citizen, Reason.NOT_UNDERSTOOD, text_of(tracker))
    if turn.followup:
        if turn.followup in (Reason.NOT_IN_CATALOGUE, Reason.NOT_UNDERSTOOD):
            record_unanswered(engine, channel, tracker.sender_id, citizen, turn.followup, text_of(tracker))
        slots = {name: tracker.get_slot(name) for name in ("service_id", "held_materials", "situation_answers")}
        context = context_of(assistant.catalogue, slots, services_discussed(tracker))
        new = NewHandover(channel, tracker.sender_id, citizen, turn.followup, text_of(tracker), context)
        handover_id, created = open_handover(engine, new)
        logger.info(
            "handover %d %s for %s (%s)", handover_id, "opened" if created else "updated", citizen, new.reason.value
        )
        if turn.followup in CONNECT_NOW:
            said.append(
                answers.next_steps_text(
                    queue_position(engine, handover_id), runtime.office_open(), settings.office_hours
                )
            )
    return said


def deliver(turn: Turn, tracker: Tracker, dispatcher: CollectingDispatcher, assistant: Assistant) -> list[EventType]:
    try:
        extra = _record(tracker, turn, assistant)
    except SQLAlchemyError:
        logger.exception(
            "could not record the turn of %s", sender_ref(tracker.sender_id, runtime.settings().sender_hash_key)
        )
        extra = [f"如需人工帮助，请拨打{answers.GENERAL_HOTLINE}。"] if turn.followup in CONNECT_NOW else []
    for i, reply in enumerate(turn.replies):
        buttons = [{"title": title, "payload": payload} for title, payload in reply.buttons]
        text = "\n".join([reply.text, *extra]) if i == len(turn.replies) - 1 else reply.text
        dispatcher.utter_message(text=text, buttons=buttons or None)
    if turn.followup in CONNECT_NOW:
        # Channels that can connect a person now (the hotline) act on this; others ignore it.
        dispatcher.utter_message(json_message={"handover": turn.followup.value})
    state = turn.state
    return [
        SlotSet("service_id", state.service_id),
        SlotSet("held_materials", state.held),
        SlotSet("situation_answers", state.answers),
        SlotSet("pending", state.pending),
        SlotSet("misses", state.misses),
    ]


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
        except (CatalogueNotLoaded, SQLAlchemyError):
            logger.exception("%s: catalogue unavailable", self.name())
            dispatcher.utter_message(text=APOLOGY)
            return []
        if not self.counts_misses:
            turn.state.misses = 0
        return deliver(turn, tracker, dispatcher, assistant)


class ActionAnswerService(OneTripAction):
    def name(self) -> str:
        return "action_answer_service"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        aspect = ASPECT_OF_INTENT.get(intent_of(tracker), "overview")
        return assistant.answer(aspect, text_of(tracker), state_of(tracker))


class ActionCheckMaterials(OneTripAction):
    def name(self) -> str:
        return "action_check_materials"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        state = state_of(tracker)
        if state.pending and state.pending.get("kind") == "which":
            return assistant.answer(CHECK, text_of(tracker), state)
        return assistant.check(text_of(tracker), state)


class ActionReplyToPending(OneTripAction):
    def name(self) -> str:
        return "action_reply_to_pending"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        yes = {"affirm": True, "deny": False}.get(intent_of(tracker))
        return assistant.reply_to_pending(text_of(tracker), yes, state_of(tracker))


class ActionOutOfScope(OneTripAction):
    """Out of scope and the NLU fallback (after components.catalogue_interpreter had its say)."""

    counts_misses = True

    def name(self) -> str:
        return "action_out_of_scope"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        if intent_of(tracker) == FALLBACK:
            return assistant.not_understood(text_of(tracker), state_of(tracker))
        return assistant.out_of_scope(text_of(tracker), state_of(tracker))


class ActionRequestHuman(OneTripAction):
    def name(self) -> str:
        return "action_request_human"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        reason = Reason.COMPLAINT if intent_of(tracker) == "complain" else Reason.ASKED_FOR_PERSON
        return assistant.human(text_of(tracker), state_of(tracker), reason)


class ActionGoodbye(OneTripAction):
    def name(self) -> str:
        return "action_goodbye"

    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        return assistant.goodbye(state_of(tracker))
