"""Deleting a conversation and finding silent ones, on Rasa's own SQL tracker store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.tracker_store import CachedSQLTrackerStore, delete_conversation, silent_since


async def test_silent_conversations_are_found_by_their_last_event(tmp_path: Path) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    await store.save(DialogueStateTracker.from_events("old", [UserUttered("办护照", timestamp=1_000.0)]))
    talking = [UserUttered("办护照", timestamp=1_000.0), UserUttered("还在吗", timestamp=9_000.0)]
    await store.save(DialogueStateTracker.from_events("still-talking", talking))
    assert silent_since(store, 5_000.0) == ["old"]
    delete_conversation(store, "old")
    assert await store.retrieve("old") is None and silent_since(store, 5_000.0) == []
    assert await store.retrieve("still-talking") is not None


def cached(path: Path, cache_size: int = 2000) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path), cache_size=cache_size)


def texts(tracker: DialogueStateTracker | None) -> list[str]:
    assert tracker is not None
    return [str(e.text) for e in tracker.events if isinstance(e, UserUttered)]


async def turn(store: CachedSQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """One message as Rasa's processor handles it: retrieve (or create), add, save."""
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text, timestamp=1_000.0))
    await store.save(tracker)
    return tracker


async def test_the_kept_conversation_is_written_as_rasas_own_store_reads_it(tmp_path: Path) -> None:
    store = cached(tmp_path / "tracker.db")
    first = await turn(store, "a", "办护照")
    second = await turn(store, "a", "要带什么")
    assert second is first  # kept: not read back and replayed
    plain = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    read = await plain.retrieve("a")
    assert texts(read) == ["办护照", "要带什么"]
    assert read is not None and [e.as_dict() for e in read.events] == [e.as_dict() for e in first.events]


async def test_another_process_a_deletion_or_an_unsaved_turn_makes_it_read_again(tmp_path: Path) -> None:
    store, other = cached(tmp_path / "tracker.db"), cached(tmp_path / "tracker.db")
    await turn(store, "a", "办护照")
    await turn(other, "a", "在哪里办")  # scaled mode: the next message went to another process
    assert texts(await turn(store, "a", "多少钱")) == ["办护照", "在哪里办", "多少钱"]
    half = await store.retrieve("a")
    assert half is not None
    half.update(UserUttered("没存下", timestamp=1_000.0))  # the turn failed before Rasa saved it
    assert texts(await store.retrieve("a")) == ["办护照", "在哪里办", "多少钱"]
    delete_conversation(store, "a")
    assert await store.retrieve("a") is None


async def test_only_the_most_recent_conversations_are_kept(tmp_path: Path) -> None:
    store = cached(tmp_path / "tracker.db", cache_size=2)
    for sender in ("a", "b", "c"):
        await turn(store, sender, "你好")
    assert list(store._kept) == ["b", "c"]
    assert texts(await turn(store, "a", "办护照")) == ["你好", "办护照"]  # read from the database


class Collected(EventBroker):  # type: ignore[misc]
    """An event broker that keeps what it is given."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)


async def test_an_event_broker_gets_each_new_event_once(tmp_path: Path) -> None:
    broker = Collected()
    store = CachedSQLTrackerStore(
        Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"), event_broker=broker
    )
    await turn(store, "a", "办护照")
    await turn(store, "a", "要带什么")
    said = [event["text"] for event in broker.published if event["event"] == "user"]
    assert said == ["办护照", "要带什么"] and {event["sender_id"] for event in broker.published} == {"a"}
