"""The hotline's follow-up by SMS: what is texted, and what a caller's SMS reply does.

A caller cannot tap a button and an SMS thread has no conversation state, so the reply is read
against the follow-up texted to that number (by the number's pseudonym): "好" to the offer that
came with the texted checklist consents; to the question, a digit is the answer (1 one trip,
2 two, 3 more, 4 not yet), and anything else is read as a report in words. "TD" or "不用问了"
stops all follow-ups. A reply with no follow-up to answer, or one long after it
(window.REPLY_WITHIN), is told so plainly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy.engine import Engine

from bot.catalogue.schema import Catalogue
from bot.events import EVENT_ITEM
from bot.outcomes import report as outcome_report
from bot.outcomes import store
from bot.outcomes.desk import listed
from bot.outcomes.model import Cause, Report, Trips
from bot.text import MAX_ANALYSED_CHARS, compact

KEYS = {"1": Trips.ONE, "2": Trips.TWO, "3": Trips.MORE, "4": Trips.NOT_DONE}
ASK_AGAIN = "请回复数字：1 一次办成，2 跑了两次，3 跑了三次以上，4 还没办成；也可以直接写情况。回复TD不再询问。"
NOTHING_TO_ANSWER = "这里是一次办政务热线的短信。目前没有需要您回复的问题；办事咨询请拨打热线或12345。"
STOPPED = "好的，以后不会再发短信问您办理结果。"
CONSENTED = "好的，过几天我们发短信问您是否一次办成。回复TD可随时取消。"
DECLINED = "好的，不会再问您。祝您办事顺利。"
OFFER_AGAIN = "同意过几天问您是否一次办成，请回复“好”；不用请回复“不用”。"

_STOP = re.compile(r"^(td|退订|取消|停止)$")
_YES = re.compile(r"^(好|好的|可以|行|同意|是|是的|嗯|要|ok)[吧啊呀的哦了]*$")
_NO = re.compile(r"^(不用|不要|不需要|不同意|不了|算了|no)[了吧啊呀的哦]*$")


def question_text(catalogue: Catalogue, item: str) -> str:
    """The follow-up texted once the delay has passed: short, the item named, the digits to reply."""
    return f"您好，这里是一次办政务热线。前几天您问了【{item_name(catalogue, item)}】，办完了吗？{ASK_AGAIN}"


def item_name(catalogue: Catalogue, item: str) -> str:
    service = catalogue.services.get(item)
    event = catalogue.events.get(item.removeprefix(EVENT_ITEM))
    return service.name if service else event.name if event else "这件事"


def _plain(body: str) -> str:
    """Full-width digits and letters as ASCII, lower case, no spaces or punctuation."""
    return compact(unicodedata.normalize("NFKC", body[:MAX_ANALYSED_CHARS])).lower()


class SmsReplies:
    def __init__(self, engine: Engine, catalogue: Catalogue) -> None:
        self.engine, self.catalogue = engine, catalogue

    def answer(self, reply_ref: str, body: str, now: dt.datetime) -> str:
        """What to text back; records consent, withdrawal or the report on the way."""
        plain = _plain(body)
        followup = store.followup_by_number(self.engine, reply_ref, now)
        if followup is None:
            return NOTHING_TO_ANSWER
        citizen = followup["citizen_ref"]
        if _STOP.match(plain) or outcome_report.withdraws(body):
            store.withdraw(self.engine, citizen)
            return STOPPED
        offered = followup["status"] == "offered"
        told = self._report(plain, body, keys=not offered)
        if offered and not told.says_something:
            if _YES.match(plain):
                store.answer_offer(self.engine, citizen, True, now)
                return CONSENTED
            if _NO.match(plain):
                store.answer_offer(self.engine, citizen, False, now)
                return DECLINED
            return OFFER_AGAIN
        if not told.says_something:
            return CONSENTED if followup["status"] == "consented" and _YES.match(plain) else ASK_AGAIN
        item = followup["item"]
        store.record_outcome(
            self.engine,
            channel="hotline",
            citizen_ref=citizen,
            item=item,
            region=followup["region"],
            report=told,
            checklist=followup["checklist"],
            listed=listed(told, item, followup["checklist"], self.catalogue),
            followup_id=followup["id"],
            now=now,
        )
        return outcome_report.said_back(told, self.catalogue)

    def _report(self, plain: str, body: str, keys: bool) -> Report:
        """A digit the question offered (not yet asked: a digit means nothing), else the words."""
        if keys and plain in KEYS:
            return Report(KEYS[plain], Cause.NONE)
        return outcome_report.read_report(body[:MAX_ANALYSED_CHARS], self.catalogue)
