"""Turns one item's rows into a catalogue service entry (a dict shaped as bot.catalogue.schema.Service).

Only what the source says goes in. Where it is silent the entry says "not known" (null form or
copies, no fees, null days) instead of a plausible default, because the assistant answers "not
known, call this number" for those, and a plausible default would be answered as fact. The few
places where the schema needs a value anyway are counted as notes in the import summary.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.catalogue.importer.codes import CODE_LIKE, Codes, decode, decode_value
from bot.catalogue.importer.findings import Findings, quoted
from bot.catalogue.importer.glossary import Glossary
from bot.catalogue.importer.join import Item
from bot.catalogue.importer.rows import Row

OTHER_CATEGORY = "其他"
BOTH_AUDIENCES = "个人和法人"
FREE_ITEM = "不收费"  # the 0-yuan fee entry that says an item is free (is_fee 否)
_TOPIC_SEPARATORS = re.compile(r"[,，;；]")  # not 、: 社会保障（社会保险、社会救助） is one topic
_VALUE_SEPARATORS = re.compile(r"[,，、;；|\s]+")
_WHOLE = re.compile(r"^\d+(?:\.0+)?$")
_COPIES = re.compile(r"^(\d+)\s*份?$")
_YUAN = re.compile(r"^(\d+(?:\.\d+)?)\s*元?$")
_LABEL_EDGES = " \t;；,，、。"
# Telephone numbers in a 咨询方式 text: 020-12345, (020)83882222, 020-38356454转1, 12333 (a service
# number), 83882222 (a local one), 400-830-8300; not a postcode (510000) nor the digits of a web address.
_DASH = "[-–—]"  # after NFKC: － is -, but the en and em dashes stay
_PHONE = re.compile(
    rf"(?<![0-9A-Za-z/=.?&_-])(?:(?:\(0\d{{2,3}}\)|0\d{{2,3}})\s*{_DASH}?\s*\d{{5,8}}|[48]00{_DASH}?\d{{3}}{_DASH}?\d{{4}}"
    rf"|1[3-9]\d{{9}}|1\d{{4}}|\d{{7,8}})(?:\s*(?:转|{_DASH})\s*\d{{1,6}})*(?!\d)"
)
_SLUG_BREAKS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Context:
    """What every item of one import shares."""

    codes: Codes
    glossary: Glossary
    findings: Findings
    prefix: str
    source: str
    today: dt.date
    region_of: Mapping[str, str]  # area code -> region name
    top_region: str
    place_words: tuple[str, ...]  # region names and aliases: 广东省居住证 is a 居住证


@dataclass
class Built:
    id: str
    row: Row  # the basic row, for problems the model finds
    entry: dict[str, Any]
    linked: list[tuple[str, str]] = field(default_factory=list)  # (label, glossary id)
    unlinked: list[str] = field(default_factory=list)


def service_id(prefix: str, task_code: str) -> str:
    """gd-11440000006939756b2440101007000: stable across imports, so links and logs keep meaning."""
    return f"{prefix}-{_SLUG_BREAKS.sub('-', task_code.lower()).strip('-')}"


def _number_text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def whole_number(row: Row, column: str, findings: Findings) -> int | None:
    value = _number_text(row.get(column))
    if not value:
        return None
    if not _WHOLE.match(value):
        findings.problem(row, column, f"{quoted(row.get(column))} is not a whole number")
        return None
    return int(float(value))


def phones(text: str) -> str:
    """The telephone numbers of a 咨询方式 text, without the words around them."""
    numbers = (re.sub(r"\s+", "", m.group()) for m in _PHONE.finditer(_number_text(text)))
    return "、".join(dict.fromkeys(numbers))


def _days(row: Row, day_column: str, unit_column: str, ctx: Context) -> tuple[int | None, str | None]:
    days = whole_number(row, day_column, ctx.findings)
    unit = decode(ctx.codes, "time_unit", ctx.codes.time_unit, row, unit_column, ctx.findings)
    if days is not None and unit is None and not row.get(unit_column):
        ctx.findings.note("days without a unit (left out)", row, unit_column, f"{day_column} {days} has no unit")
        return None, None
    return days, unit


def time_limit(row: Row, ctx: Context) -> dict[str, Any]:
    legal, legal_unit = _days(row, "anticipate_day", "anticipate_type", ctx)
    promised, promised_unit = _days(row, "promise_day", "promise_type", ctx)
    if legal is not None and promised is not None and legal_unit != promised_unit:
        # one unit for both in the schema: the promised time is what a citizen waits
        message = f"legal {legal} {legal_unit} left out: promised {promised} {promised_unit}"
        ctx.findings.note("legal and promised days in different units", row, "anticipate_type", message)
        legal = None
    unit = promised_unit or legal_unit or "工作日"
    return {"legal_days": legal, "promised_days": promised, "unit": unit}


def audience(row: Row, ctx: Context) -> str:
    kinds = set()
    for value in _VALUE_SEPARATORS.split(row.get("server_type")):
        kind = decode_value(ctx.codes, "audience", ctx.codes.audience, value, row, "server_type", ctx.findings)
        if kind:
            kinds.add(kind)
    if not kinds:
        if not row.get("server_type"):
            ctx.findings.note("no server_type (个人和法人 written)", row, "server_type", "blank")
        return BOTH_AUDIENCES
    return kinds.pop() if len(kinds) == 1 else BOTH_AUDIENCES


def category(item: Item, ctx: Context) -> str:
    extend = item.extend
    for column in ("user_topic_type", "corp_topic_type"):
        topics = [t.strip() for t in _TOPIC_SEPARATORS.split(extend.get(column) if extend else "") if t.strip()]
        if topics and extend is not None:
            first = topics[0]
            if CODE_LIKE.match(first):
                topic = decode_value(ctx.codes, "topic", ctx.codes.topic, first, extend, column, ctx.findings)
                return topic or OTHER_CATEGORY
            return first
    return OTHER_CATEGORY


def _order(row: Row, ctx: Context) -> float:
    value = _number_text(row.get("order_num"))
    if not value:
        return math.inf
    try:
        return float(value)
    except ValueError:
        ctx.findings.problem(row, "order_num", f"{quoted(value)} is not a number")
        return math.inf


def form_from_words(label: str) -> str | None:
    """原件 / 复印件 / 电子 when the material's name says so."""
    original = "原件" in label
    copy = any(word in label for word in ("复印件", "复印本", "影印件"))
    if original and copy:
        return "原件和复印件"
    if original:
        return "原件"
    if copy:
        return "复印件"
    if "电子" in label or "扫描件" in label:
        return "电子"
    return None


