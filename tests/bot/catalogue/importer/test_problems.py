"""Bad input stops the import: every problem names file, row and column, and OUT stays as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.catalogue.importer import items, run
from bot.catalogue.importer.findings import Finding
from bot.catalogue.importer.items import Built
from bot.catalogue.importer.run import ImportFailed, import_catalogue
from tests.bot.catalogue.importer.exchange import BASIC, EXTEND, FEE, MATERIAL, options, write_export, write_jsonl

MATERIAL_CSV = "up_task_general_material.csv"
BASIC_CSV = "up_task_general_basic.csv"


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """An earlier, good import at OUT."""
    out = tmp_path / "build" / "gd"
    import_catalogue(options(write_export(tmp_path / "good"), out))
    return out


def problems(source: Path, out: Path) -> list[Finding]:
    """The import's problems, after checking that OUT and its folder are exactly as before."""
    before = snapshot(out.parent) if out.parent.exists() else None
    with pytest.raises(ImportFailed) as failed:
        import_catalogue(options(source, out))
    assert (snapshot(out.parent) if out.parent.exists() else None) == before  # no temporary left either
    return failed.value.problems


def one(found: list[Finding], file: str, row: int | None, column: str | None) -> Finding:
    matching = [p for p in found if Path(p.file).name == file and p.row == row and p.column == column]
    assert matching, f"no problem at {file} row {row} column {column} in {[str(p) for p in found]}"
    return matching[0]


def edit_csv(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_truncated_csv_row_names_where_it_ends(tmp_path: Path, earlier: Path) -> None:
    source = write_export(tmp_path / "src")
    edit_csv(source / MATERIAL_CSV, lambda text: text.rstrip("\n").rsplit(",", 3)[0] + "\n")
    found = problems(source, earlier)
    assert "truncated" in one(found, MATERIAL_CSV, 6, "material_format").message


def test_a_row_with_too_many_fields_is_malformed(tmp_path: Path, earlier: Path) -> None:
    source = write_export(tmp_path / "src")
    edit_csv(source / MATERIAL_CSV, lambda text: text.replace("军人身份证明,", "军人,身份证明,"))
    assert "unquoted comma" in one(problems(source, earlier), MATERIAL_CSV, 4, None).message


def test_an_unterminated_quote_is_malformed_csv(tmp_path: Path, earlier: Path) -> None:
    source = write_export(tmp_path / "src")
    edit_csv(source / BASIC_CSV, lambda text: text + '"g-9,11440000TEST0009,"未完')
    assert "malformed CSV" in one(problems(source, earlier), BASIC_CSV, 5, None).message


def test_a_truncated_json_line(tmp_path: Path, earlier: Path) -> None:
    source = write_export(tmp_path / "src", "jsonl")
    path = source / "up_task_general_material.jsonl"
    path.write_text(path.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    assert "malformed JSON" in one(problems(source, earlier), path.name, 5, None).message


def test_rows_whose_item_is_missing(tmp_path: Path, earlier: Path) -> None:
    material = [*MATERIAL, dict(MATERIAL[0], task_guid="g-404")]
    fee = [*FEE, dict(FEE[0], task_guid="", task_code="NO-SUCH-CODE")]
    extend = [*EXTEND, dict(EXTEND[0], task_guid="g-405")]
    found = problems(write_export(tmp_path / "src", material=material, fee_project=fee, extend=extend), earlier)
    assert "g-404" in one(found, MATERIAL_CSV, 7, "task_guid").message
    assert "NO-SUCH-CODE" in one(found, "up_task_general_fee_project.csv", 4, "task_code").message
    assert "g-405" in one(found, "up_task_general_extend.csv", 4, "task_guid").message


def test_a_duplicate_task_code(tmp_path: Path, earlier: Path) -> None:
    basic = [*BASIC, dict(BASIC[0], task_guid="g-4")]
    found = problems(write_export(tmp_path / "src", basic=basic), earlier)
    assert "also on row 2" in one(found, BASIC_CSV, 5, "task_code").message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("居民身份证\ufffd", "U+FFFD"),
        ("居民身份证".encode("gbk").decode("latin-1"), "GBK text read as Latin-1"),
        ("居民身份证".encode().decode("latin-1"), "UTF-8 text read as Latin-1"),
    ],
)
def test_mojibake_in_a_cell(tmp_path: Path, earlier: Path, text: str, says: str) -> None:
    material = [*MATERIAL[:2], dict(MATERIAL[2], material_name=text), *MATERIAL[3:]]
    assert (
        says
        in one(
            problems(write_export(tmp_path / "src", material=material), earlier), MATERIAL_CSV, 4, "material_name"
        ).message
    )


