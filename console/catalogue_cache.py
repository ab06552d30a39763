"""The catalogue as the console shows it: read from the console's database once, with each
entry's gaps, and read again when the catalogue tables change.

Parsing ten thousand entries takes seconds, too slow for every page; checking whether they
changed is one small query (row counts and total document length of the services, materials and life
events, plus the regions document).
An edit that keeps both the same (one digit for another) would go unnoticed, so an old copy is
also read again after MAX_AGE seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue.health import Health, ServiceGaps, catalogue_health
from bot.catalogue.schema import Catalogue, Service
from bot.catalogue.store import (
    CatalogueNotLoaded,
    events_table,
    materials_table,
    meta_table,
    read_catalogue,
    services_table,
)

MAX_AGE = 300.0


@dataclass(frozen=True)
class LoadedCatalogue:
    catalogue: Catalogue
    health: Health
    gaps: dict[str, ServiceGaps]  # by service id
    haystacks: dict[str, str]  # by service id: name, code, department and region, casefolded

    @classmethod
    def of(cls, catalogue: Catalogue) -> LoadedCatalogue:
        health = catalogue_health(catalogue)
        return cls(
            catalogue=catalogue,
            health=health,
            gaps={entry.service_id: entry for entry in health.entries},
            haystacks={sid: _haystack(s) for sid, s in catalogue.services.items()},
        )


def _haystack(service: Service) -> str:
    return "\n".join((service.name, service.code, service.department, service.region)).casefold()


def fingerprint(engine: Engine) -> tuple[object, ...] | None:
    """What changes when the catalogue is loaded again; None when the tables cannot be read (not
    created yet, or the database is down: reading the catalogue then says which)."""
    try:
        with engine.connect() as conn:
            sizes = [
                tuple(conn.execute(select(func.count(), func.coalesce(func.sum(func.length(t.c.document)), 0))).one())
                for t in (services_table, materials_table, events_table)
            ]
            meta = conn.execute(select(meta_table.c.document).order_by(meta_table.c.key)).scalars().all()
    except SQLAlchemyError:
        return None
    return (*sizes, *meta)


class CatalogueCache:
    """One per console process; `get` blocks (call it through Console.db). Raises
    CatalogueNotLoaded when the database holds no catalogue, and is asked again next time."""

    def __init__(self, engine: Engine, max_age: float = MAX_AGE) -> None:
        self.engine = engine
        self.max_age = max_age
        self._lock = threading.Lock()  # two first visitors parse the catalogue once, not twice
        self._loaded: LoadedCatalogue | None = None
        self._key: tuple[object, ...] | None = None
        self._at = 0.0

    def get(self) -> LoadedCatalogue:
        with self._lock:
            key = fingerprint(self.engine)
            fresh = time.monotonic() - self._at < self.max_age
            if self._loaded is None or key is None or key != self._key or not fresh:
                self._loaded = None
                loaded = LoadedCatalogue.of(read_catalogue(self.engine))
                self._loaded, self._key, self._at = loaded, key, time.monotonic()
            return self._loaded

    def get_or_none(self) -> LoadedCatalogue | None:
        """None before `make catalogue` has loaded one: pages then say so instead of failing."""
        try:
            return self.get()
        except CatalogueNotLoaded:
            return None
