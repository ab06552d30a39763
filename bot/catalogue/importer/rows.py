"""One record of an exchange table, whichever file format or converter it came from.

Values are cleaned once here (text, trimmed; the source's ways of saying "nothing" made empty) so
that the mapping code only ever asks "is there a value", and each row remembers where it came from
so that a problem can point at the cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# What exports write for "no value": MySQL dumps write NULL or \N, the Guangdong portal writes 无.
ABSENT = frozenset({"", "无", "null", "NULL", "\\N"})
LIST_SEPARATOR = ","  # a JSON list in a cell becomes one text, as a CSV export would write it


class NotText(ValueError):
    """A JSON value that no exchange column can hold (an object)."""


def clean(value: object) -> str:
    """The text of a cell, "" when the source says there is nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(part for part in (clean(item) for item in value) if part)
    if isinstance(value, str):
        text = value.strip()
        return "" if text in ABSENT else text
    raise NotText(f"a {type(value).__name__} where text was expected")


@dataclass(frozen=True)
class Row:
    file: str  # as findings name it
    line: int  # line of the file where the record starts (a CSV header is line 1)
    values: Mapping[str, str]
    origin: Mapping[str, str] = field(default_factory=dict)  # column -> the source's own field name
    broken: bool = False  # malformed (already reported): kept only so that its children still join

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def source_column(self, column: str | None) -> str | None:
        """The name a maintainer sees in the source: a converter's field, else the exchange column."""
        return self.origin.get(column, column) if column else None
