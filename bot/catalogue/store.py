"""The catalogue in SQL: what the running assistant reads.

Each service is stored as its validated JSON document plus the columns a maintainer or a report
filters on. Loading replaces the whole catalogue in one transaction, so readers never see half an
update.
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Date, MetaData, String, Table, Text, delete, insert, select
from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue, Material, Service

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
    Column("last_verified", Date, nullable=False),
    Column("document", Text, nullable=False),
)


class CatalogueNotLoaded(Exception):
    """The database holds no catalogue yet: run `make catalogue` (or `make run`)."""


def save_catalogue(engine: Engine, catalogue: Catalogue) -> None:
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(delete(services_table))
        conn.execute(delete(materials_table))
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
                        "last_verified": s.last_verified,
                        "document": s.json(ensure_ascii=False),
                    }
                    for s in catalogue.services.values()
                ],
            )


def read_catalogue(engine: Engine) -> Catalogue:
    metadata.create_all(engine)
    with engine.connect() as conn:
        material_docs = conn.execute(select(materials_table.c.document)).scalars().all()
        service_docs = conn.execute(select(services_table.c.document).order_by(services_table.c.id)).scalars().all()
    if not service_docs:
        raise CatalogueNotLoaded(CatalogueNotLoaded.__doc__)
    materials = [Material.parse_obj(json.loads(doc)) for doc in material_docs]
    services = [Service.parse_obj(json.loads(doc)) for doc in service_docs]
    return Catalogue(materials={m.id: m for m in materials}, services={s.id: s for s in services})
