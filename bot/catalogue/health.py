"""What each catalogue entry lacks, per department and region, and which entries look duplicated.

Imported entries (thousands of them) often leave details empty; the assistant then says a detail
is unknown and gives the hotline, which is honest but not helpful. This report tells maintainers
which entries to complete first and where; it only reads a `Catalogue`, so the command line, the
console and tests share it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.catalogue.schema import Catalogue, MaterialRequirement, Service


class Gap(str, Enum):
    """A kind of gap; the value is the stable key of the JSON form."""

    NO_MATERIALS = "no_materials"
    NO_TIME_LIMIT = "no_time_limit"
    NO_FEES = "no_fees"
    UNLINKED_MATERIALS = "unlinked_materials"
    UNKNOWN_FORM = "unknown_form"
    NO_PHONE = "no_phone"
    NO_CONDITIONS = "no_conditions"


GAP_LABELS = {
    Gap.NO_MATERIALS: "无申请材料",
    Gap.NO_TIME_LIMIT: "无办结时限",
    Gap.NO_FEES: "无收费信息",
    Gap.UNLINKED_MATERIALS: "材料未关联词表",
    Gap.UNKNOWN_FORM: "材料形式或份数不详",
    Gap.NO_PHONE: "无咨询电话",
    Gap.NO_CONDITIONS: "无受理条件",
}
_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Imported names and labels may hold tabs or line breaks; the report keeps one line per entry."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class ServiceGaps:
    """One entry's gaps; `unlinked` and `unknown_form` name the materials concerned."""

    service_id: str
    name: str
    region: str
    department: str
    code: str
    gaps: tuple[Gap, ...]
    unlinked: tuple[str, ...] = ()
    unknown_form: tuple[str, ...] = ()

    def labels(self) -> list[str]:
        """'材料未关联词表（申请表、营业执照）': the materials are what a maintainer has to fix."""
        named = {Gap.UNLINKED_MATERIALS: self.unlinked, Gap.UNKNOWN_FORM: self.unknown_form}
        return [GAP_LABELS[gap] + (f"（{'、'.join(named[gap])}）" if named.get(gap) else "") for gap in self.gaps]


@dataclass
class GroupCount:
    services: int = 0
    with_gaps: int = 0


@dataclass(frozen=True)
class Duplicate:
    """Entries that look like one: the same name in one region, or the same code anywhere."""

    key: str  # the shared name or code
    region: str  # "" for a shared code (codes are meant to be unique across regions)
    ids: tuple[str, ...]


@dataclass
class Health:
    services: int
    entries: list[ServiceGaps]  # every service, in catalogue order
    departments: dict[str, GroupCount] = field(default_factory=dict)
    regions: dict[str, GroupCount] = field(default_factory=dict)
    same_name: list[Duplicate] = field(default_factory=list)
    same_code: list[Duplicate] = field(default_factory=list)

    @property
    def with_gaps(self) -> list[ServiceGaps]:
        return [entry for entry in self.entries if entry.gaps]

    def gap_counts(self) -> dict[Gap, int]:
        """Services per gap kind, every kind listed (a zero is news too)."""
        return {gap: sum(gap in entry.gaps for entry in self.entries) for gap in Gap}


def _material_name(catalogue: Catalogue, requirement: MaterialRequirement) -> str:
    if requirement.label:
        return one_line(requirement.label)
    material = catalogue.materials.get(requirement.ref or "")
    return one_line(material.name) if material else requirement.ref or "?"


def service_gaps(catalogue: Catalogue, service: Service) -> ServiceGaps:
    """A dangling `ref` counts as unlinked too: the loader forbids it, but a report must not crash."""
    unlinked = [
        _material_name(catalogue, r) for r in service.materials if r.ref is None or r.ref not in catalogue.materials
    ]
    unknown_form = [_material_name(catalogue, r) for r in service.materials if r.form is None or r.copies is None]
    limit = service.time_limit
    found = {
        Gap.NO_MATERIALS: not service.materials,
        Gap.NO_TIME_LIMIT: limit.legal_days is None and limit.promised_days is None,
        Gap.NO_FEES: not service.fees,
        Gap.UNLINKED_MATERIALS: bool(unlinked),
        Gap.UNKNOWN_FORM: bool(unknown_form),
        Gap.NO_PHONE: not service.phone,
        Gap.NO_CONDITIONS: not service.conditions.strip(),
    }
    return ServiceGaps(
        service_id=service.id,
        name=one_line(service.name),
        region=service.region,
        department=one_line(service.department),
        code=service.code,
        gaps=tuple(gap for gap in Gap if found[gap]),
        unlinked=tuple(unlinked),
        unknown_form=tuple(unknown_form),
    )


