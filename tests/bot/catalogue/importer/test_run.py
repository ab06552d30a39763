"""The whole import on a small exchange export: what each column becomes, and the directory it writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue.importer.run import DEFAULT_GLOSSARY, ImportFailed, import_catalogue
from bot.catalogue.loader import load_catalogue
from tests.bot.catalogue.importer.exchange import BASIC, EXTEND, MATERIAL, options, write_export


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def service(out: Path, code: str) -> dict[str, Any]:
    data = read(out / "services" / f"imp-{code.lower()}.yml")
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_item_becomes_a_service_entry(tmp_path: Path, fmt: str) -> None:
    source = write_export(tmp_path / "gz-export", fmt)
    out = tmp_path / "out"
    import_catalogue(options(source, out))
    assert service(out, "11440000TEST0001") == {
        "id": "imp-11440000test0001",
        "name": "居民身份证换领（有效期满）",
        "code": "11440000TEST0001",
        "region": "广东省",
        "aliases": ["身份证到期换领", "身份证到期换证"],  # 换领 alone is too short to name it
        "category": "户籍办理",
        "department": "广东省公安厅",
        "audience": "个人",
        "conditions": "有效期满前三个月内申请。",
        "materials": [  # in order_num order
            {"ref": "id-card", "label": "居民身份证（正反面）", "form": "原件", "copies": 1, "required": "always"},
            {"ref": "hukou-book", "label": "户口本复印件", "form": "复印件", "copies": None, "required": "optional"},
            {"label": "军人身份证明", "form": None, "copies": None, "required": "always"},
        ],
        "fees": [{"item": "居民身份证工本费", "yuan": 20.0, "basis": "价费字〔2003〕1号"}],
        "time_limit": {"legal_days": 60, "promised_days": 10, "unit": "工作日"},
        "visits": 1,
        "online": {"available": True, "url": "https://example.gov.cn/apply/1", "how": ""},
        "locations": [
            {
                "name": "广东省公安厅",
                "address": "广州市越秀区某路1号",
                "hours": "工作日 9:00-17:00",
                "phone": "020-12345678",
            }
        ],
        "legal_basis": ["中华人民共和国居民身份证法"],
        "provenance": {
            "source": "gz-export",
            "task_code": "11440000TEST0001",
            "imported": dt.date(2026, 12, 3),
            "url": "https://example.gov.cn/item/1",
        },
    }


def test_what_the_source_leaves_blank_stays_not_known(export: Path, out: Path) -> None:
    import_catalogue(options(export, out))
    city = service(out, "11440100TEST0002")
    assert city["region"] == "广州市" and city["audience"] == "个人和法人" and city["category"] == "其他"
    assert city["time_limit"] == {"legal_days": None, "promised_days": 5, "unit": "自然日"}
    assert city["fees"] == [{"item": "不收费", "yuan": 0.0}]  # is_fee 0: free, said with a 0-yuan entry
    assert city["online"] == {"available": False, "url": "", "how": ""}
    assert city["materials"] == [
        {"ref": "id-card", "label": "申请人身份证复印件", "form": "复印件", "copies": 2, "required": "optional"},
        {"ref": "rental-contract", "label": "房屋租赁合同扫描件", "form": "电子", "copies": None, "required": "always"},
    ]
    county = service(out, "11440103TEST0003")
    assert county["region"] == "荔湾区" and county["audience"] == "法人"
    assert county["category"] == "设立变更"  # no topic for citizens: the one for organisations
    assert county["materials"] == [] and county["fees"] == [] and county["visits"] == 0
    assert county["time_limit"] == {"legal_days": None, "promised_days": None, "unit": "工作日"}
    assert "aliases" not in county and "legal_basis" not in county


def test_the_directory_says_its_regions_from_the_area_codes(export: Path, out: Path) -> None:
    import_catalogue(options(export, out))
    assert read(out / "catalogue.yml") == {
        "region": "广东省",
        "aliases": ["广东", "粤"],
        "regions": [
            {"name": "广州市", "aliases": ["广州", "穗"], "within": "广东省"},
            {"name": "荔湾区", "aliases": ["荔湾"], "within": "广州市"},
        ],
        "source": "gz-export",
        "imported": dt.date(2026, 12, 3),
    }


def test_the_glossary_entries_linked_to_are_copied_unchanged(export: Path, out: Path) -> None:
    import_catalogue(options(export, out))
    glossary = {entry["id"]: entry for entry in read(DEFAULT_GLOSSARY)["materials"]}
    copied = read(out / "materials.yml")["materials"]
    assert [entry["id"] for entry in copied] == ["id-card", "hukou-book", "rental-contract"]  # glossary order
    assert all(entry == glossary[entry["id"]] for entry in copied)


def test_the_import_loads_as_a_catalogue_alone_and_beside_the_curated_one(export: Path, out: Path) -> None:
    import_catalogue(options(export, out))
    alone = load_catalogue(out)
    assert alone.home_region == "广东省" and set(alone.regions) == {"广东省", "广州市", "荔湾区"}
    assert alone.services["imp-11440000test0001"].materials[2].key == "~军人身份证明"
    together = load_catalogue([DEFAULT_GLOSSARY.parent, out])
    assert "imp-11440100test0002" in together.services and "广州市" in together.regions


def test_the_summary_counts_items_links_and_items_without_materials(export: Path, out: Path) -> None:
    summary = import_catalogue(options(export, out))
    assert summary.items == 3 and summary.region == "广东省" and summary.regions == ["广州市", "荔湾区"]
    assert [ref for _, ref in summary.linked] == ["id-card", "hukou-book", "id-card", "rental-contract"]
    assert summary.unlinked == ["军人身份证明"] and summary.without_materials == 1
    kinds = {note.kind for note in summary.notes}
    assert kinds == {"fee left out (not one number of yuan)", "no limit_scene_num (1 visit written)"}
    notes = (out / "import-notes.txt").read_text(encoding="utf-8")
    assert "up_task_general_fee_project.csv row 3 column fee_stand: 加急费" in notes


def test_rows_join_by_task_guid_when_both_tables_have_it(tmp_path: Path) -> None:
    # the material names a task_code of another item: the guid decides
    rows = [dict(MATERIAL[1], task_guid="g-3", task_code="11440000TEST0001")]
    source = write_export(tmp_path / "src", material=rows)
    import_catalogue(options(source, tmp_path / "out"))
    assert [m["label"] for m in service(tmp_path / "out", "11440103TEST0003")["materials"]] == ["居民身份证（正反面）"]
    assert service(tmp_path / "out", "11440000TEST0001")["materials"] == []


def test_without_guids_rows_join_by_task_code(tmp_path: Path) -> None:
    basic = [{k: v for k, v in row.items() if k != "task_guid"} for row in BASIC]
    material = [{"task_code": "11440100TEST0002", "material_name": "户口簿"}]
    source = write_export(tmp_path / "src", basic=basic, material=material, extend=[], fee_project=[], questions=[])
    import_catalogue(options(source, tmp_path / "out"))
    assert service(tmp_path / "out", "11440100TEST0002")["materials"][0]["ref"] == "hukou-book"


def test_the_prefix_and_the_source_name_can_be_given(export: Path, out: Path) -> None:
    import_catalogue(options(export, out, prefix="gz", source_name="广州市政务服务数据管理局导出"))
    entry = read(out / "services" / "gz-11440000test0001.yml")
    assert entry["id"] == "gz-11440000test0001"
    assert entry["provenance"]["source"] == read(out / "catalogue.yml")["source"] == "广州市政务服务数据管理局导出"


def test_a_license_beside_the_source_is_kept_beside_the_import(export: Path, out: Path) -> None:
    (export / "LICENSE").write_text("MIT License\nCopyright (c) 2021 someone\n", encoding="utf-8")
    import_catalogue(options(export, out))
    assert (out / "LICENSE").read_text(encoding="utf-8") == (export / "LICENSE").read_text(encoding="utf-8")


def test_an_earlier_import_is_replaced_whole(tmp_path: Path, out: Path) -> None:
    import_catalogue(options(write_export(tmp_path / "first"), out))
    second = write_export(tmp_path / "second", basic=BASIC[:1], material=MATERIAL[:3], extend=EXTEND[:1])
    import_catalogue(options(second, out))
    assert sorted(p.name for p in (out / "services").iterdir()) == ["imp-11440000test0001.yml"]
    assert read(out / "catalogue.yml")["source"] == "second" and "regions" not in read(out / "catalogue.yml")
    assert sorted(p.name for p in out.parent.iterdir()) == ["imported"]  # nothing left beside it


def test_a_directory_that_is_not_an_import_is_never_replaced(export: Path, tmp_path: Path) -> None:
    curated = tmp_path / "catalogue"
    (curated / "services").mkdir(parents=True)
    (curated / "materials.yml").write_text("materials: []\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_catalogue(options(export, curated))
    assert "not an earlier import" in str(failed.value.problems[0])
    assert (curated / "materials.yml").read_text(encoding="utf-8") == "materials: []\n"
