"""The action server's responses are judged exactly as Rasa's own validation judges them."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from channels import action_response

GOOD = {"events": [{"event": "slot", "name": "service_id", "value": "t-id"}], "responses": [{"text": "好的"}]}
BAD: list[Any] = [
    {"events": "not a list"},
    {"events": [{"no": "event key"}]},
    {"responses": [{"text": 3}], "events": [{"event": "slot", "name": 1, "value": None}]},
]


def rasas_own(result: dict[str, Any]) -> str | None:
    """What jsonschema.validate (Rasa 3.6's way) says: None when valid, else the error message."""
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return str(error.message)
    return None


def test_rasa_uses_the_validator_made_once() -> None:
    assert RemoteAction._validate_action_result is action_response.validate_action_result


def test_a_valid_response_passes_as_with_rasas_own_validation() -> None:
    assert rasas_own(GOOD) is None
    assert action_response.validate_action_result(RemoteAction("action_x", None), GOOD) is True


@pytest.mark.parametrize("result", BAD)
def test_an_invalid_response_fails_with_rasas_error_and_hint(result: dict[str, Any]) -> None:
    expected = rasas_own(result)
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        action_response.validate_action_result(RemoteAction("action_x", None), result)
    assert raised.value.message.startswith(expected) and "custom-actions" in raised.value.message
