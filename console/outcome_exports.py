"""The outcomes and the catalogue problems as CSV files, for whoever reports on the reform or
fixes the catalogue in a spreadsheet.

As in console.exports, a whitelist of columns: an outcome row also holds the citizen's
pseudonym and the follow-up it answered, which a spreadsheet does not need and a file passed
around must not carry (a column added to the table later does not leave by default either).
The citizen's words are masked, and a cell that a spreadsheet would run as a formula is
defused. UTF-8 with a byte-order mark, so that Excel opens the Chinese as Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from bot.privacy import mask_pii
from console.localtime import shown
from console.outcome_figures import Names, Problem, cause_label, trips_label
from console.web import CHANNEL_LABELS

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

OUTCOME_COLUMNS = (
    "编号",
    "反馈时间（北京时间）",
    "渠道",
    "事项编码",
    "事项名称",
    "地区",
    "跑了几次",
    "一次办成",
    "原因",
    "材料（目录编码）",
    "市民所说材料",
    "清单是否列出",
    "当时给出的清单",
)
PROBLEM_COLUMNS = (
    "编号",
    "事项编码",
    "事项名称",
    "材料",
    "材料名称",
    "状态",
    "修正日期",
    "状态更新时间（北京时间）",
    "反馈次数",
    "最近反馈时间（北京时间）",
)


def cell(value: object) -> str:
    """A value as text a spreadsheet shows and never evaluates (=HYPERLINK(...) from a citizen)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return BOM + out.getvalue()


def _in_one(trips: str) -> str:
    if trips == "unknown":
        return ""
    return "是" if trips in ("one", "online") else "否"


def outcome_row(row: dict[str, Any], names: Names) -> list[object]:
    return [
        row["id"],
        shown(row["created_at"], seconds=True),
        CHANNEL_LABELS.get(row["channel"], row["channel"]),
        row["item"],
        names.item(row["item"]),
        row["region"],
        trips_label(row["trips"]),
        _in_one(row["trips"]),
        cause_label(row["cause"]) if row["cause"] != "none" else "",
        row["material_key"] or "",
        mask_pii(row["material_text"] or ""),
        "是" if row["listed"] else "否",
        row["checklist"] or "",
    ]


def outcomes_csv(rows: list[dict[str, Any]], names: Names) -> str:
    return as_csv(OUTCOME_COLUMNS, (outcome_row(row, names) for row in rows))


def problem_row(found: Problem) -> list[object]:
    return [
        found.id,
        found.item,
        found.item_name,
        found.material,
        found.material_name,
        found.status_label,
        found.fixed_on.isoformat() if found.fixed_on else "",
        shown(found.updated_at, seconds=True),
        len(found.reports),
        shown(found.latest, seconds=True),
    ]


def problems_csv(found: list[Problem]) -> str:
    return as_csv(PROBLEM_COLUMNS, (problem_row(p) for p in found))
