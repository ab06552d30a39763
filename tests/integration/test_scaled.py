"""The scaled mode as `make scaled` starts it: two Rasa processes and two action servers behind
nginx, conversations in PostgreSQL, locks and channel state in Redis (both started here, so that
the tests can stop them). A conversation moves between the processes mid-way; PostgreSQL or
Redis going away gives holding replies, and the conversation goes on when they are back, with no
restart of the assistant.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from channels.wechat.endpoint import BOT_FAILED, HOLDING
from scripts import postgres_redis_nginx
from tests.conftest import require
from tests.fakes import free_port
from tests.integration.test_running_assistant import (
    PUBLIC,
    TWILIO_TOKEN,
    WECHAT_TOKEN,
    run_script,
    say,
    text_push,
    texts,
    twilio,
    wechat,
)

pytestmark = pytest.mark.integration

PUBLIC_PORT = free_port()
FIRST, SECOND = PUBLIC_PORT + 1, PUBLIC_PORT + 2  # the Rasa processes behind nginx (scripts/run.py)
ACTION_PORT, CONSOLE_PORT = free_port(), free_port()


@dataclass
class State:
    """PostgreSQL and Redis of the scaled mode, which a test can stop and start again."""

    folder: Path
    postgres_port: int
    redis_port: int
    postgres: subprocess.Popen[bytes] | None = None
    redis: subprocess.Popen[bytes] | None = None

    def start_postgres(self) -> None:
        self.postgres = postgres_redis_nginx.start_postgres(self.folder / "postgres", self.postgres_port, durable=False)

    def start_redis(self) -> None:
        self.redis = postgres_redis_nginx.start_redis(self.folder / "redis", self.redis_port, durable=False)

    @staticmethod
    def stop(process: subprocess.Popen[bytes] | None) -> None:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def state() -> Iterator[State]:
    if shutil.which("redis-server") is None or (shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists()):
        require("needs redis-server, nginx and PostgreSQL: scripts/test-services.sh installs them")
    folder = Path(tempfile.mkdtemp(prefix="onetrip-scaled-"))
    folder.chmod(0o755)  # PostgreSQL runs as `postgres` when we are root
    state = State(folder, free_port(), free_port())
    state.start_postgres()
    state.start_redis()
    yield state
    state.stop(state.postgres)
    state.stop(state.redis)
    shutil.rmtree(state.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def scaled(state: State) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "RASA_PORT": str(PUBLIC_PORT),
        "ACTION_PORT": str(ACTION_PORT),
        "CONSOLE_PORT": str(CONSOLE_PORT),
        "RASA_PROCESSES": "2",
        "DATABASE_URL": postgres_redis_nginx.postgres_url(state.folder / "postgres", state.postgres_port),
        "REDIS_URL": f"redis://127.0.0.1:{state.redis_port}/0",
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "HOTLINE_PUBLIC_URL": PUBLIC,
        "HOTLINE_OPERATOR_NUMBER": "+8657100000000",
        "OFFICE_HOURS": "0-24",
        "OFFICE_DAYS": "1-7",  # always open: the transfer is tested, not the clock
    }
    for unset in ("WECHAT_APPID", "WECHAT_SECRET"):
        env.pop(unset, None)
    ports = [PUBLIC_PORT, FIRST, SECOND, CONSOLE_PORT]
    with run_script(["--scaled"], env, ports, start_seconds=300, stop_seconds=90) as process:
        yield process


def eventually(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    return False


def choose_replacement(citizen: str, port: int) -> str:
    """Asks about an ID card at `port`; the payload of the 补领 option."""
    asked = say(citizen, "办身份证要带什么？", port=port)
    assert "您要办理的是哪一项" in texts(asked)
    return str(next(b["payload"] for b in asked[0]["buttons"] if "补领" in b["title"]))


def test_a_rest_conversation_moves_between_processes(scaled: object) -> None:
    citizen = f"scaled-{uuid.uuid4().hex}"
    replacement = choose_replacement(citizen, FIRST)
    assert texts(say(citizen, replacement, port=SECOND)).startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert "工本费" in texts(say(citizen, "那要多少钱？", port=PUBLIC_PORT))  # through nginx


def test_wechat_choices_and_retries_are_shared_by_the_processes(scaled: object) -> None:
    openid = f"o_{uuid.uuid4().hex}"
    status, shown = wechat("POST", text_push(openid, "办身份证要带什么？"), port=FIRST)
    assert status == 200 and "1. 居民身份证补领（遗失）" in shown
    chosen = text_push(openid, "1")
    status, answer = wechat("POST", chosen, port=SECOND)  # the other process showed the choice: the tracker has it
    assert status == 200 and "【居民身份证补领（遗失）】需要准备的材料" in answer
    assert wechat("POST", chosen, port=FIRST) == (200, "success")  # WeChat's retry, at the other process


def test_a_call_moves_between_processes(scaled: object) -> None:
    call = {"CallSid": f"CA{uuid.uuid4().hex}", "From": "+8613812345678"}
    assert 'language="zh-CN"' in twilio("/webhooks/hotline/voice", call, port=FIRST)[1]
    asked = {**call, "SpeechResult": "身份证丢了要带什么"}
    status, answer = twilio("/webhooks/hotline/gather?step=1", asked, port=SECOND)
    assert status == 200 and "办居民身份证补领" in answer and "要带" in answer  # the answer made for the ear
    assert twilio("/webhooks/hotline/gather?step=1", asked, port=FIRST) == (200, answer)  # a repeat: same TwiML
    assert "第1样" in twilio("/webhooks/hotline/gather?step=2", {**call, "SpeechResult": "继续"}, port=FIRST)[1]


def test_without_redis_citizens_hear_an_apology_and_it_recovers(scaled: object, state: State) -> None:
    state.stop(state.redis)
    try:
        citizen = f"scaled-{uuid.uuid4().hex}"
        assert "抱歉" in texts(say(citizen, "办护照要带什么", port=PUBLIC_PORT))
        status, body = wechat("POST", text_push(f"o_{uuid.uuid4().hex}", "办护照要带什么"), port=PUBLIC_PORT)
        assert status == 200 and BOT_FAILED in body
        call = {"CallSid": f"CA{uuid.uuid4().hex}", "From": "+8613812345678"}
        status, fallback = twilio("/webhooks/hotline/voice", call, port=PUBLIC_PORT)
        assert status == 200 and "抱歉" in fallback and "<Dial" in fallback
    finally:
        state.start_redis()
    assert eventually(lambda: "普通护照" in texts(say(f"scaled-{uuid.uuid4().hex}", "办护照要带什么", PUBLIC_PORT)))


def test_without_postgresql_citizens_are_held_and_the_conversation_resumes(scaled: object, state: State) -> None:
    citizen = f"scaled-{uuid.uuid4().hex}"
    replacement = choose_replacement(citizen, PUBLIC_PORT)  # the pending choice is in PostgreSQL
    state.stop(state.postgres)
    try:
        status, body = wechat("POST", text_push(f"o_{uuid.uuid4().hex}", "办护照要带什么"), port=PUBLIC_PORT)
        assert status == 200 and HOLDING in body
        assert texts(say(f"scaled-{uuid.uuid4().hex}", "你好", port=FIRST)).strip()  # an answer, never a 5xx
    finally:
        state.start_postgres()

    def answers_at(port: int) -> Callable[[], bool]:
        return lambda: bool(texts(say(f"scaled-{uuid.uuid4().hex}", "你好", port=port)).strip())

    assert all(eventually(answers_at(port)) for port in (FIRST, SECOND))  # each process meets the new database
    answer = texts(say(citizen, replacement, port=SECOND))
    assert answer.startswith("【居民身份证补领（遗失）】需要准备的材料")  # where it was before the outage
