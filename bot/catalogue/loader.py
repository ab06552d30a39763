"""Reads the catalogue YAML and validates it as a whole.

Every problem names the file, the service and the field, and all problems are reported at once,
because a maintainer fixing a catalogue wants the full list, not one error per run.

A deployment may read several directories (the curated one and imported ones, each for a region):
their glossaries merge, each says in `catalogue.yml` which region it covers, and a curated entry
replaces the imported one it stands for (same region and code, or named in `replaces:`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from bot.catalogue.schema import Catalogue, Event, Material, Region, Service

T = TypeVar("T", Material, Service, Region, Event)

GLOSSARY_FILE = "materials.yml"
SERVICES_DIR = "services"
EVENTS_DIR = "events"  # life events (一件事), optional
REGION_FILE = "catalogue.yml"  # which region a directory covers
# libyaml's loader when PyYAML has it: an imported region is thousands of files
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    # a check across fields (schema's root validators) names its field in the message itself
    return [
        f"field {e['msg']}" if e["loc"][-1] == "__root__" else f"field {_field_path(e['loc'])}: {e['msg']}"
        for e in error.errors()
    ]


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
        other = owner_of_word.setdefault(word, f"{kind} {owner}")
        if other != f"{kind} {owner}":
            problems.append(f"field aliases: '{word}' also names {other}")
    return problems


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_YAML_LOADER)
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
        if requirement.ref is not None and requirement.ref not in glossary:
            problems.append(f"field materials[{index}].ref: '{requirement.ref}' is not in the glossary")
        if requirement.condition:
            kind, question = requirement.condition
            used.add(question)
            if question not in question_ids:
                problems.append(
                    f"field materials[{index}].required: {kind}:{question} names no question of this service"
                )
    grouped = [q for group in service.question_groups for q in group.questions]
    for question_id in sorted(set(grouped) - set(question_ids)):
        problems.append(f"field question_groups: '{question_id}' names no question of this service")
    for question_id in sorted({q for q in grouped if grouped.count(q) > 1}):
        problems.append(f"field question_groups: '{question_id}' is in two groups")
    for question_id in set(question_ids) - used:
        problems.append(f"field questions: '{question_id}' changes no material (never asked)")
    return problems


def _load_services(
    directory: Path, glossary: dict[str, Material], region: str, problems: list[str]
) -> dict[str, Service]:
    services: dict[str, Service] = {}
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
        services[service.id] = service if service.region else service.copy(update={"region": region})
    return services


def _load_events(directory: Path, region: str, problems: list[str]) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        raw = _read_yaml(path, problems)
        label = f"{path}: event {raw.get('id', '?') if isinstance(raw, dict) else '?'}"
        event = _parse(Event, raw, label, problems)
        if event is None:
            continue
        if event.id != path.stem:
            problems.append(f"{label}: field id: must be the file's name ({path.stem})")
        if event.id in events:
            problems.append(f"{label}: field id: duplicate id")
            continue
        events[event.id] = event if event.region else event.copy(update={"region": region})
    return events


def _check_event(event: Event, services: dict[str, Service], glossary: dict[str, Material]) -> list[str]:
    """Every step an item of the catalogue, each once; conditions name the event's questions and
    every question decides a step; what a step gets by sharing was produced by an earlier one."""
    problems: list[str] = []
    question_ids = {q.id for q in event.questions}
    used: set[str] = set()
    produced: set[str] = set()
    seen: list[str] = []
    for index, step in enumerate(event.steps):
        where = f"field steps[{index}]"
        if step.service not in services:
            problems.append(f"{where}.service: '{step.service}' is not a service of the catalogue")
        if step.service in seen:
            problems.append(f"{where}.service: '{step.service}' is already step {seen.index(step.service) + 1}")
        seen.append(step.service)
        if step.condition:
            used.add(step.condition[1])
            if step.condition[1] not in question_ids:
                problems.append(f"{where}.when: '{step.condition[1]}' names no question of this event")
        for ref in [*step.produces, *step.shared]:
            if ref not in glossary:
                problems.append(f"{where}: material '{ref}' is not in the glossary")
        for ref in sorted(set(step.shared) - produced):
            problems.append(f"{where}.shared: '{ref}' is produced by no earlier step")
        produced.update(step.produces)
    for question_id in sorted(question_ids - used):
        problems.append(f"field questions: '{question_id}' decides no step (never asked)")
    for index, group in enumerate(event.together):
        for service_id in sorted(set(group.steps) - set(seen)):
            problems.append(f"field together[{index}].steps: '{service_id}' is not a step of this event")
    return problems


def _load_regions(path: Path, problems: list[str]) -> list[Region]:
    """The directory's region first, then the smaller regions whose items it also holds."""
    data = _read_yaml(path, problems) if path.exists() else None
    if not isinstance(data, dict) or "region" not in data:
        problems.append(f"{path}: must name the region the directory covers ('region: 广东省')")
        return []
    top = {key: data[key] for key in ("aliases", "within") if key in data} | {"name": data["region"]}
    raws = [top, *(data.get("regions") or [])]
    regions = [_parse(Region, raw, f"{path}: region", problems) for raw in raws]
    return [r for r in regions if r is not None]


