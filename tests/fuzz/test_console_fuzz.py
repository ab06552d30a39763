"""Fuzzing the operator console as it runs (`python -m console` on a port, fake Rasa and WeChat):
any query string on every page, any form with and without the right CSRF token on every action,
any cookie, any path and method. Never a 5xx, never a traceback."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handover.model import Reason, Status
from console.auth import SESSION_COOKIE
from console.signin import LOGIN_COOKIE
from tests.console.conftest import PASSWORD, USER, Deployment, deployed
from tests.console.harness import SECRET, Client
from tests.fuzz.support import Reply, Served, any_text, assert_no_traceback, fuzz

MAX_QUERY = 6000  # Sanic answers a longer head with 413 itself
MAX_FORM = 200_000  # the console's own limit is 256 KB (413 above it)


@dataclass(repr=False)  # hypothesis prints the fixture in a failing example: keep it short
class Console:
    deployment: Deployment
    http: Served
    session: str  # the signed-in operator's cookie
    csrf: str  # that session's form token

    def __repr__(self) -> str:
        return f"Console({self.deployment.url})"

    def send(
        self,
        method: str,
        path: str,
        form: list[tuple[str, str]] | None = None,
        cookie: str | bytes | None = None,
        signed_in: bool = True,
    ) -> Reply:
        headers: dict[str, str | bytes] = {}
        if cookie is None and signed_in:
            cookie = f"{SESSION_COOKIE}={self.session}"
        if cookie is not None:
            headers["Cookie"] = cookie
        body = None
        if form is not None:
            body = urlencode(form).encode()[:MAX_FORM]
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reply = self.http.request(method, path, body, headers)
        assert_no_traceback(reply.status, reply.body)
        return reply


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """A console of its own: the fuzzing changes records and trips the sign-in throttle."""
    with deployed(tmp_path_factory.mktemp("console-fuzz")) as deployment:
        client = Client(deployment.url)
        assert client.login(USER, PASSWORD).status == 303
        yield Console(
            deployment, Served("127.0.0.1", deployment.console.port), client.cookies[SESSION_COOKIE], client.csrf()
        )


# -- strategies ------------------------------------------------------------------------------------

ids = st.one_of(
    st.integers(-3, 12),
    st.integers(),
    st.sampled_from([2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30]),
    st.integers(-(2**100), 2**100),
)
QUERY_NAMES = ["status", "channel", "reason", "service", "from", "to", "q", "days", "notice", "next"]
query_values = st.one_of(
    any_text,
    st.sampled_from([*(s.value for s in Status), *(r.value for r in Reason), "wechat", "hotline", "assigned"]),
    st.dates().map(str),
    st.integers().map(str),
    st.sampled_from(["²", "0", "-1", "366", "367", "99999999999999999999", "2024-02-30", "0001-01-01", "9999-12-31"]),
)
queries = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=10)), query_values, max_size=6).map(
        urlencode
    ),
    st.text(max_size=200).map(lambda raw: quote(raw, safe="=&%+;")),
    st.sampled_from(["%", "%zz", "q=%ff%fe", "=&=&", "days", "days=&days=7", "from=2024-01-31&from=x"]),
).map(lambda query: query[:MAX_QUERY])
PAGES = [
    "/",
    "/api/handovers",
    "/review",
    "/login",
    "/handovers/{id}",
    "/handovers/{id}/export.json",
    "/handovers/{id}/export.txt",
    "/unanswered/{id}",
]
ACTIONS = ["notes", "reply", "resolve", "assign", "called-back"]
FORM_NAMES = ["notes", "tags", "text", "outcome", "csrf", "username", "password", "next"]
form_values = st.one_of(
    st.text(max_size=200),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["办", "a", "、", "，", "😀", " "]), st.integers(0, 5000)),
    st.sampled_from(["", " ", "标签1，标签2、标签3;x；y", "13812345678", "11010519491231002X", "<script>"]),
)
forms = st.lists(st.tuples(st.one_of(st.sampled_from(FORM_NAMES), st.text(max_size=10)), form_values), max_size=6)
csrf_modes = st.sampled_from(["right", "right", "right", "missing", "wrong", "twice"])
login_forms = st.fixed_dictionaries(
    {},
    optional={"username": st.one_of(st.text(max_size=80), form_values), "password": form_values, "next": query_values},
).flatmap(lambda known: forms.map(lambda extra: [*known.items(), *extra]))


def with_csrf(form: list[tuple[str, str]], mode: str, token: str, wrong: str) -> list[tuple[str, str]]:
    """The form without any csrf it drew, then the token as `mode` says."""
    form = [(name, value) for name, value in form if name != "csrf"]
    return {
        "right": [("csrf", token), *form],
        "missing": form,
        "wrong": [("csrf", wrong), *form],
        "twice": [("csrf", token), ("csrf", wrong), *form],
    }[mode]


def header_bytes(text: str) -> bytes:
    return text.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")


# -- pages -----------------------------------------------------------------------------------------


@fuzz()
@given(page=st.sampled_from(PAGES), item=ids, query=queries)
def test_any_query_on_any_page(console: Console, page: str, item: int, query: str) -> None:
    console.send("GET", f"{page.format(id=item)}?{query}")


@fuzz()
@given(page=st.sampled_from(PAGES), item=ids, query=queries)
def test_any_query_on_any_page_signed_out(console: Console, page: str, item: int, query: str) -> None:
    reply = console.send("GET", f"{page.format(id=item)}?{query}", signed_in=False)
    assert reply.status in ((200, 413) if page == "/login" else (302, 401, 404, 413))


QUEUE_NAMES = ["status", "channel", "reason", "service", "from", "to", "q"]
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2024-1-1", "20240101", "2024-01-01T00:00"]),
)


@fuzz(100)
@given(
    page=st.sampled_from(["/", "/api/handovers"]),
    filters=st.dictionaries(st.sampled_from(QUEUE_NAMES), st.one_of(query_values, dates), min_size=1),
)
def test_any_queue_filters(console: Console, page: str, filters: dict[str, str]) -> None:
    reply = console.send("GET", f"{page}?{urlencode(filters)}"[:MAX_QUERY])
    assert reply.status in (200, 413)


@fuzz(100)
@given(
    page=st.sampled_from(["/", "/api/handovers"]), since=st.one_of(st.none(), dates), until=st.one_of(st.none(), dates)
)
def test_any_date_range(console: Console, page: str, since: str | None, until: str | None) -> None:
    """The first and last days a date can hold, too: the queue widens the range by a day."""
    query = {name: value for name, value in (("from", since), ("to", until)) if value is not None}
    assert console.send("GET", f"{page}?{urlencode(query)}").status == 200


@fuzz(100)
@given(days=st.one_of(st.integers().map(str), query_values))
def test_any_review_period(console: Console, days: str) -> None:
    assert console.send("GET", f"/review?{urlencode({'days': days})}"[:MAX_QUERY]).status in (200, 413)


# -- actions ---------------------------------------------------------------------------------------


@fuzz()
@given(
    action=st.sampled_from(ACTIONS),
    item=st.sampled_from([1, 2, 3, 4, 5, 0]).flatmap(lambda n: st.just(n) if n else ids),  # mostly seeded ones
    form=forms,
    mode=csrf_modes,
    wrong=st.text(max_size=40),
)
def test_any_form_on_any_action(
    console: Console, action: str, item: int, form: list[tuple[str, str]], mode: str, wrong: str
) -> None:
    reply = console.send("POST", f"/handovers/{item}/{action}", with_csrf(form, mode, console.csrf, wrong))
    if mode == "missing" or (mode == "wrong" and wrong != console.csrf):
        assert reply.status == 403


@fuzz()
@given(form=login_forms, mode=csrf_modes, wrong=st.text(max_size=40))
def test_any_sign_in_form(console: Console, form: list[tuple[str, str]], mode: str, wrong: str) -> None:
    """A fresh browser each time: the sign-in page's own token and cookie, then the form."""
    browser = Client(console.deployment.url)
    token = browser.csrf()
    cookie = f"{LOGIN_COOKIE}={browser.cookies[LOGIN_COOKIE]}"
    reply = console.send("POST", "/login", with_csrf(form, mode, token, wrong), cookie=cookie)
    assert reply.status in (401, 403, 429)  # no drawn form holds the operator's password


