"""Answers for the ear, over every service of every catalogue the tests have: nothing a caller
cannot use (legal basis, document numbers, URLs, brackets, punctuation debris), parts short
enough to remember, the answer asked for first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import situations, spoken
from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue, Service
from bot.checklist import check_materials
from bot.settings import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CATALOGUES = {
    "curated": load_catalogue(PROJECT_ROOT / "data" / "catalogue"),
    "fixture": load_catalogue(FIXTURES / "catalogue"),
    "imported": load_catalogue([FIXTURES / "imported"]),
}
NOT_FOR_THE_EAR = ("依据", "〔", "〕", "《", "》", "，、", "、，", "（", "）", "(", "http", "【", "号文")
EVERY_SERVICE = [(name, sid) for name, c in CATALOGUES.items() for sid in c.services]


def answers(catalogue: Catalogue, service: Service) -> dict[str, list[str]]:
    writers: dict[str, Callable[[], list[str]]] = {
        "overview": lambda: spoken.overview(catalogue, service),
        "materials": lambda: spoken.materials(catalogue, service),
        "conditions": lambda: spoken.conditions(service),
        "location": lambda: spoken.location(service),
        "online": lambda: spoken.online(service),
        "nothing held": lambda: spoken.check(catalogue, check_materials(service, [], {})),
        "everything held": lambda: spoken.check(
            catalogue,
            check_materials(service, [r.key for r in service.materials], {q.id: False for q in service.questions}),
        ),
    }
    return {aspect: write() for aspect, write in writers.items()}


@pytest.mark.parametrize(("catalogue", "service_id"), EVERY_SERVICE)
def test_every_spoken_answer_is_made_for_the_ear(catalogue: str, service_id: str) -> None:
    entries = CATALOGUES[catalogue]
    service = entries.services[service_id]
    for aspect, parts in answers(entries, service).items():
        assert parts, aspect
        for part in parts:
            assert part.strip() and len(part) <= spoken.MAX_PART, (aspect, part)
            assert not [bad for bad in NOT_FOR_THE_EAR if bad in part], (aspect, part)
            assert part.endswith(("。", "？")), (aspect, part)
    ask = situations.next_ask(service, [q.id for q in service.questions])
    if ask:
        assert not [bad for bad in NOT_FOR_THE_EAR if bad in spoken.situation(ask)]


def test_a_fee_is_said_without_its_legal_basis_or_document_number() -> None:
    catalogue = CATALOGUES["curated"]
    replacement = next(s for s in catalogue.services.values() if s.name.startswith("居民身份证补领"))
    assert any(fee.basis for fee in replacement.fees)  # the written answer cites it
    said = spoken.fees(replacement)
    assert said.startswith("要交") and "40元" in said and "依据" not in said


def test_the_materials_are_counted_before_they_are_listed() -> None:
    catalogue = CATALOGUES["fixture"]
    parts = spoken.materials(catalogue, catalogue.services["t-id-replacement"])
    assert parts[0].startswith("办") and "要带" in parts[0] and "样" in parts[0]
    assert parts[1].startswith("第1样，")


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("县（市、区）公安局", "县公安局"),
        ("户口登记表（原件）、本人相片", "户口登记表、本人相片"),
        ("依《居民身份证法》办理", "依居民身份证法办理"),
        ("发改价格〔2003〕2322号文件规定", "文件规定"),
        ("网上办理：https://zwfw.example.gov.cn/x 即可", "网上办理：即可"),
        ("材料（复印件（加盖公章））齐全", "材料齐全"),
    ],
)
def test_what_only_a_reader_needs_is_left_out_without_debris(written: str, heard: str) -> None:
    assert spoken.plain(written) == heard


def test_counts_are_said_as_a_caller_would() -> None:
    assert [spoken.count_word(n) for n in (1, 2, 3, 10, 11)] == ["一", "两", "三", "十", "11"]


def test_a_phone_number_is_said_as_the_digits_to_dial() -> None:
    assert spoken.phone("(020)8762-3552") == "02087623552"


def test_an_open_bracket_the_source_left_is_not_read() -> None:
    assert spoken.plain("由查询人自主登录信用中国（") == "由查询人自主登录信用中国"


def test_a_part_without_a_pause_is_cut_short_enough() -> None:
    name = "广东省立中山图书馆" * 12
    assert all(len(part) <= spoken.MAX_PART for part in spoken.short_parts([f"{name}要带什么，目录里还没有收录。"]))
