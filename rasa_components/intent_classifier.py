"""Rasa's LogisticRegressionClassifier with the regularisation strength `C` configurable.

Rasa 3.6's LogisticRegressionClassifier builds scikit-learn's LogisticRegression with `C` fixed at
1.0 (and `class_weight="balanced"` hard-coded). On our bag-of-n-grams features (word counts and
char_wb 2-5 counts, ~25,000 sparse columns for ~4,600 short messages) that is more
regularisation than the data needs; a weaker penalty (larger C) measured better over the 5-fold
cross-validation (README, "The conversation"). Training, persistence, loading and prediction are
Rasa's own: only the estimator's parameters differ, and a prediction costs the same whatever C is
(one sparse matrix product).

One thing is added for speed: the trained weights are kept in column-major (Fortran) order.
scikit-learn predicts with `X @ coef_.T`; scipy multiplies a sparse row by a dense matrix through
`ravel()`, which copied the whole transposed weight matrix (21 intents x ~25,000 feature columns,
4 MB) on every message: ~1 ms of Rasa's ~20 ms per message. With `coef_` column-major, `coef_.T`
is row-major and nothing is copied; the probabilities are bit for bit the same (tested).
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier taking `C` and `class_weight` from config.yml."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 1.0,  # Rasa's (scikit-learn's) default
            "class_weight": "balanced",  # Rasa's hard-coded choice; null for none
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.validate_config(self.config)
        self.clf.set_params(C=float(self.config["C"]), class_weight=self.config["class_weight"])

    def train(self, training_data: TrainingData) -> Resource:
        resource = super().train(training_data)
        self._weights_column_major()
        return resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TunedLogisticRegressionClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        component._weights_column_major()
        return component

    def _weights_column_major(self) -> None:
        coef = getattr(self.clf, "coef_", None)  # absent until trained
        if coef is not None:
            self.clf.coef_ = np.asfortranarray(coef)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        c = config.get("C", 1.0)
        if not isinstance(c, (int, float)) or isinstance(c, bool) or c <= 0:
            raise ValueError(f"{cls.__name__}: C must be a positive number, got {c!r}")
        weight = config.get("class_weight", "balanced")
        if weight is not None and weight != "balanced" and not isinstance(weight, dict):
            raise ValueError(
                f"{cls.__name__}: class_weight must be 'balanced', null or a mapping, "
                f"got {weight!r}"
            )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EncoderLogisticRegressionClassifier(TunedLogisticRegressionClassifier):
    """The second opinion: decides again the messages the sentence encoder featurized.

    Placed after `SentenceEncoderFeaturizer`, it is trained on every example's counts and meaning
    vector; at run time the encoder skips the messages the first classifier (counts only) was sure
    of, and this one leaves those alone: their intent stays the first classifier's.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        encoded = [message for message in messages if _has_dense_sentence(message)]
        if encoded:
            super().process(encoded)
        return messages


def _has_dense_sentence(message: Message) -> bool:
    return any(
        f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and not f.is_sparse()
        for f in message.features
    )
