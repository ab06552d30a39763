"""Fuzzing the WeChat webhook: any query string and any body, unsigned and correctly signed, in
plain and safe (AES) mode, against WeChatEndpoint directly and through the Sanic blueprint over
real HTTP. Never a 5xx, never a traceback; a signed text push always gets a reply."""

from __future__ import annotations

import base64
import itertools
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape

import pytest
import xmltodict
from hypothesis import given
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.crypto.base import BasePrpCrypto
from wechatpy.crypto.pkcs7 import PKCS7Encoder
from wechatpy.utils import WeChatSigner

from bot.db import make_engine
from bot.settings import WeChatSettings
from channels.wechat.channel import WeChatInput
from channels.wechat.dedupe import SqlSeenStore
from channels.wechat.endpoint import MENU, WeChatEndpoint
from tests.fuzz.support import (
    XML_CHAR,
    Served,
    any_text,
    assert_no_traceback,
    channel_settings,
    fuzz,
    huge_text,
    serving,
    xml_text,
)

TOKEN, APP_ID = "fuzz-token", "wx0123456789abcdef"
AES_KEY = base64.b64encode(b"f" * 32).decode().rstrip("=")
PATH = "/webhooks/wechat/webhook"
_ids = itertools.count(1)


class EchoBot:
    """Stands in for Rasa: echoes what it was asked, with two buttons (so numbers choose)."""

    async def ask(self, openid: str, text: str) -> list[dict[str, Any]]:
        buttons = [{"title": "是", "payload": "/affirm"}, {"title": "不是", "payload": "/deny"}]
        return [{"text": f"收到：{text}", "buttons": buttons}]

    async def forget(self, openid: str) -> None:
        return None


def make_endpoint(directory: Path, aes: bool) -> WeChatEndpoint:
    wechat = WeChatSettings(TOKEN, APP_ID, None, AES_KEY if aes else None, "")
    store = SqlSeenStore(make_engine(f"sqlite:///{directory / ('seen-aes.db' if aes else 'seen.db')}"))
    bot = EchoBot()
    # The echo bot answers at once; the budget only has to outlast a loaded machine's SQLite writes
    # and thread hops (2 s was once exceeded under `make test`: a late reply is "success", not XML).
    return WeChatEndpoint(wechat, store, bot.ask, None, bot.forget, b"fuzz-key", budget=5.0)


@pytest.fixture(scope="module")
def endpoints(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, WeChatEndpoint]:
    """Plain (False) and safe mode (True), shared by every example: dedupe state carries over."""
    directory = tmp_path_factory.mktemp("wechat-fuzz")
    return {aes: make_endpoint(directory, aes) for aes in (False, True)}


def signed(nonce: str = "nonce42", extra: dict[str, str] | None = None) -> dict[str, str]:
    """Arguments signed as WeChat signs them, now; `extra` arguments cannot override the three."""
    timestamp = str(int(time.time()))
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    return {**(extra or {}), "signature": str(signer.signature), "timestamp": timestamp, "nonce": nonce}


def msg_signature(args: dict[str, str], encrypt: str) -> str:
    signer = WeChatSigner()
    signer.add_data(TOKEN, args["timestamp"], args["nonce"], encrypt)
    return str(signer.signature)


def encrypted(xml: str, args: dict[str, str]) -> tuple[dict[str, str], bytes]:
    """The safe-mode push WeChat would send for `xml`: the envelope and its query arguments."""
    envelope = xmltodict.parse(
        WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(xml, args["nonce"], args["timestamp"])
    )
    encrypt = envelope["xml"]["Encrypt"]
    body = f"<xml><ToUserName>gh_account</ToUserName><Encrypt>{encrypt}</Encrypt></xml>".encode()
    return {**args, "encrypt_type": "aes", "msg_signature": envelope["xml"]["MsgSignature"]}, body


# -- strategies ------------------------------------------------------------------------------------

ARG_NAMES = ["signature", "timestamp", "nonce", "echostr", "encrypt_type", "msg_signature", "openid"]
arg_values = st.one_of(any_text, st.just("aes"), st.integers().map(str))
query_args = st.dictionaries(st.one_of(st.sampled_from(ARG_NAMES), st.text(max_size=20)), arg_values, max_size=8)
extra_args = st.dictionaries(
    st.one_of(st.sampled_from(["echostr", "openid", "encrypt_type", "msg_signature"]), st.text(max_size=10)),
    arg_values,
    max_size=4,
)

