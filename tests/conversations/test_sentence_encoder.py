"""rasa_components/sentence_encoder.py, run in Rasa's own environment (.venv-rasa).

The featurizer must give every message with words a scaled e5 vector (sentence and per-token
sequence features), nothing to order numbers and button payloads, load the encoder once per
process, refuse a bad scale, and place paraphrases nearer each other than unrelated questions:
that last property is the whole point of it.
"""

from __future__ import annotations

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
