"""What a citizen reports after going to the office: how many trips, and why more than one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Trips(str, Enum):
    ONE = "one"
    TWO = "two"
    MORE = "more"  # three or more
    NOT_DONE = "not_done"  # not finished (yet)
    ONLINE = "online"  # done online, no trip
    UNKNOWN = "unknown"  # the message does not say

    @property
    def in_one(self) -> bool:
        """What the reform promises: at most one trip (online counts)."""
        return self in (Trips.ONE, Trips.ONLINE)


class Cause(str, Enum):
    NONE = "none"
    MISSING_MATERIAL = "missing_material"
    WINDOW_CLOSED = "window_closed"
    SYSTEM_DOWN = "system_down"
    SENT_ELSEWHERE = "sent_elsewhere"
    OTHER = "other"


@dataclass(frozen=True)
class Report:
    trips: Trips
    cause: Cause
    material_key: str | None = None  # the glossary id of the material sent back for, if it has one
    material_text: str = ""  # the citizen's own words for it

    @property
    def says_something(self) -> bool:
        return self.trips is not Trips.UNKNOWN or self.cause is not Cause.NONE
