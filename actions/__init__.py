"""Rasa custom actions: thin adapters from tracker slots to `bot.assistant` and back."""
