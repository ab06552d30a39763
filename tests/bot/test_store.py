from __future__ import annotations

import pytest

from bot.catalogue.store import CatalogueNotLoaded, read_catalogue, save_catalogue


def test_round_trip_through_sql(sql_engine, catalogue) -> None:
    save_catalogue(sql_engine, catalogue)
    assert read_catalogue(sql_engine) == catalogue


def test_loading_twice_replaces_rather_than_duplicates(sql_engine, catalogue) -> None:
    save_catalogue(sql_engine, catalogue)
    smaller = catalogue.copy(update={"services": {"t-marriage": catalogue.services["t-marriage"]}})
    save_catalogue(sql_engine, smaller)
    assert set(read_catalogue(sql_engine).services) == {"t-marriage"}


def test_empty_database_says_what_to_do(sql_engine) -> None:
    with pytest.raises(CatalogueNotLoaded, match="make catalogue"):
        read_catalogue(sql_engine)
