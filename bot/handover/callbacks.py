"""Callback requests from hotline calls outside office hours.

The caller's number is stored here because calling back needs it; it is the only place it is
stored, and logs show it masked.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select
from sqlalchemy.engine import Engine

from bot.db import utc_now
from bot.privacy import mask_pii

metadata = MetaData()

callback_requests = Table(
    "callback_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("call_id", String(64), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("asked", Text, nullable=False),
    Column("called_back_at", DateTime),
)


def record_callback(engine: Engine, call_id: str, phone: str, asked: str) -> int:
    metadata.create_all(engine)
    with engine.begin() as conn:
        result = conn.execute(
            insert(callback_requests).values(
                created_at=utc_now(),
                call_id=call_id[:64],
                phone=phone[:32],
                asked=mask_pii(asked)[:2000],
            )
        )
        return int(result.inserted_primary_key[0])


def list_callbacks(engine: Engine) -> list[dict[str, object]]:
    metadata.create_all(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(callback_requests).order_by(callback_requests.c.id)).mappings().all()
    return [dict(row) for row in rows]
