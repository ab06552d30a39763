"""What an import found wrong (problems: nothing is written) or worth saying (notes: written anyway).

Every finding names the file, the row and the column, because a maintainer fixes an export in a
spreadsheet and needs to find the cell; all are collected before anything is decided, so one run
lists every problem instead of one per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.catalogue.importer.rows import Row

VALUE_SHOWN = 60  # characters of a value quoted in a finding: enough to recognise it


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None  # line of the file where the record starts; None: the file as a whole
    column: str | None
    message: str
    kind: str = ""  # notes are counted by kind in the summary

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" column {self.column}"
        return f"{where}: {self.message}"


def quoted(value: str) -> str:
    """A value as a finding shows it: in quotes, cut short when long."""
    shown = value if len(value) <= VALUE_SHOWN else value[:VALUE_SHOWN] + f"…（{len(value)} characters）"
    return repr(shown)


@dataclass
class Findings:
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    def problem(self, row: Row, column: str | None, message: str) -> None:
        self.problems.append(Finding(row.file, row.line, row.source_column(column), message))

    def problem_at(self, file: str, line: int | None, column: str | None, message: str) -> None:
        """A problem found before there is a row (a line that does not parse, a missing file)."""
        self.problems.append(Finding(file, line, column, message))

    def note(self, kind: str, row: Row, column: str | None, message: str) -> None:
        self.notes.append(Finding(row.file, row.line, row.source_column(column), message, kind))
