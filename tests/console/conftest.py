"""One running console for the whole console test run, seeded with three handovers (WeChat,
hotline, REST), unanswered questions and ratings; Rasa and WeChat are local fakes. The service
catalogue is loaded into its database by the tests that need it (`loaded_catalogue`), and the
citizens' trip reports by those of the outcomes pages (`recorded_outcomes`)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue, Event, Service
from bot.catalogue.store import save_catalogue
from bot.db import make_engine, utc_now
from bot.handover import feedback, store, tables
from bot.handover.model import Context, NewHandover, Reason
from bot.outcomes.model import Cause, Report, Trips
from bot.outcomes.store import record_outcome
from console.localtime import BEIJING, today
from tests.console.harness import Client, RunningConsole, add_account, console_env, running_console
from tests.fakes import FakeRasa, FakeWeChatApi, fake_rasa, fake_wechat_api, free_port

USER, PASSWORD = "operator1", "correct horse battery"
SPARE_USER, SPARE_PASSWORD = "operator2", "another long password"  # for the throttle test
ID_NUMBER, MOBILE = "11010519491231002X", "13812345678"
ID_MASKED, MOBILE_MASKED = "110105********002X", "138****5678"
CALLBACK = "13900001111"
WECHAT_OPENID = "oWECHAT_openid_citizen_0001"
SECOND_OPENID = "oWECHAT_openid_citizen_0002"
UNTOUCHED_OPENID = "oWECHAT_openid_citizen_0003"  # a handover no test takes
HOTLINE_CALLER = "+8613900001111"
REST_SENDER = "rest-sender-0001"
PROGRESS_WORDS = "帮我查一下办理进度"  # only in the WeChat transcript, for the search test
IMPORTED_COUNT = 60  # with the fixture's 3 entries: two pages of the catalogue view
IMPORTED_URL = "https://zwfw.example.gov.cn/item?code=1133TEST0007"


@dataclass
class Deployment:
    console: RunningConsole
    rasa: FakeRasa
    wechat: FakeWeChatApi
    database_url: str
    engine: Engine
    ids: dict[str, int]  # wechat, wechat2, untouched, hotline, rest, question
    tmp: Path

    @property
    def url(self) -> str:
        return self.console.url


def _events(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    start = time.time() - 600
    return [
        {"event": kind, "text": text, "timestamp": start + 30 * i, **({"metadata": {}} if kind == "bot" else {})}
        for i, (kind, text) in enumerate(turns)
    ]


def _seed(engine: Engine, rasa: FakeRasa) -> dict[str, int]:
    tables.create_tables(engine)
    rasa.conversations[WECHAT_OPENID] = _events(
        ("user", "你好，我想办护照"),
        ("bot", "【普通护照申领】需要准备的材料：居民身份证、近期证件照。"),
        ("user", f"我的身份证号是{ID_NUMBER}，手机{MOBILE}，{PROGRESS_WORDS}"),
        ("bot", "好的，正在为您转接人工服务。"),
    )
    rasa.conversations[SECOND_OPENID] = _events(("user", "转人工"), ("bot", "正在为您转接人工服务。"))
    rasa.conversations[HOTLINE_CALLER] = _events(("user", "嗯 那个 身份证 过期"), ("bot", "抱歉，没有听清。"))
    rasa.conversations[REST_SENDER] = _events(("user", "渔船登记怎么办"), ("bot", "抱歉，目录里没有这项服务。"))

    def open_(channel: str, conversation: str, reason: Reason, asked: str, **extra: Any) -> int:
        handover_id, _ = store.open_handover(
            engine, NewHandover(channel, conversation, f"u-{channel}{len(conversation):012d}", reason, asked, **extra)
        )
        return handover_id

    ids = {
        "wechat": open_(
            "wechat",
            WECHAT_OPENID,
            Reason.ASKED_FOR_PERSON,
            f"我的身份证号是{ID_NUMBER}",
            context=Context(services=["普通护照申领"], held=["居民身份证"], missing=["近期证件照"]),
        ),
        "wechat2": open_("wechat", SECOND_OPENID, Reason.ASKED_FOR_PERSON, "转人工"),
        "untouched": open_("wechat", UNTOUCHED_OPENID, Reason.COMPLAINT, "我要投诉"),
        "hotline": open_(
            "hotline",
            HOTLINE_CALLER,
            Reason.NOT_UNDERSTOOD,
            "身份证过期",
            context=Context(services=["居民身份证换领"]),
            callback_phone=CALLBACK,
        ),
        "rest": open_("rest", REST_SENDER, Reason.NOT_IN_CATALOGUE, "渔船登记怎么办"),
    }
    for text in ("渔船登记怎么办？", "渔船登记怎么办", "我要办<b>游艇</b>牌照"):
        feedback.record_unanswered(engine, "rest", REST_SENDER, "u-rest", Reason.NOT_IN_CATALOGUE, text)
    feedback.record_unanswered(engine, "wechat", WECHAT_OPENID, "u-wechat", Reason.NOT_UNDERSTOOD, f"{ID_NUMBER}是什么")
    ids["question"] = feedback.list_unanswered(engine)[0]["id"]  # the newest: the WeChat conversation
    feedback.record_rating(engine, "wechat", "u-wechat", 5, ids["wechat"])
    feedback.record_rating(engine, "wechat", "u-wechat", 3, None)
    return ids


@contextmanager
def deployed(tmp: Path) -> Iterator[Deployment]:
    """A seeded console in `tmp`: one per session here; the fuzz tests start their own, so what
    they do (and the sign-in throttle they trip) cannot leak into these tests."""
    database_url = f"sqlite:///{tmp / 'console.db'}"
    engine = make_engine(database_url)
    with fake_rasa() as rasa, fake_wechat_api() as wechat:
        ids = _seed(engine, rasa)
        env = console_env(database_url, free_port(), rasa.url, rasa.token, wechat.url)
        for name, password in ((USER, PASSWORD), (SPARE_USER, SPARE_PASSWORD)):
            assert add_account(env, name, password).returncode == 0
        with running_console(env, tmp / "console.log") as console:
            yield Deployment(console, rasa, wechat, database_url, engine, ids, tmp)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployed(tmp_path_factory.mktemp("console")) as running:
        yield running


@pytest.fixture
def anonymous(deployment: Deployment) -> Client:
    return Client(deployment.url)


@pytest.fixture
def client(deployment: Deployment) -> Client:
    signed_in = Client(deployment.url)
    assert signed_in.login(USER, PASSWORD).status == 303
    return signed_in


def imported_service(number: int) -> Service:
    """An imported entry as the sources often have it: no fees, no time limit, no phone, and a
    material that links to no glossary entry and gives no form."""
    code = f"1133TEST{number:04d}"
    return Service.parse_obj(
        {
            "id": f"imp-{number:03d}",
            "name": f"导入事项{number:03d}",
            "code": code,
            "region": "测试省",
            "category": "导入",
            "department": "测试市场监管局",
            "audience": "法人",
            "conditions": "依法设立的企业。",
            "materials": [{"label": "申请表"}],
            "time_limit": {},
            "visits": 1,
            "online": {"available": False},
            "provenance": {
                "source": "测试省政务服务网",
                "task_code": code,
                "imported": dt.date(2026, 5, 1),
                "url": f"https://zwfw.example.gov.cn/item?code={code}",
            },
        }
    )


@pytest.fixture
def loaded_catalogue(deployment: Deployment, catalogue: Catalogue) -> Catalogue:
    """The fixture catalogue and IMPORTED_COUNT imported entries, in the console's database."""
    imported = [imported_service(n) for n in range(1, IMPORTED_COUNT + 1)]
    full = catalogue.copy(update={"services": {**catalogue.services, **{s.id: s for s in imported}}})
    save_catalogue(deployment.engine, full)
    return full


