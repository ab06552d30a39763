"""The WeChat official-account channel: protocol core (pure), dedupe store, Rasa adapter."""
