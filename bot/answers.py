"""Reply texts built from catalogue entries.

Every answer names the service and ends with the date the entry was last verified, so a citizen
can judge how fresh it is; a detail the catalogue leaves empty is said to be unknown, with the
consultation phone, never guessed.
"""

from __future__ import annotations

from bot import situations
from bot.catalogue.schema import Catalogue, MaterialRequirement, Question, Service
from bot.checklist import CheckResult
from bot.handover.model import Reason
from bot.handover.office_hours import OfficeHours
from bot.situations import SituationAsk

GENERAL_HOTLINE = "12345政务服务便民热线"


def header(service: Service) -> str:
    return f"【{service.name}】"


def footer(service: Service) -> str:
    """Where the facts come from and how fresh they are; an imported entry was checked by nobody
    here, so it says so, with the region it is for (the same item differs from city to city)."""
    phone = f"咨询电话：{service.phone}" if service.phone else f"如有疑问可拨打{GENERAL_HOTLINE}"
    if service.provenance:
        imported = service.provenance.imported.isoformat()
        origin = f"适用地区：{service.region}；信息来自{service.provenance.source}，{imported}导入"
    else:
        checked = service.last_verified.isoformat() if service.last_verified else "日期不详"
        origin = f"适用地区：{service.region}；信息核对于{checked}" if service.region else f"信息核对于{checked}"
    return f"（{origin}，以办理窗口为准；{phone}）"


def form_text(requirement: MaterialRequirement) -> str:
    """'原件，1份'; what the source does not say is left out here and said once for the list
    (`unknown_forms_text`), so an imported list is not a litany of "未注明"."""
    copies = f"{requirement.copies}份" if requirement.copies else ""
    return "，".join(part for part in (requirement.form or "", copies) if part)


def ask_where(service: Service) -> str:
    """Whom to ask about a detail the catalogue does not hold: the item's own phone, else 12345."""
    return f"咨询电话{service.phone}" if service.phone else GENERAL_HOTLINE


def unknown_forms_text(service: Service) -> str:
    """One line for the materials whose form or number of copies the source does not give."""
    if all(r.form and r.copies is not None for r in service.materials):
        return ""
    return f"带原件还是复印件、各几份，目录中未注明，请出发前向{ask_where(service)}确认。"


def situation(question: Question) -> str:
    """'申请人是否未满16周岁？' -> '申请人未满16周岁', for 'only if …' notes."""
    return question.ask.replace("是否", "").rstrip("？?").strip()


def material_line(catalogue: Catalogue, service: Service, requirement: MaterialRequirement) -> str:
    name = catalogue.requirement_name(requirement)
    form = form_text(requirement)
    notes = []
    if requirement.shared:
        notes.append("免提交，由部门通过数据共享获取")
    if requirement.required == "optional":
        notes.append("视情况提供")
    if requirement.condition:
        kind, question_id = requirement.condition
        question = service.question(question_id)
        if question:
            notes.append(("仅当" if kind == "when" else "除非") + situation(question))
    if requirement.notes:
        notes.append(requirement.notes)
    return name + (f"（{form}）" if form else "") + (f"——{'；'.join(notes)}" if notes else "")


def materials_text(catalogue: Catalogue, service: Service) -> str:
    if not service.materials:
        lines = [f"{header(service)}目录中暂未收录这项业务的材料清单，请向{ask_where(service)}咨询后再去办理。"]
        return "\n".join([*lines, footer(service)])
    lines = [f"{header(service)}需要准备的材料："]
    lines += [f"{i}. {material_line(catalogue, service, r)}" for i, r in enumerate(service.materials, 1)]
    lines += filter(None, [unknown_forms_text(service)])
    lines.append("想核对自己的材料是否齐全，可以直接告诉我，例如“我有身份证和户口本”。")
    lines.append(footer(service))
    return "\n".join(lines)


def conditions_text(service: Service) -> str:
    conditions = service.conditions or "目录中暂未收录受理条件。"
    audience = f"面向：{service.audience}；受理部门：{service.department}"
    return f"{header(service)}受理条件：{conditions}\n{audience}\n{footer(service)}"


