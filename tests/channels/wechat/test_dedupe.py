"""Both dedupe stores against real servers: SQLite, and a redis-server the test starts itself."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.db import make_engine
from channels.wechat.dedupe import RedisSeenStore, SeenStore, SqlSeenStore


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path) -> SeenStore:
    if request.param == "sqlite":
        return SqlSeenStore(make_engine(f"sqlite:///{tmp_path / 'seen.db'}"))
    client = request.getfixturevalue("redis_client")
    client.flushall()
    return RedisSeenStore(client)


def test_first_time_only_once(store: SeenStore) -> None:
    assert store.first_time("msg:1") is True
    assert store.first_time("msg:1") is False
    assert store.first_time("msg:2") is True


def test_concurrent_retries_are_let_through_once(store: SeenStore) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(store.first_time, ["msg:race"] * 16))
    assert results.count(True) == 1
