"""Life events (`make eval`): is a citizen's story answered as the event it tells of?

Over utterances written blind (tests/eval/events.yml, never trained or tuned on): each is played
as a first message through the model, the catalogue's say on the intent, the rules and the action
(scripts/conversations.py), and the event the conversation is then about is compared with the
one expected ("none": a question about one item, or nothing to do with an event, must not be
answered as an event). The answer to an event lists that event's steps, so the event recognised
right means the right steps.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from scripts import conversations

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "eval" / "events-blind.yml"  # judged on; tests/dev/events.yml was tuned on
DEV_EVENTS = ROOT / "tests" / "dev" / "events.yml"
NONE = "none"


def load(path: Path = EVENTS) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(str(case["text"]), str(case["event"])) for case in data["events"]]


async def recognised(cases: list[tuple[str, str]], parse: conversations.Parse, assistant: Any) -> list[str]:
    """The event each message, as a first message, leads the conversation to ("none": no event)."""
    found = []
    for number, (text, _) in enumerate(cases):
        conversation = conversations.Conversation(f"event-{number}", "wechat", "", "answer", [text])
        played = await conversations.play(conversation, parse, assistant)
        found.append(played.state.event_id or NONE)
    return found


def summarise(cases: list[tuple[str, str]], found: list[str]) -> dict[str, Any]:
    stories = [(want, got) for (_, want), got in zip(cases, found, strict=True) if want != NONE]
    others = [got for (_, want), got in zip(cases, found, strict=True) if want == NONE]
    per_event = Counter(want for want, _ in stories)
    right = Counter(want for want, got in stories if want == got)
    return {
        "utterances": len(cases),
        "stories": len(stories),
        "event_recognised": sum(right.values()) / len(stories) if stories else 0.0,
        "wrong_event": sum(1 for want, got in stories if got not in (want, NONE)) / len(stories) if stories else 0.0,
        "not_events": len(others),
        "false_events": sum(1 for got in others if got != NONE) / len(others) if others else 0.0,
        "per_event": {event: f"{right[event]}/{n}" for event, n in sorted(per_event.items())},
    }


def format_summary(report: dict[str, Any], path: Path = EVENTS) -> str:
    per_event = ", ".join(f"{event} {score}" for event, score in report["per_event"].items())
    return "\n".join(
        [
            f"life events: {report['utterances']} utterances ({path.relative_to(ROOT)}, written blind)",
            f"  event recognised (right steps)  {report['event_recognised']:.1%} of {report['stories']} stories "
            f"(wrong event {report['wrong_event']:.1%})",
            f"  answered as an event although not one  {report['false_events']:.1%} of {report['not_events']}",
            f"  per event: {per_event}",
        ]
    )
