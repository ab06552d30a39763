"""Reading a citizen's report of how it went: "办好了，一次就办成了", "白跑一趟，还要结婚证复印件",
"跑了两次". Rules over the normalised text (bot.text), not a trained model: the report has a few
parts (done or not, how many trips, why) that words and numbers say plainly, and the material
named is looked up in the catalogue's glossary like any other material.
"""

from __future__ import annotations

import re

from bot.catalogue.schema import Catalogue
from bot.checklist import find_materials
from bot.outcomes.model import Cause, Report, Trips
from bot.text import chinese_number, compact

_COUNT = "[0-9一二两三四五六七八九十几]+"
_TRIP = "(?:趟|次|回|遍)"
_ONLINE = re.compile(r"网上|线上|手机上|浙里办|app|小程序|一趟(也)?没跑|没跑(一)?(趟|次)?|不用跑|没去现场|在家(就)?办")
_ONE = re.compile(
    r"一次(就|性)?(办|弄|搞|整)?(成|好|完|妥|定|掂)|一趟(就)?(办|弄|搞|整)?(成|好|完|妥|定|掂)|一次(就)?(过|通过)"
    r"|(就|只)(跑|去)了?一(趟|次|回)|一次办成|一趟办成|1(次|趟)(就)?(办|弄|搞)?(成|好|完|定)"
)
_COUNTED = re.compile(
    rf"(?:跑|去|来回|走|行)了?({_COUNT}){_TRIP}|第({_COUNT}){_TRIP}(?:才|终于|总算|去)|({_COUNT}){_TRIP}才"
)
_WASTED = re.compile(r"白跑|白去|白来|又要(再)?跑|还得(再)?跑|再跑一趟|空跑|跑空")
_NOT_DONE = re.compile(
    r"还没(办|弄|搞)?(成|好|下来|完)|没(办|弄|搞)(成|好|下来)|办不(了|成|下来)|没办法办|还在等|还没去|没去成|"
    r"没(给|让)(我)?办|不给办|不让办|被退回|退回来"
)
_DONE = re.compile(r"办(成|好|完|下来)了?|搞定|搞掂|拿到了|领到了|弄好了|通过了|成功了|办妥")
_MANY = re.compile(r"好几(次|趟|回)|无数(次|趟)|N(次|趟)|n(次|趟)|两三(次|趟|回)|三四(次|趟)")
_MISSING = re.compile(
    r"缺|少了?|没带|忘(了)?带|漏带|带上|还要|还得|还需|要补|补交|让我回去拿|回去拿|回家拿|重新(开|拍|打|弄)|不对|不行|不合格|"
    r"不符合|过期|不收|不认|复印件|原件"
)
_MATERIAL_AFTER = re.compile(
    r"(?:缺|少了?|没带|忘了?带|漏带|带上|还要|还得|还需|要补|补交|回去拿|回家拿|重新开|重新拍|重新打)(?:一(张|份|个|本))?"
    r"(?P<what>[^，,。.！!？?；;\s才]{2,16})"
)
_WINDOW = re.compile(
    r"关门|下班|午休|放假|节假日|休息|不上班|没号|号没了|号(已经)?(放|发)完|排队|人太多|人多|约不上|没预约上"
)
_SYSTEM = re.compile(r"系统|网络|断网|升级|故障|死机|打印机|机器坏|出不来|刷不出|卡住")
_ELSEWHERE = re.compile(
    r"让我(去|到)|叫我(去|到)|要(去|到).{1,10}(办|问)|不归|不是(这里|这儿|我们这)|跑错|去错|别的(地方|窗口|部门)|另一个|"
    r"换个地方|户籍地|老家办"
)
_WITHDRAW = re.compile(
    r"不用(再)?问了|别(再)?问了|不要(再)?问|不用回访|不要回访|别(再)?发了|不要(再)?发|取消回访|不需要回访"
)
_TRAILING = re.compile(r"(了|的|啊|呀|吧|呢|哦|嘛|才行|才能办|回去|再来)+$")


def withdraws(text: str) -> bool:
    """ "不用问了": the citizen wants no more follow-ups."""
    return bool(_WITHDRAW.search(compact(text)))


def _count(clean: str) -> int | None:
    found = _COUNTED.search(clean)
    if not found:
        return None
    raw = next(g for g in found.groups() if g)
    if raw == "几":
        return 3
    return int(raw) if raw.isdigit() else chinese_number(raw)


def _trips(clean: str) -> Trips:
    """How many trips the message says it took (until done); not done overrides a count."""
    not_done = bool(_NOT_DONE.search(clean)) and not re.search(
        r"(才|终于|总算|后来).{0,4}(办|弄|搞)(成|好|下来)", clean
    )
    if _ONLINE.search(clean) and not _COUNTED.search(clean) and not not_done:
        return Trips.ONLINE
    if not_done:
        return Trips.NOT_DONE
    wasted = _WASTED.search(clean)
    if wasted:  # "白跑一趟": the trips wasted, then one more if it got done
        if not _DONE.search(clean):
            return Trips.NOT_DONE
        lost = _count(clean[wasted.start() :]) or 1
        return Trips.TWO if lost == 1 else Trips.MORE
    count = _count(clean)
    if count is not None and count > 0:
        return Trips.ONE if count == 1 else Trips.TWO if count == 2 else Trips.MORE
    if _MANY.search(clean):
        return Trips.MORE
    if _ONE.search(clean) or (_DONE.search(clean) and not _MISSING.search(clean)):
        return Trips.ONE
    return Trips.UNKNOWN


def _cause(clean: str, trips: Trips) -> Cause:
    if trips in (Trips.ONE, Trips.ONLINE):
        return Cause.NONE
    for cause, pattern in (
        (Cause.SYSTEM_DOWN, _SYSTEM),
        (Cause.WINDOW_CLOSED, _WINDOW),
        (Cause.SENT_ELSEWHERE, _ELSEWHERE),
        (Cause.MISSING_MATERIAL, _MISSING),
    ):
        if pattern.search(clean):
            return cause
    return Cause.OTHER if trips in (Trips.TWO, Trips.MORE, Trips.NOT_DONE) else Cause.NONE


def read_report(text: str, catalogue: Catalogue) -> Report:
    """Trips, cause and, when sent back for a material, which: a glossary entry when its words are
    in the message, and the citizen's own words for it either way."""
    clean = compact(text)
    trips = _trips(clean)
    cause = _cause(clean, trips)
    if cause is not Cause.MISSING_MATERIAL:
        return Report(trips, cause)
    named = _MATERIAL_AFTER.search(clean)
    words = _TRAILING.sub("", named.group("what")) if named else ""
    held = find_materials(words or clean, catalogue).held
    return Report(trips, cause, held[0] if held else None, words)


def is_report(text: str) -> bool:
    """A message that tells how it went at the office (what the NLU model was never taught)."""
    clean = compact(text)
    return bool(
        _COUNTED.search(clean)
        or _WASTED.search(clean)
        or _MANY.search(clean)
        or re.search(
            r"一次(就|性)?(办|搞|弄)?(成|好|定|掂)了|一趟(就)?(办|搞)?(成|好|定)了|办(好|成|下来)了|没办成|没办下来",
            clean,
        )
    )
