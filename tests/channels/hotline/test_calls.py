"""A call's state survives the store's JSON in every state of the call flow (Redis keeps JSON)."""

from __future__ import annotations

import pytest

from channels.hotline.calls import Call
from channels.hotline.states import Asking, Listening, OfferingSms, Reading, State


@pytest.mark.parametrize(
    "state",
    [
        Listening(2, "第4项，丁。", True),
        Reading("甲。", ("乙。", "丙。"), "结论：齐全。", False, 1),
        OfferingSms("结论", "读过", 1),
        Asking(3, 1000.5),
    ],
    ids=lambda state: type(state).__name__,
)
def test_each_state_is_stored_as_it_was(state: State) -> None:
    call = Call("+861", 4, state, ["办护照"], {4: "<Response/>"})
    assert Call.from_json(call.to_json()) == call
