"""Rasa's prediction graph run in an order worked out once, without dask's scheduler.

Rasa 3.6 runs the prediction graph through `dask.get` for each message's NLU and for each action
it predicts: every run it works out the part of the graph the targets need, builds a dask graph
and lets dask's synchronous scheduler order it, for a graph whose order never changes. Without
that, the Rasa server's CPU per message fell from 26 to 19 ms and throughput rose by 40% under
`make profile` (README "Per-message cost"). Here the order for a set of targets is worked out on
its first run; the nodes, their hooks and their inputs are Rasa's own, so the results are the
same. Imported by channels/common.py, which every OneTrip channel loads into the Rasa server
before the model is loaded; training is untouched.
"""

from __future__ import annotations

from typing import Any

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class OrderedGraphRunner(DaskGraphRunner):  # type: ignore[misc]
    """Rasa's runner (same nodes, same inputs and outputs) with the order kept per target set."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orders: dict[tuple[str, ...], list[str]] = {}

    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        run_targets = list(targets or self._graph_schema.target_names)
        order = self._order(tuple(run_targets))
        results: dict[str, tuple[str, Any]] = {}  # as dask passes them: (node or input name, value)
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in order:
                raise GraphRunError(f"Input value '{value}' clashes with a node name.")
            results[name] = (name, value)
        nodes = self._graph_schema.nodes
        try:
            for name in order:
                needed = (results[parent] for parent in nodes[name].needs.values())
                results[name] = self._instantiated_nodes[name](*needed)
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[target] for target in run_targets)

    def _order(self, targets: tuple[str, ...]) -> list[str]:
        """The nodes the targets need, each after the nodes it needs (inputs are not nodes)."""
        if targets not in self._orders:
            nodes, order, seen = self._graph_schema.nodes, [], set()

            def visit(name: str) -> None:
                if name in seen or name not in nodes:
                    return
                seen.add(name)
                for parent in nodes[name].needs.values():
                    visit(parent)
                order.append(name)

            for target in targets:
                visit(target)
            self._orders[targets] = order
        return self._orders[targets]


rasa.core.processor.DaskGraphRunner = OrderedGraphRunner
