"""What the assistant writes and says about a life event (bot.events): the steps in order with
where each is done and which go together, one merged checklist, the trips for the whole event."""

from __future__ import annotations

from bot import situations
from bot.catalogue.schema import Catalogue, Event
from bot.events import EventCheck, Item, Plan, Step
from bot.situations import SituationAsk
from bot.spoken import count_word, listed, plain, short_parts
from bot.spoken import name as spoken_name
from bot.text import without_brackets

STEP_HINT = "回复序号看这一步；告诉我您已有的材料（如“我有身份证和户口本”），我帮您核对整件事还缺什么。"
HOW = {"online": "网上一起办", "window": "在一个窗口一起办"}


def _numbers(numbers: list[int] | tuple[int, ...]) -> str:
    return "、".join(str(n) for n in numbers)


def _where(step: Step) -> str:
    return step.service.locations[0].name if step.service.locations else step.service.department


def _condition(event: Event, step: Step) -> str:
    """'如孩子在浙江本地落户' for a step that depends on a question not answered yet, else ''."""
    if step.applies is not None or step.step.condition is None:
        return ""
    kind, question_id = step.step.condition
    question = event.question(question_id)
    said = without_brackets(situations.option(question)) if question else question_id
    return f"{'如' if kind == 'when' else '如不是'}{said}"


def _item_line(item: Item) -> str:
    parts = []
    if item.produced_by:
        parts.append(f"第{item.produced_by}步办好后取得")
    if item.steps:
        parts.append(f"第{_numbers(item.steps)}步要用")
    if item.shared_at:
        parts.append(f"第{_numbers(item.shared_at)}步不用交（部门共享）")
    return f"· {item.name}：{'，'.join(parts)}"


def trips_text(trips: int) -> str:
    return "整件事可以全程网上办，不用跑。" if trips == 0 else f"材料带齐，整件事最少跑{trips}次。"


def overview_text(plan: Plan) -> str:
    event = plan.event
    lines = [f"【{event.name}】{event.summary}", f"一共{len(plan.steps)}步："]
    for step in plan.steps:
        if step.applies is False:
            continue
        condition = _condition(event, step)
        lines.append(f"{step.number}. {step.service.name}——{_where(step)}" + (f"（{condition}）" if condition else ""))
    for how, members, where in plan.together:
        lines.append(f"第{_numbers(members)}步可以{HOW[how]}" + (f"：{where}" if where else "。"))
    lines.append("要带的材料（每样一份）：")
    lines += [_item_line(item) for item in plan.items]
    for step, adds in plan.maybe:
        if adds:
            named = [f"{i.name}（第{i.produced_by}步拿到）" if i.produced_by else i.name for i in adds]
            lines.append(f"{_condition(event, step)}，第{step.number}步另要：" + "、".join(named))
    lines += [trips_text(plan.trips) + _unless_maybe(plan), STEP_HINT, _sources_line(event)]
    return "\n".join(lines)


def _unless_maybe(plan: Plan) -> str:
    maybe = [step.number for step, _ in plan.maybe]
    return f"（不含视情况要办的第{_numbers(maybe)}步）" if maybe else ""


def _sources_line(event: Event) -> str:
    return f"（一件事清单核对于{event.last_verified.isoformat()}，以办理窗口为准；如有疑问可拨打12345）"


def spoken_overview(plan: Plan) -> list[str]:
    """The steps one part each, then the checklist counted, then the trips: for the ear."""
    event = plan.event
    kept = [s for s in plan.steps if s.applies is not False]
    parts = [f"{plain(event.name)}，一共{count_word(len(kept))}步。{plain(event.summary)}"]
    for step in kept:
        condition = plain(_condition(event, step))
        when = f"{condition}，" if condition else ""
        parts.append(f"第{step.number}步，{when}办{spoken_name(step.service)}，在{plain(_where(step))}。")
    for how, members, _ in plan.together:
        parts.append(f"第{_numbers(members)}步可以{HOW[how]}。")
    return short_parts(parts + spoken_checklist(plan.items) + [trips_text(plan.trips)])


def spoken_checklist(items: list[Item]) -> list[str]:
    bring = [i for i in items if i.steps and i.produced_by is None]
    later = [i for i in items if i.produced_by]
    parts = [f"整件事一共要带{count_word(len(bring))}样，每样一份。"] if bring else []
    parts += listed([plain(i.name) for i in bring])
    parts += [f"{plain(i.name)}在第{i.produced_by}步办好后拿到，后面接着用。" for i in later]
    return parts


def questions_text(event: Event, ask: SituationAsk) -> str:
    """The event's open questions at once: they decide which steps apply."""
    if ask.single:
        return f"【{event.name}】请问：{ask.questions[0].ask}请回复“是”或“不是”。"
    options = "\n".join(f"{n}. {situations.option(q)}" for n, q in enumerate(ask.questions, 1))
    return (
        f"【{event.name}】以下情况决定要办哪几步，哪些符合您？\n{options}\n{ask.none_number}. 都不符合\n"
        "符合的请回复序号，可以回复多个。"
    )


def spoken_questions(event: Event, ask: SituationAsk) -> str:
    lead = f"{plain(event.name)}，请问："
    if ask.single:
        return f"{lead}{plain(ask.questions[0].ask).rstrip('？?')}？"
    options = "".join(f"按{n}，{plain(situations.option(q))}。" for n, q in enumerate(ask.questions, 1))
    return f"{lead}下面哪些符合您？{options}可以按几个；都不符合，请按{ask.none_number}。"


def check_text(catalogue: Catalogue, result: EventCheck, unknown: list[str]) -> str:
    plan = result.plan
    lines = [f"【{plan.event.name}】按您的情况，要办第{_numbers([s.number for s in plan.steps if s.applies])}步。"]
    if result.have:
        lines.append("已有：" + "、".join(i.name for i in result.have))
    if result.missing:
        lines.append("还缺：")
        lines += [_item_line(i) for i in result.missing]
    else:
        lines.append("整件事要带的材料都齐了。")
    later = [i for i in plan.items if i.produced_by]
    if later:
        lines.append("办的过程中拿到、接着用的：" + "、".join(f"{i.name}（第{i.produced_by}步）" for i in later))
    if unknown:
        lines.append(f"没能识别的材料：{'、'.join(unknown)}")
    lines += [
        "各步骤还有视情况（如代办、未成年）要带的材料，回复序号可以看这一步的详细清单。",
        trips_text(plan.trips),
    ]
    return "\n".join(lines)


def spoken_check(result: EventCheck) -> list[str]:
    plan = result.plan
    if not result.missing:
        parts = ["整件事要带的材料都齐了。"]
    else:
        parts = [f"还缺{count_word(len(result.missing))}样。", *listed([plain(i.name) for i in result.missing])]
    return short_parts([*parts, trips_text(plan.trips)])
