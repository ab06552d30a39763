"""Rasa's REST channel with the citizen's text masked."""

from __future__ import annotations

from types import SimpleNamespace

from channels.rest import MaskedRestInput

ID_NUMBER = "11010519491231002X"


def test_the_rest_channel_masks_personal_numbers() -> None:
    request = SimpleNamespace(json={"sender": "s", "message": f"身份证{ID_NUMBER}"})
    assert MaskedRestInput()._extract_message(request) == "身份证110105********002X"  # type: ignore[arg-type]
    assert MaskedRestInput.name() == "rest"  # same URL as Rasa's own