def fees_summary(service: Service, with_basis: bool = False) -> str:
    """An empty fee list means the catalogue does not know; "free" needs an entry of 0 yuan. The
    legal basis of each fee is a detail (回复“详细”): the amount is what a citizen needs first."""
    if not service.fees:
        return f"目录中暂未收录收费信息，请向办理窗口或{ask_where(service)}核实"
    parts = []
    for fee in service.fees:
        amount = "免费" if fee.yuan == 0 else f"{fee.yuan:g}元"
        parts.append(f"{fee.item}{amount}" + (f"（依据：{fee.basis}）" if fee.basis and with_basis else ""))
    prefix = "不收费：" if all(fee.yuan == 0 for fee in service.fees) else ""
    return prefix + "；".join(parts)


DETAILS_HINT = "回复“详细”查看受理部门、收费依据和法律依据。"


def fees_text(service: Service) -> str:
    hint = f"\n{DETAILS_HINT}" if any(fee.basis for fee in service.fees) else ""
    return f"{header(service)}收费：{fees_summary(service)}。{hint}\n{footer(service)}"


def details_text(service: Service) -> str:
    """What a reader may want after the short answer: who handles it, the legal basis of the fees
    and of the service, both time limits, where."""
    lines = [f"{header(service)}详细信息：", f"受理部门：{service.department}；面向：{service.audience}"]
    lines.append(f"收费：{fees_summary(service, with_basis=True)}")
    lines.append(f"时限：{time_limit_summary(service)}")
    if service.legal_basis:
        lines.append(f"法律依据：{'；'.join(service.legal_basis)}")
    lines += [f"办理地点：{loc.name}" + (f"（{loc.address}）" if loc.address else "") for loc in service.locations[:3]]
    lines.append(footer(service))
    return "\n".join(lines)


def days_text(count: int, unit: str) -> str:
    """15 working days are "15个工作日"; calendar days (日, 自然日) are "15天", never "15个日"."""
    return f"{count}个工作日" if unit == "工作日" else f"{count}天"


def time_limit_summary(service: Service) -> str:
    limit = service.time_limit
    parts = []
    if limit.legal_days is not None:
        legal = days_text(limit.legal_days, limit.unit)
        parts.append("法定即时办结" if limit.legal_days == 0 else f"法定办结时限{legal}")
    if limit.promised_days is not None:
        promised = days_text(limit.promised_days, limit.unit)
        parts.append("当场办结" if limit.promised_days == 0 else f"承诺{promised}内办结")
    return "，".join(parts) or "目录中暂未收录办结时限"


def time_limit_text(service: Service) -> str:
    return f"{header(service)}办理时限：{time_limit_summary(service)}。\n{footer(service)}"


def location_text(service: Service) -> str:
    lines = [f"{header(service)}办理地点："]
    if not service.locations:
        lines.append(f"目录中暂未收录具体地点，请拨打{GENERAL_HOTLINE}查询。")
    for location in service.locations:
        details = [location.name]
        details.append(f"地址：{location.address}" if location.address else "具体地址目录中暂未收录")
        if location.hours:
            details.append(f"时间：{location.hours}")
        if location.phone:
            details.append(f"电话：{location.phone}")
        lines.append("- " + "；".join(details))
    lines.append(f"受理部门：{service.department}")
    lines.append(footer(service))
    return "\n".join(lines)


def visits_summary(service: Service) -> str:
    return "全程网上办理，不用跑腿" if service.visits == 0 else f"材料齐全时最多跑{service.visits}次"


def online_text(service: Service) -> str:
    if service.online.available:
        how = service.online.how or "可在网上办理"
        url = f"（{service.online.url}）" if service.online.url else ""
        online = f"可以网上办理：{how}{url}"
    else:
        online = "暂不能全程网上办理" + (f"：{service.online.how}" if service.online.how else "")
    return f"{header(service)}{online}。\n到现场次数：{visits_summary(service)}。\n{footer(service)}"


ELSEWHERE_SAID = {
    "全国": "可以异地办理，全国范围内都能办",
    "全省": "可以在省内异地办理",
    "全市": "可以在本市范围内就近办理",
    "户籍地": "要回户籍所在地办理，不能异地办",
    "所在地": "在办理对象所在地办理，和户口在哪里无关",
}


def elsewhere_said(service: Service) -> str:
    """Whether it can be done away from home, as the catalogue has it; unknown said so."""
    said = ELSEWHERE_SAID.get(service.elsewhere.area, "")
    if not said:
        return "办事指南里没有写明能否异地办理，去之前请先打电话问清楚，免得白跑"
    return f"{said}。{service.elsewhere.how}".rstrip("。")


