"""One import, from SOURCE to OUT: read, join, map, check everything, then write or write nothing.

Every problem is collected before anything is decided; with any problem the import prints them
all and leaves OUT as it was, because a catalogue that is partly imported answers some citizens
from the new export and some from nothing, and nobody can tell which.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.catalogue.importer import gd
from bot.catalogue.importer.aliases import candidates, choose_aliases
from bot.catalogue.importer.codes import DEFAULT_CODES, Codes, load_codes
from bot.catalogue.importer.findings import Finding, Findings
from bot.catalogue.importer.glossary import load_glossary
from bot.catalogue.importer.items import Built, Context, build
from bot.catalogue.importer.join import Item, join
from bot.catalogue.importer.output import is_earlier_import, write_catalogue
from bot.catalogue.importer.regions import Layout, chain, layout
from bot.catalogue.importer.tables import Tables, read_tables
from bot.catalogue.schema import Service
from bot.settings import PROJECT_ROOT

DEFAULT_GLOSSARY = PROJECT_ROOT / "data" / "catalogue" / "materials.yml"
DEFAULT_PREFIX = "imp"
LICENSE = "LICENSE"


@dataclass(frozen=True)
class Options:
    source: Path
    out: Path
    glossary: Path = DEFAULT_GLOSSARY
    codes: Path = DEFAULT_CODES
    prefix: str | None = None  # None: gd for the Guangdong scrape, else imp
    source_name: str | None = None  # None: the portal for the scrape, else SOURCE's directory name
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Summary:
    out: Path
    items: int
    region: str
    regions: list[str]
    linked: list[tuple[str, str]]  # (label, glossary id) of every linked material
    unlinked: list[str]
    without_materials: int
    notes: list[Finding]
    seconds: float

    @property
    def glossary_entries(self) -> int:
        return len({ref for _, ref in self.linked})


class ImportFailed(Exception):
    def __init__(self, problems: list[Finding]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _check_out(options: Options, findings: Findings) -> None:
    out, source = options.out.resolve(), options.source.resolve()
    if out == source or source.is_relative_to(out) or out.is_relative_to(source):
        findings.problem_at(str(options.out), None, None, "OUT must be outside SOURCE (and not contain it)")
    elif out.exists() and not out.is_dir():
        findings.problem_at(str(options.out), None, None, "exists and is not a directory")
    elif out.is_dir() and any(out.iterdir()) and not is_earlier_import(out):
        findings.problem_at(
            str(options.out),
            None,
            None,
            "exists and is not an earlier import (no catalogue.yml with source and imported): not replaced",
        )


def _read(options: Options, findings: Findings) -> tuple[Tables, str, str]:
    """The rows, the source's name for provenance, and the id prefix."""
    if gd.is_scrape(options.source):
        tables, name, prefix = gd.read_scrape(options.source, findings), gd.source_name(options.source), gd.PREFIX
    else:
        tables, name, prefix = read_tables(options.source, findings), options.source.resolve().name, DEFAULT_PREFIX
    return tables, options.source_name or name, options.prefix or prefix


def _validate(built: Built, findings: Findings) -> None:
    try:
        Service.parse_obj(built.entry)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"] if part != "__root__")
            findings.problem(
                built.row, None, f"the entry fails the catalogue schema: {where or 'entry'}: {error['msg']}"
            )


def _with_aliases(entry: dict[str, Any], aliases: list[str]) -> dict[str, Any]:
    """The entry with its aliases after the region, where a maintainer looks for them."""
    ordered: dict[str, Any] = {}
    for key, value in entry.items():
        ordered[key] = value
        if key == "region" and aliases:
            ordered["aliases"] = aliases
    return ordered


def _regions(items: list[Item], codes: Codes, source: Path, findings: Findings) -> Layout | None:
    """The regions of the items' area codes; an unknown code, or items with no one region, are problems."""
    known = set()
    for item in items:
        code = item.basic.get("area_code")
        if code and code not in codes.areas:
            findings.problem(item.basic, "area_code", f"unknown area code {code!r}: not in areas: of {codes.file}")
        elif code:
            known.add(code)
    regions = layout(known, codes.areas)
    if regions is None and items:
        largest = sorted({chain(code, codes.areas)[-1] for code in known})
        names = "、".join(codes.areas[code].name for code in largest) or "no item has a known area_code"
        findings.problem_at(str(source), None, "area_code", f"no one region holds every item ({names})")
    return regions


