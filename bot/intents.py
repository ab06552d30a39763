"""The catalogue's say in the intent the NLU model predicts.

The model learns question frames ("…要多少钱"); the catalogue knows what is a government matter.
Together: a fee question about a dog is out of scope; a message the model is unsure of, or
files as small talk or out of scope, but that names a catalogue service is a service question;
a general question about a service that carries one clear aspect cue is that aspect; a long
story is asking what its closing question asks, about the service its words come closest to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from bot.catalogue.search import LONG_MESSAGE, ServiceIndex
from bot.outcomes import report as outcome_report
from bot.state import Aspect
from bot.text import compact


class Intent(str, Enum):
    """The intents of domain.yml, and the NLU fallback's."""

    GREET = "greet"
    GOODBYE = "goodbye"
    THANK = "thank"
    BOT_CHALLENGE = "bot_challenge"
    ASK_CAPABILITIES = "ask_capabilities"
    ASK_SERVICE = "ask_service"
    ASK_MATERIALS = "ask_materials"
    ASK_CONDITIONS = "ask_conditions"
    ASK_FEE = "ask_fee"
    ASK_TIME_LIMIT = "ask_time_limit"
    ASK_LOCATION = "ask_location"
    ASK_ONLINE = "ask_online"
    INFORM_MATERIALS = "inform_materials"
    CHOOSE_OPTION = "choose_option"
    AFFIRM = "affirm"
    DENY = "deny"
    REQUEST_HUMAN = "request_human"
    COMPLAIN = "complain"
    OUT_OF_SCOPE = "out_of_scope"
    REPORT_OUTCOME = "report_outcome"
    FALLBACK = "nlu_fallback"


# What each question about a service asks; telling what one has (inform_materials) is the check.
ASPECT_OF: dict[str, Aspect] = {
    Intent.ASK_SERVICE: Aspect.OVERVIEW,
    Intent.ASK_MATERIALS: Aspect.MATERIALS,
    Intent.ASK_CONDITIONS: Aspect.CONDITIONS,
    Intent.ASK_FEE: Aspect.FEES,
    Intent.ASK_TIME_LIMIT: Aspect.TIME_LIMIT,
    Intent.ASK_LOCATION: Aspect.LOCATION,
    Intent.ASK_ONLINE: Aspect.ONLINE,
}


def payload(intent: Intent) -> str:
    """What a channel sends for a menu entry or a key: Rasa reads "/intent" as that intent."""
    return f"/{intent.value}"


def aspect_of(intent: str) -> Aspect:
    """What a question intent asks about a service; the overview for any other intent."""
    return ASPECT_OF.get(intent, Aspect.OVERVIEW)


SERVICE_INTENTS = frozenset({*ASPECT_OF, Intent.INFORM_MATERIALS})
# Intents a polite opener or a short reply may be mistaken for ("您好，请问残疾人证可否代办？").
NOT_ABOUT_A_SERVICE = frozenset({Intent.FALLBACK, Intent.OUT_OF_SCOPE, Intent.GREET, Intent.THANK, Intent.GOODBYE})

_NUMBER = re.compile(r"[0-9一二两三四五六七八九十]")
ASPECT_CUES = {
    Intent.ASK_FEE: re.compile(r"多少钱|收费|费用|工本费|要钱|花钱|免费|交钱|交费|缴费|几块"),
    Intent.ASK_TIME_LIMIT: re.compile(
        r"多久|几天|多少天|多长时间|几个工作日|多少个工作日|\d+个?工作日|时限|什么时候能(拿|领|办好|下来)"
    ),
    Intent.ASK_LOCATION: re.compile(
        r"在哪|去哪|哪里办|哪儿办|地址|几点|上班时间|办公时间|电话多少|电话是多少|咨询电话|联系电话|哪个部门|哪个窗口"
    ),
    Intent.ASK_ONLINE: re.compile(
        r"网上|线上|手机上|app|浙里办|代办|代为|代理|委托|替我|替他|替她|帮我去|帮他去|帮她去|亲自|本人去|本人到|跑几次|跑一趟|邮寄|寄过来|寄给"
    ),
    # not 手续 or a bare 证件: "退休手续怎么办", "这个证件要怎么办" ask how to do it
    Intent.ASK_MATERIALS: re.compile(
        r"材料|带什么|带啥|准备什么|准备啥|准备哪些|带哪些|哪些东西|资料|(什么|啥|哪些)证件"
    ),
    Intent.ASK_CONDITIONS: re.compile(r"条件|符合|资格|要满|才行|才能办|能不能办|可以办吗|能办吗|需要先"),
}


# What an eligibility question has: can I, may I, do I qualify, is it enough, an age or a term.
_ELIGIBILITY = re.compile(
    r"能|可以|可否|行不行|行吗|吗|不$|是否|要不要|需不需要|用不用|有没有|算不算|够不够|满|岁|才|资格|条件|符合|要求|对象|哪些人|得了|成不"
)


