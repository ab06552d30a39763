"""Both dedupe stores against real servers: SQLite, and a redis-server the test starts itself."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from bot.db import make_engine
from channels.wechat.dedupe import RedisSeenStore, SeenStore, SqlSeenStore


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def redis_client() -> Iterator[redis.Redis]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed (make test installs it: scripts/test-services.sh)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield client
    server.terminate()
    server.wait(timeout=10)


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
