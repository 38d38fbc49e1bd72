"""`feedback` when a message gives a rating or asks to leave feedback, whatever its other words.

"2/5. the radeon 7700 xt works but delivery took 9 days" was heard as `change_order`, "i want to
leave feedback for order 100180" as `order_status` (its order number): the first got the rating
thanked for and then the order form's question again, the second a request for the email. A
rating stated on a scale, with a unit or a label (backorder_common/ratings.py, the same reading
the action that stores it uses), or a request to leave feedback, is `feedback`; the rules then
end a lookup in progress and store it. A bare number is left alone: it answers the rating
question only when that was just asked, which the action knows. Like back_to_bot_guard.py, it
acts only in a conversation: `rasa test nlu` (the cross-validation) and the handoff desk's
`/model/parse` get an empty tracker, so they measure and see the classifiers alone.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker

from backorder_common.ratings import asks_to_leave_feedback, states_a_rating
from rasa_components.intent_guard import IntentGuard

FEEDBACK = "feedback"


def is_feedback(text: str) -> bool:
    """Whether the message gives a rating or asks to leave feedback."""
    if not text or text.startswith("/"):
        return False
    return states_a_rating(text) or asks_to_leave_feedback(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RatingGuard(IntentGuard):
    """Turns a message that gives a rating or asks to leave feedback into `feedback`."""

    def intent_for(self, text: str, heard: str | None, tracker: DialogueStateTracker) -> str | None:
        return FEEDBACK if is_feedback(text) else None
