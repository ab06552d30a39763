"""Where a call's state lives between Twilio's webhooks: this process's memory by default, Redis
when REDIS_URL is set, so that any of several Rasa processes can take the next webhook of a call.

A call is held under a lock while one webhook is processed (a repeat of the same request waits,
then finds the stored answer) and saved when the webhook is done. A slow answer from the bot is
delivered under the step it was asked at; whichever process Twilio comes back to collects it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from redis.asyncio import Redis

from channels.hotline.states import Asking, Listening, OfferingSms, Reading, State

CALL_IDLE_SECONDS = 3600  # a call silent this long is over (its status callback was lost)
LOCK_SECONDS = 30  # longer than one webhook can take (bot budget + a handover record)
LOCK_WAIT_SECONDS = 12  # a repeat waits this long for the first request; Twilio gives up at 15

Messages = list[dict[str, Any]]


@dataclass
class Call:
    caller: str
    step: int = 0
    state: State = field(default_factory=Listening)  # where the call flow stands (flow.py)
    asked: list[str] = field(default_factory=list)  # what the caller said, masked, for the operator
    answers: dict[int, str] = field(default_factory=dict)  # step -> TwiML sent

    def to_json(self) -> str:
        state = {"name": type(self.state).__name__, **asdict(self.state)}
        return json.dumps({**asdict(self), "state": state}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Call:
        fields = json.loads(raw)
        fields["answers"] = {int(step): twiml for step, twiml in fields["answers"].items()}
        fields["state"] = _state_of(fields["state"])
        return cls(**fields)


_STATES: dict[str, type[State]] = {kind.__name__: kind for kind in (Listening, Reading, OfferingSms, Asking)}


def _state_of(saved: dict[str, Any]) -> State:
    """JSON has no tuples: a list field (the parts still to read) becomes a tuple again."""
    kind = _STATES[saved.pop("name")]
    fields: dict[str, Any] = {name: tuple(value) if isinstance(value, list) else value for name, value in saved.items()}
    return kind(**fields)


@dataclass(frozen=True)
class Answer:
    """The bot's messages for one question; `failed` when the bot raised instead."""

    messages: Messages
    failed: bool = False


class CallStore(Protocol):
    def hold(self, sid: str, caller: str) -> AbstractAsyncContextManager[Call]:
        """The call (new if unknown), saved on a normal exit."""

    async def forget(self, sid: str) -> None: ...

    async def deliver(self, sid: str, step: int, answer: Answer) -> None: ...

    async def collect(self, sid: str, step: int, timeout: float) -> Answer | None:
        """The answer to the question asked at `step`, waiting up to `timeout` seconds for it."""


class MemoryCalls:
    """One process: state in a dict, locks and pending answers as asyncio objects."""

    def __init__(self) -> None:
        self._calls: dict[str, tuple[str, float]] = {}  # sid -> (call JSON, last webhook)
        self._locks: dict[str, asyncio.Lock] = {}
        self._answers: dict[tuple[str, int], asyncio.Future[Answer]] = {}

    @asynccontextmanager
    async def hold(self, sid: str, caller: str) -> AsyncIterator[Call]:
        self._forget_idle()
        async with self._locks.setdefault(sid, asyncio.Lock()):
            saved = self._calls.get(sid)
            call = Call.from_json(saved[0]) if saved else Call(caller=caller)
            yield call
            self._calls[sid] = (call.to_json(), time.monotonic())

    def _forget_idle(self) -> None:
        now = time.monotonic()
        for sid in [sid for sid, (_, seen) in self._calls.items() if now - seen > CALL_IDLE_SECONDS]:
            self._drop(sid)

    def _drop(self, sid: str) -> None:
        self._calls.pop(sid, None)
        lock = self._locks.get(sid)
        if lock is not None and not lock.locked():
            del self._locks[sid]
        for key in [key for key in self._answers if key[0] == sid]:
            self._answers.pop(key).cancel()

    async def forget(self, sid: str) -> None:
        self._drop(sid)

    def _future(self, sid: str, step: int) -> asyncio.Future[Answer]:
        return self._answers.setdefault((sid, step), asyncio.get_running_loop().create_future())

    async def deliver(self, sid: str, step: int, answer: Answer) -> None:
        future = self._future(sid, step)
        if not future.done():
            future.set_result(answer)

    async def collect(self, sid: str, step: int, timeout: float) -> Answer | None:
        future = self._future(sid, step)
        try:
            answer = await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            return None
        self._answers.pop((sid, step), None)
        return answer


class RedisCalls:
    """Several processes: the call as JSON under a key that expires when the call goes silent, a
    Redis lock per call, and each slow answer pushed to a list the collecting process pops."""

    def __init__(self, client: Redis) -> None:
        self._client = client

    @staticmethod
    def _key(sid: str) -> str:
        return f"onetrip:hotline:call:{sid}"

    @asynccontextmanager
    async def hold(self, sid: str, caller: str) -> AsyncIterator[Call]:
        key = self._key(sid)
        async with self._client.lock(f"{key}:lock", timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS):
            saved = await self._client.get(key)
            call = Call.from_json(saved) if saved else Call(caller=caller)
            yield call
            await self._client.set(key, call.to_json(), ex=CALL_IDLE_SECONDS)

    async def forget(self, sid: str) -> None:
        await self._client.delete(self._key(sid))

    async def deliver(self, sid: str, step: int, answer: Answer) -> None:
        key = f"{self._key(sid)}:answer:{step}"
        payload = json.dumps({"messages": answer.messages, "failed": answer.failed}, ensure_ascii=False)
        await self._client.rpush(key, payload)
        await self._client.expire(key, CALL_IDLE_SECONDS)

    async def collect(self, sid: str, step: int, timeout: float) -> Answer | None:
        popped = await self._client.blpop([f"{self._key(sid)}:answer:{step}"], timeout=max(timeout, 0.01))
        if popped is None:
            return None
        fields = json.loads(popped[1])
        return Answer(fields["messages"], fields["failed"])
