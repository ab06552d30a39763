"""Where the conversation stood when it came to a person (services, materials, answers).

Built from the assistant's slots when the handover opens, in names rather than ids, so the record
still reads right after the catalogue changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot import events
from bot.catalogue.schema import Catalogue
from bot.checklist import check_materials
from bot.handover.model import Context
from bot.state import State


def context_of(catalogue: Catalogue, state: State, discussed: Iterable[str]) -> Context:
    """`discussed`: every service id the conversation touched, oldest first."""
    service = catalogue.services.get(state.service_id or "")
    ids = [i for i in dict.fromkeys([*discussed, *([service.id] if service else [])]) if i in catalogue.services]
    held_ids = [m for m in state.held if m in catalogue.materials]
    missing: list[str] = []
    asked: dict[str, bool] = {}
    if service:
        if held_ids:
            result = check_materials(service, held_ids, state.answers)
            missing = [catalogue.requirement_name(r) for r in result.missing]
        asked = {q.ask: state.answers[q.id] for q in service.questions if q.id in state.answers}
    event = catalogue.events.get(state.event_id or "")
    named = [catalogue.services[i].name for i in ids]
    if event:  # the life event first; what the whole event lacks when no one step is being discussed
        named.insert(0, f"{event.name}（共{len(event.steps)}步）")
        plan = events.plan(catalogue, event, state.answers)
        if service is None and held_ids:
            missing = [item.name for item in events.check(plan, held_ids).missing]
        for question in event.questions:
            if events.EVENT_ANSWER + question.id in state.answers:
                asked[question.ask] = state.answers[events.EVENT_ANSWER + question.id]
    return Context(
        services=named,
        held=[catalogue.material_name(m) for m in held_ids],
        missing=missing,
        answers=asked,
    )
