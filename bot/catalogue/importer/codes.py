"""The code values of the exchange tables, read from an editable YAML (data/import/exchange-codes.yml).

The national code lists are not published with the table definitions and platforms differ, so the
meaning of each code is configuration a maintainer can correct, not code. A value the file does
not list is a problem (the import stops and names the cell): a wrong guess about whether a
material is required would reach citizens as fact. A blank value is "not known", never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.catalogue.importer.findings import Findings, quoted
from bot.catalogue.importer.rows import Row
from bot.catalogue.importer.yaml_text import load
from bot.settings import PROJECT_ROOT

DEFAULT_CODES = PROJECT_ROOT / "data" / "import" / "exchange-codes.yml"
FORMS = ("原件", "复印件", "原件和复印件", "电子")
RULES = ("always", "optional")
AUDIENCES = ("个人", "法人")
AREA_CODE = re.compile(r"^\d{6}$")
CODE_LIKE = re.compile(r"^[0-9A-Za-z_.-]+$")  # a topic written as a code rather than as words
T = TypeVar("T")


@dataclass(frozen=True)
class Area:
    """A region by its GB/T 2260 code, with what citizens call it."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codes:
    file: str
    time_unit: Mapping[str, str]  # anticipate_type, promise_type -> 工作日 | 自然日 ...
    is_need: Mapping[str, str]  # -> always | optional
    form: Mapping[str, str | None]  # material_type, material_format -> a form, or None: says nothing
    flag: Mapping[str, bool]  # is_online, is_express, is_fee ...
    audience: Mapping[str, str]  # one server_type value -> 个人 | 法人
    topic: Mapping[str, str]  # user_topic_type / corp_topic_type codes -> category
    areas: Mapping[str, Area]
    generic_words: frozenset[str]  # never an alias of one item


def code_key(value: str) -> str:
    """Codes match without surrounding spaces and ignoring ASCII case (Y, y)."""
    return value.strip().casefold()


def decode(codes: Codes, section: str, mapping: Mapping[str, T], row: Row, column: str, findings: Findings) -> T | None:
    """The meaning of one coded cell; None when blank, or unknown (then reported)."""
    return decode_value(codes, section, mapping, row.get(column), row, column, findings)


def decode_value(
    codes: Codes, section: str, mapping: Mapping[str, T], value: str, row: Row, column: str, findings: Findings
) -> T | None:
    if not value:
        return None
    key = code_key(value)
    if key not in mapping:
        findings.problem(row, column, f"unknown code {quoted(value)}: not in {section}: of {codes.file}")
        return None
    return mapping[key]


def _mapping(
    data: Mapping[str, Any], section: str, accept: Callable[[Any], bool], expected: str, file: str, findings: Findings
) -> dict[str, Any]:
    raw = data.get(section) or {}
    if not isinstance(raw, dict):
        findings.problem_at(file, None, section, "must be a mapping of code: meaning")
        return {}
    mapping: dict[str, Any] = {}
    for code, meaning in raw.items():
        if isinstance(code, bool) or not isinstance(code, (str, int)):
            findings.problem_at(file, None, f"{section}.{code}", "quote the code (YAML read it as a true/false)")
        elif not accept(meaning):
            findings.problem_at(file, None, f"{section}.{code}", f"{meaning!r} is not {expected}")
        else:
            mapping[code_key(str(code))] = meaning
    return mapping


def _areas(data: Mapping[str, Any], file: str, findings: Findings) -> dict[str, Area]:
    raw = data.get("areas") or {}
    if not isinstance(raw, dict):
        findings.problem_at(file, None, "areas", "must be a mapping of area code: {name, aliases}")
        return {}
    areas: dict[str, Area] = {}
    owner: dict[str, str] = {}
    for code, entry in raw.items():
        code = str(code)
        where = f"areas.{code}"
        if not AREA_CODE.match(code):
            findings.problem_at(file, None, where, "an area code has 6 digits (GB/T 2260); quote it")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            findings.problem_at(file, None, where, "needs a name: {name: 广州市, aliases: [广州, 穗]}")
            continue
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            findings.problem_at(file, None, f"{where}.aliases", "must be a list of names")
            continue
        area = Area(code, entry["name"].strip(), tuple(a.strip() for a in aliases))
        for word in (area.name, *area.aliases):
            if owner.setdefault(word, code) != code:
                findings.problem_at(file, None, where, f"{word!r} also names area {owner[word]}")
        areas[code] = area
    return areas


def load_codes(path: Path, findings: Findings) -> Codes:
    file = str(path)
    data: Any = {}
    try:
        data = load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        findings.problem_at(file, None, None, f"cannot read the code values: {exc}")
    if not isinstance(data, dict):
        findings.problem_at(file, None, None, "must be a mapping of sections (time_unit:, is_need:, …)")
        data = {}

    def text(value: Any) -> bool:
        return isinstance(value, str) and bool(value.strip())

    generic = data.get("generic_words") or []
    if not isinstance(generic, list) or not all(isinstance(word, str) for word in generic):
        findings.problem_at(file, None, "generic_words", "must be a list of words")
        generic = []
    return Codes(
        file=file,
        time_unit=_mapping(data, "time_unit", text, "a unit (工作日, 自然日)", file, findings),
        is_need=_mapping(data, "is_need", lambda v: v in RULES, "always or optional", file, findings),
        form=_mapping(
            data, "form", lambda v: v is None or v in FORMS, f"one of {'、'.join(FORMS)} or ~", file, findings
        ),
        flag=_mapping(data, "flag", lambda v: isinstance(v, bool), "true or false", file, findings),
        audience=_mapping(data, "audience", lambda v: v in AUDIENCES, "个人 or 法人", file, findings),
        topic=_mapping(data, "topic", text, "a category name", file, findings),
        areas=_areas(data, file, findings),
        generic_words=frozenset(word.strip() for word in generic),
    )
