"""A message that gives a rating or asks to leave feedback is `feedback`, whatever its other
words (rasa_components/rating_guard.py, in .venv-rasa; the reading is
backorder_common/ratings.py's)."""

from __future__ import annotations

import pytest

from backorder_common.ratings import asks_to_leave_feedback, rating_in, states_a_rating
from tests.conversations.rasa_venv import run_in_rasa


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("2/5. the radeon 7700 xt works but delivery took 9 days", 2),
        ("ok. also rating: 4 of 5, good prices but the box was damaged", 4),
        ("çok kötü hizmet, 1 yıldız", 1),
        ("Can I leave a rating? 5 stars ⭐⭐⭐⭐⭐", 5),
        ("10 üzerinden 8", 4),
    ],
)
def test_a_rating_stated_on_a_scale_with_a_unit_or_a_label(text: str, rating: int) -> None:
    assert states_a_rating(text) and rating_in(text) == rating


@pytest.mark.parametrize(
    "text",
    ["5", "2x 4080 super", "32gb ddr5 6000", "100042 34710", "this is not a 5 star experience"],
)
def test_numbers_that_give_no_rating(text: str) -> None:
    assert not states_a_rating(text)


def test_asking_to_leave_feedback() -> None:
    assert asks_to_leave_feedback("i want to leave feedback for order 100180")
    assert asks_to_leave_feedback("geri bildirim bırakmak istiyorum")
    assert not asks_to_leave_feedback("where is my order 100180")


def test_the_guard_makes_a_rating_feedback_and_leaves_other_intents() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import ActionExecuted
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.training_data.message import Message
        from rasa_components.rating_guard import RatingGuard

        component = RatingGuard()
        conversation = DialogueStateTracker("t", Domain.load("domain.yml").slots)
        conversation.update(ActionExecuted("action_listen"))

        def parse(text, intent, tracker=conversation):
            ranking = [{"name": intent, "confidence": 0.9}, {"name": "feedback", "confidence": 0.1}]
            message = Message(
                data={"text": text, "intent": dict(ranking[0]), "intent_ranking": ranking}
            )
            component.process([message], tracker)
            names = [r["name"] for r in message.get("intent_ranking")]
            return message.get("intent")["name"], names.count("feedback")

        for text, intent in (
            ("2/5. the radeon 7700 xt works but delivery took 9 days", "change_order"),
            ("i want to leave feedback for order 100180", "order_status"),
            ("where is my order 100180", "order_status"),
            ("/cancel_order", "cancel_order"),
        ):
            print(repr(text), *parse(text, intent))
        desk = DialogueStateTracker.from_events("desk", [])
        print("desk", *parse("2/5 delivery was slow", "change_order", desk))
        """
    )
    # Without a conversation (`rasa test nlu`, the handoff desk): the classifiers alone.
    assert "desk change_order 1" in out, out
    assert "'2/5. the radeon 7700 xt works but delivery took 9 days' feedback 1" in out, out
    assert "'i want to leave feedback for order 100180' feedback 1" in out, out
    assert "'where is my order 100180' order_status 1" in out, out
    assert "'/cancel_order' cancel_order 1" in out, out
