"""The tables behind handovers, ratings and unanswered questions, kept beside the catalogue."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, delete, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select

metadata = MetaData()

handovers = Table(
    "handovers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("updated_at", DateTime, nullable=False),
    Column("channel", String(32), nullable=False, index=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("reason", String(32), nullable=False, index=True),
    Column("asked", Text, nullable=False),
    Column("services", JSON, nullable=False),  # names of the services discussed
    Column("held", JSON, nullable=False),  # names of the materials the citizen said they have
    Column("missing", JSON, nullable=False),  # names of the materials still missing
    Column("answers", JSON, nullable=False),  # situation question -> the citizen's answer
    Column("status", String(16), nullable=False, index=True),
    Column("assignee", String(64)),
    Column("notes", Text, nullable=False, default=""),
    Column("tags", JSON, nullable=False),
    Column("outcome", Text),
    Column("resolved_at", DateTime),
    Column("callback_phone", String(32)),  # hotline out of hours: the only place a number is kept
    Column("called_back_at", DateTime),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("handover_id", Integer, ForeignKey("handovers.id", ondelete="SET NULL")),
    Column("score", Integer, nullable=False),
)

unanswered = Table(
    "unanswered_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("conversation_id", String(128), nullable=False),
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # a Reason: not_understood or not_in_catalogue
    Column("text", Text, nullable=False),
)


def create_tables(engine: Engine) -> None:
    """Called once when a process starts (the action server, a channel, the console)."""
    from bot.outcomes import tables as outcome_tables  # noqa: F401 (same metadata; it imports this module)

    metadata.create_all(engine)


def delete_handovers(conn: Connection, ids: Select) -> int:
    """Delete the handovers `ids` selects; their ratings stay, as numbers, without the link."""
    conn.execute(update(ratings).where(ratings.c.handover_id.in_(ids)).values(handover_id=None))
    return int(conn.execute(delete(handovers).where(handovers.c.id.in_(ids))).rowcount)