def _count(entries: Iterable[ServiceGaps], key: str) -> dict[str, GroupCount]:
    counts: dict[str, GroupCount] = defaultdict(GroupCount)
    for entry in entries:
        group = counts[getattr(entry, key)]
        group.services += 1
        group.with_gaps += bool(entry.gaps)
    return dict(sorted(counts.items(), key=lambda item: (-item[1].with_gaps, -item[1].services, item[0])))


def _duplicates(groups: dict[tuple[str, str], list[str]]) -> list[Duplicate]:
    return [Duplicate(key, region, tuple(sorted(ids))) for (region, key), ids in sorted(groups.items()) if len(ids) > 1]


def catalogue_health(catalogue: Catalogue) -> Health:
    entries = [service_gaps(catalogue, service) for service in catalogue.services.values()]
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_code: dict[tuple[str, str], list[str]] = defaultdict(list)
    for service in catalogue.services.values():
        by_name[(service.region, one_line(service.name))].append(service.id)
        if service.code:
            by_code[("", service.code)].append(service.id)
    return Health(
        services=len(entries),
        entries=entries,
        departments=_count(entries, "department"),
        regions=_count(entries, "region"),
        same_name=_duplicates(by_name),
        same_code=_duplicates(by_code),
    )


def summary_lines(health: Health) -> list[str]:
    lines = [f"事项 {health.services} 个，有缺项 {len(health.with_gaps)} 个"]
    lines += [f"  {gap.value}\t{GAP_LABELS[gap]}\t{count}" for gap, count in health.gap_counts().items()]
    lines.append(f"重复：同地区同名 {len(health.same_name)} 组，同一实施编码 {len(health.same_code)} 组")
    return lines


def report_text(health: Health) -> str:
    """Greppable: every entry with gaps is one tab-separated line `id, name, region, gaps`, so
    `grep 无收费信息` or `grep 广州市` finds what to fix; the sections start with `## `."""
    lines = ["# 目录健康报告", *summary_lines(health), "", "## 缺项（事项编号\t名称\t地区\t缺项）"]
    lines += [f"{e.service_id}\t{e.name}\t{e.region}\t{'；'.join(e.labels())}" for e in health.with_gaps]
    lines += ["", "## 按部门（部门\t事项数\t有缺项）"]
    lines += [f"{name}\t{count.services}\t{count.with_gaps}" for name, count in health.departments.items()]
    lines += ["", "## 按地区（地区\t事项数\t有缺项）"]
    lines += [f"{name or '（未注明）'}\t{count.services}\t{count.with_gaps}" for name, count in health.regions.items()]
    lines += ["", "## 重复（类型\t地区\t名称或编码\t事项编号）"]
    lines += [f"同名\t{d.region}\t{d.key}\t{', '.join(d.ids)}" for d in health.same_name]
    lines += [f"同编码\t\t{d.key}\t{', '.join(d.ids)}" for d in health.same_code]
    return "\n".join(lines) + "\n"


def report_json(health: Health) -> dict[str, Any]:
    def groups(counts: dict[str, GroupCount]) -> list[dict[str, Any]]:
        return [{"name": name, "services": c.services, "with_gaps": c.with_gaps} for name, c in counts.items()]

    return {
        "summary": {
            "services": health.services,
            "with_gaps": len(health.with_gaps),
            "gaps": {gap.value: count for gap, count in health.gap_counts().items()},
        },
        "services": [
            {
                "id": e.service_id,
                "name": e.name,
                "region": e.region,
                "department": e.department,
                "code": e.code,
                "gaps": [gap.value for gap in e.gaps],
                "unlinked_materials": list(e.unlinked),
                "unknown_form_materials": list(e.unknown_form),
            }
            for e in health.with_gaps
        ],
        "departments": groups(health.departments),
        "regions": groups(health.regions),
        "duplicates": {
            "same_name": [{"region": d.region, "name": d.key, "ids": list(d.ids)} for d in health.same_name],
            "same_code": [{"code": d.key, "ids": list(d.ids)} for d in health.same_code],
        },
    }


def dumps(health: Health) -> str:
    return json.dumps(report_json(health), ensure_ascii=False, indent=2) + "\n"
