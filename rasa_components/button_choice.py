"""A choice typed by its place ("the first one", "ilkiyle değiştir", "ikincisi") is the button.

When the bot's last turn offered a choice of things with buttons (the swap buttons under the
alternatives, "which product do you mean?", which line to cancel, which notification to stop)
and the customer answers with a place in that list instead of tapping (`ordinals.choice_index`),
the message is parsed as that button's payload: its intent, confidence 1, and its entities, as
if the button had been tapped. Buttons that carry no entity ("No, I'll wait", "Talk to a
person") and the rating buttons are not a list of things to pick from by place.

The conversation's tracker comes from Rasa's graph, as for the language detector; without a
conversation (`rasa test`, `/model/parse`) nothing changes.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP007, UP019, UP035

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_components.ordinals import LAST, choice_index

_PAYLOAD = re.compile(r"^/(?P<intent>[\w/]+)(?P<entities>\{.*\})?\s*$", re.S)
# Buttons of these entities are not things to pick by place.
_NOT_A_LIST = frozenset(("rating",))

Choice = Tuple[str, Dict[str, Any]]


def parse_payload(payload: Any) -> Choice | None:
    """(intent, entities) of a button payload such as '/swap_item{"product": "GPU-X"}'."""
    match = _PAYLOAD.match(str(payload or ""))
    if match is None:
        return None
    try:
        entities = json.loads(match.group("entities") or "{}")
    except ValueError:
        return None
    if not isinstance(entities, dict):
        return None
    return match.group("intent"), entities


def offered_choices(tracker: DialogueStateTracker | None) -> List[Choice]:
    """The things the bot's last turn offered with buttons, in order; [] if none."""
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []  # only the bot's turn right before this message counts
        if not isinstance(event, BotUttered):
            continue
        choices = [
            parsed
            for button in (event.data or {}).get("buttons") or []
            if (parsed := parse_payload(button.get("payload"))) is not None
            and parsed[1]
            and not set(parsed[1]) & _NOT_A_LIST
        ]
        if choices:
            return choices
    return []


def chosen(text: Any, tracker: DialogueStateTracker | None) -> Choice | None:
    """The button a message picks by its place, if it does."""
    if not isinstance(text, str):
        return None
    place = choice_index(text)
    if place is None:
        return None
    choices = offered_choices(tracker)
    if not choices:
        return None
    if place == LAST:
        return choices[-1]
    return choices[place - 1] if place <= len(choices) else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ButtonChoice(GraphComponent, EntityExtractorMixin):
    """Parses "the first one" / "ilkiyle" as the first of the buttons the bot just offered."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ButtonChoice:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        for message in messages:
            choice = chosen(message.get(TEXT), tracker)
            if choice is None:
                continue
            intent_name, values = choice
            text = message.get(TEXT)
            intent = {"name": intent_name, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            kept = [e for e in message.get(ENTITIES, []) if e.get("entity") not in values]
            added = [
                {
                    "entity": name,
                    "start": 0,
                    "end": len(text),
                    "value": value,
                    "confidence_entity": 1.0,
                }
                for name, value in values.items()
            ]
            message.set(ENTITIES, [*kept, *self.add_extractor_name(added)], add_to_output=True)
        return messages
