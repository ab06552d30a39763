"""The outcomes pages over HTTP, signed in: the rates, the period, the catalogue problems and
their status form, the CSV files, and the refusals (unknown problem, bad status, no session,
no CSRF token, an empty database)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalogue.schema import Catalogue
from bot.outcomes.store import list_problems
from console.localtime import today
from console.outcome_exports import BOM, OUTCOME_COLUMNS
from console.outcomes import BAD_STATUS
from tests.console.conftest import (
    EVENT_NAME,
    MARRIAGE_PAPER,
    MOBILE,
    PASSWORD,
    USER,
    Deployment,
    Recorded,
    deployed,
)
from tests.console.harness import Client


def problem_id(deployment: Deployment, item: str) -> int:
    return next(int(p["id"]) for p in list_problems(deployment.engine) if p["item"] == item)


def cells(body: str) -> list[list[str]]:
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(BOM))))


def row_of(page: str, table: str, item: str) -> list[str]:
    """The cells of an item's row in one of the rate tables, tags stripped."""
    section = page.split(f'<table id="{table}">', 1)[1].split("</table>", 1)[0]
    row = section.split(f'data-item="{item}">', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", td).split()[0] for td in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_the_page_shows_the_rates_worst_first(
    client: Client, recorded_outcomes: Recorded, outcome_catalogue: Catalogue
) -> None:
    reply = client.get("/outcomes")
    assert reply.status == 200
    page = reply.body
    assert '<span class="rate">50%</span>' in page  # 4 of the 8 that say how many trips
    assert "共收到办理结果反馈 9 次" in page and "另有 1 次反馈未说明跑了几次" in page
    by_item = page.split('<table id="by-item">', 1)[1].split("</table>", 1)[0]
    assert by_item.index("结婚登记") < by_item.index("居民身份证换领")  # 0 % before 75 %
    assert row_of(page, "by-item", "t-marriage") == ["结婚登记", "2", "0", "0%"]
    assert row_of(page, "by-item", "t-id-renewal") == ["居民身份证换领（有效期满）", "4", "3", "75%"]
    assert "t-id-replacement" not in by_item  # its only report does not say how many trips
    assert row_of(page, "by-event", "event:test-newborn") == [EVENT_NAME, "2", "1", "50%"]
    causes = page.split('<table id="causes">', 1)[1]
    assert re.search(r"<td>缺材料/材料不对</td><td>2</td>", causes)
    assert causes.index("缺材料/材料不对") < causes.index("窗口关门或排队")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "每周一次办成率" in page
    assert 'href="/outcomes"' in page  # in the navigation


def test_the_period_is_in_days(client: Client, recorded_outcomes: Recorded) -> None:
    assert "共收到办理结果反馈 3 次" in client.get("/outcomes?days=2").body  # yesterday's three
    assert "共收到办理结果反馈 10 次" in client.get("/outcomes?days=366").body  # with the old one
    for odd in ("0", "-5", "abc", "99999999999", "²"):
        assert client.get(f"/outcomes?days={odd}").status == 200


def test_problems_list_the_reports_behind_them(
    deployment: Deployment, client: Client, recorded_outcomes: Recorded, outcome_catalogue: Catalogue
) -> None:
    page = client.get("/outcomes/problems").body
    renewal, marriage = problem_id(deployment, "t-id-renewal"), problem_id(deployment, "t-marriage")
    card = page.split(f'id="problem-{marriage}"', 1)[1].split("</section>", 1)[0]
    assert "结婚登记 · 缺：" + MARRIAGE_PAPER in card and "1 次反馈" in card
    assert "三次及以上" in card and "<details><summary>查看清单</summary>" in card and "证件照片" in card
    card = page.split(f'id="problem-{renewal}"', 1)[1].split("</section>", 1)[0]
    assert "缺：居民户口簿" in card and "材料编码 hukou-book" in card
    assert "138****5678" in card and MOBILE not in page  # the citizen's words, masked
    assert f'action="/outcomes/problems/{renewal}/status"' in card and 'name="csrf"' in card


