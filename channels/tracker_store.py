"""What Rasa 3.6's tracker stores cannot do themselves: delete a conversation (unsubscribe), find
the conversations silent since a time (retention), survive a database restart, and not read the
whole conversation back on every message."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine


class ReconnectingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """Rasa's SQL tracker store on our engine (bot/db.py): each pooled connection tested before
    use, so that after a database restart the first message in every Rasa process does not meet a
    dead connection, which Rasa's fail-safe wrapper answers by starting that conversation afresh
    (endpoints-scaled.yml); a SQLite file kept open and written ahead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        previous: Engine = self.engine
        previous.dispose()
        self.engine: Engine = make_engine(previous.url, future=False, **create_engine_kwargs(previous.url))
        self.sessionmaker = sessionmaker(bind=self.engine)


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    last_id: int | None  # the conversation's newest row when the tracker was last read or written
    saved: int  # how many of the tracker's events are in the database


class CachedSQLTrackerStore(ReconnectingSQLTrackerStore):
    """The SQL store with the trackers of recent conversations kept in the process.

    Rasa's store reads every event of the conversation, parses its JSON and replays it into a new
    tracker on each message, and counts the stored events again to save: a third of the Rasa
    server's CPU per message, growing with the conversation (issue 17's profile). Here a kept
    tracker is used as long as the database's newest row for the conversation is the one it was
    kept with (one indexed query) and it holds no events that were not saved; otherwise, e.g.
    after another process answered (scaled mode), a deletion or a turn that failed half-way, the
    conversation is read from the database as Rasa does. Only new events are written.
    `cache_size` (endpoints YAML): how many conversations are kept, least recently used dropped.
    """

    def __init__(self, *args: Any, cache_size: int = 2000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._cache_size = int(cache_size)
        events = self.SQLEvent.__table__
        # made once: a statement built per message is compiled per message
        self._insert = events.insert()
        self._newest = select(func.max(events.c.id)).where(events.c.sender_id == bindparam("sender_id"))

    def _last_id(self, sender_id: str) -> int | None:
        with self.engine.connect() as connection:
            last = connection.execute(self._newest, {"sender_id": sender_id}).scalar()
        return int(last) if last is not None else None

    def _keep(self, tracker: DialogueStateTracker, last_id: int | None) -> None:
        self._kept[tracker.sender_id] = _Kept(tracker, last_id, len(tracker.events))
        self._kept.move_to_end(tracker.sender_id)
        while len(self._kept) > self._cache_size:
            self._kept.popitem(last=False)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._kept.get(sender_id)
        last_id = self._last_id(sender_id)
        if kept and kept.last_id == last_id and len(kept.tracker.events) == kept.saved:
            self._kept.move_to_end(sender_id)
            return kept.tracker
        self._kept.pop(sender_id, None)
        if last_id is None:  # no rows: a new conversation
            return None
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._keep(tracker, last_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        kept = self._kept.get(tracker.sender_id)
        if kept is not None and kept.tracker is tracker:
            saved, last_id = kept.saved, kept.last_id
        else:
            last_id = self._last_id(tracker.sender_id)
            if last_id is not None:  # a tracker we did not hand out, of a stored conversation: as Rasa does
                await super().save(tracker)
                self._keep(tracker, self._last_id(tracker.sender_id))
                return
            saved = 0  # a new conversation (Rasa's create_tracker)
        new = list(tracker.events)[saved:]
        if self.event_broker is not None:  # Rasa's stream_events would diff against the kept tracker itself
            await self._stream_new_events(self.event_broker, new, tracker.sender_id)
        with self.engine.begin() as connection:  # plain inserts: the ORM's unit of work cost more than the rows
            for event in new:
                result = connection.execute(self._insert, _row(tracker.sender_id, event))
                last_id = int(result.inserted_primary_key[0])
        self._keep(tracker, last_id)


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """An event's row exactly as Rasa's own save writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _unwrapped(tracker_store: Any) -> Any:
    """The store itself, inside Rasa's wrappers (fail-safe, awaitable)."""
    while hasattr(tracker_store, "_tracker_store"):
        tracker_store = tracker_store._tracker_store
    return tracker_store


def delete_conversation(tracker_store: Any, sender_id: str) -> None:
    """Remove the rows (SQL) or the entry (in memory) of one conversation."""
    store = _unwrapped(tracker_store)
    if hasattr(store, "SQLEvent"):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
    elif isinstance(getattr(store, "store", None), dict):
        store.store.pop(sender_id, None)


def silent_since(tracker_store: Any, before: float) -> list[str]:
    """Conversations (SQL store) whose last event is older than `before` (Unix time)."""
    store = _unwrapped(tracker_store)
    if not hasattr(store, "SQLEvent"):
        raise NotImplementedError(f"retention needs the SQL tracker store, not {type(store).__name__}")
    event = store.SQLEvent
    with store.session_scope() as session:
        rows = session.query(event.sender_id).group_by(event.sender_id).having(func.max(event.timestamp) < before)
        return [str(sender_id) for (sender_id,) in rows]
