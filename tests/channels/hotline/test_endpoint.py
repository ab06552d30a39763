"""Scripted calls through the webhooks, with a stand-in bot, a fixed clock and the call store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.handover.model import Reason
from channels.hotline import flow
from channels.hotline.calls import CallStore, MemoryCalls
from channels.hotline.endpoint import HotlineEndpoint, Text
from channels.hotline.sms import SmsSender
from tests.channels.hotline.support import (
    CALL,
    CHECKLIST,
    CLOSED,
    OPEN,
    SETTINGS,
    Bot,
    Callbacks,
    turn,
)

PERSON = {"id": 7, "reason": "asked_for_person", "connect_now": True}


def line(
    bot: Bot, now: dt.datetime = OPEN, budget: float = 2.0, text: Text | None = None, calls: CallStore | None = None
) -> tuple[HotlineEndpoint, Callbacks]:
    callbacks = Callbacks()
    hints = ["普通护照申领"]
    endpoint = HotlineEndpoint(
        SETTINGS, bot.ask, callbacks.record, hints, text=text, budget=budget, now=lambda: now, calls=calls
    )
    return endpoint, callbacks


class PersonOnRequest(Bot):
    """Answers with materials; a request for a person (key 0 or words) is recorded as the bot does."""

    async def ask(self, call_sid: str, text: str) -> list[dict[str, Any]]:
        if text == flow.REQUEST_HUMAN or "人工" in text:
            self.asked.append(text)
            return turn("好的，正在为您联系工作人员。", handover=PERSON)
        return await super().ask(call_sid, text)


async def test_a_whole_call_greeting_question_parts_repeat_and_transfer() -> None:
    bot = PersonOnRequest()
    hotline, callbacks = line(bot)
    greeting = await hotline.incoming(CALL)
    assert flow.GREETING in greeting and 'language="zh-CN"' in greeting and "gather?step=1" in greeting
    first = await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert "第1项，材料1" in first and "第4项" not in first and flow.MORE in first and "gather?step=2" in first
    again = await hotline.gather({**CALL, "Digits": "#"}, 2)
    assert "第1项，材料1" in again
    second = await hotline.gather({**CALL, "SpeechResult": "继续"}, 3)
    assert "第4项，材料4" in second and flow.MORE not in second
    person = await hotline.gather({**CALL, "Digits": "0"}, 4)
    assert flow.TO_PERSON in person and "<Dial" in person
    assert bot.asked == ["办护照要带什么", flow.REQUEST_HUMAN]
    assert callbacks.recorded == []  # the bot recorded the handover; in office hours nothing to add


async def test_a_repeated_request_is_not_processed_twice() -> None:
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    once = await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    twice = await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert once == twice and bot.asked == ["办护照要带什么"]


async def test_silence_or_unrecognised_speech_reprompts_then_offers_keys_then_a_person() -> None:
    bot = Bot()
    hotline, callbacks = line(bot)
    await hotline.incoming(CALL)
    assert flow.AGAIN in await hotline.gather(CALL, 1)
    assert flow.KEYPAD in await hotline.gather({**CALL, "SpeechResult": "嗯啊呃", "Confidence": "0.05"}, 2)
    assert flow.TO_PERSON in await hotline.gather(CALL, 3)
    assert bot.asked == [] and callbacks.recorded == [("CA123", "+8613812345678", "", False)]
    assert callbacks.reasons == [Reason.NOT_UNDERSTOOD] and callbacks.handover_ids == [None]


async def test_english_or_noise_gets_a_mandarin_reprompt_and_keys_work() -> None:
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    assert flow.MANDARIN in await hotline.gather({**CALL, "SpeechResult": "hello I need a passport"}, 1)
    await hotline.gather({**CALL, "Digits": "1"}, 2)
    assert bot.asked == ["/ask_materials"]


async def test_a_slow_bot_gets_a_holding_phrase_then_the_answer() -> None:
    """The bot is held back until the caller has heard the holding phrase. When Twilio comes back
    (here to a second endpoint over the same call store, as to another process) the answer is
    awaited itself: the budget is a bound, not a pause."""
    bot, calls = Bot(), MemoryCalls()
    bot.release.clear()
    hurried, _ = line(bot, budget=0.01, calls=calls)
    patient, _ = line(bot, budget=10.0, calls=calls)
    await hurried.incoming(CALL)
    holding = await hurried.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert flow.HOLD in holding and "<Redirect" in holding and "gather?step=2" in holding
    bot.release.set()
    answer = await patient.gather(CALL, 2)
    assert "第1项，材料1" in answer and bot.asked == ["办护照要带什么"]


async def test_a_failing_bot_puts_the_caller_through_to_a_person() -> None:
    async def ask(call_sid: str, text: str) -> list[dict[str, Any]]:
        raise RuntimeError("rasa fell over")

    callbacks = Callbacks()
    hotline = HotlineEndpoint(SETTINGS, ask, callbacks.record, [], now=lambda: OPEN)
    await hotline.incoming(CALL)
    assert flow.TO_PERSON in await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert callbacks.recorded == [("CA123", "+8613812345678", "办护照要带什么", False)]
    assert callbacks.reasons == [Reason.SYSTEM_ERROR] and callbacks.handover_ids == [None]


async def test_out_of_hours_adds_the_number_to_call_back_to_the_bots_handover() -> None:
    bot = PersonOnRequest()
    hotline, callbacks = line(bot, now=CLOSED)
    await hotline.incoming(CALL)
    await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    goodbye = await hotline.gather({**CALL, "SpeechResult": "转人工"}, 2)
    assert "工作日9点以后给您回电" in goodbye and "<Hangup" in goodbye
    assert bot.asked == ["办护照要带什么", "转人工"]  # the bot's NLU decides what the words mean
    assert callbacks.recorded == [("CA123", "+8613812345678", "办护照要带什么；转人工", True)]
    assert callbacks.reasons == [Reason.ASKED_FOR_PERSON] and callbacks.handover_ids == [7]


async def test_status_closes_the_call_and_fallback_is_always_safe() -> None:
    hotline, _ = line(Bot())
    await hotline.incoming(CALL)
    await hotline.status({**CALL, "CallStatus": "completed"})
    assert flow.GREETING in await hotline.incoming(CALL)  # a new conversation
    fallback = hotline.fallback()
    assert "<Dial" in fallback and "抱歉" in fallback


async def test_after_a_checklist_an_sms_is_offered_and_sent_on_yes(twilio_api) -> None:
    sender = SmsSender("ACtest", "token", "+15550001111", twilio_api.url)
    hotline, _ = line(Bot(reply=turn(CHECKLIST, "verdict")), text=sender.send)
    await hotline.incoming(CALL)
    offered = await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    assert flow.OFFER_SMS in offered
    confirmed = await hotline.gather({**CALL, "Digits": "1"}, 2)
    assert flow.SMS_SENT in confirmed
    [sms] = twilio_api.sent
    assert sms["To"] == "+8613812345678" and sms["From"] == "+15550001111" and "结论：还缺1项" in sms["Body"]


async def test_a_texted_checklist_keeps_the_number_for_its_follow_up_and_a_failed_one_does_not() -> None:
    kept: list[tuple[str, str]] = []

    async def texted(call_sid: str, caller: str) -> None:
        kept.append((call_sid, caller))

    for works in (False, True):

        async def sms(to: str, body: str, works: bool = works) -> bool:
            return works

        hotline = HotlineEndpoint(
            SETTINGS, Bot(reply=turn(CHECKLIST, "verdict")).ask, Callbacks().record, [], text=sms, texted=texted
        )
        call = {**CALL, "CallSid": f"CA-{works}"}
        await hotline.incoming(call)
        await hotline.gather({**call, "SpeechResult": "我有身份证"}, 1)
        await hotline.gather({**call, "Digits": "1"}, 2)
    assert kept == [("CA-True", CALL["From"])]


async def test_declining_the_sms_sends_nothing(twilio_api) -> None:
    sender = SmsSender("ACtest", "token", "+15550001111", twilio_api.url)
    hotline, _ = line(Bot(reply=turn(CHECKLIST, "verdict")), text=sender.send)
    await hotline.incoming(CALL)
    await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    assert flow.NEXT in await hotline.gather({**CALL, "SpeechResult": "不用了"}, 2)
    assert twilio_api.sent == []


async def test_only_a_verdict_is_offered_by_sms_whatever_its_words() -> None:
    async def sms(to: str, body: str) -> bool:
        return True

    hotline, _ = line(Bot(reply=turn(CHECKLIST)), text=sms)
    await hotline.incoming(CALL)
    assert flow.OFFER_SMS not in await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)


async def test_options_are_spoken_with_keys_and_a_key_is_the_bots_choice() -> None:
    bot = Bot(reply=turn("请问申请人是否未满16周岁？", "question", ("是", "不是")))
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    spoken = await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    assert "按1：是。按2：不是。" in spoken
    await hotline.gather({**CALL, "Digits": "1"}, 2)
    assert bot.asked[-1] == "1"  # the bot resolves it against its own last options


async def test_after_a_plain_answer_keys_are_the_menu() -> None:
    bot = Bot(reply="好的。")
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    await hotline.gather({**CALL, "SpeechResult": "你好"}, 1)
    await hotline.gather({**CALL, "Digits": "2"}, 2)
    assert bot.asked == ["你好", "/inform_materials"]


async def test_keys_that_are_not_ascii_digits_are_not_understood_not_a_crash() -> None:
    """str.isdigit() accepts "²" and 5000 nines; int() refuses both."""
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    assert flow.AGAIN in await hotline.gather({**CALL, "Digits": "²"}, 1)
    assert flow.KEYPAD in await hotline.gather({**CALL, "Digits": "9" * 5000}, 2)
    assert bot.asked == []


async def test_a_new_question_instead_of_the_sms_answer_stays_in_the_callers_conversation() -> None:
    asked: list[tuple[str, str]] = []

    async def ask(call_sid: str, text: str) -> list[dict[str, Any]]:
        asked.append((call_sid, text))
        return turn(CHECKLIST, "verdict")

    async def sms(to: str, body: str) -> bool:
        return True

    hotline = HotlineEndpoint(SETTINGS, ask, Callbacks().record, [], text=sms, now=lambda: OPEN)
    await hotline.incoming(CALL)
    assert flow.OFFER_SMS in await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    await hotline.gather({**CALL, "SpeechResult": "那办护照要多少钱"}, 2)
    assert asked == [("CA123", "我有身份证"), ("CA123", "那办护照要多少钱")]
