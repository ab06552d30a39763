"""One question instead of five: every service of the catalogue reaches a verdict in at most two
situation questions, whatever the citizen answers, and answers are read as citizens give them."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from bot import situations
from bot.assistant import Assistant
from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue, Service
from bot.checklist import check_materials
from bot.settings import PROJECT_ROOT
from bot.signal import ReplyKind
from bot.state import Aspect, SituationQuestion, State

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CATALOGUES = {
    "curated": load_catalogue(PROJECT_ROOT / "data" / "catalogue"),
    "fixture": load_catalogue(FIXTURES / "catalogue"),
    "imported": load_catalogue([FIXTURES / "imported"]),
}
MAX_QUESTIONS = 2


def replies(ask: situations.SituationAsk) -> list[dict[str, bool]]:
    """Every answer the citizen could give to `ask`."""
    ids = [q.id for q in ask.questions]
    if ask.exclusive:
        return [{q: q == chosen for q in ids} for chosen in [*ids, None]]
    return [dict(zip(ids, values, strict=True)) for values in product([True, False], repeat=len(ids))]


def most_questions(service: Service, answers: dict[str, bool]) -> int:
    """The most questions asked before a verdict, over every way of answering them."""
    ask = situations.next_ask(service, check_materials(service, [], answers).open_questions)
    if ask is None:
        return 0
    return 1 + max(most_questions(service, {**answers, **given}) for given in replies(ask))


@pytest.mark.parametrize(("name", "service_id"), [(name, sid) for name, c in CATALOGUES.items() for sid in c.services])
def test_every_verdict_is_at_most_two_questions_away(name: str, service_id: str) -> None:
    assert most_questions(CATALOGUES[name].services[service_id], {}) <= MAX_QUESTIONS


def service(name: str) -> Service:
    catalogue: Catalogue = CATALOGUES["curated"]
    return next(s for s in catalogue.services.values() if s.name.startswith(name))


def test_situations_that_exclude_each_other_are_one_numbered_question() -> None:
    permit = service("居住证")
    ask = situations.next_ask(permit, check_materials(permit, [], {}).open_questions)
    assert ask is not None and ask.exclusive
    assert [situations.option(q) for q in ask.questions] == ["合法稳定就业", "租房居住", "住在自有住房", "连续就读"]
    assert situations.read_answer(ask, "2", None) == {
        "employment": False,
        "renting": True,
        "own-home": False,
        "study": False,
    }
    assert situations.read_answer(ask, "都不是", None) == dict.fromkeys(
        ["employment", "renting", "own-home", "study"], False
    )
    assert situations.read_answer(ask, "1 3", None) is None  # one of them: asked again


def test_the_rest_are_asked_together_and_several_numbers_answer_them() -> None:
    permit = service("居住证")
    basis = {"employment": False, "renting": True, "own-home": False, "study": False}
    ask = situations.next_ask(permit, check_materials(permit, [], basis).open_questions)
    assert ask is not None and not ask.exclusive and [q.id for q in ask.questions] == ["agent", "minor"]
    both = {"agent": True, "minor": True}
    assert situations.read_answer(ask, "1 2", None) == both
    assert situations.read_answer(ask, "第一个和第二个", None) == both
    assert situations.read_answer(ask, "12", None) == both  # keyed on the hotline
    assert situations.read_answer(ask, "2", None) == {"agent": False, "minor": True}
    assert situations.read_answer(ask, "3", None) == {"agent": False, "minor": False}  # 3: 都不是
    assert situations.read_answer(ask, "没有", None) == {"agent": False, "minor": False}
    assert situations.read_answer(ask, "7", None) is None


def test_a_single_situation_is_still_yes_or_no() -> None:
    renewal = CATALOGUES["fixture"].services["t-id-renewal"]
    ask = situations.next_ask(renewal, ["minor"])
    assert ask is not None and ask.single
    assert situations.read_answer(ask, "不是", False) == {"minor": False}
    assert situations.read_answer(ask, "1", None) == {"minor": True}
    assert situations.read_answer(ask, "嗯", None) is None


def test_a_residence_permit_check_reaches_its_verdict_in_two_questions() -> None:
    assistant = Assistant(CATALOGUES["curated"])
    permit = service("居住证")
    first = assistant.check("我有身份证和照片", State(service_id=permit.id))
    text = first.replies[0].text
    assert "您以哪种条件申领居住证？" in text and "5. 都不是" in text and first.kind is ReplyKind.QUESTION
    assert [payload for _, payload in first.replies[0].buttons] == ["1", "2", "3", "4", "5"]
    second = assistant.reply_to_pending("2", None, first.state)  # 租房居住
    assert "可以回复多个" in second.replies[0].text and "按几个" in second.replies[0].spoken[0]
    verdict = assistant.reply_to_pending("都不是", False, second.state)
    assert verdict.verdict and "还缺" in verdict.replies[0].text
    assert verdict.state.answers == {
        "employment": False,
        "renting": True,
        "own-home": False,
        "study": False,
        "agent": False,
        "minor": False,
    }
    again = assistant.reply_to_pending("9", None, first.state)
    assert "请回复序号" in again.replies[0].text and again.state == first.state


def test_a_situation_answered_in_words_is_read() -> None:
    permit = service("居住证")
    ask = situations.next_ask(permit, check_materials(permit, [], {}).open_questions)
    assert ask is not None
    assert situations.read_words(ask, "我是租房住的") == {
        "employment": False,
        "renting": True,
        "own-home": False,
        "study": False,
    }
    assert situations.read_words(ask, "那要多少钱") is None  # a new question, not an answer


def test_words_answer_the_pending_question_in_the_conversation() -> None:
    assistant = Assistant(CATALOGUES["curated"])
    permit = service("居住证")
    first = assistant.check("我有身份证和照片", State(service_id=permit.id))
    second = assistant.check("我是租房住的", first.state)  # the NLU takes it for a statement
    assert second.state.service_id == permit.id and second.state.answers["renting"] is True


def test_an_age_answers_the_question_about_an_age_limit() -> None:
    renewal = CATALOGUES["fixture"].services["t-id-renewal"]
    ask = situations.next_ask(renewal, ["minor"])
    assert ask is not None
    assert situations.read_words(ask, "伊十四岁") == {"minor": True}  # Wu: "he is fourteen"
    assert situations.read_words(ask, "孩子今年16周岁了") == {"minor": False}
    assert situations.read_words(ask, "他在上学") is None


def test_an_age_in_the_conversation_answers_the_pending_question() -> None:
    assistant = Assistant(CATALOGUES["curated"])
    renewal = service("居民身份证换领")
    first = assistant.check("我有身份证", State(service_id=renewal.id))
    assert isinstance(first.state.pending, SituationQuestion) and "未满16" in first.replies[0].text
    second = assistant.check("我儿子才十二岁", first.state)
    assert second.state.answers.get("minor") is True and second.state.pending != first.state.pending


def test_situations_said_before_they_are_asked_are_not_asked() -> None:
    assistant = Assistant(CATALOGUES["curated"])
    renewal = service("居民身份证换领")
    told = assistant.answer(Aspect.OVERVIEW, "我孙子身份证到期了要换，伊十四岁", State())
    assert told.state.service_id == renewal.id and told.state.answers == {"minor": True}
    checked = assistant.check("户口本有，我身份证也有", told.state)
    assert checked.verdict and "陪同监护人" in checked.replies[0].text
    passport = assistant.answer(Aspect.OVERVIEW, "护照过期了要换一本新的", State())
    chosen = assistant.not_understood("换 换发", passport.state)  # the group's option, in words
    assert chosen.state.answers["renewal"] is True and chosen.state.answers["lost"] is False
    assert chosen.kind is ReplyKind.QUESTION and chosen.state.misses == 0


def test_more_materials_instead_of_an_answer_are_checked_as_none_of_them_and_said_so() -> None:
    assistant = Assistant(CATALOGUES["curated"])
    permit = service("居住证")
    asked = assistant.check("我是租房住的，身份证和照片我都有", State(service_id=permit.id))
    assert asked.kind is ReplyKind.QUESTION and not asked.state.pending.exclusive  # type: ignore[union-attr]
    verdict = assistant.check("租房合同也有", asked.state)
    assert verdict.verdict and "按以下情况都不符合核对" in verdict.replies[0].text
    same = assistant.check("就这些", asked.state)  # no new material: the question stands
    assert not same.verdict
