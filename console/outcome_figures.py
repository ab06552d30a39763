"""What the outcomes pages show, worked out from the rows bot.outcomes.store returns: names for
ids, the one-trip rates split into catalogue items and life events, the causes in Chinese, and
each catalogue problem with the reports behind it.

Pure functions (no database, no request), so the figures are tested without a running console.
The arithmetic itself is bot.outcomes.store's: this module only names, splits and orders it, so
the console and any other reader of the store cannot disagree about a rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.catalogue.schema import Catalogue
from bot.outcomes.model import Cause, Trips
from bot.outcomes.store import one_trip_rates, ranked_causes, weekly_rates
from bot.privacy import mask_pii
from console.labels import CAUSE_LABELS, PROBLEM_STATUS_LABELS, TRIPS_LABELS
from console.localtime import local

EVENT_PREFIX = "event:"


@dataclass(frozen=True)
class Names:
    """Display names by id from the catalogue the console reads; an id the catalogue does not
    know (not loaded yet, or an item since removed) is shown as it is rather than hidden."""

    services: Mapping[str, str]
    events: Mapping[str, str]
    materials: Mapping[str, str]

    @classmethod
    def of(cls, catalogue: Catalogue | None) -> Names:
        if catalogue is None:
            return cls({}, {}, {})
        return cls(
            {sid: s.name for sid, s in catalogue.services.items()},
            {eid: e.name for eid, e in catalogue.events.items()},
            {mid: m.name for mid, m in catalogue.materials.items()},
        )

    def item(self, item: str) -> str:
        if is_event(item):
            return self.events.get(item.removeprefix(EVENT_PREFIX), item)
        return self.services.get(item, item)

    def material(self, material: str) -> str:
        """A problem's material is a glossary id when the bot recognised it, else the citizen's words."""
        return self.materials.get(material, material)


def is_event(item: str) -> bool:
    return item.startswith(EVENT_PREFIX)


def trips_label(value: str) -> str:
    try:
        return TRIPS_LABELS[Trips(value)]
    except ValueError:
        return value


def cause_label(value: str) -> str:
    try:
        return CAUSE_LABELS[Cause(value)]
    except ValueError:
        return value


def problem_status_label(status: str) -> str:
    return PROBLEM_STATUS_LABELS.get(status, status)


@dataclass(frozen=True)
class Rate:
    item: str
    name: str
    reports: int
    in_one: int
    rate: float


@dataclass(frozen=True)
class Figures:
    """`reports` counts every report in the period; the rates count only those that say how many
    trips it took (`counted`), so a report that gives only a cause does not lower the rate."""

    reports: int
    counted: int
    in_one: int
    services: list[Rate]
    events: list[Rate]
    weeks: list[tuple[dt.date, int, int]]  # (Monday, reports, in one trip), Beijing weeks
    causes: list[tuple[str, int]]  # (Chinese label, count), most frequent first

    @property
    def rate(self) -> float | None:
        return self.in_one / self.counted if self.counted else None


def in_beijing(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with `created_at` in Beijing time (naive): weekly_rates cuts weeks at the
    timestamp's own midnight, and a week starting at 08:00 on Monday would confuse operators."""
    return [{**row, "created_at": local(row["created_at"]).replace(tzinfo=None)} for row in rows]


def figures(rows: list[dict[str, Any]], names: Names) -> Figures:
    """`rows` as bot.outcomes.store.list_outcomes returns them, already limited to the period."""
    rates = [Rate(r["item"], names.item(r["item"]), r["reports"], r["in_one"], r["rate"]) for r in one_trip_rates(rows)]
    return Figures(
        reports=len(rows),
        counted=sum(r.reports for r in rates),
        in_one=sum(r.in_one for r in rates),
        services=[r for r in rates if not is_event(r.item)],
        events=[r for r in rates if is_event(r.item)],
        weeks=weekly_rates(in_beijing(rows)),
        causes=[(cause_label(cause), count) for cause, count in ranked_causes(rows)],
    )


@dataclass(frozen=True)
class ProblemReport:
    """One citizen's report behind a problem: what they said and what we had told them."""

    at: dt.datetime  # UTC, as stored; the templates show it in Beijing time
    trips: str
    words: str  # the citizen's words for the material, ID and phone numbers masked
    checklist: str


@dataclass(frozen=True)
class Problem:
    id: int
    item: str
    item_name: str
    material: str
    material_name: str
    status: str
    status_label: str
    fixed_on: dt.date | None
    updated_at: dt.datetime
    reports: list[ProblemReport]

    @property
    def latest(self) -> dt.datetime | None:
        return self.reports[-1].at if self.reports else None


def problem(row: dict[str, Any], names: Names) -> Problem:
    """A row of bot.outcomes.store.list_problems (with its `reports`), named for the page."""
    return Problem(
        id=row["id"],
        item=row["item"],
        item_name=names.item(row["item"]),
        material=row["material"],
        material_name=names.material(row["material"]),
        status=row["status"],
        status_label=problem_status_label(row["status"]),
        fixed_on=row["fixed_on"],
        updated_at=row["updated_at"],
        reports=[
            ProblemReport(
                at=report["created_at"],
                trips=trips_label(report["trips"]),
                words=mask_pii(report["material_text"] or ""),
                checklist=report["checklist"] or "",
            )
            for report in row["reports"]
        ],
    )
