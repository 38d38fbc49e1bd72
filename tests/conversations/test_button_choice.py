"""A choice typed by its place is the button (rasa_components/button_choice.py, in .venv-rasa):
"ilkiyle değiştir" after the swap buttons is the first swap button's intent and product."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_a_place_picks_the_button_the_bot_just_offered() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.button_choice import ButtonChoice

        domain = Domain.load("domain.yml")
        component = ButtonChoice()
        def button(sku):
            return {"title": "Swap to " + sku, "payload": '/swap_item{"product": "%s"}' % sku}

        swap = {
            "buttons": [
                button("GPU-RX7700XT-12G"),
                button("GPU-RX7800XT-16G"),
                {"title": "No, I'll wait", "payload": "/deny"},
            ]
        }
        stars = ['/feedback{"rating": "%d"}' % n for n in range(1, 6)]
        rating = {"buttons": [{"title": "*", "payload": payload} for payload in stars]}

        def tracker(*bot_data, answered=False):
            t = DialogueStateTracker("t", domain.slots)
            t.update(UserUttered("hi"))
            for data in bot_data:
                t.update(BotUttered("...", data))
            if answered:
                t.update(UserUttered("something else"))
            t.update(ActionExecuted("action_listen"))
            return t

        def parse(text, t):
            unsure = {"name": "nlu_fallback", "confidence": 0.3}
            message = Message(data={"text": text, "intent": unsure})
            component.process([message], t)
            intent = message.get("intent")["name"]
            return intent, [(e["entity"], e["value"]) for e in message.get("entities", [])]

        print("ilk", parse("tamam ilkiyle değiştirelim", tracker({}, swap)))
        print("second", parse("the second one", tracker(swap)))
        print("last", parse("sonuncusu", tracker(swap)))
        print("third", parse("üçüncüsü", tracker(swap)))
        print("rating", parse("ilki", tracker(rating)))
        print("earlier", parse("ilkiyle", tracker(swap, answered=True)))
        print("none", parse("ilkiyle", None))
        print("words", parse("evet değiştir", tracker(swap)))
        """
    )
    assert "ilk ('swap_item', [('product', 'GPU-RX7700XT-12G')])" in out, out
    assert "second ('swap_item', [('product', 'GPU-RX7800XT-16G')])" in out, out
    # "No, I'll wait" carries nothing to pick: the last of the things offered.
    assert "last ('swap_item', [('product', 'GPU-RX7800XT-16G')])" in out, out
    assert "third ('nlu_fallback', [])" in out, out
    assert "rating ('nlu_fallback', [])" in out, out
    assert "earlier ('nlu_fallback', [])" in out, out
    assert "none ('nlu_fallback', [])" in out, out
    assert "words ('nlu_fallback', [])" in out, out
