"""Kept for tests/channels/test_shared_state.py, which imports these from here: delete once it
imports them from tests.channels.hotline.support (the hotline's tests moved there)."""

from tests.channels.hotline.support import CALL, OPEN, SETTINGS, Bot, Callbacks

__all__ = ["CALL", "OPEN", "SETTINGS", "Bot", "Callbacks"]
