"""Two changes asked in one message: "swap the 4070 Super for the 4070 Ti. and cancel the RX
7600", "cancel one of the 7800x3d, swap the p3 plus for the WD black 2TB".

Each change is proposed on its own, with its own price, and waits for its own yes. The first
proposal says the other comes next; once the yes has made the first change, the other is
proposed from the message that asked for both (read from the conversation's events, never
remembered in a slot), so nothing the customer asked for is dropped and nothing is changed
without a yes.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient
from actions.cancel import ActionProposeCancel, asks_to_cancel, asks_to_swap
from actions.choice import as_pressed
from actions.resume import otherwise_cancel
from actions.swap import ActionProposeSwap

CANCEL = "cancel"
SWAP = "swap"
SWAP_ACTION = "action_propose_swap"

# The parts of a message that can each ask for one change.
_CLAUSES = re.compile(r"[.;!?\n]+|,|\b(?:and|also|then|plus|ve|bir de|ayrıca)\b", re.IGNORECASE)


def other_change_asked(text: str, kind: str) -> bool:
    """Whether the message asks for both changes, each in a part of its own, so that after one
    of `kind` ("cancel" or "swap") the other is still to do. "swap it for the 990 pro,
    otherwise cancel it" asks one: the cancellation only if the swap can't be."""
    if otherwise_cancel(text):
        return False
    clauses = [clause for clause in _CLAUSES.split(text) if clause and clause.strip()]
    swaps = {i for i, clause in enumerate(clauses) if asks_to_swap(clause)}
    cancels = {i for i, clause in enumerate(clauses) if asks_to_cancel(clause)}
    return bool(swaps) and bool(cancels - swaps)


def say_the_other_comes_next(
    dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, events: list[EventType]
) -> None:
    """After a proposal of `kind`: that the other change asked in the message follows."""
    proposed = any(e.get("name") == "pending" and e.get("value") == kind for e in events)
    if proposed and other_change_asked(tracker.latest_message.get("text") or "", kind):
        response = "utter_then_the_swap" if kind == CANCEL else "utter_then_the_cancellation"
        if not any(m.get("response") == response for m in dispatcher.messages):
            dispatcher.utter_message(response=response)


# The proposed swap turned down beside a cancellation: "too expensive", "I'll wait for the rest".
_TURNS_THE_SWAP_DOWN = re.compile(
    r"\btoo (?:expensive|much|pricey|dear)\b|\bi'?ll wait\b|\bi will wait\b|\bwait for the\b"
    r"|\b(?:no|not the|forget the|skip the) swap\b|\bpahal[ıi]\b|\bbeklerim\b|\bbekleyece[ğg]im\b",
    re.IGNORECASE,
)


def then_the_waiting_swap(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
) -> list[EventType]:
    """A cancellation of some units of the line a proposed swap waits on ("ok only 2 then and
    cancel the third" to "swap the 3 × 990 Pro 1 TB for the 2 TB?"): the cancellation first,
    then that swap of the units left (kept in the proposal's detail, said now)."""
    waiting = tracker.get_slot("pending_detail") or {}
    proposed = next(
        (e.get("value") for e in reversed(events) if e.get("name") == "pending_detail"), None
    )
    text = tracker.latest_message.get("text") or ""
    if _TURNS_THE_SWAP_DOWN.search(text):
        # "hmm too expensive for 3. just cancel one of the 1tb ones and I'll wait for the other
        # 2": the swap is off (set BQ #30 proposed it again for the two left).
        return events
    if (
        tracker.get_slot("pending") != SWAP
        or not waiting.get("sku")
        or not isinstance(proposed, dict)
        or proposed.get("scope") != "part"
        or str(proposed.get("line_no")) != str(waiting.get("line_no"))
    ):
        return events
    dispatcher.utter_message(response="utter_then_the_swap")
    then = {"sku": waiting["sku"], "name": waiting.get("new_name") or waiting["sku"]}
    return [
        SlotSet("pending_detail", {**proposed, "then_swap": then})
        if e.get("name") == "pending_detail"
        else e
        for e in events
    ]


def proposal_message(tracker: Tracker) -> tuple[dict[str, Any] | None, str | None]:
    """The customer's message the change just confirmed was proposed for (the latest message
    before the proposal, an event setting `pending`, that the current message answers), and
    the action that proposed it; (None, None) when the proposal came earlier."""
    users = 0
    proposed = False
    proposer: str | None = None
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if proposed and users > 1:
                return event, proposer
        elif users == 1 and kind == "slot" and event.get("name") == "pending":
            proposed = proposed or bool(event.get("value"))
        elif users == 1 and kind == "action" and proposed and proposer is None:
            proposer = str(event.get("name"))
    return None, None


async def propose_the_other(
    client_factory: Any,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    done: str,
) -> list[EventType]:
    """Once a change of kind `done` is made: the other change its message asked for, proposed
    to confirm; [] when it asked for none."""
    factory = client_factory or BackendClient.from_settings
    then_swap = (tracker.get_slot("pending_detail") or {}).get("then_swap")
    if done == CANCEL and then_swap:
        # The swap that waited before some of its units were cancelled: of the units left.
        button = {
            "title": then_swap["name"],
            "payload": f'/swap_item{{"product": "{then_swap["sku"]}"}}',
        }
        return list(
            await ActionProposeSwap(factory).run(dispatcher, as_pressed(tracker, button), domain)
        )
    message, proposer = proposal_message(tracker)
    text = str((message or {}).get("text") or "")
    # ("swap one of the zephyrus for the legion 5": the swap action proposed cancelling the
    # other unit first; the swap of the one left follows.)
    first_of_a_swap = (
        done == CANCEL
        and proposer == SWAP_ACTION
        and (tracker.get_slot("pending_detail") or {}).get("scope") == "part"
        and asks_to_swap(text)
    )
    if message is None or not (first_of_a_swap or other_change_asked(text, done)):
        return []
    asked = copy.copy(tracker)
    asked.latest_message = {**dict(message.get("parse_data") or {}), "text": text}
    asked.slots = {**tracker.slots, "pending": None, "pending_detail": None}
    action = ActionProposeSwap(factory) if done == CANCEL else ActionProposeCancel(factory)
    before = len(dispatcher.messages)
    events = list(await action.run(dispatcher, asked, domain))
    # (The first change is made: no "I'll come to it next" about it.)
    dispatcher.messages[before:] = [
        m for m in dispatcher.messages[before:] if m.get("response") not in _NEXT
    ]
    return events


_NEXT = ("utter_then_the_swap", "utter_then_the_cancellation")
