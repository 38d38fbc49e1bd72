"""The conversation's language follows the customer's: a `language` entity when they switch.

`language.detect_language` reads each message; when it is clearly Turkish or clearly English and
that differs from the conversation's `language` slot, this component adds a `language` entity
("tr" or "en") spanning the message, which domain.yml maps to the slot, so the replies to this
very message are already in the customer's language. A message in the conversation's language,
or in none (an order number, "ok"), adds nothing: the entity appears only on a switch, which
keeps entity lists (and Rasa's test stories) as they were.

The conversation's tracker comes from Rasa's graph (a `tracker` argument of `process` is filled
with the conversation being parsed). Without a conversation (`rasa test`, `/model/parse`) the
tracker has no slots, and nothing is added: the language is a property of a conversation.
A message that asks for a language by name ("can we continue in English?", "türkçe yazabilir
miyim?") sets that language, whatever it is written in (`language.requested_language`), and always
carries the entity, so the `change_language` answer confirms it in that language.
The session's first language comes from the channel (actions/session.py reads the message's
metadata); this only follows what the customer writes.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_components.language import detect_language, requested_language

ENTITY = "language"
SLOT = "language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Adds a `language` entity when a message switches the conversation's language."""

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
    ) -> LanguageDetector:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        slot = tracker.slots.get(SLOT) if tracker is not None else None
        if slot is None:
            return messages  # no conversation: nothing to switch
        current = slot.value
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            requested = requested_language(text)
            language = requested or detect_language(text)
            if language is None or (language == current and requested is None):
                continue
            entity = {
                "entity": ENTITY,
                "start": 0,
                "end": len(text),
                "value": language,
                "confidence_entity": 1.0,
            }
            entities = [*message.get(ENTITIES, []), *self.add_extractor_name([entity])]
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
