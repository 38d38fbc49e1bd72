"""A new session: what carries over from the last one, and what lapses with it.

Rasa starts a new session after `session_expiration_time` minutes without a message (domain.yml,
60), on a restart, and when the gateway sends `/session_start` (Telegram's /start). Proof of an
order (the number, the email or postal code, the verified order) never carries over: whoever
writes after the pause must verify again, and a request they make then goes on once they have.
What carries over is what makes the next answer better and proves nothing: when the customer
last saw each order (to say what changed since), the product they asked about, whether they
were already asked to rate the chat, and their language.

The language (`en`, `tr`) is the channel's when it says one: the gateway sends the customer's
language (Telegram's language code, the web page's) as the message metadata `language`, which
Rasa hands the session start as the slot `session_started_metadata`. Without it, the last
session's language carries over. From then on the customer's own words decide
(rasa_components/language_detector.py).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from backorder_common.wording import LANGUAGES, language_of

CARRIED_OVER = ("order_checks", "product_sku", "feedback_asked", "language")


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        if domain.get("session_config", {}).get("carry_over_slots_to_new_session", True):
            for name in CARRIED_OVER:
                value = tracker.get_slot(name)
                if value is not None:
                    events.append(SlotSet(name, value))
        language = channel_language(tracker.get_slot("session_started_metadata"))
        if language is not None:
            events.append(SlotSet("language", language))
        events.append(ActionExecuted("action_listen"))
        return events


def channel_language(metadata: object) -> str | None:
    """The language the channel gave with the session's first message ("tr-TR" -> "tr"); None
    when it gave none. A language the shop doesn't answer in ("de") is English."""
    if not isinstance(metadata, dict):
        return None
    value = metadata.get("language")
    if not isinstance(value, str) or not value.strip():
        return None
    language = language_of(value)
    return language if language in LANGUAGES else None
