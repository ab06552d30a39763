"""When a person answers: weekdays within OFFICE_HOURS, local time (public holidays not known)."""

from __future__ import annotations

import datetime as dt


def is_open(hours: tuple[int, int], now: dt.datetime) -> bool:
    start, end = hours
    return now.weekday() < 5 and start <= now.hour < end
