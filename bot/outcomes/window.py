"""When a follow-up may be sent and a reply still counts: the one place for these rules.

WeChat lets an official account send customer-service messages to a citizen only within 48
hours of that citizen's last message; after that only template messages (which need a template
approved per account) could reach them, so OneTrip does not ask. The follow-up waits long enough
for the citizen to have gone to the office (FOLLOWUP_DELAY_HOURS, default 24). SMS has no such
rule, but a question about a call more than a week ago would puzzle the caller; and a report
more than a month after the checklist is about another visit, not about our answer.
"""

from __future__ import annotations

import datetime as dt

WECHAT_WINDOW = dt.timedelta(hours=48)
ASK_WITHIN = dt.timedelta(days=7)  # after the checklist: an offer not taken up, a consent not asked, expire
REPLY_WITHIN = dt.timedelta(days=30)  # after the checklist: a later report is not linked to it
BARE_ANSWER_WITHIN = dt.timedelta(days=2)  # after the question: a bare "是的" still answers it


def wechat_allows(last_message_at: dt.datetime, now: dt.datetime) -> bool:
    """Strictly within 48 hours of the citizen's last message (at 48 hours exactly: no longer)."""
    return dt.timedelta(0) <= now - last_message_at < WECHAT_WINDOW


def ready(consented_at: dt.datetime, now: dt.datetime, delay: dt.timedelta) -> bool:
    return now - consented_at >= delay
