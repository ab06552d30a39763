"""Links an imported material name to the glossary entry it means, when it plainly means one.

Sources write the same document many ways (居民身份证（正反面）, 本人身份证, 申请人身份证复印件);
the checklist can only tell a citizen "you have it" for materials linked to the glossary. But a
wrong link is worse than none (军人身份证明 is not a 居民身份证), so a name is linked only when,
stripped of notes, form words and owner words, it is a glossary word, or a glossary word covers
most of it; anything else keeps its own label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.catalogue.importer.findings import Findings
from bot.catalogue.importer.yaml_text import load
from bot.catalogue.schema import Material

COVERAGE = 0.6  # share of the stripped name a contained glossary word must cover to link
_BRACKETED = re.compile(r"\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]|〔[^〔〕]*〕")  # after NFKC, （…） is (…)
_TITLE_MARKS = re.compile(r"[《》〈〉<>]")
_FORM_WORDS = re.compile(
    r"原件|复印件|复印本|影印件|扫描件|电子版|电子件|正反面|正本|副本"
    r"|(?:一式)?[一二两三四五六七八九十\d]+份|各一份|加盖公章|签字|盖章"
)
_OWNER_WORDS = re.compile(r"^(?:本人|申请人|申请者|当事人|有效|合法有效)+(?:的)?")
_CONNECTORS = "及和或与并、,，;；:：。. "
# What the rest of a name may not say when a glossary word covers most of it: someone else's
# document (受托人居民身份证, 军人身份证明; 个人 is the applicant) or another kind of it (台湾身份证件).
_OTHER_HOLDER = re.compile(r"(?<!个)人|其他|其它|台湾|香港|澳门|港澳|外国|境外|国外|军|部队")


def fold(text: str) -> str:
    """One spelling of a name for matching: full-width forms folded (NFKC), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _trim(text: str) -> str:
    return text.strip(_CONNECTORS)


def _without_notes(text: str) -> str:
    """Bracketed notes removed, nested ones too: 照片（白底（蓝底亦可））-> 照片."""
    while True:
        shorter = _BRACKETED.sub("", text)
        if shorter == text:
            return text
        text = shorter


def forms_of(name: str, place_words: Iterable[str] = ()) -> list[str]:
    """The name, then ever more stripped versions of it; the last is its core."""
    places = sorted((fold(word) for word in place_words if len(fold(word)) >= 2), key=len, reverse=True)
    steps = [fold(name)]
    steps.append(_trim(_TITLE_MARKS.sub("", _without_notes(steps[-1]))))
    steps.append(_trim(_FORM_WORDS.sub("", steps[-1])))
    core = _trim(_OWNER_WORDS.sub("", steps[-1]))
    for place in places:  # 广东省居民户口簿 is a 居民户口簿
        if core.startswith(place):
            core = _trim(core[len(place) :])
            break
    steps.append(_trim(_OWNER_WORDS.sub("", core)))
    return [step for step in dict.fromkeys(steps) if step]


@dataclass
class Glossary:
    """The glossary as its file holds it (entries are copied into the import unchanged)."""

    file: str
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> the entry as written
    owner: dict[str, str] = field(default_factory=dict)  # folded word -> id

    def link(self, name: str, place_words: Iterable[str] = ()) -> str | None:
        forms = forms_of(name, place_words)
        for form in forms:
            if form in self.owner:
                return self.owner[form]
        return self._covering(forms[-1]) if forms else None

    def _covering(self, core: str) -> str | None:
        """The entry whose word covers most of `core`, unless another entry's word is there too
        (身份证及户口簿 names two documents)."""
        found = [(word, core.find(word)) for word in self.owner if word in core]
        if not found:
            return None
        word, start = max(found, key=lambda pair: len(pair[0]))
        if len(word) < COVERAGE * len(core):
            return None
        entry = self.owner[word]
        end = start + len(word)
        if _OTHER_HOLDER.search(core[:start] + "，" + core[end:]):
            return None
        for other, at in found:
            outside = at >= end or at + len(other) <= start
            if outside and self.owner[other] != entry:
                return None
        return entry


def load_glossary(path: Path, findings: Findings) -> Glossary:
    glossary = Glossary(str(path))
    try:
        data = load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        findings.problem_at(glossary.file, None, None, f"cannot read the glossary: {exc}")
        return glossary
    entries = data.get("materials") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        findings.problem_at(glossary.file, None, "materials", "the glossary must hold a list under 'materials'")
        return glossary
    for index, raw in enumerate(entries):
        try:
            material = Material.parse_obj(raw)
        except ValidationError as exc:
            findings.problem_at(glossary.file, None, f"materials[{index}]", f"not a glossary entry: {exc}")
            continue
        glossary.raw[material.id] = raw
        for word in material.words:
            glossary.owner.setdefault(fold(word), material.id)
    return glossary
