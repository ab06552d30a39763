"""When what the console depends on fails: Rasa down (pages still render, actions say 503),
the database broken (a clear 503), the port taken (one line, exit 2). Never a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.handover import store
from tests.console.conftest import ID_NUMBER, PASSWORD, USER, Deployment
from tests.console.harness import (
    ROOT,
    Client,
    RunningConsole,
    add_account,
    console_env,
    running_console,
)
from tests.fakes import free_port


@pytest.fixture(scope="module")
def without_rasa(deployment: Deployment) -> Iterator[RunningConsole]:
    """A second console on the same database whose Rasa URL points at a closed port."""
    env = console_env(deployment.database_url, free_port(), f"http://127.0.0.1:{free_port()}", "t", None)
    with running_console(env, deployment.tmp / "without-rasa.log") as console:
        yield console


def signed_in(url: str) -> Client:
    client = Client(url)
    assert client.login(USER, PASSWORD).status == 303
    return client


def test_pages_still_render_when_rasa_is_down(deployment: Deployment, without_rasa: RunningConsole) -> None:
    client = signed_in(without_rasa.url)
    handover = deployment.ids["hotline"]
    detail = client.get(f"/handovers/{handover}")
    assert detail.status == 200 and "对话记录暂时无法读取" in detail.body and "想办的事" in detail.body
    search = client.get("/?q=身份证")
    assert search.status == 200 and "对话记录暂时无法读取" in search.body
    export = client.get(f"/handovers/{handover}/export.txt")
    assert export.status == 200 and "对话记录暂时无法读取" in export.body
    question = client.get(f"/unanswered/{deployment.ids['question']}")
    assert question.status == 200 and "对话记录暂时无法读取" in question.body and ID_NUMBER not in question.body


def test_actions_that_need_rasa_answer_503_and_change_nothing(
    deployment: Deployment, without_rasa: RunningConsole
) -> None:
    client = signed_in(without_rasa.url)
    handover = deployment.ids["untouched"]
    for action, form in (("assign", {}), ("resolve", {"outcome": "已处理"})):
        reply = client.post(f"/handovers/{handover}/{action}", form)
        assert reply.status == 503 and "对话服务暂时无法连接" in reply.body and "Traceback" not in reply.body
    record = store.get_handover(deployment.engine, handover)
    assert record is not None and record["status"] == "new" and record["assignee"] is None


def test_a_broken_database_is_a_clear_503(deployment: Deployment) -> None:
    database = deployment.tmp / "broken.db"
    env = console_env(f"sqlite:///{database}", free_port(), deployment.rasa.url, deployment.rasa.token, None)
    assert add_account(env, USER, PASSWORD).returncode == 0
    with running_console(env, deployment.tmp / "broken.log") as console:
        client = signed_in(console.url)
        with sqlite3.connect(database) as conn:
            conn.execute("DROP TABLE ratings")
            conn.execute("DROP TABLE handovers")
        for path in ("/", "/handovers/1", "/review"):
            reply = client.get(path)
            assert reply.status == 503 and "数据库暂时无法访问" in reply.body and "DROP" not in reply.body
        api = client.get("/api/handovers")
        assert api.status == 503 and "数据库" in api.body
        assert "Traceback" not in console.log_text()


def test_a_taken_port_is_one_clear_line(deployment: Deployment) -> None:
    env = console_env(deployment.database_url, deployment.console.port, deployment.rasa.url, "t", None)
    result = subprocess.run(
        [sys.executable, "-m", "console"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and f"port {deployment.console.port}" in result.stderr