# -- cookies and paths -----------------------------------------------------------------------------


def forged(payload: object) -> str:
    """A session cookie signed with the console's key, around any JSON at all."""
    encoded = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return f"{encoded}.{hmac.new(SECRET.encode(), encoded.encode(), hashlib.sha256).hexdigest()}"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
sessions = st.fixed_dictionaries(
    {},
    optional={
        "user": st.one_of(st.just(USER), json_values),
        "exp": st.one_of(st.integers(), st.just(2**62), json_values),
        "csrf": st.one_of(st.just("token"), json_values),
    },
)
cookies = st.one_of(
    st.text(max_size=200),
    st.text(max_size=100).map(lambda value: f"{SESSION_COOKIE}={value}"),
    st.one_of(sessions, json_values).map(lambda payload: f"{SESSION_COOKIE}={forged(payload)}"),
    st.sampled_from([f"{SESSION_COOKIE}=", f"{SESSION_COOKIE}=.", f'{SESSION_COOKIE}="a;b"', "=;=;;", "a=b; " * 300]),
)


@fuzz()
@given(cookie=cookies, page=st.sampled_from(PAGES), action=st.sampled_from(ACTIONS), post=st.booleans())
def test_any_cookie(console: Console, cookie: str, page: str, action: str, post: bool) -> None:
    if post:
        console.send("POST", f"/handovers/1/{action}", [("csrf", "token"), ("notes", "x")], cookie=header_bytes(cookie))
    else:
        console.send("GET", page.format(id=1), cookie=header_bytes(cookie))


segments = st.one_of(
    st.text(max_size=20).map(lambda segment: quote(segment, safe="")),
    st.sampled_from(["..", ".", "%2e%2e", "%00", "%ff", "%", "handovers", "api", "export.json", "1", "-1", "static"]),
    st.integers().map(str),
)


@fuzz()
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]),
    parts=st.lists(segments, max_size=5),
    trailing=st.booleans(),
    signed_in=st.booleans(),
)
def test_any_path_and_method(console: Console, method: str, parts: list[str], trailing: bool, signed_in: bool) -> None:
    path = ("/" + "/".join(parts) + ("/" if trailing and parts else ""))[:MAX_QUERY]
    console.send(method, path, [("csrf", console.csrf)] if method == "POST" else None, signed_in=signed_in)
