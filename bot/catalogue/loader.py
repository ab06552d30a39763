"""Reads the catalogue YAML and validates it as a whole.

Every problem names the file, the service and the field, and all problems are reported at once,
because a maintainer fixing a catalogue wants the full list, not one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from bot.catalogue.schema import Catalogue, Material, Service

T = TypeVar("T", Material, Service)

GLOSSARY_FILE = "materials.yml"
SERVICES_DIR = "services"


class CatalogueError(Exception):
    """The catalogue is invalid; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _describe(error: ValidationError) -> list[str]:
    return [f"field {_field_path(e['loc'])}: {e['msg']}" for e in error.errors()]


def _parse(model: type[T], raw: Any, label: str, problems: list[str]) -> T | None:
    try:
        return model.parse_obj(raw)
    except ValidationError as exc:
        problems.extend(f"{label}: {line}" for line in _describe(exc))
        return None


def _claim(owner_of_word: dict[str, str], words: Iterable[str], owner: str, kind: str) -> list[str]:
    """A citizen's word must name one thing: report words another {kind} already owns."""
    problems = []
    for word in dict.fromkeys(words):
        other = owner_of_word.setdefault(word, owner)
        if other != owner:
            problems.append(f"field aliases: '{word}' also names {kind} {other}")
    return problems


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path}: cannot read YAML: {exc}")
        return None


def _load_glossary(path: Path, problems: list[str]) -> dict[str, Material]:
    data = _read_yaml(path, problems) if path.exists() else None
    if not path.exists():
        problems.append(f"{path}: missing (the glossary of materials)")
    if not isinstance(data, dict) or set(data) != {"materials"} or not isinstance(data["materials"], list):
        if path.exists():
            problems.append(f"{path}: must hold exactly one key, 'materials', with a list")
        return {}
    glossary: dict[str, Material] = {}
    owner_of_word: dict[str, str] = {}
    for index, raw in enumerate(data["materials"]):
        label = f"{path}: material {raw.get('id', f'#{index}') if isinstance(raw, dict) else f'#{index}'}"
        material = _parse(Material, raw, label, problems)
        if material is None:
            continue
        if material.id in glossary:
            problems.append(f"{label}: field id: duplicate id")
            continue
        problems.extend(f"{label}: {p}" for p in _claim(owner_of_word, material.words, material.id, "material"))
        glossary[material.id] = material
    return glossary


def _check_service(service: Service, glossary: dict[str, Material]) -> list[str]:
    problems: list[str] = []
    question_ids = [q.id for q in service.questions]
    if len(set(question_ids)) != len(question_ids):
        problems.append("field questions: duplicate question id")
    used: set[str] = set()
    for index, requirement in enumerate(service.materials):
        if requirement.ref not in glossary:
            problems.append(f"field materials[{index}].ref: '{requirement.ref}' is not in the glossary")
        if requirement.condition:
            kind, question = requirement.condition
            used.add(question)
            if question not in question_ids:
                problems.append(
                    f"field materials[{index}].required: {kind}:{question} names no question of this service"
                )
    for question_id in set(question_ids) - used:
        problems.append(f"field questions: '{question_id}' changes no material (never asked)")
    return problems


def _load_services(directory: Path, glossary: dict[str, Material], problems: list[str]) -> dict[str, Service]:
    services: dict[str, Service] = {}
    owner_of_word: dict[str, str] = {}
    files = sorted(directory.rglob("*.yml")) + sorted(directory.rglob("*.yaml"))
    if not files:
        problems.append(f"{directory}: no service files")
    for path in files:
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        label = f"{path}: service {raw.get('id', '?') if isinstance(raw, dict) else '?'}"
        service = _parse(Service, raw, label, problems)
        if service is None:
            continue
        if service.id in services:
            problems.append(f"{label}: field id: duplicate id (also in another file)")
            continue
        problems.extend(f"{label}: {line}" for line in _check_service(service, glossary))
        words = [service.name, *service.aliases]
        problems.extend(f"{label}: {p}" for p in _claim(owner_of_word, words, service.id, "service"))
        services[service.id] = service
    return services


def load_catalogue(directory: Path) -> Catalogue:
    """Validate and return the catalogue under `directory`, or raise CatalogueError."""
    problems: list[str] = []
    glossary = _load_glossary(directory / GLOSSARY_FILE, problems)
    services = _load_services(directory / SERVICES_DIR, glossary, problems)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(materials=glossary, services=services)
