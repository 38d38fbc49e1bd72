"""Cross-validation figures per language (scripts/cv_by_language.py) from a run's errors."""

from scripts.cv_by_language import examples, per_intent


def error(text: str, intent: str, predicted: str) -> dict:
    return {"text": text, "intent": intent, "intent_prediction": {"name": predicted}}


def test_an_error_lowers_its_intents_recall_and_the_predicted_intents_precision() -> None:
    data = [("merhaba", "greet"), ("selam", "greet"), ("sağol", "thank"), ("tşk", "thank")]
    figures = per_intent(data, [error("selam", "greet", "thank"), error("hi", "greet", "thank")])
    assert figures["greet"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    assert figures["thank"]["precision"] == 2 / 3
    assert figures["thank"]["recall"] == 1.0


def test_turkish_examples_come_from_data_nlu_tr_with_faq_topics_as_faq() -> None:
    turkish = examples("tr")
    assert ("siparisim nerde", "order_status") in turkish
    assert ("iade nasil yapilir", "faq") in turkish
    assert ("sipariş no 100042", "order_status") in turkish  # annotations removed
    assert ("where is my order", "order_status") not in turkish
