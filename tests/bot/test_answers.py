from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import answers
from bot.catalogue.loader import load_catalogue
from bot.checklist import check_materials
from bot.settings import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_materials_name_service_forms_conditions_and_verification_date(catalogue) -> None:
    renewal = catalogue.services["t-id-renewal"]
    text = answers.materials_text(catalogue, renewal)
    assert text.startswith("【居民身份证换领（有效期满）】")
    assert "1. 原居民身份证（原件，1份）" in text
    assert "证件照片（电子，1份）——免提交，由部门通过数据共享获取；现场采集" in text
    assert "居民户口簿（原件，1份）——仅当申请人未满16周岁" in text
    assert "信息核对于2026-06-01" in text and "0571-00000000" in text


def test_fees_free_paid_and_unknown(catalogue) -> None:
    fees = answers.fees_text(catalogue.services["t-marriage"])
    assert "收费：不收费：结婚登记免费。" in fees and "依据" not in fees.split("\n")[0]  # the basis on request
    assert "结婚登记免费（依据：测试依据）" in answers.details_text(catalogue.services["t-marriage"])
    unknown = catalogue.services["t-marriage"].copy(update={"fees": []})
    assert "收费：目录中暂未收录收费信息" in answers.fees_text(unknown)
    assert "工本费20元（依据：测试依据）" in answers.details_text(catalogue.services["t-id-renewal"])


def test_unknown_details_are_said_to_be_unknown(catalogue) -> None:
    replacement = catalogue.services["t-id-replacement"]
    assert "暂未收录具体地点" in answers.location_text(replacement)
    assert "12345" in answers.footer(replacement)
    assert "户政窗口；具体地址目录中暂未收录；时间：工作日 9:00-17:00" in answers.location_text(
        catalogue.services["t-id-renewal"]
    )


def test_time_limit_and_visits(catalogue) -> None:
    assert "法定办结时限60个工作日，承诺10个工作日内办结" in answers.time_limit_text(catalogue.services["t-id-renewal"])
    online = answers.online_text(catalogue.services["t-marriage"])
    assert "可以网上办理：网上预约" in online and "全程网上办理，不用跑腿" in online


def test_check_text_gives_a_verdict(catalogue) -> None:
    renewal = catalogue.services["t-id-renewal"]
    missing = answers.check_text(catalogue, check_materials(renewal, [], {"minor": True}), ["房本"])
    assert "还缺：" in missing and "结论：还缺2项：原居民身份证、居民户口簿" in missing
    assert "没能识别的材料：房本" in missing
    complete = answers.check_text(catalogue, check_materials(renewal, ["id-card"], {"minor": False}), [])
    assert "结论：材料齐全，可以一次办结。" in complete and "不用带（部门共享获取）：证件照片" in complete


def test_choices_are_numbered(catalogue) -> None:
    text = answers.choices_text([catalogue.services["t-id-renewal"], catalogue.services["t-id-replacement"]])
    assert "1. 居民身份证换领（有效期满）\n2. 居民身份证补领（遗失）\n请回复1或2。" in text


def test_numbers_read_naturally() -> None:
    assert [answers.numbers_text(n) for n in (1, 2, 3)] == ["1", "1或2", "1、2或3"]


def test_capabilities_name_the_catalogue_s_own_services(catalogue) -> None:
    said = answers.capabilities_text(catalogue)
    named = [s.short_name for s in catalogue.services.values() if s.short_name in said]
    assert len(named) == min(len(catalogue.services), answers.MAX_NAMED)
    assert "核对材料" in said and "转人工" in said


@pytest.mark.parametrize(
    "directory", [PROJECT_ROOT / "data" / "catalogue", FIXTURES / "catalogue", FIXTURES / "imported"]
)
def test_every_written_answer_says_its_days_properly(directory: Path) -> None:
    """ "15个日" was a wording bug: calendar days are 天, working days 个工作日, none is 0 days."""
    catalogue = load_catalogue(directory)
    for service in catalogue.services.values():
        written = answers.overview_text(catalogue, service) + answers.time_limit_text(service)
        assert not re.search(r"个日|个自然日|个天|[^0-9]0个工作日|[^0-9]0天", written), (service.id, written)


def test_whether_it_can_be_done_away_from_home_is_answered_from_the_catalogue() -> None:
    curated = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    passport = next(s for s in curated.services.values() if s.name == "普通护照申领")
    assert passport.elsewhere.area == "全国" and "可以异地办理" in answers.elsewhere_text(passport)
    unknown = next(s for s in curated.services.values() if not s.elsewhere.area)
    assert "没有写明能否异地办理" in answers.elsewhere_text(unknown)
