"""A local fake of WeChat's API (access token, customer-service messages, menu), over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeWeChatApi, fake_wechat_api


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    with fake_wechat_api() as fake:
        yield fake
