"""What the bot can't do here, said plainly, and frustration met with an apology and the facts.

A request the bot has no operation for (changing the address, a tracking number, a discount code,
an invoice, a damaged item, a payment problem, a phone number) gets its own answer: that the bot
can't do it in the chat, what the customer can do, and a person offered. Never an unrelated FAQ.

An angry customer gets an apology that names the problem. When their order is verified in this
chat, the apology names its back-ordered items and their lines follow, fresh from the backend
(or, when nothing waits on a supplier, every line, so the customer sees it is on its way);
otherwise the bot offers to look the order up or to pass the chat to a person.
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.common import ClientFactory, Today, language, latest_intent, settings_today
from actions.feedback import ActionStoreFeedback, typed_rating_after_question
from actions.lines import verified_order
from actions.orders import describe_line
from backorder_common.wording import join_and

LIMIT_INTENTS = (
    "change_order",
    "tracking",
    "discount",
    "invoice",
    "damaged_item",
    "payment_problem",
    "contact_phone",
)

# "can you ship the SSD first", "send them separately", "hold it until everything is in":
# a question about how the order is split into parcels, answered by the shop's policy. In
# Turkish: "ayrı ayrı gönderin", "önce ssd'yi gönderin", "hazır olanı yollayın", "parça parça",
# "hepsi birlikte gelsin", "tek kargoda", "kalanını sonra", "stokta olanları şimdi".
_SPLIT_SHIPMENT = re.compile(
    r"\b(?:first|separate(?:ly)?|split|partial(?:ly)?|together|at once|in one (?:box|parcel|go)"
    r"|what(?:'s| is) (?:in stock|available)|the rest later|wait for (?:everything|all)"
    r"|ayr[ıi] ?ayr[ıi]|ayr[ıi] (?:kargo|paket|koli|g[öo]nder|yolla)\w*|[öo]nce(?:likle)?"
    r"|par[çc]a par[çc]a|par[çc]al[ıi]|b[öo]l(?:[üu]n|erek|ebil|[üu]p)\w*"
    r"|haz[ıi]r ol\w*|stokta (?:ol|bul|mevcut)\w*|mevcut ol\w*"
    r"|birlikte|beraber|toplu(?:ca)?|tek (?:seferde|kargo\w*|paket\w*|koli\w*)"
    r"|kalan\w*|geri kalan\w*|hepsi gel\w*)\b",
    re.I,
)


def limit_response(intent: str, text: str) -> str | None:
    """The response that explains a limit, for the message's intent; None for other intents."""
    if intent not in LIMIT_INTENTS:
        return None
    if intent == "change_order" and _SPLIT_SHIPMENT.search(text or ""):
        return "utter_limit_split_shipment"
    return f"utter_limit_{intent}"


class ActionExplainLimit(Action):
    def name(self) -> str:
        return "action_explain_limit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        response = limit_response(latest_intent(tracker), text)
        dispatcher.utter_message(response=response or "utter_limit_contact_phone")
        return []


class ActionFrustration(Action):
    """An apology that names the problem; the order's facts when it is verified here."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_frustration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if typed_rating_after_question(tracker):
            # "1. never buying here again" answers the rating question: it is a rating.
            store = ActionStoreFeedback(self._client_factory)
            return await store.run(dispatcher, tracker, domain)
        order = await verified_order(self._client_factory(), tracker)
        if order is None:
            dispatcher.utter_message(response="utter_sorry_general")
            return []
        waiting = [line for line in order.lines if line.status == "backordered"]
        lang = language(tracker)
        if waiting:
            dispatcher.utter_message(
                response="utter_sorry_order_delay", items=_names(waiting, lang)
            )
        else:
            # Nothing waits on a supplier: say so, with each line, rather than guess the grief.
            dispatcher.utter_message(
                response="utter_sorry_order_known", order_number=order.order_number
            )
        today = self._today()
        for line in waiting or order.lines:
            response, variables = describe_line(line, today, lang)
            dispatcher.utter_message(response=response, **variables)
        dispatcher.utter_message(response="utter_sorry_offer_person")
        return []


def _names(lines: list, lang: str) -> str:
    return join_and([line.name for line in lines], lang)
