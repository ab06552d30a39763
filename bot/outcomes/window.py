"""When a follow-up may be sent: the one place for WeChat's rule and our own delay.

WeChat lets an official account send customer-service messages to a citizen only within 48
hours of that citizen's last message; after that only template messages (which need a template
approved per account) could reach them, so OneTrip does not ask. The follow-up waits long enough
for the citizen to have gone to the office (FOLLOWUP_DELAY_HOURS, default 24).
"""

from __future__ import annotations

import datetime as dt

WECHAT_WINDOW = dt.timedelta(hours=48)


def wechat_allows(last_message_at: dt.datetime, now: dt.datetime) -> bool:
    """Strictly within 48 hours of the citizen's last message (at 48 hours exactly: no longer)."""
    return dt.timedelta(0) <= now - last_message_at < WECHAT_WINDOW


def ready(consented_at: dt.datetime, now: dt.datetime, delay: dt.timedelta) -> bool:
    return now - consented_at >= delay