def elsewhere_text(service: Service) -> str:
    return f"{header(service)}{elsewhere_said(service)}。\n到现场次数：{visits_summary(service)}。\n{footer(service)}"


def overview_text(catalogue: Catalogue, service: Service) -> str:
    """The key facts first: what to bring, how many trips or online, the fee, the time."""
    always = [r for r in service.materials if r.required == "always" and not r.shared]
    names = "、".join(catalogue.requirement_name(r) for r in always)
    online = "可以网上办理" if service.online.available else "需到窗口办理"
    lines = [
        f"{header(service)}要带：{f'{len(always)}样——{names}' if always else '见材料清单'}",
        f"{visits_summary(service)}；{online}",
        f"收费：{fees_summary(service)}；时限：{time_limit_summary(service)}",
        "可以继续问我：要带什么材料、受理条件、在哪里办；或告诉我您已有的材料帮您核对。" + DETAILS_HINT,
        footer(service),
    ]
    return "\n".join(lines)


def _names(catalogue: Catalogue, requirements: list[MaterialRequirement]) -> str:
    return "、".join(catalogue.requirement_name(r) for r in requirements)


def check_text(catalogue: Catalogue, result: CheckResult, unknown: list[str]) -> str:
    service = result.service
    lines = [f"{header(service)}材料核对："]
    if result.have:
        lines.append(f"已有：{_names(catalogue, result.have)}")
    if result.missing:
        lines.append("还缺：")
        lines += [f"  {i}. {material_line(catalogue, service, r)}" for i, r in enumerate(result.missing, 1)]
    if result.shared:
        lines.append(f"不用带（部门共享获取）：{_names(catalogue, result.shared)}")
    if result.not_needed:
        lines.append(f"本事项不需要：{'、'.join(catalogue.material_name(m) for m in result.not_needed)}")
    if result.optional:
        lines.append(f"视情况提供：{_names(catalogue, result.optional)}")
    if unknown:
        lines.append(f"没能识别的材料：{'、'.join(unknown)}（请换个说法，或问我“要带什么材料”查看完整清单）")
    if result.complete:
        lines.append("结论：材料齐全，可以一次办结。")
    else:
        lines.append(f"结论：还缺{len(result.missing)}项：{_names(catalogue, result.missing)}。备齐后可一次办结。")
    lines.append(footer(service))
    return "\n".join(lines)


def situation_text(catalogue: Catalogue, held: list[str], ask: SituationAsk) -> str:
    """One yes/no, one of a group, or any of several: numbered, "都不是" last."""
    noted = f"已记下您有：{'、'.join(catalogue.material_name(m) for m in held)}。\n" if held else ""
    lead = f"{header(ask.service)}{noted}这会影响需要的材料，请问：{situations.heading(ask)}"
    if ask.single:
        return f"{lead}（回复“是”或“不是”）"
    options = [*(situations.option(q) for q in ask.questions), "都不是"]
    listed = "\n".join(f"{i}. {o}" for i, o in enumerate(options, 1))
    several = f"符合的请回复序号，可以回复多个，如“1 3”；都不符合请回复{ask.none_number}。"
    how = "请回复一个序号。" if ask.exclusive else several
    return f"{lead}\n{listed}\n{how}"


def situation_buttons(ask: SituationAsk) -> tuple[tuple[str, str], ...]:
    """Yes and no for one question; otherwise one button per option, the payload its number."""
    if ask.single:
        return (("是", "是"), ("不是", "不是"))
    options = [*(situations.option(q) for q in ask.questions), "都不是"]
    return tuple((title, str(i)) for i, title in enumerate(options, 1))


def unknown_place_text(place: str, home_region: str) -> str:
    return f"抱歉，目前还没有{place}的办事指南。以下是{home_region}的信息，各地要求可能不同，仅供参考："


def numbers_text(count: int) -> str:
    """1 -> '1', 3 -> '1、2或3'."""
    numbers = [str(i) for i in range(1, count + 1)]
    return numbers[0] if count == 1 else "、".join(numbers[:-1]) + "或" + numbers[-1]


def choices_text(services: list[Service]) -> str:
    if len(services) == 1:  # one close service, not certain: asked as yes or no, not as a menu of one
        return f"您要办理的是“{services[0].name}”吗？\n1. 是\n请回复1或“是”；不是的话，请说说您要办的事。"
    options = "\n".join(f"{i}. {s.name}" for i, s in enumerate(services, 1))
    return f"您要办理的是哪一项？\n{options}\n请回复{numbers_text(len(services))}。"


