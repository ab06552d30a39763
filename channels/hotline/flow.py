"""The hotline's call flow as a pure function: (call state, what happened) -> (new state, what to
say, what to do). No I/O and no clock inside, so every turn of a call is a row of a table in the
tests; endpoint.py carries out the effects (ask the bot, send an SMS, hand over) and feeds their
results back in as the next event.

States: Listening (for what the caller wants), Reading (a long answer, part by part), OfferingSms
(after a checklist), Asking (the bot is working on a question); the first three count the caller's
misses (silence, unrecognised speech) for the ladder: again, the keypad, a person.
"""

from __future__ import annotations

import dataclasses
import re

from bot.handover.model import Reason
from bot.intents import Intent, payload
from bot.signal import ReplyKind
from bot.text import ascii_number
from channels.hotline.speech import for_the_ear
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

GREETING = (
    "您好，这里是一次办政务服务热线。请直接说出您要办的事，比如：办护照要带什么。"
    "查材料请按1，核对材料请按2，转人工请按0。"
)
AGAIN = "抱歉，没有听清。请再说一遍您要办的事。"
KEYPAD = "您也可以按键：查材料请按1，核对材料请按2，转人工请按0。"
MANDARIN = "抱歉，请用普通话说出您要办的事，或者按键：查材料按1，转人工按0。"
MORE = "说“继续”或按1听下一部分，按井号重听，按0转人工。"
NEXT = "还有什么要问的，请直接说；转人工请按0。"
HOLD = "正在为您查询，请稍等。"
TO_PERSON = "正在为您转接工作人员，请稍候。"
OFFER_SMS = "需要把这份材料清单用短信发到您现在的手机号吗？需要请说“需要”或按1，不需要请说“不用”或按2。"
SMS_SENT = "清单已经用短信发到您的手机。"
SMS_FAILED = "抱歉，短信没有发出去。"
# with the texted checklist when the bot offered the follow-up: the caller answers by SMS (bot/outcomes/sms.py)
SMS_FOLLOWUP_OFFER = "办完后，我们可以发短信问您是否一次办成，帮我们把办事指南改准。同意请回复“好”，不用请回复“不用”。"

REQUEST_HUMAN = payload(Intent.REQUEST_HUMAN)  # key 0: the bot records the handover, with the conversation
MENU = {"1": payload(Intent.ASK_MATERIALS), "2": payload(Intent.INFORM_MATERIALS)}
MAX_MISSES = 3  # silence or unrecognised speech: reprompt, then the keypad, then a person
ASKING_GIVE_UP_SECONDS = 60.0  # no answer by then: the process asking the bot is gone
# A bare yes or no to the SMS offer, the whole utterance: "我要人工" or "那办护照要多少钱" have 要 in
# them but are something else, and go to the bot.
_YES = re.compile(r"(需要|要|好|好的|是|是的|可以|发|发吧|行|对)[吧啊呀的哦]*")
_NO = re.compile(r"(不用|不要|不需要|不是|算了|不了|不用了)[了吧啊呀的哦]*")
_PUNCTUATION = re.compile(r"[\s，。！？、,.!?]+")
_CONTINUE = re.compile(r"继续|下一|接着")
_REPEAT = re.compile(r"重听|再说一遍|重复")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# -- transitions -----------------------------------------------------------------------------------


def step(state: State, event: Event, line: Line) -> Outcome:
    if isinstance(state, Asking):
        return _asking(state, event, line)
    if isinstance(event, Heard):
        return _heard(state, event, line)
    if isinstance(event, Texted) and isinstance(state, OfferingSms):
        return Outcome(Listening(state.misses, state.said), Say((SMS_SENT if event.sent else SMS_FAILED) + NEXT))
    return Outcome(state, Say(NEXT))  # a result nothing waits for (not sent by the endpoint)


def _heard(state: Listening | Reading | OfferingSms, heard: Heard, line: Line) -> Outcome:
    """Reading on and the SMS offer are answered here; everything else is for the bot. 0 is for
    the bot too (a person), whatever the caller is in the middle of."""
    if isinstance(state, OfferingSms):
        answered = None if heard.digits == "0" else _sms_answer(state, heard, line)
        if answered is not None:
            return answered
        state = Listening(state.misses, state.said)
    if heard.digits != "0":
        read = _read_on(state, heard)
        if read is not None:
            return read
    return _ask(state, heard, line)


def _read_on(state: Listening | Reading, heard: Heard) -> Outcome | None:
    """继续 or 1 for the next part, # or 重听 for the last one again; None for anything else."""
    more = heard.digits == "1" or bool(_CONTINUE.search(heard.speech))
    again = heard.digits == "#" or bool(_REPEAT.search(heard.speech))
    if isinstance(state, Reading):
        if more:
            return _read(state)
        return Outcome(state, Say(state.current + MORE)) if again else None
    if not state.said:
        return None
    if _CONTINUE.search(heard.speech):  # nothing more to read (1 is the menu or a choice now)
        return Outcome(state, Say(NEXT))
    return Outcome(state, Say(state.said + NEXT)) if again else None


