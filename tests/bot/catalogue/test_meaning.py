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


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_an_imported_item_is_compared_by_its_materials_and_conditions_too() -> None:
    from bot.catalogue.loader import load_catalogue
    from bot.catalogue.meaning import views

    imported = load_catalogue([FIXTURES / "imported"])
    lost = views(imported.services["imp-guard-lost"], imported)
    assert lost[0] == "保安员证核发(遗失补发保安员证)" and any("遗失声明" in v for v in lost)
    assert any(v.startswith("示例省公安厅") for v in lost)
    curated = load_catalogue([FIXTURES / "catalogue"])
    assert views(curated.services["t-marriage"], curated) == ["结婚登记"]  # aliases say the citizens' words


def test_a_message_is_as_close_to_a_service_as_to_its_closest_view(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    views = [["结婚登记"], ["居民身份证换领", "居民身份证换领。证件到期的"]]
    meaning = Meaning.of_views(views, tmp_path, encoder)
    close = meaning.similarity("到期了", np.array([0, 1]))
    assert close[1] > 0.5 > close[0]  # the name says nothing of 到期, its conditions do
    again = Meaning.of_views(views, tmp_path, encoder)  # read back from the file, not encoded again
    assert encoder.calls == 2 and np.allclose(again.similarity("到期了", np.array([0, 1])), close)


class MeansWedding:
    """An encoder for which a wedding in other words and the marriage registration mean the same."""

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "结婚" in text or "红本" in text else [0.0, 1.0] for text in texts]


def test_the_closest_meaning_is_considered_without_a_word_in_common(catalogue: Catalogue, tmp_path: Path) -> None:
    segmenter = Segmenter(catalogue.vocabulary())
    text = "下个月跟对象去拿红本本"
    assert "t-marriage" not in {m.service.id for m in ServiceIndex(catalogue, segmenter).search(text).matches}
    meaning = Meaning.of([s.name for s in catalogue.services.values()], tmp_path, MeansWedding())
    found = ServiceIndex(catalogue, segmenter, meaning).search(text)
    assert [m.service.id for m in found.matches][:1] == ["t-marriage"]
    assert found.matches[0].score < 0.45  # offered when nothing better is, never answered on meaning alone


def test_a_message_compared_again_gives_the_same_and_is_not_changed_by_the_caller() -> None:
    encoder = CountingEncoder()
    meaning = Meaning.of_views([["结婚登记"], ["居民身份证换领", "身份证到期"], ["到期换证"]], None, encoder)
    some = meaning.similarity("身份证到期了", np.array([2, 1]))
    some[:] = -1.0  # the caller's copy
    assert np.allclose(
        meaning.similarity("身份证到期了", np.array([1, 2])),
        meaning.similarity("身份证到期了", np.array([0, 1, 2]))[1:],
    )
    assert meaning.similarity("身份证到期了", np.array([1]))[0] > 0.99 and encoder.calls == 2
