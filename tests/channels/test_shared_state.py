"""What several Rasa processes must share lives in Redis: a hotline call's state and WeChat's
dedupe. Two endpoints over one Redis stand for two processes behind the load balancer;
a Redis that is down gives a holding reply or a logged fallback, never a crash."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis
import redis.asyncio

from bot.handover.model import Reason
from channels import redis_clients
from channels.hotline import calls as calls_module
from channels.hotline.calls import Answer, CallStore, MemoryCalls, RedisCalls
from channels.hotline.endpoint import HotlineEndpoint
from channels.hotline.flow import HOLD, TO_PERSON
from channels.wechat.dedupe import RedisSeenStore
from tests.channels.conftest import background_work
from tests.channels.hotline.support import CALL, OPEN, SETTINGS, Bot, Callbacks
from tests.channels.wechat.test_endpoint import Bot as WeChatBot
from tests.channels.wechat.test_endpoint import endpoint as wechat_endpoint
from tests.channels.wechat.test_endpoint import push, reply_content, signed_args
from tests.fakes import free_port


def url_of(client: redis.Redis) -> str:
    return f"redis://127.0.0.1:{client.connection_pool.connection_kwargs['port']}/0"


DEAD_REDIS = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


@pytest.fixture
async def shared(redis_client: redis.Redis) -> AsyncIterator[redis.asyncio.Redis]:
    redis_client.flushall()
    client = redis_clients.async_redis_client(url_of(redis_client), calls_module.LOCK_WAIT_SECONDS)
    yield client
    await client.close()


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest, shared: redis.asyncio.Redis) -> CallStore:
    return MemoryCalls() if request.param == "memory" else RedisCalls(shared)


async def test_a_call_is_kept_between_webhooks(store: CallStore) -> None:
    async with store.hold("CA1", "+861") as call:
        call.step, call.answers[1] = 1, "<Response/>"
        call.asked.append("办护照")
    async with store.hold("CA1", "ignored") as again:
        assert (again.caller, again.step, again.answers, again.asked) == ("+861", 1, {1: "<Response/>"}, ["办护照"])
    await store.forget("CA1")
    async with store.hold("CA1", "+862") as fresh:
        assert (fresh.caller, fresh.step, fresh.answers) == ("+862", 0, {})


async def test_a_failed_webhook_leaves_the_call_as_it_was(store: CallStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.hold("CA1", "+861") as call:
            call.step = 5
            raise RuntimeError("the flow failed")
    async with store.hold("CA1", "+861") as call:
        assert call.step == 0


async def test_answers_are_collected_for_the_step_they_were_asked_at(store: CallStore) -> None:
    await store.deliver("CA1", 3, Answer([{"text": "第三步的答案"}]))
    assert await store.collect("CA1", 2, 0.1) is None
    assert await store.collect("CA1", 3, 0.1) == Answer([{"text": "第三步的答案"}])
    assert await store.collect("CA1", 3, 0.1) is None  # collected once


async def test_webhooks_for_one_call_take_turns(store: CallStore) -> None:
    """Five webhooks at once for one call (Twilio repeating a request): one at a time, each
    seeing what the one before it left."""
    inside, most = 0, 0

    async def webhook() -> None:
        nonlocal inside, most
        async with store.hold("CA1", "+861") as call:
            inside += 1
            most = max(most, inside)
            call.step += 1
            await asyncio.sleep(0)  # the others' turn to run: without the lock one would come in now
            inside -= 1

    await asyncio.gather(*(webhook() for _ in range(5)))
    async with store.hold("CA1", "+861") as call:
        assert (call.step, most) == (5, 1)  # no update lost, never two inside


async def test_a_call_whose_status_callback_never_came_is_forgotten_after_an_hour(monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("channels.hotline.calls.time.monotonic", lambda: clock[0])
    store = MemoryCalls()
    async with store.hold("CA1", "+861") as call:
        call.step = 4
    clock[0] += calls_module.CALL_IDLE_SECONDS + 1
    async with store.hold("CA2", "+862"):
        pass
    async with store.hold("CA1", "+861") as call:
        assert call.step == 0


def two_processes(bot: Bot, client: redis.asyncio.Redis) -> tuple[HotlineEndpoint, HotlineEndpoint, Callbacks]:
    callbacks = Callbacks()

    def process() -> HotlineEndpoint:
        return HotlineEndpoint(
            SETTINGS, bot.ask, callbacks.record, [], budget=0.3, now=lambda: OPEN, calls=RedisCalls(client)
        )

    return process(), process(), callbacks


async def test_a_slow_answer_asked_in_one_process_is_read_out_by_another(shared: redis.asyncio.Redis) -> None:
    bot = Bot()
    bot.release.clear()  # slower than any budget until the test sets it
    first, second, _ = two_processes(bot, shared)
    await first.incoming(CALL)
    assert HOLD in await first.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    bot.release.set()
    await background_work()  # the first process has put the answer in Redis
    answer = await second.gather(CALL, 2)  # Twilio came back, to the other process
    assert "材料1" in answer and bot.asked == ["办护照要带什么"]
    assert await first.gather(CALL, 2) == answer  # a repeat, at the first process: same TwiML, not asked again
    assert bot.asked == ["办护照要带什么"]


async def test_a_question_whose_process_died_ends_with_a_person(shared: redis.asyncio.Redis, monkeypatch) -> None:
    never = Bot()
    never.release.clear()  # never set: the process asking the bot is gone
    first, second, callbacks = two_processes(never, shared)
    await first.incoming(CALL)
    assert HOLD in await first.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert HOLD in await second.gather(CALL, 2)  # still within the give-up time
    wall = time.time() + 120
    monkeypatch.setattr("channels.hotline.endpoint.time.time", lambda: wall)
    assert TO_PERSON in await second.gather(CALL, 3)
    assert callbacks.reasons == [Reason.SYSTEM_ERROR]


async def test_without_redis_the_hotline_fails_loudly_for_the_fallback() -> None:
    """The channel turns any failure into the fallback TwiML (an apology and a person)."""
    client = redis_clients.async_redis_client(DEAD_REDIS, 1)
    hotline = HotlineEndpoint(SETTINGS, Bot().ask, Callbacks().record, [], calls=RedisCalls(client))
    with pytest.raises(redis.ConnectionError):
        await hotline.incoming(CALL)
    await client.close()


BUTTONS: list[dict[str, Any]] = [
    {
        "text": "请问是否代办？",
        "buttons": [{"title": "是", "payload": "/affirm"}, {"title": "不是", "payload": "/deny"}],
    }
]


async def test_without_redis_wechat_still_answers(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    dead = redis_clients.redis_client(DEAD_REDIS)
    bot = WeChatBot(replies=BUTTONS)
    hook = wechat_endpoint(tmp_path, bot, seen=RedisSeenStore(dead))
    shown = await hook.receive(signed_args(), push(Content="我有身份证", msg_id="1"))
    assert reply_content(shown.body).startswith("请问是否代办？")
    chosen = await hook.receive(signed_args(), push(Content="2", msg_id="2"))
    assert chosen.status == 200 and bot.asked[-1] == ("o_citizen", "2")  # read as text: the bot asks again
    assert RedisSeenStore(dead).first_time("msg-1") is True  # unknown: handled rather than dropped
    assert "Redis" in caplog.text
