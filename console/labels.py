"""The Chinese words an operator reads for a handover's reason and status, the summary at the
top of a handover, and the words for a citizen's trip report (how many trips, why, and what the
maintainers did about a catalogue problem)."""

from __future__ import annotations

from typing import Any

from bot.handover.model import Reason, Status
from bot.outcomes.model import Cause, Trips

REASON_LABELS = {
    Reason.ASKED_FOR_PERSON: "要求人工",
    Reason.NOT_UNDERSTOOD: "连续未理解",
    Reason.NOT_IN_CATALOGUE: "目录外事项",
    Reason.COMPLAINT: "投诉",
    Reason.SYSTEM_ERROR: "系统故障",
}

STATUS_LABELS = {Status.NEW: "待处理", Status.ASSIGNED: "处理中", Status.RESOLVED: "已办结"}

TRIPS_LABELS = {
    Trips.ONE: "跑一次",
    Trips.TWO: "跑两次",
    Trips.MORE: "三次及以上",
    Trips.NOT_DONE: "还没办成",
    Trips.ONLINE: "网上办成",
    Trips.UNKNOWN: "未说明",
}

CAUSE_LABELS = {
    Cause.NONE: "无",
    Cause.MISSING_MATERIAL: "缺材料/材料不对",
    Cause.WINDOW_CLOSED: "窗口关门或排队",
    Cause.SYSTEM_DOWN: "系统故障",
    Cause.SENT_ELSEWHERE: "被指到别处",
    Cause.OTHER: "其他",
}

# The statuses of a catalogue problem (bot.outcomes.store.PROBLEM_STATUSES), in the order a
# maintainer moves one along.
PROBLEM_STATUS_LABELS = {"new": "待核实", "checked": "已核实", "fixed": "已修正目录"}


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
