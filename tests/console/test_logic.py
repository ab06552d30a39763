"""The console's pure parts: query parsing, Beijing days, what an export may contain, grouping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from console.exports import PUBLIC_FIELDS, export_json, export_text, masked_phone, public_record
from console.queue import QueueQuery
from console.review import group_questions, parse_days
from console.signin import safe_next


def row(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "created_at": dt.datetime(2024, 3, 1, 17, 30),  # UTC: 01:30 on 2 March in Beijing
        "updated_at": dt.datetime(2024, 3, 1, 17, 30),
        "channel": "hotline",
        "conversation_id": "+8613900001111",
        "citizen_ref": "u-0123456789abcdef",
        "reason": "not_understood",
        "asked": "身份证过期",
        "services": ["居民身份证换领"],
        "held": [],
        "missing": [],
        "answers": {},
        "status": "new",
        "assignee": None,
        "notes": "",
        "tags": [],
        "outcome": None,
        "resolved_at": None,
        "callback_phone": "13900001111",
        "called_back_at": None,
    }
    return base | values


def test_query_parsing_keeps_what_is_valid() -> None:
    query = QueueQuery.from_args(
        {"status": ["assigned"], "reason": ["nonsense"], "from": ["2024-03-02"], "q": [" 护照 "]}
    )
    assert (query.status, query.reason, query.since, query.q) == ("assigned", "", dt.date(2024, 3, 2), "护照")
    assert query.problems == ["未知的原因，已忽略"]
    assert query.params() == {"status": "assigned", "from": "2024-03-02", "q": "护照"}


def test_dates_are_beijing_days() -> None:
    query = QueueQuery.from_args({"from": "2024-03-02", "to": "2024-03-02"})
    assert query.filters().since == dt.date(2024, 3, 1)  # widened: records compares UTC dates
    assert query.keeps(row())  # 17:30 UTC on 1 March is 2 March in Beijing
    assert not query.keeps(row(created_at=dt.datetime(2024, 3, 1, 15, 59)))
    assert not query.keeps(row(created_at=dt.datetime(2024, 3, 2, 16, 0)))


@pytest.mark.parametrize("edge", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_dates_are_ignored_not_overflowed(edge: str) -> None:
    """The filters widen the range by a day: date.min - 1 and date.max + 1 do not exist."""
    query = QueueQuery.from_args({"from": [edge], "to": [edge]})
    assert (query.since, query.until) == (None, None) and query.problems == ["日期格式应为 2024-01-31，已忽略"]
    assert query.filters().since is None


def test_exports_never_carry_the_conversation_id() -> None:
    record = public_record(row())
    assert set(record) == {*PUBLIC_FIELDS, "reason_label", "status_label"}
    assert record["callback_phone"] == "139****1111" and record["created_at"] == "2024-03-02T01:30:00+08:00"
    for exported in (str(export_json(row(), [])), export_text(row(), None)):
        assert "+8613900001111" not in exported and "13900001111" not in exported
    assert "对话记录暂时无法读取" in export_text(row(), None)


def test_other_numbers_keep_only_four_digits() -> None:
    assert masked_phone("+12025550123") == "********0123" and masked_phone("13812345678") == "138****5678"


def test_questions_group_by_normalised_text() -> None:
    at = dt.datetime(2024, 3, 1)
    rows = [
        {"id": 3, "text": "渔船登记怎么办？", "kind": "not_in_catalogue", "created_at": at},
        {"id": 2, "text": "渔船登记 怎么办", "kind": "not_understood", "created_at": at},
        {"id": 1, "text": "护照", "kind": "not_understood", "created_at": at},
    ]
    first, second = group_questions(rows)
    assert (first.count, first.example, first.latest_id) == (2, "渔船登记怎么办？", 3)
    assert first.kinds == {"目录外事项", "连续未理解"} and second.count == 1


@pytest.mark.parametrize(
    ("raw", "days"),
    [(None, 30), ("7", 7), ("0", 1), ("9999", 366), ("-3", 30), ("x", 30), ("²", 30), ("١٢", 30), ("9" * 5000, 30)],
)
def test_days_are_clamped(raw: str | None, days: int) -> None:
    assert parse_days(raw) == days


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/review", "/review"), ("//evil.example", "/"), ("https://evil.example", "/"), ("/\\evil", "/"), (None, "/")],
)
def test_next_stays_on_the_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe
