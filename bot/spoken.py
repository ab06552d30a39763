"""Answers made for the ear: what a caller hears on the hotline, and what the SMS carries.

A caller cannot scroll back, and many are elderly: the answer to the question asked comes first,
lists are counted ("一共要带三样"), and nothing is said that only a reader needs — no legal basis,
document number, URL, bracket or footnote. Each part is short enough to hold in mind; the hotline
reads one part at a time ("按1听下一部分"). Built from the catalogue entry itself rather than from
the written answer, so nothing has to be cut out of a sentence afterwards.
"""

from __future__ import annotations

import re

from bot import situations
from bot.answers import days_text, elsewhere_said
from bot.catalogue.schema import Catalogue, MaterialRequirement, Service
from bot.checklist import CheckResult
from bot.situations import SituationAsk

ITEMS_PER_PART = 3  # materials read in one part
MAX_FEES = 3  # fee items read out; a longer tariff is for the written answer
MAX_CONDITION_PARTS = 2
MAX_PART = 80  # characters: a longer sentence is split at its commas
_NUMERALS = "零一两三四五六七八九十"

# What only a reader needs: brackets and what is in them, book-title marks, document numbers
# (发改价格〔2003〕2322号), URLs, and the punctuation left where they were.
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|〔[^〔〕]*〕|\[[^\[\]]*\]|【[^【】]*】")
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,8}〔\d{4}〕\d+号")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MARKS = re.compile(r"[《》“”‘’\"'「」*#_`~]")
_DEBRIS = re.compile(r"[，、；：,;:]+(?=[，、；：。,;:])|^[，、；：。]+|[，、；：]+$")
_SPACES = re.compile(r"\s+")
_UNPAIRED = re.compile(r"[（）()〔〕【】\[\]]")
_LEGAL = re.compile(r"依据|根据.{0,12}(法|条例|规定|办法|意见|通知)")


def plain(text: str) -> str:
    """`text` without what cannot be heard; `（…）` details dropped, not read as commas."""
    text = _URL.sub("", text)
    text = _DOCUMENT_NUMBER.sub("", text)
    previous = None
    while previous != text:  # nested brackets: the inner pair first
        previous, text = text, _BRACKETED.sub("", text)
    text = _UNPAIRED.sub("", _MARKS.sub("", _SPACES.sub("", text)))  # a bracket the source left open
    return _DEBRIS.sub("", text)


def count_word(n: int) -> str:
    """2 -> '两', 12 -> '12': small counts as a caller would say them."""
    return _NUMERALS[n] if 0 < n <= 10 else str(n)


def name(service: Service) -> str:
    return plain(service.short_name) or plain(service.name)


def _requirement(catalogue: Catalogue, requirement: MaterialRequirement) -> str:
    return plain(catalogue.requirement_name(requirement)) or catalogue.requirement_name(requirement)


def listed(names: list[str], first: int = 1) -> list[str]:
    """'第1样，居民户口簿；第2样，…' in parts of ITEMS_PER_PART."""
    parts = []
    for start in range(0, len(names), ITEMS_PER_PART):
        chunk = names[start : start + ITEMS_PER_PART]
        parts.append("；".join(f"第{first + start + i}样，{n}" for i, n in enumerate(chunk)) + "。")
    return parts


def phone(number: str) -> str:
    """(020)87623552 -> 02087623552: the digits a caller dials, no brackets to read."""
    return re.sub(r"[()（）\s-]", "", number)


def _where_to_ask(service: Service) -> str:
    return f"可以打电话{phone(service.phone)}问" if service.phone else "可以打12345问"


def materials(catalogue: Catalogue, service: Service) -> list[str]:
    """The materials always needed, counted and listed; those that depend on the situation only
    counted, with the way to check them."""
    if not service.materials:
        return short_parts([f"{name(service)}要带什么，目录里还没有收录，{_where_to_ask(service)}。"])
    always = [r for r in service.materials if r.required == "always" and not r.shared]
    depends = [r for r in service.materials if r.required != "always" and not r.shared]
    fetched = [r for r in service.materials if r.shared]
    count = f"一共要带{count_word(len(always))}样" if len(always) > 1 else "要带一样"
    parts = [f"办{name(service)}，{count}。"] if always else []
    parts += listed([_requirement(catalogue, r) for r in always])
    extra = []
    if depends:
        extra.append(f"另外有{count_word(len(depends))}样要看您的情况，告诉我您手上有什么，我帮您核对")
    if fetched:
        extra.append(f"有{count_word(len(fetched))}样不用带，部门会自己调取")
    if extra:
        parts.append("；".join(extra) + "。")
    return short_parts(parts) or [f"办{name(service)}不用带材料。"]


