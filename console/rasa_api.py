"""Rasa's HTTP API (server started with --enable-api --auth-token): the console reads transcripts
from the tracker and appends events to it (pause, resume, an operator's reply, a pending slot).

Transcripts stay in Rasa's tracker store rather than being copied into the handover record, so
deleting a conversation (WeChat unsubscribe) deletes it everywhere at once.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import aiohttp

TIMEOUT_SECONDS = 5.0


class ConversationsUnavailable(Exception):
    """Rasa could not be reached or refused: pages say the transcript cannot be read right now."""


class RasaConversations:
    def __init__(self, url: str, token: str | None, timeout: float = TIMEOUT_SECONDS) -> None:
        self._url = url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def _tracker_url(self, conversation_id: str) -> str:
        return f"{self._url}/conversations/{quote(conversation_id, safe='')}/tracker"

    def _params(self, include_events: str) -> dict[str, str]:
        return {"include_events": include_events, **({"token": self._token} if self._token else {})}

    async def _request(self, method: str, url: str, params: dict[str, str], body: Any = None) -> Any:
        try:
            async with (
                aiohttp.ClientSession(timeout=self._timeout) as session,
                session.request(method, url, params=params, json=body) as response,
            ):
                if not 200 <= response.status < 300:
                    raise ConversationsUnavailable(f"Rasa answered HTTP {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise ConversationsUnavailable(exc.__class__.__name__) from exc

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every event of the conversation, oldest first ([] for one Rasa has never seen)."""
        data = await self._request("GET", self._tracker_url(conversation_id), self._params("ALL"))
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            raise ConversationsUnavailable("Rasa's tracker has no event list")
        return [event for event in events if isinstance(event, dict)]

    async def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        await self._request("POST", self._tracker_url(conversation_id) + "/events", self._params("NONE"), events)
