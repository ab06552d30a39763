"""The handover desk decides once per turn what people must follow up, against an in-memory
storage that keeps what it is given (the SQL storage is tested in test_store / test_feedback)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy.exc import OperationalError

from bot.assistant import Assistant
from bot.handover.desk import Conversation, Decision, HandoverDesk
from bot.handover.model import NewHandover, Reason
from bot.handover.office_hours import OfficeHours
from bot.signal import Handover
from bot.state import Aspect, RatingRequest, State

MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0)
SUNDAY_NOON = dt.datetime(2026, 12, 6, 12, 0)


@dataclass
class KeptInMemory:
    handovers: list[NewHandover] = field(default_factory=list)
    ratings: list[tuple[int, int | None]] = field(default_factory=list)
    unanswered: list[tuple[Reason, str]] = field(default_factory=list)
    down: bool = False

    def open_handover(self, new: NewHandover) -> tuple[int, bool]:
        if self.down:
            raise OperationalError("insert", {}, Exception("down"))
        self.handovers.append(new)
        return len(self.handovers), True

    def queue_position(self, handover_id: int) -> int:
        return handover_id

    def record_rating(self, channel: str, citizen_ref: str, score: int, handover_id: int | None) -> None:
        self.ratings.append((score, handover_id))

    def record_unanswered(self, channel: str, conversation_id: str, citizen_ref: str, kind: Reason, text: str) -> None:
        self.unanswered.append((kind, text))

    def add_callback_number(self, handover_id: int, phone: str) -> None:
        raise AssertionError("only the hotline adds a number, never the desk")


def conversation(text: str, state: State | None = None, understood: bool = True) -> Conversation:
    return Conversation("wechat", "openid-1", "u-1", text, text, understood, state or State(), ["t-marriage"])


@pytest.fixture
def kept() -> KeptInMemory:
    return KeptInMemory()


def desk(kept: KeptInMemory, assistant: Assistant, now: dt.datetime = MONDAY_NOON) -> HandoverDesk:
    return HandoverDesk(kept, assistant.catalogue, OfficeHours(9, 17), now=lambda: now)


def test_asking_for_a_person_opens_a_handover_with_the_conversation_and_the_queue_place(
    kept: KeptInMemory, assistant: Assistant
) -> None:
    state = State(service_id="t-id-renewal", held=["id-card"])
    turn = assistant.human("转人工", state)
    decision = desk(kept, assistant).after(turn, conversation("转人工", state))
    assert decision.handover == Handover(Reason.ASKED_FOR_PERSON, True, 1)
    [opened] = kept.handovers
    assert opened.context.services == ["结婚登记", "居民身份证换领（有效期满）"]
    assert opened.context.held == ["居民身份证"] and opened.asked == "转人工"
    assert "工作人员会尽快在这里回复您" in decision.said[0]


def test_out_of_hours_the_citizen_hears_when(kept: KeptInMemory, assistant: Assistant) -> None:
    decision = desk(kept, assistant, SUNDAY_NOON).after(assistant.human("转人工", State()), conversation("转人工"))
    assert "非工作时间" in decision.said[0]


def test_a_service_we_lack_is_followed_up_later_and_kept_for_the_maintainers(
    kept: KeptInMemory, assistant: Assistant
) -> None:
    turn = assistant.answer(Aspect.MATERIALS, "港澳通行证要带什么", State())
    assert turn.followup is Reason.NOT_IN_CATALOGUE
    decision = desk(kept, assistant).after(turn, conversation("港澳通行证要带什么"))
    assert decision.handover == Handover(Reason.NOT_IN_CATALOGUE, False, 1) and decision.said == ()
    assert kept.unanswered == [(Reason.NOT_IN_CATALOGUE, "港澳通行证要带什么")]


def test_a_rating_is_kept_with_the_handover_it_rates(kept: KeptInMemory, assistant: Assistant) -> None:
    invited = State(pending=RatingRequest(handover=4))
    turn = assistant.reply_to_pending("5", None, invited)
    assert desk(kept, assistant).after(turn, conversation("5", invited)) == Decision()
    assert kept.ratings == [(5, 4)] and not kept.handovers


def test_a_message_not_understood_is_kept_unless_it_is_empty(kept: KeptInMemory, assistant: Assistant) -> None:
    for text in ("嗯嗯那个", "   "):
        turn = assistant.not_understood(text, State())
        desk(kept, assistant).after(turn, conversation(text, understood=False))
    assert kept.unanswered == [(Reason.NOT_UNDERSTOOD, "嗯嗯那个")] and not kept.handovers


def test_with_the_storage_down_the_citizen_still_learns_how_to_reach_a_person(
    kept: KeptInMemory, assistant: Assistant
) -> None:
    kept.down = True
    decision = desk(kept, assistant).after(assistant.human("转人工", State()), conversation("转人工"))
    assert decision.handover == Handover(Reason.ASKED_FOR_PERSON, True, None)
    assert "12345" in decision.said[0]
