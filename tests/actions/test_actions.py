"""The actions against tracker fixtures, with no Rasa or action server running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from actions import actions, runtime
from bot.catalogue.store import CatalogueNotLoaded
from bot.handover.requests import list_requests
from bot.settings import load_settings

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def wired(monkeypatch, assistant, engine, tmp_path: Path) -> None:
    monkeypatch.setattr(runtime, "assistant", lambda: assistant)
    monkeypatch.setattr(runtime, "engine", lambda: engine)
    monkeypatch.setattr(runtime, "settings", lambda: load_settings({"ONETRIP_SECRET_KEY": "test-key"}))


def tracker(text: str, intent: str, **slots: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": "rest"}]
    return Tracker("openid-abc", slots, latest, events, False, None, None, "action_listen")


async def run(action: Any, state: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, slots


async def test_answer_service_sets_the_service_slot() -> None:
    messages, slots = await run(actions.ActionAnswerService(), tracker("身份证丢了要带什么", "ask_materials"))
    assert messages[0]["text"].startswith("【居民身份证补领（遗失）】需要准备的材料")
    assert slots["service_id"] == "t-id-replacement" and slots["pending"] is None


async def test_follow_up_uses_the_slot() -> None:
    state = tracker("那要多少钱", "ask_fee", service_id="t-id-renewal")
    messages, slots = await run(actions.ActionAnswerService(), state)
    assert "工本费20元" in messages[0]["text"] and slots["service_id"] == "t-id-renewal"


async def test_choices_come_with_buttons_whose_payload_is_the_number() -> None:
    messages, slots = await run(actions.ActionAnswerService(), tracker("办身份证", "ask_materials"))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["1", "2"]
    assert slots["pending"]["kind"] == "choice"


async def test_check_then_answer_the_situation_question() -> None:
    state = tracker("我有身份证", "inform_materials", service_id="t-id-renewal")
    messages, slots = await run(actions.ActionCheckMaterials(), state)
    assert "申请人是否未满16周岁" in messages[0]["text"] and slots["held_materials"] == ["id-card"]
    answer = tracker("不是", "deny", **slots)
    messages, slots = await run(actions.ActionReplyToPending(), answer)
    assert "材料齐全，可以一次办结" in messages[0]["text"]
    assert slots["situation_answers"] == {"minor": False}


async def test_human_request_is_recorded_masked_and_pseudonymous(engine) -> None:
    messages, _ = await run(actions.ActionRequestHuman(), tracker(f"转人工，我的身份证号{ID_NUMBER}", "request_human"))
    assert "工作人员" in messages[0]["text"]
    assert messages[1]["custom"] == {"handover": "asked_for_person"}  # the hotline transfers on this
    [record] = list_requests(engine)
    assert record["reason"] == "asked_for_person" and record["channel"] == "rest"
    assert ID_NUMBER not in str(record) and "openid-abc" not in str(record)
    assert record["text"] == "转人工，我的身份证号110105********002X"


async def test_not_in_catalogue_is_recorded(engine) -> None:
    await run(actions.ActionAnswerService(), tracker("那要多少钱", "ask_fee", service_id="t-marriage"))
    await run(actions.ActionAnswerService(), tracker("港澳通行证要带什么", "ask_materials"))
    assert [r["reason"] for r in list_requests(engine)] == ["not_in_catalogue"]


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
