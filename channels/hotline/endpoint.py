"""The hotline call flow without a web framework: Twilio's parameters in, TwiML out.

Each call is a conversation keyed by CallSid, its state in a `CallStore` (calls.py). Every TwiML
answer carries the next step number in its action URL; a request Twilio repeats (same CallSid and
step) gets the same TwiML again and is not processed twice. The bot gets `budget` seconds of
Twilio's 15; when slower, the caller hears a holding phrase and Twilio comes back for the answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.handover.office_hours import is_open
from bot.handover.records import Reason
from bot.privacy import mask_pii
from bot.settings import HotlineSettings
from bot.text import ascii_number
from channels.hotline import twiml
from channels.hotline.calls import Answer, Call, CallStore, MemoryCalls
from channels.hotline.speech import for_the_ear, parts

logger = logging.getLogger(__name__)

Ask = Callable[[str, str], Awaitable[list[dict[str, Any]]]]  # (CallSid, text) -> bot messages
# (CallSid, caller number, what they asked, whether someone must call back): the note for a person
Handover = Callable[[str, str, str, bool, Reason], Awaitable[None]]  # sid, caller, asked, call back?, why
Text = Callable[[str, str], Awaitable[bool]]  # (caller number, body) -> sent

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
FAILED = "抱歉，系统暂时出了点问题，正在为您转接工作人员。"
OFFER_SMS = "需要把这份材料清单用短信发到您现在的手机号吗？需要请说“需要”或按1，不需要请说“不用”或按2。"
SMS_SENT = "清单已经用短信发到您的手机。"
SMS_FAILED = "抱歉，短信没有发出去。"
SHORT_ANSWER = 6  # characters: a yes or no to the SMS offer, not a new question
_YES = re.compile(r"需要|要|好|是|可以|发吧")
_NO = re.compile(r"不用|不要|不需要|不是|算了")
_VERDICT = "结论："  # the completeness check's last line: a checklist worth keeping
_HUMAN = re.compile(r"人工|真人|接线员|工作人员|转人")
_CONTINUE = re.compile(r"继续|下一|接着")
_REPEAT = re.compile(r"重听|再说一遍|重复")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_MISSES = 3  # silence or unrecognised speech: reprompt, then the keypad, then a person
MIN_CONFIDENCE = 0.2  # Twilio's speech Confidence below which the result is not used


def _confidence(params: dict[str, str]) -> float:
    try:
        return float(params.get("Confidence", "1"))
    except ValueError:
        return 0.0


ASKING_GIVE_UP_SECONDS = 60.0  # no answer by then: the process asking the bot is gone


class HotlineEndpoint:
    def __init__(
        self,
        settings: HotlineSettings,
        ask: Ask,
        handover: Handover,
        hints: list[str],
        text: Text | None = None,
        base_path: str = "/webhooks/hotline",
        budget: float = 8.0,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        calls: CallStore | None = None,
    ) -> None:
        self._settings, self._ask, self._handover, self._hints = settings, ask, handover, hints
        self._text = text
        self._voice = twiml.Voice(settings.voice, settings.rate)
        self._base, self._budget, self._now = base_path, budget, now
        self._calls: CallStore = calls or MemoryCalls()
        self._asking: set[asyncio.Task[None]] = set()

    # -- webhooks ------------------------------------------------------------------------------

    async def incoming(self, params: dict[str, str]) -> str:
        async with self._calls.hold(params["CallSid"], params.get("From", "")) as call:
            if 0 in call.answers:
                return call.answers[0]
            return self._answer(call, lambda action: twiml.listen(GREETING, action, *self._listening))

    async def gather(self, params: dict[str, str], step: int) -> str:
        sid = params["CallSid"]
        async with self._calls.hold(sid, params.get("From", "")) as call:
            if step in call.answers:  # Twilio repeated the request: same answer, no second processing
                return call.answers[step]
            call.step = step
            speech = params.get("SpeechResult", "").strip()
            if speech and _confidence(params) < MIN_CONFIDENCE:
                speech = ""  # recognised too poorly to act on: the same as not heard
            return await self._respond(call, sid, params.get("Digits", ""), speech)

    async def status(self, params: dict[str, str]) -> None:
        """Call ended (completed, busy, no-answer, failed, canceled): the conversation is closed."""
        await self._calls.forget(params.get("CallSid", ""))

    def fallback(self) -> str:
        """For when the main webhook failed: always valid TwiML, an apology and a person."""
        return twiml.transfer(FAILED, self._voice, self._settings.operator_number, self._settings.queue)

    # -- the flow --------------------------------------------------------------------------------

    @property
    def _listening(self) -> tuple[twiml.Voice, list[str]]:
        return self._voice, self._hints

    def _answer(self, call: Call, build: Callable[[str], str]) -> str:
        """The TwiML for this step, kept for a repeat; its actions point to the next step."""
        document = build(f"{self._base}/gather?step={call.step + 1}")
        call.answers[call.step] = document
        return document

    async def _respond(self, call: Call, sid: str, digits: str, speech: str) -> str:
        if not call.waiting_for:  # a new input; otherwise Twilio came back for a slow answer
            direct = await self._without_the_bot(call, sid, digits, speech)
            if direct is not None:
                return direct
            text = self._bot_input(call, digits, speech)
            call.misses = 0
            call.asked.append(mask_pii(text))
            call.waiting_for, call.waiting_since = call.step, time.time()
            self._start_asking(sid, call.step, text)
        answer = await self._calls.collect(sid, call.waiting_for, self._budget)
        if answer is None:
            if time.time() - call.waiting_since < ASKING_GIVE_UP_SECONDS:
                return self._answer(call, lambda a: twiml.hold(HOLD, a, self._voice))
            logger.error("call %s: no answer from the bot in %.0f s", sid[-6:], ASKING_GIVE_UP_SECONDS)
        call.waiting_for = 0
        if answer is None or answer.failed:  # whatever failed inside Rasa, the caller reaches a person
            return await self._to_person(call, sid, Reason.SYSTEM_ERROR)
        messages = answer.messages
        decided = next((str(m["custom"]["handover"]) for m in messages if (m.get("custom") or {}).get("handover")), "")
        if decided:  # the bot decided a person should take over (and recorded why)
            return await self._to_person(call, sid, Reason(decided))
        written = "\n".join(str(m.get("text") or "") for m in messages)
        call.buttons = [str(b.get("payload")) for m in messages for b in m.get("buttons") or []]
        options = [str(b.get("title")) for m in messages for b in m.get("buttons") or []]
        spoken = parts(written)
        if not spoken:
            return await self._to_person(call, sid, Reason.SYSTEM_ERROR)
        if options and not written.strip().endswith(options[-1]):
            spoken[-1] += "".join(f"按{i}：{title}。" for i, title in enumerate(options, 1))
        call.remaining = spoken
        call.checklist = written if _VERDICT in written and self._text else ""
        return self._read_next(call)

    def _start_asking(self, sid: str, step: int, text: str) -> None:
        """Ask the bot in the background; the answer goes to the call store, where this or another
        process collects it."""

        async def ask() -> None:
            try:
                answer = Answer(await self._ask(sid, text))
            except Exception:  # any failure inside Rasa: the caller will be put through to a person
                logger.exception("call %s: the bot failed", sid[-6:])
                answer = Answer([], failed=True)
            try:
                await self._calls.deliver(sid, step, answer)
            except Exception:  # the call store is down: the caller is put through when it is back
                logger.exception("call %s: the answer could not be stored", sid[-6:])

        task = asyncio.ensure_future(ask())
        self._asking.add(task)
        task.add_done_callback(self._asking.discard)

    async def _without_the_bot(self, call: Call, sid: str, digits: str, speech: str) -> str | None:
        """The answer when the input is handled here (a person, the SMS offer, reading on,
        silence, not Mandarin); None when it goes to the bot."""
        if digits == "0" or _HUMAN.search(speech):
            return await self._to_person(call, sid, Reason.ASKED_FOR_PERSON)
        if call.sms_offer:
            return await self._sms_answer(call, sid, digits, speech)
        if call.remaining or call.current:
            if digits == "1" or _CONTINUE.search(speech):
                return self._read_next(call)
            if digits == "#" or _REPEAT.search(speech):
                return self._answer(call, lambda a: twiml.listen(f"{call.current}{MORE}", a, *self._listening))
        text = self._bot_input(call, digits, speech)
        if not text:
            call.misses += 1
            if call.misses >= MAX_MISSES:
                return await self._to_person(call, sid, Reason.NOT_UNDERSTOOD)
            prompt = AGAIN if call.misses == 1 else KEYPAD
            return self._answer(call, lambda a: twiml.listen(prompt, a, *self._listening))
        if not text.startswith("/") and not _CJK.search(text):
            call.misses += 1
            return self._answer(call, lambda a: twiml.listen(MANDARIN, a, *self._listening))
        return None

    @staticmethod
    def _bot_input(call: Call, digits: str, speech: str) -> str:
        """A key chooses one of the bot's options, else a menu entry; speech goes as it is."""
        key = ascii_number(digits, 3)
        if key is not None and 0 < key <= len(call.buttons):
            return call.buttons[key - 1]
        return {"1": "/ask_materials", "2": "/inform_materials"}.get(digits, speech)

    def _read_next(self, call: Call) -> str:
        if not call.remaining:
            call.current = ""
            return self._answer(call, lambda a: twiml.listen(NEXT, a, *self._listening))
        call.current = call.remaining.pop(0)
        call.sms_offer = not call.remaining and bool(call.checklist)
        tail = MORE if call.remaining else OFFER_SMS if call.sms_offer else NEXT
        return self._answer(call, lambda a: twiml.listen(f"{call.current}{tail}", a, *self._listening))

    async def _sms_answer(self, call: Call, sid: str, digits: str, speech: str) -> str:
        """The caller's answer to the SMS offer; anything else closes the offer and is asked anew."""
        short = len(speech) <= SHORT_ANSWER  # "那办护照要多少钱" has 要 in it but is a new question
        yes = digits == "1" or (short and not _NO.search(speech) and bool(_YES.search(speech)))
        no = digits == "2" or (short and bool(_NO.search(speech)))
        if not (yes or no):
            call.sms_offer, call.checklist = False, ""
            return await self._respond(call, sid, digits, speech)
        said = NEXT
        if yes and self._text:
            said = (SMS_SENT if await self._text(call.caller, call.checklist) else SMS_FAILED) + NEXT
        call.sms_offer, call.checklist = False, ""
        return self._answer(call, lambda a: twiml.listen(said, a, *self._listening))

    def _open(self) -> bool:
        return is_open(self._settings.office_hours, self._now())

    async def _to_person(self, call: Call, sid: str, reason: Reason) -> str:
        """Transfer in office hours, else promise a callback; either way the person gets a note of
        what the caller asked, so the caller need not repeat it."""
        asked = "；".join(call.asked[-5:])
        if self._open() and (self._settings.operator_number or self._settings.queue):
            logger.info("call %s: transferred to a person", sid[-6:])
            await self._handover(sid, call.caller, asked, False, reason)
            settings = self._settings
            return self._answer(
                call, lambda _: twiml.transfer(TO_PERSON, self._voice, settings.operator_number, settings.queue)
            )
        await self._handover(sid, call.caller, asked, True, reason)
        start, _ = self._settings.office_hours
        message = f"现在不是工作时间。已记录您的来电和问题，工作人员会在工作日{start}点以后给您回电。感谢来电，再见。"
        return self._answer(call, lambda _: twiml.goodbye(for_the_ear(message), self._voice))
