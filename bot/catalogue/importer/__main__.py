"""`python -m bot.catalogue.importer SOURCE OUT`: what `make catalogue-import` runs.

Prints every problem (file, row, column) and exits 1 with OUT untouched, or prints a summary.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from bot.catalogue.importer.codes import DEFAULT_CODES
from bot.catalogue.importer.output import NOTES_FILE
from bot.catalogue.importer.run import DEFAULT_GLOSSARY, ImportFailed, Options, Summary, import_catalogue
from bot.settings import PROJECT_ROOT

PREFIX = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # service ids must match ^[a-z0-9-]+$


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def report(summary: Summary) -> str:
    linked, unlinked = len(summary.linked), len(summary.unlinked)
    total = linked + unlinked
    share = f" ({linked / total:.0%})" if total else ""
    smaller = f"; within it: {'、'.join(summary.regions)}" if summary.regions else ""
    lines = [
        f"imported {summary.items} items into {_shown(summary.out)} in {summary.seconds:.1f} s",
        f"regions: {summary.region}{smaller}",
        f"materials: {total}, linked to the glossary {linked}{share} ({summary.glossary_entries} entries), "
        f"unlinked {unlinked}",
        f"items without materials: {summary.without_materials}",
    ]
    kinds = Counter(note.kind for note in summary.notes)
    if kinds:
        lines.append(f"notes (all in {NOTES_FILE}):")
        lines += [f"  {count} × {kind}" for kind, count in kinds.most_common()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue.importer", description=__doc__)
    parser.add_argument("source", type=Path, help="the exchange tables, or the directory of policy.jsonl")
    parser.add_argument("out", type=Path, help="the catalogue directory to write (replaced if an earlier import)")
    parser.add_argument("--glossary", type=Path, default=DEFAULT_GLOSSARY, help="the glossary materials link to")
    parser.add_argument("--codes", type=Path, default=DEFAULT_CODES, help="the code values (exchange-codes.yml)")
    parser.add_argument("--prefix", help="service id prefix (default: gd for the Guangdong scrape, else imp)")
    parser.add_argument("--source-name", help="what provenance calls the source (default: from SOURCE)")
    args = parser.parse_args(argv)
    if args.prefix is not None and not PREFIX.fullmatch(args.prefix):
        parser.error("--prefix: lower-case letters and digits, in parts joined by hyphens (gd, gz-2026)")
    options = Options(args.source, args.out, args.glossary, args.codes, args.prefix, args.source_name)
    try:
        summary = import_catalogue(options)
    except ImportFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        print(f"import failed: {len(failed.problems)} problem(s); {args.out} left as it was.", file=sys.stderr)
        return 1
    print(report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
