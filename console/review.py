"""GET /review and GET /unanswered/<id>: what the assistant could not do, for whoever improves it.

Handovers per reason, service and channel show where people are still needed; the questions
it failed to understand, grouped by their normalised text, are the next training examples and
catalogue entries to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.handover import feedback, store
from bot.handover.model import Filters
from bot.text import ascii_number, compact
from console.charts import bar_chart, daily_chart
from console.labels import REASON_LABELS
from console.localtime import local_date, today
from console.web import CHANNEL_LABELS, Console, is_record_id

DEFAULT_DAYS, MAX_DAYS = 30, 366
MAX_GROUPS = 100
NO_SERVICE = "未识别事项"
_KIND_LABELS = {reason.value: label for reason, label in REASON_LABELS.items()}


def parse_days(raw: str | None, default: int = DEFAULT_DAYS) -> int:
    days = ascii_number(raw or "", 9)
    return default if days is None else min(max(days, 1), MAX_DAYS)


@dataclass
class QuestionGroup:
    """Questions that read the same once normalised; `example` and `latest_id` are the newest."""

    example: str
    latest_id: int
    latest_at: dt.datetime
    count: int = 0
    kinds: set[str] = field(default_factory=set)


def group_questions(rows: list[dict[str, Any]]) -> list[QuestionGroup]:
    """`rows` newest first, as feedback.list_unanswered returns them."""
    groups: dict[str, QuestionGroup] = {}
    for row in rows:
        key = compact(row["text"]) or row["text"]
        group = groups.setdefault(key, QuestionGroup(row["text"], row["id"], row["created_at"]))
        group.count += 1
        group.kinds.add(_KIND_LABELS.get(row["kind"], row["kind"]))
    return sorted(groups.values(), key=lambda g: (-g.count, -g.latest_id))[:MAX_GROUPS]


def _within(start: dt.date) -> Callable[[dict[str, Any]], bool]:
    return lambda row: local_date(row["created_at"]) >= start


def register(app: Sanic, console: Console) -> None:
    @app.get("/review")
    async def review(request: Request) -> HTTPResponse:
        days = parse_days(request.args.get("days"))
        end = today()
        start = end - dt.timedelta(days=days - 1)
        period = [start + dt.timedelta(days=i) for i in range(days)]
        utc_start = start - dt.timedelta(days=1)  # records compare UTC dates; trimmed to Beijing days below
        handovers = await console.db(store.list_handovers, console.engine, Filters(since=utc_start), 1_000_000)
        handovers = list(filter(_within(start), handovers))
        ratings = list(filter(_within(start), await console.db(feedback.list_ratings, console.engine)))
        questions = list(filter(_within(start), await console.db(feedback.list_unanswered, console.engine, utc_start)))
        by_day = [(local_date(row["created_at"]), row) for row in handovers]
        charts = [
            daily_chart("每日转人工：按原因", [(d, r["reason"]) for d, r in by_day], period, _KIND_LABELS),
            daily_chart(
                "每日转人工：按事项", [(d, s) for d, r in by_day for s in r["services"] or [NO_SERVICE]], period
            ),
            daily_chart("每日转人工：按渠道", [(d, r["channel"]) for d, r in by_day], period, CHANNEL_LABELS),
        ]
        scores = [int(row["score"]) for row in ratings]
        distribution = {f"{n}分": scores.count(n) for n in range(5, 0, -1)}
        return console.render(
            request,
            "review.html",
            days=days,
            start=start,
            end=end,
            total=len(handovers),
            # Markup: console.charts escapes every label itself
            charts=[Markup(chart) for chart in charts],
            rating_chart=Markup(bar_chart("评价分布", distribution)),
            rating_count=len(scores),
            rating_average=sum(scores) / len(scores) if scores else None,
            groups=group_questions(questions),
            question_count=len(questions),
        )

    @app.get("/unanswered/<question_id:int>")
    async def unanswered(request: Request, question_id: int) -> HTTPResponse:
        if not is_record_id(question_id):
            raise NotFound("no such question")
        question = await console.db(feedback.get_unanswered, console.engine, question_id)
        if question is None:
            raise NotFound("no such question")
        lines = await console.transcript_of(question["conversation_id"])
        shown = {key: value for key, value in question.items() if key != "conversation_id"}
        return console.render(request, "unanswered.html", question=shown, lines=lines)
