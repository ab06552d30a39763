"""Life events (一件事): which one a citizen's story means, its steps, one merged checklist, trips.

A citizen does not think in a department's items but in what happened: a baby was born, a
father retires, a shop opens. The catalogue's events (data/catalogue/events) list the items of
each in order. Answered as a whole, every material is named once, with the steps that use it; a
document one step produces is not "brought" from home but collected there, and where the next
office fetches it by data sharing it is not brought at all (免提交). The trips are counted for the
whole event: steps accepted together at one window are one trip, together online none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bot.catalogue.meaning import Meaning
from bot.catalogue.schema import Catalogue, Event, EventStep, Service
from bot.text import char_pairs, compact

EVENT_ITEM = "event:"  # an event as an item of a follow-up or an outcome ("event:newborn")
EVENT_ANSWER = "event_"  # prefix of an event question's answer in State.answers (apart from a service's)
# Closeness to one of an event's own phrasings that recognises it: alone, or in a message that
# asks for the whole ("要办哪些手续"). Chosen on tests/dev/events.yml and the dev sets' other
# messages (2.7% of those taken for an event); judged on tests/eval/events-blind.yml.
MEANT = 0.66
WHOLE_MEANT = 0.5
# Each office's own form is filled in at its window: one per step, never "one for the whole event".
PER_STEP = frozenset({"application-form"})
OWN_PAIR = 0.05  # closeness one two-character piece adds that only this event's phrasings have
# What a citizen asks when they want the whole event, not one item: "要办哪些手续", "接下来还要办什么".
_WHOLE = re.compile(
    r"办点啥|办点什么|要办些|弄些什么|哪些手续|什么手续|啥手续|手续有哪些|办哪些|要办什么|要办啥|要弄啥|要弄什么|有啥要|有什么要|哪些事|什么事要|一件事|全套"
    r"|全流程|一条龙|一揽子|一整套|这一套|跑哪些|哪些部门|哪几个部门|哪些地方|还要办|还能办|还可以办|还有哪些|还有什么要"
    r"|接下来|然后呢|下一步|(之后|以后|后面)(还|要|该|的)|从哪|先办什么|先后|顺序|流程|所有(的)?事|全部(的)?手续|都要办"
)
_STEP = re.compile(r"第(\d)步")


def asks_whole(text: str) -> bool:
    return bool(_WHOLE.search(compact(text)))


def step_number(text: str) -> int | None:
    """ "第二步要带什么" -> 2 (the normaliser has written the numeral in digits)."""
    found = _STEP.search(compact(text))
    return int(found.group(1)) if found else None


class EventFinder:
    """Recognises an event from the citizen's story: one of its phrasings said outright, else how
    close the message comes in meaning to its phrasings, helped by the pieces of words only that
    event's phrasings have (生了, 退休, 饭店): stories are told in words nobody listed."""

    def __init__(self, catalogue: Catalogue, meaning: Meaning | None) -> None:
        self._events = list(catalogue.events.values())
        self._phrases = [(event, compact(p)) for event in self._events for p in self._phrasings(event)]
        pairs = {e.id: set().union(*(char_pairs(p) for ev, p in self._phrases if ev is e)) for e in self._events}
        documents = set().union(*(char_pairs(compact(w)) for m in catalogue.materials.values() for w in m.words))
        self._own_pairs = {  # a document's name says what one holds, not what happened (我有身份证)
            eid: own - documents - set().union(*(other for oid, other in pairs.items() if oid != eid))
            for eid, own in pairs.items()
        }
        self._meaning = meaning
        self._vectors: npt.NDArray[np.float32] | None = None
        if meaning is not None and self._phrases:
            self._vectors = meaning.vectors_of([p for _, p in self._phrases])

    @staticmethod
    def _phrasings(event: Event) -> list[str]:
        return [event.name.removesuffix("一件事"), event.name, *event.aliases]

    def said(self, text: str) -> Event | None:
        """The event one of whose phrasings the message contains (the longest such phrasing's)."""
        clean = compact(text)
        found = [(len(phrase), event) for event, phrase in self._phrases if phrase and phrase in clean]
        return max(found, key=lambda f: f[0])[1] if found else None

    def tells(self, text: str) -> Event | None:
        """The event a message plainly tells of: a phrasing of it said, or a question about the
        whole close to it. Only this rescues a message the model put out of scope: closeness of
        meaning alone takes "宝宝晚上老哭怎么办" for the newborn's paperwork."""
        said = self.said(text)
        if said or not asks_whole(text):  # the meaning (an encoding) only when it can matter
            return said
        closest = self.closest(text)
        return closest[0] if closest and closest[1] >= WHOLE_MEANT else None

    def closest(self, text: str) -> tuple[Event, float] | None:
        ranked = self.closeness(text)
        if not ranked:
            return None
        return next(e for e in self._events if e.id == ranked[0][0]), ranked[0][1]

    def closeness(self, text: str) -> list[tuple[str, float]]:
        """Every event with how close the message comes to it, closest first."""
        clean = compact(text)
        if not clean or not self._events:
            return []
        close: dict[str, float] = {}
        if self._meaning is not None and self._vectors is not None:
            similarity = self._vectors @ self._meaning.query(clean)
            for (event, _), value in zip(self._phrases, similarity, strict=True):
                close[event.id] = max(close.get(event.id, -1.0), float(value))
        said = char_pairs(clean)
        scored = {e.id: close.get(e.id, 0.0) + OWN_PAIR * len(said & self._own_pairs[e.id]) for e in self._events}
        return sorted(scored.items(), key=lambda item: -item[1])


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as the citizen is told
    step: EventStep
    service: Service
    applies: bool | None  # None: depends on a question not answered yet


