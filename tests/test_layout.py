"""The import direction of docs/architecture.md: bot/ is plain Python and never imports Rasa or
the adapters; the conversation code does not touch storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"rasa", "rasa_sdk", "actions", "channels", "console", "components"}
CONVERSATION = [
    "assistant.py",
    "answers.py",
    "state.py",
    "signal.py",
    "checklist.py",
    "intents.py",
    "spoken.py",
    "situations.py",
    "events.py",
    "event_answers.py",
]


def imported_packages(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "bot").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_bot_imports_neither_rasa_nor_adapters(path: Path) -> None:
    assert not imported_packages(path) & FORBIDDEN


@pytest.mark.parametrize("name", CONVERSATION)
def test_the_conversation_code_does_not_touch_storage(name: str) -> None:
    """It decides what to say; what is recorded is the handover desk's (bot/handover/desk.py)."""
    source = (ROOT / "bot" / name).read_text(encoding="utf-8")
    assert not imported_packages(ROOT / "bot" / name) & {"sqlalchemy", "redis"}
    assert not any(f"bot.handover.{m}" in source for m in ("store", "tables", "feedback", "desk"))


@pytest.mark.parametrize("path", sorted((ROOT / "console").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_console_does_not_need_rasa(path: Path) -> None:
    """The console talks to Rasa over its HTTP API only, so it starts in a second and scales apart."""
    assert not imported_packages(path) & {"rasa", "rasa_sdk", "actions"}


def test_environment_is_read_only_in_settings() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("bot", "actions", "channels", "console")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "settings.py" and ("os.environ" in p.read_text(encoding="utf-8") or "getenv" in p.read_text())
    ]
    assert offenders == []
