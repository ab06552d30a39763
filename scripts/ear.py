"""How the answers sound: characters per spoken part over every service of a catalogue, and any
part carrying what only a reader needs (printed by `make eval`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bot import spoken
from bot.catalogue.schema import Catalogue
from bot.checklist import check_materials

# "依据：" introduces a legal basis; a material may well be called 建设依据文件
NOT_FOR_THE_EAR = ("依据：", "依据《", "〔", "《", "，、", "（", "(", "http", "【")


def measure(catalogue: Catalogue) -> dict[str, Any]:
    lengths: list[int] = []
    answers: list[int] = []
    flawed: list[str] = []
    for service in catalogue.services.values():
        for parts in (
            spoken.overview(catalogue, service),
            spoken.materials(catalogue, service),
            spoken.location(service),
            spoken.online(service),
            spoken.conditions(service),
            spoken.check(catalogue, check_materials(service, [], {})),
        ):
            answers.append(len(parts))
            lengths += [len(part) for part in parts]
            flawed += [part for part in parts if any(bad in part for bad in NOT_FOR_THE_EAR)]
    return {
        "services": len(catalogue.services),
        "parts": len(lengths),
        "chars_per_part_mean": float(np.mean(lengths)),
        "chars_per_part_p95": float(np.percentile(lengths, 95)),
        "chars_per_part_max": max(lengths),
        "parts_per_answer_mean": float(np.mean(answers)),
        "parts_per_answer_max": max(answers),
        "parts_not_for_the_ear": len(flawed),
        "examples_not_for_the_ear": flawed[:5],
    }


def format_measure(name: str, report: dict[str, Any]) -> str:
    return (
        f"spoken answers, {name} ({report['services']} services, {report['parts']} parts): characters per part "
        f"mean {report['chars_per_part_mean']:.0f} / p95 {report['chars_per_part_p95']:.0f} / max "
        f"{report['chars_per_part_max']} (limit {spoken.MAX_PART}); parts per answer mean "
        f"{report['parts_per_answer_mean']:.1f} / max {report['parts_per_answer_max']}; parts with legal text, "
        f"brackets or URLs: {report['parts_not_for_the_ear']}"
    )
