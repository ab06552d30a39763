"""Retention: old resolved handovers, ratings and questions go; open handovers stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.engine import Engine

from bot.handover import feedback, store, tables
from bot.handover.model import NewHandover, Reason
from bot.retention import conversations_to_keep, purge_records


def test_purge_deletes_what_is_old_and_done_and_keeps_open_handovers(engine: Engine) -> None:
    tables.create_tables(engine)

    def handover(conversation: str) -> int:
        return store.open_handover(
            engine, NewHandover("wechat", conversation, f"u-{conversation}", Reason.COMPLAINT, "x")
        )[0]

    old_done, old_open, new_done = handover("old-done"), handover("old-open"), handover("new-done")
    for handover_id in (old_done, new_done):
        store.resolve(engine, handover_id, "已处理", "alice")
    feedback.record_rating(engine, "wechat", "u-old-done", 4, old_done)
    feedback.record_unanswered(engine, "wechat", "old-done", "u-old-done", Reason.NOT_UNDERSTOOD, "渔船登记")
    long_ago = dt.datetime(2020, 1, 1)
    with engine.begin() as conn:
        for table in (tables.handovers, tables.ratings, tables.unanswered):
            condition = table.c.citizen_ref.in_(["u-old-done", "u-old-open"])
            conn.execute(update(table).where(condition).values(created_at=long_ago))
    counts = purge_records(engine, dt.datetime(2021, 1, 1))
    assert counts == {"handovers": 1, "ratings": 1, "unanswered_questions": 1, "outcome_followups": 0, "outcomes": 0}
    assert {r["id"] for r in store.list_handovers(engine)} == {old_open, new_done}
    assert conversations_to_keep(engine) == {"old-open"}
