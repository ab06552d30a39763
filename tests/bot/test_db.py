"""Engines for a SQLite file: kept open, written ahead, shared with other processes' engines."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.db import make_engine


def test_a_sqlite_file_is_written_ahead_and_seen_by_another_engine(tmp_path: Path) -> None:
    writer = make_engine(f"sqlite:///{tmp_path / 'records' / 'x.db'}")  # the folder is made
    reader = make_engine(f"sqlite:///{tmp_path / 'records' / 'x.db'}")
    with writer.begin() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    with reader.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    with writer.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
    with reader.connect() as connection:  # a kept connection still sees what another one committed
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 1


def test_a_sqlite_file_keeps_its_connection_between_uses(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        first = connection.connection.dbapi_connection
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is first
