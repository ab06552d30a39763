"""Pydantic models of the catalogue format described in shared/catalogue-schema.md.

`extra = "forbid"` everywhere: a misspelt key in a maintainer's YAML must be an error, not a
field that silently disappears from the answers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field, validator

REQUIRED_RULE = re.compile(r"^(always|optional|(when|unless):[a-z0-9_-]+)$")


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


class MaterialRequirement(Strict):
    ref: str
    label: str | None = None
    form: Literal["原件", "复印件", "原件和复印件", "电子"]
    copies: int = Field(1, ge=0)
    required: str = "always"
    shared: bool = False
    source: str = ""
    notes: str = ""

    @validator("required")
    def _rule_is_known(cls, value: str) -> str:
        if not REQUIRED_RULE.match(value):
            raise ValueError("must be always, optional, when:<question id> or unless:<question id>")
        return value

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


class Location(Strict):
    name: str = Field(min_length=1)
    address: str = ""
    hours: str = ""
    phone: str = ""


class Service(Strict):
    id: str = Field(regex=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    category: str = Field(min_length=1)
    department: str = Field(min_length=1)
    audience: Literal["个人", "法人", "个人和法人"]
    conditions: str = ""
    questions: list[Question] = []
    materials: list[MaterialRequirement]
    fees: list[Fee] = []
    time_limit: TimeLimit
    visits: int = Field(ge=0)
    online: Online
    locations: list[Location] = []
    legal_basis: list[str] = []
    last_verified: dt.date
    sources: list[str] = Field(min_items=1)

    @property
    def short_name(self) -> str:
        """The name without its bracketed qualifier: 居民身份证换领（有效期满） -> 居民身份证换领."""
        return re.sub(r"[（(].*?[）)]", "", self.name).strip() or self.name

    @property
    def phone(self) -> str:
        return next((loc.phone for loc in self.locations if loc.phone), "")

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Catalogue(Strict):
    """The whole catalogue, validated across files (refs resolve, ids unique)."""

    materials: dict[str, Material]
    services: dict[str, Service]

    def material(self, material_id: str) -> Material:
        return self.materials[material_id]

    def vocabulary(self) -> list[str]:
        """Every service and material word: the jieba user dictionary is made of these."""
        words = [w for s in self.services.values() for w in (s.name, s.short_name, *s.aliases)]
        return words + [w for m in self.materials.values() for w in m.words]