# Aspects whose cue words say plainly what is asked, over a "can I"/"can it be done" framing.
_PLAINLY_ASKED = frozenset({Intent.ASK_FEE, Intent.ASK_TIME_LIMIT, Intent.ASK_LOCATION, Intent.ASK_ONLINE})


def aspect_asked(text: str) -> Intent | None:
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


def long_question(text: str) -> Intent | None:
    """For a long message, what its closing question asks: one aspect, or how to do it at all."""
    if len(compact(text)) < LONG_MESSAGE:
        return None
    question = question_at_the_end(text)
    return aspect_asked(question) or (Intent.ASK_SERVICE if _HOW_TO.search(compact(question)) else None)


def interpret(
    index: ServiceIndex,
    intent: str,
    ranking: list[str],
    text: str,
    tells_event: Callable[[str], bool] = lambda _: False,
) -> str:
    """The intent to act on: the model's, with the catalogue's word on it (see the module doc).
    `tells_event`: whether a message tells of a life event ("孩子刚出生"), a question about it."""
    decided = _interpreted(index, intent, ranking, text, tells_event)
    return decided.value if isinstance(decided, Intent) else decided


_DETAILS = re.compile(
    r"(查看|看看?|要|给我)?(详细|详情|详细信息|详细内容|依据|收费依据|法律依据|更多)(信息|内容)?[。！!]?"
)


_ELSEWHERE = re.compile(
    r"异地|外地|外省|外市|省外|市外|跨省|跨市|通办|不在本地|不是本地|非本地|(户口|户籍)不在|在(工作地|居住地|现住地|暂住地)"
    r"|回(老家|户籍地|原籍|户口所在地|户籍所在地)|(要|得|必须|需要)回去|就近办"
)
# "户口在温州" tells where the citizen is registered; it does not ask about a household service.
HOME_IS = re.compile(
    r"(我的?|他的?|她的?|我们的?)?(户口|户籍)(不)?(是|在)[^，,。？?！!]{0,8}?(?=[，,。？?！!]|的|但|可|能|想|要|现在|人在|$)"
)

_ELSEWHERE_CAN = re.compile(r"(能|可以|可否|可不可以|行不行)在.{1,6}办")


def asks_elsewhere(text: str) -> bool:
    """ "户口不在本地能办吗", "可以异地办吗": whether it can be done away from home."""
    clean = compact(text)
    return bool(_ELSEWHERE.search(clean) or (HOME_IS.search(clean) and _ELSEWHERE_CAN.search(clean)))


def asks_for_details(text: str) -> bool:
    """ "详细": the reply the short answer invites (answers.DETAILS_HINT)."""
    return bool(_DETAILS.fullmatch(compact(text)))


def _interpreted(
    index: ServiceIndex, intent: str, ranking: list[str], text: str, tells_event: Callable[[str], bool]
) -> str:
    if asks_for_details(text):  # the model never saw the word alone: it is a question about the service
        return Intent.ASK_SERVICE
    reported = outcome_report.is_report(text) or outcome_report.withdraws(text)
    if reported and intent not in (Intent.REQUEST_HUMAN, Intent.COMPLAIN):
        return Intent.REPORT_OUTCOME  # how it went at the office; a complaint still goes to a person
    if intent in (*NOT_ABOUT_A_SERVICE, Intent.COMPLAIN) and tells_event(text):
        return long_question(text) or aspect_asked(text) or Intent.ASK_SERVICE
    if intent in NOT_ABOUT_A_SERVICE:
        result = index.search(text)
        named = bool(result.matches) and result.matches[0].phrase is not None
        # unsure, or a long story the model took for small talk, that is about a service
        unsure = intent == Intent.FALLBACK or (intent == Intent.OUT_OF_SCOPE and len(compact(text)) >= LONG_MESSAGE)
        if named or (unsure and result.candidates()):
            ranked = next((name for name in ranking[:3] if name in SERVICE_INTENTS), None)
            return long_question(text) or aspect_asked(text) or ranked or Intent.ASK_SERVICE
        return intent
    if intent in SERVICE_INTENTS and index.off_topic(text) and not tells_event(text):
        return Intent.OUT_OF_SCOPE
    closing = long_question(text) if intent in SERVICE_INTENTS and intent != Intent.INFORM_MATERIALS else None
    if closing:
        return closing
    if intent == Intent.ASK_SERVICE:
        return aspect_asked(text) or intent
    cue = aspect_asked(text)
    if intent in (Intent.ASK_CONDITIONS, Intent.ASK_ONLINE) and cue in _PLAINLY_ASKED and cue != intent:
        return cue  # "能在社区办吗" is phrased like "can I" but asks where; "报名要交钱吗", the fee
    if intent == Intent.ASK_CONDITIONS:
        # A statement of need without any "can I" is a general question about the service.
        return intent if _ELIGIBILITY.search(compact(text)) else Intent.ASK_SERVICE
    if intent == Intent.CHOOSE_OPTION and not _NUMBER.search(compact(text)):
        return Intent.FALLBACK  # a numbered choice without a number is something else
    return intent
