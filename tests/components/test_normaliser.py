from __future__ import annotations

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.normaliser import TextNormaliser


def test_training_data_and_live_messages_get_the_same_form() -> None:
    normaliser = TextNormaliser()
    training = TrainingData([Message(data={TEXT: "辦 護照 要帶 什麼", "intent": "ask_materials"}), Message(data={})])
    normaliser.process_training_data(training)
    [live] = normaliser.process([Message(data={TEXT: "嗯 那个 办护照要带什么"})])
    assert training.training_examples[0].get(TEXT) == live.get(TEXT) == "办护照要带什么"
    assert training.training_examples[1].get(TEXT) is None
