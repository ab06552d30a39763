"""What the bot said in one turn, read once from its collected messages: the texts to read out, the
titles of its options, and its signal (bot/signal.py) — the kind of reply and any handover — so the
call flow acts on what the bot decided, never on the wording of its text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.signal import Handover, ReplyKind, Signal
from channels.hotline.speech import parts

CHOOSING = frozenset({ReplyKind.OPTIONS, ReplyKind.QUESTION, ReplyKind.RATING})  # a key press answers the bot


@dataclass(frozen=True)
class BotReply:
    texts: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # the titles of the bot's buttons, in key order
    kind: ReplyKind = ReplyKind.ANSWER
    handover: Handover | None = None
    spoken: tuple[str, ...] = ()  # the answer made for the ear, in parts (bot/spoken.py)
    followup: bool = False  # the bot offered to ask later whether it took one trip

    @property
    def written(self) -> str:
        return "\n".join(self.texts)

    def parts(self) -> list[str]:
        """What to read, part by part: the bot's answer for the ear, else its text made hearable."""
        return list(self.spoken) or parts(self.written)

    @property
    def choosing(self) -> bool:
        return self.kind in CHOOSING

    @classmethod
    def of(cls, messages: list[dict[str, Any]]) -> BotReply:
        """Anything malformed is skipped rather than raised: the caller is on the line."""
        texts = tuple(str(m["text"]) for m in messages if m.get("text"))
        options = tuple(
            str(button.get("title") or button.get("payload") or "")
            for m in messages
            for button in m.get("buttons") or []
            if isinstance(button, Mapping)
        )
        signal = Signal.of(messages)
        return cls(texts, options, signal.kind, signal.handover, signal.spoken, signal.followup)
