"""Several processes share one WeChat access token through Redis: fetched once, not per process."""

from __future__ import annotations

import redis

from bot.settings import WeChatSettings
from channels.wechat.customer_service import CustomerService
from tests.fakes import FakeWeChatApi


async def test_processes_share_the_access_token_through_redis(
    wechat_api: FakeWeChatApi, redis_client: redis.Redis
) -> None:
    redis_client.flushall()
    url = f"redis://127.0.0.1:{redis_client.connection_pool.connection_kwargs['port']}/0"
    settings = WeChatSettings("token", "wx0123456789abcdef", "secret", None, wechat_api.url)
    first, second = CustomerService(settings, url), CustomerService(settings, url)  # two server processes
    assert await first.send("o_a", "您好", "u-a") and await second.send("o_b", "您好", "u-b")
    assert wechat_api.token_fetches == 1 and [m["token"] for m in wechat_api.sent] == ["T1", "T1"]