def test_a_maintainer_sets_a_problems_status(
    deployment: Deployment, client: Client, recorded_outcomes: Recorded
) -> None:
    marriage = problem_id(deployment, "t-marriage")
    reply = client.post(f"/outcomes/problems/{marriage}/status", {"status": "checked"})
    assert reply.status == 303 and reply.location == f"/outcomes/problems?notice=status#problem-{marriage}"
    stored = next(p for p in list_problems(deployment.engine) if p["id"] == marriage)
    assert stored["status"] == "checked" and stored["fixed_on"] is None
    page = client.get("/outcomes/problems?notice=status").body
    assert "状态已保存" in page
    card = page.split(f'id="problem-{marriage}"', 1)[1].split("</section>", 1)[0]
    assert 'data-status="checked"' in card
    assert "已核实" in card and '<option value="checked" selected>' in card
    assert client.post(f"/outcomes/problems/{marriage}/status", {"status": "fixed"}).status == 303
    stored = next(p for p in list_problems(deployment.engine) if p["id"] == marriage)
    assert stored["status"] == "fixed" and stored["fixed_on"] == today()
    assert f"已修正目录（{today()}）" in client.get("/outcomes/problems").body
    assert client.post(f"/outcomes/problems/{marriage}/status", {"status": "new"}).status == 303


def test_a_bad_status_is_a_400_and_changes_nothing(
    deployment: Deployment, client: Client, recorded_outcomes: Recorded
) -> None:
    renewal = problem_id(deployment, "t-id-renewal")
    before = next(p for p in list_problems(deployment.engine) if p["id"] == renewal)
    for status in ("done", "", "FIXED", "<script>"):
        reply = client.post(f"/outcomes/problems/{renewal}/status", {"status": status})
        assert reply.status == 400 and BAD_STATUS in reply.body and "<script>" not in reply.body
    assert next(p for p in list_problems(deployment.engine) if p["id"] == renewal) == before


def test_an_unknown_problem_is_a_404(client: Client, recorded_outcomes: Recorded) -> None:
    for number in (99999, 2**31, 2**63, 0, -1):
        reply = client.post(f"/outcomes/problems/{number}/status", {"status": "fixed"})
        assert reply.status == 404 and "找不到" in reply.body
    assert client.get("/outcomes/problems/abc/status").status in (404, 405)


def test_setting_a_status_needs_a_session_and_the_form_token(
    deployment: Deployment, client: Client, anonymous: Client, recorded_outcomes: Recorded
) -> None:
    renewal = problem_id(deployment, "t-id-renewal")
    before = next(p for p in list_problems(deployment.engine) if p["id"] == renewal)
    path = f"/outcomes/problems/{renewal}/status"
    assert anonymous.post(path, {"status": "checked"}, csrf=False).status == 401
    for form in ({"status": "checked"}, {"status": "checked", "csrf": "wrong-token"}):
        reply = client.post(path, form, csrf=False)
        assert reply.status == 403 and "表单已过期" in reply.body
    assert next(p for p in list_problems(deployment.engine) if p["id"] == renewal) == before


def test_the_outcomes_csv(client: Client, recorded_outcomes: Recorded, outcome_catalogue: Catalogue) -> None:
    reply = client.get("/outcomes/export.csv")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/csv")
    assert "attachment" in reply.headers["content-disposition"] and ".csv" in reply.headers["content-disposition"]
    header, *rows = cells(reply.body)
    assert tuple(header) == OUTCOME_COLUMNS and len(rows) == 9
    assert {row[OUTCOME_COLUMNS.index("事项名称")] for row in rows} >= {"结婚登记", EVENT_NAME}
    assert "u-outcome" not in reply.body and MOBILE not in reply.body
    assert len(cells(client.get("/outcomes/export.csv?days=366").body)) == 11


def test_the_problems_csv(deployment: Deployment, client: Client, recorded_outcomes: Recorded) -> None:
    reply = client.get("/outcomes/problems.csv")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/csv")
    header, *rows = cells(reply.body)
    assert header[0] == "编号" and {row[1] for row in rows} == {"t-id-renewal", "t-marriage"}


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A console of its own whose database holds no outcomes and no catalogue."""
    with deployed(Path(tmp_path_factory.mktemp("no-outcomes"))) as running:
        signed_in = Client(running.url)
        assert signed_in.login(USER, PASSWORD).status == 303
        yield signed_in


def test_an_empty_database_says_there_are_no_reports_yet(empty: Client) -> None:
    page = empty.get("/outcomes")
    assert page.status == 200 and "还没有市民反馈办理结果" in page.body and "共 0 项" in page.body
    problems = empty.get("/outcomes/problems")
    assert problems.status == 200 and "还没有目录问题" in problems.body
    assert empty.post("/outcomes/problems/1/status", {"status": "fixed"}).status == 404
    assert cells(empty.get("/outcomes/export.csv").body) == [list(OUTCOME_COLUMNS)]
    assert len(cells(empty.get("/outcomes/problems.csv").body)) == 1
