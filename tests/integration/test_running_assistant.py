"""The assistant as `make run` starts it: both servers, the trained model, REST on loopback.

Needs the trained model, so `make test` runs it after training (`make integration`).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from twilio.request_validator import RequestValidator
from wechatpy.utils import WeChatSigner

from bot.privacy import sender_ref
from bot.settings import PROJECT_ROOT
from tests.console.harness import Client, add_account
from tests.fakes import FakeTwilioApi, FakeWeChatApi, fake_twilio, fake_wechat_api, free_port

pytestmark = pytest.mark.integration


RASA_PORT, ACTION_PORT, CONSOLE_PORT = free_port(), free_port(), free_port()  # other runs must not collide
OPERATOR, OPERATOR_PASSWORD = f"op-{uuid.uuid4().hex[:8]}", "integration-password"
ID_NUMBER = "11010519491231002X"
WECHAT_TOKEN = "integration-test-token"
TWILIO_TOKEN, PUBLIC = "twilio-test-token", "https://hotline.example.org"


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def sms_api() -> Iterator[FakeTwilioApi]:
    with fake_twilio() as fake:
        yield fake


@pytest.fixture(scope="module")
def wechat_api() -> Iterator[FakeWeChatApi]:
    with fake_wechat_api() as fake:
        yield fake


@pytest.fixture(scope="module")
def running(sms_api: FakeTwilioApi, wechat_api: FakeWeChatApi) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "RASA_PORT": str(RASA_PORT),
        "ACTION_PORT": str(ACTION_PORT),
        "CONSOLE_PORT": str(CONSOLE_PORT),
        "WECHAT_APPID": "wx0123456789abcdef",
        "WECHAT_SECRET": "integration-secret",
        "WECHAT_API_BASE": wechat_api.url,
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "HOTLINE_PUBLIC_URL": PUBLIC,
        "HOTLINE_OPERATOR_NUMBER": "+8657100000000",
        "OFFICE_HOURS": "0-24",
        "OFFICE_DAYS": "1-7",  # always open: the transfer is tested, not the clock
        "TWILIO_ACCOUNT_SID": "ACintegration",
        "HOTLINE_SMS_FROM": "+15550001111",
        "TWILIO_API_BASE": sms_api.url,
    }
    assert add_account(env, OPERATOR, OPERATOR_PASSWORD).returncode == 0  # no default account exists
    with run_script([], env, [RASA_PORT, ACTION_PORT, CONSOLE_PORT], start_seconds=240, stop_seconds=60) as process:
        yield process


@contextmanager
def run_script(
    args: list[str], env: dict[str, str], ports: list[int], start_seconds: float, stop_seconds: float
) -> Iterator[subprocess.Popen[bytes]]:
    """scripts/run.py with `args`, until every port listens; then Ctrl-C, a clean exit, ports closed.
    What it said on stderr is kept, to say why when it stops early."""
    with tempfile.TemporaryFile() as said:
        process = subprocess.Popen(
            [sys.executable, "scripts/run.py", *args],
            cwd=PROJECT_ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=said,
        )
        deadline = time.monotonic() + start_seconds
        while not all(port_open(port) for port in ports):
            if process.poll() is not None:
                said.seek(0)
                tail = said.read().decode("utf-8", errors="replace")[-2000:]
                raise AssertionError(f"scripts/run.py {' '.join(args)} exited before the servers came up:\n{tail}")
            assert time.monotonic() < deadline, f"servers did not come up within {start_seconds:.0f} s"
            time.sleep(1)
        yield process
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        assert process.wait(timeout=stop_seconds) == 0
        assert not any(port_open(port) for port in ports)


def say(sender: str, message: str, port: int = RASA_PORT) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return list(json.loads(response.read()))


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_a_whole_conversation(running: object) -> None:
    citizen = f"it-{uuid.uuid4().hex}"  # conversations persist in var/tracker.db: a new one each run
    assert "一次办助手" in texts(say(citizen, "你好"))
    asked = say(citizen, "办身份证要带什么？")
    assert "您要办理的是哪一项" in texts(asked) and asked[0]["buttons"]
    replacement = next(b["payload"] for b in asked[0]["buttons"] if "补领" in b["title"])
    assert texts(say(citizen, replacement)).startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert "工本费" in texts(say(citizen, "那要多少钱？"))
    checked = texts(say(citizen, "我有身份证和户口本"))
    assert "【居民身份证补领（遗失）】" in checked
    assert "工作人员" in texts(say(citizen, "转人工"))


@pytest.mark.parametrize(
    "message",
    ["", "😀😀", "what is the weather", "辦護照要帶什麼", "身份证" * 3000],
    ids=["empty", "emoji", "english", "traditional", "huge"],
)
def test_bad_input_gets_a_reply(running: object, message: str) -> None:
    assert texts(say(f"it-{uuid.uuid4().hex}", message)).strip()


def wechat(method: str, body: bytes | None = None, port: int = RASA_PORT, **extra: str) -> tuple[int, str]:
    timestamp, nonce = str(int(time.time())), "n-integration"
    signer = WeChatSigner()
    signer.add_data(WECHAT_TOKEN, timestamp, nonce)
    query = urllib.parse.urlencode({"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, **extra})
    url = f"http://127.0.0.1:{port}/webhooks/wechat/webhook?{query}"
    request = urllib.request.Request(url, body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_wechat_push_through_rasa(running: object) -> None:
    assert wechat("GET", echostr="hello") == (200, "hello")
    push = text_push(f"o_{uuid.uuid4().hex}", "身份证丢了要带什么")
    status, body = wechat("POST", push)
    assert status == 200 and "【居民身份证补领（遗失）】需要准备的材料" in body
    assert wechat("POST", push) == (200, "success")  # WeChat's retry: answered once
    assert wechat("POST", b"<xml><unclosed>")[0] == 400


def twilio(path: str, params: dict[str, str], signed: bool = True, port: int = RASA_PORT) -> tuple[int, str]:
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + path, params) if signed else "forged"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        urllib.parse.urlencode(params).encode(),
        {"X-Twilio-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_hotline_call_through_rasa(running: object, sms_api: FakeTwilioApi) -> None:
    call = {"CallSid": f"CA{uuid.uuid4().hex}", "From": "+8613812345678"}
    status, greeting = twilio("/webhooks/hotline/voice", call)
    assert status == 200 and 'language="zh-CN"' in greeting and "Polly.Zhiyu" in greeting
    status, answer = twilio("/webhooks/hotline/gather?step=1", {**call, "SpeechResult": "身份证丢了要带什么"})
    # the answer made for the ear: counted first, read a part at a time, no legal text
    assert status == 200 and "办居民身份证补领" in answer and "要带" in answer and "依据" not in answer
    assert "第1样" in twilio("/webhooks/hotline/gather?step=2", {**call, "SpeechResult": "继续"})[1]
    asked = twilio("/webhooks/hotline/gather?step=3", {**call, "SpeechResult": "我有身份证和户口本还有书面申请"})[1]
    assert "未满16周岁" in asked and "按1：是。按2：不是。" in asked
    step, heard = 4, twilio("/webhooks/hotline/gather?step=4", {**call, "Digits": "2"})[1]
    while "短信" not in heard and step < 8:  # the checklist is read to its end, then the SMS is offered
        step += 1
        heard = twilio(f"/webhooks/hotline/gather?step={step}", {**call, "Digits": "1"})[1]
    assert "短信" in heard
    step += 1
    assert "已经用短信发到您的手机" in twilio(f"/webhooks/hotline/gather?step={step}", {**call, "Digits": "1"})[1]
    body = sms_api.sent[-1]["Body"]
    assert sms_api.sent[-1]["To"] == "+8613812345678" and "居民身份证补领" in body and "依据" not in body
    assert "一次办成" in body  # the follow-up's offer, texted with the checklist: answered by SMS
    reply = {"From": "+8613812345678", "Body": "好", "MessageSid": f"SM{uuid.uuid4().hex}"}
    status, consented = twilio("/webhooks/hotline/sms", reply)
    assert status == 200 and "<Message>" in consented and "过几天" in consented
    told = twilio("/webhooks/hotline/sms", {**reply, "Body": "跑了两次，少了一张照片"})[1]
    assert "跑了两次" in told and "照片" in told
    assert twilio("/webhooks/hotline/sms", reply, signed=False)[0] == 403
    assert twilio("/webhooks/hotline/sms", {"Body": "好"})[0] == 400
    stranger = twilio("/webhooks/hotline/sms", {**reply, "From": "+8613900000000"})[1]
    assert "没有需要您回复" in stranger
    step += 1
    person = twilio(f"/webhooks/hotline/gather?step={step}", {**call, "Digits": "0"})[1]
    assert "<Dial" in person  # open every day and hour (OFFICE_DAYS, OFFICE_HOURS): a transfer
    assert twilio("/webhooks/hotline/voice", call, signed=False)[0] == 403
    assert twilio("/webhooks/hotline/gather?step=2", {"From": "+86138"})[0] == 400


def text_push(openid: str, content: str) -> bytes:
    return (
        f"<xml><ToUserName>gh_acc</ToUserName><FromUserName>{openid}</FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType>text</MsgType>"
        f"<Content>{content}</Content><MsgId>{uuid.uuid4().int % 10**18}</MsgId></xml>"
    ).encode()


def test_an_operator_takes_over_a_wechat_conversation(running: object, wechat_api: FakeWeChatApi) -> None:
    openid = f"o_{uuid.uuid4().hex}"
    assert "居民身份证补领" in wechat("POST", text_push(openid, f"身份证丢了要补办，号码是{ID_NUMBER}"))[1]
    assert "已为您转人工" in wechat("POST", text_push(openid, "转人工"))[1]

    operator = Client(f"http://127.0.0.1:{CONSOLE_PORT}")
    assert operator.get("/").status == 302  # nothing without a session
    assert operator.login(OPERATOR, OPERATOR_PASSWORD).status == 303
    listed = json.loads(operator.get("/api/handovers?channel=wechat").body)["handovers"]
    mine = next(h for h in listed if h["citizen_ref"] == sender_ref(openid, None))
    assert mine["reason"] == "asked_for_person" and mine["status"] == "new"
    page = operator.get(f"/handovers/{mine['id']}").body
    assert "110105********002X" in page and ID_NUMBER not in page and openid not in page  # masked before storage
    assert "居民身份证补领（遗失）" in page  # the summary: what they wanted

    assert operator.post(f"/handovers/{mine['id']}/assign").status == 303
    assert wechat("POST", text_push(openid, "我还有户口本"))[1] == "success"  # the bot is silent now
    assert "我还有户口本" in operator.get(f"/handovers/{mine['id']}").body  # but the message is kept
    reply = "您好，补领身份证请带户口簿原件到派出所。"
    assert operator.post(f"/handovers/{mine['id']}/reply", {"text": reply}).status == 303
    assert wechat_api.sent[-1]["touser"] == openid and reply in json.dumps(wechat_api.sent[-1], ensure_ascii=False)
    assert reply in operator.get(f"/handovers/{mine['id']}").body  # the reply is in the transcript

    assert operator.post(f"/handovers/{mine['id']}/resolve", {"outcome": "已告知所需材料"}).status == 303
    assert "打分" in json.dumps(wechat_api.sent[-1], ensure_ascii=False)  # the rating invitation
    assert "5分" in wechat("POST", text_push(openid, "5"))[1]  # the bot answers again, and takes the rating
    assert "5" in operator.get("/review").body


def test_a_crashed_action_server_is_restarted_and_the_conversation_goes_on(running: subprocess.Popen[bytes]) -> None:
    children = Path(f"/proc/{running.pid}/task/{running.pid}/children").read_text().split()
    action_server = next(
        int(pid) for pid in children if b" actions " in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    )
    citizen = f"it-{uuid.uuid4().hex}"
    os.kill(action_server, signal.SIGKILL)
    gone = time.monotonic() + 30
    while port_open(ACTION_PORT):
        assert time.monotonic() < gone, "the killed action server still listens"
        time.sleep(0.1)
    assert "转人工" in texts(say(citizen, "办护照要带什么"))  # meanwhile: an apology and the way to a person
    deadline = time.monotonic() + 120
    while not texts(say(citizen, "办护照要带什么")).startswith("【普通护照申领】"):
        assert time.monotonic() < deadline, "the action server was not restarted"
        time.sleep(2)
