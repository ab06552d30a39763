"""OUT is replaced in one step: a reader sees the old import or the new one, never half of each."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.importer import output
from bot.catalogue.importer.output import replace_directory


def folder(path: Path, content: str) -> Path:
    path.mkdir(parents=True)
    (path / "catalogue.yml").write_text(content, encoding="utf-8")
    return path


def test_a_new_directory_is_moved_into_place(tmp_path: Path) -> None:
    replace_directory(folder(tmp_path / "new", "new"), tmp_path / "out")
    assert (tmp_path / "out" / "catalogue.yml").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("can_exchange", [True, False])
def test_an_existing_directory_is_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, can_exchange: bool
) -> None:
    if not can_exchange:  # systems without renameat2: moved aside for the instant of the rename
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    old = folder(tmp_path / "out", "old")
    (old / "services").mkdir()
    (old / "services" / "gone.yml").write_text("x", encoding="utf-8")
    replace_directory(folder(tmp_path / "new", "new"), old)
    assert (old / "catalogue.yml").read_text(encoding="utf-8") == "new" and not (old / "services").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_rename_puts_the_old_directory_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    old = folder(tmp_path / "out", "old")
    missing = tmp_path / "does-not-exist"
    with pytest.raises(OSError):
        replace_directory(missing, old)
    assert (old / "catalogue.yml").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
