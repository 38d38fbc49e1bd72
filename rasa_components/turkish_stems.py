"""Turkish words by their stem, for the counts: "siparişim", "siparisimi", "siparişimin" are one.

Turkish glues its endings on (sipariş-im-in, kargo-ya, iade-yi), and customers type with and
without Turkish letters ("siparişim" / "siparisim"), so the word counts see a new word for
nearly every form: an example's "iptal edilsin" teaches nothing about "iptal edebilir miyim".
Cutting each word to its first five letters is a known light stemmer for Turkish (the first five
letters carry the root in most words) and needs no dictionary. Each word of a message that
`language.detect_language` reads as Turkish adds two counts of their own, beside the word
counts: its stem and the whole word, both with Turkish letters folded to plain ones ("siparişim"
and "siparisim" are one word). Other messages get an empty row, so the English features are
what they were (offline, stems for every message cost English 1.4 points).

Measured on the Turkish held-out files (README, "Turkish"); costs a few microseconds a message.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035, UP045

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_components.language import TURKISH, detect_language, normalise

STEM_LENGTH = 5
_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")
_VOCABULARY_FILE = "stems.json"


def stem(word: str) -> List[str]:
    """The word's features: its stem and the whole word, Turkish letters folded ("siparişimin"
    -> "s:sipar", "w:siparisimin"); none for a number or a one-letter word."""
    folded = normalise(word).translate(_FOLD)
    letters = re.sub(r"[^a-z0-9]", "", folded)
    if len(letters) < 2 or letters.isdigit():
        return []
    return [f"s:{letters[:STEM_LENGTH]}", f"w:{letters}"]


def stems_of(text: str, words: List[str]) -> List[List[str]]:
    """Each word's features when the message is Turkish; none otherwise."""
    if detect_language(text) != TURKISH:
        return [[] for _ in words]
    return [stem(word) for word in words]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TurkishStemFeaturizer(SparseFeaturizer, GraphComponent):
    """Counts of the Turkish stems of a message, beside the word counts."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vocabulary: Optional[Dict[Text, int]] = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: Dict[Text, int] = vocabulary or {}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to configure."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TurkishStemFeaturizer:
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        seen: Dict[Text, None] = {}
        for message in training_data.training_examples:
            for values in self._stems(message):
                for value in values:
                    seen.setdefault(value, None)
        self.vocabulary = {value: index for index, value in enumerate(sorted(seen))}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _VOCABULARY_FILE).write_text(
                json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TurkishStemFeaturizer:
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / _VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            vocabulary = {}
        return cls(config, model_storage, resource, execution_context, vocabulary)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.vocabulary:
            return messages
        for message in messages:
            if message.get(TEXT) and message.get(TOKENS_NAMES[TEXT]):
                self._add(message)
        return messages

    def _stems(self, message: Message) -> List[List[str]]:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        return stems_of(message.get(TEXT) or "", [token.text for token in tokens])

    def _add(self, message: Message) -> None:
        stems = self._stems(message)
        size = len(self.vocabulary)
        rows, columns = [], []
        for row, values in enumerate(stems):
            for value in values:
                index = self.vocabulary.get(value)
                if index is not None:
                    rows.append(row)
                    columns.append(index)
        data = np.ones(len(rows), dtype=np.float32)
        sequence = scipy.sparse.coo_matrix((data, (rows, columns)), shape=(len(stems), size))
        sentence = scipy.sparse.coo_matrix((data, ([0] * len(columns), columns)), shape=(1, size))
        self.add_features_to_message(sequence, sentence, TEXT, message)
