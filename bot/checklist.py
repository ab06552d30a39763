"""The completeness check: what the citizen holds against what a service requires.

It answers "have / missing / need not bring" and says which situation question, if any, would
change that answer, so the assistant asks only questions that matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.catalogue.importer.glossary import forms_of
from bot.catalogue.schema import Catalogue, MaterialRequirement, Service
from bot.text import compact, syllables

_SEPARATORS = re.compile(r"[,，、;；。.!！?？和及与跟/\s]|以及|还有|另外")
_NEGATION_BEFORE = re.compile(r"(没有|没带|没|无|缺少|缺|不带|忘带了|忘了带)$")
_FILLER = re.compile(
    "|".join(
        sorted(
            [
                "我有",
                "我带了",
                "我准备了",
                "我已经",
                "已经有",
                "手上有",
                "手里有",
                "只有",
                "就有",
                "都有",
                "都带了",
                "带了",
                "带着",
                "准备了",
                "拿了",
                "有了",
                "办理",
                "办",
                "还缺什么",
                "还缺啥",
                "还缺",
                "缺什么",
                "还需要什么",
                "还需要啥",
                "需要什么",
                "还要什么",
                "还要带什么",
                "还差什么",
                "差什么",
                "够不够",
                "够吗",
                "够了吗",
                "齐了吗",
                "齐全吗",
                "全了吗",
                "可以吗",
                "行吗",
                "行不行",
                "可不可以",
                "能办吗",
                "请问",
                "这些",
                "那些",
                "材料",
                "资料",
                "证件",
                "东西",
                "原件",
                "复印件",
                "一张",
                "一份",
                "两张",
                "两份",
                "一本",
                "我",
                "有",
                "了",
                "吗",
                "呢",
                "吧",
                "啊",
                "都",
                "也",
                "的",
                "是",
                "就",
                "还",
                "没有",
                "没",
                "无",
                "缺",
                "带",
                "要",
                "去",
                "想",
                "给",
                "那",
                "这",
                "现在",
                "目前",
                "手上",
                "手里",
            ],
            key=len,
            reverse=True,
        )
    )
)


@dataclass(frozen=True)
class StatedMaterials:
    """What a message says about documents: held ids, ids said to be lacking, unrecognised words."""

    held: list[str] = field(default_factory=list)
    lacking: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


AliasTable = list[tuple[str, list[str], str]]
_TABLES: dict[int, tuple[Catalogue, AliasTable]] = {}  # by catalogue identity: one per loaded catalogue


def own_words(label: str) -> list[str]:
    """The words that recognise a material that links to no glossary entry: its name as written,
    and its core without notes, form and owner words (the importer's own stripping: the same
    source names are read the same way), when that leaves two characters or more."""
    forms = forms_of(label)
    return [w for w in dict.fromkeys([compact(forms[0]), compact(forms[-1])]) if len(w) >= 2] if forms else []


def _table(words: dict[str, str]) -> AliasTable:
    return sorted(((w, syllables(w), key) for w, key in words.items() if w), key=lambda p: -len(p[0]))


def _alias_table(catalogue: Catalogue) -> AliasTable:
    """(word, its syllables, material id), longest word first; made once per catalogue, because
    the syllables of every glossary word cost far more than a check itself."""
    cached = _TABLES.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        if len(_TABLES) >= 8:
            _TABLES.clear()
        table = _table({compact(word): m.id for m in catalogue.materials.values() for word in m.words})
        cached = _TABLES[id(catalogue)] = (catalogue, table)
    return cached[1]


def _service_table(catalogue: Catalogue, service: Service | None) -> AliasTable:
    """The glossary's words, and those of the service's own materials that link to no entry."""
    own = {w: r.key for r in (service.materials if service else []) if r.ref is None for w in own_words(r.label or "")}
    if not own:
        return _alias_table(catalogue)
    return sorted([*_alias_table(catalogue), *_table(own)], key=lambda p: -len(p[0]))


def _leftover_words(piece: str) -> list[str]:
    words = []
    for part in _SEPARATORS.split(piece):
        rest = _FILLER.sub("", part)
        if len(re.findall(r"[\u4e00-\u9fffA-Za-z]", rest)) >= 2:
            words.append(rest)
    return words


def find_materials(
    text: str, catalogue: Catalogue, ignore: Iterable[str] = (), service: Service | None = None
) -> StatedMaterials:
    """Match glossary words in `text`, longest first; name back every other content word.

    `ignore` holds words that are known not to be documents (the service named in the message), so
    "办护照我有身份证" does not count "护照" as a document the citizen holds. The materials of
    `service` that link to no glossary entry are recognised by their own words.
    """
    clean = compact(text)
    for word in sorted({compact(w) for w in ignore if compact(w)}, key=len, reverse=True):
        clean = clean.replace(word, "，")
    table = _service_table(catalogue, service)
    sounds = syllables(clean)
    held: list[str] = []
    lacking: list[str] = []
    unknown: list[str] = []
    position, pending = 0, ""
    while position < len(clean):
        hit = next(
            (
                (w, mid)
                for w, sound, mid in table
                if clean.startswith(w, position) or sounds[position : position + len(w)] == sound
            ),
            None,
        )
        if hit is None:
            pending += clean[position]
            position += 1
            continue
        word, material_id = hit
        target = lacking if _NEGATION_BEFORE.search(pending) else held
        if material_id not in target:
            target.append(material_id)
        unknown.extend(_leftover_words(pending))
        position, pending = position + len(word), ""
    unknown.extend(_leftover_words(pending))
    for word in list(dict.fromkeys(unknown)):
        key = _own_material(word, service)
        if key:
            held.append(key)
            unknown.remove(word)
    held = [m for m in dict.fromkeys(held) if m not in lacking]
    return StatedMaterials(held=held, lacking=lacking, unknown=list(dict.fromkeys(unknown)))


def _own_material(word: str, service: Service | None) -> str | None:
    """The service's unlinked material a leftover word names by part of its name: "培训合格证明"
    for "保安员培训合格证明". Three characters at least, so "证明" alone names nothing."""
    if service is None or len(word) < 3:
        return None
    for requirement in service.materials:
        if requirement.ref is None and any(word in w or w in word for w in own_words(requirement.label or "")):
            return requirement.key
    return None


@dataclass
class CheckResult:
    service: Service
    have: list[MaterialRequirement] = field(default_factory=list)
    missing: list[MaterialRequirement] = field(default_factory=list)
    optional: list[MaterialRequirement] = field(default_factory=list)
    shared: list[MaterialRequirement] = field(default_factory=list)  # 免提交: the office fetches it
    not_needed: list[str] = field(default_factory=list)  # held material ids this case does not need
    open_questions: list[str] = field(default_factory=list)  # situations whose answer changes the result

    @property
    def complete(self) -> bool:
        return not self.open_questions and not self.missing


def _needed(requirement: MaterialRequirement, answers: dict[str, bool]) -> bool | None:
    """True / False, or None while the deciding question is unanswered."""
    if requirement.condition is None:
        return requirement.required == "always"
    kind, question = requirement.condition
    if question not in answers:
        return None
    return answers[question] if kind == "when" else not answers[question]


def check_materials(service: Service, held: Iterable[str], answers: dict[str, bool]) -> CheckResult:
    held_ids = set(held)
    result = CheckResult(service=service)
    needed_ids: set[str] = set()
    open_questions: list[str] = []
    for requirement in service.materials:
        needed = _needed(requirement, answers)
        if requirement.shared and needed is not False:
            result.shared.append(requirement)
        elif requirement.required == "optional":
            (result.have if requirement.key in held_ids else result.optional).append(requirement)
            needed_ids.add(requirement.key)
        elif needed is None:
            if requirement.key in held_ids:
                result.have.append(requirement)  # needed or not, nothing changes for the citizen
                needed_ids.add(requirement.key)
            else:
                open_questions.append(requirement.required.split(":", 1)[1])
        elif needed:
            (result.have if requirement.key in held_ids else result.missing).append(requirement)
            needed_ids.add(requirement.key)
    shared_ids = {r.key for r in result.shared}
    result.not_needed = [m for m in dict.fromkeys(held) if m not in needed_ids and m not in shared_ids]
    result.open_questions = list(dict.fromkeys(open_questions))
    return result
