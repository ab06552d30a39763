"""Scripted calls against the call flow, with a stand-in bot and a fixed clock."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from bot.handover.records import Reason
from bot.settings import HotlineSettings
from channels.hotline.endpoint import (
    AGAIN,
    GREETING,
    HOLD,
    KEYPAD,
    MANDARIN,
    MORE,
    OFFER_SMS,
    SMS_SENT,
    TO_PERSON,
    HotlineEndpoint,
    Text,
)

MATERIALS = "【普通护照申领】需要准备的材料：\n" + "\n".join(f"{i}. 材料{i}（原件，1份）" for i in range(1, 6))
OPEN = dt.datetime(2026, 11, 25, 10, 0)  # a Wednesday morning
CLOSED = dt.datetime(2026, 11, 28, 10, 0)  # a Saturday


class Bot:
    def __init__(self, reply: str = MATERIALS, delay: float = 0.0) -> None:
        self.asked: list[str] = []
        self.reply, self.delay = reply, delay

    async def ask(self, call_sid: str, text: str) -> list[dict[str, Any]]:
        self.asked.append(text)
        await asyncio.sleep(self.delay)
        return [{"text": self.reply}]


class Callbacks:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, str, str, bool]] = []
        self.reasons: list[Reason] = []

    async def record(self, call_sid: str, caller: str, asked: str, call_back: bool, reason: Reason) -> None:
        self.recorded.append((call_sid, caller, asked, call_back))
        self.reasons.append(reason)


SETTINGS = HotlineSettings(
    "token", "", "Polly.Zhiyu", "90%", "+8657100000000", None, (9, 17), "ACtest", "+15550001111", ""
)


def line(
    bot: Bot, now: dt.datetime = OPEN, budget: float = 2.0, text: Text | None = None
) -> tuple[HotlineEndpoint, Callbacks]:
    callbacks = Callbacks()
    hints = ["普通护照申领"]
    endpoint = HotlineEndpoint(SETTINGS, bot.ask, callbacks.record, hints, text=text, budget=budget, now=lambda: now)
    return endpoint, callbacks


CALL = {"CallSid": "CA123", "From": "+8613812345678"}


async def test_a_whole_call_greeting_question_parts_repeat_and_transfer() -> None:
    bot = Bot()
    hotline, _ = line(bot)
    greeting = await hotline.incoming(CALL)
    assert GREETING in greeting and 'language="zh-CN"' in greeting and "gather?step=1" in greeting
    first = await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert "第1项，材料1" in first and "第4项" not in first and MORE in first and "gather?step=2" in first
    again = await hotline.gather({**CALL, "Digits": "#"}, 2)
    assert "第1项，材料1" in again
    second = await hotline.gather({**CALL, "SpeechResult": "继续"}, 3)
    assert "第4项，材料4" in second and MORE not in second
    person = await hotline.gather({**CALL, "Digits": "0"}, 4)
    assert TO_PERSON in person and "<Dial" in person
    assert bot.asked == ["办护照要带什么"]


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
    assert AGAIN in await hotline.gather(CALL, 1)
    assert KEYPAD in await hotline.gather({**CALL, "SpeechResult": "嗯啊呃", "Confidence": "0.05"}, 2)
    assert TO_PERSON in await hotline.gather(CALL, 3)
    assert bot.asked == [] and callbacks.recorded == [("CA123", "+8613812345678", "", False)]
    assert callbacks.reasons == [Reason.NOT_UNDERSTOOD]


async def test_english_or_noise_gets_a_mandarin_reprompt_and_keys_work() -> None:
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    assert MANDARIN in await hotline.gather({**CALL, "SpeechResult": "hello I need a passport"}, 1)
    await hotline.gather({**CALL, "Digits": "1"}, 2)
    assert bot.asked == ["/ask_materials"]


async def test_a_slow_bot_gets_a_holding_phrase_then_the_answer() -> None:
    bot = Bot(delay=0.3)
    hotline, _ = line(bot, budget=0.1)
    await hotline.incoming(CALL)
    holding = await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    assert HOLD in holding and "<Redirect" in holding
    await asyncio.sleep(0.3)
    answer = await hotline.gather(CALL, 2)
    assert "第1项，材料1" in answer and bot.asked == ["办护照要带什么"]


async def test_out_of_hours_records_a_callback_with_what_was_asked() -> None:
    hotline, callbacks = line(Bot(), now=CLOSED)
    await hotline.incoming(CALL)
    await hotline.gather({**CALL, "SpeechResult": "办护照要带什么"}, 1)
    goodbye = await hotline.gather({**CALL, "SpeechResult": "转人工"}, 2)
    assert "工作日9点以后给您回电" in goodbye and "<Hangup" in goodbye
    assert callbacks.recorded == [("CA123", "+8613812345678", "办护照要带什么", True)]
    assert callbacks.reasons == [Reason.ASKED_FOR_PERSON]


async def test_status_closes_the_call_and_fallback_is_always_safe() -> None:
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    await hotline.status({**CALL, "CallStatus": "completed"})
    assert GREETING in await hotline.incoming(CALL)  # a new conversation
    fallback = hotline.fallback()
    assert "<Dial" in fallback and "抱歉" in fallback


CHECKLIST = "\n".join(
    ["【普通护照申领】材料核对：", "已有：居民身份证", "还缺：", "  1. 照片（电子，1份）", "结论：还缺1项：照片。"]
)


async def test_after_a_checklist_an_sms_is_offered_and_sent_on_yes(twilio_api) -> None:
    from channels.hotline.sms import SmsSender

    sender = SmsSender("ACtest", "token", "+15550001111", twilio_api.url)
    hotline, _ = line(Bot(reply=CHECKLIST), text=sender.send)
    await hotline.incoming(CALL)
    offered = await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    assert OFFER_SMS in offered
    confirmed = await hotline.gather({**CALL, "Digits": "1"}, 2)
    assert SMS_SENT in confirmed
    [sms] = twilio_api.sent
    assert sms["To"] == "+8613812345678" and sms["From"] == "+15550001111" and "结论：还缺1项" in sms["Body"]


async def test_declining_the_sms_sends_nothing(twilio_api) -> None:
    from channels.hotline.sms import SmsSender

    hotline, _ = line(Bot(reply=CHECKLIST), text=SmsSender("ACtest", "token", "+15550001111", twilio_api.url).send)
    await hotline.incoming(CALL)
    await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    await hotline.gather({**CALL, "SpeechResult": "不用了"}, 2)
    assert twilio_api.sent == []


async def test_options_are_spoken_with_keys_and_a_key_chooses() -> None:
    bot = Bot()
    bot.reply = "请问申请人是否未满16周岁？"

    async def ask(call_sid: str, text: str) -> list[dict[str, Any]]:
        bot.asked.append(text)
        return [
            {"text": bot.reply, "buttons": [{"title": "是", "payload": "是"}, {"title": "不是", "payload": "不是"}]}
        ]

    hotline = HotlineEndpoint(SETTINGS, ask, Callbacks().record, [], now=lambda: OPEN)
    await hotline.incoming(CALL)
    spoken = await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    assert "按1：是。按2：不是。" in spoken
    await hotline.gather({**CALL, "Digits": "2"}, 2)
    assert bot.asked[-1] == "不是"


async def test_the_bots_own_decision_to_hand_over_transfers_the_call() -> None:
    async def ask(call_sid: str, text: str) -> list[dict[str, Any]]:
        return [{"text": "很抱歉……已转给工作人员处理。"}, {"custom": {"handover": "complaint"}}]

    callbacks = Callbacks()
    hotline = HotlineEndpoint(SETTINGS, ask, callbacks.record, [], now=lambda: OPEN)
    await hotline.incoming(CALL)
    assert TO_PERSON in await hotline.gather({**CALL, "SpeechResult": "我要投诉"}, 1)
    assert callbacks.reasons == [Reason.COMPLAINT]


async def test_keys_that_are_not_ascii_digits_are_not_understood_not_a_crash() -> None:
    """str.isdigit() accepts "²" and 5000 nines; int() refuses both."""
    bot = Bot()
    hotline, _ = line(bot)
    await hotline.incoming(CALL)
    assert AGAIN in await hotline.gather({**CALL, "Digits": "²"}, 1)
    assert KEYPAD in await hotline.gather({**CALL, "Digits": "9" * 5000}, 2)
    assert bot.asked == []


async def test_a_new_question_instead_of_the_sms_answer_stays_in_the_callers_conversation() -> None:
    asked: list[tuple[str, str]] = []

    async def ask(call_sid: str, text: str) -> list[dict[str, Any]]:
        asked.append((call_sid, text))
        return [{"text": CHECKLIST}]

    async def sms(to: str, body: str) -> bool:
        return True

    hotline = HotlineEndpoint(SETTINGS, ask, Callbacks().record, [], text=sms, now=lambda: OPEN)
    await hotline.incoming(CALL)
    assert OFFER_SMS in await hotline.gather({**CALL, "SpeechResult": "我有身份证"}, 1)
    await hotline.gather({**CALL, "SpeechResult": "那办护照要多少钱"}, 2)
    assert asked == [("CA123", "我有身份证"), ("CA123", "那办护照要多少钱")]
