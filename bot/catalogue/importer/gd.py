"""Converts the Guangdong scrape (gd-catalogue policy.jsonl) into exchange-table rows.

The scrape is one JSON object per item with the portal's own field names; mapped to the national
columns, it goes through exactly the same import as an exchange export, so there is one set of
rules for what an item means. It has no fees and no per-material form, copies or necessity:
those stay "not known". Each row remembers the scrape's field names, so a problem names the
field a maintainer would look for in the file (handle_time, material_intro[2]).

Mapped beyond the national columns: matter_short -> short_name, matter_daily -> daily_name and
parentCatalogName -> catalog_name (alias candidates, see aliases.py). subTaskName is not used:
TASK_NAME already ends with it in brackets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.catalogue.importer.cells import check_cells
from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.rows import NotText, Row, clean
from bot.catalogue.importer.tables import Tables, json_objects

POLICY_FILE = "policy.jsonl"
PORTAL = "广东政务服务网"
PREFIX = "gd"

BASIC_FIELDS = {
    "TASK_CODE": "task_code",
    "TASK_NAME": "task_name",
    "DEPT_NAME": "dept_name",
    "TASK_TYPE_TEXT": "task_type",
    "CATAID": "catalog_code",
    "accept_standard": "accept_condition",
    "LIMIT_SCENE_NUM": "limit_scene_num",
    "handle_location": "transact_addr",
    "consult_phone": "link_way",
    "complain_phone": "supervise_way",
    "URL": "link_addr",
    "service_object_name": "server_type",
    "AREACODE": "area_code",
    "matter_short": "short_name",
    "matter_daily": "daily_name",
    "parentCatalogName": "catalog_name",
}
EXTEND_FIELDS = {
    "ONLINECHECK": "is_online",
    "online_book_addr": "online_handle_url",
    "courier_service": "is_express",
    "theme_category": "user_topic_type",
}
TIME_FIELDS = {
    "handle_time": ("anticipate_day", "anticipate_type"),
    "handle_time_limit": ("promise_day", "promise_type"),
}
MATERIALS_FIELD = "material_intro"
_DAYS = re.compile(r"^(\d+)\s*[(（]\s*([^()（）]+?)\s*[)）]$")  # 30(工作日)
_LOCATION_LABEL = re.compile(r"^办理地点\s*[:：]\s*")


def source_name(source: Path) -> str:
    return f"{PORTAL}（{source.resolve().name} {POLICY_FILE}）"


def is_scrape(source: Path) -> bool:
    return (source / POLICY_FILE).is_file()


def _text(record: dict[str, Any], field: str, file: str, line: int, findings: Findings) -> str:
    try:
        return clean(record.get(field))
    except NotText as exc:
        findings.problem_at(file, line, field, str(exc))
        return ""


def _days(value: str) -> tuple[str, str]:
    """ "30(工作日)" -> ("30", "工作日"); anything else is passed on whole, to be reported as not a number."""
    match = _DAYS.match(value)
    return (match.group(1), match.group(2)) if match else (value, "")


def _materials(record: dict[str, Any], task_code: str, file: str, line: int, findings: Findings) -> list[Row]:
    raw = record.get(MATERIALS_FIELD)
    names = raw if isinstance(raw, list) else [raw]
    rows = []
    for index, name in enumerate(names):
        column = f"{MATERIALS_FIELD}[{index}]" if isinstance(raw, list) else MATERIALS_FIELD
        try:
            text = clean(name)
        except NotText as exc:
            findings.problem_at(file, line, column, str(exc))
            continue
        if text:
            values = {"task_code": task_code, "material_name": text, "order_num": str(index + 1)}
            rows.append(Row(file, line, values, {"task_code": "TASK_CODE", "material_name": column}))
    return rows


def convert_record(record: dict[str, Any], file: str, line: int, findings: Findings) -> tuple[Row, Row, list[Row]]:
    """One scrape line -> (basic row, extend row, material rows)."""
    basic = {column: _text(record, field, file, line, findings) for field, column in BASIC_FIELDS.items()}
    basic["transact_addr"] = _LOCATION_LABEL.sub("", basic["transact_addr"])
    origin = {column: field for field, column in BASIC_FIELDS.items()}
    for field, (day_column, unit_column) in TIME_FIELDS.items():
        basic[day_column], basic[unit_column] = _days(_text(record, field, file, line, findings))
        origin[day_column] = origin[unit_column] = field
    extend = {column: _text(record, field, file, line, findings) for field, column in EXTEND_FIELDS.items()}
    extend["task_code"] = basic["task_code"]
    extend_origin = {column: field for field, column in EXTEND_FIELDS.items()} | {"task_code": "TASK_CODE"}
    return (
        Row(file, line, basic, origin),
        Row(file, line, extend, extend_origin),
        _materials(record, basic["task_code"], file, line, findings),
    )


def read_scrape(source: Path, findings: Findings) -> Tables:
    path = source / POLICY_FILE
    file = str(path)
    tables = Tables()
    for line, record in json_objects(path, findings):
        basic, extend, materials = convert_record(record, file, line, findings)
        tables.basic.append(check_cells(basic, findings))
        tables.extend.append(check_cells(extend, findings))
        tables.material.extend(check_cells(row, findings) for row in materials)
    return tables
