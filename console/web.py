"""What every view shares: the `Console` object (settings, database, Rasa, the sender, templates)
and the few helpers for pages, redirects and cookies.

Held by the app rather than in module globals, so nothing is built at import time and a test
can start a console against its own database and fakes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import jinja2
from sanic.request import Request
from sanic.response import HTTPResponse, html, redirect
from sqlalchemy.engine import Engine

from bot.handover.model import Reason, Status
from bot.handover.transcript import SPEAKER_LABELS, Line, transcript
from bot.settings import Settings
from console.auth import LoginThrottle, Session
from console.labels import REASON_LABELS, STATUS_LABELS
from console.localtime import shown
from console.rasa_api import ConversationsUnavailable, RasaConversations

logger = logging.getLogger("console")

Send = Callable[[str, str, str], Awaitable[bool]]  # (openid, text, citizen_ref) -> delivered
P = ParamSpec("P")
T = TypeVar("T")

TEMPLATES = Path(__file__).parent / "templates"
CHANNEL_LABELS = {"wechat": "微信公众号", "hotline": "电话热线", "rest": "网页/接口"}


def _label(labels: dict[Any, str], value: object) -> str:
    return labels.get(value, str(value) if value is not None else "")


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=shown,
        when_s=lambda value: shown(value, seconds=True),
        reason=lambda value: _label({r.value: label for r, label in REASON_LABELS.items()}, value),
        status=lambda value: _label({s.value: label for s, label in STATUS_LABELS.items()}, value),
        channel=lambda value: _label(CHANNEL_LABELS, value),
        speaker=lambda value: _label(SPEAKER_LABELS, value),
    )
    env.globals.update(
        REASONS=[(r.value, REASON_LABELS[r]) for r in Reason],
        STATUSES=[(s.value, STATUS_LABELS[s]) for s in Status],
    )
    return env


@dataclass
class Console:
    settings: Settings
    engine: Engine
    conversations: RasaConversations
    send: Send | None
    templates: jinja2.Environment
    key: bytes
    throttle: LoginThrottle

    async def db(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Database calls are synchronous: off the event loop, so one slow query does not stall
        every other operator's page."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def transcript_of(self, conversation_id: str) -> list[Line] | None:
        """None when Rasa cannot be read: pages still render and say so."""
        try:
            return transcript(await self.conversations.events(conversation_id))
        except ConversationsUnavailable as exc:
            logger.warning("transcript unavailable: %s", exc)
            return None

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTTPResponse:
        session: Session | None = getattr(request.ctx, "session", None)
        page = self.templates.get_template(name).render(
            user=session.user if session else None, csrf=session.csrf if session else "", **context
        )
        return html(page, status=status)


MAX_RECORD_ID = 2**31 - 1  # the id columns are Integer: 32 bits in PostgreSQL, 64 in SQLite


def is_record_id(value: int) -> bool:
    """Whether an id from a URL can name a record. The route takes any integer, and one past the
    column's range is a database error (SQLite: OverflowError, PostgreSQL: DataError), not a 404."""
    return 0 < value <= MAX_RECORD_ID


def see_other(url: str) -> HTTPResponse:
    """After a POST: the browser follows with a GET, so reloading does not repeat the action."""
    return redirect(url, status=303)


def set_cookie(response: HTTPResponse, name: str, value: str, max_age: int, path: str = "/") -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["secure"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = path
    cookie["max-age"] = max_age


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # pages hold citizens' words: not in shared or disk caches
}
