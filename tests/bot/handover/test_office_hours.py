"""When a person answers, at a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.handover.office_hours import OfficeHours

FRIDAY = dt.date(2026, 12, 4)
SATURDAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    "hours, day, hour, open_now",
    [
        (OfficeHours(), FRIDAY, 9, True),
        (OfficeHours(), FRIDAY, 17, False),  # the closing hour is closed
        (OfficeHours(), FRIDAY, 8, False),
        (OfficeHours(), SATURDAY, 12, False),
        (OfficeHours(9, 17, 1, 6), SATURDAY, 12, True),
        (OfficeHours(0, 24, 1, 7), SATURDAY, 3, True),
    ],
)
def test_open_on_the_days_and_within_the_hours(hours: OfficeHours, day: dt.date, hour: int, open_now: bool) -> None:
    assert hours.is_open(dt.datetime.combine(day, dt.time(hour, 30))) is open_now


def test_the_days_as_a_citizen_reads_them() -> None:
    assert [OfficeHours(9, 17, 1, last).days_text for last in (5, 6, 7)] == ["工作日", "周一至周六", "每天"]
