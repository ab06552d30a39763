"""What the Rasa server reads of a long conversation on every turn, cut to what it needs.

Rasa 3.6 goes over the whole conversation several times per message. Measured at turns 101-200
of four conversations against their first turns (py-spy on the Rasa and action servers, as
`make profile` does; README "Per-message cost"): the rule policy rebuilt the state of every
earlier turn for each prediction, 21 ms per message; the request to the action server carried
every event, 16 ms to serialise and 15 ms for the action server to read. At turn 1 these are
about 1, 1.4 and 2 ms. Two cuts, each giving the same answers:

- The rule policy matches its rules against the last states of the conversation. Our rules are
  a few turns long (data/rules; a test checks they fit in RULE_TURNS) and no slot influences
  the conversation, so it is given the conversation's last RULE_TURNS turns. It is given the
  whole conversation when a form is active or a slot does influence it, where an earlier turn
  could matter.
- The action server reads the slots, the latest message and, of the events, the citizen's last
  words of their own (actions.asked_of) and every service discussed (actions.services_discussed).
  It is sent the events of the last ACTION_TURNS turns and the earlier service_id slot events.

Imported by channels/common.py, which every OneTrip channel loads into the Rasa server.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

RULE_TURNS = 6  # more than the longest rule's turns
ACTION_TURNS = 20  # the citizen's own words are among the last few: buttons are pressed for a turn or two
KEPT_SLOTS = {"service_id"}  # whose every value the action server reads (actions.services_discussed)


def start_of_last_turns(events: Sequence[Event], turns: int) -> int:
    """The index of the `turns`-th last user message; 0 when there are not that many."""
    seen = 0
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            seen += 1
            if seen == turns:
                return index
    return 0


def last_turns(tracker: DialogueStateTracker, turns: int = RULE_TURNS) -> DialogueStateTracker:
    """The conversation from its `turns`-th last user message on, for the rule policy; the tracker
    itself when it is that short, or when a form or a slot could make an earlier turn matter."""
    start = start_of_last_turns(tracker.events, turns)
    if start == 0 or tracker.active_loop_name or any(s.influence_conversation for s in tracker.slots.values()):
        return tracker
    return DialogueStateTracker.from_events(
        tracker.sender_id, list(itertools.islice(tracker.events, start, None)), tracker.slots.values()
    )


def events_for_actions(events: Sequence[Event], turns: int = ACTION_TURNS) -> Iterable[Event]:
    """The events the action server reads: the last `turns` turns, and before them the slot
    events of KEPT_SLOTS."""
    start = start_of_last_turns(events, turns)
    earlier = (e for e in itertools.islice(events, 0, start) if isinstance(e, SlotSet) and e.key in KEPT_SLOTS)
    return itertools.chain(earlier, itertools.islice(events, start, None))


_rule_prediction_states = RulePolicy._prediction_states
_rasa_action_call_format = RemoteAction._action_call_format  # Rasa's own, kept for comparison


def rule_prediction_states(
    policy: RulePolicy,
    tracker: DialogueStateTracker,
    domain: Domain,
    use_text_for_last_user_input: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[Any]:
    states: list[Any] = _rule_prediction_states(
        policy, last_turns(tracker), domain, use_text_for_last_user_input, rule_only_data
    )
    return states


def action_call_format(action: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """RemoteAction._action_call_format with fewer events (see the module's docstring)."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [e.as_dict() for e in events_for_actions(tracker.events)]
    result = {"next_action": action.name(), "sender_id": tracker.sender_id, "tracker": state}
    result["version"] = rasa.__version__
    if not action._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(action.name()):
        result["domain"] = domain.as_dict()
    return result


RulePolicy._prediction_states = rule_prediction_states
RemoteAction._action_call_format = action_call_format
