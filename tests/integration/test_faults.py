"""Faults injected into the running parts: the action server down and back, the Rasa server
restarted mid-conversation. Both servers as `make run` starts them, on their own ports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.settings import PROJECT_ROOT
from tests.fakes import free_port
from tests.integration.test_running_assistant import port_open, texts

pytestmark = pytest.mark.integration
RASA = str(Path(sys.executable).parent / "rasa")
WECHAT_DEADLINE = 5.0


class Stack:
    """The Rasa server and the action server as separate processes, so either can be killed."""

    def __init__(self) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        self.env = {**os.environ, "ACTION_PORT": str(self.action_port), "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
        self.rasa: subprocess.Popen[bytes] | None = None
        self.actions: subprocess.Popen[bytes] | None = None

    def _start(self, command: list[str], port: int) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 240
        while not port_open(port):
            assert process.poll() is None and time.monotonic() < deadline, f"{command[:3]} did not start"
            time.sleep(0.5)
        return process

    def start_rasa(self) -> None:
        command = [RASA, "run", "--model", "models/onetrip.tar.gz", "--port", str(self.rasa_port)]
        self.rasa = self._start(
            [*command, "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"], self.rasa_port
        )

    def start_actions(self) -> None:
        command = [RASA, "run", "actions", "--actions", "actions", "--port", str(self.action_port)]
        self.actions = self._start(command, self.action_port)

    @staticmethod
    def stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGINT) -> None:
        if process and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    def say(self, sender: str, message: str) -> tuple[list[dict[str, Any]], float]:
        body = json.dumps({"sender": sender, "message": message}).encode()
        url = f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"
        started = time.monotonic()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            return list(json.loads(response.read())), time.monotonic() - started


@pytest.fixture
def stack() -> Iterator[Stack]:
    running = Stack()
    yield running
    running.stop(running.rasa)
    running.stop(running.actions)


def test_without_the_action_server_the_citizen_gets_an_apology_and_the_way_to_a_person(stack: Stack) -> None:
    stack.start_rasa()  # the action server is down (never started)
    citizen = f"fault-{uuid.uuid4().hex}"
    replies, seconds = stack.say(citizen, "办护照要带什么")
    assert "抱歉" in texts(replies) and "转人工" in texts(replies) and seconds < WECHAT_DEADLINE
    stack.start_actions()  # back: the same conversation goes on
    replies, _ = stack.say(citizen, "办护照要带什么")
    assert texts(replies).startswith("【普通护照申领】需要准备的材料")


def test_the_action_server_killed_mid_conversation_then_restarted(stack: Stack) -> None:
    stack.start_actions()
    stack.start_rasa()
    citizen = f"fault-{uuid.uuid4().hex}"
    assert "【普通护照申领】" in texts(stack.say(citizen, "办护照要带什么")[0])
    stack.stop(stack.actions, signal.SIGKILL)
    replies, seconds = stack.say(citizen, "那要多少钱")
    assert "转人工" in texts(replies) and seconds < WECHAT_DEADLINE
    stack.start_actions()
    assert "【普通护照申领】收费" in texts(stack.say(citizen, "那要多少钱")[0])  # the service is still known


def test_a_restarted_rasa_server_resumes_the_conversation_where_it_was(stack: Stack) -> None:
    stack.start_actions()
    stack.start_rasa()
    citizen = f"fault-{uuid.uuid4().hex}"
    asked = stack.say(citizen, "办身份证要带什么")[0]
    assert asked[0]["buttons"]  # which one? 换领 or 补领
    replacement = next(b["payload"] for b in asked[0]["buttons"] if "补领" in b["title"])
    stack.stop(stack.rasa)
    stack.start_rasa()
    answer = texts(stack.say(citizen, replacement)[0])  # the pending choice survived the restart
    assert answer.startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert answer.count("【居民身份证补领（遗失）】") == 1  # answered once, not twice
