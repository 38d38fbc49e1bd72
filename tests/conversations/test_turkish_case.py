"""Turkish capitals in the NLU (.venv-rasa): "SİPARİŞİM NEREDE" gives the count vectors the words
"siparişim nerede", the words of our examples, while English "I" still lowers to "i"."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_dotted_capitals_lower_to_the_words_customers_type() -> None:
    out = run_in_rasa(
        """
        from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
        from rasa.shared.nlu.training_data.message import Message
        from rasa.shared.nlu.training_data.training_data import TrainingData
        from rasa_components.turkish_case import TurkishCaseNormalizer, fold_token

        tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        normalizer = TurkishCaseNormalizer()

        def lowered(text, training=False):
            message = Message(data={"text": text})
            if training:
                data = TrainingData([message])
                tokenizer.process_training_data(data)
                normalizer.process_training_data(data)
            else:
                tokenizer.process([message])
                normalizer.process([message])
            tokens = message.get("text_tokens")
            return message.get("text"), " ".join(t.text.lower() for t in tokens)

        print("caps", lowered("SİPARİŞİM NEREDE"))
        print("title", lowered("İade nasıl yapılır"))
        print("decomposed", lowered("si\\u0307pari\\u0307s\\u0327 iptal"))
        print("english", lowered("IS IT IN STOCK I NEED IT"))
        print("training", lowered("İPTAL EDİN", training=True))
        print("shape", fold_token("SİPARİŞ").isupper())
        """
    )
    # The message's text stays as typed; the tokens lower to the Turkish words.
    assert "caps ('SİPARİŞİM NEREDE', 'siparişim nerede')" in out, out
    assert "title ('İade nasıl yapılır', 'iade nasıl yapılır')" in out, out
    assert "decomposed" in out and "'sipariş iptal')" in out, out
    assert "english ('IS IT IN STOCK I NEED IT', 'is it in stock i need it')" in out, out
    assert "training ('İPTAL EDİN', 'iptal edin')" in out, out
    # A capital stays a capital for the word-shape features.
    assert "shape True" in out, out


def test_the_encoder_lowers_the_turkish_way() -> None:
    out = run_in_rasa(
        """
        from rasa_components.language import normalise

        print(repr(normalise("SİPARİŞİMİ İPTAL EDİN")), repr(normalise("WHERE IS MY ORDER")))
        """
    )
    assert "'siparişimi iptal edin' 'where is my order'" in out, out
