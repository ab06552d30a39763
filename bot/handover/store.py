"""Handovers to a person: the record an operator works from.

One open handover per conversation: asking again, or the hotline handing over a call the bot had
already handed over, adds to the open record instead of queueing the citizen twice. Everything
typed by the citizen is masked before it is stored; the citizen is named by a keyed hash, and the
conversation id (needed to read the transcript and to reply) is never shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from bot.db import utc_now
from bot.handover import feedback
from bot.handover.model import MAX_TEXT, Filters, NewHandover, Reason, Status
from bot.handover.tables import delete_handovers, handovers, ratings, unanswered
from bot.outcomes.store import forget_outcomes
from bot.privacy import mask_pii


def _merge(old: list[Any], new: list[Any]) -> list[Any]:
    return list(dict.fromkeys([*old, *new]))


def open_handover(engine: Engine, new: NewHandover) -> tuple[int, bool]:
    """The id of the conversation's open handover, and whether this call created it."""
    asked = mask_pii(new.asked)[:MAX_TEXT]
    now = utc_now()
    with engine.begin() as conn:
        row = (
            conn.execute(
                select(handovers)
                .where(handovers.c.conversation_id == new.conversation_id, handovers.c.status != Status.RESOLVED.value)
                .order_by(handovers.c.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        if row is not None:
            values: dict[str, Any] = {
                "updated_at": now,
                "asked": "\n".join(part for part in (row["asked"], asked) if part)[-MAX_TEXT:],
                "services": _merge(row["services"], new.context.services),
                "held": _merge(row["held"], new.context.held),
                "missing": new.context.missing or row["missing"],
                "answers": {**row["answers"], **new.context.answers},
            }
            if new.callback_phone:
                values["callback_phone"] = new.callback_phone[:32]
            conn.execute(update(handovers).where(handovers.c.id == row["id"]).values(**values))
            return int(row["id"]), False
        result = conn.execute(
            insert(handovers).values(
                created_at=now,
                updated_at=now,
                channel=new.channel[:32],
                conversation_id=new.conversation_id[:128],
                citizen_ref=new.citizen_ref,
                reason=new.reason.value,
                asked=asked,
                services=new.context.services,
                held=new.context.held,
                missing=new.context.missing,
                answers=new.context.answers,
                status=Status.NEW.value,
                notes="",
                tags=[],
                callback_phone=new.callback_phone[:32] if new.callback_phone else None,
            )
        )
        return int(result.inserted_primary_key[0]), True


def queue_position(engine: Engine, handover_id: int) -> int:
    """1 for the next handover an operator will take; 0 when it is already taken or resolved."""
    with engine.connect() as conn:
        status = conn.execute(select(handovers.c.status).where(handovers.c.id == handover_id)).scalar()
        if status != Status.NEW.value:
            return 0
        ahead = conn.execute(
            select(func.count())
            .select_from(handovers)
            .where(handovers.c.status == Status.NEW.value, handovers.c.id < handover_id)
        ).scalar()
    return int(ahead or 0) + 1


def get_handover(engine: Engine, handover_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(handovers).where(handovers.c.id == handover_id)).mappings().first()
    return dict(row) if row else None


def _conditions(filters: Filters) -> list[Any]:
    where: list[Any] = []
    if filters.status:
        where.append(handovers.c.status == filters.status)
    if filters.channel:
        where.append(handovers.c.channel == filters.channel)
    if filters.reason:
        where.append(handovers.c.reason == filters.reason)
    if filters.since:
        where.append(handovers.c.created_at >= dt.datetime.combine(filters.since, dt.time()))
    if filters.until:
        where.append(handovers.c.created_at < dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time()))
    if filters.ids is not None:
        where.append(handovers.c.id.in_(filters.ids))
    return where


def list_handovers(engine: Engine, filters: Filters | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first. The service filter matches a name among the services discussed."""
    filters = filters or Filters()
    query = select(handovers).where(and_(True, *_conditions(filters))).order_by(handovers.c.id.desc())
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    if filters.service:
        rows = [row for row in rows if filters.service in row["services"]]
    return rows[:limit]


def status_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(handovers.c.status, func.count()).group_by(handovers.c.status)).all()
    counts = {status.value: 0 for status in Status}
    counts.update({status: int(count) for status, count in rows})
    return counts


def open_conversation(engine: Engine, conversation_id: str) -> dict[str, Any] | None:
    """The conversation's handover an operator owns (assigned), if any: the bot stays silent then."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(handovers).where(
                    handovers.c.conversation_id == conversation_id, handovers.c.status == Status.ASSIGNED.value
                )
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def _change(engine: Engine, handover_id: int, **values: Any) -> bool:
    with engine.begin() as conn:
        result = conn.execute(
            update(handovers).where(handovers.c.id == handover_id).values(updated_at=utc_now(), **values)
        )
    return bool(result.rowcount)


def assign(engine: Engine, handover_id: int, operator: str) -> bool:
    return _change(engine, handover_id, status=Status.ASSIGNED.value, assignee=operator[:64])


def annotate(engine: Engine, handover_id: int, notes: str, tags: list[str]) -> bool:
    cleaned = list(dict.fromkeys(t.strip()[:32] for t in tags if t.strip()))[:20]
    return _change(engine, handover_id, notes=mask_pii(notes)[:MAX_TEXT], tags=cleaned)


def resolve(engine: Engine, handover_id: int, outcome: str, operator: str) -> bool:
    return _change(
        engine,
        handover_id,
        status=Status.RESOLVED.value,
        outcome=mask_pii(outcome)[:MAX_TEXT],
        resolved_at=utc_now(),
        assignee=func.coalesce(handovers.c.assignee, operator[:64]),
    )


def add_callback_number(engine: Engine, handover_id: int, phone: str) -> bool:
    """Out of hours the hotline adds the number to call back to the handover the bot opened."""
    return _change(engine, handover_id, callback_phone=phone[:32])


def mark_called_back(engine: Engine, handover_id: int) -> bool:
    return _change(engine, handover_id, called_back_at=utc_now())


def forget_citizen(engine: Engine, citizen_ref: str) -> int:
    """Delete every record about one citizen (WeChat unsubscribe); returns how many rows."""
    with engine.begin() as conn:
        deleted = delete_handovers(conn, select(handovers.c.id).where(handovers.c.citizen_ref == citizen_ref))
        for table in (ratings, unanswered):
            deleted += conn.execute(delete(table).where(table.c.citizen_ref == citizen_ref)).rowcount
        deleted += forget_outcomes(conn, citizen_ref)
    return deleted


@dataclass(frozen=True)
class SqlHandoverStorage:
    """The handover desk's storage (bot.handover.desk.HandoverStorage) in SQL."""

    engine: Engine

    def open_handover(self, new: NewHandover) -> tuple[int, bool]:
        return open_handover(self.engine, new)

    def queue_position(self, handover_id: int) -> int:
        return queue_position(self.engine, handover_id)

    def record_rating(self, channel: str, citizen_ref: str, score: int, handover_id: int | None) -> None:
        feedback.record_rating(self.engine, channel, citizen_ref, score, handover_id)

    def record_unanswered(self, channel: str, conversation_id: str, citizen_ref: str, kind: Reason, text: str) -> None:
        feedback.record_unanswered(self.engine, channel, conversation_id, citizen_ref, kind, text)

    def add_callback_number(self, handover_id: int, phone: str) -> None:
        add_callback_number(self.engine, handover_id, phone)
