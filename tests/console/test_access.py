"""Every route but /login refuses a request without a valid session: pages redirect to the
login page, POSTs, the JSON API and export files answer 401 (see console.app)."""

from __future__ import annotations

import pytest

from console.auth import SESSION_COOKIE, encode_session, new_session
from tests.console.conftest import USER, Deployment
from tests.console.harness import SECRET, Client

PAGES = ["/", "/?channel=wechat&q=护照", "/handovers/{wechat}", "/review", "/review?days=7", "/unanswered/{question}"]
PAGES += ["/catalogue", "/catalogue?q=结婚&gaps=any&page=2", "/catalogue/t-marriage", "/catalogue/no-such-entry"]
PAGES += ["/outcomes", "/outcomes?days=7", "/outcomes/problems"]
FILES = ["/handovers/{wechat}/export.txt", "/handovers/{wechat}/export.json", "/api/handovers", "/api/handovers?q=x"]
FILES += ["/outcomes/export.csv", "/outcomes/export.csv?days=7", "/outcomes/problems.csv"]
POSTS = [
    "/logout",
    "/handovers/{wechat}/assign",
    "/handovers/{wechat}/notes",
    "/handovers/{wechat}/reply",
    "/handovers/{wechat}/resolve",
    "/handovers/{hotline}/called-back",
    "/outcomes/problems/1/status",
]


def refused(deployment: Deployment, client: Client, method: str, template: str) -> None:
    path = template.format(**deployment.ids)
    form = {"text": "x", "outcome": "x", "notes": "x", "status": "fixed"}
    reply = client.request(method, path, form if method == "POST" else None)
    assert reply.status != 200 and reply.status < 500
    if method == "GET" and template in PAGES:
        assert reply.status == 302 and reply.location.startswith("/login?next=/")
    else:
        assert reply.status == 401
    assert "Traceback" not in reply.body


@pytest.mark.parametrize("path", PAGES + FILES)
def test_anonymous_get_is_refused(deployment: Deployment, anonymous: Client, path: str) -> None:
    refused(deployment, anonymous, "GET", path)


@pytest.mark.parametrize("path", POSTS)
def test_anonymous_post_is_refused(deployment: Deployment, anonymous: Client, path: str) -> None:
    refused(deployment, anonymous, "POST", path)


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        encode_session(new_session(USER), b"some other key"),
        encode_session(new_session(USER, now=0), SECRET.encode()),  # expired long ago
        encode_session(new_session("nobody"), SECRET.encode()),  # no such account
    ],
    ids=["garbage", "wrong-key", "expired", "unknown-user"],
)
@pytest.mark.parametrize(
    "method,path", [("GET", "/"), ("GET", "/api/handovers"), ("POST", "/handovers/{wechat}/assign")]
)
def test_an_invalid_session_is_no_session(deployment: Deployment, cookie: str, method: str, path: str) -> None:
    client = Client(deployment.url, {SESSION_COOKIE: cookie})
    refused(deployment, client, method, path)


def test_a_signed_in_post_without_the_csrf_token_is_forbidden(deployment: Deployment, client: Client) -> None:
    path = f"/handovers/{deployment.ids['rest']}/notes"
    for form in ({"notes": "不应保存"}, {"notes": "不应保存", "csrf": "wrong-token"}):
        reply = client.post(path, form, csrf=False)
        assert reply.status == 403 and "表单已过期" in reply.body
    assert "不应保存" not in client.get(f"/handovers/{deployment.ids['rest']}").body
