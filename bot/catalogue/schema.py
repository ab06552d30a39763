"""Pydantic models of the catalogue format described in docs/catalogue.md.

`extra = "forbid"` everywhere: a misspelt key in a maintainer's YAML must be an error, not a
field that silently disappears from the answers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field, root_validator, validator

REQUIRED_RULE = re.compile(r"^(always|optional|(when|unless):[a-z0-9_-]+)$")
OWN_MATERIAL = "~"  # prefix of the key of a material that links to no glossary entry
_INNERMOST_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        allow_mutation = False


class Material(Strict):
    """A glossary entry: one kind of document, with the words citizens use for it."""

    id: str = Field(regex=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1)
    aliases: list[str] = []

    @property
    def words(self) -> list[str]:
        return [self.name, *self.aliases]


class Question(Strict):
    """A situation question whose answer changes which materials are needed."""

    id: str = Field(regex=r"^[a-z0-9_-]+$")
    ask: str = Field(min_length=1)
    option: str = ""  # the situation in a few words, as a numbered option ("租房居住"); else from `ask`


class QuestionGroup(Strict):
    """Situations that exclude each other, asked as one numbered question with "都不是" last
    ("您以哪种条件申领？1. 就业 2. 租房 3. 就读 4. 都不是") instead of one yes/no after another."""

    ask: str = Field(min_length=1)
    questions: list[str] = Field(min_items=2)  # question ids, in the order offered


class MaterialRequirement(Strict):
    """One material of a service. `ref` links it to the glossary; an imported material that means
    nothing in the glossary has no ref and is known by its own `label`. `form` and `copies` are
    None where the source does not say (the answer then says so instead of guessing)."""

    ref: str | None = None
    label: str | None = None
    form: Literal["原件", "复印件", "原件和复印件", "电子"] | None = None
    copies: int | None = Field(1, ge=0)
    required: str = "always"
    shared: bool = False
    source: str = ""
    notes: str = ""

    @validator("required")
    def _rule_is_known(cls, value: str) -> str:
        if not REQUIRED_RULE.match(value):
            raise ValueError("must be always, optional, when:<question id> or unless:<question id>")
        return value

    @root_validator(skip_on_failure=True)
    def _named(cls, values: dict[str, object]) -> dict[str, object]:
        if not values.get("ref") and not values.get("label"):
            raise ValueError("ref: field required (or a label, for a material not in the glossary)")
        return values

    @property
    def key(self) -> str:
        """What the completeness check records as held: the glossary id, or the material's own name."""
        return self.ref or OWN_MATERIAL + (self.label or "")

    @property
    def condition(self) -> tuple[str, str] | None:
        """('when'|'unless', question id) for conditional materials, else None."""
        kind, _, question = self.required.partition(":")
        return (kind, question) if question else None


class Fee(Strict):
    item: str = Field(min_length=1)
    yuan: float = Field(ge=0)
    basis: str = ""


class TimeLimit(Strict):
    legal_days: int | None = Field(None, ge=0)
    promised_days: int | None = Field(None, ge=0)
    unit: str = "工作日"


class Online(Strict):
    available: bool
    url: str = ""
    how: str = ""


class Elsewhere(Strict):
    """通办范围 (the exchange tables' handle_area): whether a citizen can apply away from home,
    the question the hotline hears most from people who work in another city."""

    # empty: not known; 所在地: where the property, shop or premises is, whatever the hukou
    area: Literal["全国", "全省", "全市", "户籍地", "所在地", ""] = ""
    how: str = ""  # where and how, in the citizen's words


class Location(Strict):
    name: str = Field(min_length=1)
    address: str = ""
    hours: str = ""
    phone: str = ""


class Provenance(Strict):
    """Where an imported entry came from; it stands in for a hand-written `sources`."""

    source: str = Field(min_length=1)
    task_code: str = Field(min_length=1)
    imported: dt.date
    url: str = ""


class Region(Strict):
    """A region a catalogue directory covers (广东省), or one within it (广州市)."""

    name: str = Field(min_length=1)
    aliases: list[str] = []  # what citizens call it: 广州, 穗
    within: str = ""  # the larger region, if any

    @property
    def words(self) -> list[str]:
        return [self.name, *self.aliases]


