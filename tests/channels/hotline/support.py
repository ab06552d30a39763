"""A stand-in bot, a handover recorder, a line's settings and a fixed clock for hotline tests."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from bot.handover.model import Reason
from bot.handover.office_hours import OfficeHours
from bot.settings import HotlineSettings

MATERIALS = "【普通护照申领】需要准备的材料：\n" + "\n".join(f"{i}. 材料{i}（原件，1份）" for i in range(1, 6))
CHECKLIST = "\n".join(
    ["【普通护照申领】材料核对：", "已有：居民身份证", "还缺：", "  1. 照片（电子，1份）", "结论：还缺1项：照片。"]
)
OPEN = dt.datetime(2026, 11, 25, 10, 0)  # a Wednesday morning
CLOSED = dt.datetime(2026, 11, 28, 10, 0)  # a Saturday
CALL = {"CallSid": "CA123", "From": "+8613812345678"}
SETTINGS = HotlineSettings(
    "token", "", "Polly.Zhiyu", "90%", "+8657100000000", None, OfficeHours(9, 17), "ACtest", "+15550001111", ""
)


def signal(kind: str = "answer", handover: dict[str, Any] | None = None) -> dict[str, Any]:
    """The custom message that ends every bot turn."""
    return {"custom": {"onetrip": {"kind": kind, "handover": handover}}}


def turn(
    text: str, kind: str = "answer", buttons: tuple[str, ...] = (), handover: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One bot turn as the hotline collects it: the text (with buttons keyed 1, 2, …), then the signal."""
    message: dict[str, Any] = {"text": text}
    if buttons:
        message["buttons"] = [{"title": title, "payload": str(i)} for i, title in enumerate(buttons, 1)]
    return [message, signal(kind, handover)]


class Bot:
    """Answers every question with `reply` (a text, or a whole turn's messages), `delay` seconds
    late; a test holds the answer back by clearing `release`."""

    def __init__(self, reply: str | list[dict[str, Any]] = MATERIALS, delay: float = 0.0) -> None:
        self.asked: list[str] = []
        self.reply, self.delay = reply, delay
        self.release = asyncio.Event()
        self.release.set()

    async def ask(self, call_sid: str, text: str) -> list[dict[str, Any]]:
        self.asked.append(text)
        await asyncio.sleep(self.delay)
        await self.release.wait()
        return turn(self.reply) if isinstance(self.reply, str) else self.reply


class Callbacks:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, str, str, bool]] = []
        self.reasons: list[Reason] = []
        self.handover_ids: list[int | None] = []

    async def record(
        self, call_sid: str, caller: str, asked: str, call_back: bool, reason: Reason, handover_id: int | None
    ) -> None:
        self.recorded.append((call_sid, caller, asked, call_back))
        self.reasons.append(reason)
        self.handover_ids.append(handover_id)
