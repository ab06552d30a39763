"""A handover as it leaves the console: JSON for the API and exports, plain text for a file.

A whitelist of fields rather than the row minus a blacklist: the conversation id (a WeChat
openid, a caller's number) must never leave, and a column added later must not leave by default.
An export file travels further than a page, so the callback number is masked in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from bot.handover.model import Reason, Status
from bot.handover.transcript import SPEAKER_LABELS, Line, as_text
from bot.privacy import mask_pii
from console.labels import REASON_LABELS, STATUS_LABELS, summary_lines
from console.localtime import local, shown
from console.web import CHANNEL_LABELS

PUBLIC_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "channel",
    "citizen_ref",
    "reason",
    "asked",
    "services",
    "held",
    "missing",
    "answers",
    "status",
    "assignee",
    "notes",
    "tags",
    "outcome",
    "resolved_at",
    "callback_phone",
    "called_back_at",
)
UNAVAILABLE = "对话记录暂时无法读取"


def masked_phone(phone: str) -> str:
    """mask_pii for mainland mobiles; any other number keeps only its last four digits."""
    masked = mask_pii(phone)
    return masked if masked != phone else "*" * max(len(phone) - 4, 0) + phone[-4:]


def _iso(value: dt.datetime | None) -> str | None:
    return local(value).isoformat(timespec="seconds") if value else None


def public_record(row: dict[str, Any]) -> dict[str, Any]:
    record = {name: row.get(name) for name in PUBLIC_FIELDS}
    for name in ("created_at", "updated_at", "resolved_at", "called_back_at"):
        record[name] = _iso(record[name])
    if record["callback_phone"]:
        record["callback_phone"] = masked_phone(record["callback_phone"])
    record["reason_label"] = REASON_LABELS[Reason(row["reason"])]
    record["status_label"] = STATUS_LABELS[Status(row["status"])]
    return record


def export_json(row: dict[str, Any], lines: list[Line] | None) -> dict[str, Any]:
    return {
        "handover": public_record(row),
        "summary": [{"heading": heading, "text": text} for heading, text in summary_lines(row)],
        "transcript": None
        if lines is None
        else [
            {
                "at": _iso(line.at),
                "speaker": line.speaker,
                "speaker_label": SPEAKER_LABELS[line.speaker],
                "operator": line.operator,
                "text": line.text,
            }
            for line in lines
        ],
        "transcript_unavailable": lines is None,
    }


def export_text(row: dict[str, Any], lines: list[Line] | None) -> str:
    """Every time in Beijing time, the transcript's too, as operators read them on the page."""
    head = [
        f"一次办 转人工记录 #{row['id']}",
        f"转入时间：{shown(row['created_at'])}（北京时间）",
        f"渠道：{CHANNEL_LABELS.get(row['channel'], row['channel'])}",
        f"市民代号：{row['citizen_ref']}",
        f"状态：{STATUS_LABELS[Status(row['status'])]}",
        f"处理人：{row['assignee'] or '无'}",
        *(f"{heading}：{text}" for heading, text in summary_lines(row)),
        f"备注：{row['notes'] or '无'}",
        f"标签：{'、'.join(row['tags']) or '无'}",
        f"办理结果：{row['outcome'] or '未办结'}",
    ]
    if row["callback_phone"]:
        called = "已回电" if row["called_back_at"] else "未回电"
        head.append(f"回电号码：{masked_phone(row['callback_phone'])}（{called}）")
    if lines is None:
        body = UNAVAILABLE
    else:
        body = as_text([replace(line, at=local(line.at).replace(tzinfo=None)) for line in lines]) or "（无对话内容）"
    return "\n".join([*head, "", "—— 对话记录（北京时间）——", body, ""])
