"""Runs `bot.text.clean_for_understanding` over every message before tokenisation.

It processes the training data the same way, so the model learns on the form it will be shown:
traditional characters, full-width forms, Chinese numerals and speech fillers vary between
citizens without changing what they ask.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text import clean_for_understanding
from components.base import ConfigOnlyComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormaliser(ConfigOnlyComponent):
    @staticmethod
    def _clean(messages: list[Message]) -> None:
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, clean_for_understanding(text), add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._clean(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._clean(messages)
        return messages
