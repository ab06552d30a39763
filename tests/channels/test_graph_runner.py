"""The prediction graph run in a kept order gives what Rasa's dask runner gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage

import channels.common  # noqa: F401 (what the Rasa server imports with our channels)
from channels.graph_runner import OrderedGraphRunner
from components.base import ConfigOnlyComponent

CALLS: list[str] = []


class Add(ConfigOnlyComponent):
    """A node that adds its parents' values and its own number, and says it ran."""

    def add(self, first: int, second: int = 0) -> int:
        CALLS.append(str(self.component_config["name"]))
        return first + second + int(self.component_config["number"])


def node(name: str, number: int, **needs: str) -> SchemaNode:
    return SchemaNode(needs, Add, "create", "add", {"name": name, "number": number}, eager=True)


SCHEMA = GraphSchema(
    {
        "words": node("words", 1, first="__message__"),
        "features": node("features", 10, first="words"),
        "intent": node("intent", 100, first="words", second="features"),
        "policy": node("policy", 1000, first="__tracker__"),
    }
)


def runner(kind: type[DaskGraphRunner], tmp_path: Path) -> DaskGraphRunner:
    storage = LocalModelStorage(tmp_path / kind.__name__)
    return kind(SCHEMA, storage, ExecutionContext(SCHEMA, "model"))


@pytest.mark.parametrize("targets", [["intent"], ["policy", "intent"], ["features"]])
def test_the_same_results_as_rasas_runner_each_node_once(tmp_path: Path, targets: list[str]) -> None:
    inputs = {"__message__": 1, "__tracker__": 2}
    CALLS.clear()
    expected = runner(DaskGraphRunner, tmp_path).run(inputs, targets)
    theirs = sorted(CALLS)
    CALLS.clear()
    ordered = runner(OrderedGraphRunner, tmp_path)
    assert ordered.run(inputs, targets) == expected and sorted(CALLS) == theirs
    assert ordered.run(inputs, targets) == expected  # the kept order, a second time
    assert CALLS.index("words") < CALLS.index(targets[-1])


def test_an_input_named_like_a_node_is_refused_as_rasa_refuses_it(tmp_path: Path) -> None:
    with pytest.raises(GraphRunError):
        runner(OrderedGraphRunner, tmp_path).run({"__message__": "words"}, ["intent"])


def test_the_rasa_server_loads_its_model_with_it() -> None:
    assert rasa.core.processor.DaskGraphRunner is OrderedGraphRunner
