"""bot.catalogue.health on catalogues built here: a complete entry, one with every gap, duplicates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from bot.catalogue.health import Gap, catalogue_health, dumps, report_text, service_gaps
from bot.catalogue.schema import Catalogue, Material, Region, Service

GLOSSARY = {"id-card": Material(id="id-card", name="居民身份证", aliases=["身份证"])}
IMPORTED = {"source": "测试省政务服务网", "task_code": "11330000TEST0001", "imported": dt.date(2026, 5, 1)}


def service(sid: str, **changes: Any) -> Service:
    """A complete hand-written entry; `changes` take fields away or alter them."""
    raw: dict[str, Any] = {
        "id": sid,
        "name": f"事项{sid}",
        "region": "测试省",
        "category": "测试",
        "department": "测试局",
        "audience": "个人",
        "conditions": "年满18周岁。",
        "materials": [{"ref": "id-card", "form": "原件", "copies": 1}],
        "fees": [{"item": "工本费", "yuan": 0}],
        "time_limit": {"legal_days": 20, "promised_days": 5},
        "visits": 1,
        "online": {"available": False},
        "locations": [{"name": "办事大厅", "phone": "0571-12345678"}],
        "last_verified": dt.date(2026, 6, 1),
        "sources": ["测试依据"],
    }
    raw.update(changes)
    return Service.parse_obj(raw)


def catalogue(*services: Service) -> Catalogue:
    regions = {name: Region(name=name) for name in ("测试省", "测试市")}
    return Catalogue(materials=GLOSSARY, services={s.id: s for s in services}, regions=regions, home_region="测试省")


GAPPY = service(
    "gappy",
    name="样例事项（缺项）",
    region="测试市",
    department="样例局",
    code="CODE-1",
    conditions="",
    materials=[
        {"label": "申请表", "form": "原件", "copies": 1},
        {"ref": "id-card", "form": None, "copies": 1},
        {"label": "营业执照", "copies": None},
    ],
    fees=[],
    time_limit={},
    locations=[{"name": "窗口"}],
    sources=[],
    last_verified=None,
    provenance=IMPORTED,
)


def test_a_complete_entry_has_no_gaps() -> None:
    entry = service_gaps(catalogue(service("good")), service("good"))
    assert entry.gaps == () and entry.labels() == []


def test_every_gap_is_found_and_the_materials_are_named() -> None:
    entry = service_gaps(catalogue(GAPPY), GAPPY)
    assert set(entry.gaps) == set(Gap) - {Gap.NO_MATERIALS}
    assert entry.unlinked == ("申请表", "营业执照")
    assert entry.unknown_form == ("居民身份证", "营业执照")
    assert "材料未关联词表（申请表、营业执照）" in entry.labels()
    assert "材料形式或份数不详（居民身份证、营业执照）" in entry.labels()
    empty = service("empty", materials=[])
    assert service_gaps(catalogue(empty), empty).gaps == (Gap.NO_MATERIALS,)


def test_a_time_limit_needs_only_one_of_legal_or_promised_days() -> None:
    for limit, gap in (({"promised_days": 0}, False), ({"legal_days": 30}, False), ({}, True)):
        entry = service("s", time_limit=limit)
        assert (Gap.NO_TIME_LIMIT in service_gaps(catalogue(entry), entry).gaps) is gap, limit


def test_a_free_service_is_fee_information_but_no_fee_entry_is_a_gap() -> None:
    free, unknown = service("free"), service("unknown", fees=[])
    assert Gap.NO_FEES not in service_gaps(catalogue(free), free).gaps
    assert Gap.NO_FEES in service_gaps(catalogue(unknown), unknown).gaps


def test_counts_per_department_and_region() -> None:
    health = catalogue_health(catalogue(service("a"), service("b", fees=[]), GAPPY))
    assert health.services == 3 and [e.service_id for e in health.with_gaps] == ["b", "gappy"]
    assert {k: (c.services, c.with_gaps) for k, c in health.departments.items()} == {"测试局": (2, 1), "样例局": (1, 1)}
    assert {k: (c.services, c.with_gaps) for k, c in health.regions.items()} == {"测试省": (2, 1), "测试市": (1, 1)}
    assert health.gap_counts()[Gap.NO_FEES] == 2 and health.gap_counts()[Gap.NO_MATERIALS] == 0


def test_duplicates_same_name_in_one_region_and_same_code_anywhere() -> None:
    health = catalogue_health(
        catalogue(
            service("a", name="同名事项", code="C1"),
            service("b", name="同名事项"),
            service("c", name="同名事项", region="测试市", code="C1"),  # another region: not a name duplicate
            service("d", code="C2"),
        )
    )
    assert [(d.region, d.key, d.ids) for d in health.same_name] == [("测试省", "同名事项", ("a", "b"))]
    assert [(d.key, d.ids) for d in health.same_code] == [("C1", ("a", "c"))]


def test_the_text_report_is_one_tab_separated_line_per_entry_with_gaps() -> None:
    text = report_text(
        catalogue_health(catalogue(service("good"), GAPPY, service("b", name="样例事项（缺项）", region="测试市")))
    )
    assert text.splitlines()[1] == "事项 3 个，有缺项 1 个"  # a duplicate is listed apart, not a gap
    [line] = [line for line in text.splitlines() if line.startswith("gappy\t")]
    service_id, name, region, gaps = line.split("\t")
    assert (service_id, name, region) == ("gappy", "样例事项（缺项）", "测试市")
    assert "无收费信息" in gaps and "无咨询电话" in gaps and "无受理条件" in gaps and "无办结时限" in gaps
    assert not any(line.startswith("good\t") for line in text.splitlines())
    assert "同名\t测试市\t样例事项（缺项）\tb, gappy" in text


def test_a_line_break_in_an_imported_name_stays_on_one_line() -> None:
    odd = service("odd", name="换行\n的名称", fees=[])
    lines = [line for line in report_text(catalogue_health(catalogue(odd))).splitlines() if line.startswith("odd\t")]
    assert lines == ["odd\t换行 的名称\t测试省\t无收费信息"]


def test_the_json_form() -> None:
    data = json.loads(dumps(catalogue_health(catalogue(service("good"), GAPPY))))
    assert data["summary"]["services"] == 2 and data["summary"]["with_gaps"] == 1
    assert data["summary"]["gaps"]["no_fees"] == 1 and set(data["summary"]["gaps"]) == {g.value for g in Gap}
    [entry] = data["services"]
    assert entry["id"] == "gappy" and entry["code"] == "CODE-1" and "no_phone" in entry["gaps"]
    assert entry["unlinked_materials"] == ["申请表", "营业执照"]
    assert data["duplicates"] == {"same_name": [], "same_code": []}
