"""Rasa's ResponseSelector, run only for the messages whose intent is its retrieval intent.

The FAQ answer is chosen by a TensorFlow model (Rasa's ResponseSelector for `faq/*`). Rasa runs it
on every message, although only an `faq` message ever uses its answer (`utter_faq`): ~15% of our
Rasa process's CPU per message went to selecting FAQ answers nobody asked for (py-spy; README,
"The conversation", Speed). This subclass trains exactly as Rasa's and predicts only when the
intent classifier (earlier in the pipeline) says the message is the retrieval intent; other
messages carry no `response_selector` entry for it.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP035

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        wanted = [message for message in messages if self._is_retrieval_intent(message)]
        if wanted:
            super().process(wanted)
        return messages

    def _is_retrieval_intent(self, message: Message) -> bool:
        if not self.retrieval_intent:  # a selector for every retrieval intent: always run
            return True
        intent = message.get(INTENT) or {}
        return intent.get(INTENT_NAME_KEY) == self.retrieval_intent