EVENT_ID = "test-newborn"
EVENT_NAME = "测试新生儿出生一件事"
CHECKLIST = "【居民身份证换领（有效期满）】需要准备的材料：\n1. 居民身份证\n2. 证件照片"
MARRIAGE_PAPER = "单位开的婚姻状况证明"


def sample_event() -> Event:
    return Event.parse_obj(
        {
            "id": EVENT_ID,
            "name": EVENT_NAME,
            "steps": [{"service": "t-id-renewal"}, {"service": "t-marriage"}],
            "last_verified": dt.date(2026, 5, 1),
            "sources": ["测试"],
        }
    )


@pytest.fixture
def outcome_catalogue(deployment: Deployment, loaded_catalogue: Catalogue) -> Catalogue:
    """The loaded catalogue with one life event, so the outcomes pages can name an event."""
    full = loaded_catalogue.copy(update={"events": {EVENT_ID: sample_event()}})
    save_catalogue(deployment.engine, full)
    return full


@dataclass(frozen=True)
class Recorded:
    """What `recorded_outcomes` put in the console's database, and what the pages should say."""

    outcome_ids: list[int]
    old_id: int  # 200 days ago: outside the default period


# (days ago, item, trips, cause, material key, citizen's words, listed)
OUTCOMES: list[tuple[int, str, Trips, Cause, str | None, str, bool]] = [
    (1, "t-id-renewal", Trips.ONE, Cause.NONE, None, "", True),
    (8, "t-id-renewal", Trips.ONE, Cause.NONE, None, "", True),
    (8, "t-id-renewal", Trips.TWO, Cause.MISSING_MATERIAL, "hukou-book", f"户口本，我电话{MOBILE}", False),
    (15, "t-id-renewal", Trips.ONLINE, Cause.NONE, None, "", True),
    (1, "t-marriage", Trips.TWO, Cause.WINDOW_CLOSED, None, "", True),
    (22, "t-marriage", Trips.MORE, Cause.MISSING_MATERIAL, None, MARRIAGE_PAPER, False),
    (1, f"event:{EVENT_ID}", Trips.ONE, Cause.NONE, None, "", True),
    (15, f"event:{EVENT_ID}", Trips.NOT_DONE, Cause.SENT_ELSEWHERE, None, "", True),
    (2, "t-id-replacement", Trips.UNKNOWN, Cause.SYSTEM_DOWN, None, "", True),
]


