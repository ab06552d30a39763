"""What the fuzz tests share: hypothesis settings, text strategies, the "no traceback" check, and
a Sanic app served in-process on a loopback port (without sanic-testing, which breaks the pins)."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, currently_in_test_context, event, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from sanic import Blueprint, Sanic

from bot.db import make_engine
from bot.handover import tables
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
# Failing examples are replayed first on the next run; var/ is not in git.
_DATABASE = DirectoryBasedExampleDatabase(str(ROOT / "var" / "hypothesis"))


def fuzz(max_examples: int = 100) -> settings:
    """100 to 200 examples per property: the whole fuzz run takes about half a minute."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=_DATABASE,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Characters an XML document may hold (no C0 controls, surrogates or non-characters).
XML_CHAR = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"))
xml_text = st.text(XML_CHAR, max_size=200)
# Huge values are cheap to build by repetition; st.text(min_size=100_000) is not.
huge_text = st.builds(
    lambda unit, n: unit * n, st.sampled_from(["办", "a", "😀", "9", " ", "<", "&"]), st.integers(1, 70_000)
)
any_text = st.one_of(st.text(max_size=100), huge_text, st.sampled_from(["", "²", "١٢٣", "-1", "9" * 5000, "1e309"]))


def count(what: str) -> None:
    """A hypothesis event, when inside a property (plain tests share the helpers)."""
    if currently_in_test_context():
        event(what)


def assert_no_traceback(status: int, body: str | bytes) -> None:
    """The property everywhere; the status is also counted (pytest --hypothesis-show-statistics)."""
    count(f"status {status}")
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    assert status < 500, f"status {status}: {text[:500]}"
    assert "Traceback" not in text and 'File "' not in text, text[:2000]


# -- a Sanic app on a loopback port, served by a thread with its own event loop ----------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Served:
    host: str
    port: int

    def request(
        self, method: str, target: str, body: bytes | None = None, headers: dict[str, str | bytes] | None = None
    ) -> Reply:
        """`target` is sent as given (already quoted); header values may be raw bytes; a Host
        header given replaces the one http.client would send."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        own_host = any(name.lower() == "host" for name in headers or {})
        try:
            connection.putrequest(method, target, skip_host=own_host, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()


@contextmanager
def serving(*blueprints: tuple[Blueprint, str]) -> Iterator[Served]:
    """The blueprints (with their URL prefixes) on a fresh Sanic app, as Rasa would mount them."""
    # Sanic 21.12 rewrites Sanic.handle_request when an app starts, and fails doing it a second
    # time in one process unless in test mode (what sanic-testing sets; it changes nothing else
    # that these tests touch).
    Sanic.test_mode = True
    app = Sanic(f"fuzz_{uuid.uuid4().hex}")
    for blueprint, prefix in blueprints:
        app.blueprint(blueprint, url_prefix=prefix)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(100)
    port = int(sock.getsockname()[1])
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def start() -> None:
            # Any: sanic's AsyncioServer methods carry no annotations
            server: Any = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
            assert server is not None
            await server.startup()
            await server.before_start()
            await server.after_start()
            await server.start_serving()
            holder["server"] = server

        try:
            loop.run_until_complete(start())
        finally:
            started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30) and "server" in holder, "the in-process Sanic server did not start"
    try:
        yield Served("127.0.0.1", port)
    finally:

        async def stop() -> None:
            server = holder["server"]
            await server.before_stop()
            server.close()
            await server.wait_closed()
            await server.after_stop()
            loop.stop()

        asyncio.run_coroutine_threadsafe(stop(), loop)
        thread.join(10)
        sock.close()


def channel_settings(directory: Path, env: dict[str, str]) -> Settings:
    """Settings for a channel blueprint under fuzzing: its own SQLite database (with the handover
    tables the channel reads) and a fixed pseudonym key, plus the channel's own variables."""
    database_url = f"sqlite:///{directory / 'onetrip.db'}"
    tables.create_tables(make_engine(database_url))
    return load_settings({"DATABASE_URL": database_url, "ONETRIP_SECRET_KEY": "fuzz-secret", **env})
