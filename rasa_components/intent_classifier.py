"""Rasa's LogisticRegressionClassifier with the regularisation strength `C` configurable.

Rasa 3.6's LogisticRegressionClassifier builds scikit-learn's LogisticRegression with `C` fixed at
1.0 (and `class_weight="balanced"` hard-coded). On our bag-of-n-grams features (word counts and
char_wb 1-4 counts, thousands of sparse columns for ~2,900 short messages) that is more
regularisation than the data needs; a weaker penalty (larger C) measured better over the 5-fold
cross-validation (README, "The conversation"). Training, persistence, loading and prediction are
Rasa's own: only the estimator's parameters differ, and a prediction costs the same whatever C is
(one sparse matrix product).
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


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
