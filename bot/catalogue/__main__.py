"""`python -m bot.catalogue check|build|report`: what `make catalogue-check`, `make run` and
`make catalogue-report` call.

check  validates the YAML and prints every problem (file, service, field);
build  validates, writes the jieba user dictionary for training, loads the catalogue into SQL and
       creates the handover tables beside it;
report prints what each entry lacks (bot.catalogue.health), with `--json PATH` writing it as JSON.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue.health import catalogue_health, dumps, report_text
from bot.catalogue.loader import CatalogueError, load_catalogue
from bot.catalogue.meaning import Meaning
from bot.catalogue.nlu_data import lookup_tables
from bot.catalogue.schema import Catalogue
from bot.catalogue.store import save_catalogue
from bot.db import make_engine
from bot.handover.tables import create_tables
from bot.segmenter import write_if_changed, write_user_dictionary
from bot.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue", description=__doc__)
    parser.add_argument("command", choices=["check", "build", "report"])
    parser.add_argument("--json", type=Path, metavar="PATH", help="report: also write the report as JSON here")
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        catalogue = load_catalogue(settings.catalogue_dirs, settings.home_region)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"catalogue invalid: {len(exc.problems)} problem(s); fix the files named above.", file=sys.stderr)
        return 1
    counts = (len(catalogue.services), len(catalogue.events), len(catalogue.materials))
    summary = "{} services, {} events, {} materials".format(*counts)
    if args.command == "check":
        print(f"catalogue OK: {summary}")
        return 0
    if args.command == "report":
        return report(catalogue, args.json)
    # The NLU model learns how citizens ask, with the curated catalogue's words as examples; the
    # catalogue search finds the service in whatever is served, so an import needs no training.
    training = catalogue if settings.catalogue_dirs == (settings.training_catalogue_dir,) else None
    try:
        training = training or load_catalogue(settings.training_catalogue_dir)
    except CatalogueError as exc:
        print(f"training catalogue {settings.training_catalogue_dir} invalid: {exc.problems[0]}", file=sys.stderr)
        return 1
    path = write_user_dictionary(training.vocabulary(), settings.jieba_dictionary_dir)
    write_if_changed(settings.generated_nlu_dir / "catalogue_lookups.yml", lookup_tables(training))
    try:
        engine = make_engine(settings.database_url)
        save_catalogue(engine, catalogue)
        create_tables(engine)  # the handover tables live beside the catalogue
        Meaning.for_catalogue(catalogue, settings.meaning_cache_dir)  # encoded now, not at every start
    except SQLAlchemyError as exc:
        print(
            f"cannot write the catalogue to the database: {exc.__class__.__name__}; check DATABASE_URL.",
            file=sys.stderr,
        )
        return 1
    print(f"catalogue loaded: {summary}; jieba dictionary {path}")
    return 0


def report(catalogue: Catalogue, json_path: Path | None) -> int:
    health = catalogue_health(catalogue)
    print(report_text(health), end="")
    if json_path is not None:
        try:
            json_path.write_text(dumps(health), encoding="utf-8")
        except OSError as exc:
            print(f"cannot write {json_path}: {exc.strerror or exc.__class__.__name__}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
