"""GET /outcomes, GET /outcomes/problems and their CSV files, POST a problem's status: did
citizens finish in one trip (最多跑一次), and where our checklists sent them back.

The rate is what the reform is judged by, per item and per life event, worst first, so that
whoever improves the answers starts where citizens ran most. A catalogue problem is an item and
a material a citizen was sent back for that our checklist did not name: the maintainers check
it against the office, correct the catalogue and mark it here.

The outcomes are recorded by the bot (bot.outcomes.store); the console only reads them and sets
a problem's status, under the same session and CSRF rules as every other console form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup
from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse, text

from bot.db import utc_now
from bot.outcomes import store
from console.catalogue_cache import CatalogueCache
from console.charts import rate_chart
from console.localtime import local_date, today
from console.outcome_exports import outcomes_csv, problems_csv
from console.outcome_figures import Names, Problem, figures, problem, problem_status_label
from console.review import parse_days
from console.web import Console, is_record_id, logger, see_other

DEFAULT_DAYS = 90  # a weekly rate wants a dozen weeks to show a trend
NOTICES = {"status": "状态已保存。"}
BAD_STATUS = "未知的状态，请从列表中选择。"
# What a maintainer can choose, in the order a problem moves along.
STATUS_CHOICES = [(status, problem_status_label(status)) for status in store.PROBLEM_STATUSES]


def period(raw: str | None) -> tuple[int, dt.date, dt.date]:
    """(days, first day, today), Beijing days, both inclusive, as on the review page."""
    days = parse_days(raw, DEFAULT_DAYS)
    end = today()
    return days, end - dt.timedelta(days=days - 1), end


def attachment(body: str, filename: str) -> HTTPResponse:
    return text(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def register(app: Sanic, console: Console, cache: CatalogueCache) -> None:
    async def names() -> Names:
        loaded = await console.db(cache.get_or_none)
        return Names.of(loaded.catalogue if loaded else None)

    async def outcomes_in(start: dt.date) -> list[dict[str, Any]]:
        """The stored times are UTC: read from a day early, then keep the Beijing days."""
        since = dt.datetime.combine(start - dt.timedelta(days=1), dt.time())
        rows = await console.db(store.list_outcomes, console.engine, since)
        return [row for row in rows if local_date(row["created_at"]) >= start]

    async def all_problems() -> list[Problem]:
        named = await names()
        return [problem(row, named) for row in await console.db(store.list_problems, console.engine)]

    def problems_page(request: Request, found: list[Problem], status: int = 200, error: str = "") -> HTTPResponse:
        return console.render(
            request,
            "outcome_problems.html",
            status,
            problems=found,
            statuses=STATUS_CHOICES,
            notice=NOTICES.get(request.args.get("notice", "")) if status == 200 else None,
            error=error,
        )

    @app.get("/outcomes")
    async def outcomes(request: Request) -> HTTPResponse:
        days, start, end = period(request.args.get("days"))
        rows = await outcomes_in(start)
        shown = figures(rows, await names())
        found = await all_problems()
        return console.render(
            request,
            "outcomes.html",
            days=days,
            start=start,
            end=end,
            figures=shown,
            # Markup: console.charts escapes every label itself
            chart=Markup(rate_chart("每周一次办成率", shown.weeks)),
            new_problems=sum(1 for p in found if p.status == "new"),
            problem_count=len(found),
        )

    @app.get("/outcomes/problems")
    async def problems(request: Request) -> HTTPResponse:
        return problems_page(request, await all_problems())

    @app.post("/outcomes/problems/<problem_id:int>/status")
    async def set_status(request: Request, problem_id: int) -> HTTPResponse:
        if not is_record_id(problem_id):
            raise NotFound("no such problem")
        found = await all_problems()
        if not any(p.id == problem_id for p in found):
            raise NotFound("no such problem")
        status = (request.form.get("status") or "").strip()
        if status not in store.PROBLEM_STATUSES:
            return problems_page(request, found, 400, BAD_STATUS)
        if not await console.db(store.set_problem_status, console.engine, problem_id, status, today(), utc_now()):
            raise NotFound("no such problem")  # deleted between the two reads
        logger.info("catalogue problem %s marked %s by %s", problem_id, status, request.ctx.session.user)
        return see_other(f"/outcomes/problems?notice=status#problem-{problem_id}")

    @app.get("/outcomes/export.csv")
    async def export_outcomes(request: Request) -> HTTPResponse:
        _, start, end = period(request.args.get("days"))
        body = outcomes_csv(await outcomes_in(start), await names())
        return attachment(body, f"outcomes-{start}-{end}.csv")

    @app.get("/outcomes/problems.csv")
    async def export_problems(request: Request) -> HTTPResponse:
        return attachment(problems_csv(await all_problems()), f"catalogue-problems-{today()}.csv")
