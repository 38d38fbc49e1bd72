"""Choosing one of the buttons just offered by typing: "the first one", "hmm the second one you
suggested", "the rx 7700 one", "ilkiyle", "2".

Customers answer a list in words as often as by pressing a button, and the NLU can't know what
"the first one" means (it calls it `inform`, `affirm` or even `feedback`). The buttons of the
bot's last turn are in the tracker, each with the payload it would send (`/swap_item{"product":
"GPU-RX7700XT-12G"}`); a message that picks one is answered as that button would have been, by
the action the rules run for its intent.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from rasa_sdk import Tracker

# Words that pick a button by its place in the list.
_ORDINALS = (
    (0, r"first|1st|ilk\w*|birinci\w*"),
    (1, r"second|2nd|ikinci\w*"),
    (2, r"third|3rd|[üu][çc][üu]nc[üu]\w*"),
    (3, r"fourth|4th|d[öo]rd[üu]nc[üu]\w*"),
    (-1, r"last|son\w*"),
)
# A message that is only a number: "2", "#1", "option 3".
_NUMBER_ONLY = re.compile(r"^\s*(?:option|no\.?|#)?\s*([1-9])\s*[.!)]?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9çğıöşü]+")
# Button titles share words like these with any answer; they pick nothing by themselves.
_FILLER = {"swap", "to", "the", "a", "one", "no", "i", "ll", "wait", "gb", "tb", "me", "yes", "ok"}
MAX_WORDS = 12  # a choice is short; a long message is about something else


def offered_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the bot's messages since the customer's previous message."""
    buttons: list[dict[str, Any]] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            buttons = list((event.get("data") or {}).get("buttons") or []) + buttons
    return [b for b in buttons if str(b.get("payload") or "").startswith("/")]


def chosen_button(tracker: Tracker, intents: tuple[str, ...]) -> dict[str, Any] | None:
    """The offered button (one whose payload's intent is in `intents`) the latest message picks
    by place or by name; None when it picks none or it isn't clear which."""
    text = (tracker.latest_message.get("text") or "").strip().lower()
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return None
    buttons = [b for b in offered_buttons(tracker) if intent_of(b["payload"]) in intents]
    if not buttons:
        return None
    number = _NUMBER_ONLY.match(text)
    if number:
        index = int(number.group(1)) - 1
        return buttons[index] if index < len(buttons) else None
    for index, pattern in _ORDINALS:
        if re.search(rf"\b(?:{pattern})\b", text) and -len(buttons) <= index < len(buttons):
            return buttons[index]
    words = set(_WORD.findall(text)) - _FILLER
    shared = [len(words & set(_WORD.findall(str(b["title"]).lower()))) for b in buttons]
    best = max(shared)
    # "the 7800 xt one": the button sharing the most words, if only one does.
    return buttons[shared.index(best)] if best and shared.count(best) == 1 else None


def intent_of(payload: str) -> str:
    return payload[1:].split("{", 1)[0]


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
        "text": payload,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": name, "value": value} for name, value in values.items()],
    }
    return pressed
