"""What the assistant says next, given the conversation so far: plain Python, no Rasa.

Rasa classifies the message's intent and keeps the conversation state in slots; this module
decides which service is meant, answers from the catalogue, runs the completeness check and asks
the one question (which service? which situation?) whose answer changes the reply. The Rasa
actions only translate slots to `State` and `Turn` to events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import answers, event_answers, events, intents, situations, spoken
from bot.catalogue import colloquial
from bot.catalogue.meaning import Meaning
from bot.catalogue.schema import Catalogue, Event, Question, Service
from bot.catalogue.search import PHRASE_SCORE, SearchResult, ServiceIndex, distinguished, item_words
from bot.checklist import check_materials, find_materials
from bot.handover.model import Reason
from bot.outcomes import report as outcome_report
from bot.outcomes.model import Cause, Report, Trips
from bot.places import Gazetteer
from bot.segmenter import Segmenter
from bot.signal import ReplyKind
from bot.state import Aspect, Choice, FollowupOffer, RatingRequest, SituationQuestion, State, WhichService
from bot.text import parse_choice

MAX_MISSES = 2  # "two failed understandings in a row" go to a person
MAX_FITTING = 3  # services offered for stated materials alone
FOLLOWUP_OFFER = "办完后，我可以来问问您是否一次办成，帮我们把办事指南改准。同意请回复“好”，不用请回复“不用”。"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload); the payload is what a user would type
    spoken: tuple[str, ...] = ()  # the same for the ear, in parts (bot.spoken); () where none is made


@dataclass(frozen=True)
class Resolution:
    """Which service a message means: one, several to choose from, or words naming one we lack."""

    service: Service | None = None
    candidates: list[Service] = field(default_factory=list)
    unknown_terms: list[str] = field(default_factory=list)
    note: str = ""  # said first: a place named that no catalogue covers


@dataclass
class Turn:
    replies: list[Reply]
    state: State
    followup: Reason | None = None  # a person should follow this up
    service_id: str | None = None  # the service the followup is about, if any
    rating: int | None = None  # 好差评: the citizen's score, 1 to 5, for the pending rating
    verdict: bool = False  # the completeness check's final checklist
    consent: bool | None = None  # the answer to the follow-up offer (FollowupOffer)
    report: Report | None = None  # how it went at the office, as the citizen told it
    withdraw: bool = False  # "不用问了": no more follow-ups

    @property
    def kind(self) -> ReplyKind:
        """What kind of reply this is, for the channels (bot.signal): what it waits for, if anything."""
        match self.state.pending:
            case Choice():
                return ReplyKind.OPTIONS
            case SituationQuestion():
                return ReplyKind.QUESTION
            case RatingRequest():
                return ReplyKind.RATING
        return ReplyKind.VERDICT if self.verdict else ReplyKind.ANSWER


class Assistant:
    def __init__(self, catalogue: Catalogue, meaning: Meaning | None = None) -> None:
        self.catalogue = catalogue
        self.segmenter = Segmenter([*catalogue.vocabulary(), *colloquial.OFFICIAL])  # 个税, 自由行 kept whole
        self.index = ServiceIndex(catalogue, self.segmenter, meaning)
        self.places = Gazetteer(catalogue.regions, self.segmenter)
        self.events = events.EventFinder(catalogue, meaning)

    def interpret(self, intent: str, ranking: list[str], text: str) -> str:
        """The NLU intent with the catalogue's word on it (bot.intents)."""
        return intents.interpret(self.index, intent, ranking, text, lambda t: self.events.tells(t) is not None)

    # -- answering about a service -------------------------------------------------------------

    def _aspect_reply(self, service: Service, aspect: Aspect) -> Reply:
        return Reply(self._aspect_text(service, aspect), spoken=tuple(self._aspect_spoken(service, aspect)))

    def _aspect_spoken(self, service: Service, aspect: Aspect) -> list[str]:
        speakers: dict[Aspect, Callable[[], list[str]]] = {
            Aspect.OVERVIEW: lambda: spoken.overview(self.catalogue, service),
            Aspect.MATERIALS: lambda: spoken.materials(self.catalogue, service),
            Aspect.CONDITIONS: lambda: spoken.conditions(service),
            Aspect.FEES: lambda: [f"办{spoken.name(service)}，{spoken.fees(service)}。"],
            Aspect.TIME_LIMIT: lambda: [f"办{spoken.name(service)}，{spoken.time_limit(service)}。"],
            Aspect.LOCATION: lambda: spoken.location(service),
            Aspect.ONLINE: lambda: spoken.online(service),
            Aspect.DETAILS: lambda: spoken.details(service),
            Aspect.ELSEWHERE: lambda: spoken.elsewhere(service),
        }
        return speakers[aspect]()

    def _aspect_text(self, service: Service, aspect: Aspect) -> str:
        writers: dict[Aspect, Callable[[], str]] = {
            Aspect.OVERVIEW: lambda: answers.overview_text(self.catalogue, service),
            Aspect.MATERIALS: lambda: answers.materials_text(self.catalogue, service),
            Aspect.CONDITIONS: lambda: answers.conditions_text(service),
            Aspect.FEES: lambda: answers.fees_text(service),
            Aspect.TIME_LIMIT: lambda: answers.time_limit_text(service),
            Aspect.LOCATION: lambda: answers.location_text(service),
            Aspect.ONLINE: lambda: answers.online_text(service),
            Aspect.DETAILS: lambda: answers.details_text(service),
            Aspect.ELSEWHERE: lambda: answers.elsewhere_text(service),
        }
        return writers[aspect]()

    def _switch(self, state: State, service: Service) -> State:
        """Materials stated before any service was named still count; another service starts
        afresh, within the life event talked about if it is one of its steps."""
        event = self.catalogue.events.get(state.event_id or "")
        within = event.id if event and any(s.service == service.id for s in event.steps) else None
        if state.service_id in (service.id, None):
            return dataclasses.replace(state, service_id=service.id, pending=None, event_id=within)
        return State(service_id=service.id, event_id=within, offered=state.offered)

    def _ask_choice(self, state: State, options: list[Service], then: Aspect) -> Turn:
        buttons = _numbered_buttons(options)
        pending = Choice(tuple(s.id for s in options), then)
        reply = Reply(answers.choices_text(options), buttons, ("您要办的是哪一项？",))
        return Turn([reply], dataclasses.replace(state, pending=pending))

    def _not_in_catalogue(self, state: State, text: str, terms: list[str]) -> Turn:
        suggestions = self.index.closest(text)
        pending = Choice(tuple(s.id for s in suggestions), Aspect.OVERVIEW)
        buttons = _numbered_buttons(suggestions)
        reply = Reply(answers.not_in_catalogue_text(item_words(terms, text), suggestions), buttons)
        return Turn([reply], dataclasses.replace(state, pending=pending), followup=Reason.NOT_IN_CATALOGUE)

    def search(self, text: str) -> tuple[SearchResult, str]:
        """The services a message means in the region it means, and a note when it names a place
        no catalogue covers (answered for the home region, and said so)."""
        places = self.places.find(text)
        region = places.regions[0] if places.regions else self.catalogue.home_region
        note = ""
        if places.unknown and not places.regions:
            note = answers.unknown_place_text(places.unknown[0], self.catalogue.home_region)
        near = self.places.family(region) if region else None
        return self.index.search(places.without(text), near, named_place=bool(places.regions)), note

    def resolve(self, text: str, state: State) -> Resolution:
        """Which service a message means, given the conversation so far."""
        about = intents.HOME_IS.sub("", text)  # where the citizen is registered is not what they ask
        result, note = self.search(about if about.strip() else text)
        confident = result.confident()
        if confident:
            return Resolution(service=confident, note=note)
        candidates = result.candidates()
        current = self.catalogue.services.get(state.service_id or "")
        if current and current in candidates:
            return Resolution(service=current, note=note)
        told_apart = distinguished(text, candidates)
        if told_apart:
            return Resolution(service=told_apart, note=note)
        if candidates:
            return Resolution(candidates=candidates, note=note)
        possible = result.possible()
        if possible:
            return Resolution(candidates=possible, note=note)
        if result.unknown_terms:
            return Resolution(unknown_terms=result.unknown_terms, note=note)
        return Resolution(service=current, note=note)

    def answer(self, aspect: Aspect, text: str, state: State) -> Turn:
        """Answer a question about one aspect of the service the citizen means (or check their
        materials for it); the answer to "which service?" gets what was asked before."""
        if isinstance(state.pending, WhichService):
            aspect = state.pending.then
        answered = self._answered_in_words(text, state)
        if answered:
            return answered
        if intents.asks_for_details(text) and state.service_id in self.catalogue.services:
            return Turn([self._aspect_reply(self.catalogue.services[state.service_id], Aspect.DETAILS)], state)
        step = self._event_step(text, state)
        if step:
            return self._answer_resolved(Resolution(service=step), aspect, text, state)
        event = self._event_meant(text, aspect)
        if event:
            return self.event_turn(event, aspect, text, state)
        if aspect is not Aspect.CHECK and intents.asks_elsewhere(text):
            aspect = Aspect.ELSEWHERE
        meant = self.resolve(text, state)
        turn = self._answer_resolved(meant, aspect, text, state)
        turn.state = self._with_heard(turn.state, text)
        if meant.note:
            first = turn.replies[0]
            said = (meant.note, *first.spoken) if first.spoken else ()
            turn.replies[0] = Reply(meant.note + "\n" + first.text, first.buttons, said)
        return turn

    def _answer_resolved(self, meant: Resolution, aspect: Aspect, text: str, state: State) -> Turn:
        if meant.service:
            if aspect is Aspect.CHECK:
                return self.check(text, self._switch(state, meant.service))
            return Turn([self._aspect_reply(meant.service, aspect)], self._switch(state, meant.service))
        if meant.candidates:
            return self._ask_choice(state, meant.candidates, aspect)
        if meant.unknown_terms:
            return self._not_in_catalogue(state, text, meant.unknown_terms)
        offered = self._offered(state)  # "都要带什么" right after the offer: for the one offered, or again
        if len(offered) == 1:
            return self._answer_resolved(Resolution(service=offered[0]), aspect, text, state)
        if offered:
            return self._ask_choice(state, offered, aspect)
        examples = list(self.catalogue.services.values())[:4]
        pending = WhichService(aspect)
        return Turn([Reply(answers.which_service_text(examples))], dataclasses.replace(state, pending=pending))

    # -- completeness check --------------------------------------------------------------------

    def check(self, text: str, state: State) -> Turn:
        """Record the materials the citizen says they have and tell them what is still missing."""
        answered = self._answered_in_words(text, state)
        if answered:
            return answered
        left_open = state.pending if isinstance(state.pending, SituationQuestion) else None
        before = (state.service_id, list(state.held))
        result, _ = self.search(text)
        named = result.matches[0] if result.matches and result.matches[0].score >= PHRASE_SCORE else None
        event = self._event_meant(text, Aspect.CHECK) or (
            self.catalogue.events.get(state.event_id or "") if named is None else None
        )
        if event:
            return self.event_turn(event, Aspect.CHECK, text, state)
        if named and named.service.id != state.service_id:
            state = State(service_id=named.service.id, offered=state.offered)
        service = self.catalogue.services.get(state.service_id or "")
        ignore = [named.phrase] if named and named.phrase else []
        stated = find_materials(text, self.catalogue, ignore=ignore, service=service)
        held = [m for m in dict.fromkeys([*state.held, *stated.held]) if m not in stated.lacking]
        offered = self._offered(state) if service is None else []
        state = dataclasses.replace(state, held=held, pending=None)
        fitting = offered or (self._fitting(held) if service is None else [])
        if len(fitting) == 1:  # 出生医学证明 + 户口本: only one service needs both
            service = fitting[0]
            state = dataclasses.replace(state, service_id=service.id)
        elif fitting:
            return self._ask_choice(state, fitting, Aspect.CHECK)
        if service is None:
            examples = list(self.catalogue.services.values())[:4]
            noted = f"已记下您有：{'、'.join(self.catalogue.material_name(m) for m in held)}。" if held else ""
            if stated.unknown:
                noted += f"没能识别的材料：{'、'.join(stated.unknown)}。"
            reply = Reply(noted + answers.which_service_text(examples))
            return Turn([reply], dataclasses.replace(state, pending=WhichService(Aspect.CHECK)))
        if not held and not stated.unknown:
            reply = Reply(f"{answers.header(service)}请告诉我您手上已有哪些材料，例如“我有身份证和户口本”。")
            return Turn([reply], state)
        state = self._with_heard(state, text)
        added = [m for m in held if m not in before[1]] if before[0] == service.id else []
        state, note = self._moved_on(state, left_open, added)
        return self._check_reply(service, state, stated.unknown, note)

    def _answered_in_words(self, text: str, state: State) -> Turn | None:
        """ "我是租房的" to "您以哪种条件申领？": the pending situation question answered in words,
        which the NLU takes for a statement or a question, not for a choice."""
        ask = self._pending_ask(state)
        said = situations.read_words(ask, text) if ask else None
        if ask is None or not said:
            return None
        answered = dataclasses.replace(state, answers={**state.answers, **said}, pending=None)
        return self._check_reply(ask.service, answered, [])

    def _pending_ask(self, state: State) -> situations.SituationAsk | None:
        """The situation question pending, with the service's questions it names; None if none is."""
        current = self.catalogue.services.get(state.service_id or "")
        if current is None or not isinstance(state.pending, SituationQuestion):
            return None
        asked = tuple(q for q in (current.question(i) for i in state.pending.questions) if q)
        return situations.SituationAsk(current, asked, state.pending.exclusive) if asked else None

    def _offered(self, state: State) -> list[Service]:
        """The services just offered as numbered choices: what "我有户口本" right after the offer
        is about (one offered is that one; several are offered again, for the check)."""
        if not isinstance(state.pending, Choice):
            return []
        return [self.catalogue.services[i] for i in state.pending.options if i in self.catalogue.services]

    def _fitting(self, held: list[str]) -> list[Service]:
        """The services, at most three, that need every one of two or more stated materials
        (always, not fetched by the office); none when more fit: the citizen is asked which."""
        if len(held) < 2:
            return []
        fitting = [
            s
            for s in self.catalogue.services.values()
            if set(held) <= {r.key for r in s.materials if r.required == "always" and not r.shared}
        ]
        return fitting if len(fitting) <= MAX_FITTING else []

    def _with_heard(self, state: State, text: str) -> State:
        """The situations the message settles for the service under discussion (an age, "换发"),
        kept so they are not asked."""
        service = self.catalogue.services.get(state.service_id or "")
        heard = situations.heard(service, text) if service else {}
        new = {k: v for k, v in heard.items() if k not in state.answers}
        return dataclasses.replace(state, answers={**state.answers, **new}) if new else state

    def _moved_on(self, state: State, left_open: SituationQuestion | None, stated: list[str]) -> tuple[State, str]:
        """A citizen who answers "which of these apply to you?" with more materials instead has none
        of them: the verdict is given for that, and says so, rather than asking again."""
        service = self.catalogue.services.get(state.service_id or "")
        if service is None or left_open is None or left_open.exclusive or not stated:
            return state, ""
        open_ids = [q for q in left_open.questions if q not in state.answers and service.question(q)]
        if not open_ids:
            return state, ""
        options = "、".join(situations.option(q) for q in (service.question(i) for i in open_ids) if q)
        assumed = dataclasses.replace(state, answers={**state.answers, **dict.fromkeys(open_ids, False)})
        return assumed, f"（按以下情况都不符合核对：{options}；如有符合的，请告诉我。）"

    def _check_reply(self, service: Service, state: State, unknown: list[str], note: str = "") -> Turn:
        result = check_materials(service, state.held, state.answers)
        ask = situations.next_ask(service, result.open_questions)
        if ask:
            text = answers.situation_text(self.catalogue, state.held, ask)
            if unknown:
                text += f"\n没能识别的材料：{'、'.join(unknown)}"
            pending = SituationQuestion(tuple(q.id for q in ask.questions), ask.exclusive)
            reply = Reply(text, answers.situation_buttons(ask), (spoken.situation(ask),))
            return Turn([reply], dataclasses.replace(state, pending=pending))
        written = answers.check_text(self.catalogue, result, unknown) + (f"\n{note}" if note else "")
        verdict = Reply(written, spoken=tuple(spoken.check(self.catalogue, result)))
        return self._offering(Turn([verdict], state, verdict=True), service.id)

    # -- life events (一件事) ------------------------------------------------------------------

    def _event_meant(self, text: str, aspect: Aspect) -> Event | None:
        """The life event a message tells of, unless it asks about one item by name: "我爸下个月
        退休" and "开饭店要办哪些手续" are the event, "结婚证要带什么材料" is the item."""
        said = self.events.said(text)
        whole = events.asks_whole(text)
        if said and whole:
            return said
        if not said and aspect is Aspect.CHECK:
            return None  # "我有身份证和户口本" tells what one holds, not what happened
        closest = None if said else self.events.closest(text)
        if not said and (closest is None or closest[1] < (events.WHOLE_MEANT if whole else events.MEANT)):
            return None  # most messages end here, before a second search
        result, _ = self.search(text)
        top = result.matches[0] if result.matches else None
        if said:  # "丢了身份证怎么办" is the event; "身份证丢了要补，带什么" names the item
            return None if top and top.phrase else said
        assert closest is not None
        event = closest[0]
        named = result.confident() or (top.service if top and top.phrase else None)
        if whole:  # about the whole, unless it names an item of another event
            return event if named is None or named.id in {step.service for step in event.steps} else None
        return event if named is None and not result.candidates() else None

    def _event_step(self, text: str, state: State) -> Service | None:
        """ "第二步要带什么" in a conversation about an event: that step's item."""
        event = self.catalogue.events.get(state.event_id or "")
        unanswered = state.pending is None or isinstance(state.pending, FollowupOffer)
        number = events.step_number(text) or (parse_choice(text) if unanswered else None)
        if event is None or number is None or not 1 <= number <= len(event.steps):
            return None
        return self.catalogue.services[event.steps[number - 1].service]

    def event_turn(self, event: Event, aspect: Aspect, text: str, state: State) -> Turn:
        """The event as a whole: its steps, one checklist, the trips; or, for the citizen's
        materials, what the whole event still lacks."""
        kept = state if state.event_id == event.id else State(held=state.held, event_id=event.id, offered=state.offered)
        kept = dataclasses.replace(kept, service_id=None, pending=None)
        if aspect is Aspect.CHECK:
            return self._event_check(event, text, kept)
        plan = events.plan(self.catalogue, event, kept.answers)
        reply = Reply(event_answers.overview_text(plan), spoken=tuple(event_answers.spoken_overview(plan)))
        return self._offering(Turn([reply], kept, verdict=True), events.EVENT_ITEM + event.id)

    def _event_check(self, event: Event, text: str, state: State) -> Turn:
        stated = find_materials(text, self.catalogue)
        held = [m for m in dict.fromkeys([*state.held, *stated.held]) if m not in stated.lacking]
        state = dataclasses.replace(state, held=held)
        plan = events.plan(self.catalogue, event, state.answers)
        if plan.open_questions:
            ask = self._event_ask(event, tuple(events.EVENT_ANSWER + q for q in plan.open_questions))
            text = event_answers.questions_text(event, ask)
            pending = SituationQuestion(tuple(q.id for q in ask.questions), exclusive=False)
            said = event_answers.spoken_questions(event, ask)
            reply = Reply(text, answers.situation_buttons(ask), (said,))
            return Turn([reply], dataclasses.replace(state, pending=pending))
        result = events.check(plan, held)
        verdict = Reply(
            event_answers.check_text(self.catalogue, result, stated.unknown),
            spoken=tuple(event_answers.spoken_check(result)),
        )
        return self._offering(Turn([verdict], state, verdict=True), events.EVENT_ITEM + event.id)

    def _event_ask(self, event: Event, question_ids: tuple[str, ...]) -> situations.SituationAsk:
        """The event's questions as a situation question, read by the same reader as a service's
        (the service only names it: the event's first step)."""
        questions = []
        for question_id in question_ids:
            question = event.question(question_id.removeprefix(events.EVENT_ANSWER))
            if question:
                questions.append(Question(id=question_id, ask=question.ask, option=question.option))
        first = self.catalogue.services[event.steps[0].service]
        return situations.SituationAsk(first, tuple(questions), exclusive=False)

    # -- did it take one trip? (bot.outcomes) ---------------------------------------------------

    def _offering(self, turn: Turn, item: str) -> Turn:
        """A checklist comes with the offer to ask afterwards, once per item in a conversation;
        the hotline offers it by SMS instead, so the spoken form is left as it is."""
        if item in turn.state.offered:
            return turn
        last = turn.replies[-1]
        turn.replies[-1] = Reply(f"{last.text}\n{FOLLOWUP_OFFER}", last.buttons, last.spoken)
        offered = [*turn.state.offered, item]
        turn.state = dataclasses.replace(turn.state, offered=offered, pending=FollowupOffer(item))
        return turn

    def report(self, text: str, state: State) -> Turn:
        """How it went at the office, told any time ("跑了两次，缺结婚证复印件"), or "不用问了"."""
        if outcome_report.withdraws(text):
            reply = Reply("好的，以后不会再来问您办理结果。还有什么可以帮您？")
            return Turn([reply], dataclasses.replace(state, pending=None), withdraw=True)
        told = outcome_report.read_report(text, self.catalogue)
        if not told.says_something:
            return Turn([Reply("请问您办得怎么样？一次就办成了吗？比如回复“一次办成”或“跑了两次，缺…”。")], state)
        return Turn(
            [Reply(outcome_report.said_back(told, self.catalogue))],
            dataclasses.replace(state, pending=None),
            report=told,
        )

    def answer_followup(self, yes: bool, state: State) -> Turn:
        """A bare yes or no soon after we asked "是一次办成的吗？" (nothing else pending): yes is one
        trip; no is not yet a report, so the citizen is asked what happened."""
        if not yes:
            return Turn(
                [Reply("没能一次办成，真抱歉。请说说跑了几次、缺了什么，比如“跑了两次，缺结婚证复印件”。")], state
            )
        told = Report(Trips.ONE, Cause.NONE)
        return Turn([Reply(outcome_report.said_back(told, self.catalogue))], state, report=told)

    # -- short replies: a number, yes or no ----------------------------------------------------

    def reply_to_pending(self, text: str, yes: bool | None, state: State) -> Turn:
        """Handle '2', '是', '不是' as the answer to whatever the assistant last asked."""
        match state.pending:
            case Choice(options, then):
                number = parse_choice(text) or (1 if yes and len(options) == 1 else None)
                if number is None or not 1 <= number <= len(options):
                    numbers = answers.numbers_text(len(options))
                    return Turn([Reply(f"请回复序号{numbers}，或直接说出事项名称。")], state)
                service = self.catalogue.services[options[number - 1]]
                chosen = self._switch(state, service)
                if then is Aspect.CHECK:
                    return self._check_reply(service, chosen, [])
                return Turn([self._aspect_reply(service, then)], chosen)
            case SituationQuestion(questions) if state.event_id in self.catalogue.events:
                event = self.catalogue.events[state.event_id or ""]
                said = situations.read_answer(self._event_ask(event, questions), text, yes)
                if said is None:
                    return Turn([Reply("请回复序号，或回复“是”“不是”。")], state)
                answered = dataclasses.replace(state, answers={**state.answers, **said}, pending=None)
                return self._event_check(event, "", answered)
            case SituationQuestion():
                ask = self._pending_ask(state)
                if ask is None:
                    return Turn([Reply("好的。请告诉我您要办的事。")], dataclasses.replace(state, pending=None))
                said = situations.read_answer(ask, text, yes)
                if said is None:
                    again = "请回复“是”或“不是”。" if ask.single else f"请回复序号，都不符合请回复{ask.none_number}。"
                    return Turn([Reply(again, answers.situation_buttons(ask))], state)
                answered = dataclasses.replace(state, answers={**state.answers, **said}, pending=None)
                return self._check_reply(ask.service, answered, [])
            case FollowupOffer() if yes is not None:
                agreed = "好的，办完后我会来问您一次。" if yes else "好的，不会打扰您。"
                hint = "您也可以随时直接告诉我结果，比如“一次就办成了”或“跑了两次，缺结婚证复印件”。" if yes else ""
                return Turn([Reply(agreed + hint)], dataclasses.replace(state, pending=None), consent=yes)
            case RatingRequest():
                score = parse_choice(text)
                if score is None or not 1 <= score <= 5:
                    return Turn([Reply("请回复1到5的数字为本次服务打分（5分为非常满意）。")], state)
                rated = dataclasses.replace(state, pending=None)
                return Turn([Reply(answers.rating_thanks_text(score))], rated, rating=score)
        step = self._event_step(text, state)
        if step:  # "2" after an event's steps: that step
            return Turn([self._aspect_reply(step, Aspect.OVERVIEW)], self._switch(state, step))
        current = self.catalogue.services.get(state.service_id or "")
        heard = self._with_heard(state, text)
        if current and heard != state:  # "不是，我已经成年了": a situation before it was asked
            return self._check_reply(current, heard, [])
        return Turn([Reply("好的。还有什么可以帮您？您可以问我某项业务要带什么材料，或告诉我您已有的材料。")], state)

    # -- when the assistant cannot help --------------------------------------------------------

    def out_of_scope(self, text: str, state: State) -> Turn:
        return Turn([Reply(answers.out_of_scope_text(self.index.closest(text)))], state)

    def not_understood(self, text: str, state: State) -> Turn:
        """The second message in a row not understood goes to a person instead of a third try."""
        service = self.catalogue.services.get(state.service_id or "")
        heard = self._with_heard(state, text)
        if service and heard != state:  # "换 换发": a situation of the service, before it was asked
            return self._check_reply(service, dataclasses.replace(heard, pending=None, misses=0), [])
        if state.misses + 1 >= MAX_MISSES:
            return self.human(text, state, Reason.NOT_UNDERSTOOD)
        missed = dataclasses.replace(state, misses=state.misses + 1)
        return Turn([Reply(answers.not_understood_text(self.index.closest(text)))], missed)

    def human(self, text: str, state: State, reason: Reason = Reason.ASKED_FOR_PERSON) -> Turn:
        """Only the reason here: what happens next (queue place, hours) is known once it is recorded."""
        return Turn(
            [Reply(answers.handover_opening_text(reason))],
            dataclasses.replace(state, pending=None, misses=0),
            followup=reason,
            service_id=state.service_id,
        )

    def capabilities(self, state: State) -> Turn:
        return Turn([Reply(answers.capabilities_text(self.catalogue))], state)

    def goodbye(self, state: State) -> Turn:
        """Goodbye, and the 好差评 invitation: a number in reply is the score (of the conversation;
        the console's invitation after a resolved handover names the handover)."""
        pending = RatingRequest(handover=None)
        return Turn([Reply(answers.goodbye_text())], dataclasses.replace(state, pending=pending, misses=0))


def serving_assistant(catalogue: Catalogue, meaning_cache_dir: Path) -> Assistant:
    """The assistant the servers answer with: the words, and the meaning of the service names."""
    return Assistant(catalogue, Meaning.for_catalogue(catalogue, meaning_cache_dir))


def _numbered_buttons(services: list[Service]) -> tuple[tuple[str, str], ...]:
    """One button per offered service; its payload is the number a citizen would type."""
    return tuple((f"{i}. {s.name}", str(i)) for i, s in enumerate(services, 1))
