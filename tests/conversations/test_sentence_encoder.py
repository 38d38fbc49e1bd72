"""rasa_components/sentence_encoder.py, run in Rasa's own environment (.venv-rasa).

The featurizer must give every message with words a scaled e5 vector (sentence and per-token
sequence features), nothing to order numbers and button payloads, load the encoder once per
process, refuse a bad scale, and place paraphrases nearer each other than unrelated questions:
that last property is the whole point of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conversations.rasa_venv import run_in_rasa

pytestmark = pytest.mark.slow  # imports Rasa: ~10-20 s


def test_features_scale_zeros_and_meaning() -> None:
    out = run_in_rasa(
        """
        import numpy as np
        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.message import Message
        from rasa.shared.nlu.training_data.training_data import TrainingData

        from rasa_components import sentence_encoder
        from rasa_components.sentence_encoder import SentenceEncoderFeaturizer as F

        context = ExecutionContext(GraphSchema({}), "test")
        featurizer = F.create({**F.get_default_config(), "scale": 5}, None, None, context)
        texts = ["do you ship to izmir", "104233", "/affirm", "hello there"]
        messages = [Message.build(text=t) for t in texts]
        WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(
            TrainingData(messages))
        featurizer.process(messages)
        for message in messages:
            sequence, sentence = message.get_dense_features("text")
            tokens = len(message.get("text_tokens"))
            print(message.get("text"), sequence.features.shape == (tokens, 384),
                  sentence.features.shape, round(float(np.linalg.norm(sentence.features)), 3),
                  bool(np.allclose(sequence.features, sentence.features)))

        e = sentence_encoder.embed
        ship, deliver, joke = e(["do you ship to izmir", "can you deliver to ankara",
                                 "tell me a joke"])
        print("paraphrase nearer", float(ship @ deliver) > float(ship @ joke) + 0.05)
        print("one encoder", sentence_encoder.get_encoder() is sentence_encoder.get_encoder())

        # Training remembers vectors (cross-validation's folds overlap); run time never does.
        texts = ["is shipping free", "104233", "is shipping free"]
        trained = sentence_encoder.embed_for_training(texts)
        sentence_encoder.embed = None  # any further encoding would fail
        again = sentence_encoder.embed_for_training(texts[:1])
        print("training cache", np.allclose(trained[0], again[0]),
              np.allclose(trained[0], trained[2]), not trained[1].any(),
              len(sentence_encoder._trained))

        for bad in (0, -1, "5", True):
            try:
                F.create({**F.get_default_config(), "scale": bad}, None, None, context)
                print("accepted", bad)
            except ValueError:
                pass
        """
    )
    assert "do you ship to izmir True (1, 384) 5.0 True" in out
    assert "hello there True (1, 384) 5.0 True" in out
    assert "104233 True (1, 384) 0.0 True" in out
    assert "/affirm True (1, 384) 0.0 True" in out
    assert "paraphrase nearer True" in out
    assert "one encoder True" in out
    assert "training cache True True True 2" in out
    assert "accepted" not in out


def test_only_unsure_and_faq_messages_are_encoded_and_decided_again(tmp_path: Path) -> None:
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

        from rasa_components.intent_classifier import EncoderLogisticRegressionClassifier as Second
        from rasa_components.sentence_encoder import SentenceEncoderFeaturizer as F

        context = ExecutionContext(GraphSchema({}), "test")
        Path("storage").mkdir()
        storage = LocalModelStorage(Path("storage"))
        config = {**F.get_default_config(), "scale": 5, "skip_above": 0.9,
                  "retrieval_intent": "faq"}
        featurizer = F.create(config, storage, Resource("f"), context)

        def message(text, intent=None, confidence=None):
            m = Message.build(text=text)
            if intent:
                m.set("intent", {"name": intent, "confidence": confidence})
            return m

        sure = message("where is my order", "order_status", 0.97)
        unsure = message("do you deliver to izmir", "help", 0.41)
        faq = message("is shipping free", "faq", 0.99)
        fresh = message("hello there")
        messages = [sure, unsure, faq, fresh]
        WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(messages)
        featurizer.process(messages)
        print("encoded", [bool(m.get_dense_features("text")[1]) for m in messages])

        # Training encodes every example, whatever its intent says.
        examples = {
            "greet": ["hi", "hello", "hey there", "good morning"],
            "order_status": ["where is my order", "order status", "track my order", "my order?"],
            "faq": ["is shipping free", "how much is delivery", "do you ship abroad", "shipping"],
        }
        data = TrainingData(
            [Message.build(text=t, intent=i) for i, texts in examples.items() for t in texts])
        WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
        featurizer.process_training_data(data)
        print("trained on", sum(bool(m.get_dense_features("text")[1])
                                for m in data.training_examples))
        cvf = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context)
        cvf.train(data)
        cvf.process_training_data(data)
        second = Second.create({**Second.get_default_config(), "C": 20}, storage,
                               Resource("second"), context)
        second.train(data)
        cvf.process(messages)
        second.process(messages)
        print("kept", sure.get("intent")["name"], sure.get("intent")["confidence"])
        print("decided again", unsure.get("intent")["name"] != "help",
              faq.get("intent")["name"], fresh.get("intent")["name"])
        """,
        cwd=tmp_path,
    )
    assert "encoded [False, True, True, True]" in out, out
    assert "trained on 12" in out
    assert "kept order_status 0.97" in out
    assert "decided again True faq greet" in out
