"""The WeChat follow-up: asked once consented and due, only within WeChat's 48 hours."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.handover.tables import create_tables
from bot.outcomes import store
from channels.wechat.followups import followup_text, send_due

T0 = dt.datetime(2026, 12, 1, 10, 0)
DELAY = dt.timedelta(hours=24)


class Sender:
    def __init__(self, works: bool = True) -> None:
        self.sent: list[tuple[str, str]] = []
        self.works = works

    async def send(self, openid: str, text: str, citizen: str) -> bool:
        self.sent.append((openid, text))
        return self.works


def consented(engine: Engine, who: str, channel: str = "wechat") -> int:
    followup = store.offer(
        engine,
        channel=channel,
        conversation_id=f"openid-{who}",
        citizen_ref=who,
        item="t-marriage",
        region="",
        checklist="",
        now=T0,
    )
    store.answer_offer(engine, who, True, T0)
    return followup


async def test_a_due_follow_up_is_asked_once(engine: Engine, catalogue: Catalogue) -> None:
    create_tables(engine)
    consented(engine, "u-a")
    consented(engine, "u-hotline", channel="hotline")  # asked by SMS, not here
    sender = Sender()
    assert (await send_due(engine, catalogue, sender, T0 + DELAY - dt.timedelta(minutes=1), DELAY)) == {}
    counts = await send_due(engine, catalogue, sender, T0 + DELAY, DELAY)
    assert counts["asked"] == 1 and sender.sent[0][0] == "openid-u-a" and "【结婚登记】" in sender.sent[0][1]
    assert (await send_due(engine, catalogue, sender, T0 + DELAY + dt.timedelta(hours=1), DELAY))["asked"] == 0


async def test_after_48_hours_of_silence_it_expires_and_a_failure_is_tried_again(
    engine: Engine, catalogue: Catalogue
) -> None:
    create_tables(engine)
    consented(engine, "u-a")
    failing = Sender(works=False)
    assert (await send_due(engine, catalogue, failing, T0 + DELAY, DELAY))["failed"] == 1
    late = await send_due(engine, catalogue, Sender(), T0 + dt.timedelta(hours=48), DELAY)
    assert late["expired"] == 1 and store.due(engine, T0 + dt.timedelta(hours=49), DELAY) == []


async def test_a_citizen_who_wrote_again_can_still_be_asked(engine: Engine, catalogue: Catalogue) -> None:
    create_tables(engine)
    consented(engine, "u-a")
    store.touch(engine, "u-a", T0 + dt.timedelta(hours=30))
    assert (await send_due(engine, catalogue, Sender(), T0 + dt.timedelta(hours=60), DELAY))["asked"] == 1


def test_the_question_names_the_item_or_the_event(catalogue: Catalogue) -> None:
    assert "不用问了" in followup_text(catalogue, "t-marriage") and "这件事" in followup_text(catalogue, "event:gone")
