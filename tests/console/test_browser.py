"""An operator's day in a real browser (Debian's chromium, headless): sign in, filter, read a
masked transcript, take over, reply, resolve, review, look up a catalogue entry, read the
one-trip rate and mark a catalogue problem fixed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.catalogue.schema import Catalogue
from bot.outcomes.store import list_problems
from bot.state import RatingRequest, decode
from console.detail import RATING_INVITATION
from console.localtime import today
from tests.conftest import require
from tests.console.conftest import (
    ID_MASKED,
    ID_NUMBER,
    MOBILE,
    MOBILE_MASKED,
    PASSWORD,
    USER,
    WECHAT_OPENID,
    Deployment,
    Recorded,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
REPLY = "您好，您的护照申请材料已齐全，请于工作日带身份证原件到窗口办理。"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        require("needs Debian's chromium at /usr/bin/chromium (scripts/test-services.sh installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, deployment: Deployment) -> Iterator[Page]:
    context = browser.new_context(base_url=deployment.url, locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.fill("#username", USER)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('登录')")
    expect(page.locator("h1")).to_have_text("转人工队列")


def test_take_reply_and_resolve_a_wechat_handover(page: Page, deployment: Deployment) -> None:
    handover = deployment.ids["wechat"]
    sign_in(page)

    page.select_option("#channel", "wechat")
    page.click("#filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"channel=wechat"))
    channels = page.locator("#queue tbody tr td:nth-child(3)").all_inner_texts()
    assert channels and set(channels) == {"微信公众号"}
    expect(page.locator(f'tr[data-id="{deployment.ids["hotline"]}"]')).to_have_count(0)

    page.click(f'tr[data-id="{handover}"] a')
    expect(page.locator("h1")).to_contain_text(f"转接 #{handover}")
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text(ID_MASKED)
    expect(transcript).to_contain_text(MOBILE_MASKED)
    expect(transcript.locator("li.citizen .who").first).to_have_text("市民")
    assert ID_NUMBER not in page.content() and MOBILE not in page.content()

    page.click("#assign")
    expect(page.locator(".notice")).to_contain_text("已接手")
    assert deployment.rasa.conversations[WECHAT_OPENID][-1]["event"] == "pause"
    expect(transcript.locator("li.system")).to_contain_text("工作人员接手")

    page.fill("#reply-text", REPLY)
    page.click("#reply")
    expect(page.locator(".notice")).to_contain_text("回复已发送")
    assert {"touser": WECHAT_OPENID, "msgtype": "text", "text": {"content": REPLY}}.items() <= {
        k: v for k, v in deployment.wechat.sent[-1].items() if k != "token"
    }.items()
    operator_line = transcript.locator("li.operator").last
    expect(operator_line).to_contain_text(REPLY)
    expect(operator_line).to_contain_text(f"工作人员（{USER}）")

    page.fill("#outcome", "材料齐全，已告知到窗口办理")
    page.click("#resolve")
    expect(page.locator(".notice")).to_contain_text("评价邀请")
    expect(page.locator("h1")).to_contain_text("已办结")
    assert deployment.wechat.sent[-1]["text"]["content"] == RATING_INVITATION
    events = deployment.rasa.conversations[WECHAT_OPENID][-3:]
    assert [e["event"] for e in events] == ["resume", "bot", "slot"]
    assert events[1]["text"] == RATING_INVITATION and events[1]["metadata"] == {"operator": USER}
    assert events[2]["name"] == "pending" and decode(events[2]["value"]) == RatingRequest(handover)

    log = deployment.console.log_text()
    assert REPLY not in log and ID_NUMBER not in log and WECHAT_OPENID not in log and "Traceback" not in log


def test_review_shows_charts_and_unanswered_questions(page: Page) -> None:
    sign_in(page)
    page.click("nav >> text=统计回顾")
    expect(page.locator("h1")).to_have_text("统计回顾")
    expect(page.locator("svg.chart")).to_have_count(4)
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("svg.chart", has_text="评价分布").locator("rect > title")).to_have_text(
        ["5分：1", "4分：0", "3分：1", "2分：0", "1分：0"]  # seeded: a 5 and a 3
    )
    expect(page.locator("#rating-average")).to_have_text("共 2 次评价，平均 4.0 分。")
    row = page.locator("#unanswered tbody tr", has_text="渔船登记怎么办")
    expect(row.locator("td").first).to_have_text("2")
    row.locator("a").click()
    expect(page.locator("h1")).to_contain_text("未能回答的问题")
    expect(page.locator("#transcript")).to_contain_text("渔船登记怎么办")


def test_the_raw_id_number_is_never_shown(page: Page, deployment: Deployment) -> None:
    sign_in(page)
    ids = deployment.ids
    pages = ["/", "/?q=护照", f"/handovers/{ids['wechat']}", "/review", f"/unanswered/{ids['question']}"]
    for path in pages:
        page.goto(path)
        html = page.content()
        assert ID_NUMBER not in html and WECHAT_OPENID not in html, path
    expect(page.locator("#transcript")).to_contain_text(ID_MASKED)
    for path in [f"/handovers/{ids['wechat']}/export.txt", f"/handovers/{ids['wechat']}/export.json", "/api/handovers"]:
        response = page.request.get(path)
        assert response.status == 200, path
        body = response.text()
        assert ID_NUMBER not in body and WECHAT_OPENID not in body, path
        if "export" in path:
            assert ID_MASKED in body, path


def test_find_a_catalogue_entry_and_read_its_answers(page: Page, loaded_catalogue: Catalogue, tmp_path: Path) -> None:
    sign_in(page)
    page.click("nav >> text=服务目录")
    expect(page.locator("h1")).to_have_text("服务目录")
    expect(page.locator("#catalogue tbody tr")).to_have_count(50)
    page.fill("#q", "身份证")
    page.click("#catalogue-search button[type=submit]")
    expect(page.locator("#catalogue tbody tr")).to_have_count(2)
    page.select_option("#gaps", "any")
    page.click("#catalogue-search button[type=submit]")
    expect(page).to_have_url(re.compile(r"gaps=any"))
    row = page.locator("#catalogue tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(4)).to_contain_text("无咨询电话")
    page.screenshot(path=str(tmp_path / "catalogue-search.png"), full_page=True)

    row.locator("a").click()
    name = loaded_catalogue.services["t-id-replacement"].name
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("#answers pre")).to_have_count(7)
    expect(page.locator("#answers pre").first).to_contain_text(f"【{name}】要带")
    expect(page.locator("#provenance")).to_contain_text("人工编写")
    expect(page.locator("#gaps")).to_contain_text("无咨询电话")
    page.screenshot(path=str(tmp_path / "catalogue-item.png"), full_page=True)
    assert (tmp_path / "catalogue-item.png").stat().st_size > 10_000


def test_read_the_one_trip_rate_and_mark_a_problem_fixed(
    page: Page, deployment: Deployment, recorded_outcomes: Recorded, outcome_catalogue: Catalogue, tmp_path: Path
) -> None:
    sign_in(page)
    page.click("nav >> text=一次办成")
    expect(page.locator("h1")).to_have_text("一次办成率（最多跑一次）")
    expect(page.locator("#overall .rate")).to_have_text("50%")
    chart = page.locator("svg.chart", has_text="每周一次办成率")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(4)  # four weeks with reports
    expect(page.locator("#by-item tbody tr").first).to_contain_text("结婚登记")  # 0 %: worst first
    expect(page.locator("#by-event tbody tr").first).to_contain_text("测试新生儿出生一件事")
    expect(page.locator("#causes tbody tr").first).to_have_text("缺材料/材料不对2")
    page.screenshot(path=str(tmp_path / "outcomes.png"), full_page=True)

    page.click("#problems-link a")
    expect(page.locator("h1")).to_have_text("目录问题")
    renewal = next(p["id"] for p in list_problems(deployment.engine) if p["item"] == "t-id-renewal")
    card = page.locator(f"#problem-{renewal}")
    expect(card.locator("h2")).to_have_text("居民身份证换领（有效期满） · 缺：居民户口簿")
    checklist = card.locator("details pre")
    expect(checklist).to_be_hidden()  # collapsed until asked for
    card.locator("summary").click()
    expect(checklist).to_contain_text("证件照片")
    card.locator("select").select_option("fixed")
    card.locator("button[type=submit]").click()
    expect(page.locator(".notice")).to_have_text("状态已保存。")
    expect(page).to_have_url(re.compile(rf"#problem-{renewal}$"))
    expect(page.locator(f"#problem-{renewal} .tag")).to_have_text(f"已修正目录（{today()}）")
    stored = next(p for p in list_problems(deployment.engine) if p["id"] == renewal)
    assert stored["status"] == "fixed" and stored["fixed_on"] == today()
    page.screenshot(path=str(tmp_path / "outcome-problems.png"), full_page=True)
    assert (tmp_path / "outcomes.png").stat().st_size > 10_000
    assert "Traceback" not in deployment.console.log_text()
