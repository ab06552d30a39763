"""Rasa's REST channel with the citizen's text masked before it reaches the tracker store."""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from bot.privacy import mask_pii


class MaskedRestInput(RestInput):  # type: ignore[misc]
    """Same URL and replies as `rest` (/webhooks/rest/webhook); only ID, phone and card numbers
    are masked on the way in, as on the other channels."""

    def _extract_message(self, req: Request) -> str | None:
        text = super()._extract_message(req)
        return mask_pii(text) if isinstance(text, str) else text
