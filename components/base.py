"""What the custom NLU components share: Rasa builds each from its config alone."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class ConfigOnlyComponent(GraphComponent):
    """A component that persists nothing: `create` needs only the config and the node name."""

    def __init__(self, config: dict[str, Any] | None = None, name: str = "") -> None:
        self.component_config = config or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name)
