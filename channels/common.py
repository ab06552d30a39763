"""What the project's input channels share: settings from the environment, asking the bot.

How a message flows through each channel: docs/architecture.md."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import SlotSet

from bot import runtime
from bot.catalogue.schema import Catalogue
from bot.handover.context import context_of
from bot.handover.model import Context
from bot.privacy import mask_pii
from bot.settings import Settings
from bot.state import from_slots
from channels import (
    action_response,  # noqa: F401 (validates the action server's responses at lower cost)
    graph_runner,  # noqa: F401 (runs the prediction graph without dask's scheduler)
    long_conversations,  # noqa: F401 (the rule policy and the action server read a conversation's last turns)
)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Ask = Callable[[str, str], Awaitable[list[dict[str, Any]]]]  # (sender id, text) -> bot messages


class ConfiguredChannel(InputChannel):  # type: ignore[misc]
    """A channel configured by bot.settings (the environment), not by credentials.yml."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ConfiguredChannel:
        return cls(runtime.settings())

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def asker(self, on_new_message: OnNewMessage) -> Ask:
        """Hand one message to Rasa and collect everything the bot says back. The text is masked
        first: the tracker store, and everything after it, never sees an ID or phone number."""

        async def ask(sender_id: str, text: str) -> list[dict[str, Any]]:
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(mask_pii(text), collector, sender_id, input_channel=self.name()))
            return list(collector.messages)

        return ask


async def conversation_context(agent: Any, catalogue: Catalogue | None, sender_id: str) -> Context:
    """Where the conversation stood (services, materials, answers), read from the tracker store,
    for a handover a channel opens itself; empty when either is unavailable."""
    store = getattr(agent, "tracker_store", None)
    if store is None or catalogue is None:
        return Context()
    try:
        tracker = await store.retrieve(sender_id)
    except Exception:  # a handover without context beats no handover; the store logs its own error
        return Context()
    if tracker is None:
        return Context()
    discussed = [str(e.value) for e in tracker.events if isinstance(e, SlotSet) and e.key == "service_id" and e.value]
    return context_of(catalogue, from_slots(tracker.current_slot_values()), discussed)
