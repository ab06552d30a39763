"""What every channel shares: a handover reads where the conversation stood in the tracker store."""

from __future__ import annotations

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.catalogue.schema import Catalogue
from bot.handover.model import Context
from channels.common import conversation_context


async def test_a_channel_handover_reads_where_the_conversation_stood(tmp_path, catalogue: Catalogue) -> None:
    store = SQLTrackerStore(Domain.from_path("domain.yml"), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    events = [UserUttered("办结婚"), SlotSet("service_id", "t-marriage"), SlotSet("held_materials", ["id-card"])]
    await store.save(DialogueStateTracker.from_events("CA1", events))

    class Agent:
        tracker_store = store

    context = await conversation_context(Agent(), catalogue, "CA1")
    assert context.services == ["结婚登记"] and context.held == ["居民身份证"]
    assert await conversation_context(Agent(), catalogue, "unknown") == Context()
    assert await conversation_context(None, catalogue, "CA1") == Context()
