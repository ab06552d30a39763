"""The Rasa side of the channels: unsubscribing deletes the conversation from the tracker store;
what a citizen types reaches the tracker masked; a channel's handover reads the conversation."""

from __future__ import annotations

from types import SimpleNamespace

from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.catalogue.schema import Catalogue
from bot.handover.records import Context
from bot.settings import load_settings
from channels.common import conversation_context
from channels.rest import MaskedRestInput
from channels.tracker_store import delete_conversation
from channels.wechat.channel import WeChatInput

ID_NUMBER = "11010519491231002X"


async def test_unsubscribe_deletes_the_conversation(tmp_path) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender in ("o_leaving", "o_staying"):
        await store.save(DialogueStateTracker.from_events(sender, [UserUttered("我的身份证丢了")]))
    delete_conversation(store, "o_leaving")
    assert await store.retrieve("o_leaving") is None
    staying = await store.retrieve("o_staying")
    assert staying is not None and staying.latest_message.text == "我的身份证丢了"


async def test_channels_mask_personal_numbers_before_rasa_sees_them() -> None:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    ask = WeChatInput(load_settings({})).asker(on_new_message)
    await ask("o_citizen", f"我的身份证号是{ID_NUMBER}，手机13812345678")
    assert received[0].text == "我的身份证号是110105********002X，手机138****5678"
    assert received[0].input_channel == "wechat"


def test_the_rest_channel_masks_too() -> None:
    request = SimpleNamespace(json={"sender": "s", "message": f"身份证{ID_NUMBER}"})
    assert MaskedRestInput()._extract_message(request) == "身份证110105********002X"  # type: ignore[arg-type]
    assert MaskedRestInput.name() == "rest"  # same URL as Rasa's own


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
