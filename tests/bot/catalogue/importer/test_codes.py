"""Code values come from an editable YAML: a region's own codes map through it, unknown ones are problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.importer.codes import DEFAULT_CODES, load_codes
from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.run import ImportFailed, import_catalogue
from tests.bot.catalogue.importer.exchange import options, write_export
from tests.bot.catalogue.importer.test_run import service

CUSTOM = """
time_unit: {"D1": 工作日, "D2": 自然日}
is_need: {"M": always, "O": optional}
form: {"11": 原件, "12": 复印件, "20": ~}
flag: {"T": true, "F": false}
audience: {"01": 个人, "02": 法人}
topic: {"T100": 户籍证件}
areas:
  "990000": {name: 测试省, aliases: [测试]}
  "990100": {name: 样例市, aliases: [样例]}
generic_words: [换证]
"""


def test_a_regions_own_codes_map_through_a_custom_file(tmp_path: Path) -> None:
    codes = tmp_path / "codes.yml"
    codes.write_text(CUSTOM, encoding="utf-8")
    basic = [
        {
            "task_code": "T1",
            "task_name": "身份证换领",
            "dept_name": "样例市公安局",
            "area_code": "990100",
            "server_type": "01,02",
            "anticipate_day": "30",
            "anticipate_type": "D2",
            "promise_day": "",
            "promise_type": "",
            "is_fee": "F",
            "daily_name": "换证",
        },
        {
            "task_code": "T2",
            "task_name": "户口迁入",
            "dept_name": "测试省公安厅",
            "area_code": "990000",
            "server_type": "02",
        },
    ]
    material = [
        {
            "task_code": "T1",
            "material_name": "居民身份证",
            "is_need": "O",
            "material_type": "12",
            "material_format": "",
        },
        {
            "task_code": "T1",
            "material_name": "登记表原件",
            "is_need": "M",
            "material_type": "20",
            "material_format": "",
        },
    ]
    extend = [{"task_code": "T1", "is_online": "T", "user_topic_type": "T100"}]
    source = write_export(tmp_path / "src", basic=basic, material=material, extend=extend, fee_project=[], questions=[])
    out = tmp_path / "out"
    import_catalogue(options(source, out, codes=codes))
    entry = service(out, "T1")
    assert entry["region"] == "样例市" and entry["audience"] == "个人和法人" and entry["category"] == "户籍证件"
    assert "aliases" not in entry  # 换证 is a generic word of this file
    assert entry["time_limit"] == {"legal_days": 30, "promised_days": None, "unit": "自然日"}
    assert entry["fees"] == [{"item": "不收费", "yuan": 0.0}] and entry["online"]["available"] is True
    assert [(m["form"], m["required"]) for m in entry["materials"]] == [("复印件", "optional"), ("原件", "always")]
    assert service(out, "T2")["audience"] == "法人"


def test_the_default_file_knows_the_text_forms_the_scrape_uses() -> None:
    codes = load_codes(DEFAULT_CODES, findings := Findings())
    assert findings.problems == []
    assert codes.time_unit["工作日"] == "工作日" and codes.flag["不支持"] is False and codes.flag["y"] is True
    assert codes.areas["440100"].name == "广州市" and "穗" in codes.areas["440100"].aliases
    assert {codes.audience[k] for k in ("自然人", "企业法人", "行政机关")} == {"个人", "法人"}


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("is_need: {必要: sometimes}", "is_need.必要", "is not always or optional"),
        ("flag: {yes: true}", "flag.True", "quote the code"),
        ("form: {原件: 正本}", "form.原件", "is not one of"),
        ("areas: {4401: {name: 广州市}}", "areas.4401", "6 digits"),
        (
            "areas: {'440100': {name: 广州市}, '440300': {name: 深圳市, aliases: [广州市]}}",
            "areas.440300",
            "also names",
        ),
    ],
)
def test_a_wrong_codes_file_is_reported_by_entry(tmp_path: Path, text: str, where: str, says: str) -> None:
    path = tmp_path / "codes.yml"
    path.write_text(text, encoding="utf-8")
    load_codes(path, findings := Findings())
    [problem] = findings.problems
    assert problem.file == str(path) and problem.column == where and says in problem.message


def test_an_import_with_a_broken_codes_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "codes.yml"
    path.write_text("time_unit: [", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_catalogue(options(write_export(tmp_path / "src"), tmp_path / "out", codes=path))
    assert any("cannot read the code values" in str(p) for p in failed.value.problems)
