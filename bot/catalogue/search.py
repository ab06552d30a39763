"""Finds the services a citizen's own words refer to.

It does not rely on an entity extractor: the words of every service (official name, its short
form, aliases) are matched against the message directly, first as whole phrases, then token by
token and by shared character pairs, which gives a score from 0 to 1 for each service.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalogue.schema import Catalogue, Service
from bot.segmenter import Segmenter
from bot.text import compact, syllables

PHRASE_SCORE = 0.9  # a whole name or alias appears in the message
CANDIDATE_SCORE = 0.45  # below this a service is not worth offering
TIE_MARGIN = 0.1  # candidates this close to the best are offered together


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _sound(text: str) -> str:
    return "|" + "|".join(syllables(text)) + "|"


@dataclass(frozen=True)
class ServiceMatch:
    service: Service
    score: float
    phrase: str | None = None  # the name or alias found whole in the message, if any


@dataclass(frozen=True)
class SearchResult:
    matches: list[ServiceMatch]
    unknown_terms: list[str]

    def candidates(self) -> list[Service]:
        """The services worth offering: close to the best and above the floor, best first, at most 3."""
        if not self.matches or self.matches[0].score < CANDIDATE_SCORE:
            return []
        floor = max(CANDIDATE_SCORE, self.matches[0].score - TIE_MARGIN)
        if self.matches[0].score >= PHRASE_SCORE:
            floor = max(floor, PHRASE_SCORE)
        return [m.service for m in self.matches if m.score >= floor][:3]

    def confident(self) -> Service | None:
        """The one service meant, when no other comes close."""
        candidates = self.candidates()
        return candidates[0] if len(candidates) == 1 else None


class ServiceIndex:
    def __init__(self, catalogue: Catalogue, segmenter: Segmenter) -> None:
        self._segmenter = segmenter
        self._services = list(catalogue.services.values())
        self._terms = {
            s.id: sorted({compact(t) for t in (s.name, s.short_name, *s.aliases) if compact(t)}, key=len, reverse=True)
            for s in self._services
        }
        self._term_bigrams = {sid: [_bigrams(t) for t in terms] for sid, terms in self._terms.items()}
        self._term_sounds = {sid: [_sound(t) for t in terms] for sid, terms in self._terms.items()}
        self._vocabulary = {sid: "|".join(terms) for sid, terms in self._terms.items()}
        material_words = [compact(w) for m in catalogue.materials.values() for w in m.words]
        self._known_text = "|".join([*self._vocabulary.values(), *material_words])

    def _match(self, service: Service, text: str, sound: str, tokens: list[str]) -> ServiceMatch:
        terms = self._terms[service.id]
        phrase = next((t for t in terms if t in text), None)
        if phrase is None:  # said or typed with a homophone: 身分证丢了, 护招
            phrase = next((t for t, s in zip(terms, self._term_sounds[service.id], strict=True) if s in sound), None)
        if phrase:
            return ServiceMatch(service, PHRASE_SCORE + 0.1 * min(1.0, len(phrase) / 10), phrase)
        return ServiceMatch(service, self._token_score(service, text, tokens))

    def _token_score(self, service: Service, text: str, tokens: list[str]) -> float:
        if not tokens:
            return 0.0
        vocabulary = self._vocabulary[service.id]
        covered = sum(len(t) for t in tokens if t in vocabulary) / sum(len(t) for t in tokens)
        if not covered:
            return 0.0
        pairs = _bigrams(text)
        overlap = max((len(pairs & b) / len(b) for b in self._term_bigrams[service.id] if b), default=0.0)
        return round(0.55 * covered + 0.3 * overlap, 4)

    def search(self, text: str) -> SearchResult:
        clean = compact(text)
        tokens = self._segmenter.content_tokens(clean)
        sound = _sound(clean)
        scored = [self._match(s, clean, sound, tokens) for s in self._services]
        matches = sorted((m for m in scored if m.score > 0), key=lambda m: (-m.score, m.service.id))
        # "补办社保卡" also contains "办社保卡": the longer, more specific phrase wins.
        phrases = {m.phrase for m in matches if m.phrase}
        matches = [m for m in matches if not (m.phrase and any(m.phrase in p and m.phrase != p for p in phrases))]
        unknown = [t for t in tokens if t not in self._known_text]
        return SearchResult(matches=matches, unknown_terms=unknown)

    def closest(self, text: str, limit: int = 3) -> list[Service]:
        """Suggestions for a request the catalogue cannot answer: weak matches, else one per category."""
        suggestions = [m.service for m in self.search(text).matches[:limit]]
        if suggestions:
            return suggestions
        by_category: dict[str, Service] = {}
        for service in self._services:
            by_category.setdefault(service.category, service)
        return list(by_category.values())[:limit]
