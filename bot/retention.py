"""How long OneTrip keeps what citizens said: RETENTION_DAYS (default 180), then it is purged.

Handovers still open are kept whatever their age: a person owes the citizen an answer. Ratings
of purged handovers are kept without the link, as numbers for the review page.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from bot.handover.model import Status
from bot.handover.tables import delete_handovers, handovers, ratings, unanswered
from bot.outcomes.store import purge_outcomes


def purge_records(engine: Engine, before: dt.datetime) -> dict[str, int]:
    """Delete resolved handovers, ratings, unanswered questions, follow-ups and outcome reports created before `before`
    (naive UTC); returns how many rows of each."""
    with engine.begin() as conn:
        old = select(handovers.c.id).where(handovers.c.created_at < before, handovers.c.status == Status.RESOLVED.value)
        counts = {
            "handovers": delete_handovers(conn, old),
            "ratings": conn.execute(delete(ratings).where(ratings.c.created_at < before)).rowcount,
            "unanswered_questions": conn.execute(delete(unanswered).where(unanswered.c.created_at < before)).rowcount,
            **purge_outcomes(conn, before),
        }
    return {name: int(count) for name, count in counts.items()}


def conversations_to_keep(engine: Engine) -> set[str]:
    """Conversations behind an open handover: their transcript is what the operator reads."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(handovers.c.conversation_id).where(handovers.c.status != Status.RESOLVED.value)
        ).scalars()
        return set(rows)
