"""While the lookup runs, a `deny` that says a parcel hasn't come is `order_status`
(rasa_components/deny_guard.py, in .venv-rasa)."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_not_here_yet_during_the_lookup_is_about_the_order() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.deny_guard import DenyGuard

        domain = Domain.load("domain.yml")

        def tracker(looking_up):
            t = DialogueStateTracker("t", domain.slots)
            t.update(UserUttered("my order"))
            t.update(ActionExecuted("order_lookup_form"))
            if looking_up:
                t.update(ActiveLoop("order_lookup_form"))
            t.update(ActionExecuted("action_listen"))
            return t

        for looking_up in (True, False):
            for text in ("its not here yet", "no", "hala gelmedi", "nope, never mind"):
                message = Message(data={"text": text, "intent": {"name": "deny"}})
                DenyGuard().process([message], tracker(looking_up))
                print(looking_up, repr(text), message.get("intent")["name"])
        """
    )
    assert "True 'its not here yet' order_status" in out, out
    assert "True 'hala gelmedi' order_status" in out, out
    assert "True 'no' deny" in out, out
    assert "True 'nope, never mind' deny" in out, out
    assert "False 'its not here yet' deny" in out, out
