"""The assistant as `make run` starts it: both servers, the trained model, REST on loopback.

Needs the trained model, so `make test` runs it after training (`make integration`).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration
RASA_PORT, ACTION_PORT = 15005, 15055


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def running() -> Iterator[None]:
    env = {**os.environ, "RASA_PORT": str(RASA_PORT), "ACTION_PORT": str(ACTION_PORT)}
    process = subprocess.Popen(
        [sys.executable, "scripts/run.py"],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while not (port_open(RASA_PORT) and port_open(ACTION_PORT)):
        assert process.poll() is None, "scripts/run.py exited before the servers came up"
        assert time.monotonic() < deadline, "servers did not come up within 240 s"
        time.sleep(1)
    yield
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    assert process.wait(timeout=60) == 0
    assert not port_open(RASA_PORT) and not port_open(ACTION_PORT)


def say(sender: str, message: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return list(json.loads(response.read()))


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_a_whole_conversation(running: None) -> None:
    assert "一次办助手" in texts(say("it-1", "你好"))
    asked = say("it-1", "办身份证要带什么？")
    assert "您要办理的是哪一项" in texts(asked) and asked[0]["buttons"]
    replacement = next(b["payload"] for b in asked[0]["buttons"] if "补领" in b["title"])
    assert texts(say("it-1", replacement)).startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert "工本费" in texts(say("it-1", "那要多少钱？"))
    checked = texts(say("it-1", "我有身份证和户口本"))
    assert "【居民身份证补领（遗失）】" in checked
    assert "工作人员" in texts(say("it-1", "转人工"))


@pytest.mark.parametrize("message", ["", "😀😀", "what is the weather", "辦護照要帶什麼", "身份证" * 3000])
def test_bad_input_gets_a_reply(running: None, message: str) -> None:
    assert texts(say("it-2", message)).strip()
