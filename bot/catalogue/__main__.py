"""`python -m bot.catalogue check|build`: what `make catalogue-check` and `make run` call.

check  validates the YAML and prints every problem (file, service, field);
build  validates, writes the jieba user dictionary for training, loads the catalogue into SQL and
       creates the handover tables beside it.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue.loader import CatalogueError, load_catalogue
from bot.catalogue.nlu_data import lookup_tables
from bot.catalogue.store import save_catalogue
from bot.db import make_engine
from bot.handover.records import create_tables
from bot.segmenter import write_if_changed, write_user_dictionary
from bot.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue", description=__doc__)
    parser.add_argument("command", choices=["check", "build"])
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        catalogue = load_catalogue(settings.catalogue_dir)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"catalogue invalid: {len(exc.problems)} problem(s); fix the files named above.", file=sys.stderr)
        return 1
    summary = f"{len(catalogue.services)} services, {len(catalogue.materials)} materials"
    if args.command == "check":
        print(f"catalogue OK: {summary}")
        return 0
    path = write_user_dictionary(catalogue.vocabulary(), settings.jieba_dictionary_dir)
    write_if_changed(settings.generated_nlu_dir / "catalogue_lookups.yml", lookup_tables(catalogue))
    try:
        engine = make_engine(settings.database_url)
        save_catalogue(engine, catalogue)
        create_tables(engine)  # the handover tables live beside the catalogue
    except SQLAlchemyError as exc:
        print(
            f"cannot write the catalogue to the database: {exc.__class__.__name__}; check DATABASE_URL.",
            file=sys.stderr,
        )
        return 1
    print(f"catalogue loaded: {summary}; jieba dictionary {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
