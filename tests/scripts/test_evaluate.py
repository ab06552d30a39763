from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.settings import PROJECT_ROOT
from bot.text import compact
from scripts.evaluate import (
    DEV_SET,
    EVAL_SET,
    FOURTH_DEV_SET,
    SECOND_DEV_SET,
    THIRD_DEV_SET,
    Case,
    Prediction,
    errors,
    load_cases,
    per_class,
    summarise,
)


def training_texts() -> set[str]:
    """Every NLU training example, compacted: what no evaluation message may be."""
    texts: set[str] = set()
    for nlu in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(nlu.read_text(encoding="utf-8"))["nlu"]:
            texts |= {compact(line[2:]) for line in block.get("examples", "").splitlines() if line.startswith("- ")}
    return texts


def test_per_class_scores() -> None:
    report = per_class(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert report["a"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert report["b"]["precision"] == pytest.approx(2 / 3) and report["b"]["recall"] == 1.0


def test_summary_counts_services_and_false_accepts() -> None:
    cases = [
        Case("办护照", "ask_service", "passport", "short"),
        Case("换身份证", "ask_service", "renewal", "short"),
        Case("天气", "out_of_scope", None, "short"),
        Case("炒菜材料", "out_of_scope", None, "short"),
    ]
    predictions = [
        Prediction("ask_service", 0.9, ["passport"]),
        Prediction("ask_service", 0.9, ["replacement", "renewal"]),
        Prediction("nlu_fallback", 0.3, []),
        Prediction("ask_materials", 0.8, []),
    ]
    report = summarise(cases, predictions)
    assert report["intent_accuracy"] == 0.75
    assert (report["service_top1"], report["service_top3"]) == (0.5, 1.0)
    assert report["out_of_scope_false_accept"] == 0.5
    assert [e["text"] for e in errors(cases, predictions)] == ["换身份证", "炒菜材料"]


@pytest.mark.parametrize(
    "path",
    [EVAL_SET, DEV_SET, SECOND_DEV_SET, THIRD_DEV_SET, FOURTH_DEV_SET],
    ids=["held-out", "dev", "second-dev", "third-dev", "fourth-dev"],
)
def test_each_evaluation_set_is_large_enough_covers_everything_and_is_apart_from_training(path: Path) -> None:
    from bot.catalogue.loader import load_catalogue

    cases = load_cases(path)
    assert sum(c.intent != "out_of_scope" for c in cases) >= 300
    assert sum(c.intent == "out_of_scope" for c in cases) >= (100 if path == EVAL_SET else 90)
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    catalogue = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    assert {c.intent for c in cases} <= set(domain["intents"])
    # written for the first 32 services; the services added with the life events have no cases yet
    covered = {c.service for c in cases if c.service}
    assert covered <= set(catalogue.services) and len(covered) >= 32
    assert not {compact(c.text) for c in cases if len(compact(c.text)) > 3} & training_texts()


def test_the_held_out_set_covers_every_intent() -> None:
    import yaml

    from bot.settings import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    # reports of how it went have their own blind set (tests/eval/outcomes.yml, scripts/outcome_eval.py)
    assert {c.intent for c in load_cases(EVAL_SET)} == set(domain["intents"]) - {"report_outcome"}


def test_the_catalogue_gate_turns_off_topic_questions_out_of_scope() -> None:
    cases = [Case("养狗要多少钱", "out_of_scope", None, ""), Case("那要多少钱", "ask_fee", None, "")]
    predictions = [Prediction("ask_fee", 0.9, [], "out_of_scope"), Prediction("ask_fee", 0.9, [], "ask_fee")]
    report = summarise(cases, predictions)
    assert report["intent_accuracy"] == 1.0 and report["out_of_scope_false_accept"] == 0.0
    assert report["nlu_only"]["out_of_scope_false_accept"] == 1.0
