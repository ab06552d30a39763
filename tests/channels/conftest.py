"""A local fake of WeChat's customer-service API, over real HTTP on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.fakes import FakeTwilioApi, fake_twilio


@dataclass
class FakeWeChatApi:
    url: str = ""
    sent: list[dict[str, Any]] = field(default_factory=list)
    token_fetches: int = 0
    expire_next_token: bool = False  # answer the next send with 40001 (expired token) once


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    fake = FakeWeChatApi()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if urlparse(self.path).path.endswith("/token"):
                fake.token_fetches += 1
                self._answer({"access_token": f"T{fake.token_fetches}", "expires_in": 7200})
            else:
                self._answer({"errcode": 404})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            token = parse_qs(urlparse(self.path).query).get("access_token", [""])[0]
            if fake.expire_next_token:
                fake.expire_next_token = False
                self._answer({"errcode": 40001, "errmsg": "invalid credential"})
                return
            fake.sent.append({"token": token, **body})
            self._answer({"errcode": 0, "errmsg": "ok"})

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}/cgi-bin/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()


@pytest.fixture
def twilio_api() -> Iterator[FakeTwilioApi]:
    with fake_twilio() as fake:
        yield fake
