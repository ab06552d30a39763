"""The conversation-economy runner plays a conversation through the rules and the actions' own
code and counts the turns (the NLU model is stood in for by fixed intents)."""

from __future__ import annotations

from bot.assistant import Assistant
from bot.catalogue.loader import load_catalogue
from bot.settings import PROJECT_ROOT
from bot.text import compact
from scripts.conversations import Conversation, load, play, rule_actions, summarise
from tests.scripts.test_evaluate import training_texts

INTENTS = {"身份证到期了要带什么": "ask_materials", "我有身份证": "inform_materials", "不是": "deny", "你好": "greet"}


async def parse(text: str) -> tuple[str, list[str]]:
    return INTENTS[text], [INTENTS[text]]


def test_the_rules_say_which_action_answers_an_intent() -> None:
    actions = rule_actions()
    assert actions["ask_fee"] == "action_answer_service" and actions["deny"] == "action_reply_to_pending"
    assert actions["greet"] == "utter_greet"


async def test_turns_are_counted_to_the_first_answer_and_the_verdict(assistant: Assistant) -> None:
    turns = ["你好", "身份证到期了要带什么", "我有身份证", "不是"]
    played = await play(Conversation("c1", "wechat", "t-id-renewal", "verdict", turns), parse, assistant)
    assert (played.first_useful, played.verdict) == (2, 4)
    assert played.replies[0] == "<utter_greet>" and "材料齐全" in played.replies[3]
    report = summarise([played])
    assert report["verdict_reached"] == 1.0 and report["turns_to_verdict_mean"] == 4.0


async def test_a_conversation_about_another_service_is_no_useful_answer(assistant: Assistant) -> None:
    played = await play(Conversation("c2", "rest", "t-marriage", "answer", ["身份证到期了要带什么"]), parse, assistant)
    assert played.first_useful is None and summarise([played])["useful_answer_reached"] == 0.0


def test_the_blind_set_names_services_of_the_catalogue() -> None:
    curated = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    conversations = load()
    assert len(conversations) >= 40 and {c.channel for c in conversations} == {"wechat", "hotline", "rest"}
    assert all(c.service in curated.services and c.goal in ("verdict", "answer") and c.turns for c in conversations)
    # never trained on; a short follow-up everyone says ("能网上办吗", "工本费多少") may be in both
    said = {compact(turn) for c in conversations for turn in c.turns if len(compact(turn)) > 6}
    assert not said & training_texts()
