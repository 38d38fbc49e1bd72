"""Taking a request up again once the customer's order is verified.

"Cancel my order 100045", "swap my card for the 4070 super" and "notify me about order 100042"
need a verified order. Without one, the action asks for it (`next_step: verify` starts the order
lookup form). Once the order is found, `action_check_order_status` sets the featurised slot
`resume` to the request that started the lookup, a rule runs that action again, and the action
answers the customer's original message, not the email or postal code they typed last.

Which request started the lookup is read from the conversation's events, not remembered in a
slot: a lookup the customer started themselves ("where is my order?"), or one they abandoned,
can never resume a cancellation asked for earlier.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ActionRun

ORDER_FORM = "order_lookup_form"
CHECK_ORDER = "action_check_order_status"
# The actions that can send the customer to verify first, by their `resume` slot value.
RESUMABLE = {
    "action_propose_cancel": "cancel",
    "action_propose_swap": "swap",
    "action_subscribe": "subscribe",
}


def lookup_starter(tracker: Tracker) -> tuple[str | None, dict[str, Any] | None]:
    """The action that started the latest order lookup, and the customer's message it answered.

    A lookup starts when the form runs while it is not active. A failed attempt restarts the form
    right after `action_check_order_status`: that is the same lookup, not a new start."""
    starter: str | None = None
    message: dict[str, Any] | None = None
    last_action: str | None = None
    last_user: dict[str, Any] | None = None
    active: str | None = None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "user":
            last_user = event
        elif kind == "active_loop":
            active = event.get("name")
        elif kind in ("restart", "session_started"):
            active = last_user = None
        elif kind == "action":
            name = event.get("name")
            if name == ORDER_FORM and active != ORDER_FORM and last_action != CHECK_ORDER:
                starter, message = last_action, last_user
            last_action = name
    return starter, message


def _resumable_request(tracker: Tracker) -> tuple[str | None, dict[str, Any] | None]:
    """The `resume` value of the request that started the latest lookup and its message, or
    (None, None) when the customer started the lookup themselves."""
    starter, message = lookup_starter(tracker)
    kind = RESUMABLE.get(starter or "")
    said = str((message or {}).get("text") or "")
    if (
        kind == "cancel"
        and _REPORTS_CANCELLED.search(said)
        # ("why is my order cancelled?? i didnt cancel anything": set BJ #13 resumed it.)
        and not asks_in_words(_DENIES_CANCELLING.sub(" ", said), "cancel")
    ):
        # "siparişim iptal görünüyor, neden??" heard as a cancellation: what happened is asked,
        # nothing is to be cancelled once the order is found.
        return None, None
    if (
        kind == "cancel"
        and _VENTS.search(said)
        and not asks_in_words(said, "cancel")
        and not _REMOVES.search(said)
    ):
        # "order 100335. 3 i7 14700k. back-ordered. AGAIN. amazing service" heard as a
        # cancellation: a complaint, with no cancel in it; the order is shown, nothing proposed
        # (set BK #32 was offered the cancellation of all three).
        return None, None
    return (kind, message) if kind and message is not None else (None, None)


# A cancellation reported, not asked for: "iptal görünüyor", "it shows cancelled".
# Venting: anger or sarcasm in the words (not a request by itself).
_VENTS = re.compile(
    r"\b(?:AGAIN|STILL|NOTHING|NEVER|EVERYTHING|ALL)\b|!!|\?\?"
    # "EVERYTHING in this order is back-ordered. the 7600, the crucial ssds, the 4070 super.
    # everything." (set BQ #6 was offered the 4070 Super's cancellation)
    r"|(?i:\b(?:everything|all of it|every (?:item|line|single)|all)\b[^.?!]{0,40}"
    r"\b(?:is|are) (?:still )?back-?\s?ordered\b)"
    r"|(?i:\b(?:amazing|great|excellent|wonderful|fantastic|brilliant|lovely|awesome)"
    r" (?:service|support|job|work)\b|\b(?:ridiculous|unacceptable|worst|terrible|awful|joke"
    r"|pathetic|useless|rezalet\w*|berbat\w*)\b)"
)
# "I didn't cancel anything", "I never cancelled it", "iptal etmedim": no request.
_DENIES_CANCELLING = re.compile(
    r"\b(?:i )?(?:didn'?t|didnt|did not|never|haven'?t|have not) (?:even |ever )?cancel\w*"
    r"|\biptal etmedim\b",
    re.I,
)
# A cancellation in other words: "drop the ssd", "I don't want it anymore".
_REMOVES = re.compile(
    r"\b(?:drop|remove|take (?:it |them )?off|get rid of|refund|(?:don'?t|dont|no longer)"
    r" (?:want|need)|vazge[çc]\w*|istemiyorum)\b",
    re.I,
)
_REPORTS_CANCELLED = re.compile(
    r"\biptal\s+(?:edilmi|edildi|olmu|oldu|g[öo]r[üu]n|g[öo]z[üu]k|yaz[ıi]yor)\w*"
    r"|\bcancell?ed\b",
    re.IGNORECASE,
)


def request_to_resume(tracker: Tracker) -> str | None:
    """The `resume` value for the lookup that just found the order: the request that needed it,
    or None when the customer started the lookup themselves."""
    return _resumable_request(tracker)[0]


def _as_first_asked(tracker: Tracker, kind: str) -> Tracker:
    """The tracker with the message that asked for `kind` as its latest message. An order number
    in it becomes the verified one: the lookup took it from there, or the customer corrected it."""
    asked, message = _resumable_request(tracker)
    if asked != kind or message is None:
        return tracker
    parse_data = dict(message.get("parse_data") or {})
    verified = tracker.get_slot("verified_order_number")
    parse_data["entities"] = [
        {**entity, "value": verified}
        if entity.get("entity") == "order_number" and verified
        else entity
        for entity in parse_data.get("entities") or []
    ]
    parse_data["text"] = message.get("text") or parse_data.get("text") or ""
    resumed = copy.copy(tracker)
    resumed.latest_message = parse_data
    return resumed


def resumable(kind: str) -> Callable[[ActionRun], ActionRun]:
    """For an action that may need a verified order first: when a rule runs it again with
    `resume` set to `kind`, it answers the message that asked for it. `resume` is cleared
    whatever the action does: Rasa wants every rule with the action to say so (`resume: null`)."""

    def wrap(run: ActionRun) -> ActionRun:
        @functools.wraps(run)
        async def resumed_run(
            self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
        ) -> list[EventType]:
            if tracker.get_slot("resume") == kind:
                tracker = _as_first_asked(tracker, kind)
            return [SlotSet("resume", None), *await run(self, dispatcher, tracker, domain)]

        return resumed_run

    return wrap


# A request typed in the same message as the order details ("order 100187, email ... cancel just
# the 7800X3D", "#100042 ada@... notify me when it ships"): the message is an order question to
# the NLU, and the request goes on once the lookup finds the order.
# Fewer units asked for: "I ordered 3 WD SN850X 2TB, make it 2", "reduce it from 3 to 2", "i
# want 2 ryzen 9 7950x not 3".
def asks_fewer(text: str) -> bool:
    """Whether the message asks for fewer units of something ordered ("make it 2")."""
    return _asks_fewer_units(text)


_REQUEST_WORDS = (
    (
        "cancel",
        re.compile(
            # Not "why was my order cancelled?", "iptal edilmiş": what happened, not a request.
            r"\bcancel(?!l?ed\b)\w*"
            r"|\biptal\b(?!\s+(?:edilmi|edildi|olmu|oldu|g[öo]r[üu]n|g[öo]z[üu]k|yaz[ıi]yor))"
            r"|\bonly need (?:\d|one|two|three)\b|\bby mistake\b",
            re.I,
        ),
    ),
    (
        "swap",
        re.compile(r"\b(?:swap|switch|exchange|replace)\b|\bde[ğg]i[şs]tir\w*|\byerine\b", re.I),
    ),
    (
        "subscribe",
        re.compile(
            r"\b(?:notify me|(?<!can you )(?<!could you )let me know when"
            r"|keep me (?:posted|updated)|message me when|text me when|alert me"
            r"|send me a (?:message|text|notification|note) (?:when|if|once))\b"
            r"|\bhaber ver\w*|\bbildir(?:in|ir misiniz)\b",
            re.I,
        ),
    ),
)


def asks_in_words(text: str, kind: str) -> bool:
    """Whether the message asks for this kind of request in words, whatever else it asks."""
    return any(words.search(text) for found, words in _REQUEST_WORDS if found == kind) or (
        kind == "cancel" and _asks_fewer_units(text)
    )


def _asks_fewer_units(text: str) -> bool:
    """Fewer units of a line in any of the cancellation's words ("I want only 2 of the 7950X
    instead of 3", "3 değil 2 tane istiyorum"): the cancellation module's own reading."""
    from actions.cancel import reduced_quantity  # built on this module

    return reduced_quantity(text) is not None


