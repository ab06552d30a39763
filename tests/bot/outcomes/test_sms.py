"""The hotline's follow-up by SMS: the offer texted with the checklist, consent by reply, the
question's digits or words recorded against the item, stop words, late and stray replies."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.handover.tables import create_tables
from bot.outcomes import sms, store
from bot.outcomes.sms import SmsReplies

T0 = dt.datetime(2026, 12, 1, 10, 0)
CALL, PHONE, REF = "CA-call-1", "+8613800138000", "u-phone"


@pytest.fixture
def replies(engine: Engine, catalogue: Catalogue) -> SmsReplies:
    create_tables(engine)
    return SmsReplies(engine, catalogue)


def texted_offer(engine: Engine, item: str = "t-marriage", call: str = CALL) -> int:
    """A checklist given on a call, texted to the caller with the offer."""
    followup = store.offer(
        engine,
        channel="hotline",
        conversation_id=call,
        citizen_ref="u-call",
        item=item,
        region="",
        checklist="请带：身份证、户口本",
        now=T0,
    )
    store.attach_number(engine, call, PHONE, REF)
    return followup


def test_the_offer_is_taken_up_by_replying_yes_and_asked_later(engine: Engine, replies: SmsReplies) -> None:
    texted_offer(engine)
    assert replies.answer(REF, "1", T0) == sms.OFFER_AGAIN  # a digit is no answer to the offer
    assert replies.answer(REF, "好的", T0) == sms.CONSENTED
    [due] = store.due(engine, T0 + dt.timedelta(days=1), dt.timedelta(hours=24))
    assert due["channel"] == "hotline" and store.phone_of(engine, due["id"]) == PHONE
    assert store.list_outcomes(engine) == []


def test_declining_forgets_the_number(engine: Engine, replies: SmsReplies) -> None:
    followup = texted_offer(engine)
    assert replies.answer(REF, "不用了", T0) == sms.DECLINED
    assert store.phone_of(engine, followup) is None
    assert store.due(engine, T0 + dt.timedelta(days=2), dt.timedelta(hours=24)) == []


def test_a_digit_answers_the_question_and_a_second_report_is_kept_once(engine: Engine, replies: SmsReplies) -> None:
    followup = texted_offer(engine)
    replies.answer(REF, "好", T0)
    store.mark_asked(engine, followup, T0 + dt.timedelta(days=1))
    assert store.phone_of(engine, followup) is None  # asked: the number is no longer needed
    answer = replies.answer(REF, "１", T0 + dt.timedelta(days=1, hours=2))  # full-width, as phones send it
    assert "一次办成" in answer
    assert replies.answer(REF, "1", T0 + dt.timedelta(days=1, hours=3)) == sms.NOTHING_TO_ANSWER
    [row] = store.list_outcomes(engine)
    assert (row["item"], row["trips"], row["channel"], row["citizen_ref"]) == ("t-marriage", "one", "hotline", "u-call")


def test_a_report_in_words_names_the_missing_material_as_a_catalogue_problem(
    engine: Engine, replies: SmsReplies
) -> None:
    followup = texted_offer(engine)
    replies.answer(REF, "好", T0)
    store.mark_asked(engine, followup, T0 + dt.timedelta(days=1))
    answer = replies.answer(REF, "跑了两次，还要单位开的在职证明", T0 + dt.timedelta(days=2))
    assert "跑了两次" in answer and "在职证明" in answer
    [row] = store.list_outcomes(engine)
    assert row["trips"] == "two" and row["listed"] == 0 and "身份证" in row["checklist"]
    [problem] = store.list_problems(engine)
    assert problem["item"] == "t-marriage"


def test_a_report_without_consent_is_still_recorded(engine: Engine, replies: SmsReplies) -> None:
    texted_offer(engine)
    assert "一次办成" in replies.answer(REF, "已经办好了，一次就办成了", T0 + dt.timedelta(days=1))
    assert len(store.list_outcomes(engine)) == 1


@pytest.mark.parametrize("stop", ["TD", "td", "退订", "不用再问了"])
def test_stop_words_withdraw_every_follow_up(engine: Engine, replies: SmsReplies, stop: str) -> None:
    followup = texted_offer(engine)
    replies.answer(REF, "好", T0)
    assert replies.answer(REF, stop, T0) == sms.STOPPED
    assert store.phone_of(engine, followup) is None
    assert store.due(engine, T0 + dt.timedelta(days=2), dt.timedelta(hours=24)) == []


@pytest.mark.parametrize("body", ["", "   ", "😀😀", "hello", "今天天气不错", "x" * 100_000])
def test_nonsense_is_asked_again_never_recorded(engine: Engine, replies: SmsReplies, body: str) -> None:
    followup = texted_offer(engine)
    replies.answer(REF, "好", T0)
    store.mark_asked(engine, followup, T0 + dt.timedelta(days=1))
    assert replies.answer(REF, body, T0 + dt.timedelta(days=1)) == sms.ASK_AGAIN
    assert store.list_outcomes(engine) == []


def test_a_stranger_or_a_reply_a_month_late_is_told_there_is_nothing_to_answer(
    engine: Engine, replies: SmsReplies
) -> None:
    texted_offer(engine)
    assert replies.answer("u-stranger", "跑了两次", T0) == sms.NOTHING_TO_ANSWER
    assert replies.answer(REF, "跑了两次", T0 + dt.timedelta(days=31)) == sms.NOTHING_TO_ANSWER
    assert store.list_outcomes(engine) == []


def test_the_question_names_the_item_and_the_digits(catalogue: Catalogue) -> None:
    text = sms.question_text(catalogue, "t-marriage")
    assert "【结婚登记】" in text and "1 一次办成" in text and "TD" in text
    assert "这件事" in sms.question_text(catalogue, "event:gone")
