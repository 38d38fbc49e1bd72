"""A yes-led reply to the change the bot just proposed is `affirm` (rasa_components/
proposal_reply.py, in .venv-rasa): "yes the graphics card only" is not a damaged item."""

from __future__ import annotations

from tests.conversations.rasa_venv import run_in_rasa


def test_a_yes_led_reply_right_after_a_proposal_is_that_yes() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.proposal_reply import ProposalReply

        domain = Domain.load("domain.yml")
        component = ProposalReply()

        def tracker(proposal, answered=False, response="utter_cancel_confirm"):
            t = DialogueStateTracker("t", domain.slots)
            t.update(UserUttered("cancel the gpu"))
            t.update(ActionExecuted("action_propose_cancel"))
            t.update(BotUttered("Cancel 1 x RTX 4060 Ti?", metadata={"utter_action": response}))
            t.update(SlotSet("pending", proposal))
            if answered:
                t.update(UserUttered("when does the ssd ship"))
                t.update(ActionExecuted("action_check_order_status"))
            t.update(ActionExecuted("action_listen"))
            return t

        def parse(text, t):
            heard = {"name": "damaged_item", "confidence": 0.6}
            message = Message(data={"text": text, "intent": heard})
            component.process([message], t)
            return message.get("intent")["name"]

        cancel = tracker("cancel")
        for text in (
            "yes the graphics card only",
            "yes the 4090 please",
            "ok do it",
            "Evet, iptal edin",
            "yeah go ahead, cancel it",
            "yes but only the ssd",
            "ok when does the rest ship",
            "yes, is it refunded today?",
            "yes swap it to the 7800 xt",
            "no",
            "the graphics card",
            "ok forget it, sign me up for updates on the order",
            "ok never mind",
            "yes. and is it refunded to the card?",
            "Evet, onaylıyorum. SSD ayrı mı gelecek?",
            "yes. and no, this is not a 5 star experience",
            "the crucial 32gb so-dimm yes",
            "the graphics card? yes",
            "yes. and dont try to sell me something else",
            "all three",
            "both of them",
            "the arc a770s, all three",
        ):
            print(repr(text), parse(text, cancel))
        print("recast", parse("no actually keep one laptop, cancel only one", cancel))
        recounts = ("only 2 of the 3 actually, keep one", "just 2", "keep one", "sadece 1 tanesini")
        for text in recounts:
            print("recount", repr(text), parse(text, cancel))
        for text in ("no, just 2", "no keep all 3", "no dont cancel any, not even 1 of them"):
            heard = {"name": "deny", "confidence": 0.9}
            message = Message(data={"text": text, "intent": heard})
            component.process([message], cancel)
            print("recount-deny", repr(text), message.get("intent")["name"])
        for text in ("sadece ekran kartını, eset kalsın", "just the graphics card, keep the eset"):
            print("narrowed", repr(text), parse(text, cancel))
        print("narrowed-question", parse("only the graphics card?", cancel))
        print("think", parse("let me think about it", cancel))
        print("recast-notify", parse("cancel the notifications", cancel))
        print("swap", parse("yes cancel it instead", tracker("swap")))
        print("swap-plain", parse("yes the 7800 xt", tracker("swap")))
        text = "Please swap it. I'd like the Samsung 990 Pro to ship together with the new card."
        print("swap-please", parse(text, tracker("swap")))
        print("swap-please-cancel", parse("please swap it", tracker("cancel")))
        print("stale", parse("yes the graphics card only", tracker("cancel", answered=True)))
        print("think-later", parse("let me think about it", tracker("cancel", answered=True)))
        print("think-none", parse("let me think about it", tracker(None)))
        print("none", parse("yes the graphics card only", tracker(None)))
        print("no-tracker", parse("yes the graphics card only", None))
        whole = tracker("cancel", response="utter_cancel_confirm_order")
        for text in (
            "everything",
            "all of it, all three 990 Pro 1TB. i found them somewhere else",
            "the zephyrus and the ssd, everything",
            "everything except the ssd",
            "everything? even the shipped ones?",
        ):
            print("whole", repr(text), parse(text, whole))
        print("one-line everything", parse("everything", cancel))
        """
    )
    for text in (
        "yes the graphics card only",
        "yes the 4090 please",
        "ok do it",
        "Evet, iptal edin",
        "yeah go ahead, cancel it",
        # A first sentence of yes, then a question that takes nothing back.
        "yes. and is it refunded to the card?",
        "Evet, onaylıyorum. SSD ayrı mı gelecek?",
        # A yes said last, after the line it answers about.
        "the crucial 32gb so-dimm yes",
        # A no to being sold something else is not a no to the change.
        "yes. and dont try to sell me something else",
        # The units proposed, counted (set AA: "all three" was heard as a goodbye).
        "all three",
        "both of them",
        # The line, then the units proposed (set AW #30: heard as a status question).
        "the arc a770s, all three",
    ):
        assert f"{text!r} affirm" in out, out
    assert "'the graphics card? yes' damaged_item" in out, out
    assert "'yes. and no, this is not a 5 star experience' damaged_item" in out, out
    for text in (
        "yes but only the ssd",
        "ok when does the rest ship",
        "yes, is it refunded today?",
        "yes swap it to the 7800 xt",
        "no",
        "the graphics card",
        # Not a yes: leaving the change, or asking for another.
        "ok forget it, sign me up for updates on the order",
        "ok never mind",
    ):
        assert f"{text!r} damaged_item" in out, out
    assert "recast cancel_order" in out, out
    # Another count than the one proposed is a cancellation of that many (set AU: "only 2 of
    # the 3 actually, keep one" was heard as feedback, and "yes" then cancelled all three).
    for text in ("only 2 of the 3 actually, keep one", "just 2", "keep one", "sadece 1 tanesini"):
        assert f"recount {text!r} cancel_order" in out, out
    assert "recount-deny 'no, just 2' cancel_order" in out, out
    assert "recount-deny 'no keep all 3' deny" in out, out
    assert "recount-deny 'no dont cancel any, not even 1 of them' deny" in out, out
    # "Only the graphics card, the ESET stays" names the part to cancel (set BJ #8 heard a no).
    for text in ("sadece ekran kartını, eset kalsın", "just the graphics card, keep the eset"):
        assert f"narrowed {text!r} cancel_order" in out, out
    assert "narrowed-question damaged_item" in out, out
    assert "think deny" in out, out
    assert "recast-notify damaged_item" in out, out
    assert "swap damaged_item" in out, out
    assert "swap-plain affirm" in out, out
    # The operation proposed asked for in words, then a sentence that takes nothing back (set
    # BM #40 listed the alternatives again); never a yes to another operation.
    assert "swap-please affirm" in out, out
    assert "swap-please-cancel damaged_item" in out, out
    assert "stale damaged_item" in out, out
    assert "think-later deny" in out, out
    assert "think-none damaged_item" in out, out
    assert "none damaged_item" in out, out
    assert "no-tracker damaged_item" in out, out
    # The whole order said again to "Cancel everything on order … that hasn't shipped?" is that
    # yes (set BA #4, #31, #41: heard as a status question, a goodbye, a product question).
    for text in (
        "everything",
        "all of it, all three 990 Pro 1TB. i found them somewhere else",
        "the zephyrus and the ssd, everything",
    ):
        assert f"whole {text!r} affirm" in out, out
    assert "whole 'everything except the ssd' damaged_item" in out, out
    assert "whole 'everything? even the shipped ones?' damaged_item" in out, out
    assert "one-line everything damaged_item" in out, out
