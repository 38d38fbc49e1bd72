"""The end of a conversation: goodbye with one rating question (1-5), and storing the rating."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.common import ClientFactory, channel_of, latest_entity, settings_today
from actions.conversation import answer_choice
from actions.orders import answer_named_lines

logger = logging.getLogger(__name__)

# "5", "4/5", "3 stars", "2 out of 5", "rating: 4" - the whole message is a rating.
RATING_ONLY = re.compile(
    r"^\s*(?:rating:?\s*)?([1-5])\s*(?:/\s*5|stars?|out of 5)?\s*[.!]*\s*$", re.IGNORECASE
)
LOW_RATING = 2
RATING_IN_TEXT = re.compile(
    r"\b([1-5])\s*(?:/\s*5|stars?|out of 5)|\brating:?\s*(?:is\s*)?([1-5])\b", re.IGNORECASE
)
# Right after the bot asked for a rating: "2, the bot is slow", "4 - quick answers", "3 meh".
RATING_FIRST = re.compile(
    r"^\s*(?:(?:my )?rating:?\s*(?:is\s*)?)?([1-5])(?![\d.,]\d)\s*(?:/\s*5|stars?|out of 5)?\b",
    re.IGNORECASE,
)
ASKING_FOR_A_RATING = (
    "action_goodbye",
    "utter_ask_feedback",
    "utter_ask_rating",
    "action_store_feedback",
)


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("feedback_asked"):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        dispatcher.utter_message(response="utter_ask_feedback")
        return [SlotSet("feedback_asked", True)]


class ActionStoreFeedback(Action):
    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        rating = parse_rating(
            latest_entity(tracker, "rating"), text, just_asked=_just_asked(tracker)
        )
        if rating is None and not _just_asked(tracker):
            # "hmm the first one you suggested", "so all 3 thinkpads sent? ok good": a choice
            # or a question about the order, whatever the NLU took it for.
            choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
            if choice is not None:
                return choice
            today = settings_today()
            if await answer_named_lines(self._client_factory(), dispatcher, tracker, today):
                return []
        comment = tracker.get_slot("feedback_comment")
        if not text.startswith("/") and not RATING_ONLY.match(text):
            comment = f"{comment} {text}".strip() if comment else text
        given = tracker.get_slot("feedback_rating")
        if rating is None and given and comment:
            # A remark after the rating ("you should let me see all my orders"): stored with
            # it, never the rating question again.
            return await self._store(dispatcher, tracker, int(given), comment, remark=True)
        if rating is None:
            dispatcher.utter_message(response="utter_ask_rating")
            return [SlotSet("feedback_comment", comment), SlotSet("feedback_asked", True)]
        return await self._store(dispatcher, tracker, rating, comment)

    async def _store(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        rating: int,
        comment: str | None,
        remark: bool = False,
    ) -> list[EventType]:
        channel, _ = channel_of(tracker)
        try:
            await self._client_factory().send_feedback(
                tracker.sender_id, channel, rating, comment or None
            )
        except (BackendError, Exception):
            logger.exception("storing feedback for %s failed", tracker.sender_id)
            dispatcher.utter_message(response="utter_feedback_not_stored")
        else:
            # A poor rating is a reason to hand off: the customer is offered a person.
            low = rating <= LOW_RATING
            response = "utter_feedback_low" if low else "utter_feedback_thanks"
            if remark:
                response = "utter_feedback_comment_thanks"
            dispatcher.utter_message(response=response, rating=rating)
        return [
            SlotSet("feedback_comment", None),
            SlotSet("feedback_asked", True),
            SlotSet("feedback_rating", float(rating)),
        ]


def parse_rating(entity: Any, text: str, just_asked: bool = False) -> int | None:
    """The 1-5 rating in a message; a leading digit counts only when the bot just asked."""
    for candidate in (str(entity) if entity is not None else "", text):
        match = RATING_ONLY.match(candidate) or RATING_IN_TEXT.search(candidate)
        if match:
            return int(next(group for group in match.groups() if group))
    match = RATING_FIRST.match(text) if just_asked else None
    return int(match.group(1)) if match else None


def typed_rating_after_question(tracker: Tracker) -> bool:
    """Whether the customer answered the rating question with a rating ("1. never again"),
    whatever the NLU made of the words after it."""
    text = (tracker.latest_message.get("text") or "").strip()
    return _just_asked(tracker) and RATING_FIRST.match(text) is not None


def _just_asked(tracker: Tracker) -> bool:
    """Whether the bot's last turn before this message asked for a rating."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") in ASKING_FOR_A_RATING
    return False