def material(row: Row, ctx: Context, built: Built) -> dict[str, Any] | None:
    label = row.get("material_name").strip(_LABEL_EDGES)
    if not label:
        ctx.findings.problem(row, "material_name", "a material without a name")
        return None
    forms = [
        decode(ctx.codes, "form", ctx.codes.form, row, column, ctx.findings)
        for column in ("material_type", "material_format")
    ]
    form = next((f for f in forms if f), None) or form_from_words(label)
    copies_text = _number_text(row.get("page_num"))
    copies = None
    if copies_text:
        match = _COPIES.match(copies_text)
        if match is None:
            ctx.findings.problem(row, "page_num", f"{quoted(copies_text)} is not a number of copies")
        else:
            copies = int(match.group(1))
    required = decode(ctx.codes, "is_need", ctx.codes.is_need, row, "is_need", ctx.findings) or "always"
    ref = ctx.glossary.link(label, ctx.place_words)
    entry: dict[str, Any] = {"ref": ref} if ref else {}
    entry |= {"label": label, "form": form, "copies": copies, "required": required}
    if row.get("remark"):
        entry["notes"] = row.get("remark")
    if ref:
        built.linked.append((label, ref))
    else:
        built.unlinked.append(label)
    return entry


def materials(item: Item, ctx: Context, built: Built) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in sorted(item.materials, key=lambda r: _order(r, ctx)):
        entry = material(row, ctx, built)
        if entry is None:
            continue
        if entry["label"] in seen:
            ctx.findings.note("material listed twice (once kept)", row, "material_name", quoted(entry["label"]))
            continue
        seen.add(entry["label"])
        entries.append(entry)
    return entries


