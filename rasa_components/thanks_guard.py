"""A thank-you that mocks is a complaint: "wow. very helpful. really.", "thanks for nothing"; one
that asks about the order too is that question: "ok thanks, so both drives are on the way?".

Set BK #11: after the bot couldn't give a tracking number, "wow. very helpful. really." was heard
as `thank` and answered "You're welcome!". A `thank` whose words mock (a "wow" before the
praise, a "really." or "not" after it, "thanks for nothing", an eye-roll) becomes `complaint`:
the apology and the offer of a person (actions/limits.py, ActionFrustration). Like
rating_guard.py, it acts only in a conversation: `rasa test nlu` and `/model/parse` without a
tracker see the classifiers alone.
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_components.intent_guard import IntentGuard

THANK = "thank"
COMPLAINT = "complaint"
_PRAISE = (
    r"(?:very |so |really |super |most |such a )?(?:helpful|useful|great|nice|thanks|brilliant)"
)
MOCKING_THANKS = re.compile(
    r"\bthanks? (?:a lot )?for nothing\b|\byeah,? (?:right|sure)\W*$"
    r"|^\W*wow\W+(?:very |so |really |super |such a )?(?:helpful|useful)\b"
    rf"|\b{_PRAISE}\W+(?:really|not|lol|smh|as always)\W*$"
    r"|\bnot (?:very |at all |even a bit )?(?:helpful|useful)\b|\bhelpful,? not\b"
    r"|🙄|😒|\s/s\b|\bi[şs]e yarad[ıi] (?:ger[çc]ekten|ya)\b|\bsa[ğg] ?ol(?:un)? (?:ya|hi[çc])\b",
    re.IGNORECASE,
)


ORDER_STATUS = "order_status"
# A question about the order beside the thanks: "thanks, the rest stays as is right?", "ok
# thanks, so both drives are on the way?" (sets BN #1 and #14 got only "You're welcome!").
_ORDER_WORDS = re.compile(
    r"\b(?:on (?:the|their|its) way|shipp?\w*|sent|stays?|staying|the rest|arriv\w*|coming"
    r"|deliver\w*|left|still (?:on|coming|waiting)|kargo\w*|geli\w*|g[öo]nder\w*|kal\w*)\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\?|\bright\W*$|\b(?:değil mi|di mi|mı|mi|mu|mü)\W*$", re.IGNORECASE)


# (Not a policy question beside the thanks: "thanks! is shipping free?".)
_POLICY_WORDS = re.compile(
    r"\b(?:free|cost\w*|fee|polic\w*|how long|price\w*|pay\w*|return\w*|[üu]cret\w*)\b", re.I
)


# "when 🙏": a when with thanks in emoji (set BQ #44 was told "No problem").
_WHEN = re.compile(r"\bwhen\b|\bne zaman\b", re.IGNORECASE)


def asks_about_the_order(text: str) -> bool:
    """Whether a thank-you also asks about the order."""
    if text and _WHEN.search(text) and not _POLICY_WORDS.search(text):
        return True
    return (
        bool(text)
        and bool(_ASKS.search(text))
        and bool(_ORDER_WORDS.search(text))
        and not _POLICY_WORDS.search(text)
    )


def mocks(text: str) -> bool:
    """Whether a thank-you's words mock."""
    return bool(text) and MOCKING_THANKS.search(text) is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ThanksGuard(IntentGuard):
    """Turns a mocking `thank` into `complaint`, one asking about the order into `order_status`."""

    def intent_for(self, text: str, heard: str | None, tracker: DialogueStateTracker) -> str | None:
        if heard != THANK:
            return None
        if mocks(text):
            return COMPLAINT
        return ORDER_STATUS if asks_about_the_order(text) else None
