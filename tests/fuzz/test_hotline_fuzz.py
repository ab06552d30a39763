"""Fuzzing the hotline: whole calls of arbitrary Twilio parameters and steps against the call flow,
with a stand-in bot that says anything, fails or hands over; and the Sanic blueprint over real
HTTP, with forms signed by twilio's own RequestValidator. Always well-formed TwiML for a signed
request with a CallSid, 403 for an unsigned one, never a 5xx or a traceback."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint
from sanic.request import RequestParameters
from twilio.request_validator import RequestValidator

from bot.handover.model import Reason
from bot.handover.office_hours import OfficeHours
from bot.settings import HotlineSettings
from channels.hotline.channel import HotlineInput
from channels.hotline.endpoint import HotlineEndpoint
from tests.fuzz.support import Served, any_text, assert_no_traceback, channel_settings, count, fuzz, huge_text, serving

AUTH_TOKEN = "fuzz-twilio-auth-token"
PUBLIC = "https://hotline.example.org"
BASE = "/webhooks/hotline"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHECKLIST = "【普通护照申领】材料核对：\n已有：居民身份证\n还缺：\n  1. 照片（电子，1份）\n结论：还缺1项：照片。"


def twiml(document: str) -> ET.Element:
    """The document parsed as XML (a parse error fails the property): a <Response>."""
    root = ET.fromstring(document)
    assert root.tag == "Response", document[:300]
    count("TwiML " + " ".join(child.tag for child in root))  # which turns the calls took
    return root


# -- the call flow ------------------------------------------------------------------------------------


class ScriptedBot:
    """Stands in for Rasa: answers each question with the next scripted reply (None: it fails),
    then echoes."""

    def __init__(self, script: list[list[dict[str, Any]] | None]) -> None:
        self.script = list(script)

    async def ask(self, call_sid: str, text: str) -> list[dict[str, Any]]:
        if not self.script:
            return [{"text": f"您说的是：{text}"}]
        reply = self.script.pop(0)
        if reply is None:
            raise RuntimeError("rasa fell over")
        return reply


async def record_handover(
    call_sid: str, caller: str, asked: str, call_back: bool, reason: Reason, handover_id: int | None
) -> None:
    return None


speech = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["办护照要带什么", "转人工", "继续", "重听", "需要", "不用", "hello I need a passport", "😀🙏", "１"]
    ),
    huge_text,
)
digits = st.one_of(
    st.sampled_from(["", "0", "1", "2", "3", "9", "#", "*", "12", "²", "١", "99999999999999999999", "9" * 5000]),
    st.text(max_size=5),
)
confidence = st.one_of(st.floats().map(str), st.sampled_from(["nan", "inf", "-inf", "0.1", "0.9", "abc", ""]), any_text)
twilio_params = st.fixed_dictionaries(
    {},
    optional={"SpeechResult": speech, "Digits": digits, "Confidence": confidence, "From": any_text},
).flatmap(lambda known: st.dictionaries(st.text(max_size=20), any_text, max_size=3).map(lambda extra: extra | known))
steps = st.one_of(st.integers(0, 12), st.integers(), st.integers(-(2**80), 2**80))
webhooks = st.sampled_from(["gather", "gather", "gather", "incoming", "status"])
button = st.fixed_dictionaries({"title": st.one_of(st.text(max_size=20), st.none()), "payload": st.text(max_size=20)})
handover = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.none(), st.integers(), st.booleans(), st.text(max_size=5)),
            "reason": st.one_of(st.sampled_from([reason.value for reason in Reason]), st.text(max_size=10)),
            "connect_now": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
        }
    ),
    any_text,
)
kind = st.one_of(st.sampled_from(["answer", "verdict", "options", "question", "rating"]), any_text, st.none())
signal = st.builds(lambda k, h: {"custom": {"onetrip": {"kind": k, "handover": h}}}, kind, handover)
bot_replies = st.one_of(
    st.text().map(lambda text: [{"text": text}]),
    st.tuples(st.text(max_size=200), st.lists(button, max_size=4), signal).map(
        lambda tbs: [{"text": tbs[0], "buttons": tbs[1]}, tbs[2]]
    ),
    st.sampled_from(Reason).map(lambda reason: [{"text": "转人工"}, {"custom": {"handover": reason.value}}]),
    st.just([{"text": CHECKLIST}, {"custom": {"onetrip": {"kind": "verdict", "handover": None}}}]),
    st.just([]),
    st.just([{"text": None}, {"image": "x.png"}]),
    st.none(),  # the bot raises
)


@st.composite
def line_settings(draw: st.DrawFn) -> HotlineSettings:
    number, queue = draw(st.sampled_from([("+8657100000000", None), (None, "operators"), (None, None)]))
    start, first_day = draw(st.integers(0, 23)), draw(st.integers(1, 7))
    hours = OfficeHours(start, draw(st.integers(start + 1, 24)), first_day, draw(st.integers(first_day, 7)))
    return HotlineSettings(AUTH_TOKEN, PUBLIC, "Polly.Zhiyu", "90%", number, queue, hours, None, None, "")


@fuzz(200)
@given(
    settings=line_settings(),
    now=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 1, 1)),
    script=st.lists(bot_replies, max_size=6),
    sms_works=st.one_of(st.none(), st.booleans()),
    call_sids=st.lists(st.one_of(st.just("CA123"), st.text(min_size=1, max_size=40)), min_size=1, max_size=2),
    calls=st.lists(st.tuples(webhooks, twilio_params, steps, st.integers(0, 1)), min_size=1, max_size=10),
)
async def test_any_call_always_gets_well_formed_twiml(
    settings: HotlineSettings,
    now: dt.datetime,
    script: list[list[dict[str, Any]] | None],
    sms_works: bool | None,
    call_sids: list[str],
    calls: list[tuple[str, dict[str, str], int, int]],
) -> None:
    async def text(to: str, body: str) -> bool:
        return bool(sms_works)

    bot = ScriptedBot(script)
    hints = ["普通护照申领", "居民身份证换领"]
    hotline = HotlineEndpoint(
        settings, bot.ask, record_handover, hints, None if sms_works is None else text, budget=5.0, now=lambda: now
    )
    for webhook, params, step, which in calls:
        params = {**params, "CallSid": call_sids[which % len(call_sids)]}
        if webhook == "incoming":
            twiml(await hotline.incoming(params))
        elif webhook == "gather":
            twiml(await hotline.gather(params, step))
        else:
            await hotline.status(params)
    twiml(hotline.fallback())


# -- the blueprint over HTTP ---------------------------------------------------------------------------


def hotline_blueprint(directory: Path, public_url: str) -> Blueprint:
    settings = channel_settings(
        directory,
        {
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "HOTLINE_PUBLIC_URL": public_url,
            "HOTLINE_OPERATOR_NUMBER": "+8657100000000",
            "ONETRIP_CATALOGUE_DIR": str(FIXTURES / "catalogue"),
        },
    )

    async def on_new_message(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, f"您说的是：{message.text}")

    return HotlineInput(settings).blueprint(on_new_message)


@pytest.fixture(scope="module")
def hotline_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving((hotline_blueprint(tmp_path_factory.mktemp("hotline-http"), PUBLIC), BASE)) as served:
        yield served


@pytest.fixture(scope="module")
def proxied_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """No HOTLINE_PUBLIC_URL: the signed URL is rebuilt from X-Forwarded-Proto/Host or Host."""
    with serving((hotline_blueprint(tmp_path_factory.mktemp("hotline-proxied"), ""), BASE)) as served:
        yield served


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
param_names = st.one_of(
    st.sampled_from(
        ["CallSid", "From", "SpeechResult", "Digits", "Confidence", "CallStatus", "FromCity", "AccountSid"]
    ),
    st.text(max_size=15),
)
param_values = st.one_of(st.text(max_size=60), st.just(""), st.sampled_from(["0", "1", "#", "²", "9" * 5000]))
# a form as pairs: blank values and repeated names included, as a body can carry them
forms = st.lists(st.tuples(param_names, param_values), max_size=8)
routes = st.sampled_from(["/voice", "/gather", "/status", "/fallback"])
# capped: Sanic itself answers a request head over 8 KB with 413
step_values = st.one_of(
    st.integers(0, 20).map(str), st.integers().map(str), any_text, st.sampled_from(["²", "-1", ""])
).map(lambda step: step[:600])


def target(route: str, step: str) -> str:
    """Path and raw query, as Twilio requests them (and signs them)."""
    return BASE + route + ("?step=" + quote(step, safe="") if route == "/gather" else "")


def signature_for(url: str, pairs: list[tuple[str, str]]) -> str:
    """Twilio's signature of a POST: the URL, then every name and value, sorted."""
    params = RequestParameters(parse_qs(urlencode(pairs), keep_blank_values=True))
    return str(RequestValidator(AUTH_TOKEN).compute_signature(url, params))


