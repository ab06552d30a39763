"""The CSV files: only the whitelisted columns, the citizen's words masked, no formula a
spreadsheet would run, and Chinese that Excel opens as Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import io

from bot.outcomes.model import Cause, Trips
from console.outcome_exports import BOM, OUTCOME_COLUMNS, PROBLEM_COLUMNS, cell, outcomes_csv, problems_csv
from console.outcome_figures import Names, Problem, ProblemReport
from tests.console.test_outcome_figures import NOON, outcome


def read(body: str) -> list[list[str]]:
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(BOM))))


def test_outcomes_csv_keeps_the_whitelisted_columns_only() -> None:
    row = outcome(
        "t-marriage",
        Trips.TWO,
        Cause.MISSING_MATERIAL,
        material_text='=HYPERLINK("http://evil") 13812345678',
        checklist="1. 身份证",
        listed=0,
        citizen_ref="u-secret-pseudonym",
        followup_id=42,
    )
    body = outcomes_csv([row], Names({"t-marriage": "结婚登记"}, {}, {}))
    header, line = read(body)
    assert tuple(header) == OUTCOME_COLUMNS
    record = dict(zip(header, line, strict=True))
    assert record["反馈时间（北京时间）"] == "2024-03-06 12:00:00"
    assert record["事项名称"] == "结婚登记" and record["渠道"] == "微信公众号"
    assert (record["跑了几次"], record["一次办成"], record["原因"]) == ("跑两次", "否", "缺材料/材料不对")
    assert record["市民所说材料"].startswith("'=HYPERLINK") and "138****5678" in record["市民所说材料"]
    assert record["清单是否列出"] == "否" and record["当时给出的清单"] == "1. 身份证"
    assert "u-secret-pseudonym" not in body and "13812345678" not in body


def test_a_report_without_trips_is_neither_yes_nor_no() -> None:
    _, line = read(outcomes_csv([outcome("a", Trips.UNKNOWN, Cause.SYSTEM_DOWN)], Names.of(None)))
    assert line[OUTCOME_COLUMNS.index("一次办成")] == "" and line[OUTCOME_COLUMNS.index("事项名称")] == "a"


def test_problems_csv() -> None:
    found = Problem(
        id=3,
        item="t-marriage",
        item_name="结婚登记",
        material="单位证明",
        material_name="单位证明",
        status="fixed",
        status_label="已修正目录",
        fixed_on=dt.date(2024, 3, 7),
        updated_at=NOON,
        reports=[ProblemReport(NOON, "跑两次", "单位证明", "")],
    )
    header, line = read(problems_csv([found]))
    assert tuple(header) == PROBLEM_COLUMNS
    named = ["3", "t-marriage", "结婚登记", "单位证明", "单位证明", "已修正目录", "2024-03-07"]
    assert line == [*named, "2024-03-06 12:00:00", "1", "2024-03-06 12:00:00"]
    assert read(problems_csv([])) == [list(PROBLEM_COLUMNS)]


def test_formula_cells_are_defused() -> None:
    assert [cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "身份证", None, 7)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "身份证",
        "",
        "7",
    ]
