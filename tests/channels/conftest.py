"""Local fakes of WeChat's customer-service API and Twilio's Messages API, over real HTTP on loopback,
and a real redis-server started by the tests."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

from tests.fakes import FakeTwilioApi, FakeWeChatApi, fake_twilio, fake_wechat_api, free_port


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    with fake_wechat_api() as fake:
        yield fake


@pytest.fixture
def twilio_api() -> Iterator[FakeTwilioApi]:
    with fake_twilio() as fake:
        yield fake


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
