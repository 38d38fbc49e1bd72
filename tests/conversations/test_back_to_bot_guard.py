"""`back_to_bot` outside a handoff only when the message names the bot or a person
(rasa_components/back_to_bot_guard.py, in .venv-rasa)."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_back_to_bot_without_the_bot_or_a_person_is_the_next_intent() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.back_to_bot_guard import BackToBotGuard

        domain = Domain.load("domain.yml")
        component = BackToBotGuard()
        ranking = [
            {"name": "back_to_bot", "confidence": 0.94},
            {"name": "cancel_order", "confidence": 0.04},
        ]

        def parse(text, tracker):
            message = Message(
                data={"text": text, "intent": dict(ranking[0]), "intent_ranking": list(ranking)}
            )
            component.process([message], tracker)
            return message.get("intent")["name"]

        conversation = DialogueStateTracker("t", domain.slots)
        conversation.update(ActionExecuted("action_listen"))
        for text in (
            "cancel the crucial 4tb, not waiting anymore",
            "never mind the agent, I'll stay with the bot",
            "temsilciye gerek yok",
            "/back_to_bot",
            "botla devam",
            "bota dön lütfen",
            "get me out of the queue",
            "don't transfer me",
            "of course you can't. fine cancel one of the two drives",
            "cancel the transfer, I'll stay with you",
        ):
            print(repr(text), parse(text, conversation))
        # Calling the shop: the answer about phone support.
        ranking.insert(1, {"name": "contact_phone", "confidence": 0.01})
        for text in ("forget it, i'll call you", "sizi telefonla arayacağım"):
            print(repr(text), parse(text, conversation))
        del ranking[1]
        # A language asked for by name, or a product's language (set AI #35): change_language
        # only for the first.
        ranking[0] = {"name": "change_language", "confidence": 0.9}
        ranking.insert(1, {"name": "product_availability", "confidence": 0.05})
        for text in ("ok and do they come with a turkish keyboard?", "can we continue in english?"):
            print(repr(text), parse(text, conversation))
        ranking[0] = {"name": "back_to_bot", "confidence": 0.94}
        del ranking[1]
        # Rasa's /model/parse (the handoff desk) and `rasa test nlu` pass an empty tracker.
        desk = DialogueStateTracker.from_events("desk", [])
        print("desk", parse("cancel the crucial 4tb, not waiting anymore", desk))
        print("none", parse("cancel the crucial 4tb, not waiting anymore", None))
        """
    )
    assert "'cancel the crucial 4tb, not waiting anymore' cancel_order" in out, out
    assert '"never mind the agent, I\'ll stay with the bot" back_to_bot' in out, out
    assert "'temsilciye gerek yok' back_to_bot" in out, out
    assert "'/back_to_bot' back_to_bot" in out, out
    for turkish_or_queue in ("botla devam", "bota dön lütfen", "get me out of the queue"):
        assert f"'{turkish_or_queue}' back_to_bot" in out, out
    assert '"don\'t transfer me" back_to_bot' in out, out
    # (Set BI #17: a cancellation beside a "you" is the cancellation.)
    assert '"of course you can\'t. fine cancel one of the two drives" cancel_order' in out, out
    assert '"cancel the transfer, I\'ll stay with you" back_to_bot' in out, out
    assert '"forget it, i\'ll call you" contact_phone' in out, out
    assert "'sizi telefonla arayacağım' contact_phone" in out, out
    assert "'ok and do they come with a turkish keyboard?' product_availability" in out, out
    assert "'can we continue in english?' change_language" in out, out
    # The handoff desk parses without a conversation: unchanged there.
    assert "desk back_to_bot" in out, out
    assert "none back_to_bot" in out, out
