"""Times as operators read them: Beijing time, whatever zone the server runs in.

The database keeps naive UTC (bot.db.utc_now); operators and citizens live in UTC+8 and a
"today" that starts at 08:00 would confuse them, so every date shown or filtered on is local.
"""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def local(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.timezone.utc).astimezone(BEIJING)


def shown(utc: dt.datetime | None, seconds: bool = False) -> str:
    if utc is None:
        return ""
    return local(utc).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_date(utc: dt.datetime) -> dt.date:
    return local(utc).date()


def today() -> dt.date:
    return dt.datetime.now(BEIJING).date()
