"""A small national exchange export, written by the tests themselves (CSV or JSON lines).

Three items in three levels of region (广东省, 广州市, 荔湾区) with what the mapping must handle:
glossary links and a name that must stay unlinked, form words in names, coded necessity, fees
(one plain, one not), a FAQ row, alias columns, and a join by task_guid.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from bot.catalogue.importer.run import Options

TODAY = dt.date(2026, 12, 3)

BASIC = [
    {
        "task_guid": "g-1",
        "task_code": "11440000TEST0001",
        "task_name": "居民身份证换领（有效期满）",
        "dept_name": "广东省公安厅",
        "area_code": "440000",
        "server_type": "自然人",
        "accept_condition": "有效期满前三个月内申请。",
        "anticipate_day": "60",
        "anticipate_type": "1",
        "promise_day": "10",
        "promise_type": "1",
        "is_fee": "1",
        "limit_scene_num": "1",
        "transact_addr": "广州市越秀区某路1号",
        "transact_time": "工作日 9:00-17:00",
        "link_way": "咨询电话：020-12345678（工作日）",
        "link_addr": "https://example.gov.cn/item/1",
        "by_law": "中华人民共和国居民身份证法",
        "short_name": "身份证到期换领",
        "daily_name": "换领,身份证到期换证",
    },
    {
        "task_guid": "g-2",
        "task_code": "11440100TEST0002",
        "task_name": "居住证签注",
        "dept_name": "广州市公安局",
        "area_code": "440100",
        "server_type": "自然人,企业法人",
        "accept_condition": "",
        "anticipate_day": "",
        "anticipate_type": "",
        "promise_day": "5",
        "promise_type": "2",
        "is_fee": "0",
        "limit_scene_num": "",
        "transact_addr": "",
        "transact_time": "",
        "link_way": "12345",
        "link_addr": "",
        "by_law": "",
        "short_name": "无",
        "daily_name": "",
    },
    {
        "task_guid": "g-3",
        "task_code": "11440103TEST0003",
        "task_name": "企业设立登记",
        "dept_name": "荔湾区市场监督管理局",
        "area_code": "440103",
        "server_type": "企业法人",
        "accept_condition": "",
        "anticipate_day": "",
        "anticipate_type": "",
        "promise_day": "",
        "promise_type": "",
        "is_fee": "",
        "limit_scene_num": "0",
        "transact_addr": "荔湾区政务服务中心",
        "transact_time": "",
        "link_way": "",
        "link_addr": "",
        "by_law": "",
        "short_name": "",
        "daily_name": "",
    },
]
MATERIAL = [
    # deliberately out of order: order_num decides
    {
        "task_guid": "g-1",
        "task_code": "",
        "material_name": "户口本复印件",
        "is_need": "非必要",
        "material_format": "",
        "page_num": "",
        "order_num": "2",
    },
    {
        "task_guid": "g-1",
        "task_code": "",
        "material_name": "居民身份证（正反面）",
        "is_need": "必要",
        "material_format": "原件",
        "page_num": "1",
        "order_num": "1",
    },
    {
        "task_guid": "g-1",
        "task_code": "",
        "material_name": "军人身份证明",
        "is_need": "",
        "material_format": "",
        "page_num": "",
        "order_num": "3",
    },
    {
        "task_guid": "g-2",
        "task_code": "",
        "material_name": "申请人身份证复印件",
        "is_need": "容缺",
        "material_format": "",
        "page_num": "2",
        "order_num": "1",
    },
    {
        "task_guid": "g-2",
        "task_code": "",
        "material_name": "房屋租赁合同扫描件",
        "is_need": "1",
        "material_format": "",
        "page_num": "",
        "order_num": "2",
    },
]
EXTEND = [
    {
        "task_guid": "g-1",
        "task_code": "",
        "is_online": "1",
        "online_handle_url": "https://example.gov.cn/apply/1",
        "is_express": "是",
        "user_topic_type": "户籍办理,证件办理",
        "corp_topic_type": "",
    },
    {
        "task_guid": "g-3",
        "task_code": "",
        "is_online": "0",
        "online_handle_url": "",
        "is_express": "",
        "user_topic_type": "",
        "corp_topic_type": "设立变更",
    },
]
FEE = [
    {
        "task_guid": "g-1",
        "task_code": "",
        "fee_name": "居民身份证工本费",
        "fee_stand": "20元",
        "by_law": "价费字〔2003〕1号",
        "order_num": "1",
    },
    {
        "task_guid": "g-1",
        "task_code": "",
        "fee_name": "加急费",
        "fee_stand": "按页计费，每页5元",
        "by_law": "",
        "order_num": "2",
    },
]
QUESTIONS = [{"task_guid": "g-1", "task_code": "", "question": "可以代办吗？", "answer": "不可以。", "order_num": "1"}]

TABLES: dict[str, list[dict[str, str]]] = {
    "up_task_general_basic": BASIC,
    "up_task_general_material": MATERIAL,
    "up_task_general_extend": EXTEND,
    "up_task_general_fee_project": FEE,
    "up_task_general_questions": QUESTIONS,
}


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write_export(directory: Path, fmt: str = "csv", **changes: list[dict[str, Any]]) -> Path:
    """The export above (tables replaced by `changes`, keyed by the short table name) in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, rows in TABLES.items():
        rows = changes.get(table.removeprefix("up_task_general_"), rows)
        if rows:
            (write_csv if fmt == "csv" else write_jsonl)(directory / f"{table}.{fmt}", rows)
    return directory


def options(source: Path, out: Path, **more: Any) -> Options:
    return Options(source, out, today=TODAY, **more)
