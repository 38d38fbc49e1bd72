"""Checks the action server's answers against a validator built once, not once per answer.

Rasa 3.6 validates every custom action's answer with `jsonschema.validate`, which first checks
the *schema* against the JSON Schema 2020-12 meta-schema: ~14 ms of CPU on each custom action
call (jsonschema 4.17.3), over a third of our Rasa process's CPU per message (py-spy; README,
"The conversation", Speed). The schema is a constant, so this component builds the validator
once when the model loads and gives `RemoteAction` a fast path: a valid answer passes at once;
an invalid one goes through Rasa's own check, which raises its usual error. Nothing else changes.

It is listed in config.yml's pipeline only to be loaded wherever the model is (`rasa run`,
`rasa test`, `rasa shell`); it adds no features and passes messages through untouched.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def install() -> None:
    """Gives `RemoteAction` the fast path; calling it again changes nothing."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    current = RemoteAction._validate_action_result
    if getattr(current, "_prebuilt_validator", False):
        return
    spec = RemoteAction.action_response_format_spec()
    validator_class = validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return current(self, result)  # raises Rasa's own ValidationError

    _validate_action_result._prebuilt_validator = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class RemoteActionValidation(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RemoteActionValidation:
        install()
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
