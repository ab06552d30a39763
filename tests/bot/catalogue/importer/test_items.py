from __future__ import annotations

import pytest

from bot.catalogue.importer.items import form_from_words, phones, service_id


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("咨询电话：020-12345678（工作日）", "020-12345678"),
        ("020-83527072；020-83805040", "020-83527072、020-83805040"),
        ("拨打12348或020-86350683", "12348、020-86350683"),
        ("(020)83882222", "(020)83882222"),
        ("020- 83835328", "020-83835328"),
        ("020-38356454转1", "020-38356454转1"),
        ("400-830-8300", "400-830-8300"),
        ("受理时间：周一至周五上午08：30-12:00；邮编510000；http://x.gov.cn/1234567", ""),
    ],
)
def test_phones_are_the_numbers_only(text: str, numbers: str) -> None:
    assert phones(text) == numbers


@pytest.mark.parametrize(
    ("label", "form"),
    [
        ("身份证原件及复印件", "原件和复印件"),
        ("结婚证原件", "原件"),
        ("户口本复印件", "复印件"),
        ("照片电子版", "电子"),
        ("合同扫描件", "电子"),
        ("申请表", None),
    ],
)
def test_the_form_from_the_words_of_the_name(label: str, form: str | None) -> None:
    assert form_from_words(label) == form


def test_ids_are_the_prefix_and_the_code() -> None:
    assert service_id("gd", "11440000006939756B2440101007000") == "gd-11440000006939756b2440101007000"
    assert service_id("imp", "TC_2026.01") == "imp-tc-2026-01"
