"""The pending question's one slot encoding: what the actions write is what they read back, and
a value that is not one reads as nothing pending."""

from __future__ import annotations

from typing import Any

import pytest

from bot.state import (
    Aspect,
    Choice,
    Pending,
    RatingRequest,
    SituationQuestion,
    State,
    WhichService,
    decode,
    encode,
    from_slots,
    to_slots,
)


@pytest.mark.parametrize(
    "pending",
    [
        Choice(("t-id-renewal", "t-id-replacement"), Aspect.MATERIALS),
        Choice(("t-marriage",), Aspect.CHECK),
        WhichService(Aspect.FEES),
        SituationQuestion(("minor",)),
        SituationQuestion(("employment", "renting", "study"), exclusive=True),
        RatingRequest(7),
        RatingRequest(None),
    ],
)
def test_every_pending_question_survives_the_slot(pending: Pending) -> None:
    assert decode(encode(pending)) == pending


@pytest.mark.parametrize(
    "value",
    [
        None,
        "choice",
        [],
        {},
        {"kind": "choice", "options": "t-marriage", "then": "materials"},
        {"kind": "choice", "options": [1, 2], "then": "materials"},
        {"kind": "choice", "options": ["t-marriage"], "then": "dance"},
        {"kind": "which"},
        {"kind": "question"},
        {"kind": "question", "questions": []},
        {"kind": "question", "questions": "minor"},
        {"kind": "something new"},
    ],
)
def test_a_value_that_is_no_pending_question_reads_as_none(value: Any) -> None:
    assert decode(value) is None


def test_a_question_pending_in_an_older_tracker_still_reads() -> None:
    assert decode({"kind": "question", "question": "minor"}) == SituationQuestion(("minor",))


def test_a_rating_for_a_handover_keeps_only_a_real_id() -> None:
    assert decode({"kind": "rating", "handover": True}) == RatingRequest(None)
    assert decode({"kind": "rating", "handover": "12"}) == RatingRequest(None)


def test_the_state_round_trips_through_the_slots() -> None:
    state = State("t-id-renewal", ["id-card"], {"minor": False}, SituationQuestion(("proxy", "minor")), 1)
    assert from_slots(to_slots(state)) == state


def test_missing_or_malformed_slots_read_as_a_fresh_state() -> None:
    assert from_slots({}) == State()
    odd = {"held_materials": "id-card", "situation_answers": ["minor"], "misses": "two", "service_id": ""}
    assert from_slots(odd) == State()
