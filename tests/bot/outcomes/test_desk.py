"""A turn's follow-up and outcome recorded once: the offer with its checklist, consent, a report
against the item it is about, a material our checklist lacked marked as a catalogue problem."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from bot.assistant import Assistant
from bot.catalogue.schema import Catalogue
from bot.handover.desk import Conversation
from bot.handover.tables import create_tables
from bot.outcomes import store
from bot.outcomes.desk import OutcomeDesk
from bot.outcomes.model import Cause, Trips
from bot.state import FollowupOffer, State

T0 = dt.datetime(2026, 12, 1, 10, 0)


def conversation(text: str, state: State) -> Conversation:
    return Conversation("wechat", "openid-a", "u-a", text, text, True, state, [])


def test_offer_consent_and_a_report_traced_to_the_checklist(
    engine: Engine, assistant: Assistant, catalogue: Catalogue
) -> None:
    create_tables(engine)
    desk = OutcomeDesk(engine, catalogue, now=lambda: T0)
    verdict = assistant.check("身份证和户口本都有", State(service_id="t-id-renewal"))
    assert isinstance(verdict.state.pending, FollowupOffer) and "一次办成" in verdict.replies[-1].text
    desk.after(verdict, conversation("身份证和户口本都有", verdict.state))
    consent = assistant.reply_to_pending("好", True, verdict.state)
    assert consent.consent is True
    desk.after(consent, conversation("好", consent.state))
    [due] = store.due(engine, T0 + dt.timedelta(days=1), dt.timedelta(hours=24))
    assert due["item"] == "t-id-renewal" and "材料齐全" in due["checklist"]
    told = assistant.report("白跑一趟，还要单位开的在职证明，第二次才办好", consent.state)
    assert told.report is not None and told.report.trips is Trips.TWO
    desk.after(told, conversation("…", told.state))
    [row] = store.list_outcomes(engine)
    assert row["item"] == "t-id-renewal" and row["cause"] == Cause.MISSING_MATERIAL.value and row["listed"] == 0
    assert "材料齐全" in row["checklist"] and store.list_problems(engine)[0]["item"] == "t-id-renewal"


def test_withdrawing_and_a_report_about_nothing_discussed(
    engine: Engine, assistant: Assistant, catalogue: Catalogue
) -> None:
    create_tables(engine)
    desk = OutcomeDesk(engine, catalogue, now=lambda: T0)
    stop = assistant.report("不用再问了", State())
    assert stop.withdraw and "不会再来问" in stop.replies[0].text
    desk.after(stop, conversation("不用再问了", stop.state))
    vague = assistant.report("嗯", State())
    assert vague.report is None and "办得怎么样" in vague.replies[0].text
    told = assistant.report("一次就办成了", State())
    desk.after(told, conversation("一次就办成了", told.state))
    assert store.list_outcomes(engine)[0]["item"] == "unknown"  # kept, counted apart from every item
