"""The catalogue's say in the intent the NLU model predicts.

The model learns question frames ("…要多少钱"); the catalogue knows what is a government matter.
Together: a fee question about a dog is out of scope; a message the model is unsure of, or
files as small talk or out of scope, but that names a catalogue service is a service question;
a general question about a service that carries one clear aspect cue is that aspect; a long
story is asking what its closing question asks, about the service its words come closest to.
"""

from __future__ import annotations

import re

from bot.catalogue.search import LONG_MESSAGE, ServiceIndex
from bot.text import compact

ASK_SERVICE = "ask_service"
ASK_CONDITIONS = "ask_conditions"
SERVICE_INTENTS = frozenset(
    {ASK_SERVICE, "ask_materials", ASK_CONDITIONS, "ask_fee", "ask_time_limit", "ask_location", "ask_online"}
    | {"inform_materials"}
)
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
CHOOSE = "choose_option"
# Intents a polite opener or a short reply may be mistaken for ("您好，请问残疾人证可否代办？").
NOT_ABOUT_A_SERVICE = frozenset({FALLBACK, OUT_OF_SCOPE, "greet", "thank", "goodbye"})

_NUMBER = re.compile(r"[0-9一二两三四五六七八九十]")
ASPECT_CUES = {
    "ask_fee": re.compile(r"多少钱|收费|费用|工本费|要钱|花钱|免费|交钱|交费|缴费|几块"),
    "ask_time_limit": re.compile(
        r"多久|几天|多少天|多长时间|几个工作日|多少个工作日|\d+个?工作日|时限|什么时候能(拿|领|办好|下来)"
    ),
    "ask_location": re.compile(
        r"在哪|去哪|哪里办|哪儿办|地址|几点|上班时间|办公时间|电话多少|电话是多少|咨询电话|联系电话|哪个部门|哪个窗口"
    ),
    "ask_online": re.compile(
        r"网上|线上|手机上|app|浙里办|代办|代为|代理|委托|替我|替他|替她|帮我去|帮他去|帮她去|亲自|本人去|本人到|跑几次|跑一趟|邮寄|寄过来|寄给"
    ),
    # not 手续 or a bare 证件: "退休手续怎么办", "这个证件要怎么办" ask how to do it
    "ask_materials": re.compile(r"材料|带什么|带啥|准备什么|准备啥|准备哪些|带哪些|哪些东西|资料|(什么|啥|哪些)证件"),
    ASK_CONDITIONS: re.compile(r"条件|符合|资格|要满|才行|才能办|能不能办|可以办吗|能办吗|需要先"),
}


# What an eligibility question has: can I, may I, do I qualify, is it enough, an age or a term.
_ELIGIBILITY = re.compile(
    r"能|可以|可否|行不行|行吗|吗|不$|是否|要不要|需不需要|用不用|有没有|算不算|够不够|满|岁|才|资格|条件|符合|要求|对象|哪些人|得了|成不"
)


# Aspects whose cue words say plainly what is asked, over a "can I"/"can it be done" framing.
_PLAINLY_ASKED = frozenset({"ask_fee", "ask_time_limit", "ask_location", "ask_online"})


def aspect_asked(text: str) -> str | None:
    """The one aspect a message's wording asks about, or None when it names none or several."""
    clean = compact(text)
    found = [intent for intent, cue in ASPECT_CUES.items() if cue.search(clean)]
    return found[0] if len(found) == 1 else None


_CLAUSE_END = re.compile(r"[，。！？；,.!?;\n]+")
_HOW_TO = re.compile(
    r"怎么办理|如何办理|怎么办|怎么弄|咋办|咋弄|咋整|流程|怎么走|怎么申请|如何申请|怎么挂失|怎么补办|怎么处理|怎么操作"
    r"|怎么去?[补迁]|该怎么去办|从哪开始"
)


def question_at_the_end(text: str) -> str:
    """The last clause that says something (two, when the last is short): where a citizen who
    tells a story asks their question."""
    clauses = [c for c in _CLAUSE_END.split(text) if c.strip()]
    tail = clauses[-1:] if clauses and len(compact(clauses[-1])) >= 8 else clauses[-2:]
    return "，".join(tail)


def long_question(text: str) -> str | None:
    """For a long message, what its closing question asks: one aspect, or how to do it at all."""
    if len(compact(text)) < LONG_MESSAGE:
        return None
    question = question_at_the_end(text)
    return aspect_asked(question) or (ASK_SERVICE if _HOW_TO.search(compact(question)) else None)


def interpret(index: ServiceIndex, intent: str, ranking: list[str], text: str) -> str:
    """The intent to act on: the model's, with the catalogue's word on it (see the module doc)."""
    if intent in NOT_ABOUT_A_SERVICE:
        result = index.search(text)
        named = bool(result.matches) and result.matches[0].phrase is not None
        # unsure, or a long story the model took for small talk, that is about a service
        unsure = intent == FALLBACK or (intent == OUT_OF_SCOPE and len(compact(text)) >= LONG_MESSAGE)
        if named or (unsure and result.candidates()):
            ranked = next((name for name in ranking[:3] if name in SERVICE_INTENTS), None)
            return long_question(text) or aspect_asked(text) or ranked or ASK_SERVICE
        return intent
    if intent in SERVICE_INTENTS and index.off_topic(text):
        return OUT_OF_SCOPE
    closing = long_question(text) if intent in SERVICE_INTENTS and intent != "inform_materials" else None
    if closing:
        return closing
    if intent == ASK_SERVICE:
        return aspect_asked(text) or intent
    cue = aspect_asked(text)
    if intent in (ASK_CONDITIONS, "ask_online") and cue in _PLAINLY_ASKED and cue != intent:
        return cue  # "能在社区办吗" is phrased like "can I" but asks where; "报名要交钱吗", the fee
    if intent == ASK_CONDITIONS:
        # A statement of need without any "can I" is a general question about the service.
        return intent if _ELIGIBILITY.search(compact(text)) else ASK_SERVICE
    if intent == CHOOSE and not _NUMBER.search(compact(text)):
        return FALLBACK  # a numbered choice without a number is something else
    return intent