@dataclass(frozen=True)
class Item:
    """One line of the merged checklist."""

    key: str  # the material's key (glossary id or own label)
    name: str
    steps: tuple[int, ...]  # the steps that need it brought
    produced_by: int | None = None  # collected at this earlier step, not brought from home
    shared_at: tuple[int, ...] = ()  # steps whose office fetches it (免提交)


@dataclass(frozen=True)
class Plan:
    """An event worked out for what the citizen has said so far."""

    event: Event
    steps: list[Step]
    items: list[Item]  # over the steps that apply for certain
    trips: int  # the same
    together: list[tuple[str, list[int], str]] = field(default_factory=list)  # (how, step numbers, where)
    maybe: list[tuple[Step, list[Item]]] = field(default_factory=list)  # what a step that may apply adds

    @property
    def to_bring(self) -> list[Item]:
        return [i for i in self.items if i.steps and i.produced_by is None]

    @property
    def open_questions(self) -> list[str]:
        return list(dict.fromkeys(s.step.condition[1] for s in self.steps if s.applies is None and s.step.condition))


def _applies(step: EventStep, answers: dict[str, bool]) -> bool | None:
    if step.condition is None:
        return True
    kind, question = step.condition
    said = answers.get(EVENT_ANSWER + question)
    return None if said is None else said == (kind == "when")


def plan(catalogue: Catalogue, event: Event, answers: dict[str, bool] | None = None) -> Plan:
    """The steps, the merged checklist over the steps that apply or may apply, and the trips."""
    answers = answers or {}
    steps = [Step(n, s, catalogue.services[s.service], _applies(s, answers)) for n, s in enumerate(event.steps, 1)]
    sure = [s for s in steps if s.applies]
    items = _merged(catalogue, sure)
    listed = {i.key for i in items}
    maybe = []
    for step in (s for s in steps if s.applies is None):
        adds = [i for i in _merged(catalogue, [*sure, step]) if i.key not in listed and step.number in i.steps]
        maybe.append((step, adds))
    kept = [s for s in steps if s.applies is not False]
    return Plan(event, steps, items, _trips(event, sure), _groups(event, kept), maybe)


def _merged(catalogue: Catalogue, steps: list[Step]) -> list[Item]:
    """Every material a step always needs, once: brought, collected at an earlier step, or fetched."""
    produced: dict[str, int] = {}
    needed: dict[str, list[int]] = {}
    shared: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for step in steps:
        for requirement in step.service.materials:
            if requirement.required != "always" or requirement.shared:
                continue
            key = requirement.key
            named = catalogue.material_name(key) if requirement.ref else catalogue.requirement_name(requirement)
            if key in PER_STEP:
                key, named = f"{key}@{step.number}", catalogue.requirement_name(requirement)
            names.setdefault(key, named)
            if key in step.step.shared and key in produced:
                shared.setdefault(key, []).append(step.number)
            else:
                needed.setdefault(key, []).append(step.number)
        for key in step.step.produces:
            produced.setdefault(key, step.number)
            names.setdefault(key, catalogue.material_name(key))
    keys = list(dict.fromkeys([*needed, *shared]))
    return [
        Item(
            key,
            names[key],
            tuple(needed.get(key, [])),
            produced[key] if key in produced and min(needed.get(key, [99])) > produced[key] else None,
            tuple(shared.get(key, [])),
        )
        for key in keys
    ]


def _groups(event: Event, steps: list[Step]) -> list[tuple[str, list[int], str]]:
    numbers = {s.service.id: s.number for s in steps}
    found: list[tuple[str, list[int], str]] = []
    for group in event.together:
        members = [numbers[sid] for sid in group.steps if sid in numbers]
        if len(members) >= 2:
            found.append((group.how, members, group.where))
    return found


def _trips(event: Event, steps: list[Step]) -> int:
    """At best: steps done together online take none, together at one window one trip; the rest
    what their own guide says."""
    online = {n for how, members, _ in _groups(event, steps) if how == "online" for n in members}
    trips = 0
    counted: set[int] = set()
    for how, members, _ in _groups(event, steps):
        if how == "window" and not set(members) & counted:
            alone = [s for s in steps if s.number in members and s.number not in online]
            trips += 1 if any(s.service.visits for s in alone) else 0
            counted.update(members)
    for step in steps:
        if step.number not in online and step.number not in counted:
            trips += step.service.visits
    return trips


@dataclass(frozen=True)
class EventCheck:
    """The citizen's materials against the whole event."""

    plan: Plan
    have: list[Item]
    missing: list[Item]


def check(plan_: Plan, held: list[str]) -> EventCheck:
    bring = plan_.to_bring
    return EventCheck(plan_, [i for i in bring if i.key in held], [i for i in bring if i.key not in held])