element_name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,15}", fullmatch=True)
field_value = st.one_of(
    xml_text,
    huge_text,
    st.integers().map(str),
    st.sampled_from(["", " ", "]]>", "<a>b</a>", "&amp;", "&#0;", "&undefined;", "\x00"]),
)
KNOWN_FIELDS: dict[str, st.SearchStrategy[str]] = {
    "ToUserName": field_value,
    "FromUserName": field_value,
    "CreateTime": st.one_of(st.integers(0, 2**40).map(str), field_value),
    "MsgType": st.one_of(
        st.sampled_from(["text", "voice", "image", "location", "link", "event", "video", "TEXT", "Event"]), field_value
    ),
    "Content": field_value,
    "Recognition": field_value,
    "MsgId": st.one_of(st.integers(0, 2**64).map(str), field_value),
    "Event": st.one_of(st.sampled_from(["subscribe", "unsubscribe", "CLICK", "click", "VIEW", "SCAN"]), field_value),
    "EventKey": st.one_of(st.sampled_from([*MENU, ""]), field_value),
    "MediaId": field_value,
    "Encrypt": field_value,
}


@st.composite
def built_xml(draw: st.DrawFn) -> bytes:
    """A push-shaped document: known fields present or missing, extra and repeated elements, values
    escaped, in CDATA or raw (which may well be malformed), in an encoding of its own."""
    fields = draw(st.fixed_dictionaries({}, optional=KNOWN_FIELDS))
    pairs = list(fields.items()) + draw(st.lists(st.tuples(element_name, field_value), max_size=4))
    parts = []
    for name, value in draw(st.permutations(pairs)):
        style = draw(st.sampled_from(["escaped", "cdata", "raw", "attribute"]))
        if style == "escaped":
            parts.append(f"<{name}>{escape(value)}</{name}>")
        elif style == "cdata":
            parts.append(f"<{name}><![CDATA[{value.replace(']]>', ']]]]><![CDATA[>')}]]></{name}>")
        elif style == "raw":
            parts.append(f"<{name}>{value}</{name}>")
        else:
            parts.append(f'<{name} kind="{escape(value[:50], {chr(34): "&quot;"})}">x</{name}>')
    root = draw(st.sampled_from(["xml", "xml", "xml", "root", "XML"]))
    document = f"<{root}>{''.join(parts)}</{root}>"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "gbk", "latin-1"]))
    if draw(st.booleans()):
        document = f'<?xml version="1.0" encoding="{encoding}"?>' + document
    return document.encode(encoding, errors="replace")


xml_value = st.one_of(xml_text, huge_text, st.integers().map(str), st.sampled_from(["", " ", "]]>", "<a>b</a>", "²"]))


@st.composite
def well_formed_push(draw: st.DrawFn) -> bytes:
    """Well formed, with the three fields every push has: what varies is their values and the
    other fields, so the endpoint gets past parsing to routing, dedupe, menus and the bot."""
    kinds = st.sampled_from(["text", "voice", "image", "event", "location", "TEXT", "Event"])
    fields = {
        "ToUserName": draw(xml_value),
        "FromUserName": draw(xml_value),
        "MsgType": draw(st.one_of(kinds, xml_value)),
        **draw(st.fixed_dictionaries({}, optional={name: xml_value for name in ("Content", "Recognition", "MsgId")})),
        **draw(
            st.fixed_dictionaries({}, optional={"Event": KNOWN_FIELDS["Event"], "EventKey": KNOWN_FIELDS["EventKey"]})
        ),
        **draw(st.fixed_dictionaries({}, optional={"CreateTime": KNOWN_FIELDS["CreateTime"]})),
    }
    return (
        "<xml>" + "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items()) + "</xml>"
    ).encode()


DOCTYPE_PAYLOADS = [
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>',
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<xml><Content>&lol2;</Content></xml>",
    b'<!doctype xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml/>',
    b'<xml><!ENTITY x "y"><Content>&x;</Content></xml>',
    '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><FromUserName>o</FromUserName>'
    "<ToUserName>gh</ToUserName><MsgType>text</MsgType><Content>&x;</Content></xml>".encode("utf-16"),
    b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE xml+AD4-<xml/>',
    b"<xml><Content>&#x110000;</Content></xml>",
    b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>",
]
bodies = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", errors="replace")),
    built_xml(),
    well_formed_push(),
    st.sampled_from(DOCTYPE_PAYLOADS),
    st.builds(lambda n: b"<xml><Content>" + b"a" * n + b"</Content></xml>", st.integers(60_000, 70_000)),
)
openids = st.from_regex(r"o[A-Za-z0-9_-]{5,30}", fullmatch=True)
# no surrounding blanks: xmltodict strips them from the reply's <Nonce>, and its signature with them
nonces = st.text(XML_CHAR, min_size=1, max_size=40).filter(lambda nonce: nonce.strip() == nonce)
contents = st.one_of(
    st.text(st.one_of(XML_CHAR, st.sampled_from("\n\t")), max_size=3000),
    st.sampled_from(["1", "２", "0", "3", "²", "١", "9" * 5000, " ", "]]>", "<xml>", "&amp;"]),
)


