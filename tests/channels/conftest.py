"""A local fake of Twilio's Messages API, over real HTTP on loopback, and a real redis-server
started by the tests (WeChat's fake API: wechat/conftest.py)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

from tests.conftest import require
from tests.fakes import FakeTwilioApi, fake_twilio, free_port

BACKGROUND_SECONDS = 10  # a bound, not a wait: background_work returns as soon as the work is done


async def background_work() -> None:
    """Waits until every task but the test's own is done: what an endpoint left running after
    answering (a late reply, the rest of a long one, a slow answer on its way to the call store)."""
    while others := asyncio.all_tasks() - {asyncio.current_task()}:
        await asyncio.wait_for(asyncio.gather(*others), BACKGROUND_SECONDS)


@pytest.fixture
def twilio_api() -> Iterator[FakeTwilioApi]:
    with fake_twilio() as fake:
        yield fake


@pytest.fixture(scope="module")
def redis_client() -> Iterator[redis.Redis]:
    binary = shutil.which("redis-server")
    if binary is None:
        require("redis-server not installed (scripts/test-services.sh installs it)")
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
