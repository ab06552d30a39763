"""Finds the services a citizen's own words refer to.

It does not rely on an entity extractor: the words of every service (official name, its short
form, aliases) are matched against the message directly, first as whole phrases, then token by
token and by shared character pairs, which gives a score from 0 to 1 for each service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.catalogue.schema import Catalogue, Service
from bot.segmenter import Segmenter
from bot.text import compact, syllables

PHRASE_SCORE = 0.9  # a whole name or alias appears in the message
CANDIDATE_SCORE = 0.45  # below this a service is not worth offering
# A long story is mostly not service words, so its words cover less of any service: it is worth
# offering from a lower score (the dev sets: stories about a service score 0.16-0.52, unrelated
# stories at most 0.21).
LONG_MESSAGE = 50  # characters
LONG_CANDIDATE_SCORE = 0.24
TIE_MARGIN = 0.1  # candidates this close to the best are offered together


# Words of government business: an unknown service named with them is a service we lack, not an
# unrelated question ("港澳通行证", "营业执照年检", "办残疾补贴").
# The same for what a follow-up asks about a service we are discussing ("有年龄限制吗", "办公时间").
GOVERNMENT_WORDS = re.compile(
    "证|照|登记|申请|申领|申报|办理|备案|许可|审批|执照|补贴|补助|救助|津贴|社保|医保|公积金|户口|户籍|落户|签注|签证"
    "|证明|年检|罚款|缴费|纳税|税|退休|养老金|养老保险|医疗保险|参保|低保|政府|派出所|公安|民政|人社|街道|社区|政务"
    "|窗口|窗囗|部门|手续|办公时间|办公地|上班时间|工作时间|工作日|节假日|大厅|年龄|限制|条件|资格|户籍地|居住地|预约|审核|进度|政策|规定"
    "|passport|visa|id card|licen[cs]e|permit|certificate|registration|register|company|tax|social security"
    "|office|document|apply|application"
)
DOCUMENT_WEIGHT = 0.25  # a glossary word in the message is weak evidence for a service


# The words that introduce what the citizen holds: "换驾照，我有身份证…".
_HOLDING = re.compile(r"(?:我|都|还|也|手上|手里|已经|现在|这边)(?:有|带了)|带了|带着|准备了|拿了|备好了")


def _sound(text: str) -> str:
    return "|" + "|".join(syllables(text)) + "|"


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent syllable pairs: character bigrams that tolerate homophones."""
    sounds = syllables(text)
    return set(pairwise(sounds))


@dataclass(frozen=True)
class Token:
    text: str
    sound: str
    weight: float


@dataclass(frozen=True)
class ServiceMatch:
    service: Service
    score: float
    phrase: str | None = None  # the name or alias found whole in the message, if any