def push(content: str, openid: str, msg_id: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{escape(content)}</Content><MsgId>{msg_id}</MsgId></xml>"
    )


def reply_of(status: int, body: str, aes: bool) -> dict[str, Any]:
    """The passive reply's fields, decrypted (and its signature checked) in safe mode."""
    assert status == 200, body[:300]
    if aes:
        envelope = xmltodict.parse(body)["xml"]
        body = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
            body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
        )
    reply: dict[str, Any] = xmltodict.parse(body)["xml"]
    return reply


# -- against the endpoint ----------------------------------------------------------------------------


@fuzz()
@given(args=query_args)
def test_url_verification_never_fails(endpoints: dict[bool, WeChatEndpoint], args: dict[str, str]) -> None:
    result = endpoints[False].verify(args)
    assert_no_traceback(result.status, result.body)
    assert result.status == 403  # nothing random carries a valid signature


@fuzz()
@given(extra=extra_args, nonce=nonces, echostr=any_text)
def test_signed_url_verification_echoes(
    endpoints: dict[bool, WeChatEndpoint], extra: dict[str, str], nonce: str, echostr: str
) -> None:
    result = endpoints[False].verify(signed(nonce, {**extra, "echostr": echostr}))
    assert (result.status, result.body) == (200, echostr)


@fuzz()
@given(args=query_args, body=bodies, aes=st.booleans())
async def test_unsigned_pushes_are_refused_cleanly(
    endpoints: dict[bool, WeChatEndpoint], args: dict[str, str], body: bytes, aes: bool
) -> None:
    result = await endpoints[aes].receive(args, body)
    assert_no_traceback(result.status, result.body)
    assert result.status == 403


@fuzz()
@given(
    timestamp=st.one_of(st.just("now"), any_text, st.integers().map(str), st.floats().map(str)),
    nonce=st.one_of(nonces, any_text),
    given_signature=st.one_of(any_text, st.text(max_size=40)),
)
async def test_any_signature_parameters_are_refused_cleanly(
    endpoints: dict[bool, WeChatEndpoint], timestamp: str, nonce: str, given_signature: str
) -> None:
    """Timestamps and signatures of any shape: superscript digits, 5000 digits, non-ASCII."""
    if timestamp == "now":
        timestamp = str(int(time.time()))  # so that the signature itself is compared
    args = {"signature": given_signature, "timestamp": timestamp, "nonce": nonce}
    result = await endpoints[False].receive(args, push("办护照", "o_citizen", next(_ids)).encode())
    assert_no_traceback(result.status, result.body)
    assert result.status == 403 and endpoints[False].verify(args).status == 403


@fuzz(200)
@given(extra=extra_args, nonce=nonces, body=bodies, aes=st.booleans())
async def test_signed_pushes_of_any_body_never_fail(
    endpoints: dict[bool, WeChatEndpoint], extra: dict[str, str], nonce: str, body: bytes, aes: bool
) -> None:
    result = await endpoints[aes].receive(signed(nonce, extra), body)
    assert_no_traceback(result.status, result.body)


@fuzz(200)
@given(nonce=nonces, document=st.one_of(built_xml(), well_formed_push()), aes=st.booleans(), safe_mode=st.booleans())
async def test_signed_push_shaped_documents_never_fail(
    endpoints: dict[bool, WeChatEndpoint], nonce: str, document: bytes, aes: bool, safe_mode: bool
) -> None:
    args, body = signed(nonce), document
    if safe_mode:
        args, body = encrypted(document.decode("utf-8", errors="replace"), args)
    result = await endpoints[aes].receive(args, body)
    assert_no_traceback(result.status, result.body)


def aes_encrypt(plain: bytes) -> str:
    """`plain` encrypted with the configured key, as base64: it decrypts, whatever it holds."""
    cipher = BasePrpCrypto(base64.b64decode(AES_KEY + "=")).cipher
    return base64.b64encode(cipher.encrypt(plain)).decode()


ciphertexts = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=300).map(lambda raw: base64.b64encode(raw).decode()),
    # correctly encrypted, but lengths, app id and XML inside are garbage (or there is nothing inside)
    st.binary(max_size=300).map(lambda raw: aes_encrypt(PKCS7Encoder.encode(raw))),
    st.binary(min_size=16, max_size=16).map(aes_encrypt),
    st.sampled_from(["", "=", "====", "AAAA", "not base64 at all ✓"]),
)
# (plain text, app id): well formed, but for another official account. Encrypted in the test:
# wechatpy draws its random prefix from `random`, which hypothesis does not allow in a strategy.
foreign = st.tuples(st.text(max_size=200), st.sampled_from(["wxSOMEONEELSE0000", "", APP_ID.upper(), APP_ID + " "]))


