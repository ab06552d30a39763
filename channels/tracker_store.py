"""What Rasa 3.6's tracker stores cannot do themselves: delete a conversation (unsubscribe) and
find the conversations silent since a time (retention)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func


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