def fees(service: Service) -> str:
    if not service.fees:
        return f"收不收费，目录里没有写，{_where_to_ask(service)}"
    if all(fee.yuan == 0 for fee in service.fees):
        return "不收费"
    paid = [f"{plain(fee.item)}{fee.yuan:g}元" for fee in service.fees if fee.yuan > 0]
    more = "等，看您办的是哪一种" if len(paid) > MAX_FEES else ""
    return "要交" + "，".join(paid[:MAX_FEES]) + more


def time_limit(service: Service) -> str:
    limit = service.time_limit
    if limit.promised_days == 0 or (limit.promised_days is None and limit.legal_days == 0):
        return "当场就能办好"
    if limit.promised_days is not None:
        return f"{days_text(limit.promised_days, limit.unit)}内办好"
    if limit.legal_days is not None:
        return f"最多{days_text(limit.legal_days, limit.unit)}办好"
    return f"要多久，目录里没有写，{_where_to_ask(service)}"


def visits(service: Service) -> str:
    if service.visits == 0:
        return "可以全程网上办，不用跑"
    return f"材料带齐了，最多跑{count_word(service.visits)}次"


def online(service: Service) -> list[str]:
    how = plain(service.online.how)
    if service.online.available:
        said = "这件事可以在网上办" + (f"，{how}" if how else "")
    else:
        said = "这件事要到现场办" + (f"，{how}" if how else "")
    return short_parts([f"{said}。{visits(service)}。"])


def elsewhere(service: Service) -> list[str]:
    return short_parts([f"办{name(service)}，{plain(elsewhere_said(service))}。"])


def details(service: Service) -> list[str]:
    """Who handles it and where; the legal basis is for the screen."""
    return [f"{name(service)}由{plain(service.department)}受理。", *location(service)]


def location(service: Service) -> list[str]:
    if not service.locations:
        return short_parts([f"{name(service)}在哪里办，目录里还没有收录，可以打12345问。"])
    parts = []
    for place in service.locations[:2]:
        said = plain(place.name)
        if place.address:
            said += f"，地址是{plain(place.address)}"
        if place.hours:
            said += f"，办公时间{plain(place.hours)}"
        if place.phone:
            said += f"，电话{phone(place.phone)}"
        parts.append(said + "。")
    if len(service.locations) > 2:
        parts.append(f"还有{count_word(len(service.locations) - 2)}个地方也能办，我可以把地址发短信给您。")
    return short_parts(parts)


def conditions(service: Service) -> list[str]:
    """The first of the conditions, at most two parts: the full text is for the screen or a person."""
    sentences = re.split(r"(?<=[。；])", plain(service.conditions))
    said = "".join(s for s in sentences if not _LEGAL.search(s))  # which law says so is for a reader
    if not said:
        return short_parts([f"{name(service)}的受理条件目录里没有写，{_where_to_ask(service)}。"])
    parts = short_parts([f"办{name(service)}的条件是：{said}"])
    more = ["还有更细的规定，可以按0问工作人员。"] if len(parts) > MAX_CONDITION_PARTS else []
    return parts[:MAX_CONDITION_PARTS] + more


def overview(catalogue: Catalogue, service: Service) -> list[str]:
    """What to bring first, then what is known of the money, the time and the trips (what the
    catalogue does not say is left to the questions that ask for it)."""
    known = [fees(service) if service.fees else "", time_limit(service) if _limited(service) else "", visits(service)]
    return [*materials(catalogue, service), *short_parts(["；".join(fact for fact in known if fact) + "。"])]


def _limited(service: Service) -> bool:
    return service.time_limit.legal_days is not None or service.time_limit.promised_days is not None


def check(catalogue: Catalogue, result: CheckResult) -> list[str]:
    """The verdict first, then what is missing."""
    service = result.service
    if result.complete:
        return short_parts([f"您的材料齐了，可以去办{name(service)}了。{visits(service)}。"])
    missing = [_requirement(catalogue, r) for r in result.missing]
    lacking = f"办{name(service)}，您还缺{count_word(len(missing))}样。"
    return short_parts([lacking, *listed(missing), f"带齐了再去，{visits(service)}。"])


def situation(ask: SituationAsk) -> str:
    """The situation question, after the service it is about (the hotline reads the options with
    their keys after it)."""
    lead = f"办{name(ask.service)}，请问：{plain(situations.heading(ask)).rstrip('？?')}？"
    if ask.single or ask.exclusive:
        return lead
    return f"{lead}符合的请按序号，可以按几个；都不符合，请按{ask.none_number}。"


def short_parts(parts: list[str]) -> list[str]:
    """Parts longer than MAX_PART split at commas, so no part is more than a caller can hold."""
    out: list[str] = []
    for part in parts:
        while len(part) > MAX_PART:
            cut = max(part.rfind(mark, 0, MAX_PART - 1) for mark in "，；。、：")
            if cut <= 0:  # no pause to cut at: a hard cut, leaving room for the full stop
                cut = MAX_PART - 2
            out.append(part[: cut + 1].rstrip("，；") + ("" if part[cut] == "。" else "。"))
            part = part[cut + 1 :]
        if part:
            out.append(part)
    return out
