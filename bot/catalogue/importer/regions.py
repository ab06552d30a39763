"""Which regions an import covers, from the items' area codes (GB/T 2260).

The hierarchy is in the code itself (440000 广东省 > 440100 广州市 > 440103 荔湾区), so an export
needs no separate region table: the top region is the one every item's region lies within, and
each smaller region is written with the region it lies within, so the assistant can tell "在广州办"
from the provincial entry of the same item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.catalogue.importer.codes import Area


def ancestors(code: str) -> list[str]:
    """The codes of the larger regions, nearest first: 440103 -> [440100, 440000]."""
    province, city = code[:2] + "0000", code[:4] + "00"
    if code == province:
        return []
    if code == city:
        return [province]
    return [city, province]


def chain(code: str, areas: Mapping[str, Area]) -> list[str]:
    """The code and the larger regions the code list knows, nearest first."""
    return [c for c in [code, *ancestors(code)] if c in areas]


@dataclass(frozen=True)
class Layout:
    top: Area
    smaller: list[tuple[Area, str]]  # each region below the top with the name of the one it lies within


def common_top(codes: set[str], areas: Mapping[str, Area]) -> Area | None:
    """The smallest region that holds every code (None: they span provinces)."""
    chains = [chain(code, areas) for code in sorted(codes)]
    if not chains:
        return None
    shared = set.intersection(*(set(c) for c in chains))
    return next((areas[c] for c in chains[0] if c in shared), None)


def layout(codes: set[str], areas: Mapping[str, Area]) -> Layout | None:
    top = common_top(codes, areas)
    if top is None:
        return None
    below = {c for code in codes for c in chain(code, areas) if c != top.code and c not in ancestors(top.code)}
    smaller = [(areas[c], areas[chain(c, areas)[1]].name) for c in sorted(below)]
    return Layout(top, smaller)
