"""Redis clients for what several server processes share. They give up quickly when Redis is
down, so a citizen gets a holding reply instead of a request that hangs past the channel's
deadline; redis-py reconnects by itself once Redis is back."""

from __future__ import annotations

import redis
import redis.asyncio

CONNECT_SECONDS = 2.0
READ_SECONDS = 5.0


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=READ_SECONDS)


def async_redis_client(url: str, longest_wait: float) -> redis.asyncio.Redis:
    """`longest_wait`: the longest blocking command this client sends (a BLPOP's timeout)."""
    return redis.asyncio.Redis.from_url(
        url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=longest_wait + READ_SECONDS
    )
