"""Conversation mechanics that belong to no topic: the two-stage fallback."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.common import ClientFactory, Today, settings_today
from actions.orders import answer_named_lines

FALLBACK_INTENT = "nlu_fallback"


class ActionFallback(Action):
    """A message the NLU is unsure of that names a product of the verified order is about that
    line ("how long for the ram then"). Otherwise, the first miss asks to rephrase and a second
    miss in a row offers an agent."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if await answer_named_lines(self._client_factory(), dispatcher, tracker, self._today()):
            return []
        if previous_intent(tracker) == FALLBACK_INTENT:
            dispatcher.utter_message(response="utter_fallback_handoff")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


def previous_intent(tracker: Tracker) -> str | None:
    """The intent of the customer's message before the latest one."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")
