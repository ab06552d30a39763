"""Follow-ups and outcomes in SQL (SQLite and PostgreSQL): consent, withdrawal, reports kept once,
catalogue problems, the figures, and forgetting and retention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from bot.handover.store import forget_citizen
from bot.handover.tables import create_tables
from bot.outcomes import store
from bot.outcomes.model import Cause, Report, Trips
from bot.retention import purge_records

T0 = dt.datetime(2026, 12, 1, 10, 0)
DAY = dt.timedelta(days=1)


def offered(engine: Engine, who: str = "u-a") -> int:
    return store.offer(
        engine,
        channel="wechat",
        conversation_id=f"openid-{who}",
        citizen_ref=who,
        item="t-marriage",
        region="测试省",
        checklist="还缺：户口簿",
        now=T0,
    )


def outcome(
    engine: Engine, report: Report, who: str = "u-a", at: dt.datetime = T0, listed: bool = True
) -> tuple[int, bool]:
    return store.record_outcome(
        engine,
        channel="wechat",
        citizen_ref=who,
        item="t-marriage",
        region="测试省",
        report=report,
        checklist="还缺：户口簿",
        listed=listed,
        followup_id=None,
        now=at,
    )


def test_a_follow_up_is_asked_only_after_consent_and_the_delay(sql_engine: Engine) -> None:
    create_tables(sql_engine)
    first, second = offered(sql_engine, "u-a"), offered(sql_engine, "u-b")
    assert store.answer_offer(sql_engine, "u-a", True, T0) and store.answer_offer(sql_engine, "u-b", False, T0)
    assert store.due(sql_engine, T0 + DAY - dt.timedelta(seconds=1), DAY) == []
    [due] = store.due(sql_engine, T0 + DAY, DAY)
    assert due["id"] == first and due["conversation_id"] == "openid-u-a" and second != first
    store.mark_asked(sql_engine, first, T0 + DAY)
    assert store.due(sql_engine, T0 + 2 * DAY, DAY) == []
    assert not store.answer_offer(sql_engine, "u-c", True, T0)  # nothing offered to answer


def test_withdrawing_stops_every_follow_up(sql_engine: Engine) -> None:
    create_tables(sql_engine)
    offered(sql_engine)
    store.answer_offer(sql_engine, "u-a", True, T0)
    assert store.withdraw(sql_engine, "u-a") == 1 and store.due(sql_engine, T0 + 3 * DAY, DAY) == []


def test_a_second_report_of_the_same_trip_is_kept_once(sql_engine: Engine) -> None:
    create_tables(sql_engine)
    two = Report(Trips.TWO, Cause.MISSING_MATERIAL, "hukou-book", "户口本")
    first_id, recorded = outcome(sql_engine, two)
    again_id, again = outcome(sql_engine, two, at=T0 + DAY)
    assert recorded and not again and again_id == first_id
    _, later = outcome(sql_engine, two, at=T0 + store.SAME_TRIP + DAY)  # another trip, weeks later
    assert later and len(store.list_outcomes(sql_engine)) == 2


def test_rates_weeks_causes_and_problems(sql_engine: Engine) -> None:
    create_tables(sql_engine)
    outcome(sql_engine, Report(Trips.ONE, Cause.NONE), who="u-1")
    outcome(sql_engine, Report(Trips.ONLINE, Cause.NONE), who="u-2")
    outcome(sql_engine, Report(Trips.TWO, Cause.MISSING_MATERIAL, None, "单位证明"), who="u-3", listed=False)
    outcome(sql_engine, Report(Trips.UNKNOWN, Cause.NONE), who="u-4")
    rows = store.list_outcomes(sql_engine)
    [rate] = store.one_trip_rates(rows)
    assert (rate["reports"], rate["in_one"]) == (3, 2) and round(rate["rate"], 2) == 0.67
    assert store.weekly_rates(rows) == [(dt.date(2026, 11, 30), 3, 2)]
    assert store.ranked_causes(rows) == [("missing_material", 1)]
    [problem] = store.list_problems(sql_engine)
    assert (problem["item"], problem["material"], problem["status"]) == ("t-marriage", "单位证明", "new")
    assert [r["material_text"] for r in problem["reports"]] == ["单位证明"]
    assert store.set_problem_status(sql_engine, problem["id"], "fixed", dt.date(2026, 12, 2), T0)
    assert store.list_problems(sql_engine)[0]["fixed_on"] == dt.date(2026, 12, 2)
    assert not store.set_problem_status(sql_engine, 999, "checked", dt.date(2026, 12, 2), T0)


def test_forgetting_and_retention_cover_follow_ups_and_reports(engine: Engine) -> None:
    create_tables(engine)
    offered(engine, "u-a")
    outcome(engine, Report(Trips.ONE, Cause.NONE), who="u-a")
    outcome(engine, Report(Trips.ONE, Cause.NONE), who="u-b", at=T0 - 200 * DAY)
    assert forget_citizen(engine, "u-a") == 2
    counts = purge_records(engine, T0 - 100 * DAY)
    assert counts["outcomes"] == 1 and store.list_outcomes(engine) == []


def test_a_callers_number_is_kept_only_for_their_calls_open_follow_ups_and_forgotten_with_them(
    sql_engine: Engine,
) -> None:
    create_tables(sql_engine)
    mine = store.offer(
        sql_engine,
        channel="hotline",
        conversation_id="CA1",
        citizen_ref="u-ca1",
        item="t-marriage",
        region="",
        checklist="",
        now=T0,
    )
    offered(sql_engine, "u-wechat")  # another channel, another conversation: untouched
    assert store.attach_number(sql_engine, "CA1", "+8613800000000", "u-phone") == 1
    assert store.attach_number(sql_engine, "CA1", "+8613800000000", "u-phone") == 0  # texted twice: kept once
    assert store.followup_by_number(sql_engine, "u-phone", T0)["id"] == mine  # type: ignore[index]
    assert store.followup_by_number(sql_engine, "u-phone", T0 + 31 * DAY) is None  # too late to link
    assert store.phone_of(sql_engine, mine) == "+8613800000000"
    forget_citizen(sql_engine, "u-ca1")
    assert store.phone_of(sql_engine, mine) is None and store.followup_by_number(sql_engine, "u-phone", T0) is None
