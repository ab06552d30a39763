"""Life events (一件事): validated like services, recognised from stories, answered as one merged
checklist that names every material once and drops none a step needs, checked in at most two
questions."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import event_answers, events
from bot.assistant import Assistant
from bot.catalogue.loader import CatalogueError, load_catalogue
from bot.catalogue.meaning import Meaning
from bot.catalogue.schema import Event
from bot.catalogue.store import read_catalogue, save_catalogue
from bot.settings import PROJECT_ROOT
from bot.state import Aspect, SituationQuestion, State
from bot.text import clean_for_understanding
from tests.conftest import FIXTURES

CURATED = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
EVENTS = sorted(CURATED.events)
REQUIRED_EVENTS = {
    "newborn",
    "retirement",
    "restaurant",
    "second-hand-home",
    "marriage",
    "id-card-lost",
    "company-opening",
    "disability",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """With the meaning of words: stories are recognised in phrasings no event lists."""
    return Assistant(CURATED, Meaning.for_catalogue(CURATED, tmp_path_factory.mktemp("meaning")))


def test_the_required_events_are_in_the_catalogue_with_sources() -> None:
    assert set(CURATED.events) >= REQUIRED_EVENTS
    for event in CURATED.events.values():
        assert event.sources and event.last_verified and len(event.steps) >= 2


# -- validation -------------------------------------------------------------------------------


def event_file(**changes: Any) -> dict[str, Any]:
    event = {
        "id": "card-trouble",
        "name": "证件一件事",
        "aliases": ["证件全丢了"],
        "summary": "先补领，再办别的。",
        "questions": [{"id": "married", "ask": "是否已婚？"}],
        "steps": [
            {"service": "t-id-replacement", "produces": ["id-card"]},
            {"service": "t-marriage", "when": "when:married", "shared": ["id-card"]},
        ],
        "together": [{"steps": ["t-id-replacement", "t-marriage"], "how": "window"}],
        "last_verified": "2026-12-03",
        "sources": ["a test"],
    }
    return event | changes


def problems_with(tmp_path: Path, event: dict[str, Any]) -> list[str]:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", target)
    (target / "events").mkdir()
    (target / "events" / f"{event['id']}.yml").write_text(yaml.safe_dump(event, allow_unicode=True), encoding="utf-8")
    try:
        load_catalogue(target)
    except CatalogueError as exc:
        return exc.problems
    return []


def test_a_valid_event_loads(tmp_path: Path) -> None:
    assert problems_with(tmp_path, event_file()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"steps": [{"service": "t-id-replacement"}, {"service": "no-such-item"}]}, "'no-such-item' is not a service"),
        (
            {"steps": [{"service": "t-id-replacement"}, {"service": "t-id-replacement", "when": "when:married"}]},
            "already step 1",
        ),
        (
            {"steps": [{"service": "t-id-replacement"}, {"service": "t-marriage", "when": "when:single"}]},
            "'single' names no question",
        ),
        ({"steps": [{"service": "t-id-replacement"}, {"service": "t-marriage"}]}, "'married' decides no step"),
        (
            {
                "steps": [
                    {"service": "t-id-replacement", "shared": ["id-card"]},
                    {"service": "t-marriage", "when": "when:married", "produces": ["id-card"]},
                ]
            },
            "produced by no earlier step",
        ),
        ({"together": [{"steps": ["t-id-renewal", "t-marriage"], "how": "window"}]}, "'t-id-renewal' is not a step"),
        ({"aliases": ["补办身份证"]}, "also names service"),
        ({"colour": "red"}, "colour"),
        ({"sources": []}, "sources"),
    ],
)
def test_a_faulty_event_names_what_is_wrong(tmp_path: Path, changes: dict[str, Any], expected: str) -> None:
    problems = problems_with(tmp_path, event_file(**changes))
    assert any(expected in p and "card-trouble" in p for p in problems), problems


def test_events_are_stored_with_the_catalogue(engine: Any) -> None:
    save_catalogue(engine, CURATED)
    assert read_catalogue(engine).events == CURATED.events


# -- the merged checklist ---------------------------------------------------------------------


def every_answer(event: Event) -> list[dict[str, bool]]:
    """All the ways the event's questions can be answered."""
    combinations: list[dict[str, bool]] = [{}]
    for question in event.questions:
        key = events.EVENT_ANSWER + question.id
        combinations = [c | {key: value} for c in combinations for value in (True, False)]
    return combinations


@pytest.mark.parametrize("event_id", EVENTS)
def test_the_merged_checklist_names_each_material_once_and_drops_none(event_id: str) -> None:
    event = CURATED.events[event_id]
    for answers in every_answer(event):
        plan = events.plan(CURATED, event, answers)
        keys = [item.key for item in plan.items]
        assert len(keys) == len(set(keys))
        for step in (s for s in plan.steps if s.applies):
            for requirement in step.service.materials:
                if requirement.required != "always" or requirement.shared:
                    continue
                item = next(
                    i
                    for i in plan.items
                    if i.key.split("@")[0] == requirement.key and step.number in (*i.steps, *i.shared_at)
                )
                assert item.produced_by is None or item.produced_by < step.number


