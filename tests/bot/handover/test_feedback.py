"""Ratings (好差评) and the questions the bot could not answer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.handover import feedback, tables
from bot.handover.model import Reason

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def db(sql_engine: Engine) -> Engine:
    tables.create_tables(sql_engine)
    return sql_engine


def test_ratings_are_one_to_five(db: Engine) -> None:
    feedback.record_rating(db, "wechat", "u-a", 4, None)
    with pytest.raises(ValueError):
        feedback.record_rating(db, "wechat", "u-a", 6, None)
    assert [r["score"] for r in feedback.list_ratings(db)] == [4]


def test_an_unanswered_question_is_kept_masked(db: Engine) -> None:
    feedback.record_unanswered(db, "hotline", "CA1", "u-a", Reason.NOT_IN_CATALOGUE, f"港澳通行证 {ID_NUMBER}")
    [question] = feedback.list_unanswered(db)
    assert question["kind"] == "not_in_catalogue" and question["text"] == "港澳通行证 110105********002X"
    assert feedback.get_unanswered(db, question["id"]) == question
