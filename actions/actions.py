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
from bot.assistant import CHECK, Assistant, State, Turn
from bot.catalogue.store import CatalogueNotLoaded
from bot.handover.requests import FollowupRequest, Reason, record_request
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


def state_of(tracker: Tracker) -> State:
    return State(
        service_id=tracker.get_slot("service_id"),
        held=list(tracker.get_slot("held_materials") or []),
        answers=dict(tracker.get_slot("situation_answers") or {}),
        pending=tracker.get_slot("pending") or None,
    )


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")[:MAX_ANALYSED_CHARS]


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def deliver(turn: Turn, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    for reply in turn.replies:
        buttons = [{"title": title, "payload": payload} for title, payload in reply.buttons]
        dispatcher.utter_message(text=reply.text, buttons=buttons or None)
    if turn.followup is Reason.ASKED_FOR_PERSON:
        # Channels that can connect a person now (the hotline) act on this; others ignore it.
        dispatcher.utter_message(json_message={"handover": turn.followup.value})
    if turn.followup:
        citizen = sender_ref(tracker.sender_id, runtime.settings().sender_hash_key)
        request = FollowupRequest(
            channel=tracker.get_latest_input_channel() or "unknown",
            citizen_ref=citizen,
            reason=turn.followup,
            text=text_of(tracker),
            service_id=turn.service_id,
        )
        try:
            record_request(runtime.engine(), request)
            logger.info("follow-up request recorded: %s %s", citizen, turn.followup.value)
        except SQLAlchemyError:
            logger.exception("could not record follow-up request for %s", citizen)
    state = turn.state
    return [
        SlotSet("service_id", state.service_id),
        SlotSet("held_materials", state.held),
        SlotSet("situation_answers", state.answers),
        SlotSet("pending", state.pending),
    ]


APOLOGY = "抱歉，系统暂时无法查询服务目录，请稍后再试，或拨打12345政务服务便民热线。"


class OneTripAction(Action, ABC):
    """Runs `respond` and turns a catalogue or database failure into an apology, never silence."""

    @abstractmethod
    def respond(self, assistant: Assistant, tracker: Tracker) -> Turn:
        """What to say, from the assistant; `run` delivers it."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            turn = self.respond(runtime.assistant(), tracker)
        except (CatalogueNotLoaded, SQLAlchemyError):
            logger.exception("%s: catalogue unavailable", self.name())
            dispatcher.utter_message(text=APOLOGY)
            return []
        return deliver(turn, tracker, dispatcher)


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
        return assistant.human(text_of(tracker), state_of(tracker))
