"""What an operator reads first: why the conversation came to a person and where it stood.

Built from the assistant's slots when the handover opens, in names rather than ids, so the record
still reads right after the catalogue changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.catalogue.schema import Catalogue
from bot.checklist import check_materials
from bot.handover.records import REASON_LABELS, Context, Reason


def context_of(catalogue: Catalogue, slots: dict[str, Any], discussed: Iterable[str]) -> Context:
    """`slots`: the assistant's (service_id, held_materials, situation_answers); `discussed`: every
    service id the conversation touched, oldest first."""
    service = catalogue.services.get(slots.get("service_id") or "")
    ids = [i for i in dict.fromkeys([*discussed, *([service.id] if service else [])]) if i in catalogue.services]
    held_ids = [m for m in slots.get("held_materials") or [] if m in catalogue.materials]
    answers: dict[str, bool] = slots.get("situation_answers") or {}
    missing: list[str] = []
    asked: dict[str, bool] = {}
    if service:
        if held_ids:
            result = check_materials(service, held_ids, answers)
            missing = [catalogue.requirement_name(r) for r in result.missing]
        asked = {q.ask: answers[q.id] for q in service.questions if q.id in answers}
    return Context(
        services=[catalogue.services[i].name for i in ids],
        held=[catalogue.material_name(m) for m in held_ids],
        missing=missing,
        answers=asked,
    )


def summary_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(heading, text) pairs for the top of a handover: wanted, has, missing, answers, why."""
    services = "、".join(record["services"]) or "未识别出具体事项"
    asked = record["asked"].strip().splitlines()[-1] if record["asked"].strip() else ""
    wanted = services + (f"；最后说的是：“{asked}”" if asked else "")
    answers = "；".join(f"{q.rstrip('？?')}：{'是' if yes else '否'}" for q, yes in record["answers"].items())
    reason = Reason(record["reason"])
    return [
        ("想办的事", wanted),
        ("已有材料", "、".join(record["held"]) or "未说明"),
        ("还缺材料", "、".join(record["missing"]) or ("无" if record["held"] else "未核对")),
        ("情况说明", answers or "未回答"),
        ("转人工原因", REASON_LABELS[reason]),
    ]
