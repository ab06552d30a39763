"""Which situation question to ask next, and how to read the answer: one question, not five.

The completeness check knows which situations are still open (checklist.py). Asked one yes/no at
a time, a residence permit took four questions (就业? 租房? 自有住房? 就读?) where the citizen has
one answer. So: situations the catalogue groups as excluding each other are asked as one numbered
question with "都不是" last; the other open ones together, "符合的请回复序号，可以多个"; a single
open one as yes/no. A verdict is then at most two questions away in every service (one group,
then the rest), which a test over the whole catalogue checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalogue.schema import Question, Service
from bot.text import char_pairs, chinese_number, compact, parse_choice, without_brackets

MAX_OPTIONS = 8  # asked at once; with "都不是" the keys stay single digits on the hotline
_NONE = re.compile(r"都不|都没|没有|一个也不|全不|无$|不符合|不是")
_NUMBERS = re.compile(r"\d|[一二两三四五六七八九]")
_UNDER_AGE = re.compile(r"是否(?:有)?未满(\d+)周?岁")
_AGE = re.compile(r"(\d{1,3})(?:周岁|岁)")


@dataclass(frozen=True)
class SituationAsk:
    service: Service
    questions: tuple[Question, ...]
    exclusive: bool  # one of them at most (a group); else any of them

    @property
    def none_number(self) -> int:
        """The number of the last option, "都不是"; a lone yes/no question has none."""
        return len(self.questions) + 1

    @property
    def single(self) -> bool:
        return len(self.questions) == 1


def option(question: Question) -> str:
    """'申请人是否未满16周岁？' -> '申请人未满16周岁', unless the catalogue gives a short option."""
    return question.option or question.ask.replace("是否", "").rstrip("？?").strip()


def heading(ask: SituationAsk) -> str:
    if ask.single:
        return ask.questions[0].ask
    if ask.exclusive:
        group = ask.service.group_of(ask.questions[0].id)
        return group.ask if group else "以下哪一种符合您的情况？"
    return "以下情况中，哪些符合您？"


def next_ask(service: Service, open_ids: list[str]) -> SituationAsk | None:
    """The next question for the situations still open (in the order the materials name them)."""
    questions = [q for q in (service.question(i) for i in dict.fromkeys(open_ids)) if q is not None]
    if not questions:
        return None
    for question in questions:
        group = service.group_of(question.id)
        if group:  # the whole group: answering one answers all (the others are "no")
            members = tuple(q for q in (service.question(i) for i in group.questions) if q is not None)
            return SituationAsk(service, members[:MAX_OPTIONS], exclusive=True)
    return SituationAsk(service, tuple(questions[:MAX_OPTIONS]), exclusive=False)


def read_answer(ask: SituationAsk, text: str, yes: bool | None) -> dict[str, bool] | None:
    """The answers a reply gives ("2", "1 3", "第一个和第三个", "都不是", "是"); None when it gives
    none, to ask again."""
    ids = [q.id for q in ask.questions]
    clean = compact(text)
    if ask.single:
        said = yes if yes is not None else {1: True, 2: False}.get(parse_choice(text) or 0)
        return None if said is None else {ids[0]: said}
    numbers = _numbers(clean)
    if numbers == {ask.none_number} or (not numbers and (yes is False or _NONE.search(clean))):
        return dict.fromkeys(ids, False)
    if not numbers or not numbers <= set(range(1, len(ids) + 1)):
        return None
    if ask.exclusive and len(numbers) > 1:
        return None  # one of them: "1 3" answers nothing
    return {question_id: i in numbers for i, question_id in enumerate(ids, 1)}


def read_words(ask: SituationAsk, text: str) -> dict[str, bool] | None:
    """Options the reply names in its own words ("我是租房的" names 租房居住): two characters of an
    option's words that no other option has. One of a group answers the group; of several at
    once, only those named are answered. None when the words name no option."""
    clean = compact(text)
    by_age = _read_age(ask, clean)
    if by_age or ask.single:
        return by_age
    pairs = [char_pairs(option(q)) for q in ask.questions]
    named = [
        q.id
        for q, own in zip(ask.questions, pairs, strict=True)
        if any(pair in clean for pair in own - set().union(*(p for p in pairs if p is not own)))
    ]
    if not named or (ask.exclusive and len(named) > 1):
        return None
    if ask.exclusive:
        return {q.id: q.id in named for q in ask.questions}
    return dict.fromkeys(named, True)


def heard(service: Service, text: str) -> dict[str, bool]:
    """Situations a message settles before they are asked: an age ("伊十四岁") for the questions
    about an age limit, and the short option of a group named in words ("换发") for that group."""
    clean = compact(text)
    said = _read_age(SituationAsk(service, tuple(service.questions), exclusive=False), clean) or {}
    own_words = char_pairs(compact(service.name))  # "居住" of 居住证申领 names the service, not a situation
    for group in service.question_groups:
        members = [q for q in (service.question(i) for i in group.questions) if q is not None and q.option]
        labels = [char_pairs(_label(q.option)) for q in members]
        named = [
            q.id
            for q, own in zip(members, labels, strict=True)
            if any(p in clean for p in own - own_words - set().union(*(o for o in labels if o is not own)))
        ]
        if len(named) == 1:
            said |= {q.id: q.id == named[0] for q in members}
    return said


def _label(option: str) -> str:
    """'换发（已有护照，快到期或签证页用完）' -> '换发': the words a citizen would say."""
    return compact(without_brackets(option))


def _read_age(ask: SituationAsk, clean: str) -> dict[str, bool] | None:
    """ "他14岁" to "申请人是否未满16周岁？": an age answers the questions about an age limit."""
    age = _AGE.search(clean)
    if age is None:
        return None
    limits = {q.id: int(m.group(1)) for q in ask.questions if (m := _UNDER_AGE.search(q.ask))}
    said = {question_id: int(age.group(1)) < limit for question_id, limit in limits.items()}
    if ask.exclusive and said and not any(said.values()):
        return None  # "not under 16" leaves open which of the group it is
    return said or None


def _numbers(clean: str) -> set[int]:
    """Each digit or Chinese numeral one option: with at most nine options "13" is 1 and 3."""
    if clean.isdigit() and len(clean) == 1:
        return {int(clean)}
    single = parse_choice(clean)
    found = {int(n) if n.isdigit() else chinese_number(n) or 0 for n in _NUMBERS.findall(clean)}
    return found if len(found) > 1 or single is None else {single}
