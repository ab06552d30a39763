"""Rasa training data derived from the catalogue, so the NLU knows every service and material
word without a copied list: lookup tables for the RegexFeaturizer."""

from __future__ import annotations

from collections.abc import Iterable

from bot.catalogue.schema import Catalogue
from bot.text import compact


def _lookup(name: str, words: Iterable[str]) -> str:
    unique = sorted({compact(w) for w in words if len(compact(w)) >= 2})
    return f"  - lookup: {name}\n    examples: |\n" + "".join(f"      - {w}\n" for w in unique)


def lookup_tables(catalogue: Catalogue) -> str:
    services = [w for s in catalogue.services.values() for w in (s.short_name, *s.aliases)]
    materials = [w for m in catalogue.materials.values() for w in m.words]
    header = '# Generated from data/catalogue by `python -m bot.catalogue build`; do not edit.\nversion: "3.1"\nnlu:\n'
    return header + _lookup("service", services) + _lookup("material", materials)
