"""The customer-service message API (客服消息): how a reply reaches the citizen when it was not
ready within WeChat's 5 seconds, or did not fit one passive reply.

wechatpy's client is synchronous, so every call runs in a thread, off the event loop. It caches
the access token (in Redis when configured) and, on an expired-token error, fetches a new one
and retries once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from requests import RequestException
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatException

from bot.settings import WeChatSettings
from channels.redis_clients import redis_client
from channels.wechat.protocol import split_text

logger = logging.getLogger(__name__)


class _Client(WeChatClient):  # type: ignore[misc]
    """wechatpy's client with the token URL under the configurable API base (a local fake in tests)."""

    def fetch_access_token(self) -> Any:
        params = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        return self._fetch_access_token(url=self.API_BASE_URL + "token", params=params)


class CustomerService:
    def __init__(self, settings: WeChatSettings, redis_url: str | None = None) -> None:
        """With REDIS_URL the access token is kept in Redis, shared by every process (each
        fetch of a new token invalidates the old one at WeChat, so processes must not race)."""
        session = None
        if redis_url:
            from wechatpy.session.redisstorage import RedisStorage

            session = RedisStorage(redis_client(redis_url), prefix="onetrip:wechat")
        self._client = _Client(settings.app_id, settings.secret, session=session, timeout=5)
        self._client.API_BASE_URL = settings.api_base

    def create_menu(self, menu: dict[str, Any]) -> None:
        self._client.menu.create(menu)

    async def send(self, openid: str, text: str, citizen: str) -> bool:
        """Send `text` in pieces WeChat accepts; False (and a log line naming the pseudonym) on failure."""
        for piece in split_text(text):
            try:
                await asyncio.to_thread(self._client.message.send_text, openid, piece)
            except (WeChatException, RequestException) as exc:
                logger.error("customer-service send to %s failed: %s", citizen, exc.__class__.__name__)
                return False
        return True
