"""The NLU component takes the process's objects from bot.runtime, built once: each test here
sets its own database, so the cached ones are dropped around it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot import runtime


@pytest.fixture(autouse=True)
def fresh_runtime() -> Iterator[None]:
    cached = (runtime.settings, runtime._engine, runtime.assistant, runtime.handover_desk)
    for function in cached:
        function.cache_clear()
    yield
    for function in cached:
        function.cache_clear()
