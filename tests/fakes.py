"""Local fakes of outside services, over real HTTP on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class FakeTwilioApi:
    url: str = ""
    sent: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def fake_twilio() -> Iterator[FakeTwilioApi]:
    """Twilio's Messages API: records each SMS, answers 201 like Twilio."""
    fake = FakeTwilioApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
            fake.sent.append({key: values[0] for key, values in form.items()})
            body = json.dumps({"sid": "SM1", "status": "queued"}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield fake
    finally:
        server.shutdown()
