"""Outcome reports (`make eval`): are citizens' reports of how it went read right?

Over reports written blind (tests/eval/outcomes.yml, never tuned on): the trips (one, two, more,
not done, online, or not said), the cause when it took more than one trip, and the material a
citizen was sent back for (the glossary entry its words name, or the words themselves). Each is
read as the reply to a follow-up, which is how the assistant reads it (bot/outcomes/report.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue.schema import Catalogue
from bot.checklist import find_materials
from bot.outcomes.report import read_report
from bot.text import compact

ROOT = Path(__file__).resolve().parent.parent
OUTCOMES = ROOT / "tests" / "eval" / "outcomes.yml"  # judged on
DEV_OUTCOMES = ROOT / "tests" / "dev" / "outcomes.yml"  # tuned on


@dataclass(frozen=True)
class Case:
    text: str
    trips: str
    cause: str
    material: str


def load(path: Path = OUTCOMES) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(str(c["text"]), str(c["trips"]), str(c["cause"]), str(c.get("material") or "")) for c in data["outcomes"]
    ]


def _same_material(case: Case, key: str | None, words: str, catalogue: Catalogue) -> bool:
    wanted = find_materials(case.material, catalogue).held
    if key and wanted:
        return key == wanted[0]
    said, got = compact(case.material), compact(words)
    return bool(got) and (got in said or said in got)


def evaluate(cases: list[Case], catalogue: Catalogue) -> tuple[dict[str, Any], list[dict[str, str]]]:
    right: Counter[str] = Counter()
    wrong = []
    with_material = [c for c in cases if c.material]
    for case in cases:
        read = read_report(case.text, catalogue)
        trips_ok, cause_ok = read.trips.value == case.trips, read.cause.value == case.cause
        material_ok = not case.material or _same_material(case, read.material_key, read.material_text, catalogue)
        right["trips"] += trips_ok
        right["cause"] += cause_ok
        right["material"] += bool(case.material) and material_ok
        right["all"] += trips_ok and cause_ok and material_ok
        if not (trips_ok and cause_ok and material_ok):
            wrong.append(
                {
                    "text": case.text,
                    "want": f"{case.trips}/{case.cause}/{case.material}",
                    "got": f"{read.trips.value}/{read.cause.value}/{read.material_key or read.material_text}",
                }
            )
    n = len(cases) or 1
    report = {
        "reports": len(cases),
        "trips_accuracy": right["trips"] / n,
        "cause_accuracy": right["cause"] / n,
        "material_found": right["material"] / len(with_material) if with_material else 0.0,
        "material_cases": len(with_material),
        "all_right": right["all"] / n,
        "by_trips": dict(Counter(c.trips for c in cases)),
    }
    return report, wrong


def format_summary(report: dict[str, Any], path: Path = OUTCOMES) -> str:
    return "\n".join(
        [
            f"outcome reports: {report['reports']} ({path.relative_to(ROOT)}, written blind)",
            f"  trips read right {report['trips_accuracy']:.1%}; cause {report['cause_accuracy']:.1%}; "
            f"material sent back for {report['material_found']:.1%} of {report['material_cases']}; "
            f"all three {report['all_right']:.1%}",
        ]
    )
