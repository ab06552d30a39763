"""The shared objects of a server process, built once on first use (not at import time).

Each process that answers has one of each: the action server (actions/) and the Rasa server
(its channels in channels/, the NLU component in components/). The catalogue is always read from
the database (`make catalogue` writes it there), so every part answers from the same entries.
The processes and what each takes from here: docs/architecture.md.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.assistant import Assistant, serving_assistant
from bot.catalogue.schema import Catalogue
from bot.catalogue.store import CatalogueNotLoaded, read_catalogue
from bot.db import make_engine
from bot.handover.desk import HandoverDesk
from bot.handover.store import SqlHandoverStorage
from bot.handover.tables import create_tables
from bot.outcomes.desk import OutcomeDesk
from bot.settings import Settings, load_settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


def engine(database_url: str | None = None) -> Engine:
    """One connection pool per database for the whole process (the channels', the component's and
    the actions'): the settings' database unless another is named."""
    return _engine(database_url or settings().database_url)


@lru_cache(maxsize=4)
def _engine(database_url: str) -> Engine:
    made = make_engine(database_url)
    create_tables(made)
    return made


@lru_cache(maxsize=1)
def assistant() -> Assistant:
    """Raises CatalogueNotLoaded or SQLAlchemyError when the catalogue cannot be read; the next
    call tries again."""
    catalogue = read_catalogue(engine())
    logger.info("catalogue loaded: %d services, %d materials", len(catalogue.services), len(catalogue.materials))
    return serving_assistant(catalogue, settings().meaning_cache_dir)


def catalogue_or_none() -> Catalogue | None:
    """For a part that can do without it (the hotline's speech hints)."""
    try:
        return assistant().catalogue
    except (CatalogueNotLoaded, SQLAlchemyError):
        logger.exception("catalogue unavailable")
        return None


@lru_cache(maxsize=1)
def outcome_desk() -> OutcomeDesk:
    return OutcomeDesk(engine(), assistant().catalogue)


@lru_cache(maxsize=1)
def handover_desk() -> HandoverDesk:
    return HandoverDesk(SqlHandoverStorage(engine()), assistant().catalogue, settings().office_hours)