class Service(Strict):
    id: str = Field(regex=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1)
    code: str = ""  # 实施编码 (task_code); a curated entry replaces an imported one of its region and code
    region: str = ""  # empty: the region of the catalogue directory it is read from
    replaces: list[str] = []  # ids or codes of imported entries this curated one stands for
    aliases: list[str] = []
    category: str = Field(min_length=1)
    department: str = Field(min_length=1)
    audience: Literal["个人", "法人", "个人和法人"]
    conditions: str = ""
    questions: list[Question] = []
    question_groups: list[QuestionGroup] = []
    materials: list[MaterialRequirement]
    fees: list[Fee] = []
    time_limit: TimeLimit
    visits: int = Field(ge=0)
    online: Online
    elsewhere: Elsewhere = Elsewhere()
    locations: list[Location] = []
    legal_basis: list[str] = []
    last_verified: dt.date | None = None
    sources: list[str] = []
    provenance: Provenance | None = None

    @root_validator(skip_on_failure=True)
    def _sourced(cls, values: dict[str, object]) -> dict[str, object]:
        """Hand-written entries say where their facts come from and when they were checked; an
        imported one says where it was imported from."""
        if values.get("provenance") is None:
            if not values.get("sources"):
                raise ValueError("sources: field required (a hand-written entry names its sources)")
            if values.get("last_verified") is None:
                raise ValueError("last_verified: field required (a hand-written entry says when it was checked)")
        return values

    @property
    def short_name(self) -> str:
        """The name without its bracketed qualifier: 居民身份证换领（有效期满） -> 居民身份证换领, also
        when the qualifier holds brackets of its own (…申领(外国人申领大型汽车（城市公交车）))."""
        name, shorter = self.name, _INNERMOST_BRACKETS.sub("", self.name)
        while shorter != name:
            name, shorter = shorter, _INNERMOST_BRACKETS.sub("", shorter)
        return name.strip() or self.name

    @property
    def phone(self) -> str:
        return next((loc.phone for loc in self.locations if loc.phone), "")

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def group_of(self, question_id: str) -> QuestionGroup | None:
        return next((g for g in self.question_groups if question_id in g.questions), None)


STEP_RULE = re.compile(r"^(always|(when|unless):[a-z0-9_-]+)$")


class EventStep(Strict):
    """One item of a life event, in the order it is done."""

    service: str = Field(min_length=1)  # a service id of the catalogue
    why: str = ""  # why this item belongs to the event, in a few words
    when: str = "always"  # always | when:<question id> | unless:<question id>
    produces: list[str] = []  # glossary ids of what this step gives the citizen, used by later steps
    shared: list[str] = []  # produced by an earlier step and fetched by this office: not brought (免提交)

    @validator("when")
    def _rule_is_known(cls, value: str) -> str:
        if not STEP_RULE.match(value):
            raise ValueError("must be always, when:<question id> or unless:<question id>")
        return value

    @property
    def condition(self) -> tuple[str, str] | None:
        kind, _, question = self.when.partition(":")
        return (kind, question) if question else None


class Together(Strict):
    """Steps accepted together: at one window (一窗受理) or in one online application."""

    steps: list[str] = Field(min_items=2)  # service ids of the event's steps
    how: Literal["window", "online"]
    where: str = ""


class Event(Strict):
    """一件事: what a citizen sets out to do (a baby is born, opening a restaurant), which spans
    several departments' items. Answered as the steps in order and one merged checklist."""

    id: str = Field(regex=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1)
    aliases: list[str] = []  # the citizen's words for the event: stories, not item names
    summary: str = Field("", max_length=40)
    region: str = ""  # empty: the region of the catalogue directory it is read from
    questions: list[Question] = []
    steps: list[EventStep] = Field(min_items=2)
    together: list[Together] = []
    last_verified: dt.date
    sources: list[str] = Field(min_items=1)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Catalogue(Strict):
    """The whole catalogue, validated across files (refs resolve, ids unique), with the regions it
    covers; the home region is the deployment's own, answered unless the citizen names another."""

    materials: dict[str, Material]
    services: dict[str, Service]
    regions: dict[str, Region] = {}
    home_region: str = ""
    events: dict[str, Event] = {}

    def material(self, material_id: str) -> Material:
        return self.materials[material_id]

    def material_name(self, key: str) -> str:
        """The name of a held material: a glossary entry, or an unlinked material's own label."""
        return key.removeprefix(OWN_MATERIAL) if key.startswith(OWN_MATERIAL) else self.materials[key].name

    def requirement_name(self, requirement: MaterialRequirement) -> str:
        return requirement.label or self.material_name(requirement.key)

    def vocabulary(self) -> list[str]:
        """Every service and material word: the jieba user dictionary is made of these."""
        words = [w for s in self.services.values() for w in (s.name, s.short_name, *s.aliases)]
        places = [w for r in self.regions.values() for w in r.words]
        return words + places + [w for m in self.materials.values() for w in m.words]
