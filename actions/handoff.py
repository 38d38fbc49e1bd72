"""Handing a conversation to the support agents, and taking it back.

`action_handoff` opens a ticket in the backend with what the bot learned and the transcript,
tells the customer their place in the queue (or when agents are back) and pauses the
conversation: from then on the gateway routes the customer's messages to the ticket. When the
agent resolves it the gateway resumes the conversation and runs `action_handoff_resolved`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.common import ClientFactory, ReplyAction, channel_of, language, thinks_it_over
from actions.phrases import back_at, nobody_free, support_hours, wait
from actions.resume import asks_in_words
from actions.topics import answered_limit_followup, utter_topics

logger = logging.getLogger(__name__)

MAX_TRANSCRIPT = 300
MAX_TEXT = 4000
BACK_TO_BOT = "/back_to_bot"

# The bot's last words before the customer asked for a person tell why they did.
REASON_BY_RESPONSE = {
    "utter_fallback_handoff": "misunderstood",
    "utter_verification_handoff": "verification_failed",
    "utter_too_many_attempts": "verification_failed",
    "utter_cancel_line_shipped": "not_allowed",
    "utter_feedback_low": "low_rating",
    "utter_backend_down": "backend_down",
    "utter_backend_unavailable": "backend_down",
}
# Slots the agent needs; the rest is dialogue bookkeeping.
SUMMARY_SLOTS = (
    "verified_order_number",
    "order_number",
    "email",
    "postal_code",
    "order_lookup_result",
    "verification_failures",
    "product",
    "pending",
    "pending_detail",
    "language",
)


def handoff_reason(events: Iterable[dict[str, Any]]) -> str:
    """Why the customer is handed off: from the bot's responses since their previous message."""
    seen_latest_user = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            if seen_latest_user:
                break
            seen_latest_user = True
            continue
        if kind == "bot" and seen_latest_user:
            response = (event.get("metadata") or {}).get("utter_action")
            if response in REASON_BY_RESPONSE:
                return REASON_BY_RESPONSE[response]
    return "asked"


def _at(timestamp: object) -> str | None:
    if isinstance(timestamp, int | float):
        return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat()
    return None