@pytest.fixture(scope="session")
def recorded_outcomes(deployment: Deployment) -> Recorded:
    """Nine reports in the last four weeks and one long before: per item 75 % (身份证换领,
    3 of 4), 0 % (结婚登记), 50 % (the event), one that does not say how many trips; overall 4
    of 8. Two were sent back for a material the checklist lacked: two catalogue problems."""
    # Noon in Beijing of the day `days_ago` days back, stored as naive UTC: a report an hour
    # before now would fall on the day before yesterday between 00:00 and 01:00 Beijing time.
    noon = dt.datetime.combine(today(), dt.time(12), BEIJING).astimezone(dt.timezone.utc).replace(tzinfo=None)
    now = utc_now()
    ids = []
    for n, (days_ago, item, trips, cause, key, words, listed) in enumerate(OUTCOMES):
        outcome_id, recorded = record_outcome(
            deployment.engine,
            channel="wechat",
            citizen_ref=f"u-outcome{n:08d}",
            item=item,
            region="测试省",
            report=Report(trips, cause, key, words),
            checklist=CHECKLIST,
            listed=listed,
            followup_id=None,
            now=noon - dt.timedelta(days=days_ago),
        )
        assert recorded
        ids.append(outcome_id)
    old_id, _ = record_outcome(
        deployment.engine,
        channel="hotline",
        citizen_ref="u-outcome-old",
        item="t-id-replacement",
        region="测试省",
        report=Report(Trips.TWO, Cause.OTHER),
        checklist="",
        listed=True,
        followup_id=None,
        now=now - dt.timedelta(days=200),
    )
    return Recorded(ids, old_id)