def test_a_file_exported_as_gbk(tmp_path: Path, earlier: Path) -> None:
    source = write_export(tmp_path / "src")
    path = source / BASIC_CSV
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert "U+FFFD" in one(problems(source, earlier), BASIC_CSV, 2, "task_name").message


def test_a_field_over_64_kb(tmp_path: Path, earlier: Path) -> None:
    basic = [dict(BASIC[0], accept_condition="条件" * 40_000), *BASIC[1:]]
    found = problems(write_export(tmp_path / "src", basic=basic), earlier)
    assert "over the 64 KB limit" in one(found, BASIC_CSV, 2, "accept_condition").message


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_10_mb_field_is_reported_not_loaded(tmp_path: Path, earlier: Path, fmt: str) -> None:
    material = [dict(MATERIAL[0], remark="x" * 10_000_000), *MATERIAL[1:]]
    found = problems(write_export(tmp_path / "src", fmt, material=material), earlier)
    assert (
        "10,000,000 bytes" in one(found, f"up_task_general_material.{fmt}", 2 if fmt == "csv" else 1, "remark").message
    )


def test_unknown_codes_name_the_cell_and_value(tmp_path: Path, earlier: Path) -> None:
    material = [dict(MATERIAL[0], is_need="X9"), *MATERIAL[1:]]
    basic = [dict(BASIC[0], anticipate_type="7", server_type="自然人,外星人"), *BASIC[1:]]
    found = problems(write_export(tmp_path / "src", basic=basic, material=material), earlier)
    assert "'X9'" in one(found, MATERIAL_CSV, 2, "is_need").message
    assert "'7'" in one(found, BASIC_CSV, 2, "anticipate_type").message
    assert "'外星人'" in one(found, BASIC_CSV, 2, "server_type").message


def test_an_unknown_area_code(tmp_path: Path, earlier: Path) -> None:
    basic = [dict(BASIC[0], area_code="449999"), *BASIC[1:]]
    found = problems(write_export(tmp_path / "src", basic=basic), earlier)
    assert "449999" in one(found, BASIC_CSV, 2, "area_code").message


def test_items_of_two_provinces_have_no_one_region(tmp_path: Path, earlier: Path) -> None:
    basic = [*BASIC, dict(BASIC[2], task_guid="g-9", task_code="33TEST", area_code="330000")]
    found = problems(write_export(tmp_path / "src", basic=basic), earlier)
    assert "(浙江省、广东省)" in one(found, "src", None, "area_code").message


def test_an_item_the_catalogue_schema_refuses(tmp_path: Path, earlier: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def build_badly(*args: object) -> Built:
        built = real_build(*args)  # type: ignore[arg-type]  # the run's own arguments, passed on
        if built.entry["code"] == "11440100TEST0002":
            built.entry["visits"] = -1
        return built

    real_build = items.build
    monkeypatch.setattr(run, "build", build_badly)
    found = problems(write_export(tmp_path / "src"), earlier)
    assert "visits" in one(found, BASIC_CSV, 3, None).message


def test_every_problem_is_listed_in_one_run(tmp_path: Path) -> None:
    basic = [
        dict(BASIC[0], task_name=""),
        dict(BASIC[1], limit_scene_num="两次"),
        BASIC[2],
        dict(BASIC[2], task_guid="g-4"),
    ]
    material = [*MATERIAL, {**MATERIAL[0], "task_guid": "g-404"}]
    found = problems(write_export(tmp_path / "src", basic=basic, material=material), tmp_path / "out")
    assert [(p.row, p.column) for p in found] == [
        (5, "task_code"),
        (7, "task_guid"),
        (2, "task_name"),
        (3, "limit_scene_num"),
    ]
    assert not (tmp_path / "out").exists()


def test_a_source_without_the_basic_table(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    write_jsonl(source / "up_task_general_material.jsonl", MATERIAL)
    found = problems(source, tmp_path / "out")
    assert "up_task_general_basic" in one(found, "src", None, None).message
