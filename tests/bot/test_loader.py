from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue.loader import CatalogueError, load_catalogue
from bot.settings import PROJECT_ROOT
from tests.conftest import FIXTURES

REQUIRED_SERVICES = {
    "居民身份证换领（有效期满）",
    "居民身份证补领（遗失）",
    "居住证申领",
    "出生登记（新生儿入户）",
    "结婚登记",
    "普通护照申领",
    "社会保障卡申领",
    "医保异地就医备案",
    "住房公积金提取（租房）",
    "个体工商户设立登记",
    "机动车驾驶证期满换证",
    "无犯罪记录证明开具",
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", target)
    return target


def edit(path: Path, change: Callable[[Any], object]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(directory)
    return caught.value.problems


def test_fixture_catalogue_loads(catalogue) -> None:
    assert set(catalogue.services) == {"t-id-renewal", "t-id-replacement", "t-marriage"}
    assert catalogue.services["t-id-renewal"].materials[1].shared is True


def test_unknown_key_names_file_service_and_field(copy: Path) -> None:
    path = copy / "services/demo/renewal.yml"
    edit(path, lambda d: d["materials"][0].update(colour="red"))
    [problem] = problems_of(copy)
    assert str(path) in problem and "t-id-renewal" in problem and "materials[0].colour" in problem


def test_dangling_material_ref(copy: Path) -> None:
    edit(copy / "services/demo/renewal.yml", lambda d: d["materials"][0].update(ref="no-such-thing"))
    [problem] = problems_of(copy)
    assert "materials[0].ref" in problem and "no-such-thing" in problem


def test_condition_must_name_a_question_of_the_service(copy: Path) -> None:
    edit(copy / "services/demo/renewal.yml", lambda d: d["materials"][2].update(required="when:agent"))
    problems = problems_of(copy)
    assert any("materials[2].required" in p and "when:agent" in p for p in problems)
    assert any("'minor' changes no material" in p for p in problems)


@pytest.mark.parametrize("field", ["last_verified", "name", "materials", "sources"])
def test_missing_required_field(copy: Path, field: str) -> None:
    edit(copy / "services/demo/renewal.yml", lambda d: d.pop(field))
    [problem] = problems_of(copy)
    assert f"field {field}: field required" in problem


def test_negative_numbers_rejected(copy: Path) -> None:
    edit(copy / "services/demo/renewal.yml", lambda d: d["fees"][0].update(yuan=-1))
    [problem] = problems_of(copy)
    assert "fees[0].yuan" in problem


def test_all_problems_reported_at_once(copy: Path) -> None:
    edit(copy / "services/demo/renewal.yml", lambda d: d.update(visits=-1))
    edit(copy / "services/demo/marriage.yml", lambda d: d["materials"][0].update(form="扫描件"))
    problems = problems_of(copy)
    assert len(problems) == 2


def test_duplicate_service_id(copy: Path) -> None:
    edit(copy / "services/demo/replacement.yml", lambda d: d.update(id="t-id-renewal"))
    [problem] = problems_of(copy)
    assert "replacement.yml" in problem and "duplicate id" in problem


def test_alias_shared_by_two_services(copy: Path) -> None:
    edit(copy / "services/demo/replacement.yml", lambda d: d["aliases"].append("身份证到期"))
    [problem] = problems_of(copy)
    assert "'身份证到期' also names service t-id-renewal" in problem


def test_alias_shared_by_two_materials_is_ambiguous(copy: Path) -> None:
    edit(copy / "materials.yml", lambda d: d["materials"][1]["aliases"].append("身份证"))
    [problem] = problems_of(copy)
    assert "'身份证' also names material id-card" in problem


def test_broken_yaml_is_reported_not_raised(copy: Path) -> None:
    (copy / "services/demo/broken.yml").write_text("id: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(copy)
    assert "broken.yml: cannot read YAML" in problem


def test_the_shipped_catalogue_is_valid_and_complete() -> None:
    catalogue = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    names = {s.name for s in catalogue.services.values()}
    assert names >= REQUIRED_SERVICES
    for service in catalogue.services.values():
        assert service.sources and len(service.aliases) >= 3, service.id