@dataclass(frozen=True)
class SearchResult:
    matches: list[ServiceMatch]
    unknown_terms: list[str]
    least: float = CANDIDATE_SCORE  # the lowest score worth offering (lower for a long story)

    def candidates(self) -> list[Service]:
        """The services worth offering: close to the best and above the floor, best first, at most 3."""
        if not self.matches or self.matches[0].score < self.least:
            return []
        floor = max(self.least, self.matches[0].score - TIE_MARGIN)
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
        self._term_sounds = {sid: [_sound(t) for t in terms] for sid, terms in self._terms.items()}
        self._term_pairs = {sid: [_pairs(t) for t in terms] for sid, terms in self._terms.items()}
        self._vocabulary = {sid: "|".join(sounds) for sid, sounds in self._term_sounds.items()}
        self._material_words = {compact(w) for m in catalogue.materials.values() for w in m.words}
        self._known = "|".join([*self._vocabulary.values(), *map(_sound, self._material_words)])
        self._known_text = "|".join([*(t for terms in self._terms.values() for t in terms), *self._material_words])
        # Inverted indexes, so a search scores only the services that can score above zero: those
        # with a word the message contains (by sound, which a written match implies), and those
        # sharing a syllable with one of the message's tokens.
        self._by_term_sound: dict[str, set[int]] = {}
        self._by_syllable: dict[str, set[int]] = {}
        for i, service in enumerate(self._services):
            for sound in self._term_sounds[service.id]:
                self._by_term_sound.setdefault(sound, set()).add(i)
                for syllable in sound.strip("|").split("|"):
                    self._by_syllable.setdefault(syllable, set()).add(i)
        self._term_lengths = sorted({sound.count("|") - 1 for sound in self._by_term_sound})

    def _match(
        self, service: Service, text: str, sound: str, tokens: list[Token], pairs: set[tuple[str, str]]
    ) -> ServiceMatch:
        terms = self._terms[service.id]
        phrase = next((t for t in terms if t in text), None)
        if phrase is None:  # said or typed with a homophone: 身分证丢了, 护招
            phrase = next((t for t, s in zip(terms, self._term_sounds[service.id], strict=True) if s in sound), None)
        if phrase:
            return ServiceMatch(service, PHRASE_SCORE + 0.1 * min(1.0, len(phrase) / 10), phrase)
        return ServiceMatch(service, self._token_score(service, tokens, pairs))

    def _token_score(self, service: Service, tokens: list[Token], pairs: set[tuple[str, str]]) -> float:
        """How much of the message's content this service's words cover, by sound, with document
        words counting little: "我有身份证" is about a document, not about an ID-card service."""
        if not tokens:
            return 0.0
        vocabulary = self._vocabulary[service.id]
        covered = sum(t.weight for t in tokens if t.sound in vocabulary) / sum(t.weight for t in tokens)
        if not covered:
            return 0.0
        overlap = max((len(pairs & p) / len(p) for p in self._term_pairs[service.id] if p), default=0.0)
        return round(0.55 * covered + 0.3 * overlap, 4)

    def _tokens(self, text: str) -> list[Token]:
        """Content tokens; documents listed after "我有 / 带了 …" are what the citizen holds, not
        the service they mean ("换驾照，我有身份证" is about the licence), so they are left out."""
        cue = _HOLDING.search(text)
        before, after = (text[: cue.start()], text[cue.end() :]) if cue else (text, "")
        tokens = [
            Token(t, _sound(t), len(t) * (DOCUMENT_WEIGHT if t in self._material_words else 1.0))
            for t in self._segmenter.content_tokens(before)
        ]
        held = self._segmenter.content_tokens(after)
        return tokens + [Token(t, _sound(t), float(len(t))) for t in held if t not in self._material_words]

    def _candidates(self, sound: str, tokens: list[Token]) -> list[Service]:
        """Every service whose score can be above zero (see `_match`), in catalogue order."""
        found: set[int] = set()
        spoken = sound.strip("|").split("|")
        for length in self._term_lengths:
            for start in range(len(spoken) - length + 1):
                found |= self._by_term_sound.get("|" + "|".join(spoken[start : start + length]) + "|", set())
        for token in tokens:
            postings = [self._by_syllable.get(s, set()) for s in set(token.sound.strip("|").split("|"))]
            sharing = min(postings, key=len) if postings else set()
            found |= {i for i in sharing if token.sound in self._vocabulary[self._services[i].id]}
        return [self._services[i] for i in sorted(found)]

    def search(self, text: str) -> SearchResult:
        clean = compact(text)
        tokens = self._tokens(clean)
        sound = _sound(clean)
        pairs = _pairs(clean)
        scored = [self._match(s, clean, sound, tokens, pairs) for s in self._candidates(sound, tokens)]
        matches = sorted((m for m in scored if m.score > 0), key=lambda m: (-m.score, m.service.id))
        # "补办社保卡" also contains "办社保卡": the longer, more specific phrase wins.
        phrases = {m.phrase for m in matches if m.phrase}
        matches = [m for m in matches if not (m.phrase and any(m.phrase in p and m.phrase != p for p in phrases))]
        unknown = [t.text for t in tokens if not self._is_known(t.text)]
        least = LONG_CANDIDATE_SCORE if len(clean) >= LONG_MESSAGE else CANDIDATE_SCORE
        return SearchResult(matches=matches, unknown_terms=unknown, least=least)

    def off_topic(self, text: str) -> bool:
        """True for a message that names nothing the catalogue knows, no document, and nothing that
        sounds like a government matter: "养狗一个月要多少钱" is phrased like a fee question but is
        not one. A bare follow-up ("那要多少钱？") names nothing at all and stays on topic."""
        clean = compact(text)
        if GOVERNMENT_WORDS.search(clean) or any(word in clean for word in self._material_words):
            return False
        if self.search(text).candidates():
            return False
        return any(not self._is_known(w) for w in self._segmenter.subject_words(clean))

    def _is_known(self, word: str) -> bool:
        """A catalogue word, also when written with a homophone; one syllable is too short to tell."""
        return word in self._known_text or (len(word) > 1 and _sound(word) in self._known)

    def closest(self, text: str, limit: int = 3) -> list[Service]:
        """Suggestions for a request the catalogue cannot answer: weak matches, else one per category."""
        suggestions = [m.service for m in self.search(text).matches[:limit]]
        if suggestions:
            return suggestions
        by_category: dict[str, Service] = {}
        for service in self._services:
            by_category.setdefault(service.category, service)
        return list(by_category.values())[:limit]
