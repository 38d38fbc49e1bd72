"""The end of a conversation: goodbye with one rating question (1-5), and storing the rating."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError
from actions.cancel import ActionCancelConfirmed, starts_with_yes
from actions.common import (
    ClientFactory,
    ReplyAction,
    channel_of,
    clear_pending,
    keeps_the_order,
    language,
    last_turn,
    latest_entity,
    previous_action,
    said_last_turn,
    say_cancel_still_pending,
    settings_today,
    thinks_it_over,
)
from actions.conversation import ActionFallback, answer_choice
from actions.orders import answer_named_lines
from actions.swap_price import repeat_proposal
from actions.tone import sounds_upset
from actions.topics import answered_limit_followup, said_a_limit, utter_topics
from backorder_common.ratings import (
    RATING_FIRST,
    RATING_ONLY,
    asks_to_leave_feedback,
    rating_in,
    value_of,
)

logger = logging.getLogger(__name__)

# A rating this low or lower offers a person.
LOW_RATING = 2

ASKING_FOR_A_RATING = (
    "action_goodbye",
    "utter_ask_feedback",
    "utter_ask_rating",
    "action_store_feedback",
)


class ActionGoodbye(ReplyAction):
    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if (
            (
                said_last_turn(tracker, "utter_ask_feedback")
                or said_last_turn(tracker, "utter_ask_rating")
            )
            and len(text.split()) > _MAX_BYE_WORDS
            and not _BYE.search(text)
        ):
            # "everything arrived but it took 9 days to Kadıköy, that's too slow" to "how would
            # you rate this chat?": a comment for the team, not a goodbye (set BB #28).
            return list(await ActionStoreFeedback().run(dispatcher, tracker, domain))
        if tracker.get_slot("feedback_asked"):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        dispatcher.utter_message(response="utter_ask_feedback")
        return [SlotSet("feedback_asked", True)]


# A goodbye in words: "no that's all, bye", "thanks, have a nice day", "görüşürüz".
_BYE = re.compile(
    r"\b(?:bye|goodbye|good night|see you|cya|ciao|that'?s all|nothing else|have a (?:nice|good)"
    r"|take care|ho[şs][çc]a ?kal\w*|g[öo]r[üu][şs][üu]r\w*|iyi g[üu]nler|iyi ak[şs]amlar)\b",
    re.IGNORECASE,
)
_MAX_BYE_WORDS = 4
# A question or a request, not a remark: "so what date exactly", "can you send it".
_ASKS = re.compile(
    r"\b(?:what|when|why|how|where|which|can you|could you|can't you|cant you|will you"
    r"|ne zaman|neden|nas[ıi]l|nerede|m[ıi]s[ıi]n[ıi]z)\b",
    re.IGNORECASE,
)


# A fault reported, not asked about: "arrived with a dead pixel", "the card is broken",
# "çalışmıyor" (but "if I get a monitor with dead pixels?" is a question about the policy).
_REPORTS_FAULT = re.compile(
    r"\b(?:arrived|came|is|are|was|were|got)\b[^.?!]{0,30}\b(?:dead pixels?|broken|damaged"
    r"|cracked|faulty|defective|doa|dented)\b"
    r"|\b(?:does ?n[o']?t|doesnt|won'?t|not|stopped) (?:work|working|turn on|boot)\w*"
    r"|\bbozuk\w*|\bk[ıi]r[ıi]k\w*|\bhasarl[ıi]\w*|\b[çc]al[ıi][şs]m[ıi]yor\w*",
    re.IGNORECASE,
)
_IF = re.compile(r"\b(?:if|what if|e[ğg]er)\b", re.IGNORECASE)


class ActionStoreFeedback(ReplyAction):
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
        if rating is None and said_last_turn(tracker, "utter_ask_order_number"):
            from actions.orders import NO_ORDER_NUMBER  # built on this module

            if NO_ORDER_NUMBER.search(text):
                # "idk the number it was a graphics card from last week" while the number is
                # asked: where to find it, not the rating question (set BB #19).
                dispatcher.utter_message(response="utter_order_number_help")
                return []
        if rating is not None and is_sarcastic_rating(tracker, rating):
            # "great. amazing. 10/10 service" after "let me guess, you don't know when it will
            # arrive either": sarcasm, not a rating to store.
            from actions.limits import ActionFrustration  # built on this module

            frustration = ActionFrustration(self._client_factory)
            return list(await frustration.run(dispatcher, tracker, domain))
        waiting = tracker.get_slot("pending")
        detail = tracker.get_slot("pending_detail") or {}
        if rating is None and waiting == "cancel" and detail and starts_with_yes(text):
            # "perfect. the radeon card stays", "yes. and dont bother asking for a rating" heard
            # as feedback while "cancel 2 of the 3?" waits: the yes.
            confirm = ActionCancelConfirmed(self._client_factory)
            return list(await confirm.run(dispatcher, tracker, domain))
        if rating is None and not _just_asked(tracker) and waiting in ("cancel", "swap") and detail:
            # "found it cheaper elsewhere" while "cancel everything?" waits: a reason, not
            # feedback; the question stands. "hmm 3 x 70 more is too much. never mind, keep the
            # 1 TB ones": taken back, the order stays.
            if keeps_the_order(text):
                dispatcher.utter_message(response="utter_kept_order")
                return clear_pending()
            if waiting == "swap":
                repeat_proposal(dispatcher, detail, language(tracker))
            else:
                say_cancel_still_pending(dispatcher, detail)
            return [SlotSet("pending", waiting)]
        if rating is None and not _just_asked(tracker) and sounds_upset(text):
            # "1 aydır bekliyorum, rezalet 😤" heard as feedback: an apology with the facts,
            # never the rating question.
            from actions.limits import ActionFrustration  # built on this module

            frustration = ActionFrustration(self._client_factory)
            return list(await frustration.run(dispatcher, tracker, domain))
        if (
            rating is None
            and not _just_asked(tracker)
            and said_a_limit(tracker, turns=1)
            # ("ok fair enough. I'd like to leave feedback actually" after the licence-return
            # limit: feedback, set BD #3 got "I really can't do that".)
            and not asks_to_leave_feedback(text)
        ):
            # "come on, other shops give 5% for 3 pieces" right after the discount limit: the
            # same push-back, not a review to rate.
            if not answered_limit_followup(dispatcher, tracker, whole=True) and not utter_topics(
                dispatcher, text
            ):
                dispatcher.utter_message(response="utter_limit_again")
            return []
        if rating is None and not _just_asked(tracker) and thinks_it_over(text):
            # "çok uzun. düşüneceğim" after the dates: time to decide, not a review to rate (set
            # BO #25 got the rating question).
            dispatcher.utter_message(response="utter_take_your_time")
            return []
        if rating is None and not _just_asked(tracker):
            # "hmm the first one you suggested", "so all 3 thinkpads sent? ok good": a choice
            # or a question about the order, whatever the NLU took it for.
            choice = await answer_choice(dispatcher, tracker, domain, self._client_factory)
            if choice is not None:
                return choice
            today = settings_today()
            if await answer_named_lines(self._client_factory(), dispatcher, tracker, today):
                return []
            if "?" in text or _ASKS.search(text):
                # "great, 'back-ordered'. very helpful. so what date exactly", "can't you just
                # send a pdf?": a question, heard as feedback; never the rating question.
                fallback = ActionFallback(self._client_factory)
                answered = await fallback.answered_in_context(dispatcher, tracker, domain)
                if answered is not None:
                    return answered
        comment = tracker.get_slot("feedback_comment")
        if not text.startswith("/") and not RATING_ONLY.match(text):
            comment = f"{comment} {text}".strip() if comment else text
        given = tracker.get_slot("feedback_rating")
        if rating is None and given and comment:
            # A remark after the rating ("you should let me see all my orders"): stored with
            # it, never the rating question again.
            return await self._store(dispatcher, tracker, int(given), comment, remark=True)
        if rating is None:
            if _REPORTS_FAULT.search(text) and not _IF.search(text):
                # "I'd like to leave feedback. … one of the two LG ultrawides arrived with a dead
                # pixel": what can be done about it first, then the rating.
                dispatcher.utter_message(response="utter_limit_damaged_item")
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
    """The 1-5 rating in a message; a leading number counts only when the bot just asked."""
    for candidate in (str(entity) if entity is not None else "", text):
        rating = rating_in(candidate)
        if rating is not None:
            return rating
    match = RATING_FIRST.match(text) if just_asked else None
    return value_of(next(group for group in match.groups() if group)) if match else None


def gives_a_rating(tracker: Tracker) -> bool:
    """Whether the message gives a rating, whatever the NLU made of the words around it: an
    answer to the rating question ("1. never again"), or a rating on a scale, with a unit or a
    label anywhere ("rating 2/5. delivery took a week", "box was damaged. I'd give 3/5")."""
    text = (tracker.latest_message.get("text") or "").strip()
    if _just_asked(tracker) and RATING_FIRST.match(text) is not None:
        return True
    return not RATING_ONLY.match(text) and rating_in(text) is not None


# Thanks with a rating: meant, not sarcasm.
_THANKS = re.compile(
    r"\b(?:thank\w*|thx|solved|helpful|appreciate\w*|sa[ğg]ol\w*|te[şs]ekk[üu]r\w*)\b", re.I
)


def is_sarcastic_rating(tracker: Tracker, rating: int | None = None) -> bool:
    """A top rating given, unasked and with no thanks, right after the customer sounded upset
    (or the bot apologised): sarcasm ("great. amazing. 10/10 service")."""
    text = tracker.latest_message.get("text") or ""
    if rating is None:
        rating = parse_rating(latest_entity(tracker, "rating"), text)
    return (
        rating is not None
        and rating >= 4
        and not _just_asked(tracker)
        and not _THANKS.search(text)
        and not _GIVES_FEEDBACK.search(text)
        and _upset_before(tracker)
    )


# Feedback given on purpose: "I want to leave feedback: 4 stars", "geri bildirim: 4 yıldız".
_GIVES_FEEDBACK = re.compile(
    r"\b(?:feedback|review|rate you|rating|geri ?bildirim\w*|yorum\w*|de[ğg]erlendir\w*)\b", re.I
)


def _upset_before(tracker: Tracker) -> bool:
    """Whether the customer's message before this one sounded upset, or the bot's last turn
    apologised for the trouble."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) >= 2 and sounds_upset(str(users[-2].get("text") or "")):
        return True
    # (Not the offer of a person beside a late line: no apology for the customer's trouble.)
    return any(
        said.startswith("utter_sorry") and said != "utter_sorry_offer_person"
        for said, _ in last_turn(tracker)
    )


def _just_asked(tracker: Tracker) -> bool:
    """Whether the bot's last turn before this message asked for a rating."""
    return previous_action(tracker) in ASKING_FOR_A_RATING
