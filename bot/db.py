"""Database engines, made on demand (never at import time) from a URL.

SQLite is the embedded default; any SQLAlchemy URL (PostgreSQL for the scaled mode) works.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        from pathlib import Path

        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=True)


def utc_now() -> dt.datetime:
    """Naive UTC, the form every timestamp column here stores (SQLite has no time zones)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
