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


def test_a_thank_you_asking_about_the_order_is_that_question() -> None:
    # Sets BN #1 and #14: "thanks, the rest stays as is right?" and "ok thanks, so both drives
    # are on the way?" got only "You're welcome!".
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.thanks_guard import ThanksGuard

        from rasa.shared.core.events import ActionExecuted, UserUttered

        tracker = DialogueStateTracker("t", Domain.load("domain.yml").slots)
        tracker.update(UserUttered("cancel 2 of the ryzens"))
        tracker.update(ActionExecuted("action_listen"))
        for text in (
            "thanks, the rest stays as is right?",
            "ok thanks, so both drives are on the way?",
            "teşekkürler, diğerleri de kargoya verildi mi?",
            "when 🙏",
            "thanks! is shipping free?",
            "thanks, that's all",
            "ok thanks bye",
        ):
            message = Message(data={"text": text, "intent": {"name": "thank", "confidence": 0.7}})
            ThanksGuard().process([message], tracker)
            print(repr(text), message.get("intent")["name"])
        """
    )
    for text in (
        "thanks, the rest stays as is right?",
        "ok thanks, so both drives are on the way?",
        "teşekkürler, diğerleri de kargoya verildi mi?",
        "when 🙏",
    ):
        assert f"{text!r} order_status" in out, out
    for text in ("thanks! is shipping free?", "thanks, that's all", "ok thanks bye"):
        assert f"{text!r} thank" in out, out
