"""The language detector in Rasa itself (.venv-rasa): a switch adds the `language` entity, the
domain maps it to the slot, and Rasa's response generator then answers in that language."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_a_switch_sets_the_slot_and_the_reply_follows() -> None:
    out = run_in_rasa(
        """
        import asyncio
        from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import SlotSet
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.language_detector import LanguageDetector

        domain = Domain.load("domain.yml")
        detector = LanguageDetector()
        tracker = DialogueStateTracker("t", domain.slots)

        def entities(text, tracker):
            message = Message(data={"text": text})
            detector.process([message], tracker)
            return [(e["entity"], e["value"]) for e in message.get("entities", [])]

        print("en-en", entities("where is my order", tracker))
        print("en-tr", entities("siparisim nerde", tracker))
        print("en-neither", entities("100042", tracker))
        tracker.update(SlotSet("language", "tr"))
        print("tr-tr", entities("iade nasıl yapılır", tracker))
        print("tr-en", entities("can we speak english please", tracker))
        print("no-conversation", entities("siparisim nerde", DialogueStateTracker("t", [])))
        # Asked by name: that language, even written in the other one, even if it is current.
        tracker.update(SlotSet("language", "en"))
        print("ask-tr", entities("can you speak turkish please", tracker))
        tracker.update(SlotSet("language", "tr"))
        print("ask-tr-again", entities("türkçe devam edelim", tracker))
        print("ask-en", entities("ingilizce devam edebilir miyiz", tracker))

        nlg = TemplatedNaturalLanguageGenerator(domain.responses)
        for language in ("en", "tr"):
            tracker.update(SlotSet("language", language))
            message = asyncio.run(nlg.generate("utter_ask_order_number", tracker, "rest"))
            print(language, message["text"])
        """
    )
    assert "en-en []" in out, out
    assert "en-tr [('language', 'tr')]" in out, out
    assert "en-neither []" in out, out
    assert "tr-tr []" in out, out
    assert "tr-en [('language', 'en')]" in out, out
    assert "no-conversation []" in out, out
    assert "ask-tr [('language', 'tr')]" in out, out
    assert "ask-tr-again [('language', 'tr')]" in out, out
    assert "ask-en [('language', 'en')]" in out, out
    assert "en What's your order number?" in out, out
    assert "tr Sipariş numaranız nedir?" in out, out
