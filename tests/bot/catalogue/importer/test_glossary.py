"""Material names link to the glossary when they plainly mean a glossary material, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.glossary import Glossary, forms_of, load_glossary
from bot.catalogue.importer.run import DEFAULT_GLOSSARY

PLACES = ("广东省", "广东", "广州市", "广州")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(DEFAULT_GLOSSARY, Findings())


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("居民身份证（正反面）", "id-card"),
        ("身份证明", "id-card"),
        ("本人身份证", "id-card"),
        ("申请人身份证复印件", "id-card"),
        ("有效身份证件原件", "id-card"),
        ("居民身份证原件及复印件一份", "id-card"),
        ("户口本", "hukou-book"),
        ("广东省居民户口簿", "hukou-book"),  # a region's name before it
        ("《居民户口簿》", "hukou-book"),
        ("广东省居住证", "residence-permit"),
        ("监护人身份证明", "agent-id-card"),  # the longest glossary word decides
        ("企业营业执照", "business-licence"),  # a glossary word covering most of the name
        ("相片", "photo"),
    ],
)
def test_names_that_mean_a_glossary_material(glossary: Glossary, name: str, ref: str) -> None:
    assert glossary.link(name, PLACES) == ref


@pytest.mark.parametrize(
    "name",
    [
        "军人身份证明",  # someone else's document, not a 居民身份证
        "台湾身份证件",
        "其他身份证件",
        "营业执照等申请人身份证明文件",  # two documents
        "身份证及户口簿",
        "普通话等级证书",  # nothing in the glossary
        "申请人未满16周岁未办理身份证的交验户口簿",  # a glossary word covering little of it
    ],
)
def test_names_that_stay_unlinked(glossary: Glossary, name: str) -> None:
    assert glossary.link(name, PLACES) is None


def test_stripping_goes_from_the_name_to_its_core() -> None:
    assert forms_of("申请人身份证复印件（正反面）一份") == [
        "申请人身份证复印件(正反面)一份",  # full-width brackets folded
        "申请人身份证复印件一份",  # notes out
        "申请人身份证",  # form words out
        "身份证",  # owner words out
    ]


def test_a_glossary_that_is_not_one_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "materials.yml"
    path.write_text("materials:\n  - {id: Bad Id, name: 身份证}\n", encoding="utf-8")
    load_glossary(path, findings := Findings())
    [problem] = findings.problems
    assert problem.file == str(path) and problem.column == "materials[0]"
