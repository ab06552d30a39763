"""The profile's attribution of py-spy samples to the parts of the pipeline."""

from __future__ import annotations

import json
from collections import Counter

from scripts.bench.growth import CYCLE
from scripts.bench.profile import (
    ACTION_PARTS,
    RASA_PARTS,
    attribute,
    format_profile,
    long_conversations,
    part_of,
    table,
)
from tests.fakes import JsonHandler, serving

SANIC = "handle_request (/v/lib/python3.10/site-packages/sanic/app.py:900)"
PROCESSOR = "handle_message (/v/lib/python3.10/site-packages/rasa/core/processor.py:160)"
RUNNER = "run (/v/lib/python3.10/site-packages/rasa/engine/runner/dask.py:100)"
DIET = "process (/v/lib/python3.10/site-packages/rasa/nlu/classifiers/diet_classifier.py:1000)"
TF = "__call__ (/v/lib/python3.10/site-packages/tensorflow/python/eager/def_function.py:880)"
STORE = "_retrieve (/v/lib/python3.10/site-packages/rasa/core/tracker_store.py:1270)"
SQLITE = "execute (/v/lib/python3.10/site-packages/sqlalchemy/engine/base.py:1300)"
ACTION = "run (/v/lib/python3.10/site-packages/rasa/core/actions/action.py:760)"
SCHEMA = "validate (/v/lib/python3.10/site-packages/jsonschema/validators.py:1300)"


def test_a_sample_belongs_to_its_deepest_recognised_part() -> None:
    assert part_of([SANIC, PROCESSOR, RUNNER, DIET, TF], RASA_PARTS) == "DIET"
    assert part_of([SANIC, PROCESSOR, STORE, SQLITE], RASA_PARTS) == "tracker store"
    assert part_of([SANIC, PROCESSOR, ACTION, SCHEMA], RASA_PARTS).startswith("validating the action's response")
    assert part_of([SANIC, PROCESSOR], RASA_PARTS) == "graph runner and processor"
    assert part_of(["<module> (x.py:1)"], RASA_PARTS) == "other"
    search = "rank (/work/main/bot/catalogue/search.py:10)"
    assert part_of(
        ["run (/v/rasa_sdk/executor.py:1)", "respond (/work/main/actions/actions.py:5)", search], ACTION_PARTS
    )


def test_samples_are_counted_per_part_and_turned_into_cpu_per_message() -> None:
    lines = [f"{SANIC};{PROCESSOR};{RUNNER};{DIET};{TF} 30", f"{SANIC};{PROCESSOR};{STORE};{SQLITE} 10", ""]
    counted = attribute(lines, RASA_PARTS)
    assert counted == Counter({"DIET": 30, "tracker store": 10})
    rows = table(counted, messages=20, rate=100)
    assert rows[0] == {"part": "DIET", "share": 0.75, "cpu_ms_per_message": 15.0}  # 30 samples = 0.3 s over 20
    report = {
        "concurrency": 20,
        "seconds": 10,
        "rest": {"messages": 20, "per_second": 2.0, "p99_ms": 900},
        "rasa server": {"parts": rows},
        "action server": {"parts": []},
    }
    assert "DIET" in format_profile(report) and "20.0 ms CPU per message" in format_profile(report)


async def test_long_conversations_go_on_in_the_growth_cycle_for_each_sender() -> None:
    said: dict[str, list[str]] = {}

    class Rest(JsonHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            said.setdefault(body["sender"], []).append(body["message"])
            self._answer([{"recipient_id": body["sender"], "text": "好"}])

    with serving(Rest) as base:
        summary = await long_conversations(base, ["a", "b"], turns=6)
        assert summary["messages"] == 12 and summary["errors"] == 0
        assert said["a"] == said["b"] == (CYCLE * 2)[:6]
        timed = await long_conversations(base, ["a"], turns=0, seconds=0.3)
    assert timed["messages"] > 0 and len(said["a"]) == 6 + timed["messages"]


def test_the_report_says_from_which_turn_it_profiled() -> None:
    report = {
        "concurrency": 4,
        "seconds": 30,
        "after_turn": 100,
        "rest": {"messages": 20, "per_second": 2.0, "p99_ms": 900},
        "rasa server": {"parts": []},
        "action server": {"parts": []},
    }
    assert "4 concurrent REST conversations after turn 100" in format_profile(report)
