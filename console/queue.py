"""The queue (GET /) and its JSON twin (GET /api/handovers): filters, search, counts.

The search reads transcripts from Rasa (they are not copied into the database), a few at a
time; when Rasa cannot be read it still searches what the database holds and says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.handover import store
from bot.handover.model import Filters, Reason, Status
from console.exports import public_record
from console.localtime import local_date
from console.web import CHANNEL_LABELS, Console

LIMIT = 500
PARALLEL_READS = 8
_STATUSES = {"", *(s.value for s in Status)}
_REASONS = {"", *(r.value for r in Reason)}
_FIELDS = ("status", "channel", "reason", "service", "from", "to", "q")


def _date(raw: str) -> dt.date | None:
    """None unless a date with a day either side: the filters widen the range by one day, and
    date.min - 1 day or date.max + 1 day is an OverflowError."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if dt.date.min < day < dt.date.max else None


@dataclass(frozen=True)
class QueueQuery:
    status: str = ""
    channel: str = ""
    reason: str = ""
    service: str = ""
    since: dt.date | None = None  # Beijing dates, both inclusive
    until: dt.date | None = None
    q: str = ""
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> QueueQuery:
        def arg(name: str, size: int = 64) -> str:
            values = args.get(name)
            value = values[0] if isinstance(values, list) else values
            return str(value or "").strip()[:size]

        problems = []
        status, reason = arg("status"), arg("reason")
        if status not in _STATUSES:
            problems.append("未知的状态，已忽略")
            status = ""
        if reason not in _REASONS:
            problems.append("未知的原因，已忽略")
            reason = ""
        since, until = _date(arg("from")), _date(arg("to"))
        if (arg("from") and since is None) or (arg("to") and until is None):
            problems.append("日期格式应为 2024-01-31，已忽略")
        return cls(status, arg("channel", 32), reason, arg("service", 100), since, until, arg("q", 100), problems)

    def filters(self) -> Filters:
        """records compares UTC dates: widen by a day, then `keeps` trims to Beijing days."""
        return Filters(
            status=self.status or None,
            channel=self.channel or None,
            reason=self.reason or None,
            service=self.service or None,
            since=self.since - dt.timedelta(days=1) if self.since else None,
            until=self.until,
        )

    def keeps(self, row: dict[str, Any]) -> bool:
        day = local_date(row["created_at"])
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def params(self) -> dict[str, str]:
        values = (self.status, self.channel, self.reason, self.service, self.since, self.until, self.q)
        return {name: str(value) for name, value in zip(_FIELDS, values, strict=True) if value}


def _record_text(row: dict[str, Any]) -> str:
    return "\n".join([row["asked"], row["notes"], row["outcome"] or "", *row["services"], *row["tags"]])


async def find(console: Console, query: QueueQuery) -> tuple[list[dict[str, Any]], bool]:
    """The matching handovers, newest first, and whether some transcripts could not be searched."""
    rows = await console.db(store.list_handovers, console.engine, query.filters(), LIMIT)
    rows = [row for row in rows if query.keeps(row)]
    if not query.q:
        return rows, False
    needle = query.q.casefold()
    gate = asyncio.Semaphore(PARALLEL_READS)

    async def said(row: dict[str, Any]) -> str | None:
        async with gate:
            lines = await console.transcript_of(row["conversation_id"])
        return None if lines is None else "\n".join(line.text for line in lines)

    transcripts = await asyncio.gather(*(said(row) for row in rows))
    kept = [
        row
        for row, text in zip(rows, transcripts, strict=True)
        if needle in _record_text(row).casefold() or needle in (text or "").casefold()
    ]
    return kept, any(text is None for text in transcripts)


def register(app: Sanic, console: Console) -> None:
    @app.get("/")
    async def queue(request: Request) -> HTTPResponse:
        query = QueueQuery.from_args(request.args)
        rows, unsearched = await find(console, query)
        counts = await console.db(store.status_counts, console.engine)
        everything = await console.db(store.list_handovers, console.engine, Filters(), LIMIT)
        channels = sorted({*CHANNEL_LABELS, *(row["channel"] for row in everything)})
        services = sorted({name for row in everything for name in row["services"]})
        return console.render(
            request,
            "queue.html",
            query=query,
            rows=rows,
            counts=counts,
            channels=channels,
            services=services,
            unsearched=unsearched,
            api_link="/api/handovers?" + urlencode(query.params()),
        )

    @app.get("/api/handovers")
    async def api_handovers(request: Request) -> HTTPResponse:
        query = QueueQuery.from_args(request.args)
        rows, unsearched = await find(console, query)
        counts = await console.db(store.status_counts, console.engine)
        return json(
            {
                "counts": counts,
                "handovers": [public_record(row) for row in rows],
                "transcripts_unavailable": unsearched,
                "problems": query.problems,
            },
            ensure_ascii=False,
        )
