"""Shared fixtures: a small catalogue of our own, an assistant over it, a throwaway database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.assistant import Assistant
from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue
from bot.db import make_engine

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURES / "catalogue")


@pytest.fixture(scope="session")
def assistant(catalogue: Catalogue) -> Assistant:
    return Assistant(catalogue)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'test.db'}")