MAX_NAMED = 12  # services named when saying what the assistant can look up


def capabilities_text(catalogue: Catalogue) -> str:
    """What the assistant can do, naming the catalogue's own services (the home region's
    hand-written ones first): the catalogue is the one source of service names."""
    ranked = sorted(
        catalogue.services.values(), key=lambda s: (s.provenance is not None, s.region != catalogue.home_region)
    )
    names = "、".join(dict.fromkeys(s.short_name for s in ranked[:MAX_NAMED]))
    more = f"等{len(catalogue.services)}个事项" if len(catalogue.services) > MAX_NAMED else ""
    return (
        "我可以帮您：\n"
        "1. 查办事指南：要带什么材料、受理条件、收费、办理时限、在哪里办、能否网上办、要跑几次；\n"
        "2. 核对材料：告诉我您已有的材料，我告诉您还缺什么、哪些不用带；\n"
        "3. 转人工：回复“转人工”，工作人员会跟进。\n"
        f"目前可查询{names}{more}。"
    )


def which_service_text(examples: list[Service]) -> str:
    names = "、".join(s.short_name for s in examples)
    return f"请问您要办理哪项业务？例如：{names}。"


def not_in_catalogue_text(terms: list[str], suggestions: list[Service]) -> str:
    """`terms` are the words naming the item asked for; none when only the story's words are unknown."""
    asked = f"“{'、'.join(terms)}”" if terms else "您问的这项业务"
    similar = "\n".join(f"{i}. {s.name}" for i, s in enumerate(suggestions, 1))
    return (
        f"抱歉，服务目录里还没有{asked}的办事指南，我不能凭猜测告诉您材料或费用。\n"
        f"已记录您的问题，工作人员会跟进回复；也可拨打{GENERAL_HOTLINE}。\n"
        f"目录中相近的事项有：\n{similar}\n回复序号可查看。"
    )


def out_of_scope_text(suggestions: list[Service]) -> str:
    similar = "、".join(s.short_name for s in suggestions)
    return (
        "抱歉，这个问题不在我的服务范围内。我只解答政务服务的办事指南：要带什么材料、在哪里办、收费和时限，"
        f"并帮您核对材料是否齐全。例如：{similar}。\n如需人工帮助，请回复“转人工”。"
    )


def not_understood_text(suggestions: list[Service]) -> str:
    similar = "、".join(s.short_name for s in suggestions)
    return (
        f"抱歉，我没有理解您的意思。您可以换个说法，比如“办护照要带什么”，或说出事项名称，例如：{similar}。"
        "\n如需人工帮助，请回复“转人工”。"
    )


def handover_opening_text(reason: Reason) -> str:
    if reason is Reason.COMPLAINT:
        return "很抱歉给您带来不好的体验。您的意见已记录，并已转给工作人员处理，不用重复描述。"
    if reason is Reason.NOT_UNDERSTOOD:
        return "抱歉，我连续两次没能理解您的问题，已为您转人工，刚才的对话工作人员都能看到，不用重复描述。"
    return "好的，已为您转人工，刚才的对话工作人员都能看到，不用重复描述。"


def next_steps_text(queue_place: int, open_now: bool, hours: OfficeHours) -> str:
    """What happens after a handover: where they stand, when a person answers, what else they can do."""
    if open_now:
        place = f"您前面还有{queue_place - 1}位，" if queue_place > 1 else ""
        when = f"{place}工作人员会尽快在这里回复您。"
    else:
        opening = f"{hours.days_text}{hours.start}:00—{hours.end}:00"
        when = f"现在是非工作时间（{opening}），工作人员会在下一个工作时间在这里回复您。"
    return f"{when}急事可拨打{GENERAL_HOTLINE}。"


def goodbye_text() -> str:
    return "再见！祝您办事顺利，一次办成。\n如方便，请为本次服务打分：回复1到5的数字（5分为非常满意）。"


def rating_thanks_text(score: int) -> str:
    if score <= 2:
        return f"已收到您的{score}分评价，抱歉没能让您满意。如需人工帮助，请回复“转人工”。"
    return f"已收到您的{score}分评价，感谢您的反馈！"
