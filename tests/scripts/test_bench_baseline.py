"""The bench's comparison with bare Rasa and its growth figures: arithmetic, targets, caching of
the bare model and the printed report (the numbers come from `make bench`)."""

from __future__ import annotations

import argparse
from importlib.metadata import version
from typing import Any

import pytest

from scripts.bench import baseline, growth
from scripts.bench.__main__ import PARTS, format_report, parts


def summary(per_second: float, p50: float, p95: float, p99: float, errors: int = 0) -> dict[str, Any]:
    return {"per_second": per_second, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "errors": errors}


def comparison(ours_rate: float, ours_p99_at_50: float) -> dict[str, Any]:
    levels = {}
    for level in baseline.LEVELS:
        ours = summary(ours_rate, 300.0, 500.0, ours_p99_at_50 if level == 50 else 600.0)
        bare = summary(100.0, 100.0, 200.0, 400.0)
        levels[str(level)] = {"ours": ours, "bare": bare, "ratios": baseline.ratios(ours, bare)}
    return {
        "seconds_per_level": 30.0,
        "levels": levels,
        "targets": baseline.verdicts(levels),
        "bare_cold_start_to_first_answer_s": 12.0,
        "bare_memory_mb": 700.0,
    }


def grown(first: float, last: float) -> dict[str, Any]:
    return {
        "turns": {
            "turns": 100,
            "repeats": 3,
            "cycle": growth.CYCLE,
            "latency_ms_at_turn": {"1": first, "10": first, "50": last, "100": last},
            "last_over_first": round(last / first, 2),
            "target": growth.TARGET_GROWTH,
            "errors": 0,
        },
        "memory": {
            "conversations": 10_000,
            "messages_per_conversation": 1,
            "concurrency": 20,
            "seconds": 300.0,
            "per_second": 33.3,
            "errors": 0,
            "before_mb": {"rasa server": 1000.0, "action server": 500.0},
            "after_mb": {"rasa server": 1012.5, "action server": 499.0},
            "growth_mb": {"rasa server": 12.5, "action server": -1.0},
        },
    }


def test_ratios_are_ours_over_bare() -> None:
    found = baseline.ratios(summary(30.0, 600.0, 900.0, 1000.0), summary(100.0, 200.0, 300.0, 400.0))
    assert found == {"throughput": 0.3, "p50": 3.0, "p95": 3.0, "p99": 2.5}


def test_a_ratio_over_nothing_measured_is_none() -> None:
    assert baseline.ratios(summary(30.0, 1.0, 1.0, 1.0), summary(0.0, 0.0, 0.0, 0.0))["throughput"] is None


def test_targets_throughput_at_20_at_least_0_8_and_p99_at_50_within_twice() -> None:
    met = comparison(ours_rate=80.0, ours_p99_at_50=800.0)["targets"]
    assert [(t["concurrency"], t["ratio"], t["value"], t["met"]) for t in met] == [
        (20, "throughput", 0.8, True),
        (50, "p99", 2.0, True),
    ]
    missed = comparison(ours_rate=79.0, ours_p99_at_50=820.0)["targets"]
    assert [t["met"] for t in missed] == [False, False]


def test_a_level_not_measured_misses_its_target() -> None:
    assert not baseline.verdicts({})[0]["met"]


def test_the_bare_model_is_trained_only_when_missing_or_changed() -> None:
    assert baseline.up_to_date(True, "abc rasa 3.6.21", "abc rasa 3.6.21")
    assert not baseline.up_to_date(False, "abc rasa 3.6.21", "abc rasa 3.6.21")
    assert not baseline.up_to_date(True, None, "abc rasa 3.6.21")
    assert not baseline.up_to_date(True, "abc rasa 3.6.20", "abc rasa 3.6.21")


def test_the_bare_fingerprint_covers_its_project_the_dictionary_and_the_rasa_version() -> None:
    assert baseline.INPUTS == ["scripts/bench/bare", "build/jieba"]
    assert baseline.wanted_fingerprint().endswith(f" rasa {version('rasa')}")


def test_each_turn_stands_for_the_cycle_ending_there() -> None:
    assert list(growth.window(1, 4)) == [1, 2, 3, 4]
    assert list(growth.window(10, 4)) == [7, 8, 9, 10]
    assert list(growth.window(100, 4)) == [97, 98, 99, 100]


def test_latency_at_a_turn_is_the_median_over_runs_and_window() -> None:
    first = [0.010 * t for t in range(1, 101)]  # 10 ms more each turn
    second = [0.010 * t + 0.001 for t in range(1, 101)]
    at = growth.at_turns([first, second], turns=(1, 10, 100), size=4)
    assert at == {"1": 25.5, "10": 85.5, "100": 985.5}


def test_the_report_prints_ratios_targets_and_growth() -> None:
    base = comparison(ours_rate=30.0, ours_p99_at_50=1200.0) | {"bare_turns": grown(10.0, 11.0)["turns"]}
    text = format_report({"baseline": base, "growth": grown(40.0, 60.0)})
    assert "20 concurrent: 30.0 vs 100.0 msg/s (0.3); p50 300.0 vs 100.0 ms (3.0)" in text
    assert "target throughput at 20 >= 0.8x bare: 0.3, MISSED; target p99 at 50 <= 2.0x bare: 3.0, MISSED" in text
    assert "latency at turn 1 / 10 / 50 / 100 of one conversation: 40.0 / 40.0 / 60.0 / 60.0 ms" in text
    assert "target turn 100 / turn 1 <= 1.2: 1.5, MISSED" in text
    assert "bare Rasa, the same conversations: 10.0 / 10.0 / 11.0 / 11.0 ms, turn 100 / turn 1 1.1" in text
    assert "throughput at 1 / 20 / 50 concurrent: 30.0 / 30.0 / 30.0 msg/s" in text
    assert "after 10000 conversations" in text and "rasa server 1000.0 -> 1012.5 (+12.5)" in text
    assert "action server 500.0 -> 499.0 (-1.0)" in text


def test_targets_met_are_printed_met() -> None:
    text = format_report({"baseline": comparison(80.0, 800.0), "growth": grown(40.0, 48.0)})
    assert "0.8, met" in text and "2.0, met" in text and "1.2: 1.2, met" in text


def test_parts_are_checked() -> None:
    assert parts(None) == list(PARTS)
    assert parts("baseline, growth") == ["baseline", "growth"]
    with pytest.raises(argparse.ArgumentTypeError):
        parts("baseline,speed")
