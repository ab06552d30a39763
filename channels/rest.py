"""Rasa's REST channel with the citizen's text masked before it reaches the tracker store, and
an apology instead of an empty answer when the bot said nothing (its action server down).

A conversation an operator owns is paused in Rasa and says nothing on purpose: no apology then.
"""

from __future__ import annotations

import asyncio
import logging

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request
from sqlalchemy.exc import SQLAlchemyError

from bot import runtime
from bot.handover.store import open_conversation
from bot.privacy import mask_pii
from channels.common import OnNewMessage

logger = logging.getLogger(__name__)

BOT_FAILED = "抱歉，系统暂时出了点问题，请稍后再试；如需人工帮助，请回复“转人工”，或拨打12345政务服务便民热线。"


class MaskedRestInput(RestInput):  # type: ignore[misc]
    """Same URL and replies as `rest` (/webhooks/rest/webhook)."""

    def _extract_message(self, req: Request) -> str | None:
        text = super()._extract_message(req)
        return mask_pii(text) if isinstance(text, str) else text

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        engine = runtime.engine()

        def owned(sender_id: str) -> bool:
            try:
                return open_conversation(engine, sender_id) is not None
            except SQLAlchemyError:
                return False

        async def never_silent(message: UserMessage) -> None:
            try:
                await on_new_message(message)  # Rasa's handler logs what it raises and answers the collected
            finally:
                collector = message.output_channel
                said_nothing = isinstance(collector, CollectingOutputChannel) and not collector.messages
                if said_nothing and not await asyncio.to_thread(owned, message.sender_id):
                    logger.warning("the bot said nothing (is the action server down?): answered with an apology")
                    await collector.send_text_message(message.sender_id, BOT_FAILED)

        webhook: Blueprint = super().blueprint(never_silent)
        return webhook
