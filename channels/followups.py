"""Asks consented citizens whether it took one trip (`make followups`, e.g. hourly): on WeChat
through the customer-service API, on the hotline by SMS.

Only follow-ups the citizen agreed to, once the delay has passed. WeChat's only while WeChat
still lets the account write to them; an SMS needs SMS configured and the caller's number, which
the hotline kept when it texted the checklist. A follow-up that can no longer be sent, and an
offer or consent older than a week, is marked expired rather than tried again
(bot/outcomes/window.py). The WeChat reply comes back as an ordinary message, the SMS reply to
the hotline's SMS webhook (bot/outcomes/sms.py); both are read as a report
(bot/outcomes/report.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.outcomes import sms, store, window

logger = logging.getLogger(__name__)


class WeChatSender(Protocol):
    async def send(self, openid: str, text: str, citizen: str) -> bool: ...


Text = Callable[[str, str], Awaitable[bool]]  # (phone number, body) -> sent


@dataclass(frozen=True)
class Senders:
    wechat: WeChatSender | None = None
    sms: Text | None = None


def followup_text(catalogue: Catalogue, item: str) -> str:
    return (
        f"您好，这里是一次办。前几天您问了【{sms.item_name(catalogue, item)}】，办完了吗？是一次办成的吗？"
        "直接回复就行，比如“一次办成”或“跑了两次，缺结婚证复印件”。不想再收到请回复“不用问了”。"
    )


async def send_due(
    engine: Engine, catalogue: Catalogue, senders: Senders, now: dt.datetime, delay: dt.timedelta
) -> Counter[str]:
    """Ask every follow-up that is due; returns how many were asked, expired, failed, waiting."""
    counts: Counter[str] = Counter()
    counts["expired"] += store.expire_unasked(engine, now - window.ASK_WITHIN)
    for followup in store.due(engine, now, delay):
        counts[await _ask(engine, catalogue, senders, followup, now)] += 1
    return +counts


async def _ask(
    engine: Engine, catalogue: Catalogue, senders: Senders, followup: dict[str, Any], now: dt.datetime
) -> str:
    if followup["channel"] == "wechat":
        if not window.wechat_allows(followup["last_message_at"], now):
            store.expire(engine, followup["id"])
            return "expired"
        if senders.wechat is None:
            return "waiting"  # WeChat not configured here: asked by a run that has it, within the window
        sent = await senders.wechat.send(
            followup["conversation_id"], followup_text(catalogue, followup["item"]), followup["citizen_ref"]
        )
    elif followup["channel"] == "hotline":
        phone = store.phone_of(engine, followup["id"])
        if phone is None:  # the checklist was never texted: nowhere to ask
            store.expire(engine, followup["id"])
            return "expired"
        if senders.sms is None:
            return "waiting"
        sent = await senders.sms(phone, sms.question_text(catalogue, followup["item"]))
    else:
        return "waiting"  # a channel that cannot write first (REST): the citizen may still tell us
    if not sent:
        return "failed"  # tried again next run, while the window lasts
    store.mark_asked(engine, followup["id"], now)
    return "asked"


def main() -> int:
    from bot import runtime
    from bot.db import utc_now
    from channels.hotline.sms import SmsSender
    from channels.wechat.customer_service import CustomerService

    settings = runtime.settings()
    wechat, line = settings.wechat, settings.hotline
    senders = Senders(
        wechat=CustomerService(wechat, settings.redis_url) if wechat.app_id and wechat.secret else None,
        sms=SmsSender(line.account_sid or "", line.auth_token or "", line.sms_from or "", line.api_base).send
        if line.can_text
        else None,
    )
    if senders.wechat is None:
        print("followups: WECHAT_APPID and WECHAT_SECRET are not set; WeChat follow-ups are not sent.")
    if senders.sms is None:
        print("followups: SMS is not configured (TWILIO_ACCOUNT_SID, HOTLINE_SMS_FROM); hotline follow-ups wait.")
    delay = dt.timedelta(hours=settings.followup_delay_hours)
    counts = asyncio.run(send_due(runtime.engine(), runtime.assistant().catalogue, senders, utc_now(), delay))
    print("followups: " + ", ".join(f"{k} {counts[k]}" for k in ("asked", "expired", "failed", "waiting")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
