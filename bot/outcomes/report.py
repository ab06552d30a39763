"""Reading a citizen's report of how it went: "办好了，一次就办成了", "白跑一趟，还要结婚证复印件",
"跑了两次". Rules over the normalised text (bot.text), not a trained model: a report has a few
parts (done or not, how many trips, the first reason it took more) that words and numbers say
plainly, and the material named is looked up in the catalogue's glossary like any other.

Tuned on tests/dev/outcomes.yml; judged on tests/eval/outcomes.yml (both written blind).
"""

from __future__ import annotations

import re

from bot.catalogue.schema import Catalogue
from bot.checklist import find_materials
from bot.outcomes.model import Cause, Report, Trips
from bot.text import chinese_number, compact

_COUNT = "[0-9一二两三四五六七八九十几]+"
_TRIP = "(?:趟|次|回|遍)"
# Said in reports and nowhere else the normaliser looks: Cantonese, and the typos of a count.
_REPORT_WORDS = [
    (re.compile(r"咗"), "了"),
    (re.compile(r"冇"), "没有"),
    (re.compile(r"未搞掂|没有搞掂"), "没办成"),
    (re.compile(r"搞掂|搞顶|搞定"), "办好"),
    (re.compile(r"先得|先办好"), "才办好"),
    (re.compile(r"办号|办掉|办结"), "办好"),
    (re.compile(r"办城"), "办成"),
    (re.compile(r"(?<=[0-9一二两三四五六七八九十几])[躺糖]"), "趟"),
]
_CLAUSE = re.compile(r"[，,。.！!？?；;、]|然后|后来|结果|但是|可是|不过")
_FIRST_TRIP = re.compile(r"第一|头一|头次|头回|首次|头趟|一开始|先是|上次|那次")
_HYPOTHETICAL = re.compile(r"(以为|要|得|需要|可能|怕)$")
_TOTAL = re.compile(rf"({_COUNT}){_TRIP}")
_ORDINAL = re.compile(rf"第({_COUNT}){_TRIP}")
_AGAIN = re.compile(r"又(跑|去|来)|再(跑|去)了|第二天(又)?去|又跑")
_WASTED = re.compile(r"白跑|白去|白来|空跑|跑空")
_ONLINE = re.compile(
    r"网上|线上|手机上|浙里办|app|小程序|一趟(也)?没跑|没跑(一)?(趟|次)?|不用跑|没去现场|在家(就)?办|邮寄"
)
_NOT_DONE = re.compile(
    r"还没|还差|没办成|没(办|弄|搞)(成|好|下来|完)|办不(了|成|下来)|没办法办|还在等|没去成|没(给|让)(我)?办|不给办|不让办|"
    r"被退回|退回来|(明天|改天|下次|过两天|下周)再去|还得再去|还要再去|都没办成"
)
_DONE = re.compile(r"办(成|好|完|下来|妥)|弄好|拿到|领到|通过|成功|上好|换好|好了|ok|就好|就办了|搞好|到手")
_BARE_ONE = re.compile(r"^(嗯|恩)*(好了|办好了|ok了?|一次|一趟|1次|1趟|一次就好|没问题)+(谢谢)?$")
_MANY = re.compile(
    r"好几(次|趟|回)|好多(次|趟|回)|无数(次|趟)|[nN](次|趟)|两三(次|趟|回)|三四(次|趟|回)|四五(次|趟|回)"
)
_CAUSES = [
    (Cause.SYSTEM_DOWN, re.compile(r"系统|网络|断网|升级|故障|死机|打印机|机器|坏了|出不来|刷不出|卡住|维护")),
    (
        Cause.WINDOW_CLOSED,
        re.compile(
            r"关门|没开门|下班|午休|中午|放假|节假日|休息|不上班|周六|周日|星期天|没号|号没了|号(已经)?(放|发)完|"
            r"排队|排不上|没排上|没排到|人太多|人多|约不上|没预约上"
        ),
    ),
    (
        Cause.SENT_ELSEWHERE,
        re.compile(
            r"让我(去|到)|叫我(去|到)|(要|得)(先)?(去|到).{1,10}(办|问|盖|做|开|鉴定)|不归|不是(这里|这儿|我们这)|不在这(里|儿)?办|"
            r"跑错|去错|别的(地方|窗口|部门)|另一个|另一栋|换个地方|户籍地|回老家|第二度|别度"
        ),
    ),
    (Cause.OTHER, re.compile(r"不符合条件|条件不够|不满足|签字|审批|审核|要等|本人(到场|去)|没交满|不够年限")),
    (
        Cause.MISSING_MATERIAL,
        re.compile(
            r"缺|少(了|带)|没(有)?带|忘(了)?带|漏带|带上|还要|还需|要补|补交|回去拿|回家拿|重新(开|拍|打|弄)|重拍|不对|不行|不合格|"
            r"过期|不收|不认|复印件|原件|不能用|覅用|用不了"
        ),
    ),
]
_MATERIAL_AFTER = re.compile(
    r"(?:缺|少了?|少带|没有?带|忘了?带|漏带|带上|带了|还要|还需|要补|补交|回去拿|回家拿|重新开|重新拍|重新打)(?:了)?(?:一?[张份个本])?"
    r"(?P<what>[^，,。.！!？?；;\s才就]{2,16})"
)
_MATERIAL_BEFORE = re.compile(
    r"(?P<what>[^，,。.！!？?；;\s]{2,12}?)(?:不行|不对|不合格|不收|不认|过期了|要重拍|要重新|不能用|覅用|用不了)"
)
_LEADING = re.compile(r"^(说我|说|我|他们|人家|那个|这个|的|带的|第一次|头一次)+")
_TRAILING = re.compile(r"(了|的|啊|呀|吧|呢|哦|嘛|才行|才能办|回去|再来|人家|就办好|去)+$")
_WITHDRAW = re.compile(
    r"不用(再)?问了|别(再)?问了|不要(再)?问|不用回访|不要回访|别(再)?发了|不要(再)?发|取消回访|不需要回访"
)


