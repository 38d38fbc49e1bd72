"""A `deny` that says a parcel hasn't come is a question about the order: "its not here yet".

Set BM #14: asked for the order number, "its not here yet" was heard as `deny` and ended the
lookup ("Okay, I won't look up the order"). While the lookup runs, a `deny` whose words say
something hasn't arrived ("not here yet", "still hasn't come", "didn't arrive", "hala gelmedi")
becomes `order_status`, so the lookup goes on. Like rating_guard.py, it acts only in a
conversation: `rasa test nlu` and `/model/parse` without a tracker see the classifiers alone.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_components.intent_guard import IntentGuard

DENY = "deny"
ORDER_STATUS = "order_status"
LOOKUP_FORM = "order_lookup_form"
NOT_ARRIVED = re.compile(
    r"\b(?:not|n'?t|never) (?:here|arrived|come|came|delivered|received|got it|gotten it)\b"
    r"|\b(?:still|yet) (?:not|no)\b[^.?!]{0,20}\b(?:here|arrived|come)"
    r"|\bhasn'?t (?:arrived|come|shown up)|\bhaven'?t (?:got|received) (?:it|them|my)"
    r"|\b(?:hala|h[aâ]l[aâ]) gelmedi\b|\bgelmedi\b|\bula[şs]mad[ıi]\b",
    re.IGNORECASE,
)


def says_not_arrived(text: str) -> bool:
    """Whether a message says something hasn't arrived."""
    return bool(text) and NOT_ARRIVED.search(text) is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DenyGuard(IntentGuard):
    """Turns a `deny` that says a parcel hasn't come into `order_status`, during the lookup."""

    def intent_for(self, text: str, heard: str | None, tracker: DialogueStateTracker) -> str | None:
        if heard != DENY or tracker.active_loop_name != LOOKUP_FORM:
            return None  # (a "no, it's not here yet" to a proposal stays a no)
        return ORDER_STATUS if says_not_arrived(text) else None
