"""When a person answers: OFFICE_HOURS on OFFICE_DAYS, local time (public holidays not known)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class OfficeHours:
    start: int = 9  # opening hour
    end: int = 17  # closing hour (exclusive)
    first_day: int = 1  # ISO weekday: 1 is Monday
    last_day: int = 5

    def is_open(self, now: dt.datetime) -> bool:
        return self.first_day <= now.isoweekday() <= self.last_day and self.start <= now.hour < self.end

    @property
    def days_text(self) -> str:
        """As a citizen reads it: 工作日, 每天, or 周一至周六."""
        if (self.first_day, self.last_day) == (1, 5):
            return "工作日"
        if (self.first_day, self.last_day) == (1, 7):
            return "每天"
        return f"周{DAY_NAMES[self.first_day - 1]}至周{DAY_NAMES[self.last_day - 1]}"
