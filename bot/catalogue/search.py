"""Finds the services a citizen's own words refer to.

It does not rely on an entity extractor: the words of every service (official name, its short
form, aliases) are matched against the message directly, first as whole phrases, then token by
token and by shared syllable and character pairs weighted by how rare they are in the catalogue,
which gives a score from 0 to 1 for each service; the meaning of the message (meaning.py) shares
in ranking what the words found. Then the region meant (a place named, else the home region) and
the citizen's situation among sibling sub-items (subitems.py) have their say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from bot.catalogue import subitems
from bot.catalogue.colloquial import official_form
from bot.catalogue.meaning import Meaning
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
POSSIBLE_SCORE = 0.2  # a service question's closest services are asked about from this score
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
_CJK = re.compile(r"[\u4e00-\u9fff]")
# characters that tell nothing apart: verbs and particles every kind of question has
_FUNCTION_CHARS = set("的了么吗呢吧啊办理请问要我你他她是在有和与及或怎如何什么哪里去到给把被让个出来后想能可以")
DOCUMENT_WEIGHT = 0.25  # a glossary word in the message is weak evidence for a service

# Words an official name wraps around what the item is: "保安员证核发" is said "保安员证".
MIN_DERIVED_TERM = 4  # characters
GENERIC_NAME_WORDS = re.compile(r"办理|核发|审批|申请(?!人|书|表)|的")
PLACE_BONUS = 0.11  # with a place named, its own entry stands alone over a province-wide near-tie
# The same item is offered in many regions: without a place named, one outside the home region
# must score this much better than the home region's best to be answered instead.
HOME_MARGIN = 0.15
# The few services closest in meaning are considered even without a word in common ("查过路费" for
# 通行费查询) when they are close enough (the dev set: 0.45 keeps all that help, fewer strays); with
# no word they score at most MEANING_SHARE * LEXICAL_MAX (0.425): offered when nothing better is.
MEANING_NEIGHBOURS = 3
MEANING_ALONE = 0.45
# Of a word-matched service's score, the part its name's meaning decides. The dev sets, 0.4 -> 0.5:
# imported 86.6% -> 87.3% answered or offered, curated top-1 97.7% -> 97.6%, out-of-scope
# questions given candidates 3.0% -> 2.3%.
MEANING_SHARE = 0.5
LEXICAL_MAX = 0.85  # the most a service scores without a whole name in the message (0.55 + 0.3)
IDF_OF_UNKNOWN = 3.0  # a message word no service has weighs like a rare one: the message is about something else


def service_terms(service: Service) -> set[str]:
    """The words that name a service: its names and aliases, and for long official names the name
    without its generic verbs and the sub-item in brackets ("机动车驾驶证核发(遗失补发)")."""
    terms = {compact(t) for t in (service.name, service.short_name, *service.aliases)}
    derived = [GENERIC_NAME_WORDS.sub("", service.short_name)]
    derived += [GENERIC_NAME_WORDS.sub("", q) for q in re.findall(r"[（(]([^（）()]+)[）)]", service.name)]
    # a derived word must still name something: "(变更申请)" leaves 变更, which names no item
    terms.update(compact(t) for t in derived if len(compact(t)) >= MIN_DERIVED_TERM)
    return {t for t in terms if len(t) >= 2}


def _qualifiers(service: Service) -> set[str]:
    """The words a name's brackets add, as service_terms derives them ("(注销注册)" -> 注销注册)."""
    found = re.findall(r"[（(]([^（）()]+)[）)]", service.name)
    return {compact(GENERIC_NAME_WORDS.sub("", q)) for q in found} - {compact(service.short_name)}


def _sub_item_words(services: list[Service]) -> set[str]:
    """Bracketed words that items of different names share ("注销注册" of 二级注册建筑师… and of
    二级注册建造师…, "遗失补办", "小型汽车"): they name a kind of sub-item, not an item, so they
    are no whole name of any (a citizen saying 注销注册 has not named which register)."""
    owners: dict[str, set[str]] = {}
    for service in services:
        for word in _qualifiers(service):
            owners.setdefault(word, set()).add(compact(service.short_name))
    return {word for word, names in owners.items() if len(names) > 1}


