"""The webhook exchange, with wechatpy acting as WeChat's server: signed and encrypted pushes,
retries, a bot slower than the deadline, long replies and numbered buttons."""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.crypto.cryptography import WeChatCipher
from wechatpy.utils import WeChatSigner

from bot.db import make_engine
from bot.settings import WeChatSettings
from channels.wechat.customer_service import CustomerService
from channels.wechat.dedupe import SeenStore, SqlSeenStore
from channels.wechat.endpoint import (
    BOT_FAILED,
    EMPTY,
    HOLDING,
    NOT_SUPPORTED,
    VOICE_UNCLEAR,
    Silenced,
    Unavailable,
    WeChatEndpoint,
)
from tests.channels.conftest import background_work

TOKEN, APP_ID = "test-token", "wx0123456789abcdef"
AES_KEY = base64.b64encode(b"k" * 32).decode().rstrip("=")


class Bot:
    """Stands in for Rasa: records what it was asked; answers at once, or (held) only once
    `release` is set, so a test decides when a slow bot is done."""

    def __init__(self, replies: list[dict[str, Any]] | None = None, held: bool = False) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answered = 0
        self.replies = replies if replies is not None else [{"text": "【普通护照申领】需要准备的材料：…"}]
        self.forgotten: list[str] = []
        self.release = asyncio.Event()
        if not held:
            self.release.set()

    async def ask(self, openid: str, text: str) -> list[dict[str, Any]]:
        self.asked.append((openid, text))
        await self.release.wait()
        self.answered += 1
        return self.replies

    async def forget(self, openid: str) -> None:
        self.forgotten.append(openid)


def settings(api_url: str = "", aes: bool = False) -> WeChatSettings:
    return WeChatSettings(TOKEN, APP_ID, "secret", AES_KEY if aes else None, api_url)


def endpoint(
    tmp_path,
    bot: Bot,
    api_url: str = "",
    aes: bool = False,
    budget: float = 2.0,
    seen: SeenStore | None = None,
    silenced: Silenced | None = None,
) -> WeChatEndpoint:
    wechat = settings(api_url, aes)
    sender = CustomerService(wechat).send if api_url else None
    store = seen or SqlSeenStore(make_engine(f"sqlite:///{tmp_path / 'seen.db'}"))
    extra = {"silenced": silenced} if silenced else {}
    return WeChatEndpoint(wechat, store, bot.ask, sender, bot.forget, b"key", budget=budget, **extra)


def signed_args(**extra: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), "nonce42"
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, **extra}


def push(kind: str = "text", msg_id: str = "1001", *, created: int | None = None, **fields: str) -> bytes:
    parts = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    msg = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (
        f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_citizen]]></FromUserName>"
        f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{parts}{msg}</xml>"
    ).encode()


def reply_content(body: str) -> str:
    return str(xmltodict.parse(body)["xml"]["Content"])


async def test_url_verification_echoes_only_when_signed(tmp_path) -> None:
    hook = endpoint(tmp_path, Bot())
    assert hook.verify(signed_args(echostr="abc123")).body == "abc123"
    forged = {**signed_args(echostr="abc123"), "signature": "0" * 40}
    assert hook.verify(forged).status == 403


async def test_a_text_message_gets_one_passive_reply(tmp_path) -> None:
    bot = Bot()
    result = await endpoint(tmp_path, bot).receive(signed_args(), push(Content="办护照要带什么"))
    assert result.status == 200 and result.content_type == "application/xml"
    document = xmltodict.parse(result.body)["xml"]
    assert (document["ToUserName"], document["FromUserName"]) == ("o_citizen", "gh_account")
    assert document["Content"].startswith("【普通护照申领】")
    assert bot.asked == [("o_citizen", "办护照要带什么")]


@pytest.mark.parametrize("bad", ["forged", "missing", "stale"])
async def test_unsigned_pushes_are_refused_before_any_work(tmp_path, bad: str) -> None:
    bot = Bot()
    args = signed_args()
    if bad == "forged":
        args["signature"] = "f" * 40
    elif bad == "missing":
        args.pop("signature")
    else:
        args["timestamp"] = str(int(time.time()) - 3600)
    result = await endpoint(tmp_path, bot).receive(args, push(Content="你好"))
    assert result.status == 403 and bot.asked == []


