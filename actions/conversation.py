"""Conversation mechanics that belong to no topic: the two-stage fallback."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendUnavailable
from actions.common import ClientFactory, Today, never_raises, settings_today
from actions.orders import answer_named_lines
from actions.products import answer_availability, guessed_product, variant_of

FALLBACK_INTENT = "nlu_fallback"


class ActionFallback(Action):
    """A message the NLU is unsure of that names a product of the verified order is about that
    line ("how long for the ram then"); one that adds a word to the product just talked about is
    about that product's variant ("and the ti version?" after the RTX 4070 Super); one that names
    a product of the catalogue is about its stock. Otherwise,
    the first miss asks to rephrase and a second miss in a row offers an agent."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_fallback"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        client = self._client_factory()
        if await answer_named_lines(client, dispatcher, tracker, self._today()):
            return []
        current = tracker.get_slot("product_sku")
        text = tracker.latest_message.get("text") or ""
        try:
            product = await variant_of(client, current, text) if current else None
            if product is None:
                # "do u have the ironwolf pro 12tb?": a product the NLU has never seen, found in
                # the live catalogue (an imported one too) by the words that aren't the question.
                product = await guessed_product(client, tracker)
        except BackendUnavailable:
            product = None  # a guess only: without the catalogue, ask to rephrase
        if product is not None:
            return await answer_availability(
                client, dispatcher, tracker, product.sku, self._today()
            )
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
