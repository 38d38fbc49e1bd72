"""What the intent guards share: a component after the classifiers that turns the intent they
heard into another when the message's words say so, only in a conversation.

Subclasses (rating_guard.py, thanks_guard.py, deny_guard.py) say which intent a message becomes
(`intent_for`), or None to leave it; registered each with `DefaultV1Recipe.register` as an
untrainable intent classifier. Without a conversation (`rasa test nlu`, the handoff desk's
`/model/parse`: an empty tracker) nothing changes, so those see the classifiers alone.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: str) -> None:
    """Makes `name` the message's intent, sure, first in its ranking."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}, *ranking], add_to_output=True
    )


class IntentGuard(GraphComponent):
    """Turns the intent heard into `intent_for`'s, when that says one."""

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
    ) -> IntentGuard:
        return cls()

    def intent_for(self, text: str, heard: str | None, tracker: DialogueStateTracker) -> str | None:
        """The intent the message is, or None to leave the one heard."""
        raise NotImplementedError

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        if tracker is None or not tracker.events:
            return messages  # no conversation: `rasa test nlu`, the handoff desk's /model/parse
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or text.startswith("/"):
                continue
            heard = (message.get(INTENT) or {}).get("name")
            wanted = self.intent_for(text, heard, tracker)
            if wanted is not None and wanted != heard:
                set_intent(message, wanted)
        return messages
