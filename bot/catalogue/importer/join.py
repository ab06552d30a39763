"""Gathers each item's rows from the tables: its basic row and the rows that belong to it.

Rows join to their item by task_guid where both tables have it (a platform may keep several
versions of an item under one task_code), else by task_code. A row whose item is missing, or a
second item with the same code, is a problem: it means the export is incomplete or inconsistent,
and importing around it would quietly lose or mix up facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.rows import Row
from bot.catalogue.importer.tables import Tables


@dataclass
class Item:
    basic: Row
    extend: Row | None = None
    materials: list[Row] = field(default_factory=list)
    fees: list[Row] = field(default_factory=list)
    questions: list[Row] = field(default_factory=list)  # FAQ: read and checked, not written (see run.py)


def _index(items: list[Item], column: str, findings: Findings) -> dict[str, Item]:
    by_key: dict[str, Item] = {}
    for item in items:
        key = item.basic.get(column)
        if not key:
            continue
        if key in by_key:
            findings.problem(item.basic, column, f"duplicate {column} {key!r}: also on row {by_key[key].basic.line}")
            continue
        by_key[key] = item
    return by_key


def _owner(row: Row, by_guid: dict[str, Item], by_code: dict[str, Item], findings: Findings) -> Item | None:
    guid, code = row.get("task_guid"), row.get("task_code")
    if guid and by_guid:
        item = by_guid.get(guid)
        if item is None:
            findings.problem(row, "task_guid", f"no item with task_guid {guid!r} in the basic table")
        return item
    if not code:
        findings.problem(row, "task_code", "no task_code (or task_guid) to say which item this row belongs to")
        return None
    item = by_code.get(code)
    if item is None:
        findings.problem(row, "task_code", f"no item with task_code {code!r} in the basic table")
    return item


def join(tables: Tables, findings: Findings) -> list[Item]:
    """Items in the order of the basic table; malformed basic rows join their rows but are not items."""
    for row in tables.basic:
        if not row.get("task_code"):
            findings.problem(row, "task_code", "no task_code (实施编码): every item needs one")
    every = [Item(row) for row in tables.basic]
    by_code = _index(every, "task_code", findings)
    by_guid = _index(every, "task_guid", findings) if tables.basic_has_guid else {}
    for row in tables.extend:
        item = _owner(row, by_guid, by_code, findings)
        if item is not None and not row.broken:
            if item.extend is not None:
                findings.problem(
                    row, "task_code", f"a second extend row for the item (first on row {item.extend.line})"
                )
            else:
                item.extend = row
    for rows, attribute in (
        (tables.material, "materials"),
        (tables.fee_project, "fees"),
        (tables.questions, "questions"),
    ):
        for row in rows:
            item = _owner(row, by_guid, by_code, findings)
            if item is not None and not row.broken:
                getattr(item, attribute).append(row)
    return [item for item in by_code.values() if not item.basic.broken]
