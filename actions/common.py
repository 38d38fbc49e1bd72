"""What every topic module shares: the backend client factory, the customer's channel, the
verified order's credentials, entities of the latest message and a guard that keeps errors out
of Rasa."""

from __future__ import annotations

import abc
import datetime as dt
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient, BackendUnavailable
from backorder_common.wording import amount, currency_name, language_of
from rasa_components.order_details import find_details

logger = logging.getLogger(__name__)

ClientFactory = Callable[[], BackendClient]
Today = Callable[[], dt.date]
Now = Callable[[], dt.datetime]

# Values of the featurised slot `next_step`; the rules route on them.
NEXT_LISTEN = "listen"
NEXT_VERIFY = "verify"
NEXT_EMAIL = "email"


def settings_today() -> dt.date:
    # Imported here: importing the actions package must not read settings.
    from backorder_common.settings import get_settings

    return get_settings().today()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def channel_of(tracker: Tracker) -> tuple[str, str | None]:
    """The channel and, on Telegram, the address: the gateway names conversations
    `tg:<chat_id>` and `web:<session_id>`; anything else is treated as the web."""
    sender = tracker.sender_id or ""
    if sender.startswith("tg:"):
        return "telegram", sender[3:]
    return "web", None


def verified_credentials(tracker: Tracker) -> tuple[str, str | None, str | None] | None:
    """(order number, email, postal code) of the order verified in this conversation, if any."""
    order_number = tracker.get_slot("verified_order_number")
    email = tracker.get_slot("email")
    postal_code = tracker.get_slot("postal_code")
    if not order_number or not (email or postal_code):
        return None
    return str(order_number), email, postal_code


def _mentions(tracker: Tracker, entity: str) -> list[dict[str, Any]]:
    return [
        e
        for e in tracker.latest_message.get("entities", []) or []
        if e.get("entity") == entity and e.get("value") not in (None, "")
    ]


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The entity's value in the latest message; the longest when several overlap."""
    values = [str(e.get("value")) for e in _mentions(tracker, entity)]
    return max(values, key=len) if values else None


def last_mentioned(tracker: Tracker, entity: str) -> str | None:
    """The entity's value that ends last in the latest message ("swap my graphics card for the
    rx 7800 xt": the rx 7800 xt); the longest of those ending there."""
    found = _mentions(tracker, entity)
    if not found:
        return None
    last = max(found, key=lambda e: (e.get("end") or 0, len(str(e.get("value")))))
    return str(last.get("value"))


def latest_intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def language(tracker: Tracker) -> str:
    """The conversation's language ("en" or "tr"): what every variable an action fills is
    written in (the responses' own wording is chosen by Rasa on the same slot)."""
    return language_of(tracker.get_slot("language"))


def money(value: Decimal | None, lang: str = "en") -> str:
    """An amount without its currency: '1299.00' (en), '1.299,00' (tr); '?' when unknown."""
    return amount(value, lang) if value is not None else "?"


def currency(code: str | None, lang: str = "en") -> str:
    """A currency next to an amount: 'TRY' (en), 'TL' (tr)."""
    return currency_name(code, lang) if code else ""


def next_step(value: str) -> SlotSet:
    return SlotSet("next_step", value)


def payload(intent: str, **entities: str) -> str:
    """A button payload that triggers `intent` with entities, bypassing the NLU."""
    if not entities:
        return f"/{intent}"
    import json

    return f"/{intent}{json.dumps(entities)}"


ActionRun = Callable[..., Awaitable[list[EventType]]]


# The keys of every message a dispatcher collects; any other key is a value of its response.
_MESSAGE_KEYS = frozenset(
    ("text", "buttons", "elements", "custom", "template", "response", "image", "attachment")
)


# The short limit said instead of a long one repeated from the turn before.
LIMIT_AGAIN = "utter_limit_again"
LIMIT_AGAIN_QUESTION = "utter_limit_again_question"


def limit_again(text: str) -> str:
    """What a limit said a turn ago is, said again: the short "I really can't", or to a new
    question on it ("what about student discount"), "I can't answer that here either"."""
    return LIMIT_AGAIN_QUESTION if _NEW_QUESTION.match(text) else LIMIT_AGAIN


_NEW_QUESTION = re.compile(
    r"\s*(?:ok(?:ay)?[,.]?\s+|and\s+|so\s+)?(?:what about|how about|do you|does|is there|are there"
    r"|can i|could i|where|which|who)\b",
    re.IGNORECASE,
)


