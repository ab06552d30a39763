"""Conversation economy (`make eval`): how many turns a citizen needs, over scripted multi-turn
conversations written blind (tests/eval/conversations.yml, never trained or tuned on).

Each conversation is played as the running assistant would: the NLU model parses the message,
the catalogue has its say on the intent (bot/intents.py), the rules (data/rules) pick the action,
and the action's own `respond` (actions/actions.py) answers from the conversation's state. The
turns are counted to the first useful answer (an answer or a situation question about the
service the citizen means, or about a life event it is a step of) and, where the citizen wants
one, to the completeness verdict (the event's counts: it checks the step's materials too).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = ROOT / "tests" / "eval" / "conversations.yml"
RULES = ROOT / "data" / "rules"

Parse = Callable[[str], Awaitable[tuple[str, list[str]]]]  # text -> (model intent, ranking)


@dataclass(frozen=True)
class Conversation:
    id: str
    channel: str
    service: str
    goal: str  # verdict | answer
    turns: list[str]


@dataclass(frozen=True)
class Played:
    conversation: Conversation
    first_useful: int | None  # the turn (1-based) of the first useful answer, None: never
    verdict: int | None  # the turn of the completeness verdict, None: never
    replies: list[str]
    state: Any = None  # the conversation's state after the last turn (bot.state.State)


def load(path: Path = CONVERSATIONS) -> list[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Conversation(str(c["id"]), str(c["channel"]), str(c["service"]), str(c["goal"]), [str(t) for t in c["turns"]])
        for c in data["conversations"]
    ]


def rule_actions(folder: Path = RULES) -> dict[str, str]:
    """intent -> the action the rules run for it."""
    actions: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
            steps = rule.get("steps") or []
            intent = next((s["intent"] for s in steps if "intent" in s), None)
            action = next((s["action"] for s in steps if "action" in s), None)
            if intent and action:
                actions.setdefault(intent, action)
    return actions


async def play(conversation: Conversation, parse: Parse, assistant: Any) -> Played:
    from rasa_sdk import Tracker

    from actions import actions as custom
    from bot.state import State, to_slots

    runners = {a.name(): a for a in (cls() for cls in custom.OneTripAction.__subclasses__())}
    rules = rule_actions()
    state, events = State(), []
    first_useful = verdict = None
    replies: list[str] = []
    for turn, text in enumerate(conversation.turns, 1):
        model, ranking = await parse(text)
        intent = assistant.interpret(model, ranking, text)
        latest = {"text": text, "intent": {"name": intent}}
        events.append({"event": "user", "text": text, "parse_data": latest, "input_channel": conversation.channel})
        action = runners.get(rules.get(intent, ""))
        if action is None:  # a response template (greeting, thanks): no answer about a service
            replies.append(f"<{rules.get(intent, 'no rule')}>")
            continue
        tracker = Tracker(conversation.id, to_slots(state), latest, events, False, None, None, "action_listen")
        result = action.respond(assistant, tracker)
        state = result.state
        if not action.counts_misses:
            state.misses = 0
        events.append({"event": "slot", "name": "service_id", "value": state.service_id})
        replies.append(result.replies[0].text if result.replies else "")
        # a life event's answer and checklist cover each of its steps
        event = assistant.catalogue.events.get(state.event_id or "")
        steps = {step.service for step in event.steps} if event and state.service_id is None else set()
        about = (state.service_id == conversation.service or conversation.service in steps) and result.followup is None
        if first_useful is None and about:
            first_useful = turn
        if verdict is None and about and result.verdict:
            verdict = turn
    return Played(conversation, first_useful, verdict, replies, state)


def summarise(played: list[Played]) -> dict[str, Any]:
    wanting = [p for p in played if p.conversation.goal == "verdict"]
    useful = [p.first_useful for p in played if p.first_useful is not None]
    verdicts = [p.verdict for p in wanting if p.verdict is not None]
    return {
        "conversations": len(played),
        "by_channel": {c: sum(1 for p in played if p.conversation.channel == c) for c in ("wechat", "hotline", "rest")},
        "useful_answer_reached": len(useful) / len(played) if played else 0.0,
        "turns_to_useful_answer_mean": float(np.mean(useful)) if useful else None,
        "verdict_wanted": len(wanting),
        "verdict_reached": len(verdicts) / len(wanting) if wanting else 0.0,
        "turns_to_verdict_mean": float(np.mean(verdicts)) if verdicts else None,
        "turns_to_verdict_max": max(verdicts) if verdicts else None,
    }


def format_summary(report: dict[str, Any]) -> str:
    def turns(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    channels = ", ".join(f"{c} {n}" for c, n in report["by_channel"].items())
    return "\n".join(
        [
            f"conversation economy: {report['conversations']} scripted conversations ({channels}; "
            f"{CONVERSATIONS.relative_to(ROOT)}, written blind)",
            f"  first useful answer reached {report['useful_answer_reached']:.0%}, after "
            f"{turns(report['turns_to_useful_answer_mean'])} turns on average",
            f"  verdict reached {report['verdict_reached']:.0%} of {report['verdict_wanted']} that want one, after "
            f"{turns(report['turns_to_verdict_mean'])} turns on average (most {report['turns_to_verdict_max']})",
        ]
    )