def _shared_terms(services: list[Service]) -> list[tuple[Service, set[str]]]:
    """The same item offered in several regions is one item to the citizen: every entry of that
    name is found by the words any of them has (a curated entry's aliases find the imported ones)."""
    generic = _sub_item_words(services)
    own = [(s, service_terms(s) - (generic - {compact(a) for a in s.aliases})) for s in services]
    by_name: dict[str, set[str]] = {}
    for service, terms in own:  # the whole name: sub-items (X(首次), X(补发)) are different items
        by_name.setdefault(compact(service.name), set()).update(terms)
    return [(service, terms | by_name[compact(service.name)]) for service, terms in own]


# A licence named by what it is for ("大货车驾照", "摩托车驾驶证"): the thing before it only says
# which licence, so an item named for that thing (大货车 -> 普通货运车辆查询) is not what is meant.
_LICENCE_AFTER = re.compile(r"驾照|驾驶证|驾驶执照|牌照")
# A document asked about as something to bring ("要带劳动合同吗") is a material of the item meant,
# not an item of its own (劳动合同公证指引).
_ASKED_TO_BRING = re.compile(r"(?:要|需要|要不要|用不用|需不需要|还要)(?:带|提供|准备)(.{2,12}?)(?:吗|么|嘛|不)")
# The words that introduce what the citizen holds: "换驾照，我有身份证…".
_HOLDING = re.compile(r"(?:我|都|还|也|手上|手里|已经|现在|这边)(?:有|带了)|带了|带着|准备了|拿了|备好了")


def _sound(text: str) -> str:
    return "|" + "|".join(syllables(text)) + "|"


_ITEM_ENDING = re.compile(
    r"(?:证|照|卡|牌|证明|证书|登记|许可|备案|补贴|补助|补助金|津贴|资格|认定|审批|签证|签注|公证|户口|保险|"
    r"年检|年审|申报|鉴定|变更|注销|开户|过户|迁移|落户|入学|报名|考试|退税|执照|手续)$"
)
_ITEM_VERB = "办|申请|申领|领|补|换|开|考|注销|登记|备案"


def item_words(terms: list[str], text: str) -> list[str]:
    """The unknown words that name an item the citizen asks for ("渔船登记", "办狗证", "港澳" of
    "港澳通行证"), not the ordinary words of the story around the question (孩子, 搬家, 去年)."""
    clean = compact(text)
    items = [t for t in terms if _ITEM_ENDING.search(t) or re.search(f"(?:{_ITEM_VERB}){re.escape(t)}", clean)]
    return [t for t in terms if t in items or any(t + item in clean for item in items)]


def _pairs(text: str, sounds: list[str] | None = None) -> set[tuple[str, str]]:
    """Adjacent syllable pairs, which tolerate homophones (身分证, 护招), and adjacent characters
    as written, ("拘留", "") beside ("ju", "liu"): at breadth a pair that only sounds the same
    (居留 for 拘留) is half the evidence of one that is also written the same."""
    spoken = syllables(text) if sounds is None else sounds
    return set(pairwise(spoken)) | {(text[i : i + 2], "") for i in range(len(text) - 1)}


@dataclass(frozen=True)
class Token:
    text: str
    sound: str
    weight: float
    official: str | None = None  # the word in official words (低保 -> 最低生活保障), if it differs


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

    def possible(self) -> list[Service]:
        """For a question already known to be about a service: the closest services when none is
        worth offering outright but the best is not far off (at breadth a citizen's own words
        cover little of an official name), to ask "is it one of these?" rather than give up."""
        if not self.matches or self.matches[0].score < POSSIBLE_SCORE:
            return []
        floor = self.matches[0].score - TIE_MARGIN
        return [m.service for m in self.matches if m.score >= floor][:3]

    def confident(self) -> Service | None:
        """The one service meant, when no other comes close."""
        candidates = self.candidates()
        return candidates[0] if len(candidates) == 1 else None


