"""Where the conversation stood when it came to a person, in names an operator reads."""

from __future__ import annotations

from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue
from bot.events import EVENT_ANSWER
from bot.handover.context import context_of
from bot.settings import PROJECT_ROOT
from bot.state import State


def test_context_names_the_services_the_held_and_the_missing(catalogue: Catalogue) -> None:
    state = State(service_id="t-id-renewal", held=["id-card"], answers={"minor": False})
    context = context_of(catalogue, state, ["t-marriage", "t-id-renewal", "gone-from-catalogue"])
    assert context.services == ["结婚登记", "居民身份证换领（有效期满）"]
    assert context.held == ["居民身份证"]
    assert context.answers == {"申请人是否未满16周岁？": False}
    assert context.missing == []  # the fixture's renewal needs only the old card for an adult


def test_context_without_materials_does_not_claim_everything_is_missing(catalogue: Catalogue) -> None:
    context = context_of(catalogue, State(service_id="t-id-renewal"), [])
    assert context.held == [] and context.missing == []
    assert context_of(catalogue, State(), []).services == []


def test_context_names_the_life_event_and_what_the_whole_event_lacks() -> None:
    curated = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    state = State(held=["id-card", "hukou-book"], answers={EVENT_ANSWER + "settle-local": True}, event_id="newborn")
    context = context_of(curated, state, [])
    assert context.services == ["新生儿出生一件事（共4步）"]
    assert "证件照片" in context.missing and "居民身份证" not in context.missing
    assert list(context.answers.values()) == [True] and "落户" in next(iter(context.answers))
