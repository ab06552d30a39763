"""Reads the national exchange tables (up_task_general_*) from a directory, as CSV or JSON lines.

Each table is one file, `<table>.csv` (UTF-8, header row) or `<table>.jsonl` (one object per
line). Nothing is rejected silently: a malformed or truncated row, a file that is not UTF-8, an
oversized or damaged cell each become a problem naming file, row and column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalogue.importer.cells import check_cells
from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.rows import NotText, Row, clean

BASIC = "up_task_general_basic"
MATERIAL = "up_task_general_material"
EXTEND = "up_task_general_extend"
FEE = "up_task_general_fee_project"
QUESTIONS = "up_task_general_questions"
TABLES = (BASIC, MATERIAL, EXTEND, FEE, QUESTIONS)
FORMATS = (".csv", ".jsonl")
# csv refuses longer fields before we can say which column they are in; longer than the import's
# own limit (cells.MAX_FIELD_BYTES) so that an oversized field is read, reported by column and dropped.
CSV_FIELD_CAP = 32 * 1024 * 1024


@dataclass
class Tables:
    """The rows of each table; a table the source does not have is empty."""

    basic: list[Row] = field(default_factory=list)
    material: list[Row] = field(default_factory=list)
    extend: list[Row] = field(default_factory=list)
    fee_project: list[Row] = field(default_factory=list)
    questions: list[Row] = field(default_factory=list)
    basic_has_guid: bool = False  # join by task_guid only where both tables have it


@contextmanager
def _csv_field_cap(cap: int) -> Iterator[None]:
    """csv's limit is process-wide: raise it for this read only."""
    previous = csv.field_size_limit(cap)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _header(raw: list[str], file: str, findings: Findings) -> list[str] | None:
    header = [name.strip().lower() for name in raw]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        findings.problem_at(file, 1, ", ".join(duplicates), "column named twice in the header")
        return None
    return header


def read_csv(path: Path, findings: Findings) -> list[Row]:
    file = str(path)
    rows: list[Row] = []
    # errors="replace": bytes that are not UTF-8 become U+FFFD, which the cell check reports by row and column
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle, _csv_field_cap(CSV_FIELD_CAP):
        reader = csv.reader(handle, strict=True)
        header: list[str] | None = None
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                findings.problem_at(file, start, None, f"malformed CSV: {exc}")
                continue
            if header is None:
                header = _header(fields, file, findings)
                if header is None:
                    return []
                continue
            if not fields or fields == [""]:
                continue  # a blank line
            broken = len(fields) != len(header)
            if len(fields) < len(header):
                message = f"the row ends here: {len(fields)} fields where the header has {len(header)} (truncated?)"
                findings.problem_at(file, start, header[len(fields)], message)
            elif broken:
                message = f"{len(fields)} fields where the header has {len(header)} (an unquoted comma?)"
                findings.problem_at(file, start, None, message)
            values = {
                column: clean(value) for column, value in zip(header, fields, strict=False)
            }  # short rows: reported above
            rows.append(check_cells(Row(file, start, values, broken=broken), findings))
    if header is None:
        findings.problem_at(file, None, None, "empty: no header row")
    return rows


def json_objects(path: Path, findings: Findings) -> Iterator[tuple[int, dict[str, object]]]:
    """(line number, object) for each line of a JSON-lines file; a line that is not one JSON
    object is reported with its number and skipped."""
    file = str(path)
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                findings.problem_at(file, number, None, f"malformed JSON (truncated line?): {exc}")
                continue
            if not isinstance(record, dict):
                findings.problem_at(file, number, None, "a JSON object was expected")
                continue
            yield number, record


def read_jsonl(path: Path, findings: Findings) -> list[Row]:
    file = str(path)
    rows: list[Row] = []
    for number, record in json_objects(path, findings):
        values: dict[str, str] = {}
        for key, value in record.items():
            column = str(key).strip().lower()
            try:
                values[column] = clean(value)
            except NotText as exc:
                findings.problem_at(file, number, column, str(exc))
        rows.append(check_cells(Row(file, number, values), findings))
    return rows


def table_file(source: Path, table: str, findings: Findings) -> Path | None:
    found = [source / f"{table}{suffix}" for suffix in FORMATS if (source / f"{table}{suffix}").is_file()]
    if len(found) > 1:
        findings.problem_at(str(found[0]), None, None, f"both {found[0].name} and {found[1].name}: keep one")
        return None
    return found[0] if found else None


def read_tables(source: Path, findings: Findings) -> Tables:
    tables = Tables()
    for table in TABLES:
        path = table_file(source, table, findings)
        if path is None:
            if table == BASIC and not any((source / f"{BASIC}{s}").is_file() for s in FORMATS):
                findings.problem_at(
                    str(source), None, None, f"no {BASIC}.csv or {BASIC}.jsonl (the item table is required)"
                )
            continue
        rows = read_csv(path, findings) if path.suffix == ".csv" else read_jsonl(path, findings)
        setattr(tables, table.removeprefix("up_task_general_"), rows)
    tables.basic_has_guid = any(row.get("task_guid") for row in tables.basic)
    return tables
