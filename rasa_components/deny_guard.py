"""A `deny` that says a parcel hasn't come is a question about the order: "its not here yet".

Set BM #14: asked for the order number, "its not here yet" was heard as `deny` and ended the
lookup ("Okay, I won't look up the order"). While the lookup runs, a `deny` whose words say
something hasn't arrived ("not here yet", "still hasn't come", "didn't arrive", "hala gelmedi")
becomes `order_status`, so the lookup goes on. Like rating_guard.py, it acts only in a
conversation: `rasa test nlu` and `/model/parse` without a tracker see the classifiers alone.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

DENY = "deny"
ORDER_STATUS = "order_status"
LOOKUP_FORM = "order_lookup_form"
NOT_ARRIVED = re.compile(
    r"\b(?:not|n'?t|never) (?:here|arrived|come|came|delivered|received|got it|gotten it)\b"
    r"|\b(?:still|yet) (?:not|no)\b[^.?!]{0,20}\b(?:here|arrived|come)"
    r"|\bhasn'?t (?:arrived|come|shown up)|\bhaven'?t (?:got|received) (?:it|them|my)"
    r"|\b(?:hala|h[aâ]l[aâ]) gelmedi\b|\bgelmedi\b|\bula[şs]mad[ıi]\b",
    re.IGNORECASE,
)


def says_not_arrived(text: str) -> bool:
    """Whether a message says something hasn't arrived."""
    return bool(text) and NOT_ARRIVED.search(text) is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DenyGuard(GraphComponent):
    """Turns a `deny` that says a parcel hasn't come into `order_status`."""

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
    ) -> DenyGuard:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        if tracker is None or not tracker.events:
            return messages  # no conversation: `rasa test nlu`, the handoff desk's /model/parse
        if tracker.active_loop_name != LOOKUP_FORM:
            return messages  # (a "no, it's not here yet" to a proposal stays a no)
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            if (
                intent.get("name") != DENY
                or not isinstance(text, str)
                or not says_not_arrived(text)
            ):
                continue
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != ORDER_STATUS
            ]
            message.set(INTENT, {"name": ORDER_STATUS, "confidence": 1.0}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": ORDER_STATUS, "confidence": 1.0}, *ranking],
                add_to_output=True,
            )
        return messages
