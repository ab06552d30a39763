"""Several catalogues, several regions: the home region's entry unless the citizen names another
place, sub-items chosen by the citizen's own words, places never taken for service words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import answers
from bot.assistant import Assistant
from bot.catalogue.loader import CatalogueError, load_catalogue
from bot.catalogue.schema import Catalogue
from bot.checklist import check_materials, find_materials
from bot.state import Aspect, State
from tests.conftest import FIXTURES

IMPORTED = FIXTURES / "imported"


@pytest.fixture(scope="module")
def both() -> Catalogue:
    return load_catalogue([FIXTURES / "catalogue", IMPORTED])


@pytest.fixture(scope="module")
def assistant(both: Catalogue) -> Assistant:
    return Assistant(both)


def test_directories_merge_and_the_first_is_home(both: Catalogue) -> None:
    assert both.home_region == "测试省"
    assert both.services["t-marriage"].region == "测试省"  # from its directory's catalogue.yml
    assert both.services["imp-marriage-city"].region == "样城市"
    assert both.regions["样城市"].within == "示例省"


def test_home_region_can_be_named(both: Catalogue) -> None:
    assert load_catalogue([FIXTURES / "catalogue", IMPORTED], home_region="示例省").home_region == "示例省"
    with pytest.raises(CatalogueError, match="home region '火星'"):
        load_catalogue([FIXTURES / "catalogue", IMPORTED], home_region="火星")


def test_a_directory_must_say_its_region(tmp_path: Path) -> None:
    shutil.copytree(IMPORTED, tmp_path / "imp")
    (tmp_path / "imp" / "catalogue.yml").unlink()
    with pytest.raises(CatalogueError, match="must name the region"):
        load_catalogue(tmp_path / "imp")


def test_the_same_id_in_two_directories_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(IMPORTED, tmp_path / "a")
    shutil.copytree(IMPORTED, tmp_path / "b")
    with pytest.raises(CatalogueError, match="imp-guard-new: field id: duplicate id"):
        load_catalogue([tmp_path / "a", tmp_path / "b"])


def test_a_curated_entry_replaces_the_imported_one_of_its_region_and_code(tmp_path: Path) -> None:
    shutil.copytree(IMPORTED, tmp_path / "imp")
    path = tmp_path / "imp/services/curated.yml"
    curated = yaml.safe_load((IMPORTED / "services/marriage-city.yml").read_text(encoding="utf-8"))
    del curated["provenance"]
    curated |= {"id": "cur-marriage", "last_verified": "2026-06-01", "sources": ["样城市民政局办事指南"]}
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "imp")
    assert "cur-marriage" in catalogue.services and "imp-marriage-city" not in catalogue.services
    curated |= {"code": "", "replaces": ["imp-guard-lost"]}
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "imp")
    assert "imp-guard-lost" not in catalogue.services and "imp-marriage-city" in catalogue.services


def test_home_region_answers_unless_another_place_is_named(assistant: Assistant) -> None:
    home = assistant.resolve("领结婚证要带什么", State())
    assert home.service is not None and home.service.id == "t-marriage"
    elsewhere = assistant.resolve("在样城领结婚证要带什么", State())
    assert elsewhere.service is not None and elsewhere.service.id == "imp-marriage-city"


def test_a_place_named_prefers_its_own_entry_over_the_province_wide_one(assistant: Assistant) -> None:
    meant = assistant.resolve("在样城市办港澳通行证商务签注要带什么", State())
    assert meant.service is not None and meant.service.id == "imp-permit-city"


def test_an_item_only_another_region_has_is_answered_and_says_its_region(assistant: Assistant) -> None:
    turn = assistant.answer(Aspect.MATERIALS, "保安员证丢了怎么补", State())
    assert "【保安员证核发(遗失补发保安员证)】" in turn.replies[0].text
    assert "适用地区：示例省" in turn.replies[0].text and "测试交换表" in turn.replies[0].text


def test_a_place_without_a_catalogue_is_said_plainly(assistant: Assistant) -> None:
    turn = assistant.answer(Aspect.MATERIALS, "在B3市领结婚证要带什么", State())
    assert turn.replies[0].text.startswith("抱歉，目前还没有B3市的办事指南")
    assert "【结婚登记】" in turn.replies[0].text
    assert turn.followup is None  # B3市 is a place, not a service we lack


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("保安员证丢了", "imp-guard-lost"),
        ("保安员证找不到了要补一个", "imp-guard-lost"),
        ("第一次办保安员证", "imp-guard-new"),
    ],
)
def test_the_citizens_situation_picks_the_sub_item(assistant: Assistant, text: str, service_id: str) -> None:
    meant = assistant.resolve(text, State())
    assert meant.service is not None and meant.service.id == service_id


def test_siblings_without_a_situation_are_offered_as_choices(assistant: Assistant) -> None:
    meant = assistant.resolve("保安员证怎么办", State())
    assert {s.id for s in meant.candidates} == {"imp-guard-new", "imp-guard-lost"}


def test_generic_words_in_a_name_are_not_needed_to_find_it(assistant: Assistant) -> None:
    result, _ = assistant.search("保安员证要什么材料")
    assert {m.service.id for m in result.matches[:2]} == {"imp-guard-new", "imp-guard-lost"}
    assert result.matches[0].phrase == "保安员证"


def test_unlinked_materials_are_recognised_by_their_own_words(both: Catalogue) -> None:
    service = both.services["imp-guard-new"]
    stated = find_materials("我有身份证和培训合格证明", both, service=service)
    result = check_materials(service, stated.held, {})
    assert result.complete and not stated.unknown
    assert both.material_name(service.materials[1].key) == "保安员培训合格证明"


def test_unknown_details_are_said_to_be_unknown(both: Catalogue) -> None:
    service = both.services["imp-guard-lost"]
    text = answers.materials_text(both, service)
    assert "1. 本人身份证\n2. 遗失声明\n带原件还是复印件、各几份，目录中未注明" in text
    assert "目录中暂未收录收费信息，请向办理窗口或12345政务服务便民热线核实" in answers.fees_text(service)
    assert "如有疑问可拨打12345" in answers.footer(service)  # no phone in the source
    permit = both.services["imp-permit-city"]
    assert "目录中暂未收录这项业务的材料清单" in answers.materials_text(both, permit)
    guard = both.services["imp-guard-new"]  # its phone is the one to ask
    assert "请向办理窗口或咨询电话020-1234567核实" in answers.fees_text(guard)
    assert "居民身份证（正反面）（复印件）" in answers.materials_text(both, guard)


@pytest.mark.parametrize("text", ["我想在市里办结婚证", "社区能办吗", "在城市里生活"])
def test_words_that_only_end_like_a_place_are_not_places(assistant: Assistant, text: str) -> None:
    assert assistant.places.find(text).unknown == []


def test_place_words_are_vocabulary_not_unknown_service_words(assistant: Assistant) -> None:
    assert "样城" in assistant.catalogue.vocabulary()
    meant = assistant.resolve("样城市的人怎么办火箭发射许可", State())
    assert meant.unknown_terms and not any("样城" in t for t in meant.unknown_terms)