def withdraws(text: str) -> bool:
    """ "不用问了": the citizen wants no more follow-ups."""
    return bool(_WITHDRAW.search(compact(text)))


def _clean(text: str) -> str:
    clean = compact(text)
    for pattern, replacement in _REPORT_WORDS:
        clean = pattern.sub(replacement, clean)
    return clean


def _number(raw: str) -> int:
    if raw == "几":
        return 3
    return int(raw) if raw.isdigit() else (chinese_number(raw) or 0)


def _clauses(clean: str) -> list[str]:
    return [c for c in _CLAUSE.split(clean) if c]


def _finally_not_done(clean: str) -> bool:
    """Not done in the end: a not-done clause that is not about the first trip, with nothing done
    or tried again after it."""
    clauses = _clauses(clean)
    for i, clause in enumerate(clauses):
        if _NOT_DONE.search(clause) and not _FIRST_TRIP.search(clause):
            later = "".join(clauses[i + 1 :])
            if not (_DONE.search(later) or _AGAIN.search(later)):
                return True
    return False


def _count(clean: str) -> int:
    """The most trips the message counts: totals ("跑了三趟", "两次"), ordinals ("第二次才办好"),
    and one more for going again ("第二天又跑了一趟"); "以为要跑两趟" is no count."""
    counts = [0]
    for found in _TOTAL.finditer(clean):
        before = clean[: found.start()]
        if before.endswith(("第", "头", "首", "每", "这", "那", "上", "下")) or _HYPOTHETICAL.search(
            before.removesuffix("跑")
        ):
            continue
        if clean[found.end() : found.end() + 1] in ("没", "都"):  # "一次没办成" is not the total
            continue
        counts.append(_number(found.group(1)))
    counts += [_number(n) for n in _ORDINAL.findall(clean)]
    if _AGAIN.search(clean) or _WASTED.search(clean):
        counts.append(2)
    return max(counts)


