"""The Rasa input channel for WeChat: routes under /webhooks/wechat/, thin over `endpoint`.

Enabled in credentials.yml as `channels.wechat.channel.WeChatInput`; configuration comes from
bot.settings (WECHAT_TOKEN, WECHAT_APPID, WECHAT_SECRET, WECHAT_AES_KEY, REDIS_URL).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import runtime
from bot.handover.store import forget_citizen, open_conversation
from bot.privacy import sender_ref
from bot.settings import Settings
from channels.common import ConfiguredChannel, OnNewMessage
from channels.redis_clients import redis_client
from channels.tracker_store import delete_conversation
from channels.wechat.customer_service import CustomerService
from channels.wechat.dedupe import RedisSeenStore, SeenStore, SqlSeenStore
from channels.wechat.endpoint import Response, Unavailable, WeChatEndpoint

logger = logging.getLogger(__name__)


def seen_store(settings: Settings, engine: Engine) -> SeenStore:
    if settings.redis_url:
        return RedisSeenStore(redis_client(settings.redis_url))
    return SqlSeenStore(engine)


class WeChatInput(ConfiguredChannel):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("wechat_webhook", __name__)
        settings = self.settings
        wechat = settings.wechat
        state: dict[str, Any] = {}
        engine = runtime.engine(settings.database_url)  # the process's pool (bot.runtime)
        ask = self.asker(on_new_message)

        async def forget(openid: str) -> None:
            """Unsubscribed: delete the conversation and every record about this citizen."""
            citizen = sender_ref(openid, settings.sender_hash_key)
            tracker_store = getattr(state.get("agent"), "tracker_store", None)
            try:
                await asyncio.to_thread(delete_conversation, tracker_store, openid)
                await asyncio.to_thread(forget_citizen, engine, citizen)
            except SQLAlchemyError:
                logger.exception("could not delete the data of %s after unsubscribe", citizen)
            else:
                logger.info("unsubscribed: data of %s deleted", citizen)

        async def silenced(openid: str) -> bool:
            """An operator owns this conversation (console: assigned): the bot says nothing."""
            try:
                return await asyncio.to_thread(open_conversation, engine, openid) is not None
            except SQLAlchemyError as exc:
                logger.error(
                    "database unavailable, holding reply to %s: %s", sender_ref(openid, settings.sender_hash_key), exc
                )
                raise Unavailable from exc

        sender = CustomerService(wechat, settings.redis_url).send if wechat.can_send else None
        endpoint = WeChatEndpoint(
            wechat,
            seen_store(settings, engine),
            ask,
            sender,
            forget,
            settings.sender_hash_key,
            silenced,
        )
        if endpoint.development:
            logger.warning(
                "WeChat channel in development mode: no WECHAT_TOKEN set, using the random token %s for this run; "
                "no customer-service API (replies only within 5 s).",
                endpoint.token,
            )

        def http(result: Response) -> HTTPResponse:
            return response.text(result.body, status=result.status, content_type=result.content_type)

        def arguments(request: Request) -> dict[str, str]:
            return {key: values[0] for key, values in request.args.items() if values}

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return http(endpoint.verify(arguments(request)))

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            state.setdefault("agent", getattr(request.app.ctx, "agent", None))
            return http(await endpoint.receive(arguments(request), request.body or b""))

        return webhook
