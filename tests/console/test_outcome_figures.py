"""The outcomes pages' figures without a console: names, the split into items and life events,
Beijing weeks, causes in Chinese, and a problem's reports masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.catalogue.schema import Catalogue
from bot.outcomes.model import Cause, Trips
from console.labels import CAUSE_LABELS, TRIPS_LABELS
from console.outcome_figures import Names, figures, in_beijing, problem
from tests.console.conftest import EVENT_ID, EVENT_NAME, sample_event

NOON = dt.datetime(2024, 3, 6, 4, 0)  # UTC: noon on Wednesday 6 March in Beijing


def outcome(item: str, trips: Trips, cause: Cause = Cause.NONE, at: dt.datetime = NOON, **extra: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "created_at": at,
        "channel": "wechat",
        "citizen_ref": "u-0000",
        "item": item,
        "region": "",
        "trips": trips.value,
        "cause": cause.value,
        "material_key": None,
        "material_text": "",
        "checklist": "",
        "listed": 1,
        "followup_id": None,
    } | extra


def test_every_trip_count_and_cause_has_chinese_words() -> None:
    assert set(TRIPS_LABELS) == set(Trips) and set(CAUSE_LABELS) == set(Cause)
    assert [CAUSE_LABELS[c] for c in Cause if c is not Cause.NONE] == [
        "缺材料/材料不对",
        "窗口关门或排队",
        "系统故障",
        "被指到别处",
        "其他",
    ]


def test_names_come_from_the_catalogue_and_fall_back_to_the_id(catalogue: Catalogue) -> None:
    names = Names.of(catalogue.copy(update={"events": {EVENT_ID: sample_event()}}))
    assert names.item("t-marriage") == "结婚登记"
    assert names.item(f"event:{EVENT_ID}") == EVENT_NAME
    assert names.item("event:gone") == "event:gone" and names.item("zj-gone") == "zj-gone"
    assert names.material("hukou-book") == "居民户口簿" and names.material("单位证明") == "单位证明"
    assert Names.of(None).item("t-marriage") == "t-marriage"  # no catalogue loaded yet


def test_figures_split_items_from_events_worst_first() -> None:
    rows = [
        outcome("a", Trips.ONE),
        outcome("a", Trips.TWO, Cause.MISSING_MATERIAL),
        outcome("b", Trips.ONLINE),
        outcome("event:e", Trips.MORE, Cause.WINDOW_CLOSED),
        outcome("c", Trips.UNKNOWN, Cause.SYSTEM_DOWN),
    ]
    shown = figures(rows, Names({"a": "甲事项"}, {"e": "一件事"}, {}))
    assert (shown.reports, shown.counted, shown.in_one, shown.rate) == (5, 4, 2, 0.5)
    assert [(r.name, r.reports, r.in_one, r.rate) for r in shown.services] == [("甲事项", 2, 1, 0.5), ("b", 1, 1, 1.0)]
    assert [(r.item, r.name, r.rate) for r in shown.events] == [("event:e", "一件事", 0.0)]
    assert shown.causes == [("缺材料/材料不对", 1), ("系统故障", 1), ("窗口关门或排队", 1)]  # ties in the store's order


def test_no_reports_means_no_rate() -> None:
    shown = figures([], Names.of(None))
    assert shown.reports == shown.counted == 0 and shown.rate is None and shown.weeks == [] and shown.causes == []


def test_weeks_are_beijing_weeks() -> None:
    sunday_night_utc = dt.datetime(2024, 3, 3, 17, 0)  # 01:00 on Monday 4 March in Beijing
    assert in_beijing([outcome("a", Trips.ONE, at=sunday_night_utc)])[0]["created_at"] == dt.datetime(2024, 3, 4, 1)
    shown = figures([outcome("a", Trips.ONE, at=sunday_night_utc), outcome("a", Trips.TWO)], Names.of(None))
    assert shown.weeks == [(dt.date(2024, 3, 4), 2, 1)]


def test_a_problem_masks_the_citizens_words_and_names_its_parts() -> None:
    row = {
        "id": 3,
        "item": "a",
        "material": "hukou-book",
        "status": "fixed",
        "fixed_on": dt.date(2024, 3, 7),
        "updated_at": NOON,
        "reports": [
            outcome("a", Trips.TWO, material_text="户口本 13812345678", checklist="1. 身份证", listed=0),
        ],
    }
    found = problem(row, Names({"a": "甲事项"}, {}, {"hukou-book": "居民户口簿"}))
    assert (found.item_name, found.material_name, found.status_label) == ("甲事项", "居民户口簿", "已修正目录")
    assert found.reports[0].words == "户口本 138****5678" and found.reports[0].trips == "跑两次"
    assert found.reports[0].checklist == "1. 身份证" and found.latest == NOON
