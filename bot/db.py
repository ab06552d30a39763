"""Database engines, made on demand (never at import time) from a URL.

SQLite is the embedded default; any SQLAlchemy URL (PostgreSQL for the scaled mode) works.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import QueuePool


def make_engine(database_url: str | URL, future: bool = True, **options: Any) -> Engine:
    """A server's connections are tested before use (it may have restarted). A SQLite file's are
    kept open, as SQLAlchemy 2.0 does: 1.4 opens and closes the file for every query (NullPool),
    which cost the Rasa server more than the queries (README, "Per-message cost"); and it writes
    ahead (WAL): a commit appends to one file instead of writing and deleting a rollback journal,
    and readers in other processes (console, purge) do not wait for a writer."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return create_engine(url, future=future, pool_pre_ping=True, **options)
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=future, poolclass=QueuePool, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _write_ahead)
    return engine


def _write_ahead(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def utc_now() -> dt.datetime:
    """Naive UTC, the form every timestamp column here stores (SQLite has no time zones)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
