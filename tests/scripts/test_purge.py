"""`make purge` on its own tracker store: stale conversations go, those behind an open handover stay."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from scripts.purge import purge_conversations, tracker_store


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_stale_conversations_are_purged_unless_a_person_still_owes_an_answer(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """`make run` keeps conversations where endpoints.yml says (SQLite); `make scaled` in PostgreSQL."""
    db = tmp_path / "tracker.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else f"sqlite:///{db}"
    store = tracker_store(url, endpoints)
    tag = uuid.uuid4().hex  # the session's PostgreSQL is shared
    for sender in ("stale", "stale-but-open", "recent"):
        when = 9e9 if sender == "recent" else 1_000.0
        await store.save(DialogueStateTracker.from_events(f"{sender}-{tag}", [UserUttered("办护照", timestamp=when)]))
    assert purge_conversations(store, dt.datetime(2000, 1, 1), keep={f"stale-but-open-{tag}"}) == 1
    assert await store.retrieve(f"stale-{tag}") is None
    assert (
        await store.retrieve(f"stale-but-open-{tag}") is not None and await store.retrieve(f"recent-{tag}") is not None
    )
