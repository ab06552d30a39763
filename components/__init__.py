"""Custom Rasa NLU components: thin adapters over bot/ (named in config.yml)."""