@pytest.mark.parametrize(
    "body",
    [b"<xml><broken>", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>&e;</xml>', b"<xml></xml>"],
    ids=["malformed", "xxe", "no-fields"],
)
async def test_bad_bodies_get_4xx_and_never_reach_the_bot(tmp_path, body: bytes) -> None:
    bot = Bot()
    result = await endpoint(tmp_path, bot).receive(signed_args(), body)
    assert 400 <= result.status < 500 and bot.asked == []


async def test_retries_are_answered_once(tmp_path) -> None:
    bot = Bot()
    hook = endpoint(tmp_path, bot)
    first = await hook.receive(signed_args(), push(Content="办护照", msg_id="555"))
    again = await hook.receive(signed_args(), push(Content="办护照", msg_id="555"))
    assert "普通护照" in first.body and again.body == "success"
    assert len(bot.asked) == 1


async def test_safe_mode_round_trip_with_wechatpy(tmp_path) -> None:
    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    args = signed_args(encrypt_type="aes")
    envelope = xmltodict.parse(
        crypto.encrypt_message(push(Content="办护照").decode(), args["nonce"], args["timestamp"])
    )
    encrypted_push = f"<xml><ToUserName>gh_account</ToUserName><Encrypt>{envelope['xml']['Encrypt']}</Encrypt></xml>"
    args["msg_signature"] = envelope["xml"]["MsgSignature"]
    result = await endpoint(tmp_path, Bot(), aes=True).receive(args, encrypted_push.encode())
    assert result.status == 200
    reply = xmltodict.parse(result.body)["xml"]
    decrypted = crypto.decrypt_message(result.body, reply["MsgSignature"], reply["TimeStamp"], reply["Nonce"])
    assert reply_content(decrypted).startswith("【普通护照申领】")


async def test_safe_mode_refuses_wrong_app_id_and_bad_msg_signature(tmp_path) -> None:
    other = WeChatCrypto(TOKEN, AES_KEY, "wxSOMEONEELSE0000")
    args = signed_args(encrypt_type="aes")
    envelope = xmltodict.parse(other.encrypt_message(push(Content="x").decode(), args["nonce"], args["timestamp"]))
    body = f"<xml><Encrypt>{envelope['xml']['Encrypt']}</Encrypt></xml>".encode()
    bot = Bot()
    wrong_app = await endpoint(tmp_path, bot, aes=True).receive(
        {**args, "msg_signature": envelope["xml"]["MsgSignature"]}, body
    )
    forged = await endpoint(tmp_path, bot, aes=True).receive({**args, "msg_signature": "0" * 40}, body)
    assert (wrong_app.status, forged.status) == (400, 403) and bot.asked == []


async def test_slow_bot_answers_success_then_sends_through_customer_service(tmp_path, wechat_api) -> None:
    bot = Bot(held=True)
    result = await endpoint(tmp_path, bot, wechat_api.url, budget=0.1).receive(signed_args(), push(Content="办护照"))
    assert result.body == "success" and bot.asked == [("o_citizen", "办护照")]
    assert bot.answered == 0 and wechat_api.sent == []  # 'success' went back before the bot answered
    bot.release.set()
    await background_work()
    assert [m["text"]["content"] for m in wechat_api.sent] == ["【普通护照申领】需要准备的材料：…"]
    assert wechat_api.sent[0]["touser"] == "o_citizen" and wechat_api.sent[0]["msgtype"] == "text"


async def test_expired_token_is_refreshed_once(tmp_path, wechat_api) -> None:
    wechat_api.expire_next_token = True
    bot = Bot(held=True)
    hook = endpoint(tmp_path, bot, wechat_api.url, budget=0.1)
    assert (await hook.receive(signed_args(), push(Content="办护照"))).body == "success"
    bot.release.set()
    await background_work()
    assert wechat_api.token_fetches == 2 and [m["token"] for m in wechat_api.sent] == ["T2"]


async def test_a_long_reply_is_split_passive_first_then_customer_service(tmp_path, wechat_api) -> None:
    long_text = "\n".join(f"{i}. 材料说明" + "很长" * 40 for i in range(30))
    result = await endpoint(tmp_path, Bot(replies=[{"text": long_text}]), wechat_api.url).receive(
        signed_args(), push(Content="办护照")
    )
    await background_work()
    first = reply_content(result.body)
    rest = [m["text"]["content"] for m in wechat_api.sent]
    assert len(first.encode()) <= 2048 and all(len(r.encode()) <= 2048 for r in rest)
    assert "\n".join([first, *rest]) == long_text


async def test_buttons_are_numbered_the_signal_unseen_and_a_number_goes_to_the_bot(tmp_path) -> None:
    """The bot's pending choice reads the number: the channel keeps no copy of the options."""
    signal = {"custom": {"onetrip": {"kind": "question", "handover": None}}}
    question = {
        "text": "请问是否代办？",
        "buttons": [{"title": "是", "payload": "是"}, {"title": "不是", "payload": "不是"}],
    }
    bot = Bot(replies=[question, signal])
    hook = endpoint(tmp_path, bot)
    shown = await hook.receive(signed_args(), push(Content="我有身份证", msg_id="1"))
    assert reply_content(shown.body) == "请问是否代办？\n1. 是\n2. 不是"
    await hook.receive(signed_args(), push(Content="2", msg_id="2"))
    assert bot.asked[-1] == ("o_citizen", "2")


@pytest.mark.parametrize(
    ("kind", "fields", "reply"),
    [
        ("image", {"PicUrl": "http://x"}, NOT_SUPPORTED),
        ("location", {"Label": "杭州"}, NOT_SUPPORTED),
        ("voice", {"MediaId": "m"}, VOICE_UNCLEAR),
        ("text", {"Content": "   "}, EMPTY),
    ],
)
async def test_what_the_bot_cannot_take_gets_a_polite_reply(
    tmp_path, kind: str, fields: dict[str, str], reply: str
) -> None:
    bot = Bot()
    result = await endpoint(tmp_path, bot).receive(signed_args(), push(kind, **fields))  # type: ignore[arg-type]
    assert reply_content(result.body) == reply and bot.asked == []


async def test_voice_recognition_subscribe_menu_and_unsubscribe(tmp_path) -> None:
    bot = Bot()
    hook = endpoint(tmp_path, bot)
    await hook.receive(signed_args(), push("voice", msg_id="1", MediaId="m", Recognition="办护照要带什么"))
    await hook.receive(signed_args(), push("event", msg_id="", created=8, Event="subscribe"))
    await hook.receive(signed_args(), push("event", msg_id="", created=9, Event="CLICK", EventKey="HUMAN"))
    gone = await hook.receive(signed_args(), push("event", msg_id="", created=10, Event="unsubscribe"))
    repeated = await hook.receive(signed_args(), push("event", msg_id="", created=10, Event="unsubscribe"))
    assert [text for _, text in bot.asked] == ["办护照要带什么", "/greet", "/request_human"]
    assert gone.body == repeated.body == "success" and bot.forgotten == ["o_citizen"]


async def test_a_failing_bot_still_gets_the_citizen_an_apology(tmp_path) -> None:
    class Broken(Bot):
        async def ask(self, openid: str, text: str) -> list[dict[str, Any]]:
            raise RuntimeError("rasa fell over")

    result = await endpoint(tmp_path, Broken()).receive(signed_args(), push(Content="办护照"))
    assert result.status == 200 and reply_content(result.body) == BOT_FAILED


async def test_a_bot_that_says_nothing_does_not_leave_the_citizen_in_silence(tmp_path) -> None:
    result = await endpoint(tmp_path, Bot(replies=[])).receive(signed_args(), push(Content="办护照"))
    assert reply_content(result.body) == BOT_FAILED


async def test_while_an_operator_owns_the_conversation_the_bot_stays_silent(tmp_path) -> None:
    owned = {"o_citizen"}

    async def silenced(openid: str) -> bool:
        return openid in owned

    bot = Bot(replies=[])  # a paused Rasa conversation predicts nothing
    hook = endpoint(tmp_path, bot, silenced=silenced)
    result = await hook.receive(signed_args(), push(Content="我补充一下，我还有户口本", msg_id="2001"))
    assert (result.status, result.body) == (200, "success")  # no apology, no reply: the operator answers
    assert bot.asked == [("o_citizen", "我补充一下，我还有户口本")]  # still in the transcript
    owned.clear()  # resolved: the bot answers again
    bot.replies = [{"text": "好的"}]
    assert reply_content((await hook.receive(signed_args(), push(Content="谢谢", msg_id="2002"))).body) == "好的"


async def test_an_encrypted_push_without_a_configured_key_is_a_4xx(tmp_path) -> None:
    bot = Bot()
    body = b"<xml><ToUserName>gh</ToUserName><Encrypt>abc</Encrypt></xml>"
    result = await endpoint(tmp_path, bot).receive(signed_args(encrypt_type="aes", msg_signature="x"), body)
    assert result.status == 400 and bot.asked == []


@pytest.mark.parametrize("plain", [None, b"\x10" * 16], ids=["empty", "one-block"])
async def test_ciphertext_that_decrypts_to_too_little_is_a_400(tmp_path, plain: bytes | None) -> None:
    """wechatpy fails on these with IndexError and struct.error; a correct msg_signature must
    not turn them into a 500."""
    cipher = WeChatCipher(base64.b64decode(AES_KEY + "="))
    encrypt = base64.b64encode(cipher.encrypt(plain)).decode() if plain else ""
    args = signed_args(encrypt_type="aes")
    signer = WeChatSigner()
    signer.add_data(TOKEN, args["timestamp"], args["nonce"], encrypt)
    body = f"<xml><ToUserName>gh</ToUserName><Encrypt>{encrypt}</Encrypt></xml>".encode()
    bot = Bot()
    result = await endpoint(tmp_path, bot, aes=True).receive({**args, "msg_signature": signer.signature}, body)
    assert (result.status, result.body) == (400, "cannot decrypt") and bot.asked == []


async def test_with_the_database_down_the_citizen_gets_a_holding_reply(tmp_path) -> None:
    async def unavailable(openid: str) -> bool:
        raise Unavailable

    bot = Bot()
    hook = endpoint(tmp_path, bot, silenced=unavailable)
    result = await hook.receive(signed_args(), push(Content="办护照要带什么", msg_id="3001"))
    assert reply_content(result.body) == HOLDING and bot.asked == []  # nothing guessed without the records
