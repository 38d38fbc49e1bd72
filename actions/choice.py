"""Choosing one of the buttons just offered by naming it: "the rx 7700 one", "ok the 7800 xt".

A choice by place ("the first one", "ilkiyle", "option 2") is read in the NLU, where it becomes
the button's own intent and entities (`rasa_components/button_choice.py`). A choice by name
can't be read there safely ("is the 7800 xt in stock?" names a button too), so it is read here,
by the actions a short answer lands in (the fallback, a yes, a mistaken `feedback`): the
buttons of the bot's last turn are in the tracker, each with the payload it would send
(`/swap_item{"product": "GPU-RX7700XT-12G"}`), and a message that names one of them is answered
as that button would have been, by the action the rules run for its intent.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from rasa_sdk import Tracker

from actions.common import previous_message

_WORD = re.compile(r"[a-z0-9çğıöşü]+")
# Button titles share words like these with any answer; they pick nothing by themselves.
_FILLER = {
    "swap",
    "to",
    "the",
    "a",
    "one",
    "no",
    "i",
    "ll",
    "wait",
    "gb",
    "tb",
    "me",
    "yes",
    "ok",
    "of",
    "in",
    "it",
    "is",
    "my",
    "and",
    "for",
    "with",
    "ile",
    "değiştir",
    # "under 500 euro, for 1440p gaming" chose the "… Gaming OC" card (set BK #17).
    "gaming",
}
MAX_WORDS = 12  # a choice is short; a long message is about something else
# "the samsung 870 evo 1tb is fine, I don't need nvme speed": a choice said at length.
_TAKES = re.compile(
    r"\b(?:is fine|(?:will|would) do|works for me|i'?ll take|i will take|give me|go with|let'?s do"
    r"|sounds good|make it|make that|is enough for me|olsun|alay[ıi]m|al[ıi]r[ıi]m)\b",
    re.I,
)
MAX_WORDS_TAKEN = 25


def takes_it(text: str) -> bool:
    """Whether the message takes something offered ("give me the 7800 xt then", "X is fine")."""
    return _TAKES.search(text) is not None


def offered_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the bot's messages since the customer's previous message that offer a
    thing to pick (their payload carries an entity: a product, a line); "Notify me of changes"
    or "Talk to a person" are next steps, not a list."""
    # (A turn that offered nothing to pick, answering a question about the options, leaves
    # them standing: "what are the prices of the 2TB ones? WD … vs Samsung …", then "ok the wd
    # black 2tb then".)
    turns: list[list[dict[str, Any]]] = [[]]
    asked: list[str] = []  # the customer's message each turn answered
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > 1:
                asked.append(str(event.get("text") or "").lower())
            if users > MAX_TURNS_BACK:
                break
            if users > 1:
                turns.append([])
        elif users and event.get("event") == "bot":
            turns[-1] = list((event.get("data") or {}).get("buttons") or []) + turns[-1]
    pickable = [
        [b for b in buttons if str(b.get("payload") or "").startswith("/") and "{" in b["payload"]]
        for buttons in turns
    ]
    if (
        not turns[0]
        and len(pickable) > 1
        and asked
        and _ASKS_ABOUT_THEM.search(asked[0])
        and not _TURNS_DOWN.search(asked[0])
        and any(_button_named(asked[0], [b]) for b in pickable[1])
    ):
        return pickable[1]
    return pickable[0]


# A question about the options ("what are the prices of the 2TB ones? WD … vs Samsung …"), not
# a turn-down of them ("hmm the 7700 xt is 140 more, no thanks").
_ASKS_ABOUT_THEM = re.compile(
    r"\?|\b(?:how much|prices?|costs?|vs|versus|difference|compare|fiyat\w*|fark\w*)\b", re.I
)
_TURNS_DOWN = re.compile(r"\bno\b|\bnope\b|\bnot\b|\bhay[ıi]r\b|\bistemiyorum\b", re.I)
_CANCEL_INSTEAD = re.compile(r"\bcancel\w*|\biptal\w*", re.I)
# How many of the bot's turns back a list of options is looked for.
MAX_TURNS_BACK = 2


