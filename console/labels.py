"""The Chinese words an operator reads for a handover's reason and status, and the summary at
the top of a handover."""

from __future__ import annotations

from typing import Any

from bot.handover.model import Reason, Status

REASON_LABELS = {
    Reason.ASKED_FOR_PERSON: "要求人工",
    Reason.NOT_UNDERSTOOD: "连续未理解",
    Reason.NOT_IN_CATALOGUE: "目录外事项",
    Reason.COMPLAINT: "投诉",
    Reason.SYSTEM_ERROR: "系统故障",
}

STATUS_LABELS = {Status.NEW: "待处理", Status.ASSIGNED: "处理中", Status.RESOLVED: "已办结"}


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
