"""The life-event evaluation plays each utterance as a first message and compares the event the
conversation is then about (the NLU model is stood in for by a fixed intent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assistant import Assistant
from bot.catalogue.loader import load_catalogue
from bot.catalogue.meaning import Meaning
from bot.settings import PROJECT_ROOT
from bot.text import compact
from scripts import event_eval
from tests.scripts.test_evaluate import training_texts


async def parse(text: str) -> tuple[str, list[str]]:
    return "ask_service", ["ask_service"]


async def test_stories_lead_to_their_event_and_item_questions_to_none(tmp_path: Path) -> None:
    curated = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    assistant = Assistant(curated, Meaning.for_catalogue(curated, tmp_path))
    cases = [("我孩子刚出生，要办哪些手续", "newborn"), ("办护照要带什么", "none"), ("今天天气怎么样", "newborn")]
    found = await event_eval.recognised(cases, parse, assistant)
    assert found[:2] == ["newborn", "none"]
    report = event_eval.summarise(cases, found)
    assert report["stories"] == 2 and report["event_recognised"] == 0.5 and report["false_events"] == 0.0
    assert report["per_event"] == {"newborn": "1/2"}
    assert "50.0% of 2 stories" in event_eval.format_summary(report)


@pytest.mark.parametrize("path", [event_eval.EVENTS, event_eval.DEV_EVENTS], ids=["blind", "dev"])
def test_each_set_is_large_varied_and_never_trained_on(path: Path) -> None:
    curated = load_catalogue(PROJECT_ROOT / "data" / "catalogue")
    cases = event_eval.load(path)
    stories = [event for _, event in cases if event != event_eval.NONE]
    assert len(stories) >= 60 and set(stories) == set(curated.events)
    assert not {compact(text) for text, _ in cases} & training_texts()
    aliases = {compact(a) for e in curated.events.values() for a in e.aliases}
    assert not {compact(text) for text, _ in cases} & aliases  # the events' own phrasings are not the test
