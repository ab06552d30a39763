"""Transitional: the hotline's imports until it moves to model/store (removed this session)."""

from bot.handover.model import NewHandover, Reason
from bot.handover.store import add_callback_number, open_handover

__all__ = ["NewHandover", "Reason", "add_callback_number", "open_handover"]
