"""The client of Rasa's HTTP API against a local fake of it."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from console.rasa_api import ConversationsUnavailable, RasaConversations
from tests.fakes import FakeRasa, fake_rasa


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    with fake_rasa() as fake:
        yield fake


async def test_events_and_append(rasa: FakeRasa) -> None:
    odd_id = "o/abc def?&x=1"  # quoted as one path segment
    rasa.conversations[odd_id] = [{"event": "user", "text": "你好", "timestamp": 1.0}]
    conversations = RasaConversations(rasa.url + "/", rasa.token)
    assert await conversations.events(odd_id) == [{"event": "user", "text": "你好", "timestamp": 1.0}]
    await conversations.append(odd_id, [{"event": "pause"}])
    assert [e["event"] for e in rasa.conversations[odd_id]] == ["user", "pause"]
    assert await conversations.events("never-seen") == []


async def test_a_wrong_token_is_unavailable(rasa: FakeRasa) -> None:
    with pytest.raises(ConversationsUnavailable):
        await RasaConversations(rasa.url, "wrong").events("x")
    with pytest.raises(ConversationsUnavailable):
        await RasaConversations(rasa.url, None).append("x", [{"event": "pause"}])
    assert rasa.refused == 2 and "x" not in rasa.conversations


async def test_a_closed_port_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ConversationsUnavailable):
        await RasaConversations(f"http://127.0.0.1:{port}", "t").events("x")


async def test_a_silent_server_times_out() -> None:
    with socket.socket() as sock:  # accepts connections (backlog) but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(5)
        slow = RasaConversations(f"http://127.0.0.1:{sock.getsockname()[1]}", "t", timeout=0.3)
        with pytest.raises(ConversationsUnavailable):
            await slow.events("x")
