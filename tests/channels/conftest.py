"""Local fakes of WeChat's customer-service API and Twilio's Messages API, over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeTwilioApi, FakeWeChatApi, fake_twilio, fake_wechat_api


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    with fake_wechat_api() as fake:
        yield fake


@pytest.fixture
def twilio_api() -> Iterator[FakeTwilioApi]:
    with fake_twilio() as fake:
        yield fake
