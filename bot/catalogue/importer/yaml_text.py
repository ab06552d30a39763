"""YAML in and out through libyaml where PyYAML has it.

The pure-Python parser and emitter take most of an import's time (thousands of service files,
and the code list and glossary read on every run); libyaml reads and writes the same YAML.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python: plain data only


def dump(data: Any, header: str = "") -> str:
    """YAML as a maintainer reads it (keys in our order, Chinese as is), after a comment header."""
    body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    return "".join(f"# {line}\n" for line in header.splitlines()) + body