def _build_all(items: list[Item], context: Context) -> list[Built]:
    built: list[Built] = []
    line_of_id: dict[str, int] = {}
    for item in items:
        before = len(context.findings.problems)
        one = build(item, context)
        if one.id in line_of_id:
            context.findings.problem(item.basic, "task_code", f"gives the same id {one.id} as row {line_of_id[one.id]}")
        line_of_id.setdefault(one.id, item.basic.line)
        if len(context.findings.problems) == before:
            _validate(one, context.findings)  # the schema's view, when ours found nothing (else it repeats us)
        built.append(one)
    return built


def _catalogue_file(regions: Layout, source_name: str, today: dt.date) -> dict[str, Any]:
    """catalogue.yml: the top region, the smaller ones with the region each lies within, the source."""
    catalogue: dict[str, Any] = {"region": regions.top.name}
    if regions.top.aliases:
        catalogue["aliases"] = list(regions.top.aliases)
    if regions.smaller:
        catalogue["regions"] = [
            {"name": area.name, "aliases": list(area.aliases), "within": within} for area, within in regions.smaller
        ]
    return catalogue | {"source": source_name, "imported": today}


def import_catalogue(options: Options) -> Summary:
    """Import SOURCE into OUT, or raise ImportFailed listing every problem (OUT then untouched)."""
    started = time.monotonic()
    findings = Findings()
    if not options.source.is_dir():
        raise ImportFailed([Finding(str(options.source), None, None, "not a directory")])
    _check_out(options, findings)
    codes = load_codes(options.codes, findings)
    glossary = load_glossary(options.glossary, findings)
    tables, source_name, prefix = _read(options, findings)
    items = join(tables, findings)
    if not items and not findings.problems:
        findings.problem_at(str(options.source), None, None, "no items to import (the basic table is empty)")
    regions = _regions(items, codes, options.source, findings)
    region_of = {area.code: area.name for area in ([regions.top] + [a for a, _ in regions.smaller] if regions else [])}
    place_words = tuple(word for code in region_of for word in (codes.areas[code].name, *codes.areas[code].aliases))
    top = regions.top.name if regions else ""
    context = Context(codes, glossary, findings, prefix, source_name, options.today, region_of, top, place_words)
    built = _build_all(items, context)
    aliases, dropped = choose_aliases(
        {b.id: candidates(b.row) for b in built}, {b.id: b.entry["name"] for b in built}, codes.generic_words
    )
    if findings.problems or regions is None:
        raise ImportFailed(list(dict.fromkeys(findings.problems)))

    linked_ids = {ref for b in built for _, ref in b.linked}
    header = (
        f"Imported from {source_name} on {options.today.isoformat()} by `make catalogue-import`: import again rather\n"
        "than edit (a hand-written entry in data/catalogue with the same region and code replaces an imported one)."
    )
    notes = [f"{n.kind}: {n}" for n in findings.notes]
    notes += [f"alias dropped ({why}): {count}" for why, count in dropped.items()]
    source_license = options.source / LICENSE
    write_catalogue(
        options.out,
        _catalogue_file(regions, source_name, options.today),
        [entry for material_id, entry in glossary.raw.items() if material_id in linked_ids],
        (_with_aliases(b.entry, aliases[b.id]) for b in built),
        header,
        notes,
        source_license if source_license.is_file() else None,
    )
    return Summary(
        out=options.out,
        items=len(built),
        region=top,
        regions=[area.name for area, _ in regions.smaller],
        linked=[pair for b in built for pair in b.linked],
        unlinked=[label for b in built for label in b.unlinked],
        without_materials=sum(1 for b in built if not b.entry["materials"]),
        notes=findings.notes,
        seconds=time.monotonic() - started,
    )
