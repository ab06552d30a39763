"""Finds the services a citizen's own words refer to.

It does not rely on an entity extractor: the words of every service (official name, its short
form, aliases) are matched against the message directly, first as whole phrases, then token by
token and by shared character pairs, which gives a score from 0 to 1 for each service.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

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
MAX_MATCHES = 10  # a search keeps the best ten: every caller reads at most the first three


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

# Words an official name wraps around what the item is: "保安员证核发" is said "保安员证".
GENERIC_NAME_WORDS = re.compile(r"办理|核发|审批|申请(?!人|书|表)|的")
# A sub-item is chosen by the citizen's own words for their situation (丢了 -> 遗失补发): each
# pattern of everyday words, and the words official sub-item names use for that situation.
SITUATIONS = [
    (
        re.compile(r"丢|遗失|掉了|弄没了|找不到|被偷|被盗|不见了|补办|补领|补发|补1"),
        ("遗失", "补发", "补领", "补办", "补证"),
    ),
    (re.compile(r"到期|过期|期满|快过期|有效期|换新|换证|换发|换领|换一"), ("换发", "换领", "换证", "期满", "到期")),
    (re.compile(r"坏了|损坏|破了|破损|烂了|磨损"), ("损坏", "换发", "换领")),
    (re.compile(r"第1次|首次|初次|新办|没办过|从没|头1回|新申请"), ("首次", "初次", "新办")),
    (re.compile(r"改名|变更|改了|信息变|更改|迁移|改成"), ("变更", "更改")),
    (re.compile(r"注销|不用了|不要了|取消|退掉"), ("注销",)),
    (re.compile(r"延期|延续|续期|延长"), ("延续", "延期")),
]
SITUATION_BONUS = 0.11  # more than TIE_MARGIN: the sibling the citizen's situation names stands alone
PLACE_BONUS = 0.11  # with a place named, its own entry stands alone over a province-wide near-tie
# The same item is offered in many regions: without a place named, one outside the home region
# must score this much better than the home region's best to be answered instead.
HOME_MARGIN = 0.15


def service_terms(service: Service) -> set[str]:
    """The words that name a service: its names and aliases, and for long official names the name
    without its generic verbs and the sub-item in brackets ("机动车驾驶证核发(遗失补发)")."""
    terms = {service.name, service.short_name, *service.aliases}
    terms.add(GENERIC_NAME_WORDS.sub("", service.short_name))
    for qualifier in re.findall(r"[（(]([^（）()]+)[）)]", service.name):
        if len(qualifier) >= 4:
            terms.add(GENERIC_NAME_WORDS.sub("", qualifier))
    return {compact(t) for t in terms if len(compact(t)) >= 2}


def _shared_terms(services: list[Service]) -> list[tuple[Service, set[str]]]:
    """The same item offered in several regions is one item to the citizen: every entry of that
    name is found by the words any of them has (a curated entry's aliases find the imported ones)."""
    own = [(s, service_terms(s)) for s in services]
    by_name: dict[str, set[str]] = {}
    for service, terms in own:
        by_name.setdefault(compact(service.short_name), set()).update(terms)
    return [(service, terms | by_name[compact(service.short_name)]) for service, terms in own]


def situation_words(text: str) -> set[str]:
    """The official words for the situations a message describes."""
    return {word for pattern, words in SITUATIONS if pattern.search(text) for word in words}


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
        self._terms = {s.id: sorted(terms, key=len, reverse=True) for s, terms in _shared_terms(self._services)}
        self._term_sounds = {sid: [_sound(t) for t in terms] for sid, terms in self._terms.items()}
        self._term_pairs = {sid: [_pairs(t) for t in terms] for sid, terms in self._terms.items()}
        self._vocabulary = {sid: "|".join(sounds) for sid, sounds in self._term_sounds.items()}
        self._material_words = {compact(w) for m in catalogue.materials.values() for w in m.words}
        self._known = "|".join([*self._vocabulary.values(), *map(_sound, self._material_words)])
        self._known_text = "|".join([*(t for terms in self._terms.values() for t in terms), *self._material_words])
        # Inverted indexes, so that a search touches only what can score: each name or alias as
        # written and as it sounds (a phrase match), each syllable (tokens), and each syllable
        # pair of every term (the pair overlap, counted for all terms at once).
        self._by_term: dict[str, list[tuple[int, str]]] = {}
        self._by_term_sound: dict[str, list[tuple[int, str]]] = {}
        self._by_syllable: dict[str, set[int]] = {}
        self._by_pair: dict[tuple[str, str], set[int]] = {}
        pair_rows: dict[tuple[str, str], list[int]] = {}
        pair_counts: list[int] = []
        starts: list[int] = []
        for i, service in enumerate(self._services):
            starts.append(len(pair_counts))
            sid = service.id
            for term, sound, pairs in zip(self._terms[sid], self._term_sounds[sid], self._term_pairs[sid], strict=True):
                self._by_term.setdefault(term, []).append((i, term))
                self._by_term_sound.setdefault(sound, []).append((i, term))
                for syllable in sound.strip("|").split("|"):
                    self._by_syllable.setdefault(syllable, set()).add(i)
                for pair in pairs:
                    pair_rows.setdefault(pair, []).append(len(pair_counts))
                    self._by_pair.setdefault(pair, set()).add(i)
                pair_counts.append(len(pairs))
        self._pair_rows = {pair: np.array(rows, dtype=np.int64) for pair, rows in pair_rows.items()}
        self._pair_counts = np.maximum(np.array(pair_counts, dtype=np.float64), 1.0)  # no pairs: no overlap
        self._starts = np.array(starts, dtype=np.int64)
        self._term_lengths = sorted({len(term) for term in self._by_term})
        self._sound_lengths = sorted({sound.count("|") - 1 for sound in self._by_term_sound})
        self._sharing: dict[str, npt.NDArray[np.int64]] = {}  # token sound -> services with it (a memo)
        by_id = sorted(range(len(self._services)), key=lambda i: self._services[i].id)
        self._id_rank = np.empty(len(self._services), dtype=np.int64)
        self._id_rank[by_id] = np.arange(len(self._services))  # ties are ranked by service id

    def _phrases(self, text: str, spoken: list[str]) -> dict[int, str]:
        """Service -> its longest name or alias written in the message as it is, else the longest
        that sounds the same (身分证丢了, 护招)."""
        written: dict[int, str] = {}
        for length in self._term_lengths:  # ascending: a longer term replaces a shorter one
            for start in range(len(text) - length + 1):
                for i, term in self._by_term.get(text[start : start + length], ()):
                    written[i] = term
        heard: dict[int, str] = {}
        for length in self._sound_lengths:
            for start in range(len(spoken) - length + 1):
                for i, term in self._by_term_sound.get("|" + "|".join(spoken[start : start + length]) + "|", ()):
                    if len(term) >= len(heard.get(i, "")):
                        heard[i] = term
        return heard | written

    def _overlaps(self, pairs: set[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Per service, the largest share of one of its terms' syllable pairs that the message has."""
        postings = [self._pair_rows[pair] for pair in pairs if pair in self._pair_rows]
        if not postings:
            return np.zeros(len(self._services))
        shared = np.bincount(np.concatenate(postings), minlength=len(self._pair_counts))
        return np.maximum.reduceat(shared / self._pair_counts, self._starts)

    def _with_sound(self, sound: str) -> npt.NDArray[np.int64]:
        """The services whose words contain this token's sound."""
        found = self._sharing.get(sound)
        if found is None:
            # every service containing the sound has each of its syllable pairs (or syllables)
            spoken = sound.strip("|").split("|")
            pairs = set(pairwise(spoken))
            postings = [self._by_pair.get(p, set()) for p in pairs] or [self._by_syllable.get(s, set()) for s in spoken]
            sharing = min(postings, key=len) if postings else set()
            ids = [i for i in sharing if sound in self._vocabulary[self._services[i].id]]
            found = np.array(ids, dtype=np.int64)
            if len(self._sharing) > 100_000:  # words repeat a lot; a bound keeps odd input from growing it
                self._sharing.clear()
            self._sharing[sound] = found
        return found

    def _scored(self, text: str, tokens: list[Token]) -> tuple[dict[int, str], npt.NDArray[np.float64]]:
        """Every service that scores: those with a whole name or alias in the message (0.9 and up,
        by phrase length), and for the others, how much of the message's content their words cover,
        by sound, with document words counting little ("我有身份证" is about a document, not about
        an ID-card service), plus how many of a term's syllable pairs the message has."""
        spoken = syllables(text)  # once: pinyin is the costly part of reading a message
        phrases = self._phrases(text, spoken)
        covered = np.zeros(len(self._services))
        for token in tokens:
            covered[self._with_sound(token.sound)] += token.weight
        covered[list(phrases)] = 0.0
        if not covered.any():
            return phrases, covered
        share = covered / sum(t.weight for t in tokens)
        scores = np.round(0.55 * share + 0.3 * self._overlaps(set(pairwise(spoken))), 4)
        return phrases, np.where(covered > 0, scores, 0.0)

    def _rank(self, entry: tuple[float, int, str | None]) -> tuple[float, str]:
        return -entry[0], self._services[entry[1]].id

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

    def search(self, text: str, near: dict[str, int] | None = None, named_place: bool = False) -> SearchResult:
        """The services `text` means, best first. `near` ranks regions (0 the one meant, 1 those
        around it, others elsewhere): with a place named, only services near it count; without,
        the home region's are preferred unless another region's score clearly better."""
        clean = compact(text)
        tokens = self._tokens(clean)
        phrases, scores = self._scored(clean, tokens)
        # "补办社保卡" also contains "办社保卡": the longer, more specific phrase wins.
        shorter = {p for p in phrases.values() if any(p in q and p != q for q in phrases.values())}
        ranked = [(PHRASE_SCORE + 0.1 * min(1.0, len(p) / 10), i, p) for i, p in phrases.items() if p not in shorter]
        best: list[tuple[float, int, str | None]] = heapq.nsmallest(MAX_MATCHES, ranked, key=self._rank)
        if len(best) < MAX_MATCHES:  # phrases outrank every token score (at most 0.85)
            scoring = np.flatnonzero(scores > 0)
            top = scoring[np.lexsort((self._id_rank[scoring], -scores[scoring]))][: MAX_MATCHES - len(best)]
            best += [(float(scores[i]), int(i), None) for i in top]
        matches = [ServiceMatch(self._services[i], score, phrase) for score, i, phrase in best]
        unknown = [t.text for t in tokens if not self._is_known(t.text)]
        least = LONG_CANDIDATE_SCORE if len(clean) >= LONG_MESSAGE else CANDIDATE_SCORE
        if near is not None:
            matches = _by_region(matches, near, named_place, least)
        matches = _by_situation(matches, situation_words(clean))
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


def _ranked(matches: list[ServiceMatch]) -> list[ServiceMatch]:
    return sorted(matches, key=lambda m: (-m.score, m.service.id))


def _by_region(
    matches: list[ServiceMatch], near: dict[str, int], named_place: bool, least: float
) -> list[ServiceMatch]:
    """Of the same item in several regions, the one for the region meant. A place named leaves only
    the services near it (when one of them is worth offering); its own region's entry beats a
    province-wide one of the same score. Without a place, the home region's entries are preferred."""
    if named_place:
        kept = [m for m in matches if m.service.region in near]
        if not kept or kept[0].score < least:
            return matches
        return _ranked([_with(m, m.score + (PLACE_BONUS if near[m.service.region] == 0 else 0.0)) for m in kept])
    if not any(m.service.region in near and m.score >= least for m in matches):
        return matches
    return _ranked([m if m.service.region in near else _with(m, m.score - HOME_MARGIN) for m in matches])


def _by_situation(matches: list[ServiceMatch], words: set[str]) -> list[ServiceMatch]:
    """Among near-equal siblings, the one whose name says the citizen's situation stands alone."""
    if not words or not matches:
        return matches
    top = matches[0].score
    fitting = [m for m in matches if m.score >= top - TIE_MARGIN and any(w in m.service.name for w in words)]
    if not fitting or len(fitting) == len([m for m in matches if m.score >= top - TIE_MARGIN]):
        return matches
    chosen = {m.service.id for m in fitting}
    return _ranked([_with(m, m.score + SITUATION_BONUS) if m.service.id in chosen else m for m in matches])


def _with(match: ServiceMatch, score: float) -> ServiceMatch:
    return ServiceMatch(match.service, round(score, 4), match.phrase)
