"""Capital letters the Turkish way, for the features that lower-case words.

Python lower-cases the Turkish dotted capital "İ" to "i" followed by a combining dot (U+0307),
so "SİPARİŞİM NEREDE" became "si̇pari̇şi̇m nerede" in the count vectors: a word no example has.
This component, right after the tokenizer, rewrites each token's text so that the lower-casing
downstream gives the word customers type in lower case: "İ" becomes "I" (which lowers to "i",
and keeps the token's capitals for the word-shape features) and a stray U+0307 (a decomposed
"i̇" from some keyboards) is dropped, and letters typed as a base and an accent are
composed ("s" + U+0327 -> "ş"). The dotless capital "I" is left alone: Python lowers it
to "i", which is right for English ("I", "IS IT IN STOCK") and gives the diacritic-free Turkish
spelling customers also type ("KAPIDA" -> "kapida"), which our examples hold too.

The message's text is left as the customer wrote it (the regexes match "İ" case-insensitively
already, and actions read the text as written); token offsets are unchanged. The sentence
encoder lower-cases with `language.normalise`, the same rule.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DOTTED_CAPITAL = "İ"
COMBINING_DOT = "\u0307"


def fold_token(text: str) -> str:
    """The token's text with "İ" as "I", letters composed ("s" + U+0327 is "ş") and no
    combining dot above: "SİPARİŞİM" -> "SIPARIŞIM", which `str.lower` turns into "siparişim"."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.replace(DOTTED_CAPITAL, "I").replace(COMBINING_DOT, "")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class TurkishCaseNormalizer(GraphComponent):
    """Rewrites token texts so that lower-casing them is right for Turkish capitals."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

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
    ) -> TurkishCaseNormalizer:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._fold(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._fold(message)
        return training_data

    @staticmethod
    def _fold(message: Message) -> None:
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            folded = fold_token(token.text)
            if folded != token.text:
                token.text = folded
