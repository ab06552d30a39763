"""Requests for a person to follow up, recorded when the assistant cannot help.

The text is masked before it is stored and the citizen is referred to by a keyed hash, so this
table never holds an ID number, a phone number or an openid.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, delete, insert, select
from sqlalchemy.engine import Engine

from bot.db import utc_now
from bot.privacy import mask_pii

MAX_TEXT = 2000

metadata = MetaData()

followup_requests = Table(
    "followup_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("channel", String(32), nullable=False),
    Column("citizen_ref", String(32), nullable=False, index=True),
    Column("reason", String(32), nullable=False),
    Column("service_id", String(64)),
    Column("text", Text, nullable=False),
)


class Reason(str, Enum):
    ASKED_FOR_PERSON = "asked_for_person"
    NOT_IN_CATALOGUE = "not_in_catalogue"


@dataclass(frozen=True)
class FollowupRequest:
    channel: str
    citizen_ref: str
    reason: Reason
    text: str
    service_id: str | None = None


def record_request(engine: Engine, request: FollowupRequest) -> int:
    metadata.create_all(engine)
    with engine.begin() as conn:
        result = conn.execute(
            insert(followup_requests).values(
                created_at=utc_now(),
                channel=request.channel[:32],
                citizen_ref=request.citizen_ref,
                reason=request.reason.value,
                service_id=request.service_id,
                text=mask_pii(request.text)[:MAX_TEXT],
            )
        )
        return int(result.inserted_primary_key[0])


def forget_citizen(engine: Engine, citizen_ref: str) -> int:
    """Delete every request of one citizen (WeChat unsubscribe); returns how many."""
    metadata.create_all(engine)
    with engine.begin() as conn:
        return int(
            conn.execute(delete(followup_requests).where(followup_requests.c.citizen_ref == citizen_ref)).rowcount
        )


def list_requests(engine: Engine) -> list[dict[str, object]]:
    metadata.create_all(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(followup_requests).order_by(followup_requests.c.id)).mappings().all()
    return [dict(row) for row in rows]
