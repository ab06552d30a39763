"""Deleting a conversation and finding silent ones, on Rasa's own SQL tracker store."""

from __future__ import annotations

from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.tracker_store import delete_conversation, silent_since


async def test_silent_conversations_are_found_by_their_last_event(tmp_path: Path) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    await store.save(DialogueStateTracker.from_events("old", [UserUttered("办护照", timestamp=1_000.0)]))
    talking = [UserUttered("办护照", timestamp=1_000.0), UserUttered("还在吗", timestamp=9_000.0)]
    await store.save(DialogueStateTracker.from_events("still-talking", talking))
    assert silent_since(store, 5_000.0) == ["old"]
    delete_conversation(store, "old")
    assert await store.retrieve("old") is None and silent_since(store, 5_000.0) == []
    assert await store.retrieve("still-talking") is not None
