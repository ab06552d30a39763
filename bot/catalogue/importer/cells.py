"""Checks every cell of every row for damage an export can do to text.

A damaged value must stop the import rather than reach citizens: an oversized field (a pasted
document, a runaway export) and mojibake (text decoded with the wrong encoding somewhere on its
way: GBK or UTF-8 read as Latin-1, or bytes that were not UTF-8 at all) both look like data.
"""

from __future__ import annotations

import re

from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.rows import Row

MAX_FIELD_BYTES = 64 * 1024  # the longest legitimate field (a 受理条件) is a few KB

# cp1252 puts these where Latin-1 has C1 controls; exports decoded as "ANSI" show them.
_CP1252 = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_HIGH_RUN = re.compile(f"[\u0080-\u00ff{_CP1252}]{{2,}}")
# A run is only suspect with an accented letter in it: ×× (a placeholder), —— and “” are Chinese text.
_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
_CJK = re.compile("[\u4e00-\u9fff]")
# What GBK shows for UTF-8 replacement characters, the best-known mojibake in Chinese text.
_REPLACED_IN_GBK = "锟斤拷"


def _as_bytes(run: str) -> bytes:
    return b"".join(c.encode("cp1252") if c in _CP1252 else c.encode("latin-1") for c in run)


def _decodes_to_chinese(data: bytes) -> str | None:
    for encoding in ("utf-8", "gbk"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CJK.search(text):
            return encoding.upper()
    return None


def damage(text: str) -> str | None:
    """Why `text` looks damaged, or None."""
    if "\ufffd" in text:
        return "U+FFFD replacement character: the text was not valid UTF-8 (a GBK export?) or was damaged"
    if _REPLACED_IN_GBK in text:
        return f"mojibake {_REPLACED_IN_GBK}: UTF-8 replacement characters read as GBK"
    for match in _HIGH_RUN.finditer(text):
        run = match.group()
        if not _LETTER.search(run):
            continue
        encoding = _decodes_to_chinese(_as_bytes(run))
        if encoding:
            return f"mojibake {run!r}: {encoding} text read as Latin-1 (it means {_as_bytes(run).decode(encoding)!r})"
    return None


def check_cells(row: Row, findings: Findings) -> Row:
    """Report oversized and damaged cells; an oversized value is not kept (not loaded)."""
    kept = dict(row.values)
    for column, value in row.values.items():
        size = len(value.encode("utf-8"))
        if size > MAX_FIELD_BYTES:
            findings.problem(row, column, f"field of {size:,} bytes, over the {MAX_FIELD_BYTES // 1024} KB limit")
            kept[column] = ""
            continue
        why = damage(value)
        if why:
            findings.problem(row, column, why)
    return Row(row.file, row.line, kept, row.origin, row.broken)
