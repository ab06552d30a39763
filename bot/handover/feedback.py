"""What citizens tell us beside handovers: ratings (好差评) and the questions the bot could not
answer (what the catalogue's maintainers read to find what is missing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bot.db import utc_now
from bot.handover.model import MAX_TEXT, Reason
from bot.handover.tables import ratings, unanswered
from bot.privacy import mask_pii


def record_rating(engine: Engine, channel: str, citizen_ref: str, score: int, handover_id: int | None) -> int:
    if not 1 <= score <= 5:
        raise ValueError(f"a rating is 1 to 5, got {score}")
    with engine.begin() as conn:
        result = conn.execute(
            insert(ratings).values(
                created_at=utc_now(),
                channel=channel[:32],
                citizen_ref=citizen_ref,
                handover_id=handover_id,
                score=score,
            )
        )
        return int(result.inserted_primary_key[0])


def list_ratings(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(ratings).order_by(ratings.c.id)).mappings()]


def record_unanswered(
    engine: Engine, channel: str, conversation_id: str, citizen_ref: str, kind: Reason, text: str
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(unanswered).values(
                created_at=utc_now(),
                channel=channel[:32],
                conversation_id=conversation_id[:128],
                citizen_ref=citizen_ref,
                kind=kind.value,
                text=mask_pii(text)[:MAX_TEXT],
            )
        )


def list_unanswered(engine: Engine, since: dt.date | None = None) -> list[dict[str, Any]]:
    query = select(unanswered).order_by(unanswered.c.id.desc())
    if since:
        query = query.where(unanswered.c.created_at >= dt.datetime.combine(since, dt.time()))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def get_unanswered(engine: Engine, question_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(unanswered).where(unanswered.c.id == question_id)).mappings().first()
    return dict(row) if row else None
