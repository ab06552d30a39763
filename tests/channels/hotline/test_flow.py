"""The call flow as a table: a state and an event in, the next state, what the caller hears and
what the endpoint must do out. No webhooks, no bot, no clock: every row is one turn of a call."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.handover.model import Reason
from bot.handover.office_hours import OfficeHours
from bot.signal import Handover, ReplyKind
from channels.hotline.flow import (
    AGAIN,
    ASKING_GIVE_UP_SECONDS,
    HOLD,
    KEYPAD,
    MANDARIN,
    MORE,
    NEXT,
    OFFER_SMS,
    REQUEST_HUMAN,
    SMS_FAILED,
    SMS_FOLLOWUP_OFFER,
    SMS_SENT,
    TO_PERSON,
    step,
)
from channels.hotline.reply import BotReply
from channels.hotline.states import (
    AskBot,
    Asking,
    Event,
    HandOver,
    Heard,
    Line,
    Listening,
    NotYet,
    OfferingSms,
    Outcome,
    Reading,
    Replied,
    Say,
    SendSms,
    State,
    Texted,
    Then,
)

OPEN = Line(dt.datetime(2026, 11, 25, 10, 0), OfficeHours(9, 17), can_transfer=True, can_text=True)  # a Wednesday
CLOSED = Line(dt.datetime(2026, 11, 28, 10, 0), OfficeHours(9, 17), can_transfer=True, can_text=True)  # a Saturday
NO_SMS = Line(OPEN.now, OfficeHours(9, 17), can_transfer=True, can_text=False)
NO_OPERATOR = Line(OPEN.now, OfficeHours(9, 17), can_transfer=False, can_text=True)
CALL_BACK = Say(
    "现在不是工作时间。已记录您的来电和问题，工作人员会在工作日9点以后给您回电。感谢来电，再见。", Then.HANG_UP
)
NO_ONE_NOW = Say(
    "现在没有工作人员可以接听。已记录您的来电和问题，工作人员会尽快给您回电。感谢来电，再见。", Then.HANG_UP
)
TRANSFER = Say(TO_PERSON, Then.TRANSFER)
T = 1000.0  # wall-clock seconds when the caller spoke


def heard(digits: str = "", speech: str = "") -> Heard:
    return Heard(4, T, digits, speech)


def reply(*texts: str, kind: ReplyKind = ReplyKind.ANSWER, options: tuple[str, ...] = ()) -> Replied:
    return Replied(BotReply(texts, options, kind))


def handed_over(reason: Reason, handover_id: int | None, connect_now: bool = True) -> Replied:
    handover = Handover(reason, connect_now, handover_id)
    return Replied(BotReply(("好的，正在为您联系工作人员。",), (), ReplyKind.ANSWER, handover))


LONG = reply("材料：\n1. 甲\n2. 乙\n3. 丙\n4. 丁")
PART_1, PART_2 = "材料。第1项，甲。第2项，乙。第3项，丙。", "第4项，丁。"
READING = Reading(PART_1, (PART_2,))
CHECKLIST = "结论：还缺1项：照片。"
WRITTEN = "【普通护照申领】需要准备的材料：\n1. 身份证（原件，1份）\n（依据：《护照法》）"
EAR = ("办护照，一共要带两样。", "第1样，身份证；第2样，照片。")
SPOKEN = Replied(BotReply((WRITTEN,), spoken=EAR))
VERDICT_FOR_THE_EAR = BotReply((WRITTEN,), kind=ReplyKind.VERDICT, spoken=("还缺一样。", "第1样，照片。"))
SPOKEN_VERDICT = Replied(VERDICT_FOR_THE_EAR)
CHOICES = "请选择。按1：甲。按2：乙。"
OFFERING = OfferingSms(CHECKLIST, CHECKLIST)  # read out as it is written

ROWS: list[tuple[str, State, Event, Line, Outcome]] = [
    # what the caller says goes to the bot, whatever it is
    ("speech asks the bot", Listening(2), heard(speech="办护照要带什么"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("办护照要带什么"),))),
    ("0 asks the bot for a person", READING, heard("0"), OPEN, Outcome(Asking(4, T), None, (AskBot(REQUEST_HUMAN),))),
    ("0 during the SMS offer too", OFFERING, heard("0"), OPEN, Outcome(Asking(4, T), None, (AskBot(REQUEST_HUMAN),))),
    ("words for a person are the bot's to understand", Listening(), heard(speech="转人工"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("转人工"),))),
    ("1 and 2 are the menu", Listening(), heard("2"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("/inform_materials"),))),
    ("a key answers the bot's choice as the digit", Listening(said="x", choosing=True), heard("3"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("3"),))),
    ("1 after the last part of a plain answer is the menu", Listening(said="x"), heard("1"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("/ask_materials"),))),
    # the reprompt ladder
    ("silence: again", Listening(), heard(), OPEN, Outcome(Listening(1), Say(AGAIN))),
    ("silence twice: the keypad", Listening(1), heard(), OPEN, Outcome(Listening(2), Say(KEYPAD))),
    ("a key that is no key: the keypad", Listening(1), heard("²"), OPEN, Outcome(Listening(2), Say(KEYPAD))),
    ("silence three times: a person, opened by the hotline", Listening(2), heard(), OPEN,
     Outcome(Listening(), TRANSFER, (HandOver(Reason.NOT_UNDERSTOOD, False),))),
    ("out of hours: a callback", Listening(2), heard(), CLOSED,
     Outcome(Listening(), CALL_BACK, (HandOver(Reason.NOT_UNDERSTOOD, True),))),
    ("nobody to transfer to in office hours: a callback, not 'closed'", Listening(2), heard(), NO_OPERATOR,
     Outcome(Listening(), NO_ONE_NOW, (HandOver(Reason.NOT_UNDERSTOOD, True),))),
    ("not Mandarin: a Mandarin reprompt", Listening(), heard(speech="hello"), OPEN,
     Outcome(Listening(1), Say(MANDARIN))),
    ("silence while reading keeps the place", READING, heard(), OPEN,
     Outcome(Reading(PART_1, (PART_2,), misses=1), Say(AGAIN))),
    # the bot's answer
    ("a long answer is read in parts", Asking(4, T), LONG, OPEN, Outcome(READING, Say(PART_1 + MORE))),
    ("a short one at once", Asking(4, T), reply("好的"), OPEN,
     Outcome(Listening(said="好的。"), Say("好的。" + NEXT))),
    ("options are read with their keys", Asking(4, T), reply("请选择：", kind=ReplyKind.OPTIONS, options=("甲", "乙")),
     OPEN, Outcome(Listening(said=CHOICES, choosing=True), Say(CHOICES + NEXT))),
    ("a verdict is offered by SMS", Asking(4, T), reply(CHECKLIST, kind=ReplyKind.VERDICT), OPEN,
     Outcome(OFFERING, Say(OFFERING.said + OFFER_SMS))),
    ("not when the line cannot text", Asking(4, T), reply(CHECKLIST, kind=ReplyKind.VERDICT), NO_SMS,
     Outcome(Listening(said=OFFERING.said), Say(OFFERING.said + NEXT))),
    ("the bot's spoken parts are read, its text is not", Asking(4, T), SPOKEN, OPEN,
     Outcome(Reading(EAR[0], EAR[1:]), Say(EAR[0] + MORE))),
    ("a spoken verdict is what the SMS carries", Asking(4, T), SPOKEN_VERDICT, OPEN,
     Outcome(Reading("还缺一样。", ("第1样，照片。",), "还缺一样。\n第1样，照片。"), Say("还缺一样。" + MORE))),
    ("the follow-up's offer goes with it, not read out", Asking(4, T),
     Replied(dataclasses.replace(VERDICT_FOR_THE_EAR, followup=True)), OPEN,
     Outcome(Reading("还缺一样。", ("第1样，照片。",), f"还缺一样。\n第1样，照片。\n{SMS_FOLLOWUP_OFFER}"),
             Say("还缺一样。" + MORE))),
    ("words of a verdict are not a verdict", Asking(4, T), reply(CHECKLIST), OPEN,
     Outcome(Listening(said=OFFERING.said), Say(OFFERING.said + NEXT))),
    ("the bot's handover: transferred, nothing to add", Asking(4, T), handed_over(Reason.COMPLAINT, 7), OPEN,
     Outcome(Listening(), TRANSFER)),
    ("out of hours: the number added to the bot's record", Asking(4, T), handed_over(Reason.ASKED_FOR_PERSON, 7),
     CLOSED, Outcome(Listening(), CALL_BACK, (HandOver(Reason.ASKED_FOR_PERSON, True, 7),))),
    ("a handover the bot could not store is opened here", Asking(4, T), handed_over(Reason.COMPLAINT, None), OPEN,
     Outcome(Listening(), TRANSFER, (HandOver(Reason.COMPLAINT, False),))),
    ("a handover for later is only read out", Asking(4, T), handed_over(Reason.NOT_IN_CATALOGUE, 7, False), OPEN,
     Outcome(Listening(said="好的，正在为您联系工作人员。"), Say("好的，正在为您联系工作人员。" + NEXT))),
    ("the bot failed", Asking(4, T), Replied(None), OPEN,
     Outcome(Listening(), TRANSFER, (HandOver(Reason.SYSTEM_ERROR, False),))),
    ("the bot said nothing", Asking(4, T), reply(), OPEN,
     Outcome(Listening(), TRANSFER, (HandOver(Reason.SYSTEM_ERROR, False),))),
    ("the bot is slow: hold", Asking(4, T), NotYet(T + 8), OPEN, Outcome(Asking(4, T), Say(HOLD, Then.HOLD))),
    ("the bot is gone: a person", Asking(4, T), NotYet(T + ASKING_GIVE_UP_SECONDS), OPEN,
     Outcome(Listening(), TRANSFER, (HandOver(Reason.SYSTEM_ERROR, False),))),
    # reading on
    ("1 reads on", READING, heard("1"), OPEN, Outcome(Listening(said=PART_2), Say(PART_2 + NEXT))),
    ("继续 reads on", READING, heard(speech="继续"), OPEN, Outcome(Listening(said=PART_2), Say(PART_2 + NEXT))),
    ("# says the part again", READING, heard("#"), OPEN, Outcome(READING, Say(PART_1 + MORE))),
    ("重听 after the last part", Listening(said=PART_2), heard(speech="重听"), OPEN,
     Outcome(Listening(said=PART_2), Say(PART_2 + NEXT))),
    ("继续 after the last part", Listening(said=PART_2), heard(speech="继续"), OPEN,
     Outcome(Listening(said=PART_2), Say(NEXT))),
    ("the last part, then the SMS offer", Reading(PART_1, (PART_2,), CHECKLIST), heard("1"), OPEN,
     Outcome(OfferingSms(CHECKLIST, PART_2), Say(PART_2 + OFFER_SMS))),
    # the SMS offer
    ("1 sends it", OFFERING, heard("1"), OPEN, Outcome(OFFERING, None, (SendSms(CHECKLIST),))),
    ("需要 sends it", OFFERING, heard(speech="需要"), OPEN, Outcome(OFFERING, None, (SendSms(CHECKLIST),))),
    ("sent", OFFERING, Texted(True), OPEN, Outcome(Listening(said=OFFERING.said), Say(SMS_SENT + NEXT))),
    ("not sent", OFFERING, Texted(False), OPEN, Outcome(Listening(said=OFFERING.said), Say(SMS_FAILED + NEXT))),
    ("不用 declines", OFFERING, heard(speech="不用了"), OPEN, Outcome(Listening(said=OFFERING.said), Say(NEXT))),
    ("好的。 sends it", OFFERING, heard(speech="好的。"), OPEN, Outcome(OFFERING, None, (SendSms(CHECKLIST),))),
    ("a new question closes the offer", OFFERING, heard(speech="那办护照要多少钱"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("那办护照要多少钱"),))),
    ("asking for a person is no yes", OFFERING, heard(speech="我要人工"), OPEN,
     Outcome(Asking(4, T), None, (AskBot("我要人工"),))),
    ("silence closes the offer", OFFERING, heard(), OPEN, Outcome(Listening(1, OFFERING.said), Say(AGAIN))),
]  # fmt: skip


@pytest.mark.parametrize(("state", "event", "line", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_each_turn_of_a_call(state: State, event: Event, line: Line, expected: Outcome) -> None:
    assert step(state, event, line) == expected


def test_heard_drops_speech_recognised_too_poorly() -> None:
    assert Heard.of({"SpeechResult": " 办护照 ", "Confidence": "0.9"}, 2, T) == Heard(2, T, "", "办护照")
    for confidence in ("0.05", "abc"):
        assert Heard.of({"SpeechResult": "嗯", "Confidence": confidence, "Digits": "1"}, 2, T) == Heard(2, T, "1", "")