def test_what_an_earlier_step_produces_is_not_brought_and_shared_is_not_handed_in() -> None:
    plan = events.plan(CURATED, CURATED.events["newborn"], {events.EVENT_ANSWER + "settle-local": True})
    certificate = next(i for i in plan.items if i.key == "birth-medical-certificate")
    assert certificate.produced_by == 1 and 2 in certificate.steps and 3 in certificate.shared_at
    assert certificate not in plan.to_bring
    text = event_answers.overview_text(plan)
    assert "出生医学证明：第1步办好后取得" in text and "不用交（部门共享）" in text


def test_each_office_s_own_form_stays_with_its_step() -> None:
    plan = events.plan(CURATED, CURATED.events["newborn"], {events.EVENT_ANSWER + "settle-local": True})
    forms = [i for i in plan.items if i.key.startswith("application-form")]
    assert len(forms) >= 2 and all(len(i.steps) == 1 for i in forms)


def test_steps_done_together_online_take_no_trip() -> None:
    restaurant = CURATED.events["restaurant"]
    plan = events.plan(CURATED, restaurant, {events.EVENT_ANSWER + "company": False})
    assert plan.trips == 0 and "不用跑" in event_answers.trips_text(plan.trips)
    lost = events.plan(CURATED, CURATED.events["id-card-lost"], {events.EVENT_ANSWER + "urgent": True})
    assert lost.trips == 1  # 补领 and the temporary card at one window


@pytest.mark.parametrize("event_id", EVENTS)
def test_spoken_parts_are_short_and_hold_nothing_only_a_reader_needs(event_id: str) -> None:
    plan = events.plan(CURATED, CURATED.events[event_id])
    for part in event_answers.spoken_overview(plan):
        assert len(part) <= 80
        assert not any(mark in part for mark in ("依据", "〔", "《", "，、", "（", "http"))


# -- recognising and answering ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第二步要带什么", 2),
        ("第3步在哪办", 3),
        ("二步", None),
    ],
)
def test_a_step_is_named_by_its_number(text: str, expected: int | None) -> None:
    assert events.step_number(clean_for_understanding(text)) == expected


def test_a_story_gets_the_whole_event(assistant: Assistant) -> None:
    turn = assistant.answer(Aspect.OVERVIEW, "我孩子刚出生，要办哪些手续", State())
    text = turn.replies[0].text
    assert turn.state.event_id == "newborn" and turn.verdict
    assert "1. 出生医学证明首次签发" in text and "出生登记" in text and "最少跑" in text
    assert all(len(part) <= 80 for part in turn.replies[0].spoken)


def test_a_question_about_one_item_by_name_is_not_an_event(assistant: Assistant) -> None:
    for text, aspect in [("结婚证要带什么材料", Aspect.MATERIALS), ("身份证丢了怎么补办", Aspect.OVERVIEW)]:
        turn = assistant.answer(aspect, text, State())
        assert turn.state.event_id is None and turn.state.service_id is not None


def test_stating_documents_is_not_telling_an_event(assistant: Assistant) -> None:
    assert assistant.check("我有身份证和户口本", State()).state.event_id is None


def test_materials_against_the_whole_event_reach_a_verdict(assistant: Assistant) -> None:
    told = assistant.answer(Aspect.OVERVIEW, "我孩子刚出生，要办哪些手续", State())
    asked = assistant.check("我有身份证、户口本和出生证明，还缺什么", told.state)
    assert isinstance(asked.state.pending, SituationQuestion) and "落户" in asked.replies[0].text
    verdict = assistant.reply_to_pending("是", True, asked.state)
    text = verdict.replies[0].text
    assert verdict.verdict and "还缺" in text and "已有：居民身份证、居民户口簿" in text
    assert "出生医学证明（第1步）" in text  # collected on the way, not missing


@pytest.mark.parametrize("event_id", EVENTS)
def test_every_event_s_check_is_at_most_two_questions_from_its_verdict(assistant: Assistant, event_id: str) -> None:
    state = State(event_id=event_id)
    turn = assistant.event_turn(CURATED.events[event_id], Aspect.CHECK, "我有身份证", state)
    asked = 0
    while not turn.verdict:
        asked += 1
        assert asked <= 2
        turn = assistant.reply_to_pending("都不是", False, turn.state)
    assert "还缺" in turn.replies[0].text or "都齐了" in turn.replies[0].text


def test_a_step_by_number_and_by_its_words(assistant: Assistant) -> None:
    told = assistant.answer(Aspect.OVERVIEW, "我孩子刚出生，要办哪些手续", State())
    second = assistant.answer(Aspect.MATERIALS, "第二步要带什么", told.state)
    assert second.state.service_id == "zj-ga-birth-registration" and second.state.event_id == "newborn"
    chosen = assistant.reply_to_pending("4", None, told.state)
    assert chosen.state.service_id == "zj-rs-social-security-card" and chosen.state.event_id == "newborn"


def test_an_unrelated_service_leaves_the_event(assistant: Assistant) -> None:
    told = assistant.answer(Aspect.OVERVIEW, "我孩子刚出生，要办哪些手续", State())
    other = assistant.answer(Aspect.FEES, "办护照多少钱", told.state)
    assert other.state.event_id is None


def test_the_interpreter_takes_a_story_the_model_missed_for_a_question(assistant: Assistant) -> None:
    assert assistant.interpret("out_of_scope", ["out_of_scope"], "我爸下个月就退休了") == "ask_service"
    assert assistant.interpret("out_of_scope", ["out_of_scope"], "今天天气怎么样") == "out_of_scope"
