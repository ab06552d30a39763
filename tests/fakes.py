"""Local fakes of outside services, over real HTTP on loopback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from scripts.ports import free_port as free_port  # the tests take their ports from here


class JsonHandler(BaseHTTPRequestHandler):
    """What every fake answers with: JSON, and no request log on stderr."""

    def _answer(self, payload: Any, status: int = 200) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A fake on a free loopback port, in a thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@dataclass
class FakeTwilioApi:
    url: str = ""
    sent: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def fake_twilio() -> Iterator[FakeTwilioApi]:
    """Twilio's Messages API: records each SMS, answers 201 like Twilio."""
    fake = FakeTwilioApi()

    class Handler(JsonHandler):
        def do_POST(self) -> None:
            form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
            fake.sent.append({key: values[0] for key, values in form.items()})
            self._answer({"sid": "SM1", "status": "queued"}, 201)

    with serving(Handler) as url:
        fake.url = url
        yield fake


@dataclass
class FakeWeChatApi:
    url: str = ""
    sent: list[dict[str, Any]] = field(default_factory=list)
    token_fetches: int = 0
    expire_next_token: bool = False  # answer the next send with 40001 (expired token) once
    fail_sends: bool = False  # answer every send with an error (e.g. the 48-hour window closed)


@contextmanager
def fake_wechat_api() -> Iterator[FakeWeChatApi]:
    """WeChat's access-token and customer-service message API: records each message sent."""
    fake = FakeWeChatApi()

    class Handler(JsonHandler):
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
            if fake.fail_sends:
                self._answer({"errcode": 45015, "errmsg": "response out of time limit"})
                return
            fake.sent.append({"token": token, **body})
            self._answer({"errcode": 0, "errmsg": "ok"})

    with serving(Handler) as url:
        fake.url = url + "/cgi-bin/"
        yield fake


@dataclass
class FakeRasa:
    """Conversations as Rasa's tracker store holds them: id -> events, oldest first."""

    token: str
    url: str = ""
    conversations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refused: int = 0  # requests without the right token


@contextmanager
def fake_rasa(token: str = "rasa-test-token") -> Iterator[FakeRasa]:
    """Rasa's HTTP API (--enable-api --auth-token): GET .../tracker, POST .../tracker/events."""
    fake = FakeRasa(token=token)
    lock = threading.Lock()

    class Handler(JsonHandler):
        def _route(self) -> tuple[str, str] | None:
            """(conversation id, 'tracker' or 'events'), or None after answering an error."""
            url = urlparse(self.path)
            if parse_qs(url.query).get("token", [""])[0] != fake.token:
                fake.refused += 1
                self._answer({"status": "failure", "reason": "NotAuthenticated"}, 401)
                return None
            parts = url.path.strip("/").split("/")
            if len(parts) == 3 and parts[0] == "conversations" and parts[2] == "tracker":
                return unquote(parts[1]), "tracker"
            if len(parts) == 4 and parts[0] == "conversations" and parts[2:] == ["tracker", "events"]:
                return unquote(parts[1]), "events"
            self._answer({"status": "failure", "reason": "NotFound"}, 404)
            return None

        def do_GET(self) -> None:
            route = self._route()
            if route is not None:
                with lock:
                    events = list(fake.conversations.get(route[0], []))
                self._answer({"sender_id": route[0], "events": events})

        def do_POST(self) -> None:
            route = self._route()
            if route is None:
                return
            events = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"[]")
            events = events if isinstance(events, list) else [events]
            with lock:
                stored = fake.conversations.setdefault(route[0], [])
                stored.extend({"timestamp": time.time(), **event} for event in events)
            self._answer({"sender_id": route[0], "events": None})

    with serving(Handler) as url:
        fake.url = url
        yield fake
