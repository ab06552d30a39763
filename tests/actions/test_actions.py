"""The actions against tracker fixtures, with no Rasa or action server running."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions import actions
from bot import runtime
from bot.catalogue.store import CatalogueNotLoaded
from bot.handover.desk import HandoverDesk
from bot.handover.feedback import list_ratings, list_unanswered
from bot.handover.office_hours import OfficeHours
from bot.handover.store import SqlHandoverStorage, list_handovers
from bot.handover.tables import create_tables
from bot.outcomes import store as outcome_store
from bot.outcomes.desk import OutcomeDesk
from bot.privacy import sender_ref
from bot.settings import load_settings
from bot.state import Choice, RatingRequest, decode

ID_NUMBER = "11010519491231002X"


MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0)
SUNDAY_NOON = dt.datetime(2026, 12, 6, 12, 0)


def desk(assistant: Any, engine: Any, now: dt.datetime) -> HandoverDesk:
    return HandoverDesk(SqlHandoverStorage(engine), assistant.catalogue, OfficeHours(), now=lambda: now)


@pytest.fixture(autouse=True)
def wired(monkeypatch, assistant, engine, tmp_path: Path) -> None:
    monkeypatch.setattr(runtime, "assistant", lambda: assistant)
    create_tables(engine)
    monkeypatch.setattr(runtime, "handover_desk", lambda: desk(assistant, engine, MONDAY_NOON))
    monkeypatch.setattr(runtime, "outcome_desk", lambda: OutcomeDesk(engine, assistant.catalogue, lambda: MONDAY_NOON))
    monkeypatch.setattr(runtime, "settings", lambda: load_settings({"ONETRIP_SECRET_KEY": "test-key"}))


def signal(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The turn's signal for the channels: always the last message."""
    *_, last = messages
    return dict(last["custom"]["onetrip"])