def transcript(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as the agent reads it: who said what, when, and the intent understood."""
    entries: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not isinstance(text, str) or not text.strip():
            continue
        entry: dict[str, Any] = {
            "author": "customer" if kind == "user" else "bot",
            "text": text[:MAX_TEXT],
            "at": _at(event.get("timestamp")),
        }
        if kind == "user":
            entry["intent"] = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        entries.append(entry)
    return entries[-MAX_TRANSCRIPT:]


def summary(tracker: Tracker) -> dict[str, Any]:
    """What the bot learned: the verified order, the intents in order, the useful slots."""
    intents: list[str] = []
    for event in tracker.events:
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and (not intents or intents[-1] != name):
                intents.append(name)
    slots = {
        name: tracker.get_slot(name)
        for name in SUMMARY_SLOTS
        if tracker.get_slot(name) not in (None, "", [])
    }
    verified = tracker.get_slot("verified_order_number")
    return {
        "order_number": str(verified) if verified else None,
        "verified": bool(verified),
        "intents": intents,
        "slots": slots,
    }


# Asking for a person in so many words: then a person it is, whatever else the message says.
_A_PERSON = re.compile(
    r"\b(?:human|person|people|agent|someone|somebody|representative|rep|operator|manager|real"
    r"|live|call|phone|talk|speak|chat with|connect|transfer|hand ?off"
    r"|temsilci\w*|insan\w*|ki[şs]i\w*|canl[ıi]\w*|operat[öo]r\w*|yetkili\w*|biri\w*|g[öo]r[üu][şs]\w*"
    r"|ba[ğg]la\w*|konu[şs]\w*)\b",
    re.IGNORECASE,
)


# Asking for a person outright: "can I talk to someone anyway", "biriyle görüşmek istiyorum".
_PERSON_ASKED = re.compile(
    r"\b(?:talk|speak|chat)\b[^.?!]{0,15}\b(?:someone|somebody|a person|a human|an agent"
    r"|a real person|a representative|support|your team)\b"
    r"|\bhand (?:me|it|this|the chat) over\b|\b(?:connect|transfer|put) me (?:to|through|with)\b"
    # "please pass me to someone who can change the address", "pass this on to your team"
    r"|\bpass (?:me|this|it|the chat)(?: on| over)? to (?:someone|somebody|a (?:real )?person"
    r"|a human|an agent|a manager|(?:your |the )?support|your team)\b"
    # "just get me a human", "i want a real person"
    r"|\b(?:get|give|find) me (?:a |an |the |your )?(?:human|real person|person|agent"
    r"|representative|manager|supervisor)\b"
    r"|\bi (?:want|need) (?:a |an |the |your )?(?:human|real person|agent|representative|manager"
    r"|supervisor)\b"
    r"|\b(?:biri|birisi|temsilci|yetkili)\w* (?:ile |y?le )?(?:konu[şs]|g[öo]r[üu][şs])\w*",
    re.IGNORECASE,
)


def asks_for_a_person(text: str) -> bool:
    return _PERSON_ASKED.search(text) is not None


class ActionHandoff(ReplyAction):
    def __init__(self, client_factory: ClientFactory | None = None, agreed: bool = False):
        # `agreed`: the customer said yes to a person offered just before ("ok, how do I start
        # that?"), so the words are not read for another question first.
        self._client_factory = client_factory or BackendClient.from_settings
        self._agreed = agreed

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if not self._agreed and thinks_it_over(text):
            # "hmm let me talk to my husband first" heard as asking for a person (set AZ #25).
            dispatcher.utter_message(response="utter_take_your_time")
            return []
        # "ok how do I order it then", "so who CAN give me a discount" heard as asking for a
        # person: what the words ask, or the offer of a person, not a ticket at once.
        if (
            not self._agreed
            and not text.startswith("/")
            and not _A_PERSON.search(text)
            and (
                utter_topics(dispatcher, text)
                or answered_limit_followup(dispatcher, tracker, whole=True)
            )
        ):
            return []
        if (
            not self._agreed
            and not text.startswith("/")
            and not _A_PERSON.search(text)
            and any(
                e.get("entity") == "product" for e in tracker.latest_message.get("entities", [])
            )
        ):
            # "ok bot. i want a gpu" heard as asking for a person (set BK #17 went to the
            # off-duty desk): the product asked for. Imported here: built on this module.
            from actions.products import ActionCheckAvailability

            check = ActionCheckAvailability(self._client_factory)
            return list(await check.run(dispatcher, tracker, domain))
        signed: list[EventType] = []
        if not text.startswith("/") and asks_in_words(text, "subscribe"):
            # "then tell me when they come back. and I want to talk to a real person": the
            # message first, then the person.
            from actions.subscriptions import ActionSubscribe  # built on more than this module

            subscribe = ActionSubscribe(self._client_factory)
            signed = [
                event
                for event in await subscribe.run(dispatcher, tracker, domain)
                if event.get("name") not in ("next_step", "resume")
            ]
        channel, _ = channel_of(tracker)
        try:
            ticket = await self._client_factory().open_handoff(
                tracker.sender_id,
                channel,
                handoff_reason(tracker.events),
                summary(tracker),
                transcript(tracker.events),
            )
        except Exception:
            # Never leave the customer without an answer, and never pause without a ticket.
            logger.exception("opening a handoff for %s failed", tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_failed")
            return []
        free = ticket.availability
        lang = language(tracker)
        kept: list[EventType] = []
        if tracker.get_slot("pending") and not text.startswith("/"):
            # "yok vazgeçtim, bir yetkiliyle konuşmak istiyorum" while a swap waits for its yes:
            # the order stays as it is, said before the person takes over.
            dispatcher.utter_message(response="utter_kept_order_for_person")
            kept = [SlotSet("pending", None), SlotSet("pending_detail", None)]
        if free.in_hours:
            dispatcher.utter_message(
                response="utter_handoff_queued",
                queue_position=free.queue_position or 1,
                expected_wait=wait(free.expected_wait, lang),
            )
        elif nobody_free(free.back_at):
            # Support hours, every agent away: not "off duty" at 10:10 on a Monday (set AM).
            dispatcher.utter_message(response="utter_handoff_nobody_free")
        else:
            dispatcher.utter_message(
                response="utter_handoff_after_hours",
                support_hours=support_hours(free.support_hours, lang),
                back_at=back_at(free.back_at, lang),
            )
        return [*signed, *kept, ConversationPaused()]


class ActionHandoffResolved(ReplyAction):
    """Run by the gateway after an agent resolved the ticket and the conversation resumed."""

    def name(self) -> str:
        return "action_handoff_resolved"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_handoff_resolved")
        dispatcher.utter_message(response="utter_ask_feedback")
        return [SlotSet("feedback_asked", True)]
