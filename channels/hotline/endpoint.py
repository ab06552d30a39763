"""The hotline's webhooks without a web framework: Twilio's parameters in, TwiML out; the I/O
around the pure call flow (flow.py).

Each call is a conversation keyed by CallSid, its state in a `CallStore` (calls.py). Every TwiML
answer carries the next step number in its action URL; a request Twilio repeats (same CallSid and
step) gets the same TwiML again and is not processed twice. The bot gets `budget` seconds of
Twilio's 15; when slower, the caller hears a holding phrase and Twilio comes back for the answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.handover.model import Reason
from bot.privacy import mask_pii
from bot.settings import HotlineSettings
from channels.hotline import flow, twiml
from channels.hotline.calls import Answer, Call, CallStore, MemoryCalls
from channels.hotline.reply import BotReply
from channels.hotline.states import (
    AskBot,
    Asking,
    Effect,
    Event,
    Heard,
    Line,
    NotYet,
    Replied,
    Say,
    SendSms,
    Texted,
    Then,
)

logger = logging.getLogger(__name__)


Ask = Callable[[str, str], Awaitable[list[dict[str, Any]]]]  # (CallSid, text) -> bot messages
# (CallSid, caller number, what they asked, whether someone must call back, why, the handover the
# bot recorded or None): a handover the bot recorded only needs the number to call back added
RecordHandover = Callable[[str, str, str, bool, Reason, int | None], Awaitable[None]]
Text = Callable[[str, str], Awaitable[bool]]  # (caller number, body) -> sent
OnTexted = Callable[[str, str], Awaitable[None]]  # (CallSid, caller number): the checklist was texted
FAILED = "抱歉，系统暂时出了点问题，正在为您转接工作人员。"


class HotlineEndpoint:
    def __init__(
        self,
        settings: HotlineSettings,
        ask: Ask,
        handover: RecordHandover,
        hints: list[str],
        text: Text | None = None,
        base_path: str = "/webhooks/hotline",
        budget: float = 8.0,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        calls: CallStore | None = None,
        texted: OnTexted | None = None,
    ) -> None:
        self._settings, self._ask, self._handover, self._hints = settings, ask, handover, hints
        self._text, self._texted = text, texted
        self._voice = twiml.Voice(settings.voice, settings.rate)
        self._base, self._budget, self._now = base_path, budget, now
        self._calls: CallStore = calls or MemoryCalls()
        self._asking: set[asyncio.Task[None]] = set()

    # -- webhooks ------------------------------------------------------------------------------

    async def incoming(self, params: dict[str, str]) -> str:
        async with self._calls.hold(params["CallSid"], params.get("From", "")) as call:
            if 0 in call.answers:
                return call.answers[0]
            return self._answer(call, Say(flow.GREETING))

    async def gather(self, params: dict[str, str], step: int) -> str:
        sid = params["CallSid"]
        async with self._calls.hold(sid, params.get("From", "")) as call:
            if step in call.answers:  # Twilio repeated the request: same answer, no second processing
                return call.answers[step]
            call.step = step
            if isinstance(call.state, Asking):  # Twilio came back for a slow answer
                event = await self._collect(sid, call.state.step)
            else:
                event = Heard.of(params, step, time.time())
            return await self._run(call, sid, event)

    async def status(self, params: dict[str, str]) -> None:
        """Call ended (completed, busy, no-answer, failed, canceled): the conversation is closed."""
        await self._calls.forget(params.get("CallSid", ""))

    def fallback(self) -> str:
        """For when the main webhook failed: always valid TwiML, an apology and a person."""
        return twiml.transfer(FAILED, self._voice, self._settings.operator_number, self._settings.queue)

    # -- carrying out the flow -------------------------------------------------------------------

    def _line(self) -> Line:
        settings = self._settings
        can_transfer = bool(settings.operator_number or settings.queue)
        return Line(self._now(), settings.office_hours, can_transfer, self._text is not None)

    async def _run(self, call: Call, sid: str, event: Event) -> str:
        """Step the flow until it has something to say; each effect's result is the next event."""
        while True:
            outcome = flow.step(call.state, event, self._line())
            call.state = outcome.state
            results = [await self._carry_out(call, sid, effect) for effect in outcome.effects]
            if outcome.say is not None:
                return self._answer(call, outcome.say)
            [event] = [result for result in results if result is not None]  # flow.Outcome's promise

    async def _carry_out(self, call: Call, sid: str, effect: Effect) -> Event | None:
        if isinstance(effect, AskBot):
            call.asked.append(mask_pii(effect.text))
            self._start_asking(sid, call.step, effect.text)
            return await self._collect(sid, call.step)
        if isinstance(effect, SendSms):
            sent = self._text is not None and await self._text(call.caller, effect.body)
            if sent and self._texted is not None:
                await self._texted(sid, call.caller)  # the follow-up offered with it can now go by SMS
            return Texted(sent)
        if effect.reason is Reason.SYSTEM_ERROR:
            logger.error("call %s: the bot failed or did not answer in time", sid[-6:])
        logger.info("call %s: %s", sid[-6:], "a callback promised" if effect.call_back else "transferred")
        asked = "；".join(call.asked[-5:])
        await self._handover(sid, call.caller, asked, effect.call_back, effect.reason, effect.handover_id)
        return None

    async def _collect(self, sid: str, step: int) -> Event:
        answer = await self._calls.collect(sid, step, self._budget)
        if answer is None:
            return NotYet(time.time())
        return Replied(None if answer.failed else BotReply.of(answer.messages))

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

    def _answer(self, call: Call, say: Say) -> str:
        """The TwiML for this step, kept for a repeat; its actions point to the next step."""
        action = f"{self._base}/gather?step={call.step + 1}"
        settings = self._settings
        if say.then is Then.LISTEN:
            document = twiml.listen(say.text, action, self._voice, self._hints)
        elif say.then is Then.HOLD:
            document = twiml.hold(say.text, action, self._voice)
        elif say.then is Then.TRANSFER:
            document = twiml.transfer(say.text, self._voice, settings.operator_number, settings.queue)
        else:
            document = twiml.goodbye(say.text, self._voice)
        call.answers[call.step] = document
        return document