def expected_status(route: str, pairs: list[tuple[str, str]], step: str) -> int:
    call_sid = next((value for name, value in pairs if name == "CallSid"), "")
    if not call_sid:
        return 400
    if route == "/gather" and not re.fullmatch(r"[0-9]{1,9}", step):  # our own step numbers only
        return 400
    return 204 if route == "/status" else 200


@fuzz(100)
@given(route=routes, pairs=forms, step=step_values, signature=st.one_of(st.none(), st.text(max_size=40)))
def test_http_unsigned_requests_are_refused(
    hotline_http: Served, route: str, pairs: list[tuple[str, str]], step: str, signature: str | None
) -> None:
    headers: dict[str, str | bytes] = dict(FORM)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")
    reply = hotline_http.request("POST", target(route, step), urlencode(pairs).encode(), headers)
    assert_no_traceback(reply.status, reply.body)
    assert reply.status == 403


@fuzz(200)
@given(route=routes, pairs=forms, step=step_values, call_sid=st.one_of(st.none(), st.text(min_size=1, max_size=40)))
def test_http_signed_requests_get_twiml(
    hotline_http: Served, route: str, pairs: list[tuple[str, str]], step: str, call_sid: str | None
) -> None:
    if call_sid is not None:
        pairs = [("CallSid", call_sid), *pairs]
    path = target(route, step)
    headers: dict[str, str | bytes] = {**FORM, "X-Twilio-Signature": signature_for(PUBLIC + path, pairs)}
    reply = hotline_http.request("POST", path, urlencode(pairs).encode(), headers)
    assert_no_traceback(reply.status, reply.body)
    assert reply.status == expected_status(route, pairs, step), reply.text[:300]
    if reply.status == 200:
        twiml(reply.text)


