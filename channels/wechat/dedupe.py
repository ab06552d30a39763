"""Remembers which pushes were handled, so WeChat's retries are processed and answered once.

SQLite (the project database) by default; Redis when REDIS_URL is set, so that several server
processes share what they have seen.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from redis import Redis, RedisError
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.db import utc_now

logger = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600  # WeChat retries within seconds; a day is plenty

metadata = MetaData()
seen_table = Table(
    "wechat_seen",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("seen_at", DateTime, nullable=False, index=True),
)


class SeenStore(Protocol):
    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered, False for every repeat."""


class SqlSeenStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        metadata.create_all(engine)

    def first_time(self, key: str) -> bool:
        now = utc_now()
        try:
            with self._engine.begin() as conn:
                conn.execute(delete(seen_table).where(seen_table.c.seen_at < now - dt.timedelta(seconds=KEEP_SECONDS)))
                conn.execute(insert(seen_table).values(key=key[:200], seen_at=now))
        except IntegrityError:
            return False
        except SQLAlchemyError:  # the database is down: as with Redis, better twice than never
            logger.exception("could not check whether a push was seen before (database); handling it")
        return True


class RedisSeenStore:
    """Without Redis every push counts as new: a retry may then be answered twice, which is
    better than a citizen's message dropped. Logged, never a failure."""

    def __init__(self, client: Redis) -> None:
        self._client = client

    def first_time(self, key: str) -> bool:
        try:
            return bool(self._client.set(f"onetrip:wechat:seen:{key}", 1, nx=True, ex=KEEP_SECONDS))
        except RedisError:
            logger.exception("could not check whether a push was seen before (Redis); handling it")
            return True