def fees(item: Item, ctx: Context) -> list[dict[str, Any]]:
    basic = item.basic
    charged = decode(ctx.codes, "flag", ctx.codes.flag, basic, "is_fee", ctx.findings)
    entries: list[dict[str, Any]] = []
    for row in sorted(item.fees, key=lambda r: _order(r, ctx)):
        name = row.get("fee_name")
        if not name:
            ctx.findings.problem(row, "fee_name", "a fee without a name")
            continue
        match = _YUAN.match(_number_text(row.get("fee_stand")))
        if match is None:
            message = f"{name}: {quoted(row.get('fee_stand'))} is not one plain number of yuan"
            ctx.findings.note("fee left out (not one number of yuan)", row, "fee_stand", message)
            continue
        entry: dict[str, Any] = {"item": name, "yuan": float(match.group(1))}
        if row.get("by_law"):
            entry["basis"] = row.get("by_law")
        entries.append(entry)
    if charged is False and not item.fees:
        entries.append(
            {"item": FREE_ITEM, "yuan": 0.0, **({"basis": basic.get("fee_basis")} if basic.get("fee_basis") else {})}
        )
    if charged and not item.fees:
        ctx.findings.note("is_fee 是 without fee rows (amount not known)", basic, "is_fee", "no fee rows for this item")
    return entries


def online(item: Item, ctx: Context) -> dict[str, Any]:
    extend = item.extend
    available = None
    if extend is not None:
        available = decode(ctx.codes, "flag", ctx.codes.flag, extend, "is_online", ctx.findings)
        decode(ctx.codes, "flag", ctx.codes.flag, extend, "is_express", ctx.findings)  # checked; no field for it yet
    url = (extend.get("online_handle_url") if extend else "") or item.basic.get("link_addr")
    return {"available": bool(available), "url": url, "how": ""}


def visits(row: Row, ctx: Context) -> int:
    count = whole_number(row, "limit_scene_num", ctx.findings)
    if count is None:
        if not row.get("limit_scene_num"):
            ctx.findings.note("no limit_scene_num (1 visit written)", row, "limit_scene_num", "blank")
        return 1
    return count


def build(item: Item, ctx: Context) -> Built:
    basic = item.basic
    code = basic.get("task_code")
    built = Built(service_id(ctx.prefix, code), basic, {})
    area = basic.get("area_code")
    department = basic.get("dept_name")
    for column in ("task_name", "dept_name"):
        if not basic.get(column):
            ctx.findings.problem(basic, column, "blank: every item needs it")
    entry: dict[str, Any] = {
        "id": built.id,
        "name": basic.get("task_name"),
        "code": code,
        "region": ctx.region_of.get(area, ctx.top_region) if area else ctx.top_region,
        "category": category(item, ctx),
        "department": department,
        "audience": audience(basic, ctx),
        "conditions": basic.get("accept_condition"),
        "materials": materials(item, ctx, built),
        "fees": fees(item, ctx),
        "time_limit": time_limit(basic, ctx),
        "visits": visits(basic, ctx),
        "online": online(item, ctx),
        "locations": [
            {
                "name": department,
                "address": basic.get("transact_addr"),
                "hours": basic.get("transact_time"),
                "phone": phones(basic.get("link_way")),
            }
        ],
    }
    if basic.get("by_law"):
        entry["legal_basis"] = [basic.get("by_law")]
    entry["provenance"] = {
        "source": ctx.source,
        "task_code": code,
        "imported": ctx.today,
        "url": basic.get("link_addr"),
    }
    built.entry = entry
    return built
