"""A new session: what carries over from the last one, and what lapses with it.

Rasa starts a new session after `session_expiration_time` minutes without a message (domain.yml,
60), on a restart, and when the gateway sends `/session_start` (Telegram's /start). Proof of an
order (the number, the email or postal code, the verified order) never carries over: whoever
writes after the pause must verify again, and a request they make then goes on once they have.
What carries over is what makes the next answer better and proves nothing: when the customer
last saw each order (to say what changed since), the product they asked about, and whether they
were already asked to rate the chat.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

CARRIED_OVER = ("order_checks", "product_sku", "feedback_asked")


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
        events.append(ActionExecuted("action_listen"))
        return events
