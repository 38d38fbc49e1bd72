"""Conversation mechanics that belong to no topic: the two-stage fallback."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.common import ClientFactory, Today, settings_today, verified_credentials
from actions.lines import lines_named, verified_order
from actions.orders import answer_lines

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
        if verified_credentials(tracker) is not None:
            order = await verified_order(self._client_factory(), tracker)
            text = tracker.latest_message.get("text") or ""
            named = lines_named(order, text) if order is not None else []
            if order is not None and named:
                answer_lines(dispatcher, order, named, self._today())
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