def tracker(text: str, intent: str, **slots: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    earlier = [{"event": "slot", "name": "service_id", "value": slots["service_id"]}] if slots.get("service_id") else []
    events = [*earlier, {"event": "user", "text": text, "parse_data": latest, "input_channel": "rest"}]
    return Tracker("openid-abc", slots, latest, events, False, None, None, "action_listen")


async def run(action: Any, state: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    changed = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, {**state.slots, **changed}  # the tracker keeps what was not set again


async def test_answer_service_sets_the_service_slot() -> None:
    messages, slots = await run(actions.ActionAnswerService(), tracker("身份证丢了要带什么", "ask_materials"))
    assert messages[0]["text"].startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert signal(messages)["spoken"][0].startswith("办居民身份证补领")  # the same answer, for the ear
    assert slots["service_id"] == "t-id-replacement" and slots.get("pending") is None


async def test_follow_up_uses_the_slot() -> None:
    state = tracker("那要多少钱", "ask_fee", service_id="t-id-renewal")
    messages, slots = await run(actions.ActionAnswerService(), state)
    assert "工本费20元" in messages[0]["text"] and slots["service_id"] == "t-id-renewal"


async def test_choices_come_with_buttons_whose_payload_is_the_number() -> None:
    messages, slots = await run(actions.ActionAnswerService(), tracker("办身份证", "ask_materials"))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["1", "2"]
    assert isinstance(decode(slots["pending"]), Choice)
    assert signal(messages) == {
        "kind": "options",
        "handover": None,
        "spoken": ["您要办的是哪一项？"],
        "followup": False,
    }


async def test_check_then_answer_the_situation_question() -> None:
    state = tracker("我有身份证", "inform_materials", service_id="t-id-renewal")
    messages, slots = await run(actions.ActionCheckMaterials(), state)
    assert "申请人是否未满16周岁" in messages[0]["text"] and slots["held_materials"] == ["id-card"]
    assert signal(messages)["kind"] == "question"
    answer = tracker("不是", "deny", **slots)
    messages, slots = await run(actions.ActionReplyToPending(), answer)
    assert "材料齐全，可以一次办结" in messages[0]["text"] and signal(messages)["kind"] == "verdict"
    assert signal(messages)["followup"] is True  # the follow-up's offer: the hotline texts it with the checklist
    assert slots["situation_answers"] == {"minor": False}


async def test_human_request_opens_a_masked_handover_with_the_conversation_state(engine) -> None:
    state = tracker(
        f"转人工，我的身份证号{ID_NUMBER}", "request_human", service_id="t-id-renewal", held_materials=["id-card"]
    )
    messages, _ = await run(actions.ActionRequestHuman(), state)
    assert "已为您转人工" in messages[0]["text"] and "工作人员会尽快在这里回复您" in messages[0]["text"]
    [record] = list_handovers(engine)
    handover = {"id": record["id"], "reason": "asked_for_person", "connect_now": True}  # the hotline transfers
    no_spoken_form = {"kind": "answer", "handover": handover, "spoken": [], "followup": False}  # read from the text
    assert signal(messages) == no_spoken_form
    assert record["reason"] == "asked_for_person" and record["channel"] == "rest" and record["status"] == "new"
    assert record["conversation_id"] == "openid-abc" and record["citizen_ref"].startswith("u-")
    assert record["asked"] == "转人工，我的身份证号110105********002X"
    assert record["services"] == ["居民身份证换领（有效期满）"] and record["held"] == ["居民身份证"]
    assert ID_NUMBER not in str(record)


async def test_a_key_for_a_person_records_the_callers_own_last_words(engine) -> None:
    state = tracker("/request_human", "request_human")
    said = {"event": "user", "text": "身份证丢了要带什么", "input_channel": "hotline"}
    state.events.insert(0, said)
    await run(actions.ActionRequestHuman(), state)
    [record] = list_handovers(engine)
    assert record["asked"] == "身份证丢了要带什么"


async def test_asking_twice_keeps_one_handover_and_says_the_queue_place(engine) -> None:
    other = Tracker(
        "someone-else", {}, {"text": "转人工", "intent": {"name": "request_human"}}, [], False, None, None, ""
    )
    await run(actions.ActionRequestHuman(), other)
    await run(actions.ActionRequestHuman(), tracker("转人工", "request_human"))
    messages, _ = await run(actions.ActionRequestHuman(), tracker("人呢？快转人工", "request_human"))
    assert "您前面还有1位" in messages[0]["text"]
    mine = [r for r in list_handovers(engine) if r["conversation_id"] == "openid-abc"]
    assert len(mine) == 1 and mine[0]["asked"] == "转人工\n人呢？快转人工"


async def test_out_of_hours_the_citizen_is_told_when_a_person_answers(monkeypatch, assistant, engine) -> None:
    monkeypatch.setattr(runtime, "handover_desk", lambda: desk(assistant, engine, SUNDAY_NOON))
    messages, _ = await run(actions.ActionRequestHuman(), tracker("转人工", "request_human"))
    assert "非工作时间（工作日9:00—17:00）" in messages[0]["text"]


async def test_a_complaint_goes_to_a_person_as_a_complaint(engine) -> None:
    messages, _ = await run(actions.ActionRequestHuman(), tracker("窗口态度太差了我要投诉", "complain"))
    assert "您的意见已记录" in messages[0]["text"] and signal(messages)["handover"]["reason"] == "complaint"
    assert [r["reason"] for r in list_handovers(engine)] == ["complaint"]


async def test_two_misunderstandings_in_a_row_go_to_a_person(engine) -> None:
    messages, slots = await run(actions.ActionOutOfScope(), tracker("嗯嗯那个", "nlu_fallback"))
    assert "没有理解" in messages[0]["text"] and slots["misses"] == 1 and not list_handovers(engine)
    messages, slots = await run(actions.ActionOutOfScope(), tracker("就是那个东西", "nlu_fallback", **slots))
    assert "连续两次没能理解" in messages[0]["text"] and slots["misses"] == 0
    assert [r["reason"] for r in list_handovers(engine)] == ["not_understood"]
    assert [u["text"] for u in list_unanswered(engine)] == ["就是那个东西", "嗯嗯那个"]


async def test_an_empty_message_is_not_listed_as_a_question_to_learn_from(engine) -> None:
    await run(actions.ActionOutOfScope(), tracker("  ", "nlu_fallback"))
    assert list_unanswered(engine) == []


async def test_an_understood_message_resets_the_misses() -> None:
    _, slots = await run(actions.ActionOutOfScope(), tracker("嗯嗯那个", "nlu_fallback"))
    _, slots = await run(actions.ActionAnswerService(), tracker("身份证丢了", "ask_service", **slots))
    assert slots["misses"] == 0


async def test_not_in_catalogue_opens_a_handover_and_is_listed_as_unanswered(engine) -> None:
    await run(actions.ActionAnswerService(), tracker("那要多少钱", "ask_fee", service_id="t-marriage"))
    messages, _ = await run(actions.ActionAnswerService(), tracker("港澳通行证要带什么", "ask_materials"))
    assert signal(messages)["kind"] == "options"  # the closest services, to choose from
    assert signal(messages)["handover"]["connect_now"] is False  # a person follows up; no call transfer
    assert [r["reason"] for r in list_handovers(engine)] == ["not_in_catalogue"]
    assert [u["kind"] for u in list_unanswered(engine)] == ["not_in_catalogue"]


async def test_goodbye_invites_a_rating_and_a_number_records_it(engine) -> None:
    messages, slots = await run(actions.ActionGoodbye(), tracker("再见", "goodbye"))
    assert "请为本次服务打分" in messages[0]["text"] and decode(slots["pending"]) == RatingRequest(None)
    assert signal(messages)["kind"] == "rating"
    messages, slots = await run(actions.ActionReplyToPending(), tracker("5", "choose_option", **slots))
    assert "5分" in messages[0]["text"] and slots["pending"] is None
    [rating] = list_ratings(engine)
    assert rating["score"] == 5 and rating["channel"] == "rest" and rating["handover_id"] is None


async def test_a_handover_still_answers_when_the_database_is_down(monkeypatch) -> None:
    def down() -> None:
        raise OperationalError("insert", {}, Exception("down"))

    monkeypatch.setattr(SqlHandoverStorage, "open_handover", lambda *_: down())
    messages, _ = await run(actions.ActionRequestHuman(), tracker("转人工", "request_human"))
    handover = {"id": None, "reason": "asked_for_person", "connect_now": True}
    assert "12345" in messages[0]["text"] and signal(messages)["handover"] == handover


async def test_out_of_scope_and_not_understood() -> None:
    messages, _ = await run(actions.ActionOutOfScope(), tracker("明天天气怎么样", "out_of_scope"))
    assert "不在我的服务范围内" in messages[0]["text"]
    messages, _ = await run(actions.ActionOutOfScope(), tracker("嗯嗯那个", "nlu_fallback"))
    assert "没有理解" in messages[0]["text"]


@pytest.mark.parametrize("failure", [CatalogueNotLoaded("empty"), OperationalError("select", {}, Exception("down"))])
async def test_catalogue_failure_gives_an_apology_not_silence(monkeypatch, failure: Exception) -> None:
    def broken() -> None:
        raise failure

    monkeypatch.setattr(runtime, "assistant", broken)
    messages, slots = await run(actions.ActionAnswerService(), tracker("办护照", "ask_materials"))
    assert messages[0]["text"] == actions.APOLOGY and slots == {}


async def test_a_huge_message_is_answered() -> None:
    messages, _ = await run(actions.ActionAnswerService(), tracker("身份证丢了" + "啊" * 200_000, "ask_service"))
    assert messages[0]["text"].startswith("【居民身份证补领（遗失）】")


def test_the_action_server_registers_exactly_the_domain_actions() -> None:
    import yaml
    from rasa_sdk.executor import ActionExecutor

    from bot.settings import PROJECT_ROOT

    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(executor.actions) == set(domain["actions"])


async def test_only_the_slots_that_changed_are_set() -> None:
    state = tracker("那要多少钱", "ask_fee", service_id="t-id-renewal", held_materials=[], misses=0)
    dispatcher = CollectingDispatcher()
    events = await actions.ActionAnswerService().run(dispatcher, state, {})
    assert "service_id" not in {e["name"] for e in events if e["event"] == "slot"}


async def test_a_bare_yes_soon_after_our_follow_up_question_is_the_report_of_one_trip(engine) -> None:
    citizen = sender_ref("openid-abc", b"test-key")
    asked_at = MONDAY_NOON - dt.timedelta(hours=3)
    followup = outcome_store.offer(
        engine,
        channel="wechat",
        conversation_id="openid-abc",
        citizen_ref=citizen,
        item="t-id-renewal",
        region="",
        checklist="材料齐全",
        now=asked_at - dt.timedelta(days=1),
    )
    outcome_store.answer_offer(engine, citizen, True, asked_at - dt.timedelta(days=1))
    messages, _ = await run(actions.ActionReplyToPending(), tracker("不是", "deny"))
    assert "跑了几次" not in messages[0]["text"]  # consented but not asked yet: an ordinary no
    outcome_store.mark_asked(engine, followup, asked_at)
    messages, _ = await run(actions.ActionReplyToPending(), tracker("不是", "deny"))
    assert "跑了几次" in messages[0]["text"] and outcome_store.list_outcomes(engine) == []
    messages, _ = await run(actions.ActionReplyToPending(), tracker("是的", "affirm"))
    assert "一次办成" in messages[0]["text"]
    [row] = outcome_store.list_outcomes(engine)
    assert (row["item"], row["trips"], row["followup_id"]) == ("t-id-renewal", "one", followup)
    messages, _ = await run(actions.ActionReplyToPending(), tracker("是的", "affirm"))
    assert "一次办成" not in messages[0]["text"]  # answered: a later yes is an ordinary yes
