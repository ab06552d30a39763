"""The hotline's part of a handover record, kept apart from the call flow so that it can be tested
against a real database.

The bot records the handovers it decides (asked for a person, a complaint): it knows the
conversation. The hotline adds only what is its own, the number to call back out of hours, and
opens a record itself only for what the bot never saw: a caller not understood at all, the bot
failing or too slow. The record is the only place a caller's number is kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.handover.desk import HandoverStorage
from bot.handover.model import Context, NewHandover, Reason
from bot.privacy import mask_pii, sender_ref

logger = logging.getLogger(__name__)

ContextOf = Callable[[str], Awaitable[Context]]  # CallSid -> where the conversation stood


class HotlineHandovers:
    def __init__(self, storage: HandoverStorage, sender_hash_key: bytes | None, context_of: ContextOf) -> None:
        self._storage, self._key, self._context_of = storage, sender_hash_key, context_of

    async def record(
        self, call_sid: str, caller: str, asked: str, call_back: bool, reason: Reason, handover_id: int | None
    ) -> None:
        """A database failure is logged, not raised: the caller is transferred all the same."""
        citizen = sender_ref(call_sid, self._key)
        try:
            if handover_id is None:
                context = await self._context_of(call_sid)
                new = NewHandover("hotline", call_sid, citizen, reason, asked, context, caller if call_back else None)
                handover_id, _ = await asyncio.to_thread(self._storage.open_handover, new)
            elif call_back:
                await asyncio.to_thread(self._storage.add_callback_number, handover_id, caller)
            logger.info("handover %d for call %s%s", handover_id, citizen, ", call back" if call_back else "")
        except SQLAlchemyError:
            logger.exception("could not record the handover of %s", mask_pii(caller))