def _trips(clean: str) -> Trips:
    not_done = _finally_not_done(clean)
    if _ONLINE.search(clean) and not _TOTAL.search(clean.replace("一趟没跑", "")) and not not_done:
        return Trips.ONLINE
    if not_done or (_WASTED.search(clean) and not _DONE.search(clean)):
        return Trips.NOT_DONE
    count = _count(clean)
    if count >= 3 or _MANY.search(clean):
        return Trips.MORE
    if count == 2:
        return Trips.TWO
    if count == 1 or _BARE_ONE.match(clean) or (_DONE.search(clean) and not _CAUSES[-1][1].search(clean)):
        return Trips.ONE
    return Trips.UNKNOWN


def _cause(clean: str, trips: Trips) -> Cause:
    """The first reason given (by where it is said), when it took more than one trip."""
    if trips in (Trips.ONE, Trips.ONLINE, Trips.UNKNOWN) and not any(p.search(clean) for _, p in _CAUSES[:3]):
        return Cause.NONE
    if trips in (Trips.ONE, Trips.ONLINE):
        return Cause.NONE
    found = [(m.start(), cause) for cause, pattern in _CAUSES if (m := pattern.search(clean))]
    return min(found, key=lambda f: f[0])[1] if found else Cause.NONE


def _material_words(clean: str) -> str:
    named = _MATERIAL_AFTER.search(clean) or _MATERIAL_BEFORE.search(clean)
    if not named:
        return ""
    return _TRAILING.sub("", _LEADING.sub("", named.group("what")))


def read_report(text: str, catalogue: Catalogue) -> Report:
    """Trips, cause and, when sent back for a material, which: a glossary entry when its words are
    in the message, and the citizen's own words for it either way."""
    clean = _clean(text)
    trips = _trips(clean)
    cause = _cause(clean, trips)
    if cause is not Cause.MISSING_MATERIAL:
        return Report(trips, cause)
    words = _material_words(clean)
    held = find_materials(words or clean, catalogue).held
    return Report(trips, cause, held[0] if held else None, words)


def is_report(text: str) -> bool:
    """A message that tells how it went at the office (what the NLU model has few examples of)."""
    clean = _clean(text)
    counted = any(not clean[: m.start()].endswith(("第", "头")) for m in _TOTAL.finditer(clean))
    went = re.search(r"(跑|去|来回|走|行)了?" + _COUNT + _TRIP, clean)
    told = re.search(r"一(次|趟)(就|性)?(办|搞|弄)?(成|好|定)了|办(好|成|下来)了|没办成|没办下来|白跑", clean)
    return bool(went or told or _MANY.search(clean) or (counted and _DONE.search(clean)))


_TRIPS_SAID = {
    "one": "一次办成",
    "online": "网上办成，没有跑",
    "two": "跑了两次",
    "more": "跑了三次以上",
    "not_done": "还没办成",
    "unknown": "",
}
_CAUSE_SAID = {
    "missing_material": "缺材料或材料不对",
    "window_closed": "窗口没开或排不上",
    "system_down": "系统故障",
    "sent_elsewhere": "被指到别处办",
    "other": "",
    "none": "",
}


def said_back(told: Report, catalogue: Catalogue) -> str:
    """What was understood, said back, so a misreading can be corrected."""
    parts = [p for p in (_TRIPS_SAID[told.trips.value], _CAUSE_SAID[told.cause.value]) if p]
    material = catalogue.material_name(told.material_key) if told.material_key else told.material_text
    if material:
        parts.append(f"缺的是：{material}")
    if told.trips.in_one:
        return f"太好了，谢谢告诉我们（{'，'.join(parts)}）。"
    return f"谢谢告诉我们（{'，'.join(parts)}），已经记下，我们会据此核对办事指南，让后来的人少跑。"
