"""The entity extractor for order numbers, email addresses and postal codes.

Rasa's RegexEntityExtractor matches each pattern on its own, so "Order number: 100330 postcode
76018" gave two order numbers (a 5-digit postal code matched nothing, a 6-digit one matched both),
labels were ignored, and a postal code without its label was an order number. This component runs
after it, drops what it found of these three kinds and puts in what `order_details.find_details`
reads from the whole message (labels, shapes, prices; see that module).

It runs last, after the FallbackClassifier, for one more reason: a message made of details
("Order number: 100330 postcode 76018", "ravi@example.com #100375 where is my ssd??") has few
words the classifiers know; they call it `inform` or are unsure (`nlu_fallback`). Either way a
message that carries order details is an order question: its intent becomes `order_status`, so
the lookup starts (or goes on) with whatever details it holds, whichever other entities come
with it (Rasa's rules match exact entity sets, so a rule per combination could never be
complete).
"""

# Typing as in Rasa's own components (Python 3.10 venv; Rasa validates the graph's signatures).
# ruff: noqa: UP006, UP019, UP035

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_components.order_details import (
    EMAIL,
    ORDER_NUMBER,
    POSTAL_CODE,
    find_details,
    follows_its_number,
    gives_an_email_domain,
    mentions_an_address,
)

KINDS = (ORDER_NUMBER, EMAIL, POSTAL_CODE)
# Intents a short message correcting an email's domain is mistaken for.
CORRECTING = ("deny", "inform", "nlu_fallback", "affirm", "thank")
MAX_CORRECTION_WORDS = 8
# Intents that say nothing more than "here are some details" (or nothing at all).
VAGUE = ("inform", "nlu_fallback")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class OrderDetailsExtractor(GraphComponent, EntityExtractorMixin):
    """Order numbers, emails and postal codes from the whole message (`order_details`)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OrderDetailsExtractor:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or text.startswith("/"):
                continue  # a button's payload carries its own entities
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") not in KINDS]
            details = find_details(text)
            if mentions_an_address(text):
                # A new address's postal code is not a proof: the lookup must not start on it.
                # (But the order's own, written right after its number, is: "100120 / 70588 …
                # can you change the delivery address".)
                details = [
                    d
                    for i, d in enumerate(details)
                    if d.entity != POSTAL_CODE or d.labelled or follows_its_number(text, details, i)
                ]
            found = [
                {
                    "entity": detail.entity,
                    "start": detail.start,
                    "end": detail.end,
                    "value": detail.value,
                    "confidence_entity": 1.0,
                }
                for detail in details
            ]
            message.set(ENTITIES, others + self.add_extractor_name(found), add_to_output=True)
            intent = (message.get(INTENT) or {}).get("name")
            if details and intent in VAGUE:
                _decide(message, "order_status")
            elif (
                not details
                and intent in CORRECTING
                and len(text.split()) <= MAX_CORRECTION_WORDS
                and gives_an_email_domain(text)
            ):
                # "Apologies, it is .com, not .org", "oh its example.net sorry" after a failed
                # check: a detail given (the order form puts it on the email that failed), not
                # a no that ends the lookup (sets BE #31 and #36 were stuck).
                _decide(message, "inform")
        return messages


def _decide(message: Message, intent: str) -> None:
    """Replaces the fallback with `intent`, keeping the classifiers' ranking below it."""
    decided = {"name": intent, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
    message.set(INTENT, decided, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [decided, *ranking], add_to_output=True)
