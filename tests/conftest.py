"""Shared fixtures: a small catalogue of our own, an assistant over it, a throwaway database
(SQLite, and for the tables the scaled mode keeps in PostgreSQL, a real PostgreSQL too)."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.assistant import Assistant
from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue
from bot.db import make_engine
from scripts import postgres_redis_nginx
from tests.fakes import free_port

FIXTURES = Path(__file__).parent / "fixtures"
REQUIRE_SERVICES = "ONETRIP_REQUIRE_SERVICES"  # set by `make test`: a missing service is a failure


def require(reason: str) -> NoReturn:
    """A service the test needs (PostgreSQL, Redis, nginx, chromium) is missing: under `make test`
    the test fails; a developer running plain `pytest` without the services gets a skip."""
    if os.environ.get(REQUIRE_SERVICES) == "1":
        pytest.fail(f"{reason} ({REQUIRE_SERVICES}=1: under make test a missing part is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURES / "catalogue")


@pytest.fixture(scope="session")
def assistant(catalogue: Catalogue) -> Assistant:
    return Assistant(catalogue)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the test session (scripts/test-services.sh installs it)."""
    folder = Path(tempfile.mkdtemp(prefix="onetrip-test-pg-"))
    folder.chmod(0o755)  # PostgreSQL runs as `postgres` when we are root
    port = free_port()
    try:
        server = postgres_redis_nginx.start_postgres(folder / "postgres", port, durable=False)
    except postgres_redis_nginx.ServiceError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        require(f"PostgreSQL unavailable: {exc}")
    yield postgres_redis_nginx.postgres_url(folder / "postgres", port)
    server.send_signal(signal.SIGINT)  # fast shutdown: SIGTERM would wait for pooled connections to close
    server.wait(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same test on SQLite (`make run`) and on PostgreSQL (`make scaled`): a fresh database each."""
    if request.param == "sqlite":
        yield make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        return
    server_url = make_url(request.getfixturevalue("postgres_url"))
    name = f"t_{uuid.uuid4().hex}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine = make_engine(str(server_url.set(database=name)))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()
