"""rasa_components/intent_classifier.py, run in Rasa's own environment (.venv-rasa).

The component is Rasa's LogisticRegressionClassifier with `C` and `class_weight` taken from
config.yml: it must hand them to scikit-learn, train, persist and load like Rasa's, and reject a
config that scikit-learn would only refuse at training time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conversations.rasa_venv import run_in_rasa

pytestmark = pytest.mark.slow  # imports Rasa: ~10-20 s


def test_c_reaches_sklearn_and_the_model_survives_persist_and_load(tmp_path: Path) -> None:
    out = run_in_rasa(
        """
        from pathlib import Path

        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        from rasa.engine.storage.resource import Resource
        from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
            CountVectorsFeaturizer,
        )
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.message import Message
        from rasa.shared.nlu.training_data.training_data import TrainingData

        from rasa_components.intent_classifier import TunedLogisticRegressionClassifier as Clf

        Path("storage").mkdir()
        storage = LocalModelStorage(Path("storage"))
        context = ExecutionContext(GraphSchema({}), "test")
        examples = {
            "greet": ["hi", "hello", "hey there", "good morning"],
            "goodbye": ["bye", "goodbye", "see you later", "bye bye"],
            "order_status": ["where is my order", "order status", "track my order", "my order?"],
        }
        data = TrainingData(
            [Message.build(text=t, intent=i) for i, texts in examples.items() for t in texts]
        )
        WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
        cvf = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context
        )
        cvf.train(data)
        cvf.process_training_data(data)

        # Rasa's defaults when config.yml says nothing: C 1.0, balanced class weights.
        default = Clf.create(Clf.get_default_config(), storage, Resource("d"), context)
        assert default.clf.C == 1.0 and default.clf.class_weight == "balanced"

        config = {**Clf.get_default_config(), "C": 20, "class_weight": None}
        clf = Clf.create(config, storage, Resource("lr"), context)
        assert clf.clf.C == 20.0 and clf.clf.class_weight is None
        clf.train(data)
        assert clf.clf.C == 20.0

        def featurized(text):
            message = Message.build(text=text)
            WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
            cvf.process([message])
            return message

        def predict(component, text):
            message = featurized(text)
            component.process([message])
            return message.get("intent")["name"]

        loaded = Clf.load(config, storage, Resource("lr"), context)
        assert loaded.clf.C == 20.0
        for text in ["hello", "bye then", "where is my order please"]:
            assert predict(loaded, text) == predict(clf, text), text

        # Weights column-major after training and after loading, so that scipy's sparse-row x
        # dense product does not copy coef_.T per message; probabilities identical to Rasa's own
        # classifier (same estimator, row-major weights) on the same stored model.
        import numpy as np
        from rasa.nlu.classifiers.logistic_regression_classifier import (
            LogisticRegressionClassifier as RasaClf,
        )

        rasas = RasaClf.load(config, storage, Resource("lr"), context)
        for component in (clf, loaded):
            assert component.clf.coef_.T.flags["C_CONTIGUOUS"]
        assert not rasas.clf.coef_.T.flags["C_CONTIGUOUS"]
        for text in ["hello", "bye then", "where is my order please", "zzz"]:
            X = loaded._create_X([featurized(text)])
            assert np.array_equal(loaded.clf.predict_proba(X), rasas.clf.predict_proba(X)), text
        print(predict(loaded, "hello"), predict(loaded, "bye then"))

        for bad in ({"C": 0}, {"C": -1}, {"C": "big"}, {"class_weight": "heavy"}):
            try:
                Clf.create({**Clf.get_default_config(), **bad}, storage, Resource("x"), context)
            except ValueError:
                continue
            raise AssertionError(f"accepted {bad}")
        print("refused")
        """,
        tmp_path,
    )
    assert out.split() == ["greet", "goodbye", "refused"]
