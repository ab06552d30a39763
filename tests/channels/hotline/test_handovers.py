"""The hotline's part of a handover, against a real (SQLite) database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bot.db import make_engine
from bot.handover.model import Context, NewHandover, Reason
from bot.handover.store import SqlHandoverStorage, get_handover, list_handovers, open_handover
from bot.handover.tables import create_tables
from bot.privacy import sender_ref
from channels.hotline.handovers import HotlineHandovers

KEY = b"test-key"
CALLER = "+8613812345678"


def database(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'onetrip.db'}")
    create_tables(engine)
    return engine


async def where_it_stood(call_sid: str) -> Context:
    return Context(services=["普通护照申领"])


async def test_out_of_hours_the_bots_record_gets_only_the_number_to_call_back(tmp_path: Path) -> None:
    engine = database(tmp_path)
    by_the_bot = NewHandover("hotline", "CA1", sender_ref("CA1", KEY), Reason.ASKED_FOR_PERSON, "转人工")
    handover_id, _ = open_handover(engine, by_the_bot)
    await HotlineHandovers(SqlHandoverStorage(engine), KEY, where_it_stood).record(
        "CA1", CALLER, "转人工", True, Reason.ASKED_FOR_PERSON, handover_id
    )
    [record] = list_handovers(engine)
    assert record["id"] == handover_id and record["callback_phone"] == CALLER and record["services"] == []


async def test_what_the_bot_never_saw_is_opened_with_the_conversations_context(tmp_path: Path) -> None:
    engine = database(tmp_path)
    await HotlineHandovers(SqlHandoverStorage(engine), KEY, where_it_stood).record(
        "CA1", CALLER, "", False, Reason.NOT_UNDERSTOOD, None
    )
    [record] = list_handovers(engine)
    assert (record["reason"], record["services"], record["callback_phone"]) == (
        "not_understood",
        ["普通护照申领"],
        None,
    )
    assert record["channel"] == "hotline" and get_handover(engine, record["id"]) is not None
