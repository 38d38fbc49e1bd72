"""Turkish stems for the counts (.venv-rasa): the forms of one Turkish word share a feature, with
or without Turkish letters, and English messages get none (rasa_components/turkish_stems.py)."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_forms_of_a_turkish_word_share_a_stem_and_english_gets_none() -> None:
    out = run_in_rasa(
        """
        import tempfile
        from pathlib import Path
        from rasa.engine.graph import ExecutionContext
        from rasa.engine.storage.local_model_storage import LocalModelStorage
        from rasa.engine.storage.resource import Resource
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.message import Message
        from rasa.shared.nlu.training_data.training_data import TrainingData
        from rasa_components.turkish_stems import TurkishStemFeaturizer

        tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        storage = LocalModelStorage(Path(tempfile.mkdtemp()))
        resource = Resource("stems")
        context = ExecutionContext(graph_schema=None, node_name="stems")
        config = TurkishStemFeaturizer.get_default_config()

        def message(text):
            m = Message(data={"text": text, "intent": "x"})
            tokenizer.process([m])
            return m

        training = TrainingData([message("siparişim nerede"), message("iade nasıl yapılır"),
                                 message("where is my order")])
        featurizer = TurkishStemFeaturizer.create(config, storage, resource, context)
        featurizer.train(training)
        loaded = TurkishStemFeaturizer.load(config, storage, resource, context)

        def columns(text):
            m = message(text)
            loaded.process([m])
            sentence = m.get_sparse_features("text")[1]
            return sorted(sentence.features.tocoo().col.tolist()) if sentence else []

        vocabulary = loaded.vocabulary
        print("sipar", vocabulary["s:sipar"] in columns("SİPARİŞİMİN durumu"))
        print("folded", columns("siparisim nerde") == columns("siparişim nerde"))
        print("english", columns("where is my order"))
        print("unseen", columns("kargom gelmedi"))
        print("vocab_en", any(key.endswith("where") for key in vocabulary))
        """
    )
    assert "sipar True" in out
    assert "folded True" in out
    assert "english []" in out  # English messages keep the features they had
    assert "unseen []" in out  # stems never seen in training add nothing
    assert "vocab_en False" in out
