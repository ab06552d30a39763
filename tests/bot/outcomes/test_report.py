"""Reading how it went: trips, the cause and the material, in citizens' words."""

from __future__ import annotations

import pytest

from bot.catalogue.loader import load_catalogue
from bot.outcomes.model import Cause, Trips
from bot.outcomes.report import is_report, read_report, withdraws
from bot.settings import PROJECT_ROOT

CURATED = load_catalogue(PROJECT_ROOT / "data" / "catalogue")


@pytest.mark.parametrize(
    ("text", "trips", "cause"),
    [
        ("办好了，一次就办成了", Trips.ONE, Cause.NONE),
        ("跑了两次", Trips.TWO, Cause.NONE),  # no reason given
        ("去了三趟才办下来，第一次系统坏了", Trips.MORE, Cause.SYSTEM_DOWN),
        ("第二次去才办好，头一回去人家下班了", Trips.TWO, Cause.WINDOW_CLOSED),
        ("网上就办好了，一趟没跑", Trips.ONLINE, Cause.NONE),
        ("还没办成，说要去户籍地办", Trips.NOT_DONE, Cause.SENT_ELSEWHERE),
        ("白跑一趟，还要结婚证复印件", Trips.NOT_DONE, Cause.MISSING_MATERIAL),
        ("白跑了一趟，第二天带上户口本才办好", Trips.TWO, Cause.MISSING_MATERIAL),
        ("阿拉一趟就弄好了", Trips.ONE, Cause.NONE),
        ("请问社保卡怎么办", Trips.UNKNOWN, Cause.NONE),
    ],
)
def test_trips_and_cause(text: str, trips: Trips, cause: Cause) -> None:
    report = read_report(text, CURATED)
    assert (report.trips, report.cause) == (trips, cause)


def test_the_material_is_linked_to_the_glossary_and_kept_in_the_citizen_s_words() -> None:
    report = read_report("白跑一趟，还要结婚证复印件", CURATED)
    assert report.material_key == "marriage-certificate" and report.material_text == "结婚证复印件"
    unknown = read_report("跑了两次，第一次缺单位开的收入证明", CURATED)
    assert unknown.cause is Cause.MISSING_MATERIAL and "收入证明" in unknown.material_text


def test_what_a_report_is_and_withdrawing() -> None:
    assert is_report("跑了两趟才办好") and is_report("一次就办成了") and not is_report("办护照要带什么")
    assert withdraws("不用再问了") and withdraws("别发了") and not withdraws("还要问一下")
