"""The Rasa side of the channel: unsubscribing deletes the conversation from the tracker store."""

from __future__ import annotations

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.wechat.channel import _delete_conversation


async def test_unsubscribe_deletes_the_conversation(tmp_path) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender in ("o_leaving", "o_staying"):
        await store.save(DialogueStateTracker.from_events(sender, [UserUttered("我的身份证丢了")]))
    _delete_conversation(store, "o_leaving")
    assert await store.retrieve("o_leaving") is None
    staying = await store.retrieve("o_staying")
    assert staying is not None and staying.latest_message.text == "我的身份证丢了"
