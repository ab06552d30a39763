"""WeChat's 48 hours and our delay, at their edges, with a fixed clock."""

from __future__ import annotations

import datetime as dt

from bot.outcomes import window

LAST = dt.datetime(2026, 12, 1, 9, 0)


def test_wechat_allows_writing_strictly_within_48_hours_of_the_last_message() -> None:
    assert window.wechat_allows(LAST, LAST)
    assert window.wechat_allows(LAST, LAST + dt.timedelta(hours=47, minutes=59, seconds=59))
    assert not window.wechat_allows(LAST, LAST + dt.timedelta(hours=48))
    assert not window.wechat_allows(LAST, LAST - dt.timedelta(seconds=1))  # a clock gone backwards: not trusted


def test_ready_after_the_delay() -> None:
    delay = dt.timedelta(hours=24)
    assert not window.ready(LAST, LAST + delay - dt.timedelta(seconds=1), delay)
    assert window.ready(LAST, LAST + delay, delay)
