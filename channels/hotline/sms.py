"""Sending the checklist by SMS to the calling number, through twilio's Messages API."""

from __future__ import annotations

import asyncio
import logging

from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from bot.privacy import mask_pii

logger = logging.getLogger(__name__)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # it logs request details (phone numbers) at INFO


class SmsSender:
    def __init__(self, account_sid: str, auth_token: str, sender: str, api_base: str = "") -> None:
        self._client = Client(account_sid, auth_token)
        if api_base:  # a local fake in tests
            self._client.api.base_url = api_base
        self._sender = sender

    async def send(self, to: str, body: str) -> bool:
        """Send off the event loop; False (and a log line with the number masked) on failure."""
        try:
            await asyncio.to_thread(self._client.messages.create, to=to, from_=self._sender, body=body)
        except (TwilioException, OSError) as exc:
            logger.error("SMS to %s failed: %s", mask_pii(to), exc.__class__.__name__)
            return False
        return True
