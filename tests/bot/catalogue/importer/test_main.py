"""The command make catalogue-import runs: a summary on success, every problem and exit 1 on failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.importer.__main__ import main
from bot.catalogue.importer.codes import DEFAULT_CODES
from tests.bot.catalogue.importer.exchange import MATERIAL, write_export


def test_success_prints_the_summary(export: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(export), str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"imported 3 items into {out}" in printed
    assert "regions: 广东省; within it: 广州市、荔湾区" in printed
    assert "materials: 5, linked to the glossary 4 (80%) (3 entries), unlinked 1" in printed
    assert "items without materials: 1" in printed
    assert "1 × fee left out (not one number of yuan)" in printed


def test_failure_prints_every_problem_and_exits_1(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    material = [dict(MATERIAL[0], is_need="X9"), dict(MATERIAL[1], task_guid="g-404"), *MATERIAL[2:]]
    source = write_export(tmp_path / "src", material=material)
    assert main([str(source), str(out)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].endswith(
        "up_task_general_material.csv row 3 column task_guid: no item with task_guid 'g-404' in the basic table"
    )
    assert errors[1].endswith(
        f"up_task_general_material.csv row 2 column is_need: unknown code 'X9': not in is_need: of {DEFAULT_CODES}"
    )
    assert errors[-1] == f"import failed: 2 problem(s); {out} left as it was."
    assert not out.exists()


def test_a_prefix_that_cannot_start_an_id_is_refused(export: Path, out: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main([str(export), str(out), "--prefix", "GD_"])
    assert exited.value.code == 2