@fuzz(60)
@given(steps=st.lists(st.tuples(speech, digits), min_size=1, max_size=6), call_sid=st.text(min_size=1, max_size=40))
def test_http_a_signed_call_is_twiml_all_the_way(
    hotline_http: Served, steps: list[tuple[str, str]], call_sid: str
) -> None:
    """Greeting, then each answer to the step the previous TwiML asked for."""
    pairs = [("CallSid", call_sid), ("From", "+8613800000000")]
    path = f"{BASE}/voice"
    for said, pressed in [("", ""), *steps]:
        form = [*pairs, ("SpeechResult", said), ("Digits", pressed)]
        headers: dict[str, str | bytes] = {**FORM, "X-Twilio-Signature": signature_for(PUBLIC + path, form)}
        reply = hotline_http.request("POST", path, urlencode(form).encode(), headers)
        assert_no_traceback(reply.status, reply.body)
        assert reply.status == 200, reply.text[:300]
        actions = [e.get("action") or e.text for e in twiml(reply.text).iter() if e.tag in ("Gather", "Redirect")]
        if not actions:
            return  # transferred or said goodbye: the call has left the bot
        path = str(actions[0])


header_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["[", "a:b", "host:99999999", "https, http", "gov.example.cn", "", " ", "例子.中国", "a/b?c#d"]),
)


@fuzz(100)
@given(
    route=routes,
    step=step_values,
    host=st.one_of(st.none(), header_values),
    forwarded_host=st.one_of(st.none(), header_values),
    forwarded_proto=st.one_of(st.none(), header_values),
)
def test_http_any_host_headers_behind_a_proxy_never_fail(
    proxied_http: Served,
    route: str,
    step: str,
    host: str | None,
    forwarded_host: str | None,
    forwarded_proto: str | None,
) -> None:
    """Without HOTLINE_PUBLIC_URL the signed URL comes from headers anyone can send."""
    pairs = [("CallSid", "CA1")]
    headers: dict[str, str | bytes] = {**FORM, "X-Twilio-Signature": signature_for(PUBLIC + target(route, step), pairs)}
    for name, value in (("Host", host), ("X-Forwarded-Host", forwarded_host), ("X-Forwarded-Proto", forwarded_proto)):
        if value is not None:
            headers[name] = value.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")
    reply = proxied_http.request("POST", target(route, step), urlencode(pairs).encode(), headers)
    assert_no_traceback(reply.status, reply.body)


def test_http_signed_behind_a_proxy_is_accepted(proxied_http: Served) -> None:
    pairs = [("CallSid", "CA-proxy"), ("From", "+8613800000000")]
    path = f"{BASE}/voice"
    headers: dict[str, str | bytes] = {
        **FORM,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "gov.example.cn",
        "X-Twilio-Signature": signature_for("https://gov.example.cn" + path, pairs),
    }
    reply = proxied_http.request("POST", path, urlencode(pairs).encode(), headers)
    assert reply.status == 200 and twiml(reply.text).find("Gather") is not None
