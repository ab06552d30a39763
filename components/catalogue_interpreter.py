"""Gives the catalogue a say in the intent, after the classifier and its fallback.

`bot.assistant.Assistant.interpret` turns a "service question" that names nothing governmental
into out_of_scope and takes an unsure or out-of-scope result that names a catalogue service as a
service question. Doing it here, in the NLU pipeline, means the policies, the test stories and
every channel see one intent. The model's own intent stays in the parse result as `model_intent`.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy.exc import SQLAlchemyError

from bot import runtime
from bot.assistant import Assistant
from bot.catalogue.store import CatalogueNotLoaded
from components.base import ConfigOnlyComponent

logger = logging.getLogger(__name__)
MODEL_INTENT = "model_intent"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CatalogueIntentInterpreter(ConfigOnlyComponent):
    def __init__(self, config: dict[str, Any] | None = None, name: str = "") -> None:
        super().__init__(config, name)
        self._assistant: Assistant | None = None

    def _catalogue_assistant(self) -> Assistant | None:
        """The process's assistant (bot.runtime); None (model intent kept) if the catalogue is unavailable."""
        if self._assistant is None:
            try:
                self._assistant = runtime.assistant()
            except (CatalogueNotLoaded, SQLAlchemyError):
                logger.exception("catalogue unavailable: intents are the model's alone")
                return None
        return self._assistant

    def process(self, messages: list[Message]) -> list[Message]:
        assistant = self._catalogue_assistant()
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get(INTENT_NAME_KEY)
            if assistant is None or not name or not message.get(TEXT):
                continue
            ranking = [str(r.get(INTENT_NAME_KEY)) for r in message.get(INTENT_RANKING_KEY) or []]
            interpreted = assistant.interpret(name, ranking, message.get(TEXT))
            message.set(MODEL_INTENT, intent, add_to_output=True)
            if interpreted != name:
                message.set(INTENT, {**intent, INTENT_NAME_KEY: interpreted}, add_to_output=True)
        return messages
