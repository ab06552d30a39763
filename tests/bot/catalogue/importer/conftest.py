from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot.catalogue.importer.exchange import write_export


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """The small export as CSV, in a directory named like a real one."""
    return write_export(tmp_path / "gz-export")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "build" / "imported"