@fuzz(200)
@given(nonce=nonces, encrypt=st.one_of(ciphertexts, foreign))
async def test_safe_mode_with_any_ciphertext_is_refused_cleanly(
    endpoints: dict[bool, WeChatEndpoint], nonce: str, encrypt: str | tuple[str, str]
) -> None:
    """A correct msg_signature over ciphertext that does not decrypt to a push: a 4xx."""
    if isinstance(encrypt, tuple):
        encrypt = PrpCrypto(base64.b64decode(AES_KEY + "=")).encrypt(*encrypt).decode()
    assert isinstance(encrypt, str)
    args = signed(nonce, {"encrypt_type": "aes"})
    args["msg_signature"] = msg_signature(args, encrypt)
    body = f"<xml><ToUserName>gh_account</ToUserName><Encrypt>{escape(encrypt)}</Encrypt></xml>".encode()
    result = await endpoints[True].receive(args, body)
    assert_no_traceback(result.status, result.body)
    assert 400 <= result.status < 500


@fuzz(200)
@given(content=contents, openid=openids, nonce=nonces, aes=st.booleans())
async def test_signed_text_pushes_always_get_a_reply(
    endpoints: dict[bool, WeChatEndpoint], content: str, openid: str, nonce: str, aes: bool
) -> None:
    args, body = signed(nonce), push(content, openid, next(_ids)).encode()
    if aes:
        args, body = encrypted(body.decode(), args)
    result = await endpoints[aes].receive(args, body)
    reply = reply_of(result.status, result.body, aes)
    assert reply["ToUserName"] == openid and reply["MsgType"] == "text"
    assert str(reply.get("Content") or "").strip()


# -- the Sanic blueprint over real HTTP ---------------------------------------------------------------


@pytest.fixture(scope="module")
def wechat_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """WeChatInput's blueprint as Rasa mounts it, with a stand-in for Rasa's on_new_message that
    answers through the message's output channel. No app secret: no customer-service API calls."""
    directory = tmp_path_factory.mktemp("wechat-http")
    settings = channel_settings(directory, {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APP_ID, "WECHAT_AES_KEY": AES_KEY})

    async def on_new_message(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, f"收到：{message.text}")

    with serving((WeChatInput(settings).blueprint(on_new_message), "/webhooks/wechat")) as served:
        yield served


MAX_QUERY = 6000  # Sanic answers a head over 8 KB with 413 itself (test below): stay under it
raw_queries = st.one_of(
    query_args.map(urlencode),
    st.text(max_size=300).map(lambda raw: quote(raw, safe="=&%+;")),
    st.sampled_from(["%", "%zz", "a=%ff%fe", "=&=&", "signature&timestamp&nonce", "a=1&a=2&a=3"]),
).map(lambda query: query[:MAX_QUERY])


def test_http_an_oversized_head_is_refused_by_sanic(wechat_http: Served) -> None:
    with socket.create_connection((wechat_http.host, wechat_http.port), timeout=10) as sock:
        sock.sendall(f"POST {PATH}?signature={'a' * 20_000} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode())
        head = sock.recv(100)
    assert head.startswith(b"HTTP/1.1 413 ")


@fuzz()
@given(method=st.sampled_from(["GET", "POST"]), query=raw_queries, body=bodies, content_type=st.text(max_size=40))
def test_http_any_request_never_fails(
    wechat_http: Served, method: str, query: str, body: bytes, content_type: str
) -> None:
    headers: dict[str, str | bytes] = {
        "Content-Type": content_type.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")
    }
    reply = wechat_http.request(method, f"{PATH}?{query}", body if method == "POST" else None, headers)
    assert_no_traceback(reply.status, reply.body)


@fuzz()
@given(
    extra=extra_args.map(lambda args: {name[:20]: value[:150] for name, value in args.items()}),
    nonce=nonces,
    body=bodies,
)
def test_http_signed_pushes_never_fail(wechat_http: Served, extra: dict[str, str], nonce: str, body: bytes) -> None:
    reply = wechat_http.request("POST", f"{PATH}?{urlencode(signed(nonce, extra))}", body)
    assert_no_traceback(reply.status, reply.body)


@fuzz()
@given(content=contents, openid=openids, nonce=nonces, aes=st.booleans())
def test_http_signed_text_pushes_always_get_a_reply(
    wechat_http: Served, content: str, openid: str, nonce: str, aes: bool
) -> None:
    args, body = signed(nonce), push(content, openid, next(_ids)).encode()
    if aes:
        args, body = encrypted(body.decode(), args)
    reply = wechat_http.request("POST", f"{PATH}?{urlencode(args)}", body)
    fields = reply_of(reply.status, reply.text, aes)
    assert fields["ToUserName"] == openid and str(fields.get("Content") or "").strip()
