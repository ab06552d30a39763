"""`python -m bot.catalogue report [--json PATH]` (make catalogue-report) on the fixture catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.catalogue.__main__ import main
from tests.conftest import FIXTURES


@pytest.fixture(autouse=True)
def fixture_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONETRIP_CATALOGUE_DIR", str(FIXTURES / "catalogue"))
    monkeypatch.delenv("ONETRIP_HOME_REGION", raising=False)


def test_report_prints_the_summary_first_then_one_line_per_entry_with_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["# 目录健康报告", "事项 3 个，有缺项 2 个"]
    assert "  no_phone\t无咨询电话\t2" in lines[:10] and "  no_fees\t无收费信息\t0" in lines[:10]
    assert "t-marriage\t结婚登记\t测试省\t无咨询电话；无受理条件" in lines
    assert not any(line.startswith("t-id-renewal\t") for line in lines)  # complete: phone, conditions, all
    assert "测试省\t3\t2" in lines and "婚姻登记机关\t1\t1" in lines


def test_report_writes_json_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "health.json"
    assert main(["report", "--json", str(path)]) == 0
    assert "事项 3 个" in capsys.readouterr().out
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["services"] == 3 and data["summary"]["with_gaps"] == 2
    assert {entry["id"] for entry in data["services"]} == {"t-marriage", "t-id-replacement"}
    assert data["regions"] == [{"name": "测试省", "services": 3, "with_gaps": 2}]


def test_an_unwritable_json_path_is_one_line_and_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--json", str(tmp_path / "no-such-folder" / "health.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cannot write") and "Traceback" not in err