def said_this_turn(tracker: Tracker) -> set[str]:
    """The responses the bot has said since the customer's latest message."""
    said: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            said.add(str((event.get("metadata") or {}).get("utter_action") or ""))
    return said


def _says_each_once(run: ActionRun) -> ActionRun:
    """The action's turn with every message said once: two answers of one message that reach
    the same reply ("who can then?" as a limit follow-up and as a limit) say it once; a limit
    said in the turn before is said again in short (`LIMIT_AGAIN`)."""

    @functools.wraps(run)
    async def once(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[EventType]:
        events = await run(self, dispatcher, tracker, domain)
        # A fixed answer (no values) another action of this turn said already is not said again:
        # "can I return one?" answered by the order's status and by the cancel it resumed.
        said = said_this_turn(tracker)
        before = {response for response, _ in last_turn(tracker)}
        again = limit_again(tracker.latest_message.get("text") or "")
        unique: list[dict[str, Any]] = []
        for message in dispatcher.messages:
            fixed = not (set(message) - _MESSAGE_KEYS) and not any(
                message.get(key) for key in _MESSAGE_KEYS - {"response", "template"}
            )
            response = str(message.get("response") or "")
            if fixed and response.startswith("utter_limit_") and response in before:
                # "it says the key is already in use" right after the key's limit: not the same
                # paragraph again, the short "I really can't, shall I pass you on?".
                message = {**message, "response": again, "template": again}
            if message not in unique and not (fixed and message.get("response") in said):
                unique.append(message)
        dispatcher.messages[:] = _shortened_repeats(tracker, unique)
        _remind_pending_cancel(dispatcher, tracker, events)
        return events

    return once


# "when will the remaining one ship?", "and the rest?", "kalanlar ne zaman": said as if a
# cancellation that still waits for its yes were done.
_AS_IF_DONE = re.compile(r"\b(?:remaining|the rest|left over|other one|kalan\w*)\b", re.I)


def _remind_pending_cancel(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
) -> None:
    """After an answer that leaves a proposed cancellation waiting, to a message that speaks as
    if it were done ("thank you so much! when will the remaining one ship?"): it isn't yet, and
    the question again (sets AW #27, AX #44 left two units on the order without a word)."""
    detail = tracker.get_slot("pending_detail") or {}
    if (
        tracker.get_slot("pending") != "cancel"
        or not detail
        or not _AS_IF_DONE.search(tracker.latest_message.get("text") or "")
        or any(event.get("name") in ("pending", "pending_detail") for event in events)
        or any(m.get("response") == "utter_cancel_still_pending" for m in dispatcher.messages)
    ):
        return
    say_cancel_still_pending(dispatcher, detail)


# "hm", "hmm", "meh", "not sure", "hımm": thinking aloud, never a yes (a classifier may hear one).
_MUSING = re.compile(
    r"^\W*(?:h+m+|m{2,}|u+h+m*|u+m+|e+h+|meh|erm+|idk|dunno|not sure|i'?m not sure"
    r"|h[ıi]m+|bilmem|bilmiyorum|emin de[ğg]ilim)(?:\W+(?:h+m+|idk|ok|okay|well))?\W*$",
    re.IGNORECASE,
)


def is_musing(text: str) -> bool:
    return _MUSING.match(text) is not None


def say_nothing_to_confirm(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A yes with no proposal waiting for it: "not sure what you're saying yes to"; but "yes
    sign me up" right after the sign-up that answered the proposal is told it's set."""
    subscribed = any(said.startswith("utter_subscribed") for said, _ in last_turn(tracker))
    response = "utter_subscription_already_set" if subscribed else "utter_nothing_to_confirm"
    dispatcher.utter_message(response=response)


def say_cancel_still_pending(
    dispatcher: CollectingDispatcher, detail: dict[str, Any], order_number: str | None = None
) -> None:
    """Asks again the cancellation that waits for its yes (`detail`: the `pending_detail`)."""
    dispatcher.utter_message(
        response="utter_cancel_still_pending",
        what=detail.get("items") or f"{detail.get('quantity')} × {detail.get('name')}",
        order_number=detail.get("order_number", order_number),
    )


# A line in stock that is late, said in full with its apology a turn or two ago: said again, its
# date alone. The person offered in the turn before is not offered again. Unless the customer
# pushes ("it says in stock though. ship it!"): then the apology and the offer stand.
_LATE_LINES = ("utter_line_ready_late", "utter_line_ready_licence_late")
_LATE_AGAIN = "utter_line_ready_brief"
_OFFER_AGAIN = "utter_sorry_offer_person"
_OFFER_TURNS = 4  # turns back in which a person offered in passing is not offered again
_PUSHES = re.compile(r"!|\bin stock\b|\bstokta\w*|\?\?", re.IGNORECASE)


def _shortened_repeats(tracker: Tracker, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if _PUSHES.search(tracker.latest_message.get("text") or ""):
        return messages
    shortened = [
        {**message, "response": _LATE_AGAIN, "template": _LATE_AGAIN}
        if message.get("response") in _LATE_LINES and _said_late(tracker, str(message.get("name")))
        else message
        for message in messages
    ]
    if said_lately(tracker, _OFFER_TURNS, lambda response, _: response == _OFFER_AGAIN):
        # (Offered a few turns ago: the customer knows; "and the other one?" gets the line.)
        shortened = [m for m in shortened if m.get("response") != _OFFER_AGAIN]
    return shortened


def _said_late(tracker: Tracker, name: str) -> bool:
    """Whether the bot's last two turns said this line in stock was late."""
    return said_lately(tracker, 2, lambda response, text: response in _LATE_LINES and name in text)


class ReplyAction(Action, metaclass=abc.ABCMeta):
    """A custom action that answers the customer: its turn never says one message twice.
    (Abstract, so the action server registers only its subclasses.)"""

    @abc.abstractmethod
    def name(self) -> str: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            cls.run = _says_each_once(cls.__dict__["run"])  # type: ignore[method-assign]


def never_raises(run: ActionRun) -> ActionRun:
    """Turns an outage into a plain message plus an agent offer, and a bug into the same plus a
    log line: a custom action that raises leaves the customer with no answer at all."""

    @functools.wraps(run)
    async def guarded(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[EventType]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except BackendUnavailable:
            dispatcher.utter_message(response="utter_backend_down")
        except Exception:
            logger.exception("%s failed for %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(response="utter_backend_down")
        return [next_step(NEXT_LISTEN)]

    return guarded


# Answers that change nothing: a proposal made before them still stands ("swap to the 7800 XT?"
# "what's the price difference?" "... " "ok do it").
READ_ONLY_ACTIONS = frozenset(
    (
        "order_lookup_form",
        "action_check_availability",
        "action_check_order_status",
        "action_answer_faq",
        "action_explain_limit",
        "action_frustration",
        # "fark ne kadar" heard as out of scope: the swap's difference said, nothing changed.
        "action_out_of_scope",
    )
)
# How many such questions may come between a proposal and its yes.
MAX_QUESTIONS_SINCE_PROPOSAL = 2


def proposal_is_fresh(tracker: Tracker, proposing_actions: tuple[str, ...]) -> bool:
    """True when the bot's last action before this message was the proposal being answered, or
    the proposal came a question or two earlier and the bot has only answered questions since:
    a "yes" typed after anything else never confirms a stale change. A proposal is made by one of
    `proposing_actions`, or by any action that set `pending` ("is the 2 TB in stock? can I change
    to it?" answered by the stock question's action with the swap to confirm); one made in answer
    to a message that took it back ("o zaman iptal etme, ...") is no proposal."""
    questions = 0
    seen_user = False
    proposed = False  # a `pending` value set by the action met next (events run backwards)
    found = False  # the proposing action was met: its own message decides
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            said = str(event.get("text") or "")
            taken_back = _TAKEN_BACK.search(said) is not None
            if found:
                # The message the proposal answered: only a "don't cancel" in it undoes it
                # ("forget it. cancel the cpu" asked for it; "ssdyi iptal edin, ekran kartı
                # kalsın" keeps another line).
                return not _undoes(said, tracker.get_slot("pending"))
            if seen_user:
                questions += 1
                if questions > MAX_QUESTIONS_SINCE_PROPOSAL or taken_back:
                    return False
            seen_user = True
        elif found:
            continue
        elif seen_user and kind == "slot" and event.get("name") == "pending":
            proposed = proposed or bool(event.get("value"))
        elif seen_user and kind == "action" and event.get("name") != "action_listen":
            name = str(event.get("name"))
            if name in proposing_actions or proposed:
                found = True
            elif name not in READ_ONLY_ACTIONS:
                return False
    return found


def gives_details(tracker: Tracker, details: tuple[str, ...] = ("email", "postal_code")) -> bool:
    """Whether the latest message gives any of these order details (entities). By default the
    proof, an email or a postal code: with the order number known, the lookup runs at once, so
    "first I need to find your order" would only be in the way."""
    return any(
        entity.get("entity") in details for entity in tracker.latest_message.get("entities") or []
    )


def say_verify_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "First I need to find your order", unless this very message lets the lookup run."""
    if not gives_details(tracker):
        dispatcher.utter_message(response="utter_verify_first")


def previous_action(tracker: Tracker) -> str | None:
    """The bot's last action before the latest customer message (action_listen aside)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return str(event.get("name"))
    return None


# "nvm found it in my email", "found it on the website", "buldum, mailde yazıyormuş": the
# answer found elsewhere, not a parcel that came.
_FOUND_ELSEWHERE = re.compile(
    r"\bfound (?:it|that|the (?:answer|info\w*))\b[^.?!]{0,20}"
    r"\b(?:in|on) (?:my|the) (?:e-?mails?|mails?|inbox|account|website|site|app|order page)\b"
    # "nvm found the email, it already shipped"
    r"|\bfound (?:the|my) (?:e-?mail|mail|confirmation|answer)\b"
    r"|\b(?:mail\w*|e-?posta\w*|sitede)\b[^.?!]{0,20}\bbuldum\b|\bbuldum\b[^.?!]{0,20}"
    r"\b(?:mail\w*|e-?posta\w*|sitede)\b",
    re.IGNORECASE,
)


def found_it_elsewhere(text: str) -> bool:
    """Whether the message says the customer found what they wanted elsewhere ("nvm found it in
    my email"), asking nothing more."""
    # (The order number found in the email is about to be typed: "found the number in my mails".)
    return (
        _FOUND_ELSEWHERE.search(text) is not None
        and "?" not in text
        and not re.search(r"\bnumber\b|\bnumara\w*", text, re.IGNORECASE)
    )


def previous_message(tracker: Tracker) -> dict[str, Any]:
    """The customer's message before the latest one (its "text" and "parse_data"); {} if none."""
    seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen += 1
            if seen == 2:
                return event
    return {}


def said_lately(tracker: Tracker, turns: int, said: Callable[[str, str], bool]) -> bool:
    """Whether one of the bot's last `turns` turns (before the latest message) said a message
    for which `said(response name, text)` holds."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > turns:
                return False
        elif users and event.get("event") == "bot":
            response = str((event.get("metadata") or {}).get("utter_action") or "")
            if said(response, str(event.get("text") or "")):
                return True
    return False


def said_last_turn(tracker: Tracker, response: str) -> bool:
    """Whether the bot's last turn, before the latest message, said this response."""
    return any(said == response for said, _ in last_turn(tracker))


def last_turn(tracker: Tracker) -> list[tuple[str, str]]:
    """The bot's last turn before the latest message: (response name, text) of each message,
    latest first."""
    said: list[tuple[str, str]] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            response = str((event.get("metadata") or {}).get("utter_action") or "")
            said.append((response, str(event.get("text") or "")))
    return said


# "ok forget it", "never mind", "scratch that", "boşver", "vazgeçtim": not going ahead, whatever
# yes came before it.
_BACKS_OFF = re.compile(
    # ("dont bother asking for a rating" is about the rating, not the change.)
    r"\b(?:forget (?:it|that|about it|(?:the|that|this|my) (?:swap|change|cancel\w*|idea))"
    r"|never ?mind|nvm|scratch that|leave it|no swap|don'?t swap"
    r"|don'?t bother(?! asking| to ask| with)"
    r"|bo[şs]ver\w*|vazge[çc]\w*)\b",
    re.IGNORECASE,
)


# "don't cancel", "iptal etme": the change itself said no to.
_DONT_CHANGE = re.compile(
    r"\b(?:don'?t|dont|do not|no need to)(?: want to| wanna)? (?:cancel|swap|change)\b"
    # "dont even think about cancelling the graphics card"
    r"|\b(?:don'?t|dont|do not) (?:even )?(?:think (?:about|of)|try|dare) (?:cancel|swap|chang)\w*"
    r"|\bnot (?:to )?cancel\b"
    # ("1 tane kalsın", "biri kalsın": units kept beside a cancellation, not the order.)
    r"|\biptal etme(?:yin|yiniz|sin)?\b|\bde[ğg]i[şs]tirme(?:yin|yiniz|sin)?\b"
    r"|(?<!tane )(?<!biri )(?<!ikisi )(?<!\d )\bkals[ıi]n\b",
    re.IGNORECASE,
)
# Said between a proposal and a yes, these take the proposal back.
_TAKEN_BACK = re.compile(_BACKS_OFF.pattern + "|" + _DONT_CHANGE.pattern, re.IGNORECASE)


# "iptal edin", "cancel", "değiştirin": the change asked for.
_ASKS_CHANGE = re.compile(
    r"\biptal ed(?!me)\w*|\biptal etmek\b|\biptal et\b|\bcancel(?!led)\b|\bswap\b"
    r"|\bde[ğg]i[şs]tir(?!me)\w*"
    r"|\bde[ğg]i[şs]tirmek\b",
    re.I,
)


def refuses_the_change(said: str, pending: str | None = None) -> bool:
    """Whether a message says not to make the change waiting (`pending`): "don't cancel", not
    "sadece ekran kartını iptal et, eset kalsın" (what stays, beside what is asked)."""
    return _undoes(said, pending)


def _undoes(said: str, pending: str | None = None) -> bool:
    """Whether the message a proposal answered said not to make it: a "kalsın" (let it stay)
    beside a request to change names what to keep, not the change refused; a "don't cancel"
    beside the swap asked for doesn't refuse that swap (`pending` is the kind waiting)."""
    refusals = [m.group(0).lower() for m in _DONT_CHANGE.finditer(said)]
    if not refusals:
        return False
    keeps_only = all(r.startswith("kal") for r in refusals)
    # "ok then dont cancel, swap the 7800x3d for the 7900x instead": the cancellation is
    # refused, the swap asked for is the proposal.
    cancel_refused = all(re.search(r"cancel|iptal", r) for r in refusals)
    if pending == "swap" and cancel_refused and _SWAP_ASKED.search(said):
        return False
    return not (keeps_only and _ASKS_CHANGE.search(said))


_SWAP_ASKED = re.compile(
    r"\b(?:swap|switch|exchange|replace)\b|\bde[ğg]i[şs]tir(?!me)\w*|\byerine\b", re.I
)


# "ok let me think about it", "not sure yet", "bir düşüneyim": no answer yet, yes or no.
_THINKS_IT_OVER = re.compile(
    r"\b(?:let me think|i'?ll think|i will think|think (?:about it|it over)|not sure yet"
    r"|maybe later|decide later|sleep on it|d[üu][şs][üu]neyim|d[üu][şs][üu]nece[ğg]im"
    r"|d[üu][şs][üu]n[üu]p"
    # "let me talk to my husband first", "i need to check with my boss", "eşime bir sorayım".
    r"|(?:talk|speak|check|discuss|consult)\w* (?:it |this |that )?(?:over )?(?:with|to) my"
    r" (?:husband|wife|partner|boss|family|dad|father|mom|mother|parents|brother"
    r"|sister|friend|girlfriend|boyfriend|accountant|colleague)s?"
    r"|\bask my (?:husband|wife|partner|boss|dad|father|mom|mother|parents|brother"
    r"|sister|friend|girlfriend|boyfriend|accountant|colleague)s?"
    r"|e[şs]ime (?:bir )?sor\w*|e[şs]imle (?:bir )?konu[şs]\w*)\b",
    re.IGNORECASE,
)


def thinks_it_over(text: str) -> bool:
    """Whether the customer is taking time to decide ("ok let me think about it")."""
    return _THINKS_IT_OVER.search(text) is not None


# "I'll order it separately", "ok I'll place a new order then": the customer's own next step.
_DOES_IT_ELSEWHERE = re.compile(
    r"\bi'?ll (?:just )?(?:order|buy|place|get|look|check) (?:it|one|them|a new|another|the"
    r"|separately|elsewhere|myself)\b|\bi will (?:order|buy|place)\b"
    # "nevermind, I'll sell it to my friend instead", "I'll just keep both then"
    r"|\bi'?ll (?:just )?(?:sell|give) (?:it|them|one)\b"
    r"|\b(?:ayr[ıi]ca|yeni) sipari[şs] (?:veririm|verece[ğg]im|verir)\w*",
    re.IGNORECASE,
)


def does_it_elsewhere(text: str) -> bool:
    """Whether the customer says they'll do it themselves ("I'll order it separately")."""
    return _DOES_IT_ELSEWHERE.search(text) is not None


# "I'll wait for the Samsung", "I'd rather keep waiting", "beklerim": the order stays as it is.
_WILL_WAIT = re.compile(
    r"\bi'?ll (?:just )?(?:wait|keep waiting)\b|\bi will (?:just )?wait\b"
    r"|\b(?:rather|happy to|fine to|ok to) (?:keep )?wait\w*\b|\bbeklerim\b|\bbekleyece[ğg]im\b",
    re.IGNORECASE,
)


def will_wait(text: str) -> bool:
    """Whether the customer says they'll keep waiting ("I'll wait for the Samsung")."""
    return _WILL_WAIT.search(text) is not None


def without_order_details(text: str) -> str:
    """The message with its order numbers, emails and postal codes blanked out (as the NLU's
    details extractor reads them): "for order 100120" names no model number."""
    for detail in sorted(find_details(text), key=lambda d: d.start, reverse=True):
        text = text[: detail.start] + " " + text[detail.end :]
    return text


# "i didnt cancel that", "dont cancel", "iptal etmedim": a cancel word that asks for none.
_NEGATED_CANCEL = re.compile(
    r"\b(?:don'?t|dont|do not|didn'?t|didnt|did not|never|haven'?t|havent|have not|not"
    r"|no need to|won'?t|wont)\b(?:\s+\w+){0,2}?\s+cancel\w*"
    r"|\biptal\s+etme(?:di|yin|yiniz|sin|dim|dik|miştim|mistim)?\b",
    re.IGNORECASE,
)
_CANCEL_WORD = re.compile(r"\bcancel\w*|\biptal\b", re.IGNORECASE)


def refuses_every_cancel(text: str) -> bool:
    """Whether every cancel word of the message is negated ("ok dont cancel, just wondering",
    "it still ships right? i didnt cancel that"): nothing to cancel is asked for."""
    if _NOT_ALL.search(text):
        return False  # "tamamını iptal etmeyin", "don't cancel everything": some of it, then
    spans = [m.span() for m in _NEGATED_CANCEL.finditer(text)]
    # ("my order 100195 shows cancelled?? I didn't cancel anything": the state reported is no
    # request; set BL #7 was told "There's nothing left to cancel".)
    reported = [m.span("word") for m in _REPORTED_CANCEL.finditer(text)]
    words = [
        m.start()
        for m in _CANCEL_WORD.finditer(text)
        if not any(a <= m.start() < b for a, b in reported)
    ]
    return bool(words) and all(any(a <= w < b for a, b in spans) for w in words)


def reports_a_cancellation(text: str) -> bool:
    """Whether the message says something shows cancelled ("my order shows cancelled??")."""
    return _REPORTED_CANCEL.search(text) is not None


# A cancellation reported: "shows cancelled", "it says cancelled", "was cancelled".
_REPORTED_CANCEL = re.compile(
    r"\b(?:shows?|showing|says|said|is|was|been|got|gets|marked|appears|status(?: is)?)\s+"
    r"(?:as\s+)?(?P<word>cancell?ed)\b",
    re.I,
)


_NOT_ALL = re.compile(
    r"\b(?:tamam[ıi]n[ıi]|hepsini|t[üu]m[üu]n[üu]|everything|all of (?:it|them)|the whole"
    r"|all)\b",
    re.IGNORECASE,
)


def says_dont_change(text: str) -> bool:
    """Whether the message says not to make the change ("don't cancel", "iptal etmeyin")."""
    return _DONT_CHANGE.search(text) is not None


def backs_off(text: str) -> bool:
    """Whether a reply to a proposed change takes it back ("ok forget it, just notify me")."""
    return _BACKS_OFF.search(text) is not None or thinks_it_over(text)


def leaves_the_lookup(tracker: Tracker) -> list[EventType]:
    """ "forget it, i'll call you", "nvm found it in my email" while the order lookup asks for
    the order's details: the events that end the lookup (its rules then listen); [] otherwise."""
    text = tracker.latest_message.get("text") or ""
    if found_it_elsewhere(text) or _BACKS_OFF.search(text):
        return ends_the_lookup(tracker)
    return []


def ends_the_lookup(tracker: Tracker) -> list[EventType]:
    """The events that end the order lookup asking for details, when one is active and the
    message gives none; [] otherwise."""
    text = tracker.latest_message.get("text") or ""
    if not (tracker.active_loop or {}).get("name") or find_details(text):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def keeps_the_order(text: str) -> bool:
    """Whether a reply to a proposed change takes it back or says the customer will wait for
    the order as it is ("never mind, keep the 1 TB ones", "forget it, I'll wait")."""
    return backs_off(text) or will_wait(text)


def clear_pending() -> list[EventType]:
    return [SlotSet("pending", None), SlotSet("pending_detail", None)]
