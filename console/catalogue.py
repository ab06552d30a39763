"""GET /catalogue and GET /catalogue/<id>: every catalogue entry as the assistant answers it, and
what it lacks (bot.catalogue.health), so whoever completes the catalogue sees where to start.

The catalogue comes from the console's database (what the running assistant reads), not from
the YAML; before `make catalogue` has loaded one the pages say so instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import answers
from bot.catalogue.health import GAP_LABELS, Gap
from bot.text import ascii_number
from console.catalogue_cache import CatalogueCache, LoadedCatalogue
from console.web import Console

PER_PAGE = 50
ANY_GAP = "any"
NOT_LOADED = "数据库中还没有服务目录：请在服务器上运行 make catalogue（或 make run）载入目录后刷新本页。"
GAP_CHOICES = [
    ("", "全部事项"),
    (ANY_GAP, "只看有缺项的"),
    *((g.value, f"缺：{label}") for g, label in GAP_LABELS.items()),
]
_GAP_VALUES = {value for value, _ in GAP_CHOICES}


@dataclass(frozen=True)
class CatalogueQuery:
    """Words that must all appear in an entry's name, code, department or region; a gap filter
    ('' all, 'any', or a Gap value); a 1-based page."""

    q: str = ""
    gaps: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> CatalogueQuery:
        def arg(name: str, size: int) -> str:
            values = args.get(name)
            value = values[0] if isinstance(values, list) else values
            return str(value or "").strip()[:size]

        gaps = arg("gaps", 32)
        return cls(arg("q", 100), gaps if gaps in _GAP_VALUES else "", max(ascii_number(arg("page", 9), 9) or 1, 1))

    def link(self, page: int) -> str:
        params = {"q": self.q, "gaps": self.gaps, "page": str(page) if page > 1 else ""}
        query = urlencode({name: value for name, value in params.items() if value})
        return "/catalogue" + (f"?{query}" if query else "")


def search(loaded: LoadedCatalogue, query: CatalogueQuery) -> list[str]:
    """The matching service ids, in catalogue order (by id)."""
    words = query.q.casefold().split()
    kept = []
    for sid, haystack in loaded.haystacks.items():
        gaps = loaded.gaps[sid].gaps
        if query.gaps == ANY_GAP and not gaps:
            continue
        if query.gaps not in ("", ANY_GAP) and Gap(query.gaps) not in gaps:
            continue
        if all(word in haystack for word in words):
            kept.append(sid)
    return kept


def answer_texts(loaded: LoadedCatalogue, service_id: str) -> list[tuple[str, str]]:
    """What the assistant says about the entry, topic by topic, as bot.answers words it."""
    catalogue, service = loaded.catalogue, loaded.catalogue.services[service_id]
    return [
        ("概览", answers.overview_text(catalogue, service)),
        ("申请材料", answers.materials_text(catalogue, service)),
        ("收费", answers.fees_text(service)),
        ("办理时限", answers.time_limit_text(service)),
        ("办理地点", answers.location_text(service)),
        ("网上办理", answers.online_text(service)),
        ("受理条件", answers.conditions_text(service)),
    ]


def register(app: Sanic, console: Console, cache: CatalogueCache) -> None:
    """`cache` is the process's one copy of the catalogue, shared with the outcomes pages."""

    async def loaded_or_none() -> LoadedCatalogue | None:
        return await console.db(cache.get_or_none)

    def not_loaded(request: Request, query: CatalogueQuery) -> HTTPResponse:
        return console.render(request, "catalogue.html", query=query, missing=NOT_LOADED, gap_choices=GAP_CHOICES)

    @app.get("/catalogue")
    async def catalogue(request: Request) -> HTTPResponse:
        query = CatalogueQuery.from_args(request.args)
        loaded = await loaded_or_none()
        if loaded is None:
            return not_loaded(request, query)
        ids = search(loaded, query)
        pages = max(1, -(-len(ids) // PER_PAGE))
        page = min(query.page, pages)
        shown = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
        return console.render(
            request,
            "catalogue.html",
            query=query,
            missing="",
            gap_choices=GAP_CHOICES,
            rows=[(loaded.catalogue.services[sid], [GAP_LABELS[g] for g in loaded.gaps[sid].gaps]) for sid in shown],
            found=len(ids),
            total=loaded.health.services,
            total_with_gaps=len(loaded.health.with_gaps),
            gap_counts=[(gap.value, GAP_LABELS[gap], n) for gap, n in loaded.health.gap_counts().items()],
            page=page,
            pages=pages,
            previous=query.link(page - 1) if page > 1 else "",
            next=query.link(page + 1) if page < pages else "",
        )

    @app.get("/catalogue/<service_id>")
    async def item(request: Request, service_id: str) -> HTTPResponse:
        loaded = await loaded_or_none()
        if loaded is None:
            return not_loaded(request, CatalogueQuery())
        service = loaded.catalogue.services.get(service_id)
        if service is None:
            raise NotFound("no such catalogue entry")
        return console.render(
            request,
            "catalogue_item.html",
            service=service,
            gaps=loaded.gaps[service_id].labels(),
            texts=answer_texts(loaded, service_id),
        )
