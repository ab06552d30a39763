"""The catalogue in SQL: what the running assistant reads.

Each service is stored as its validated JSON document plus the columns a maintainer or a report
filters on. Loading replaces the whole catalogue in one transaction, so readers never see half an
update.
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Date, MetaData, String, Table, Text, delete, insert, inspect, select
from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue, Event, Material, Region, Service

metadata = MetaData()

materials_table = Table(
    "catalogue_materials",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("document", Text, nullable=False),
)

services_table = Table(
    "catalogue_services",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("category", String(64), nullable=False, index=True),
    Column("department", String(200), nullable=False),
    Column("region", String(64), nullable=False, server_default="", index=True),
    Column("last_verified", Date),
    Column("document", Text, nullable=False),
)

events_table = Table(
    "catalogue_events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("document", Text, nullable=False),
)

# The regions the catalogue covers and the deployment's home region, as one JSON document.
meta_table = Table(
    "catalogue_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("document", Text, nullable=False),
)


class CatalogueNotLoaded(Exception):
    """The database holds no catalogue yet: run `make catalogue` (or `make run`)."""


def save_catalogue(engine: Engine, catalogue: Catalogue) -> None:
    _create(engine)
    with engine.begin() as conn:
        conn.execute(delete(services_table))
        conn.execute(delete(materials_table))
        conn.execute(delete(meta_table))
        conn.execute(delete(events_table))
        if catalogue.events:
            events = catalogue.events.values()
            rows = [{"id": e.id, "name": e.name, "document": e.json(ensure_ascii=False)} for e in events]
            conn.execute(insert(events_table), rows)
        regions = [r.dict() for r in catalogue.regions.values()]
        meta = {"regions": regions, "home_region": catalogue.home_region}
        conn.execute(insert(meta_table), [{"key": "regions", "document": json.dumps(meta, ensure_ascii=False)}])
        if catalogue.materials:
            conn.execute(
                insert(materials_table),
                [
                    {"id": m.id, "name": m.name, "document": m.json(ensure_ascii=False)}
                    for m in catalogue.materials.values()
                ],
            )
        if catalogue.services:
            conn.execute(
                insert(services_table),
                [
                    {
                        "id": s.id,
                        "name": s.name,
                        "category": s.category,
                        "department": s.department,
                        "region": s.region,
                        "last_verified": s.last_verified,
                        "document": s.json(ensure_ascii=False),
                    }
                    for s in catalogue.services.values()
                ],
            )


def _create(engine: Engine) -> None:
    """Create the tables; a database loaded before regions existed gets the table again, since
    its catalogue is replaced on every load anyway."""
    with engine.begin() as conn:
        columns = (
            {c["name"] for c in inspect(conn).get_columns(services_table.name)}
            if inspect(conn).has_table(services_table.name)
            else {"region"}
        )
        if "region" not in columns:
            services_table.drop(conn)
    metadata.create_all(engine)


def read_catalogue(engine: Engine) -> Catalogue:
    _create(engine)
    with engine.connect() as conn:
        meta_doc = conn.execute(select(meta_table.c.document).where(meta_table.c.key == "regions")).scalar()
        material_docs = conn.execute(select(materials_table.c.document)).scalars().all()
        service_docs = conn.execute(select(services_table.c.document).order_by(services_table.c.id)).scalars().all()
        event_docs = conn.execute(select(events_table.c.document).order_by(events_table.c.id)).scalars().all()
    if not service_docs:
        raise CatalogueNotLoaded(CatalogueNotLoaded.__doc__)
    materials = [Material.parse_obj(json.loads(doc)) for doc in material_docs]
    services = [Service.parse_obj(json.loads(doc)) for doc in service_docs]
    meta = json.loads(meta_doc) if meta_doc else {"regions": [], "home_region": ""}
    regions = [Region.parse_obj(raw) for raw in meta["regions"]]
    events = [Event.parse_obj(json.loads(doc)) for doc in event_docs]
    return Catalogue(
        materials={m.id: m for m in materials},
        services={s.id: s for s in services},
        regions={r.name: r for r in regions},
        home_region=str(meta["home_region"]),
        events={e.id: e for e in events},
    )
