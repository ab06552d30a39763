"""The imported-catalogue part of `make eval` alone, on the development set, for a fast tuning loop.

`make eval` parses every set with the trained model first (minutes); the imported set's measure
needs no model, only the catalogue search. This runs exactly that measure (`resolve_items`,
`summarise_items`) on tests/dev/imported.yml, the set written for tuning, and prints the score and
the misses. It refuses the blind set: tuning on it would make its score meaningless.

    .venv/bin/python -m scripts.imported_dev            # score and misses
    .venv/bin/python -m scripts.imported_dev --quiet    # score only
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.evaluate import IMPORTED, ItemCase, load_item_cases, resolve_items, summarise_items  # noqa: E402

DEV_IMPORTED = ROOT / "tests" / "dev" / "imported.yml"


def misses(assistant: Any, cases: list[ItemCase], outcomes: list[tuple[str | None, list[str]]]) -> list[str]:
    """Three lines per question whose item was neither answered nor offered among three."""
    names = {s.code: s.name for s in assistant.catalogue.services.values()}
    lines = []
    for case, (got, offered) in zip(cases, outcomes, strict=True):
        if case.code != got and case.code not in offered[:3]:
            shown = [names.get(o, o) for o in ([got] if got else offered)]
            lines += [f"{case.style:11} {case.text}", f"{'':11} want {names.get(case.code)}", f"{'':11} got  {shown}"]
    return lines


def main(argv: list[str]) -> int:
    from bot.assistant import serving_assistant
    from bot.catalogue.loader import load_catalogue
    from bot.settings import load_settings

    assistant = serving_assistant(load_catalogue([IMPORTED]), load_settings().meaning_cache_dir)
    cases = load_item_cases(DEV_IMPORTED)
    outcomes = resolve_items(assistant, cases)
    report = summarise_items(cases, outcomes)
    if "--quiet" not in argv:
        print("\n".join(misses(assistant, cases, outcomes)))
    print(
        f"dev imported: answered or offered {report['answered_or_offered']:.1%}, "
        f"answered {report['answered']:.1%}, sub-item {report['subitem_answered']:.1%}; "
        + ", ".join(f"{k} {v:.0%}" for k, v in report["by_style"].items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
