from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.catalogue.meaning import Meaning
from bot.catalogue.schema import Catalogue
from bot.catalogue.search import ServiceIndex
from bot.segmenter import Segmenter


class CountingEncoder:
    """A stand-in for the sentence encoder: a text's vector says which of a few topics it names."""

    TOPICS = ("结婚", "身份证", "到期")

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        return [[float(topic in text) + 0.01 for topic in self.TOPICS] for text in texts]


def test_name_vectors_are_kept_per_catalogue_and_read_back(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    first = Meaning.of(["结婚登记", "居民身份证换领"], tmp_path, encoder)
    again = Meaning.of(["结婚登记", "居民身份证换领"], tmp_path, encoder)
    assert encoder.calls == 1 and len(list(tmp_path.glob("names-*.npy"))) == 1
    Meaning.of(["结婚登记"], tmp_path, encoder)  # other names, another file
    assert encoder.calls == 2 and len(list(tmp_path.glob("names-*.npy"))) == 2
    similar = again.similarity("想结婚", np.array([0, 1]))
    assert similar[0] > 0.9 > similar[1]
    assert np.allclose(first.similarity("想结婚", np.array([0, 1])), similar)


class MeansLoss:
    """An encoder for which the question below and the item for a lost document mean the same."""

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "遗失" in text or "要带什么" in text else [0.0, 1.0] for text in texts]


def test_meaning_shares_in_ranking_the_services_the_words_found(catalogue: Catalogue, tmp_path: Path) -> None:
    segmenter = Segmenter(catalogue.vocabulary())
    words_only = ServiceIndex(catalogue, segmenter)
    meaning = Meaning.of([s.name for s in catalogue.services.values()], tmp_path, MeansLoss())
    with_meaning = ServiceIndex(catalogue, segmenter, meaning)
    text = "办身份证要带什么"  # the words fit renewal and replacement alike
    before = words_only.search(text)
    after = with_meaning.search(text)
    assert {m.service.id for m in after.matches} == {m.service.id for m in before.matches}  # nothing new found
    assert {s.id for s in before.candidates()} == {"t-id-renewal", "t-id-replacement"}
    assert [s.id for s in after.candidates()] == ["t-id-replacement"]
