"""What the project's input channels share: settings from the environment, asking the bot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage

from bot.settings import Settings, load_settings

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Ask = Callable[[str, str], Awaitable[list[dict[str, Any]]]]  # (sender id, text) -> bot messages


class ConfiguredChannel(InputChannel):  # type: ignore[misc]
    """A channel configured by bot.settings (the environment), not by credentials.yml."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ConfiguredChannel:
        return cls(load_settings())

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def asker(self, on_new_message: OnNewMessage) -> Ask:
        """Hand one message to Rasa and collect everything the bot says back."""

        async def ask(sender_id: str, text: str) -> list[dict[str, Any]]:
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, sender_id, input_channel=self.name()))
            return list(collector.messages)

        return ask
