"""The WeChat webhook without a web framework: arguments and body in, status and body out.

Order of work: signature first (before any parsing), then the body, then dedupe, then the bot.
WeChat waits 5 s: the bot gets `budget` seconds; when it is slower the answer is 'success' at
once and the reply follows through the customer-service API, so the citizen sees exactly one.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from wechatpy.crypto import PrpCrypto
from wechatpy.exceptions import InvalidAppIdException

from bot.intents import Intent, payload
from bot.privacy import sender_ref
from bot.settings import WeChatSettings
from bot.signal import is_signal
from channels.wechat.dedupe import SeenStore
from channels.wechat.protocol import (
    Inbound,
    ProtocolError,
    check_signature,
    encrypted_envelope,
    inbound,
    numbered,
    parse_xml,
    signature,
    split_text,
    text_reply,
)

logger = logging.getLogger(__name__)

Ask = Callable[[str, str], Awaitable[list[dict[str, Any]]]]  # (openid, text) -> bot messages
Send = Callable[[str, str, str], Awaitable[bool]]  # (openid, text, pseudonym) -> delivered
Forget = Callable[[str], Awaitable[None]]  # openid -> delete that citizen's conversation
Silenced = Callable[[str], Awaitable[bool]]  # openid -> an operator owns the conversation (or Unavailable)


class Unavailable(Exception):
    """The conversation's records cannot be read (the database is down): hold, don't guess."""


async def _never(openid: str) -> bool:
    return False


MENU = {"MATERIALS": Intent.ASK_MATERIALS, "CHECK": Intent.INFORM_MATERIALS, "HUMAN": Intent.REQUEST_HUMAN}
NOT_SUPPORTED = "抱歉，我目前只能处理文字和语音消息。请直接输入您要办的事，例如“办护照要带什么”。"
VOICE_UNCLEAR = "抱歉，没有听清您的语音。请打字告诉我，或拨打政务服务热线，接线员会帮您。"
EMPTY = "请输入您要咨询的事项，例如“身份证丢了怎么补办”。"
BOT_FAILED = "抱歉，系统暂时出了点问题，请稍后再试，或拨打12345政务服务便民热线。"
HOLDING = "系统正在恢复，这条消息暂时没能处理。请过几分钟再发一次；急事请拨打12345政务服务便民热线。"


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


SUCCESS = Response(200, "success")


@dataclass(frozen=True)
class Route:
    """What to do with a push: ask the bot, say a fixed text, or (neither) answer 'success'."""

    ask: str | None = None
    say: str | None = None


def render(messages: list[dict[str, Any]]) -> str:
    """Several bot messages as one text, buttons as numbered lines (the turn's signal is not shown)."""
    texts = [
        numbered(str(message.get("text") or ""), [str(b.get("title", "")) for b in message.get("buttons") or []])
        for message in messages
        if not is_signal(message)
    ]
    return "\n\n".join(t for t in texts if t)


class WeChatEndpoint:
    def __init__(
        self,
        settings: WeChatSettings,
        seen: SeenStore,
        ask: Ask,
        send: Send | None,
        forget: Forget,
        hash_key: bytes | None,
        silenced: Silenced = _never,
        budget: float = 4.0,
    ) -> None:
        self.development = settings.token is None
        self.token = settings.token or secrets.token_hex(16)
        self._crypto = PrpCrypto(_aes_key(settings.aes_key)) if settings.aes_key else None
        self._app_id = settings.app_id or ""
        self._seen, self._ask, self._send, self._forget = seen, ask, send, forget
        self._hash_key, self._budget, self._silenced = hash_key, budget, silenced
        self._pending: set[asyncio.Task[None]] = set()

    def verify(self, args: dict[str, str]) -> Response:
        """GET from WeChat when the URL is configured: echo `echostr` if the signature holds."""
        try:
            check_signature(self.token, args.get("signature"), args.get("timestamp"), args.get("nonce"))
        except ProtocolError as exc:
            return Response(exc.status, str(exc))
        return Response(200, args.get("echostr", ""))

    async def receive(self, args: dict[str, str], body: bytes) -> Response:
        try:
            check_signature(self.token, args.get("signature"), args.get("timestamp"), args.get("nonce"))
            fields = parse_xml(body)
            safe = args.get("encrypt_type") == "aes"
            if safe:
                fields = self._decrypt(fields, args)
            message = inbound(fields)
        except ProtocolError as exc:
            logger.warning("wechat push refused (%d): %s", exc.status, exc)
            return Response(exc.status, str(exc))
        citizen = sender_ref(message.from_user, self._hash_key)
        if not await asyncio.to_thread(self._seen.first_time, message.dedupe_key):
            logger.info("wechat retry of %s from %s ignored", message.dedupe_key.split(":")[0], citizen)
            return SUCCESS
        route = await self._route(message)
        if route.say:
            return self._passive(message, route.say, args if safe else None)
        if not route.ask:
            return SUCCESS
        try:
            silenced = await self._silenced(message.from_user)
        except Unavailable:
            return self._passive(message, HOLDING, args if safe else None)
        if silenced:
            # Rasa keeps the message in the transcript (the conversation is paused, nothing is
            # predicted); the operator answers through the console.
            await self._safely_ask(message.from_user, route.ask, citizen)
            return SUCCESS
        reply = await self._reply_in_time(message, route.ask, citizen)
        if reply is None:
            return SUCCESS
        pieces = split_text(reply)
        if len(pieces) > 1 and self._send:
            self._later(self._send(message.from_user, "\n".join(pieces[1:]), citizen))
        return self._passive(message, pieces[0] if pieces else reply, args if safe else None)

    async def _route(self, message: Inbound) -> Route:
        if message.kind == "text":
            if not message.text:
                return Route(say=EMPTY)
            return Route(ask=message.text)  # a number chooses among the bot's options: the bot knows them
        if message.kind == "voice":
            return Route(ask=message.text) if message.text else Route(say=VOICE_UNCLEAR)
        if message.kind == "event":
            event = message.event.lower()
            if event == "subscribe":
                return Route(ask="/greet")
            if event == "unsubscribe":
                await self._forget(message.from_user)
                return Route()
            if event == "click":
                return Route(ask=payload(MENU.get(message.event_key, Intent.ASK_CAPABILITIES)))
            return Route()  # VIEW, SCAN, LOCATION reports: nothing to say
        return Route(say=NOT_SUPPORTED)

    async def _reply_in_time(self, message: Inbound, text: str, citizen: str) -> str | None:
        """The bot's reply if ready within the budget; otherwise None, and it goes out later."""
        task = asyncio.ensure_future(self._safely_ask(message.from_user, text, citizen))
        done, _ = await asyncio.wait({task}, timeout=self._budget)
        if done:
            return self._reply_text(task.result())
        logger.info("reply to %s not ready in %.1f s: sending it by the customer-service API", citizen, self._budget)

        async def deliver() -> None:
            reply = self._reply_text(await task)
            if not self._send:
                logger.error("late reply to %s lost: no WeChat app id/secret for the customer-service API", citizen)
            elif reply:
                await self._send(message.from_user, reply, citizen)

        self._later(deliver())
        return None

    async def _safely_ask(self, openid: str, text: str, citizen: str) -> list[dict[str, Any]]:
        """The bot's messages; an apology when the bot fails, so WeChat never sees a 5xx."""
        try:
            return await self._ask(openid, text)
        except Exception:  # any failure inside Rasa must still end in a reply to the citizen
            logger.exception("the bot failed on a message from %s", citizen)
            return [{"text": BOT_FAILED}]

    @staticmethod
    def _reply_text(messages: list[dict[str, Any]]) -> str:
        """Never empty: a bot that said nothing (its action server down) gets the apology."""
        return render(messages) or BOT_FAILED

    def _later(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _decrypt(self, fields: dict[str, str], args: dict[str, str]) -> dict[str, str]:
        if self._crypto is None:
            raise ProtocolError(400, "encrypted push, but no WECHAT_AES_KEY is configured")
        encrypted = fields.get("Encrypt", "")
        check_signature(self.token, args.get("msg_signature"), args.get("timestamp"), args.get("nonce"), encrypted)
        try:
            plain = self._crypto.decrypt(encrypted, self._app_id)
        except InvalidAppIdException as exc:
            raise ProtocolError(400, "wrong AppID") from exc
        except (ValueError, TypeError, IndexError, struct.error) as exc:
            # wechatpy reads lengths out of the plaintext unchecked: ciphertext that decrypts to too
            # few bytes fails with IndexError or struct.error, not with one of its own exceptions
            raise ProtocolError(400, "cannot decrypt") from exc
        return parse_xml(plain.encode("utf-8") if isinstance(plain, str) else plain)

    def _passive(self, message: Inbound, text: str, safe_args: dict[str, str] | None) -> Response:
        xml = text_reply(message, text)
        if safe_args is None or self._crypto is None:
            return Response(200, xml, "application/xml")
        nonce, timestamp = safe_args.get("nonce", ""), safe_args.get("timestamp", "")
        encrypted = self._crypto.encrypt(xml, self._app_id)
        encrypted = encrypted.decode() if isinstance(encrypted, bytes) else encrypted
        envelope = encrypted_envelope(encrypted, signature(self.token, timestamp, nonce, encrypted), timestamp, nonce)
        return Response(200, envelope, "application/xml")


def _aes_key(encoding_aes_key: str) -> bytes:
    """WeChat's EncodingAESKey is 43 base64 characters without the padding."""
    return base64.b64decode(encoding_aes_key + "=")
