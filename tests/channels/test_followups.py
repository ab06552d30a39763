"""The follow-ups `make followups` sends: WeChat's once consented and due, only within WeChat's
48 hours; the hotline's by SMS to the number kept when the checklist was texted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.handover.tables import create_tables
from bot.outcomes import store
from channels.followups import Senders, followup_text, send_due

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
    consented(engine, "u-rest", channel="rest")  # REST cannot write first: not asked, not expired
    sender = Sender()
    senders = Senders(wechat=sender)
    assert (await send_due(engine, catalogue, senders, T0 + DELAY - dt.timedelta(minutes=1), DELAY)) == {}
    counts = await send_due(engine, catalogue, senders, T0 + DELAY, DELAY)
    assert counts["asked"] == 1 and sender.sent[0][0] == "openid-u-a" and "【结婚登记】" in sender.sent[0][1]
    assert counts["waiting"] == 1
    assert (await send_due(engine, catalogue, senders, T0 + DELAY + dt.timedelta(hours=1), DELAY))["asked"] == 0


async def test_after_48_hours_of_silence_it_expires_and_a_failure_is_tried_again(
    engine: Engine, catalogue: Catalogue
) -> None:
    create_tables(engine)
    consented(engine, "u-a")
    failing = Sender(works=False)
    assert (await send_due(engine, catalogue, Senders(wechat=failing), T0 + DELAY, DELAY))["failed"] == 1
    late = await send_due(engine, catalogue, Senders(wechat=Sender()), T0 + dt.timedelta(hours=48), DELAY)
    assert late["expired"] == 1 and store.due(engine, T0 + dt.timedelta(hours=49), DELAY) == []


async def test_a_citizen_who_wrote_again_can_still_be_asked(engine: Engine, catalogue: Catalogue) -> None:
    create_tables(engine)
    consented(engine, "u-a")
    store.touch(engine, "u-a", T0 + dt.timedelta(hours=30))
    assert (await send_due(engine, catalogue, Senders(wechat=Sender()), T0 + dt.timedelta(hours=60), DELAY))[
        "asked"
    ] == 1


def test_the_question_names_the_item_or_the_event(catalogue: Catalogue) -> None:
    assert "不用问了" in followup_text(catalogue, "t-marriage") and "这件事" in followup_text(catalogue, "event:gone")


class Texts:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, to: str, body: str) -> bool:
        self.sent.append((to, body))
        return True


def hotline_consent(engine: Engine, call: str, texted: bool) -> int:
    followup = store.offer(
        engine,
        channel="hotline",
        conversation_id=call,
        citizen_ref=f"u-{call}",
        item="t-marriage",
        region="",
        checklist="",
        now=T0,
    )
    if texted:
        store.attach_number(engine, call, "+8613800138000", f"u-phone-{call}")
    store.answer_offer(engine, f"u-{call}", True, T0)
    return followup


async def test_the_hotline_asks_by_sms_and_then_forgets_the_number(engine: Engine, catalogue: Catalogue) -> None:
    create_tables(engine)
    asked = hotline_consent(engine, "CA1", texted=True)
    never_texted = hotline_consent(engine, "CA2", texted=False)
    assert (await send_due(engine, catalogue, Senders(), T0 + DELAY, DELAY)) == {"waiting": 1, "expired": 1}
    texts = Texts()
    counts = await send_due(engine, catalogue, Senders(sms=texts.send), T0 + DELAY, DELAY)
    assert counts == {"asked": 1}
    [(to, body)] = texts.sent
    assert to == "+8613800138000" and "【结婚登记】" in body and "1 一次办成" in body
    assert store.phone_of(engine, asked) is None and store.phone_of(engine, never_texted) is None


async def test_an_offer_or_consent_a_week_old_expires_with_its_number(engine: Engine, catalogue: Catalogue) -> None:
    create_tables(engine)
    followup = hotline_consent(engine, "CA1", texted=True)
    week = T0 + dt.timedelta(days=7, minutes=1)
    assert (await send_due(engine, catalogue, Senders(), week, DELAY)) == {"expired": 1}
    assert store.phone_of(engine, followup) is None and store.due(engine, week, DELAY) == []
