"""A thank-you that mocks is a complaint: "wow. very helpful. really.", "thanks for nothing".

Set BK #11: after the bot couldn't give a tracking number, "wow. very helpful. really." was heard
as `thank` and answered "You're welcome!". A `thank` whose words mock (a "wow" before the
praise, a "really." or "not" after it, "thanks for nothing", an eye-roll) becomes `complaint`:
the apology and the offer of a person (actions/limits.py, ActionFrustration). Like
rating_guard.py, it acts only in a conversation: `rasa test nlu` and `/model/parse` without a
tracker see the classifiers alone.
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

THANK = "thank"
COMPLAINT = "complaint"
_PRAISE = (
    r"(?:very |so |really |super |most |such a )?(?:helpful|useful|great|nice|thanks|brilliant)"
)
MOCKING_THANKS = re.compile(
    r"\bthanks? (?:a lot )?for nothing\b|\byeah,? (?:right|sure)\W*$"
    r"|^\W*wow\W+(?:very |so |really |super |such a )?(?:helpful|useful)\b"
    rf"|\b{_PRAISE}\W+(?:really|not|lol|smh|as always)\W*$"
    r"|\bnot (?:very |at all |even a bit )?(?:helpful|useful)\b|\bhelpful,? not\b"
    r"|🙄|😒|\s/s\b|\bi[şs]e yarad[ıi] (?:ger[çc]ekten|ya)\b|\bsa[ğg] ?ol(?:un)? (?:ya|hi[çc])\b",
    re.IGNORECASE,
)


def mocks(text: str) -> bool:
    """Whether a thank-you's words mock."""
    return bool(text) and MOCKING_THANKS.search(text) is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ThanksGuard(GraphComponent):
    """Turns a mocking `thank` into `complaint`."""

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
    ) -> ThanksGuard:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker) -> List[Message]:
        if tracker is None or not tracker.events:
            return messages  # no conversation: `rasa test nlu`, the handoff desk's /model/parse
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            if intent.get("name") != THANK or not isinstance(text, str) or not mocks(text):
                continue
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != COMPLAINT
            ]
            message.set(INTENT, {"name": COMPLAINT, "confidence": 1.0}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": COMPLAINT, "confidence": 1.0}, *ranking],
                add_to_output=True,
            )
        return messages