def swap_buttons_lately(
    tracker: Tracker, turns_back: int = MAX_TURNS_BACK + 1
) -> list[dict[str, Any]]:
    """The swap buttons the bot offered in its replies to the customer's last `turns_back`
    messages before this one, latest first."""
    found: list[dict[str, Any]] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > turns_back:
                break
        elif users and event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            found += [b for b in buttons if intent_of(str(b.get("payload") or "")) == "swap_item"]
    return found


def swap_offered_lately(tracker: Tracker, turns_back: int = MAX_TURNS_BACK + 1) -> bool:
    """Whether the bot offered swap buttons in its replies to the customer's last `turns_back`
    messages before this one ("ok wd black sn850x 2tb then, both of them" after the swap list
    and a list of what else there is)."""
    return bool(swap_buttons_lately(tracker, turns_back))


def offered_swap_named(tracker: Tracker) -> dict[str, Any] | None:
    """The swap button offered lately that the latest message names ("ok o zaman wd black 2 tb
    ile değiştirelim" after the list), if it names one."""
    text = (tracker.latest_message.get("text") or "").strip().lower()
    return _button_named(text, swap_buttons_lately(tracker)) if text else None


def chosen_button(tracker: Tracker, intents: tuple[str, ...]) -> dict[str, Any] | None:
    """The offered button (one whose payload's intent is in `intents`) the latest message names;
    None when it names none or it isn't clear which."""
    text = (tracker.latest_message.get("text") or "").strip().lower()
    limit = MAX_WORDS_TAKEN if _TAKES.search(text) else MAX_WORDS
    if not text or text.startswith("/") or len(text.split()) > limit:
        return None
    buttons = [b for b in offered_buttons(tracker) if intent_of(b["payload"]) in intents]
    return _button_named(text, buttons)


