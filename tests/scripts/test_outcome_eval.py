"""The outcome-report evaluation reads each blind report and scores trips, cause and material."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.loader import load_catalogue
from bot.settings import PROJECT_ROOT
from bot.text import compact
from scripts import outcome_eval
from tests.scripts.test_evaluate import training_texts

CURATED = load_catalogue(PROJECT_ROOT / "data" / "catalogue")


def test_reports_are_scored_on_trips_cause_and_material() -> None:
    cases = [
        outcome_eval.Case("白跑一趟，还要结婚证复印件", "not_done", "missing_material", "结婚证复印件"),
        outcome_eval.Case("一次就办成了", "one", "none", ""),
        outcome_eval.Case("今天天气不错", "two", "none", ""),
    ]
    report, wrong = outcome_eval.evaluate(cases, CURATED)
    assert report["material_found"] == 1.0 and report["material_cases"] == 1
    assert round(report["trips_accuracy"], 3) == round(2 / 3, 3) and [w["text"] for w in wrong] == ["今天天气不错"]
    assert "all three 66.7%" in outcome_eval.format_summary(report)


@pytest.mark.parametrize("path", [outcome_eval.OUTCOMES, outcome_eval.DEV_OUTCOMES], ids=["blind", "dev"])
def test_each_set_is_large_and_never_trained_on(path: Path) -> None:
    cases = outcome_eval.load(path)
    assert len(cases) >= 60 and {c.trips for c in cases} >= {"one", "two", "more", "not_done", "online"}
    assert not {compact(c.text) for c in cases} & training_texts()