def _merge_glossary(merged: dict[str, Material], glossary: dict[str, Material], label: str) -> list[str]:
    """Imported directories carry copies of the entries they link to: the same id must mean the same."""
    problems = []
    for material_id, material in glossary.items():
        if merged.setdefault(material_id, material) != material:
            problems.append(f"{label}: material {material_id}: differs from the entry of that id in another directory")
    return problems


def _replace_imported(services: dict[str, Service]) -> dict[str, Service]:
    """A hand-written entry stands for the imported one of its region and code, or those it names."""
    replaced: set[str] = set()
    for service in services.values():
        if service.provenance is None:
            replaced.update(service.replaces)
            if service.code:
                replaced.add(f"{service.region}/{service.code}")
    return {
        sid: s
        for sid, s in services.items()
        if s.provenance is None or not {s.id, s.code, f"{s.region}/{s.code}"} & replaced
    }


def _check_words(services: dict[str, Service], events: dict[str, Event]) -> list[str]:
    """Within a region, a citizen's word must name one service or event (one item may be offered
    in many regions)."""
    problems: list[str] = []
    owners: dict[str, dict[str, str]] = {}
    for service in services.values():
        if service.provenance is None:  # imported names repeat in the source; only ours are checked
            owner_of_word = owners.setdefault(service.region, {})
            words = [service.name, *service.aliases]
            problems.extend(f"service {service.id}: {p}" for p in _claim(owner_of_word, words, service.id, "service"))
    for event in events.values():
        owner_of_word = owners.setdefault(event.region, {})
        words = [event.name, *event.aliases]
        problems.extend(f"event {event.id}: {p}" for p in _claim(owner_of_word, words, event.id, "event"))
    return problems


def load_catalogue(directories: Path | Iterable[Path], home_region: str | None = None) -> Catalogue:
    """Validate and return the catalogue under one or several directories, or raise CatalogueError.

    The home region is the deployment's own (answered unless a citizen names another place):
    `home_region`, else the first directory's region.
    """
    problems: list[str] = []
    glossary: dict[str, Material] = {}
    services: dict[str, Service] = {}
    regions: dict[str, Region] = {}
    events: dict[str, Event] = {}
    for directory in [directories] if isinstance(directories, Path) else list(directories):
        own_regions = _load_regions(directory / REGION_FILE, problems)
        for own in own_regions:
            regions.setdefault(own.name, own)
        own_glossary = _load_glossary(directory / GLOSSARY_FILE, problems)
        problems += _merge_glossary(glossary, own_glossary, str(directory / GLOSSARY_FILE))
        covered = own_regions[0].name if own_regions else ""
        for sid, service in _load_services(directory / SERVICES_DIR, glossary, covered, problems).items():
            if sid in services:
                problems.append(f"{directory}: service {sid}: field id: duplicate id (also in another directory)")
            services.setdefault(sid, service)
        for eid, event in _load_events(directory / EVENTS_DIR, covered, problems).items():
            if eid in events:
                problems.append(f"{directory}: event {eid}: field id: duplicate id (also in another directory)")
            events.setdefault(eid, event)
    services = _replace_imported(services)
    problems += _check_words(services, events)
    for event in events.values():
        problems.extend(f"event {event.id}: {p}" for p in _check_event(event, services, glossary))
    home = home_region or next(iter(regions), "")
    if home and home not in regions:
        problems.append(f"home region {home!r} is not a region of any catalogue directory ({'、'.join(regions)})")
    for service in services.values():
        if service.region not in regions:
            problems.append(f"service {service.id}: field region: {service.region!r} is not a region of its directory")
    if problems:
        raise CatalogueError(problems)
    return Catalogue(materials=glossary, services=services, regions=regions, home_region=home, events=events)