class ServiceIndex:
    def __init__(self, catalogue: Catalogue, segmenter: Segmenter, meaning: Meaning | None = None) -> None:
        self._segmenter = segmenter
        self._meaning = meaning  # None: words alone (unit tests, tools that need no ranking by meaning)
        self._services = list(catalogue.services.values())
        self._all = np.arange(len(self._services))
        self._terms = {s.id: sorted(terms, key=len, reverse=True) for s, terms in _shared_terms(self._services)}
        self._term_sounds = {sid: [_sound(t) for t in terms] for sid, terms in self._terms.items()}
        self._term_pairs = {sid: [_pairs(t) for t in terms] for sid, terms in self._terms.items()}
        self._vocabulary = {sid: "|".join(sounds) for sid, sounds in self._term_sounds.items()}
        self._material_words = {compact(w) for m in catalogue.materials.values() for w in m.words}
        # The words the catalogue knows: any part of a hand-written name or alias and of a material
        # word; of an imported name only its whole words, since thousands of long official names
        # hold nearly every two characters somewhere ("电视" is no service word for being in one).
        curated = [t for s in self._services if s.provenance is None for t in self._terms[s.id]]
        imported = {w for s in self._services if s.provenance for t in self._terms[s.id] for w in segmenter.tokens(t)}
        self._known_text = "|".join([*curated, *self._material_words])
        self._known = "|".join(map(_sound, [*curated, *self._material_words]))
        self._known_words = imported | {_sound(w) for w in imported}
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
        # A pair many services share ("证明", "办理") says little about which one is meant.
        total = len(self._services)
        self._idf = {pair: float(np.log1p(total / len(ids))) for pair, ids in self._by_pair.items()}
        self._pair_services = {pair: np.array(sorted(ids), dtype=np.int64) for pair, ids in self._by_pair.items()}
        weights = np.zeros(len(pair_counts))
        for pair, rows in self._pair_rows.items():
            weights[rows] += self._idf[pair]
        self._pair_weights = np.maximum(weights, 1e-9)  # a term without pairs has no overlap
        self._starts = np.array(starts, dtype=np.int64)
        self._term_lengths = sorted({len(term) for term in self._by_term})
        self._sound_lengths = sorted({sound.count("|") - 1 for sound in self._by_term_sound})
        self._sharing: dict[str, npt.NDArray[np.int64]] = {}  # token sound -> services with it (a memo)
        self._regions = sorted({s.region for s in self._services})
        self._region_of = np.array([self._regions.index(s.region) for s in self._services], dtype=np.int64)
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
        asked = [m.span(1) for m in _ASKED_TO_BRING.finditer(text)]
        kept = {term: not _names_a_document(text, term, asked) for term in {*heard.values(), *written.values()}}
        return {i: term for i, term in (heard | written).items() if kept[term]}

    def _overlaps(self, pairs: set[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Per service, the largest share of one of its terms that the message says: its syllable
        pairs weighted by how rare they are in the catalogue."""
        known = [pair for pair in pairs if pair in self._pair_rows]
        if not known:
            return np.zeros(len(self._services))
        rows = np.concatenate([self._pair_rows[pair] for pair in known])
        weights = np.concatenate([np.full(len(self._pair_rows[pair]), self._idf[pair]) for pair in known])
        shared = np.bincount(rows, weights=weights, minlength=len(self._pair_weights))
        return np.maximum.reduceat(shared / self._pair_weights, self._starts)

    def _coverage(self, tokens: list[Token]) -> tuple[npt.NDArray[np.float64], float]:
        """Per service, how much of the message's content its words cover: each token's syllable
        pairs (a one-syllable token by its sound) weighted by rarity and by the token's weight, so
        "残疾证" is mostly covered by "残疾人证" and a word every service has counts little. A token
        with an official form counts as covered as well as the better of its two forms is."""
        covered = np.zeros(len(self._services))
        total = 0.0
        for token in tokens:
            share, weight = self._token_coverage(token.text, token.weight)
            if token.official:
                official, _ = self._token_coverage(token.official, token.weight)
                share = np.maximum(share, official)
            covered += share * weight
            total += weight
        return covered, total

    def _token_coverage(self, text: str, weight: float) -> tuple[npt.NDArray[np.float64], float]:
        """Per service, the share of one word it covers, and the word's weight in the message."""
        covered = np.zeros(len(self._services))
        sound = _sound(text)
        pairs = list(_pairs(text, sound.strip("|").split("|")))
        if not pairs:
            covered[self._with_sound(sound)] = 1.0
            return covered, weight * IDF_OF_UNKNOWN
        total = 0.0
        for pair in pairs:
            rarity = self._idf.get(pair, IDF_OF_UNKNOWN)
            total += rarity
            if pair in self._pair_services:
                covered[self._pair_services[pair]] += rarity
        return covered / total, weight * total / len(pairs)

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
        an ID-card service), plus how much of one of its terms the message says."""
        spoken = syllables(text)  # once: pinyin is the costly part of reading a message
        phrases = self._phrases(text, spoken)
        covered, total = self._coverage(tokens)
        covered[list(phrases)] = 0.0
        considered = covered > 0
        if self._meaning is None and not considered.any():
            return phrases, covered
        share = covered / max(total, 1e-9)
        said = _pairs(text, spoken).union(*(_pairs(t.official) for t in tokens if t.official))
        scores = 0.55 * share + 0.3 * self._overlaps(said)
        if self._meaning is not None:
            # the words find what is worth considering, and so do the closest meanings ("查过路费"
            # for 通行费查询 shares no word); the meaning shares in ranking them all
            close = np.clip(self._meaning.similarity(text, self._all), 0.0, 1.0)
            nearest = np.argsort(-close, kind="stable")[:MEANING_NEIGHBOURS]
            considered[nearest[close[nearest] >= MEANING_ALONE]] = True
            considered[list(phrases)] = False
            scoring = np.flatnonzero(considered)
            scores[scoring] = (1 - MEANING_SHARE) * scores[scoring] + MEANING_SHARE * LEXICAL_MAX * close[scoring]
        return phrases, np.where(considered, np.round(scores, 4), 0.0)

    def _tokens(self, text: str) -> list[Token]:
        """Content tokens; documents listed after "我有 / 带了 …" are what the citizen holds, not
        the service they mean ("换驾照，我有身份证" is about the licence), so they are left out."""
        cue = _HOLDING.search(text)
        before, after = (text[: cue.start()], text[cue.end() :]) if cue else (text, "")
        tokens = [
            Token(t, _sound(t), len(t) * (DOCUMENT_WEIGHT if t in self._material_words else 1.0), official_form(t))
            for t in self._segmenter.content_tokens(before)
        ]
        held = self._segmenter.content_tokens(after)
        return tokens + [
            Token(t, _sound(t), float(len(t)), official_form(t)) for t in held if t not in self._material_words
        ]

    def search(self, text: str, near: dict[str, int] | None = None, named_place: bool = False) -> SearchResult:
        """The services `text` means, best first. `near` ranks regions (0 the one meant, 1 those
        around it, others elsewhere): with a place named, only services near it count; without,
        the home region's are preferred unless another region's score clearly better."""
        clean = compact(text)
        tokens = self._tokens(clean)
        phrases, scores = self._scored(clean, tokens)
        # "补办社保卡" also contains "办社保卡": the longer, more specific phrase wins.
        shorter = {p for p in phrases.values() if any(p in q and p != q for q in phrases.values())}
        for i, phrase in phrases.items():  # phrases outrank every token score (at most 0.85)
            scores[i] = 0.0 if phrase in shorter else PHRASE_SCORE + 0.1 * min(1.0, len(phrase) / 10)
        least = LONG_CANDIDATE_SCORE if len(clean) >= LONG_MESSAGE else CANDIDATE_SCORE
        if near is not None:
            least = self._by_region(scores, near, named_place, least)
        scoring = np.flatnonzero(scores > 0)
        top = scoring[np.lexsort((self._id_rank[scoring], -scores[scoring]))][:MAX_MATCHES]
        matches = [ServiceMatch(self._services[i], float(round(scores[i], 4)), phrases.get(i)) for i in top]
        matches = self._by_situation(clean, matches)
        unknown = [t.text for t in tokens if not self._is_known(t.text)]
        return SearchResult(matches=matches, unknown_terms=unknown, least=least)

    def _by_situation(self, text: str, matches: list[ServiceMatch]) -> list[ServiceMatch]:
        """Siblings chosen by the citizen's situation and grade (bot.catalogue.subitems)."""
        names = [compact(m.service.name) for m in matches]
        families = [subitems.family(compact(m.service.short_name)) for m in matches]
        values = subitems.adjusted(text, names, families, [m.score for m in matches], TIE_MARGIN)
        return _ranked([_with(m, v) if v != m.score else m for m, v in zip(matches, values, strict=True)])

    def _by_region(self, scores: npt.NDArray[np.float64], near: dict[str, int], named: bool, least: float) -> float:
        """Of the same item in several regions, the one for the region meant (scores change in
        place); returns the lowest score worth offering. A place named leaves only the services
        near it, and the same item is often named differently there ("普通护照申领" here,
        "办理及加注普通护照" in Guangzhou), so they are worth offering from the lower score of a
        long story; the place's own entry stands alone over a near-equal province-wide one. Without
        a place, another region's entry must score clearly better than the home region's."""
        rank = np.array([near.get(region, 2) for region in self._regions])[self._region_of]
        eligible = rank < 2
        if named:
            best = scores[eligible].max(initial=0.0)
            if best < LONG_CANDIDATE_SCORE:
                return least
            scores[~eligible] = 0.0
            scores[(rank == 0) & (scores >= best - TIE_MARGIN)] += PLACE_BONUS
            return min(least, LONG_CANDIDATE_SCORE)
        scores[~eligible] = np.maximum(scores[~eligible] - HOME_MARGIN, 0.0)
        return least

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
        if word in self._known_text or word in self._known_words:
            return True
        sound = _sound(word)
        return len(word) > 1 and (sound in self._known or sound in self._known_words)

    def closest(self, text: str, limit: int = 3) -> list[Service]:
        """Suggestions for a request the catalogue cannot answer: weak matches, else one per category."""
        suggestions = [m.service for m in self.search(text).matches[:limit]]
        if suggestions:
            return suggestions
        by_category: dict[str, Service] = {}
        for service in self._services:
            by_category.setdefault(service.category, service)
        return list(by_category.values())[:limit]


def distinguished(text: str, candidates: list[Service]) -> Service | None:
    """The one candidate the message's own words tell apart from the others ("租房" or "买" among
    住房公积金提取（租房） and （购买自住住房）): a character of the message that only its names and
    aliases have, while no other candidate has one of its own. None when nothing, or more than one
    candidate, is told apart. Only among hand-written entries, whose names and aliases are chosen
    to tell them apart: thousands of imported names share too many characters for one to decide."""
    if len(candidates) < 2 or any(c.provenance for c in candidates):
        return None  # imported siblings are told apart by their sub-item words (subitems.py)
    said = set(_CJK.findall(compact(text)))
    words = [set(_CJK.findall("".join(service_terms(c)))) for c in candidates]
    shared = set.intersection(*words)
    own = [(said & (chars - shared)) - set().union(*(w for w in words if w is not chars)) for chars in words]
    told = [c for c, chars in zip(candidates, own, strict=True) if chars - _FUNCTION_CHARS]
    return told[0] if len(told) == 1 else None


def _names_a_document(text: str, term: str, asked: list[tuple[int, int]]) -> bool:
    """Whether the term is written in the message only as what a licence is for (大货车驾照) or
    as a document to bring (要带劳动合同吗: `asked` holds the spans of such documents)."""
    found = [m.span() for m in re.finditer(re.escape(term), text)]
    return bool(found) and all(
        _LICENCE_AFTER.match(text, end) or any(a <= start and end <= b for a, b in asked) for start, end in found
    )


def _ranked(matches: list[ServiceMatch]) -> list[ServiceMatch]:
    return sorted(matches, key=lambda m: (-m.score, m.service.id))


def _with(match: ServiceMatch, score: float) -> ServiceMatch:
    return ServiceMatch(match.service, round(score, 4), match.phrase)
