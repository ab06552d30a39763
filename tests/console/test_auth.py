"""Passwords, signed sessions, CSRF tokens and the sign-in throttle, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConsoleSettings
from console.auth import (
    SESSION_SECONDS,
    LoginThrottle,
    Session,
    console_key,
    csrf_ok,
    decode_session,
    encode_session,
    hash_password,
    new_session,
    verify_password,
)

KEY = b"k" * 32


def test_a_password_hash_is_salted_scrypt() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    scheme, salt, digest = first.split("$")
    assert scheme == "scrypt" and len(bytes.fromhex(salt)) == 16 and len(digest) == 64
    assert first != second  # a fresh salt each time
    assert verify_password("correct horse", first) and verify_password("correct horse", second)
    assert not verify_password("correct horse!", first)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$zz$00", "bcrypt$00$00", "scrypt$$", "scrypt$00"])
def test_anything_but_our_hash_never_verifies(stored: str) -> None:
    assert not verify_password("", stored) and not verify_password("x", stored)


def test_a_session_survives_the_round_trip() -> None:
    session = new_session("operator1", now=1000)
    assert session.exp == 1000 + SESSION_SECONDS and len(session.csrf) >= 24
    assert decode_session(encode_session(session, KEY), KEY, now=1001) == session


def test_a_tampered_cookie_is_refused() -> None:
    token = encode_session(new_session("operator1"), KEY)
    payload, signature = token.split(".")
    forged = encode_session(Session("admin", 2**40, "x"), b"guessed key").split(".")[0]
    assert decode_session(f"{forged}.{signature}", KEY) is None
    flipped = signature[:-1] + ("1" if signature[-1] == "0" else "0")
    assert decode_session(f"{payload}.{flipped}", KEY) is None
    assert decode_session(token, b"another key") is None
    for garbage in ("", ".", "abc", "abc.def", "é.é", token + "x"):
        assert decode_session(garbage, KEY) is None


def test_an_expired_cookie_is_refused() -> None:
    token = encode_session(new_session("operator1", now=1000), KEY)
    assert decode_session(token, KEY, now=1000 + SESSION_SECONDS - 1) is not None
    assert decode_session(token, KEY, now=1000 + SESSION_SECONDS) is None


def test_csrf_tokens_compare_exactly() -> None:
    session = new_session("operator1")
    assert csrf_ok(session.csrf, session.csrf)
    assert not csrf_ok(session.csrf, None) and not csrf_ok(session.csrf, "") and not csrf_ok(session.csrf, "x")
    assert not csrf_ok("", "")
    assert new_session("operator1").csrf != session.csrf


def test_the_throttle_blocks_a_name_then_forgets() -> None:
    now = [0.0]
    throttle = LoginThrottle(limit=5, window=600, clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("alice")
    assert not throttle.blocked("alice")
    throttle.failed("alice")
    assert throttle.blocked("alice") and not throttle.blocked("bob")
    now[0] = 601
    assert not throttle.blocked("alice")
    throttle.failed("alice")
    throttle.succeeded("alice")
    assert not throttle.blocked("alice")


def test_the_throttle_stays_bounded() -> None:
    throttle = LoginThrottle(clock=lambda: 0.0)
    throttle.MAX_NAMES = 10
    for i in range(50):
        throttle.failed(f"name{i}")
    assert len(throttle._failures) <= 10


def test_without_a_configured_secret_the_key_is_the_installation_s_own(tmp_path: Path) -> None:
    path = tmp_path / "var" / "console.key"
    key = console_key(ConsoleSettings(8080, None, "", None), path)
    assert len(key) == 32 and path.read_bytes() == key
    assert console_key(ConsoleSettings(8080, b"configured", "", None), path) == b"configured"