def _button_named(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one button of `buttons` whose title the text names; None when none or unclear."""
    if not buttons:
        return None
    words = set(_WORD.findall(_split_sizes(text))) - _FILLER
    common = [words & set(_WORD.findall(_split_sizes(str(b["title"]).lower()))) for b in buttons]
    shared = [len(found) for found in common]
    best = max(shared)
    if not best or shared.count(best) != 1:
        return None
    # "the 7800 xt one": the button sharing the most words, if only one does, and by more than
    # a digit ("acer aspire 5" shares only the "5" of "Lenovo IdeaPad Slim 5, Ryzen 5").
    chosen = shared.index(best)
    return buttons[chosen] if any(len(word) > 2 for word in common[chosen]) else None


def _split_sizes(text: str) -> str:
    """ "wd black 2tb" as the titles write it: "wd black 2 tb"."""
    return re.sub(r"(\d)(tb|gb)\b", r"\1 \2", text)


def intent_of(payload: str) -> str:
    return payload[1:].split("{", 1)[0]


def button_product(button: dict[str, Any]) -> str | None:
    """The product a button's payload carries ('/swap_item{"product": "SSD-…"}'), if any."""
    payload = str(button.get("payload") or "")
    raw = payload[1 + len(intent_of(payload)) :]
    try:
        values = json.loads(raw) if raw.startswith("{") else {}
    except ValueError:
        return None
    product = values.get("product") if isinstance(values, dict) else None
    return str(product) if product else None


def as_pressed(tracker: Tracker, button: dict[str, Any]) -> Tracker:
    """A copy of `tracker` whose latest message is the button's payload, parsed as Rasa parses
    a payload: its intent and its entities."""
    payload = str(button["payload"])
    intent = intent_of(payload)
    raw = payload[1 + len(intent) :]
    values: dict[str, Any] = json.loads(raw) if raw.startswith("{") else {}
    pressed = copy.copy(tracker)
    pressed.latest_message = {
        **tracker.latest_message,
        # What the customer typed, for what else it asks ("benq how much? is it 144hz too?").
        "typed": tracker.latest_message.get("typed") or tracker.latest_message.get("text"),
        "text": payload,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": name, "value": value} for name, value in values.items()],
    }
    return pressed


# "all of them", "everything", "evet, hepsini": every item, where a button offers the order.
_ALL_OF_THEM = re.compile(
    r"^(?!.*\b(?:no|not|don'?t|dont|de[ğg]il|istemiyorum)\b).*"
    r"\b(?:all of (?:them|it)|everything|the whole (?:order|thing|lot)"
    r"|heps[ıi]\w*|t[üu]m[üu]\w*|tamam[ıi]n[ıi]|komple)\b",
    re.IGNORECASE,
)
# "ok that one", "yes go ahead", "do it": a choice, but of which button?
_THAT_ONE = re.compile(
    r"\b(?:th(?:at|is|e) one|go ahead|do it|that'?s? (?:it|fine|good)|bunu|şunu|sunu|onu"
    # "ok swap it" right after the swap buttons (set BK #41 got the list again)
    r"|swap (?:it|them)|switch (?:it|them))\b",
    re.I,
)


_SWAP_IT = re.compile(r"\b(?:swap|switch) (?:it|them)\b", re.I)


def _first_offered_for(tracker: Tracker, offered: list[dict[str, Any]]) -> str | None:
    """The customer's message the offered buttons first answered, in the run of bot turns
    that kept offering them (within the last few messages)."""
    payloads = {str(b.get("payload")) for b in offered}
    asked: str | None = None
    first: str | None = None
    for event in tracker.events[-LOOK_BACK_EVENTS:]:
        if event.get("event") == "user":
            asked = str(event.get("text") or "")
        elif event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            if payloads & {str(b.get("payload")) for b in buttons}:
                first = first or asked
            elif buttons:
                first = None  # other buttons since: the run is broken
    return first


# How far back (in events) the message the buttons were first offered for is looked for.
LOOK_BACK_EVENTS = 60


def picked(
    tracker: Tracker, intents: tuple[str, ...], agreed: bool = False
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """What the latest message picks among the offered buttons of `intents`: (the button, [])
    when it names one, or says "that one" (or, `agreed`, yes to swaps) to the only one;
    (None, the buttons) when it says so to several, to be asked which; (None, []) otherwise."""
    button = chosen_button(tracker, intents)
    said = tracker.latest_message.get("text") or ""
    if (
        button is not None
        and intent_of(button["payload"]) == "swap_item"
        and _TURNS_DOWN.search(said)
        and _CANCEL_INSTEAD.search(said)
    ):
        # "the 7700 xt is 140 more, no. just cancel the 4060": that swap turned down, a
        # cancellation asked (set BC #39 proposed the swap again, and the yes swapped).
        return None, []
    if button is not None:
        return button, []
    offered = [b for b in offered_buttons(tracker) if intent_of(b["payload"]) in intents]
    text = tracker.latest_message.get("text") or ""
    whole = [b for b in offered if '"order_number"' in str(b["payload"])]
    if len(whole) == 1 and _ALL_OF_THEM.search(text):
        # "evet, hepsini", "all of them" to "which item do you want to cancel?": the whole order.
        return whole[0], []
    # A yes answers "swap it for one of these?"; after other buttons it is just an "ok".
    swaps = any(intent_of(b["payload"]) == "swap_item" for b in offered)
    if not ((agreed and swaps) or _THAT_ONE.search(text)):
        return None, []
    if len(offered) == 1:
        return offered[0], []
    # The message just before, or the one the buttons were first offered for ("Do you have the
    # 990 Pro 2TB? … swap to that", the list, "how much extra in total?", the list again, then
    # "ok do it": the 990 Pro 2TB, set BD #41).
    named_before = next(
        (
            named
            for before in (
                previous_message(tracker).get("text"),
                _first_offered_for(tracker, offered),
            )
            if before and (named := _button_named(str(before).strip().lower(), offered)) is not None
        ),
        None,
    )
    if named_before is not None and (agreed or _SWAP_IT.search(text)):
        # "rx 7700 xt is ok. swap the 4060 for it", the alternatives, then "yes do it": the one
        # the customer had named.
        return named_before, []
    return None, offered
