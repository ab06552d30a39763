"""A long conversation's rule states and action requests, cut to their last turns, say what the
whole conversation says where it is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.actions.action import RemoteAction
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import channels.common  # noqa: F401 (what the Rasa server imports with our channels)
from channels import long_conversations
from channels.long_conversations import ACTION_TURNS, RULE_TURNS, events_for_actions, last_turns

ROOT = Path(__file__).resolve().parents[2]
INTENTS = ["ask_materials", "ask_fee", "choose_option", "ask_location", "thank"]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def conversation(turns: int) -> list[Event]:
    events: list[Event] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for turn in range(turns):
        intent = INTENTS[turn % len(INTENTS)]
        text = "/choose_option" if intent == "choose_option" else f"第{turn}句"
        events += [UserUttered(text, {"name": intent, "confidence": 1.0}), ActionExecuted("action_answer_service")]
        events += [SlotSet("service_id", f"s-{turn // 7}"), SlotSet("misses", 0.0), BotUttered(f"答{turn}")]
        events += [ActionExecuted("action_listen")]
    return events


def tracker(domain: Domain, turns: int) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("citizen", conversation(turns), domain.slots)


def states(tracker: DialogueStateTracker, domain: Domain) -> list[Any]:
    found: list[Any] = MaxHistoryTrackerFeaturizer().prediction_states([tracker], domain)[0]
    return found


def test_the_last_turns_have_the_states_the_whole_conversation_ends_with(domain: Domain) -> None:
    whole = tracker(domain, 60)
    recent = last_turns(whole)
    assert len(recent.events) < len(whole.events) / 5
    cut = states(recent, domain)
    assert len(cut) > 2 * RULE_TURNS
    assert cut[1:] == states(whole, domain)[-(len(cut) - 1) :]  # all but the first, which starts the cut


def test_a_short_conversation_or_one_with_an_influential_slot_is_left_whole(domain: Domain) -> None:
    short = tracker(domain, RULE_TURNS - 1)
    assert last_turns(short) is short
    influential = tracker(domain, 60)
    influential.slots["misses"].influence_conversation = True
    assert last_turns(influential) is influential


def test_every_rule_fits_in_the_turns_the_rule_policy_is_given() -> None:
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            user_turns = sum(1 for step in rule["steps"] if "intent" in step or "user" in step)
            assert user_turns < RULE_TURNS, rule["rule"]
            assert not rule.get("conversation_start"), rule["rule"]  # would need the start


def test_the_action_server_gets_the_last_turns_and_every_service_discussed(domain: Domain) -> None:
    whole = tracker(domain, 60)
    sent = list(events_for_actions(whole.events))
    first_user = next(i for i, e in enumerate(sent) if isinstance(e, UserUttered))
    assert sum(isinstance(e, UserUttered) for e in sent) == ACTION_TURNS
    assert all(isinstance(e, SlotSet) and e.key == "service_id" for e in sent[:first_user])
    services = [e.value for e in whole.events if isinstance(e, SlotSet) and e.key == "service_id"]
    assert [e.value for e in sent if isinstance(e, SlotSet) and e.key == "service_id"] == services
    assert sent[first_user:] == list(whole.events)[-len(sent) + first_user :]


def test_the_action_request_is_rasa_s_but_for_the_earlier_events(domain: Domain) -> None:
    action = RemoteAction("action_answer_service", EndpointConfig("http://localhost:5055/webhook"))
    original = long_conversations._rasa_action_call_format
    short = tracker(domain, 3)
    assert action._action_call_format(short, domain) == original(action, short, domain)
    whole = tracker(domain, 60)
    ours, rasa_s = action._action_call_format(whole, domain), original(action, whole, domain)
    assert len(ours["tracker"].pop("events")) < len(rasa_s["tracker"].pop("events"))
    assert ours == rasa_s


def test_the_patches_are_in_place() -> None:
    assert RulePolicy._prediction_states is long_conversations.rule_prediction_states
    assert RemoteAction._action_call_format is long_conversations.action_call_format
