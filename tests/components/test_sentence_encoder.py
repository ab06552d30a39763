from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import SentenceEncoderFeaturizer


def test_sentence_features_mean_something() -> None:
    featurizer = SentenceEncoderFeaturizer({"alias": None}, "use")
    passport, passport_again, weather, empty = featurizer.process(
        [
            Message(data={TEXT: "办护照要带什么材料"}),
            Message(data={TEXT: "申请护照需要准备哪些东西"}),
            Message(data={TEXT: "明天杭州会下雨吗"}),
            Message(data={}),
        ]
    )
    vectors = [m.get_dense_features(TEXT)[1].features[0] for m in (passport, passport_again, weather)]
    assert vectors[0].shape == (512,)
    assert np.dot(vectors[0], vectors[1]) > np.dot(vectors[0], vectors[2])
    assert empty.features == []
    training = featurizer.process_training_data(TrainingData([Message(data={TEXT: "你好", "intent": "greet"})]))
    assert len(training.training_examples[0].features) == 1
