"""The catalogue pages (/catalogue, /catalogue/<id>) through the running console: search, the gap
filter, paging, an entry as the assistant answers it, and no catalogue loaded yet."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from markupsafe import escape

from bot import answers
from bot.catalogue.schema import Catalogue
from bot.catalogue.store import save_catalogue
from console.catalogue import NOT_LOADED
from console.errors import NOT_FOUND
from tests.console.conftest import IMPORTED_COUNT, IMPORTED_URL, Deployment
from tests.console.harness import Client

TOTAL = IMPORTED_COUNT + 3
_ROW = re.compile(r'<tr data-id="([a-z0-9-]+)"')


def listed(client: Client, path: str) -> list[str]:
    reply = client.get(path)
    assert reply.status == 200, path
    return _ROW.findall(reply.body)


@pytest.fixture
def unloaded(deployment: Deployment, catalogue: Catalogue) -> Iterator[None]:
    """No catalogue in the database (as before the first `make catalogue`), then the full one again."""
    save_catalogue(deployment.engine, Catalogue(materials={}, services={}))
    yield
    save_catalogue(deployment.engine, catalogue)


def test_the_list_shows_counts_and_pages_of_fifty(client: Client, loaded_catalogue: Catalogue) -> None:
    reply = client.get("/catalogue")
    assert reply.status == 200 and "<h1>服务目录</h1>" in reply.body
    assert re.search(rf"全部事项<strong>{TOTAL}</strong>", reply.body)
    assert re.search(rf"有缺项<strong>{IMPORTED_COUNT + 2}</strong>", reply.body)  # t-id-renewal is complete
    assert f"找到 {TOTAL} 项，第 1 / 2 页" in reply.body and 'href="/catalogue?page=2"' in reply.body
    assert len(_ROW.findall(reply.body)) == 50
    assert len(listed(client, "/catalogue?page=2")) == TOTAL - 50
    assert listed(client, "/catalogue?page=999") == listed(client, "/catalogue?page=2")  # past the end: the last
    assert listed(client, "/catalogue?page=abc") == listed(client, "/catalogue")


def test_search_by_name_code_department_or_region(client: Client, loaded_catalogue: Catalogue) -> None:
    assert listed(client, "/catalogue?q=结婚") == ["t-marriage"]
    assert listed(client, "/catalogue?q=1133test0007") == ["imp-007"]  # case does not matter
    assert listed(client, "/catalogue?q=婚姻登记机关") == ["t-marriage"]
    assert len(listed(client, "/catalogue?q=测试市场监管局&page=2")) == IMPORTED_COUNT - 50
    assert "找到 0 项" in client.get("/catalogue?q=没有这个事项").body
    # every word must match, each in any of the fields
    assert listed(client, "/catalogue?q=导入事项01 TEST0012") == ["imp-012"]
    assert "找到 63 项" in client.get("/catalogue?q=测试省").body


def test_only_entries_with_gaps(client: Client, loaded_catalogue: Catalogue) -> None:
    page1, page2 = listed(client, "/catalogue?gaps=any"), listed(client, "/catalogue?gaps=any&page=2")
    assert len(page1) + len(page2) == IMPORTED_COUNT + 2 and "t-id-renewal" not in page1 + page2
    assert listed(client, "/catalogue?q=身份证&gaps=any") == ["t-id-replacement"]
    assert listed(client, "/catalogue?q=身份证&gaps=no_fees") == []
    assert len(listed(client, "/catalogue?gaps=no_fees&q=导入")) == 50
    assert listed(client, "/catalogue?q=身份证&gaps=nonsense") == ["t-id-renewal", "t-id-replacement"]  # ignored


def test_a_hand_written_entry_shows_the_answers_its_sources_and_no_gaps(
    client: Client, loaded_catalogue: Catalogue
) -> None:
    service = loaded_catalogue.services["t-id-renewal"]
    reply = client.get("/catalogue/t-id-renewal")
    assert reply.status == 200 and f"<h1>{service.name}</h1>" in reply.body
    texts = [
        answers.overview_text(loaded_catalogue, service),
        answers.materials_text(loaded_catalogue, service),
        answers.fees_text(service),
        answers.time_limit_text(service),
        answers.location_text(service),
        answers.online_text(service),
        answers.conditions_text(service),
    ]
    for text in texts:
        assert f'<pre class="answer">{escape(text)}</pre>' in reply.body
    assert "人工编写" in reply.body and "测试数据" in reply.body and "2026-06-01" in reply.body
    assert '<dd id="region">测试省</dd>' in reply.body
    assert "无：各项信息齐全。" in reply.body


def test_an_imported_entry_shows_its_provenance_and_gaps(client: Client, loaded_catalogue: Catalogue) -> None:
    reply = client.get("/catalogue/imp-007")
    assert reply.status == 200
    for fact in ("测试省政务服务网", "1133TEST0007", "2026-05-01", escape(IMPORTED_URL)):
        assert fact in reply.body
    assert f'href="{escape(IMPORTED_URL)}"' not in reply.body  # shown as text, not a link to follow
    gaps = re.search(r'<ul id="gaps">(.*?)</ul>', reply.body, re.S)
    assert gaps is not None
    for label in ("无办结时限", "无收费信息", "无咨询电话", "材料未关联词表（申请表）", "材料形式或份数不详（申请表）"):
        assert label in gaps.group(1)
    assert "目录中未注明" in reply.body  # the materials answer says what the source does not


def test_an_unknown_entry_is_the_404_page(client: Client, loaded_catalogue: Catalogue) -> None:
    for path in ("/catalogue/no-such-entry", "/catalogue/%E7%BB%93%E5%A9%9A", "/catalogue/t-marriage/more"):
        reply = client.get(path)
        assert reply.status == 404 and NOT_FOUND in reply.body, path


def test_no_catalogue_loaded_is_a_message_not_a_failure(client: Client, unloaded: None, deployment: Deployment) -> None:
    for path in ("/catalogue", "/catalogue?q=结婚&gaps=any&page=2", "/catalogue/t-marriage"):
        reply = client.get(path)
        assert reply.status == 200 and escape(NOT_LOADED) in reply.body, path
        assert "Traceback" not in reply.body
    assert "Traceback" not in deployment.console.log_text()


def test_a_reloaded_catalogue_is_shown_without_restarting(
    client: Client, deployment: Deployment, loaded_catalogue: Catalogue
) -> None:
    assert "找到 63 项" in client.get("/catalogue").body
    fewer = loaded_catalogue.copy(update={"services": {"t-marriage": loaded_catalogue.services["t-marriage"]}})
    save_catalogue(deployment.engine, fewer)
    assert listed(client, "/catalogue") == ["t-marriage"]