def _sms_answer(state: OfferingSms, heard: Heard, line: Line) -> Outcome | None:
    """None when the caller said something else: the offer closes and that is asked anew."""
    said = _PUNCTUATION.sub("", heard.speech)
    no = heard.digits == "2" or bool(_NO.fullmatch(said))
    yes = heard.digits == "1" or (not no and bool(_YES.fullmatch(said)))
    if yes and line.can_text:
        return Outcome(state, None, (SendSms(state.checklist),))
    if yes or no:
        return Outcome(Listening(state.misses, state.said), Say(NEXT))
    return None


def _ask(state: Listening | Reading, heard: Heard, line: Line) -> Outcome:
    text = _for_the_bot(state.choosing, heard)
    if not text:
        misses = state.misses + 1
        if misses >= MAX_MISSES:  # the bot never heard any of it: the hotline hands over itself
            return _to_person(Reason.NOT_UNDERSTOOD, None, line)
        return Outcome(dataclasses.replace(state, misses=misses), Say(AGAIN if misses == 1 else KEYPAD))
    if text == heard.speech and not _CJK.search(text):  # keys are understood in any language
        return Outcome(dataclasses.replace(state, misses=state.misses + 1), Say(MANDARIN))
    return Outcome(Asking(heard.step, heard.at), None, (AskBot(text),))


def _for_the_bot(choosing: bool, heard: Heard) -> str:
    """0 asks for a person; while the bot waits for a choice a key is the choice, else a menu
    entry; speech goes as it is. Empty: nothing usable was heard."""
    if heard.digits == "0":
        return REQUEST_HUMAN
    key = ascii_number(heard.digits, 3)
    if choosing and key is not None and key > 0:
        return str(key)
    return MENU.get(heard.digits, heard.speech)


def _asking(state: Asking, event: Event, line: Line) -> Outcome:
    if isinstance(event, NotYet):
        if event.at - state.since < ASKING_GIVE_UP_SECONDS:
            return Outcome(state, Say(HOLD, Then.HOLD))
        return _to_person(Reason.SYSTEM_ERROR, None, line)
    if not isinstance(event, Replied):
        return Outcome(state, Say(HOLD, Then.HOLD))  # the endpoint collects the answer instead of sending input
    reply = event.reply
    if reply is None:  # whatever failed inside Rasa, the caller reaches a person
        return _to_person(Reason.SYSTEM_ERROR, None, line)
    if reply.handover is not None and reply.handover.connect_now:  # the bot recorded why
        return _to_person(reply.handover.reason, reply.handover.id, line)
    spoken = reply.parts()
    if not spoken:
        return _to_person(Reason.SYSTEM_ERROR, None, line)
    if reply.options and (reply.spoken or not reply.written.strip().endswith(reply.options[-1])):
        spoken[-1] += "".join(f"按{i}：{title}。" for i, title in enumerate(reply.options, 1))
    # the SMS is the short checklist made for the ear when there is one: no legal text in a text message
    checklist = ("\n".join(reply.spoken) or reply.written) if reply.kind is ReplyKind.VERDICT and line.can_text else ""
    if checklist and reply.followup:
        checklist += "\n" + SMS_FOLLOWUP_OFFER
    return _read(Reading("", tuple(spoken), checklist, reply.choosing))


def _read(state: Reading) -> Outcome:
    """The next part; after the last one the SMS offer when there is a checklist."""
    if not state.remaining:
        return Outcome(Listening(state.misses, "", state.choosing), Say(NEXT))
    current, *rest = state.remaining
    if rest:
        return Outcome(dataclasses.replace(state, current=current, remaining=tuple(rest)), Say(current + MORE))
    if state.checklist:
        return Outcome(OfferingSms(state.checklist, current, state.misses), Say(current + OFFER_SMS))
    return Outcome(Listening(state.misses, current, state.choosing), Say(current + NEXT))


def _to_person(reason: Reason, handover_id: int | None, line: Line) -> Outcome:
    """Transfer in office hours, else promise a callback. A handover the bot recorded needs the
    hotline's own part only: the number to call back."""
    hours = line.office_hours
    if hours.is_open(line.now) and line.can_transfer:
        effects = () if handover_id is not None else (HandOver(reason, False),)
        return Outcome(Listening(), Say(TO_PERSON, Then.TRANSFER), effects)
    if hours.is_open(line.now):  # no operator line configured: nobody to put the call through to
        message = "现在没有工作人员可以接听。已记录您的来电和问题，工作人员会尽快给您回电。感谢来电，再见。"
    else:
        when = f"{hours.days_text}{hours.start}点以后"
        message = f"现在不是工作时间。已记录您的来电和问题，工作人员会在{when}给您回电。感谢来电，再见。"
    return Outcome(Listening(), Say(for_the_ear(message), Then.HANG_UP), (HandOver(reason, True, handover_id),))
