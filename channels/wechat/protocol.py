"""WeChat's message protocol as pure functions: signatures, parsing, replies, splitting.

No framework and no I/O here, so every rule can be tested with wechatpy acting as WeChat.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

import xmltodict

from bot.text import ascii_number

MAX_BODY_BYTES = 64 * 1024  # a real push is a few hundred bytes
FRESHNESS_SECONDS = 300
TEXT_LIMIT_BYTES = 2048  # WeChat rejects longer customer-service texts
_FORBIDDEN = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class ProtocolError(Exception):
    """A request that is not a valid WeChat push; `status` is the HTTP answer for it."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def signature(*parts: str) -> str:
    """SHA1 of the sorted parts: WeChat's signature (token, timestamp, nonce[, encrypt])."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(
    token: str, given: str | None, timestamp: str | None, nonce: str | None, *extra: str, now: float | None = None
) -> None:
    """Constant-time signature check with a freshness window (wechatpy checks neither). Compared
    as bytes: compare_digest refuses str with non-ASCII characters, and the query string is anyone's."""
    sent_at = ascii_number(timestamp or "", 12)
    if not given or not timestamp or not nonce or sent_at is None:
        raise ProtocolError(403, "missing signature parameters")
    if abs((now if now is not None else time.time()) - sent_at) > FRESHNESS_SECONDS:
        raise ProtocolError(403, "stale timestamp")
    expected = signature(token, timestamp, nonce, *extra).encode("ascii")
    if not hmac.compare_digest(expected, given.encode("utf-8", errors="replace")):
        raise ProtocolError(403, "bad signature")


@dataclass(frozen=True)
class Inbound:
    """One push from WeChat, reduced to what the assistant uses."""

    to_user: str  # the official account
    from_user: str  # the citizen's openid
    create_time: str
    kind: str  # text, voice, image, location, link, event, …
    text: str = ""  # text content, or voice recognition
    event: str = ""  # subscribe, unsubscribe, CLICK, …
    event_key: str = ""
    msg_id: str = ""

    @property
    def dedupe_key(self) -> str:
        """MsgId for messages; events have none, so sender and time identify them."""
        return f"msg:{self.msg_id}" if self.msg_id else f"event:{self.from_user}:{self.create_time}"


def parse_xml(body: bytes) -> dict[str, str]:
    """The <xml> element's children, or ProtocolError 400. DOCTYPE and entities are refused
    before parsing: no external entities, no entity expansion."""
    if len(body) > MAX_BODY_BYTES:
        raise ProtocolError(413, "body too large")
    if _FORBIDDEN.search(body):
        raise ProtocolError(400, "DOCTYPE or ENTITY in body")
    try:
        document = xmltodict.parse(body, disable_entities=True)
    except (ExpatError, ValueError, TypeError) as exc:
        raise ProtocolError(400, f"malformed XML: {exc.__class__.__name__}") from exc
    root = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(root, dict):
        raise ProtocolError(400, "no <xml> root")
    return {key: value if isinstance(value, str) else "" for key, value in root.items()}


def inbound(fields: dict[str, str]) -> Inbound:
    if not fields.get("FromUserName") or not fields.get("ToUserName") or not fields.get("MsgType"):
        raise ProtocolError(400, "missing FromUserName, ToUserName or MsgType")
    kind = fields["MsgType"].lower()
    text = fields.get("Content", "") if kind == "text" else fields.get("Recognition", "") if kind == "voice" else ""
    return Inbound(
        to_user=fields["ToUserName"],
        from_user=fields["FromUserName"],
        create_time=fields.get("CreateTime", ""),
        kind=kind,
        text=text.strip(),
        event=fields.get("Event", ""),
        event_key=fields.get("EventKey", ""),
        msg_id=fields.get("MsgId", ""),
    )


def text_reply(message: Inbound, content: str, now: int | None = None) -> str:
    """The passive reply XML: to the citizen, from the account."""
    created = now if now is not None else int(time.time())
    return (
        f"<xml><ToUserName><![CDATA[{_cdata(message.from_user)}]]></ToUserName>"
        f"<FromUserName><![CDATA[{_cdata(message.to_user)}]]></FromUserName>"
        f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{_cdata(content)}]]></Content></xml>"
    )


def _cdata(value: str) -> str:
    return value.replace("]]>", "]]]]><![CDATA[>")


def encrypted_envelope(encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    return (
        f"<xml><Encrypt><![CDATA[{_cdata(encrypt)}]]></Encrypt>"
        f"<MsgSignature><![CDATA[{escape(msg_signature)}]]></MsgSignature>"
        f"<TimeStamp>{escape(timestamp)}</TimeStamp><Nonce><![CDATA[{_cdata(nonce)}]]></Nonce></xml>"
    )


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at line ends where possible, else between
    characters (never inside one)."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if len((current + line).encode("utf-8")) <= limit:
            current += line
            continue
        if current:
            pieces.append(current)
            current = ""
        while len(line.encode("utf-8")) > limit:
            cut = limit // 4
            while len(line[: cut + 1].encode("utf-8")) <= limit:
                cut += 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        pieces.append(current)
    return [piece.rstrip("\n") for piece in pieces if piece.strip()]


def numbered(text: str, titles: list[str]) -> str:
    """Button titles as numbered lines (unless the text already lists them), answerable by number."""
    lines = [title if title[:1].isdigit() else f"{i}. {title}" for i, title in enumerate(titles, 1)]
    extra = [line for line in lines if line not in text]
    return text + ("\n" + "\n".join(extra) if extra else "")
