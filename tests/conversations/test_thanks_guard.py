"""A mocking thank-you is a complaint (rasa_components/thanks_guard.py, in .venv-rasa)."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_a_mocking_thank_you_is_a_complaint() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.thanks_guard import ThanksGuard

        domain = Domain.load("domain.yml")
        tracker = DialogueStateTracker("t", domain.slots)
        tracker.update(UserUttered("where is the tracking number"))
        tracker.update(ActionExecuted("action_listen"))
        for text in (
            "wow. very helpful. really.",
            "thanks for nothing",
            "yeah right",
            "great, thanks a lot 🙄",
            "not very helpful",
            "thanks, very helpful!",
            "thank you so much",
            "wow thanks, that was quick",
            "yeah thanks",
        ):
            message = Message(data={"text": text, "intent": {"name": "thank", "confidence": 0.7}})
            ThanksGuard().process([message], tracker)
            print(repr(text), message.get("intent")["name"])
        message = Message(data={"text": "thanks for nothing", "intent": {"name": "thank"}})
        ThanksGuard().process([message], None)
        print("no-tracker", message.get("intent")["name"])
        """
    )
    for text in (
        "wow. very helpful. really.",
        "thanks for nothing",
        "yeah right",
        "great, thanks a lot 🙄",
        "not very helpful",
    ):
        assert f"{text!r} complaint" in out, out
    for text in (
        "thanks, very helpful!",
        "thank you so much",
        "wow thanks, that was quick",
        "yeah thanks",
    ):
        assert f"{text!r} thank" in out, out
    assert "no-tracker thank" in out, out
