"""Multi-turn behaviour of the assistant without Rasa: each test is one conversation."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant, Turn
from bot.catalogue.loader import load_catalogue
from bot.handover.model import Reason
from bot.settings import PROJECT_ROOT
from bot.state import Aspect, Choice, SituationQuestion, State, WhichService


def text(turn: Turn) -> str:
    return "\n".join(reply.text for reply in turn.replies)


def test_disambiguation_then_numbered_choice(assistant: Assistant) -> None:
    asked = assistant.answer(Aspect.MATERIALS, "办身份证要带什么？", State())
    assert "1. 居民身份证" in text(asked) and "请回复1或2" in text(asked)
    assert [payload for _, payload in asked.replies[0].buttons] == ["1", "2"]
    assert isinstance(asked.state.pending, Choice)
    options = asked.state.pending.options
    chosen = assistant.reply_to_pending("第二个", None, asked.state)
    assert chosen.state.service_id == options[1]
    assert "需要准备的材料" in text(chosen)


def test_follow_up_refers_to_the_service_discussed(assistant: Assistant) -> None:
    first = assistant.answer(Aspect.MATERIALS, "身份证丢了要带什么", State())
    assert first.state.service_id == "t-id-replacement"
    fee = assistant.answer(Aspect.FEES, "那要多少钱？", first.state)
    assert "【居民身份证补领（遗失）】收费：工本费40元" in text(fee)
    where = assistant.answer(Aspect.LOCATION, "在哪里办", fee.state)
    assert "【居民身份证补领（遗失）】办理地点" in text(where)


def test_switching_services_forgets_the_old_materials(assistant: Assistant) -> None:
    checked = assistant.check("身份证过期了，我有身份证", State())
    assert checked.state.held == ["id-card"]
    switched = assistant.answer(Aspect.FEES, "领结婚证要钱吗", checked.state)
    assert switched.state.service_id == "t-marriage" and switched.state.held == []
    assert "不收费" in text(switched)


def test_completeness_over_several_messages_with_a_situation_question(assistant: Assistant) -> None:
    state = assistant.answer(Aspect.MATERIALS, "身份证过期了", State()).state
    first = assistant.check("我有身份证", state)
    assert "申请人是否未满16周岁？" in text(first)
    assert [title for title, _ in first.replies[0].buttons] == ["是", "不是"]
    answered = assistant.reply_to_pending("是", True, first.state)
    assert "还缺1项：居民户口簿" in text(answered)
    more = assistant.check("还有户口本", answered.state)
    assert "材料齐全，可以一次办结" in text(more)
    assert more.state.held == ["id-card", "hukou-book"]


def test_no_question_when_the_answer_changes_nothing(assistant: Assistant) -> None:
    state = State(service_id="t-id-renewal")
    turn = assistant.check("身份证和户口本都有", state)
    assert "材料齐全" in text(turn) and not isinstance(turn.state.pending, SituationQuestion)


def test_unknown_material_words_are_named_back(assistant: Assistant) -> None:
    turn = assistant.check("我有身份证和暂住证", State(service_id="t-id-replacement"))
    assert "没能识别的材料：暂住证" in text(turn)


def test_materials_before_the_service_are_kept(assistant: Assistant) -> None:
    asked = assistant.check("我有身份证和户口本", State())
    assert "请问您要办理哪项业务" in text(asked) and asked.state.held == ["id-card", "hukou-book"]
    named = assistant.answer(Aspect.OVERVIEW, "身份证丢了", asked.state)
    assert named.state.service_id == "t-id-replacement"
    assert "材料齐全，可以一次办结" in text(named)


def test_check_after_choosing_between_services(assistant: Assistant) -> None:
    asked = assistant.check("我有户口本", State())
    assert asked.state.pending == WhichService(Aspect.CHECK)
    offered = assistant.answer(Aspect.OVERVIEW, "办身份证", asked.state)
    assert isinstance(offered.state.pending, Choice) and offered.state.pending.then is Aspect.CHECK
    replacement = offered.state.pending.options.index("t-id-replacement") + 1
    done = assistant.reply_to_pending(str(replacement), None, offered.state)
    assert "材料齐全" in text(done) and done.state.held == ["hukou-book"]


def test_service_not_in_catalogue_is_recorded_and_never_invented(assistant: Assistant) -> None:
    turn = assistant.answer(Aspect.MATERIALS, "港澳通行证要带什么材料", State())
    assert "还没有“港澳、通行证”的办事指南" in text(turn)
    assert turn.followup is Reason.NOT_IN_CATALOGUE
    assert "需要准备的材料" not in text(turn)


def test_bad_choice_reply_asks_again(assistant: Assistant) -> None:
    asked = assistant.answer(Aspect.MATERIALS, "办身份证", State())
    again = assistant.reply_to_pending("9", None, asked.state)
    assert "请回复序号1或2" in text(again) and again.state == asked.state


def test_yes_without_a_question_is_handled(assistant: Assistant) -> None:
    assert "还有什么可以帮您" in text(assistant.reply_to_pending("好的", True, State()))


def test_asking_for_a_person_records_the_request(assistant: Assistant) -> None:
    turn = assistant.human("转人工", State(service_id="t-marriage"))
    assert turn.followup is Reason.ASKED_FOR_PERSON and turn.service_id == "t-marriage"
    assert "工作人员" in text(turn)


def test_out_of_scope_says_so_and_offers_a_person(assistant: Assistant) -> None:
    turn = assistant.out_of_scope("炒菜需要哪些材料", State())
    assert "不在我的服务范围内" in text(turn) and "转人工" in text(turn)


def test_interpret_gives_the_catalogue_a_say(assistant: Assistant) -> None:
    # An unsure NLU result is rescued when the message names a catalogue service ...
    assert assistant.interpret("nlu_fallback", ["nlu_fallback", "ask_fee"], "身份证丢了补办多少钱") == "ask_fee"
    # ... or put out of scope, or taken for a greeting, although it names a service; without an
    # aspect cue or a service intent in the ranking, the service overview is given.
    assert assistant.interpret("out_of_scope", ["out_of_scope", "greet"], "身份证丢了咋整") == "ask_service"
    assert assistant.interpret("greet", ["greet"], "您好，请问身份证丢了补办在哪里办") == "ask_location"
    # A general question with one clear aspect cue is that aspect.
    assert assistant.interpret("ask_service", [], "领结婚证要多少钱") == "ask_fee"
    assert assistant.interpret("ask_service", [], "领结婚证在哪里办要多少钱") == "ask_service"
    # A message naming no service stays where the model put it.
    assert assistant.interpret("nlu_fallback", ["nlu_fallback", "ask_fee"], "嗯嗯那个") == "nlu_fallback"
    assert assistant.interpret("out_of_scope", ["out_of_scope", "ask_fee"], "做红烧鱼要多少钱") == "out_of_scope"
    # A fee question about a dog is not a government question; a bare follow-up is.
    assert assistant.interpret("ask_fee", [], "养一只狗一个月要花多少钱") == "out_of_scope"
    assert assistant.interpret("ask_fee", [], "那要多少钱") == "ask_fee"
    assert assistant.interpret("greet", [], "你好") == "greet"
    # A numbered choice must carry a number.
    assert assistant.interpret("choose_option", [], "第二个") == "choose_option"
    assert assistant.interpret("choose_option", [], "驾校倒车入库有啥技巧") == "nlu_fallback"
    # A long story the model takes for small talk asks what its closing question asks, when its
    # words come close enough to a service; an unrelated story stays out of scope.
    lost = (
        "上个礼拜带孙子去公园玩，回来发现身份证丢了，到处找都没找到，家里人让我赶紧去派出所补办，请问要带哪些东西去？"
    )
    assert assistant.interpret("out_of_scope", ["out_of_scope"], lost) == "ask_materials"
    outing = (
        "下个月公司组织去海边团建，大概二十来个人，想找个能烧烤又能唱歌的地方，"
        "预算每人三百块左右，你觉得去舟山还是去象山比较好？"
    )
    assert assistant.interpret("out_of_scope", ["out_of_scope"], outing) == "out_of_scope"
    # "Can I / can it be done" framing around a plain fee, time, place or proxy question is that question.
    assert assistant.interpret("ask_conditions", [], "领结婚证是不是要交钱") == "ask_fee"
    assert assistant.interpret("ask_online", [], "不会用手机的话，补办身份证可以去哪里办") == "ask_location"
    # 手续 is the procedure, not the material list.
    assert assistant.interpret("ask_service", [], "补办身份证的手续") == "ask_service"
    # An eligibility question asks whether one can; a bare statement of need is a general one.
    assert assistant.interpret("ask_conditions", [], "给小孩报出生户口") == "ask_service"
    assert assistant.interpret("ask_conditions", [], "外地户口能办结婚登记吗") == "ask_conditions"
    assert assistant.interpret("ask_conditions", [], "结婚登记对年龄有什么要求") == "ask_conditions"
    assert assistant.interpret("ask_conditions", [], "再婚的话需不需要先去公证") == "ask_conditions"
    # A long story asks what its closing question asks.
    story = "我们谈了五年恋爱，双方父母都见过了，婚礼定在明年五一，酒店也订好了，最近想先把证领了，"
    assert assistant.interpret("ask_conditions", [], story + "请问结婚登记需要准备哪些东西？") == "ask_materials"
    assert assistant.interpret("ask_fee", [], story + "想问问结婚登记具体怎么办理？") == "ask_service"
    assert assistant.interpret("ask_fee", [], story + "谢谢") == "ask_fee"  # no question at the end: the model's


@pytest.fixture(scope="module")
def curated() -> Assistant:
    return Assistant(load_catalogue(PROJECT_ROOT / "data" / "catalogue"))


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("我租房住，公积金怎么提取", "住房公积金提取（租房）"),
        ("刚买了新房，公积金怎么取出来", "住房公积金提取（购买自住住房）"),
    ],
)
def test_words_that_tell_the_candidates_apart_choose_without_asking(curated: Assistant, said: str, meant: str) -> None:
    resolved = curated.resolve(said, State())
    assert resolved.service is not None and resolved.service.name == meant


def test_without_such_words_the_citizen_is_asked(curated: Assistant) -> None:
    withdrawals = {s.id for s in curated.catalogue.services.values() if s.name.startswith("住房公积金提取")}
    assert len(withdrawals) > 1
    assert {s.id for s in curated.resolve("公积金怎么提取", State()).candidates} == withdrawals


def test_an_aspect_right_after_the_offer_offers_again_for_it(curated: Assistant) -> None:
    offered = curated.answer(Aspect.OVERVIEW, "办身份证", State())
    again = curated.answer(Aspect.MATERIALS, "都要带什么", offered.state)
    assert "您要办理的是哪一项？" in text(again) and "请问您要办理哪项业务" not in text(again)
    assert isinstance(again.state.pending, Choice) and again.state.pending.then is Aspect.MATERIALS
    assert again.state.pending.options == offered.state.pending.options  # type: ignore[union-attr]


def test_materials_that_only_one_service_needs_choose_it(curated: Assistant) -> None:
    checked = curated.check("我有出生医学证明和户口本", State())
    assert checked.state.service_id is not None and "出生登记" in text(checked)
    common = curated.check("我有身份证和户口本", State())  # many services need both: which one?
    assert common.state.service_id is None and "请问您要办理哪项业务" in text(common)


def test_the_short_answer_offers_details_and_详细_gives_them(assistant: Assistant) -> None:
    fees = assistant.answer(Aspect.FEES, "身份证到期换证要多少钱", State())
    assert "回复“详细”" in text(fees) and "依据" not in text(fees).split("\n")[0]
    details = assistant.answer(Aspect.OVERVIEW, "详细", fees.state)
    assert "受理部门" in text(details) and "（依据：测试依据）" in text(details)
    assert details.state.service_id == fees.state.service_id


def test_one_close_service_is_asked_as_yes_or_no_and_the_next_message_is_about_it(curated: Assistant) -> None:
    permit = next(s for s in curated.catalogue.services.values() if s.name == "居住证申领")
    offered = curated._ask_choice(State(), [permit], Aspect.MATERIALS)
    assert "您要办理的是“居住证申领”吗？" in text(offered)
    assert curated.reply_to_pending("是的", True, offered.state).state.service_id == permit.id
    checked = curated.check("身份证和照片我都有", offered.state)
    assert checked.state.service_id == permit.id and "已记下您有" in text(checked)
    asked = curated.answer(Aspect.MATERIALS, "都要带什么", offered.state)
    assert asked.state.service_id == permit.id and "需要准备的材料" in text(asked)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("我户口在外省，能在这里办护照吗", "普通护照申领"),
        ("我在杭州上班户口在温州，身份证能在杭州补办吗", "居民身份证补领（遗失）"),
        ("结婚登记可以异地办吗", "结婚登记"),
    ],
)
def test_can_it_be_done_elsewhere_is_answered_for_the_service_asked(curated: Assistant, said: str, meant: str) -> None:
    turn = curated.answer(Aspect.OVERVIEW, said, State())
    assert f"【{meant}】" in text(turn) and "异地" in text(turn)
    assert "还没有杭州" not in text(turn)  # a Zhejiang city is the curated catalogue's own region


def test_the_story_s_ordinary_words_are_not_named_as_missing_services(curated: Assistant) -> None:
    story = curated.answer(Aspect.OVERVIEW, "我老家在乡下，隔壁邻居讲要去镇上弄个东西，阿拉也勿晓得是啥", State())
    assert "老家" not in text(story) and "邻居" not in text(story)
    named = curated.answer(Aspect.MATERIALS, "我想办个狗证要带什么", State())
    assert "还没有“狗证”的办事指南" in text(named)
