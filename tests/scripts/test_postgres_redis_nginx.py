"""The scaled mode's load balancer with Debian's nginx in front of two stand-in Rasa processes:
requests are spread over both, the forwarded headers are what the hotline's signature check
reads, and a process that is down is passed over."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from scripts import postgres_redis_nginx
from tests.conftest import require
from tests.fakes import JsonHandler, free_port, serving


class Process(JsonHandler):
    """Answers with its own port and the headers nginx passed on."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(
            {
                "port": self.connection.getsockname()[1],
                "forwarded": [self.headers.get("X-Forwarded-Proto"), self.headers.get("X-Forwarded-Host")],
            }
        )


def post(port: int) -> dict[str, object]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", b"{}", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.loads(response.read()))


@pytest.fixture
def balanced(tmp_path: Path) -> Iterator[tuple[int, list[int], ExitStack]]:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        require("nginx not installed (scripts/test-services.sh installs it)")
    with ExitStack() as processes:
        first = processes.enter_context(serving(Process))
        second_stack = ExitStack()
        second = second_stack.enter_context(serving(Process))
        ports = [int(url.rsplit(":", 1)[1]) for url in (first, second)]
        public = free_port()
        nginx = postgres_redis_nginx.start_nginx(tmp_path / "nginx", public, ports, free_port(), [free_port()])
        processes.callback(nginx.wait, 10)
        processes.callback(nginx.terminate)
        yield public, ports, second_stack
        second_stack.close()


def test_requests_are_spread_over_the_processes_with_forwarded_headers(balanced) -> None:
    public, ports, _ = balanced
    answers = [post(public) for _ in range(6)]
    assert {a["port"] for a in answers} == set(ports)
    assert answers[0]["forwarded"] == ["http", f"127.0.0.1:{public}"]


def test_a_process_that_is_down_is_passed_over(balanced) -> None:
    public, ports, second = balanced
    second.close()  # the second process stops listening
    assert {post(public)["port"] for _ in range(6)} == {ports[0]}
