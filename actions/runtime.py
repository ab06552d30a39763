"""The action server's shared objects, built once on first use (not at import time)."""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

from sqlalchemy.engine import Engine

from bot.assistant import Assistant, serving_assistant
from bot.catalogue.store import read_catalogue
from bot.db import make_engine
from bot.handover.office_hours import is_open
from bot.handover.records import create_tables
from bot.settings import Settings, load_settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def engine() -> Engine:
    made = make_engine(settings().database_url)
    create_tables(made)
    return made


def office_open() -> bool:
    return is_open(settings().office_hours, dt.datetime.now())


@lru_cache(maxsize=1)
def assistant() -> Assistant:
    catalogue = read_catalogue(engine())
    logger.info("catalogue loaded: %d services, %d materials", len(catalogue.services), len(catalogue.materials))
    return serving_assistant(catalogue, settings().meaning_cache_dir)
