"""Start the console as it runs in production (`python -m console`, a real port) against a
throwaway database, a fake Rasa and a fake WeChat API; and a small HTTP client that keeps the
session cookie itself (the cookie is Secure, and the test talks plain HTTP on loopback)."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
SECRET = "console-test-secret-not-for-production"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def console_env(database_url: str, port: int, rasa_url: str, rasa_token: str, wechat_url: str | None) -> dict[str, str]:
    """Only what the console reads, so nothing from the developer's shell leaks into a test."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update(
        DATABASE_URL=database_url,
        CONSOLE_PORT=str(port),
        CONSOLE_SECRET_KEY=SECRET,
        RASA_URL=rasa_url,
        RASA_TOKEN=rasa_token,
        PYTHONUNBUFFERED="1",
    )
    if wechat_url:
        env.update(WECHAT_APPID="wx0123456789abcdef", WECHAT_SECRET="wechat-test-secret", WECHAT_API_BASE=wechat_url)
    return env


def add_account(env: dict[str, str], name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console.accounts", "add", name, "--password-stdin"],
        input=password + "\n",
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@dataclass
class RunningConsole:
    url: str
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_console(env: dict[str, str], log: Path) -> Iterator[RunningConsole]:
    port = int(env["CONSOLE_PORT"])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "console"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"console exited with {process.returncode}:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"console did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield RunningConsole(f"http://127.0.0.1:{port}", port, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    set_cookies: list[str]
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Client:
    """Plain HTTP with cookies kept by hand; no redirects followed, so tests see them."""

    url: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        host, _, port = self.url.removeprefix("http://").partition(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=15)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, quote(path, safe="/?&=%:+"), body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            set_cookies = response.headers.get_all("Set-Cookie") or []
            reply = Reply(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                set_cookies,
                raw.decode("utf-8", errors="replace"),
            )
        finally:
            connection.close()
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str] | None = None, csrf: bool = True) -> Reply:
        fields = dict(form or {})
        if csrf and "csrf" not in fields:
            fields["csrf"] = self.csrf()
        return self.request("POST", path, fields)

    def csrf(self) -> str:
        match = _CSRF.search(self.get("/" if "onetrip_console" in self.cookies else "/login").body)
        assert match, "no CSRF field on the page"
        return match.group(1)

    def login(self, user: str, password: str, next_url: str = "/") -> Reply:
        token = self.csrf()
        return self.request("POST", "/login", {"csrf": token, "username": user, "password": password, "next": next_url})
