from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.catalogue.store import save_catalogue
from bot.db import make_engine
from components.catalogue_interpreter import MODEL_INTENT, CatalogueIntentInterpreter


def message(text: str, *ranking: str) -> Message:
    intents = [{"name": name, "confidence": 0.9} for name in ranking]
    return Message(data={TEXT: text, INTENT: intents[0], INTENT_RANKING_KEY: intents})


def test_the_catalogue_corrects_the_model(monkeypatch, tmp_path, catalogue) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    save_catalogue(make_engine(url), catalogue)
    monkeypatch.setenv("DATABASE_URL", url)
    off_topic, rescued, kept = CatalogueIntentInterpreter().process(
        [
            message("做红烧鱼要准备哪些材料", "ask_materials"),
            message("身份证丢了补办多少钱", "nlu_fallback", "ask_fee"),
            message("那要多少钱", "ask_fee"),
        ]
    )
    assert off_topic.get(INTENT)["name"] == "out_of_scope"
    assert off_topic.get(MODEL_INTENT)["name"] == "ask_materials"
    assert rescued.get(INTENT)["name"] == "ask_fee"
    assert kept.get(INTENT)["name"] == "ask_fee"


def test_without_a_catalogue_the_model_intent_stands(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    [result] = CatalogueIntentInterpreter().process([message("做红烧鱼要准备哪些材料", "ask_materials")])
    assert result.get(INTENT)["name"] == "ask_materials"
