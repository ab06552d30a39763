"""The Guangdong scrape goes through the converter into the same import as an exchange export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.gd import convert_record
from bot.catalogue.importer.run import ImportFailed, import_catalogue
from tests.bot.catalogue.importer.exchange import options

PROVINCIAL: dict[str, Any] = {
    "_id": {"$oid": "60ae6f95e995f7e541f057f3"},
    "TASK_CODE": "11440000006940116U2440102013001",
    "TASK_NAME": "高等学校教师资格认定",
    "subTaskName": None,
    "parentCatalogName": "教师资格认定",
    "DEPT_NAME": "广东省教育厅",
    "AREACODE": "440000",
    "LIMIT_SCENE_NUM": "1",
    "ONLINECHECK": "1",
    "matter_short": "高校教师资格认定",
    "matter_daily": "无",
    "handle_location": "办理地点：广州市越秀区农林下路72号",
    "handle_time": "30(工作日)",
    "handle_time_limit": "15(工作日)",
    "accept_standard": "具有高等学校教师资格条件。",
    "consult_phone": "020-37628372",
    "complain_phone": "020-37627229",
    "URL": "https://www.gdzwfw.gov.cn/item/1",
    "courier_service": "不支持",
    "online_book_addr": "无",
    "theme_category": ["教育科研", "职业资格"],
    "service_object_name": ["自然人"],
    "material_intro": ["体检表", "普通话等级证书", "无", "居民身份证", "本人正面免冠照片"],
}
CITY: dict[str, Any] = dict(
    PROVINCIAL,
    TASK_CODE="11440100007482620J3440102003001",
    TASK_NAME="出入境证件签注",
    parentCatalogName="出入境证件签注",
    DEPT_NAME="广州市公安局",
    AREACODE="440100",
    matter_short="无",
    matter_daily="签注办理,港澳签注",
    handle_time="无",
    handle_time_limit="无",
    handle_location="无线下办理窗口",
    online_book_addr="http://ap.gzonline.gov.cn/book",
    theme_category=["出境入境", "外国人"],
    service_object_name=["自然人", "企业法人"],
    material_intro="无",
)


def write_scrape(directory: Path, *records: dict[str, Any], license_text: str | None = "MIT License\n") -> Path:
    directory.mkdir(parents=True)
    (directory / "policy.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records), encoding="utf-8"
    )
    if license_text is not None:
        (directory / "LICENSE").write_text(license_text, encoding="utf-8")
    return directory


def entry(out: Path, code: str) -> dict[str, Any]:
    data = yaml.safe_load((out / "services" / f"gd-{code.lower()}.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_scrape_line_becomes_exchange_rows() -> None:
    basic, extend, materials = convert_record(PROVINCIAL, "policy.jsonl", 9, Findings())
    assert basic.get("task_code") == "11440000006940116U2440102013001" and basic.get("area_code") == "440000"
    assert (basic.get("anticipate_day"), basic.get("anticipate_type")) == ("30", "工作日")
    assert (basic.get("promise_day"), basic.get("promise_type")) == ("15", "工作日")
    assert basic.get("transact_addr") == "广州市越秀区农林下路72号"  # without 办理地点：
    assert basic.get("short_name") == "高校教师资格认定" and basic.get("daily_name") == ""  # 无 is blank
    assert extend.get("is_online") == "1" and extend.get("online_handle_url") == ""
    assert extend.get("user_topic_type") == "教育科研,职业资格"
    assert [(m.get("material_name"), m.get("order_num")) for m in materials] == [
        ("体检表", "1"),
        ("普通话等级证书", "2"),
        ("居民身份证", "4"),
        ("本人正面免冠照片", "5"),
    ]
    assert materials[2].source_column("material_name") == "material_intro[3]"  # problems name the scrape's field


def test_the_scrape_imports_with_its_regions_and_licence(tmp_path: Path) -> None:
    source = write_scrape(tmp_path / "gd-catalogue", PROVINCIAL, CITY)
    out = tmp_path / "out"
    summary = import_catalogue(options(source, out))
    catalogue = yaml.safe_load((out / "catalogue.yml").read_text(encoding="utf-8"))
    assert catalogue["source"] == "广东政务服务网（gd-catalogue policy.jsonl）"
    assert catalogue["region"] == "广东省" and catalogue["regions"][0]["name"] == "广州市"
    assert (out / "LICENSE").read_text(encoding="utf-8") == "MIT License\n"
    assert summary.items == 2 and summary.without_materials == 1

    teacher = entry(out, PROVINCIAL["TASK_CODE"])
    assert teacher["aliases"] == ["高校教师资格认定", "教师资格认定"]  # matter_short, parentCatalogName
    assert teacher["category"] == "教育科研" and teacher["audience"] == "个人" and teacher["visits"] == 1
    assert teacher["time_limit"] == {"legal_days": 30, "promised_days": 15, "unit": "工作日"}
    assert teacher["online"] == {"available": True, "url": "https://www.gdzwfw.gov.cn/item/1", "how": ""}
    assert teacher["locations"][0] == {
        "name": "广东省教育厅",
        "address": "广州市越秀区农林下路72号",
        "hours": "",
        "phone": "020-37628372",
    }
    materials = [(m.get("ref"), m["label"], m["form"], m["copies"], m["required"]) for m in teacher["materials"]]
    assert materials == [
        ("health-certificate", "体检表", None, None, "always"),
        (None, "普通话等级证书", None, None, "always"),
        ("id-card", "居民身份证", None, None, "always"),
        ("photo", "本人正面免冠照片", None, None, "always"),
    ]
    assert teacher["provenance"]["url"] == "https://www.gdzwfw.gov.cn/item/1" and teacher["fees"] == []

    visa = entry(out, CITY["TASK_CODE"])
    assert visa["region"] == "广州市" and visa["audience"] == "个人和法人" and visa["category"] == "出境入境"
    assert visa["aliases"] == ["签注办理", "港澳签注"]
    assert visa["time_limit"] == {"legal_days": None, "promised_days": None, "unit": "工作日"}
    assert visa["online"]["url"] == "http://ap.gzonline.gov.cn/book" and visa["materials"] == []


def test_a_scrape_without_a_licence_writes_none(tmp_path: Path) -> None:
    import_catalogue(options(write_scrape(tmp_path / "src", PROVINCIAL, license_text=None), tmp_path / "out"))
    assert not (tmp_path / "out" / "LICENSE").exists()


def test_problems_name_the_scrapes_own_fields(tmp_path: Path) -> None:
    odd = dict(CITY, handle_time="三十天", material_intro=["居民身份证", {"name": "照片"}], ONLINECHECK="2")
    source = write_scrape(tmp_path / "src", PROVINCIAL, odd)
    (source / "policy.jsonl").write_text(
        (source / "policy.jsonl").read_text(encoding="utf-8") + '{"TASK_CODE":"1144', encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as failed:
        import_catalogue(options(source, tmp_path / "out"))
    found = {(p.row, p.column): p.message for p in failed.value.problems}
    assert "not a whole number" in found[(2, "handle_time")]
    assert "a dict where text was expected" in found[(2, "material_intro[1]")]
    assert "'2'" in found[(2, "ONLINECHECK")]
    assert "malformed JSON" in found[(3, None)]
    assert not (tmp_path / "out").exists()
