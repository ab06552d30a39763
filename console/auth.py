"""Operator sign-in: scrypt password hashes, signed session cookies carrying a CSRF token, and a
throttle against password guessing.

A session lives entirely in its cookie (payload + HMAC under the console key), so there is no
session table to clean up and a restart keeps operators signed in; the price is that a cookie
cannot be revoked before it expires, which is why sessions last one working day (8 h) and the
app also checks on every request that the account still exists.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.privacy import local_key
from bot.settings import PROJECT_ROOT, ConsoleSettings

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
SESSION_SECONDS = 8 * 3600
SESSION_COOKIE = "onetrip_console"
_KEY_FILE = PROJECT_ROOT / "var" / "console.key"


# -- passwords ---------------------------------------------------------------------------------


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN)


def hash_password(password: str) -> str:
    """'scrypt$<salt hex>$<hash hex>': a fresh salt each time, so equal passwords differ."""
    salt = secrets.token_bytes(16)
    return f"scrypt${salt.hex()}${_scrypt(password, salt).hex()}"


def verify_password(password: str, stored: str) -> bool:
    """False for a wrong password and for anything that is not one of our hashes."""
    scheme, _, rest = stored.partition("$")
    salt_hex, _, hash_hex = rest.partition("$")
    try:
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError:
        return False
    if scheme != "scrypt" or not salt or not expected:
        return False
    return hmac.compare_digest(_scrypt(password, salt), expected)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Checked against when the user does not exist, so both failures take the same time."""
    return hash_password(secrets.token_urlsafe(16))


# -- the signing key ---------------------------------------------------------------------------


def console_key(settings: ConsoleSettings, path: Path = _KEY_FILE) -> bytes:
    """Without CONSOLE_SECRET_KEY: a random key made once per installation (var/, not in git),
    in its own file: rotating it must not change the citizens' pseudonyms (bot.privacy's key)."""
    return settings.secret or local_key(path)


# -- sessions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    user: str
    exp: int  # Unix time
    csrf: str


def new_session(user: str, now: float | None = None) -> Session:
    issued = int(time.time() if now is None else now)
    return Session(user=user, exp=issued + SESSION_SECONDS, csrf=secrets.token_urlsafe(24))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, key: bytes) -> str:
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def encode_session(session: Session, key: bytes) -> str:
    payload = _b64(json.dumps({"user": session.user, "exp": session.exp, "csrf": session.csrf}).encode("utf-8"))
    return f"{payload}.{_sign(payload, key)}"


def decode_session(token: str, key: bytes, now: float | None = None) -> Session | None:
    """None for a cookie that was altered, signed with another key, malformed or expired."""
    payload, _, signature = token.rpartition(".")
    if not payload or not payload.isascii() or not hmac.compare_digest(_sign(payload, key), signature):
        return None
    try:
        data = json.loads(_unb64(payload))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    user, exp, csrf = data.get("user"), data.get("exp"), data.get("csrf")
    if not (isinstance(user, str) and user and isinstance(exp, int) and isinstance(csrf, str) and csrf):
        return None
    if exp <= (time.time() if now is None else now):
        return None
    return Session(user=user, exp=exp, csrf=csrf)


def csrf_ok(expected: str, submitted: str | None) -> bool:
    return bool(expected) and submitted is not None and hmac.compare_digest(expected.encode(), submitted.encode())


# -- throttle ----------------------------------------------------------------------------------


class LoginThrottle:
    """After `limit` failed sign-ins for one user name within `window` seconds, refuse that name
    until the oldest failure ages out. In memory: one console process, and a restart forgetting
    the count costs an attacker a restart they cannot trigger."""

    MAX_NAMES = 10_000  # a flood of invented names must not grow memory without bound

    def __init__(self, limit: int = 5, window: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, user: str) -> deque[float]:
        now = self._clock()
        failures = self._failures.get(user, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            self._failures.pop(user, None)
        return failures

    def blocked(self, user: str) -> bool:
        return len(self._recent(user)) >= self.limit

    def failed(self, user: str) -> None:
        if len(self._failures) >= self.MAX_NAMES:
            for name in list(self._failures):
                self._recent(name)
            while len(self._failures) >= self.MAX_NAMES:
                del self._failures[next(iter(self._failures))]
        failures = self._recent(user)
        failures.append(self._clock())
        self._failures[user] = failures

    def succeeded(self, user: str) -> None:
        self._failures.pop(user, None)
