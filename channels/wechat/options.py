"""The numbered options a citizen was last shown, so that a reply of "2" chooses the second.

This process's memory by default; Redis when REDIS_URL is set, so that the citizen's "2" can be
read by another server process than the one that showed the options.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Protocol

from redis import Redis, RedisError

logger = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000  # in memory: the most recent citizens' options
KEEP_SECONDS = 48 * 3600  # WeChat lets us answer for 48 hours; options older than that are stale


class OptionMemory(Protocol):
    def remember(self, openid: str, payloads: list[str]) -> None: ...

    def take(self, openid: str) -> list[str]:
        """The payloads shown last (forgotten now: a number answers them once); [] if none."""


class MemoryOptions:
    def __init__(self) -> None:
        self._options: OrderedDict[str, list[str]] = OrderedDict()

    def remember(self, openid: str, payloads: list[str]) -> None:
        self._options[openid] = payloads
        self._options.move_to_end(openid)
        while len(self._options) > MAX_REMEMBERED:
            self._options.popitem(last=False)

    def take(self, openid: str) -> list[str]:
        return self._options.pop(openid, [])


class RedisOptions:
    """Without Redis a number is read as text (the bot asks again): logged, never a failure."""

    def __init__(self, client: Redis) -> None:
        self._client = client

    @staticmethod
    def _key(openid: str) -> str:
        return f"onetrip:wechat:options:{openid}"

    def remember(self, openid: str, payloads: list[str]) -> None:
        try:
            self._client.set(self._key(openid), json.dumps(payloads, ensure_ascii=False), ex=KEEP_SECONDS)
        except RedisError:
            logger.exception("could not keep the options shown (Redis)")

    def take(self, openid: str) -> list[str]:
        try:
            with self._client.pipeline() as pipe:
                saved, _ = pipe.get(self._key(openid)).delete(self._key(openid)).execute()
        except RedisError:
            logger.exception("could not read the options shown (Redis)")
            return []
        return [str(p) for p in json.loads(saved)] if saved else []
