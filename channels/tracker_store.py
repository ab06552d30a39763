"""What Rasa 3.6's tracker stores cannot do themselves: delete a conversation (unsubscribe), find
the conversations silent since a time (retention), and survive a database restart."""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy import create_engine, func
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker


class ReconnectingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """Rasa's SQL tracker store with each pooled connection tested before use. Without it, after
    a database restart the first message in every Rasa process meets a dead connection, and
    Rasa's fail-safe wrapper starts that conversation afresh. (endpoints-scaled.yml)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        previous: Engine = self.engine
        previous.dispose()
        self.engine: Engine = create_engine(previous.url, pool_pre_ping=True, **create_engine_kwargs(previous.url))
        self.sessionmaker = sessionmaker(bind=self.engine)


def _unwrapped(tracker_store: Any) -> Any:
    return getattr(tracker_store, "_tracker_store", tracker_store)  # the lock-free wrapper


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
