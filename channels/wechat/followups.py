"""Asks consented citizens on WeChat whether it took one trip (`make followups`, e.g. hourly).

Only follow-ups the citizen agreed to, once the delay has passed, and only while WeChat still
lets the account write to them (bot/outcomes/window.py); a follow-up that can no longer be sent
is marked expired rather than tried again. The citizen's reply comes back as an ordinary message
and is read as a report (bot/outcomes/report.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from typing import Protocol

from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.events import EVENT_ITEM
from bot.outcomes import store, window

logger = logging.getLogger(__name__)


class Sender(Protocol):
    async def send(self, openid: str, text: str, citizen: str) -> bool: ...


def followup_text(catalogue: Catalogue, item: str) -> str:
    service = catalogue.services.get(item)
    event = catalogue.events.get(item.removeprefix(EVENT_ITEM))
    name = service.name if service else event.name if event else "这件事"
    return (
        f"您好，这里是一次办。前几天您问了【{name}】，办完了吗？是一次办成的吗？"
        "直接回复就行，比如“一次办成”或“跑了两次，缺结婚证复印件”。不想再收到请回复“不用问了”。"
    )


async def send_due(
    engine: Engine, catalogue: Catalogue, sender: Sender, now: dt.datetime, delay: dt.timedelta
) -> Counter[str]:
    """Ask every WeChat follow-up that is due; returns how many were asked, expired, failed."""
    counts: Counter[str] = Counter()
    for followup in store.due(engine, now, delay):
        if followup["channel"] != "wechat":
            continue
        if not window.wechat_allows(followup["last_message_at"], now):
            store.expire(engine, followup["id"])
            counts["expired"] += 1
            continue
        text = followup_text(catalogue, followup["item"])
        if await sender.send(followup["conversation_id"], text, followup["citizen_ref"]):
            store.mark_asked(engine, followup["id"], now)
            counts["asked"] += 1
        else:
            counts["failed"] += 1  # tried again next run, while the window lasts
    return counts


def main() -> int:
    from bot import runtime
    from bot.db import utc_now
    from channels.wechat.customer_service import CustomerService

    settings = runtime.settings()
    if not settings.wechat.app_id or not settings.wechat.secret:
        print("followups: WECHAT_APPID and WECHAT_SECRET are not set; nothing sent.")
        return 0
    sender = CustomerService(settings.wechat, settings.redis_url)
    delay = dt.timedelta(hours=settings.followup_delay_hours)
    counts = asyncio.run(send_due(runtime.engine(), runtime.assistant().catalogue, sender, utc_now(), delay))
    print(f"followups: asked {counts['asked']}, expired {counts['expired']}, failed {counts['failed']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
