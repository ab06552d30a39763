"""`make purge` on its own tracker store: stale conversations go, those behind an open handover stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from scripts.purge import purge_conversations


async def test_stale_conversations_are_purged_unless_a_person_still_owes_an_answer(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    for sender in ("stale", "stale-but-open", "recent"):
        when = 9e9 if sender == "recent" else 1_000.0
        await store.save(DialogueStateTracker.from_events(sender, [UserUttered("办护照", timestamp=when)]))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    assert purge_conversations(endpoints, dt.datetime(2000, 1, 1), keep={"stale-but-open"}) == 1
    assert await store.retrieve("stale") is None
    assert await store.retrieve("stale-but-open") is not None and await store.retrieve("recent") is not None