def request_in_words(text: str) -> str | None:
    """The `resume` value of the one request the message makes in words, or None (none, or
    more than one kind: then the order is shown and the customer asked what to do)."""
    found = [kind for kind, words in _REQUEST_WORDS if words.search(text)]
    if "cancel" not in found and _asks_fewer_units(text):
        found.insert(0, "cancel")  # "100360 / 29835 - I want only 2 of the 7950X instead of 3"
    if set(found) == {"cancel", "swap"} and _OTHERWISE_CANCEL.search(text):
        # "switch it to a samsung 990 pro 2tb if you have it, otherwise cancel it": the swap
        # first; the cancellation only if it can't be.
        return "swap"
    return found[0] if len(found) == 1 else None


def otherwise_cancel(text: str) -> bool:
    """Whether a cancellation is asked only if something else can't be done ("switch it to a
    990 pro if you have it, otherwise cancel it")."""
    return _OTHERWISE_CANCEL.search(text) is not None


# A cancellation asked only if something else can't be done.
_OTHERWISE_CANCEL = re.compile(
    r"\b(?:otherwise|or else|else|if not|if you (?:don'?t|can'?t)|aksi halde|yoksa|olmazsa)\b"
    r"[^.?!]{0,30}\b(?:cancel|iptal)",
    re.I,
)
