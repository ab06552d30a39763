"""The handover record: one open per conversation, the queue, the life cycle, forgetting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from bot.handover import feedback, store, tables
from bot.handover.model import Context, Filters, NewHandover, Reason

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def db(sql_engine: Engine) -> Engine:
    """Handovers live in SQLite by default and in PostgreSQL in the scaled mode: tested on both."""
    tables.create_tables(sql_engine)
    return sql_engine


def new(conversation: str = "c1", reason: Reason = Reason.ASKED_FOR_PERSON, **kwargs: object) -> NewHandover:
    fields: dict[str, object] = {"channel": "wechat", "asked": "转人工", **kwargs}
    return NewHandover(conversation_id=conversation, citizen_ref=f"u-{conversation}", reason=reason, **fields)  # type: ignore[arg-type]


def test_a_new_handover_is_masked_and_waits_in_the_queue(db: Engine) -> None:
    context = Context(services=["结婚登记"], held=["居民身份证"], missing=["户口簿"], answers={"是否代办？": False})
    handover_id, created = store.open_handover(db, new(asked=f"身份证号{ID_NUMBER}，电话13812345678", context=context))
    record = store.get_handover(db, handover_id)
    assert created and record is not None and record["status"] == "new"
    assert record["asked"] == "身份证号110105********002X，电话138****5678"
    assert record["services"] == ["结婚登记"] and record["missing"] == ["户口簿"]
    assert record["answers"] == {"是否代办？": False}
    assert store.queue_position(db, handover_id) == 1


def test_one_open_handover_per_conversation(db: Engine) -> None:
    first, _ = store.open_handover(db, new(context=Context(services=["结婚登记"])))
    again, created = store.open_handover(
        db, new(asked="人呢", context=Context(services=["离婚登记"]), callback_phone="+8613800000000")
    )
    record = store.get_handover(db, first)
    assert again == first and not created and record is not None
    assert record["asked"] == "转人工\n人呢" and record["services"] == ["结婚登记", "离婚登记"]
    assert record["callback_phone"] == "+8613800000000"
    store.resolve(db, first, "已解答", "alice")
    assert store.open_handover(db, new())[1]  # after resolving, asking again opens a new one


def test_queue_place_counts_only_waiting_handovers_ahead(db: Engine) -> None:
    a, _ = store.open_handover(db, new("a"))
    b, _ = store.open_handover(db, new("b"))
    c, _ = store.open_handover(db, new("c"))
    assert [store.queue_position(db, i) for i in (a, b, c)] == [1, 2, 3]
    store.assign(db, a, "alice")
    assert [store.queue_position(db, i) for i in (a, b, c)] == [0, 1, 2]


def test_life_cycle_assign_annotate_resolve(db: Engine) -> None:
    handover_id, _ = store.open_handover(db, new())
    assert store.open_conversation(db, "c1") is None  # waiting: the bot still answers
    assert store.assign(db, handover_id, "alice")
    assert store.open_conversation(db, "c1") is not None  # owned: the bot stays silent
    store.annotate(db, handover_id, f"已核实 {ID_NUMBER}", ["材料", " 材料 ", "", "护照"])
    store.resolve(db, handover_id, "已电话说明", "bob")
    record = store.get_handover(db, handover_id)
    assert record is not None and record["status"] == "resolved" and record["assignee"] == "alice"
    assert record["notes"] == "已核实 110105********002X" and record["tags"] == ["材料", "护照"]
    assert record["resolved_at"] is not None and store.open_conversation(db, "c1") is None
    assert not store.assign(db, 999, "alice")


def test_filters_and_counts(db: Engine) -> None:
    store.open_handover(db, new("a", context=Context(services=["结婚登记"])))
    store.open_handover(db, new("b", Reason.COMPLAINT, channel="hotline"))
    c, _ = store.open_handover(db, new("c", Reason.NOT_IN_CATALOGUE))
    store.assign(db, c, "alice")
    assert [r["conversation_id"] for r in store.list_handovers(db)] == ["c", "b", "a"]  # newest first
    assert [r["conversation_id"] for r in store.list_handovers(db, Filters(channel="hotline"))] == ["b"]
    assert [r["conversation_id"] for r in store.list_handovers(db, Filters(reason="complaint"))] == ["b"]
    assert [r["conversation_id"] for r in store.list_handovers(db, Filters(service="结婚登记"))] == ["a"]
    assert [r["conversation_id"] for r in store.list_handovers(db, Filters(status="assigned"))] == ["c"]
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    assert store.list_handovers(db, Filters(since=tomorrow)) == []
    assert store.status_counts(db) == {"new": 2, "assigned": 1, "resolved": 0}


def test_forgetting_a_citizen_deletes_every_record_about_them(db: Engine) -> None:
    handover_id, _ = store.open_handover(db, new("a"))
    feedback.record_rating(db, "wechat", "u-a", 2, handover_id)
    feedback.record_unanswered(db, "wechat", "a", "u-a", Reason.NOT_UNDERSTOOD, f"嗯嗯 {ID_NUMBER}")
    [question] = feedback.list_unanswered(db)
    assert feedback.get_unanswered(db, question["id"]) == question and question["text"] == "嗯嗯 110105********002X"
    store.open_handover(db, new("b"))
    assert store.forget_citizen(db, "u-a") == 3
    assert [r["citizen_ref"] for r in store.list_handovers(db)] == ["u-b"]
    assert feedback.list_ratings(db) == [] and feedback.list_unanswered(db) == []
