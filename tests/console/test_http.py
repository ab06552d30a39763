"""The console over HTTP, signed in: sign-in rules, the queue and its API, actions and their
refusals, exports. The browser tests cover the operator's main path; these the edges."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

from bot.handover import store
from console.detail import SEND_FAILED
from console.signin import FAILED, THROTTLED
from tests.console.conftest import (
    CALLBACK,
    ID_NUMBER,
    MOBILE,
    PASSWORD,
    PROGRESS_WORDS,
    SECOND_OPENID,
    SPARE_PASSWORD,
    SPARE_USER,
    UNTOUCHED_OPENID,
    USER,
    WECHAT_OPENID,
    Deployment,
)
from tests.console.harness import Client

OPENIDS = (WECHAT_OPENID, SECOND_OPENID, UNTOUCHED_OPENID, "+8613900001111", "rest-sender-0001")


# -- signing in -------------------------------------------------------------------------------


def test_the_session_cookie_is_locked_down(anonymous: Client) -> None:
    reply = anonymous.login(USER, PASSWORD)
    assert reply.status == 303 and reply.location == "/"
    session = next(c for c in reply.set_cookies if c.startswith("onetrip_console="))
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=28800"):
        assert flag in session
    assert anonymous.get("/").status == 200


def test_unknown_user_and_wrong_password_get_the_same_answer(anonymous: Client) -> None:
    unknown, wrong = anonymous.login("nobody", PASSWORD), anonymous.login(USER, "wrong password!")
    assert unknown.status == wrong.status == 401
    assert FAILED in unknown.body and FAILED in wrong.body
    assert "onetrip_console" not in anonymous.cookies


def test_sign_in_without_the_form_token_is_refused(anonymous: Client) -> None:
    reply = anonymous.request("POST", "/login", {"username": USER, "password": PASSWORD})
    assert reply.status == 403 and "onetrip_console" not in anonymous.cookies


def test_next_never_leaves_the_site(anonymous: Client) -> None:
    assert anonymous.login(USER, PASSWORD, next_url="//evil.example/").location == "/"
    assert Client(anonymous.url).login(USER, PASSWORD, next_url="/review").location == "/review"


def test_a_page_asked_for_before_sign_in_comes_back_after(anonymous: Client) -> None:
    location = anonymous.get("/?channel=wechat&status=new").location
    assert location == "/login?next=/%3Fchannel%3Dwechat%26status%3Dnew"
    wanted = parse_qs(urlparse(location).query)["next"][0]
    assert anonymous.login(USER, PASSWORD, next_url=wanted).location == "/?channel=wechat&status=new"


def test_repeated_failures_lock_the_name_for_a_while(anonymous: Client) -> None:
    for _ in range(5):
        assert anonymous.login(SPARE_USER, "not the password").status == 401
    locked = anonymous.login(SPARE_USER, SPARE_PASSWORD)  # even the right password
    assert locked.status == 429 and THROTTLED in locked.body
    assert anonymous.login(USER, PASSWORD).status == 303  # other names are unaffected


def test_plain_http_on_a_real_host_gets_a_warning(anonymous: Client) -> None:
    warning = "请通过 HTTPS"
    public = {"Host": "console.example.gov.cn"}
    assert warning in anonymous.request("GET", "/login", headers=public).body
    assert warning not in anonymous.request("GET", "/login", headers=public | {"X-Forwarded-Proto": "https"}).body
    assert warning not in anonymous.get("/login").body  # loopback: browsers keep Secure cookies there


def test_logout_clears_the_session(client: Client) -> None:
    reply = client.post("/logout")
    assert reply.status == 303 and reply.location == "/login"
    assert any(c.startswith("onetrip_console=") and "Max-Age=0" in c for c in reply.set_cookies)
    assert client.get("/").status == 302


# -- queue and API ----------------------------------------------------------------------------


def test_queue_filters_by_channel_and_shows_counts(deployment: Deployment, client: Client) -> None:
    page = client.get("/?channel=hotline").body
    assert f'data-id="{deployment.ids["hotline"]}"' in page
    assert f'data-id="{deployment.ids["wechat"]}"' not in page
    assert "待处理" in page and "电话热线" in page and "连续未理解" in page


def test_search_reads_transcripts(deployment: Deployment, client: Client) -> None:
    found = client.get(f"/?q={PROGRESS_WORDS}").body
    assert f'data-id="{deployment.ids["wechat"]}"' in found
    assert f'data-id="{deployment.ids["rest"]}"' not in found
    assert f'data-id="{deployment.ids["rest"]}"' in client.get("/?q=渔船").body


def test_the_api_lists_handovers_without_conversation_ids(deployment: Deployment, client: Client) -> None:
    reply = client.get("/api/handovers?channel=wechat")
    data = json.loads(reply.body)
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
    assert {row["id"] for row in data["handovers"]} == {deployment.ids[k] for k in ("wechat", "wechat2", "untouched")}
    assert set(data["counts"]) == {"new", "assigned", "resolved"}
    assert not any(openid in reply.body for openid in OPENIDS)
    assert "conversation_id" not in data["handovers"][0]


def test_bad_filters_are_ignored_and_said(client: Client) -> None:
    reply = client.get("/?status=bogus&from=yesterday")
    assert reply.status == 200 and "未知的状态" in reply.body and "日期格式" in reply.body


def test_date_filters_use_beijing_days(deployment: Deployment, client: Client) -> None:
    assert 'data-id="' not in client.get("/?from=2000-01-01&to=2000-01-02").body
    assert f'data-id="{deployment.ids["rest"]}"' in client.get("/?from=2000-01-01").body


# -- one handover -----------------------------------------------------------------------------


def test_unknown_handover_is_a_404_page(client: Client) -> None:
    for path in ("/handovers/99999", "/handovers/99999/export.json", "/unanswered/99999", "/nowhere"):
        reply = client.get(path)
        assert reply.status == 404 and "找不到" in reply.body and "Traceback" not in reply.body


def test_an_id_past_the_database_integer_is_a_404_not_a_500(client: Client) -> None:
    """The route takes any integer; SQLite raises OverflowError past 64 bits (PostgreSQL a
    DataError past 32), which was answered 500."""
    for path in ("/handovers/{}", "/handovers/{}/export.json", "/unanswered/{}", "/handovers/{}/assign"):
        for number in (2**31, 2**63, 10**30, 0, -1):
            reply = client.post(path.format(number)) if path.endswith("assign") else client.get(path.format(number))
            assert reply.status == 404 and "找不到" in reply.body


def test_the_first_and_last_dates_and_odd_periods_are_ignored(client: Client) -> None:
    for path in ("/?from=0001-01-01", "/?to=9999-12-31", "/api/handovers?to=9999-12-31", "/review?days=²"):
        assert client.get(path).status == 200


def test_detail_never_shows_the_conversation_id(deployment: Deployment, client: Client) -> None:
    page = client.get(f"/handovers/{deployment.ids['wechat']}").body
    assert WECHAT_OPENID not in page
    assert "u-wechat" in page  # the pseudonym instead
    assert "想办的事" in page and "普通护照申领" in page and "近期证件照" in page


def test_reply_needs_the_handover_taken_first(deployment: Deployment, client: Client) -> None:
    reply = client.post(f"/handovers/{deployment.ids['untouched']}/reply", {"text": "您好"})
    assert reply.status == 409 and "请先接手" in reply.body
    assert all(m["touser"] != UNTOUCHED_OPENID for m in deployment.wechat.sent)


def test_a_failed_reply_is_said_and_not_recorded(deployment: Deployment, client: Client) -> None:
    handover = deployment.ids["wechat2"]
    assert client.post(f"/handovers/{handover}/assign").status == 303
    before = list(deployment.rasa.conversations[SECOND_OPENID])
    deployment.wechat.fail_sends = True
    try:
        reply = client.post(f"/handovers/{handover}/reply", {"text": "这条发不出去"})
    finally:
        deployment.wechat.fail_sends = False
    assert reply.status == 502 and SEND_FAILED in reply.body
    assert "这条发不出去" in reply.body  # kept in the form for another try
    assert deployment.rasa.conversations[SECOND_OPENID] == before


def test_replies_only_go_to_wechat(deployment: Deployment, client: Client) -> None:
    reply = client.post(f"/handovers/{deployment.ids['rest']}/reply", {"text": "您好"})
    assert reply.status == 409 and "不支持在线回复" in reply.body


def test_notes_and_tags_are_saved_masked(deployment: Deployment, client: Client) -> None:
    handover = deployment.ids["hotline"]
    reply = client.post(
        f"/handovers/{handover}/notes", {"notes": f"市民号码{MOBILE}，需回访", "tags": "回访，证件, 回访"}
    )
    assert reply.status == 303 and reply.location.endswith("notice=noted")
    record = store.get_handover(deployment.engine, handover)
    assert record is not None and record["tags"] == ["回访", "证件"]
    assert MOBILE not in record["notes"] and "138****5678" in record["notes"]


def test_hotline_callback(deployment: Deployment, client: Client) -> None:
    handover = deployment.ids["hotline"]
    assert CALLBACK in client.get(f"/handovers/{handover}").body
    assert client.post(f"/handovers/{handover}/called-back").status == 303
    page = client.get(f"/handovers/{handover}?notice=called_back").body
    assert "已记录回电" in page and "已于" in page
    refused = client.post(f"/handovers/{deployment.ids['rest']}/called-back")
    assert refused.status == 409


def test_resolving_without_wechat_resumes_the_bot_only(deployment: Deployment, client: Client) -> None:
    handover = deployment.ids["rest"]
    assert client.post(f"/handovers/{handover}/resolve", {"outcome": ""}).status == 400
    sent_before = len(deployment.wechat.sent)
    reply = client.post(f"/handovers/{handover}/resolve", {"outcome": "已告知市民到海事部门办理"})
    assert reply.status == 303 and reply.location.endswith("notice=resolved")
    assert deployment.rasa.conversations["rest-sender-0001"][-1]["event"] == "resume"
    assert len(deployment.wechat.sent) == sent_before
    assert client.post(f"/handovers/{handover}/resolve", {"outcome": "再办结一次"}).status == 409
    assert client.post(f"/handovers/{handover}/assign").status == 409


def test_exports(deployment: Deployment, client: Client) -> None:
    handover = deployment.ids["hotline"]
    text_export = client.get(f"/handovers/{handover}/export.txt")
    assert text_export.status == 200 and "attachment" in text_export.headers["content-disposition"]
    assert "转人工原因：连续未理解" in text_export.body and "市民：嗯 那个 身份证 过期" in text_export.body
    json_export = client.get(f"/handovers/{handover}/export.json")
    data = json.loads(json_export.body)
    assert data["handover"]["citizen_ref"].startswith("u-hotline")
    assert data["transcript"][0]["speaker_label"] == "市民"
    for body in (text_export.body, json_export.body):
        assert "+8613900001111" not in body and CALLBACK not in body  # the number is masked in files
        assert "conversation_id" not in body


def test_review_counts_handovers_and_ratings_and_groups_unanswered_questions(
    deployment: Deployment, client: Client
) -> None:
    page = client.get("/review?days=7").body
    assert "共转人工 5 次" in page and "微信公众号（3）" in page and "电话热线（1）" in page  # the seeded handovers
    assert re.search(r"<td>2</td>\s*<td>渔船登记怎么办", page)  # two spellings, one group
    assert "&lt;b&gt;游艇&lt;/b&gt;" in page and "<b>游艇" not in page
    assert "共 2 次评价，平均 4.0 分" in page  # seeded: a 5 and a 3
    assert all(f"<title>{bar}</title>" in page for bar in ("5分：1", "4分：0", "3分：1", "2分：0", "1分：0"))
    question = client.get(f"/unanswered/{deployment.ids['question']}").body
    assert "110105********002X" in question and ID_NUMBER not in question and WECHAT_OPENID not in question
