"""A cancel, swap or subscribe request that needed the order verified goes on once it is found."""

import json
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel
from actions.orders import ActionCheckOrderStatus
from actions.resume import lookup_starter, request_to_resume
from actions.subscriptions import ActionSubscribe
from tests.actions.factories import (
    VERIFIED_SLOTS,
    action_event,
    client_with,
    entity,
    line_json,
    load_domain,
    order_json,
    routing,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

LOOKUP = ("POST", "/v1/orders/lookup")


def loop(name: str | None) -> dict[str, Any]:
    return {"event": "active_loop", "name": name}


def lookup(started_by: str, retries: int = 0) -> list[dict[str, Any]]:
    """The events of an order lookup started by `started_by`, failing `retries` times first."""
    events = [
        action_event(started_by),
        action_event("order_lookup_form"),
        loop("order_lookup_form"),
    ]
    for _ in range(retries):
        events += [
            user_event("ada@example.org", "inform"),
            action_event("order_lookup_form"),
            loop(None),
            action_event("action_check_order_status"),
            action_event("order_lookup_form"),
            loop("order_lookup_form"),
        ]
    return [
        *events,
        user_event("ada.lovelace@example.com", "inform"),
        action_event("order_lookup_form"),
        loop(None),
        action_event("action_check_order_status"),
    ]


CANCEL_ASKED = user_event(
    "cancel my order 100042", "cancel_order", [entity("order_number", "100042")]
)


def test_a_lookup_started_by_a_cancel_request_resumes_it() -> None:
    events = [action_event("action_listen"), CANCEL_ASKED, *lookup("action_propose_cancel")]
    tracker = tracker_for("ada.lovelace@example.com", "inform", events=events)
    starter, message = lookup_starter(tracker)
    assert starter == "action_propose_cancel"
    assert message is not None and message["text"] == "cancel my order 100042"
    assert request_to_resume(tracker) == "cancel"


def test_failed_attempts_belong_to_the_same_lookup() -> None:
    events = [CANCEL_ASKED, *lookup("action_propose_swap", retries=2)]
    tracker = tracker_for("ada.lovelace@example.com", "inform", events=events)
    assert request_to_resume(tracker) == "swap"


def test_a_lookup_the_customer_started_resumes_nothing() -> None:
    # Asked to cancel, gave up on the lookup ("no"), later asked where the order is: no cancel.
    abandoned = [
        CANCEL_ASKED,
        action_event("action_propose_cancel"),
        action_event("order_lookup_form"),
        loop("order_lookup_form"),
        user_event("no", "deny"),
        action_event("action_deactivate_loop"),
        loop(None),
        action_event("utter_lookup_cancelled"),
        action_event("action_listen"),
        user_event("where is my order", "order_status"),
    ]
    tracker = tracker_for(
        "ada.lovelace@example.com", "inform", events=[*abandoned, *lookup("action_listen")]
    )
    assert lookup_starter(tracker)[0] == "action_listen"
    assert request_to_resume(tracker) is None


async def test_the_order_found_for_a_request_skips_the_usual_next_steps_and_sets_resume() -> None:
    events = [CANCEL_ASKED, *lookup("action_propose_cancel")]
    slots = {"order_number": "100042", "email": "ada.lovelace@example.com"}
    tracker = tracker_for("ada.lovelace@example.com", "inform", slots=slots, events=events)
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(routing({LOOKUP: (200, order_json())}))
    )
    dispatcher = CollectingDispatcher()
    found = await action.run(dispatcher, tracker, load_domain())
    assert SlotSet("resume", "cancel") in found
    shown = [m["response"] for m in dispatcher.messages]
    assert shown[0] == "utter_order_header"
    assert not any(name.startswith("utter_order_next_steps") for name in shown)

    # The customer's own lookup: the usual next steps, and `resume` cleared.
    own = tracker_for("x", "inform", slots=slots, events=lookup("action_listen"))
    dispatcher = CollectingDispatcher()
    found = await action.run(dispatcher, own, load_domain())
    assert SlotSet("resume", None) in found
    assert dispatcher.messages[-1]["response"] == "utter_order_next_steps_backordered"


async def propose_cancel_of_two_lines(
    slots: dict[str, Any], events: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """action_propose_cancel on an order with two back-ordered lines, the customer's latest
    message being their email; its events and the responses it sent."""
    order = order_json(lines=[line_json(line_no=1), line_json(line_no=2, sku="SSD-1")])
    action = ActionProposeCancel(
        client_factory=lambda: client_with(routing({LOOKUP: (200, order)}))
    )
    tracker = tracker_for("ada.lovelace@example.com", "inform", slots=slots, events=events)
    dispatcher = CollectingDispatcher()
    result = await action.run(dispatcher, tracker, load_domain())
    return result, [m["response"] for m in dispatcher.messages]


async def test_the_resumed_cancel_answers_the_first_message_with_the_verified_order() -> None:
    # Asked for 100099 (a typo), corrected to 100042 in the form: the cancel is for 100042, and
    # "my order <number>" means the whole order.
    asked = user_event(
        "cancel my whole order 100099", "cancel_order", [entity("order_number", "100099")]
    )
    events, shown = await propose_cancel_of_two_lines(
        {**VERIFIED_SLOTS, "resume": "cancel"},
        [asked, *lookup("action_propose_cancel", retries=1)],
    )
    assert shown == ["utter_cancel_confirm_order"]
    assert events[0] == SlotSet("resume", None)
    detail = next(e["value"] for e in events if e["name"] == "pending_detail")
    assert detail["scope"] == "order" and detail["order_number"] == "100042"


async def test_without_resume_the_action_answers_the_latest_message() -> None:
    # The same history, but `resume` is not set: the email is not a cancel request for a line.
    events, shown = await propose_cancel_of_two_lines(
        VERIFIED_SLOTS, [CANCEL_ASKED, *lookup("action_propose_cancel")]
    )
    assert shown == ["utter_ask_which_line_to_cancel"]
    assert events[0] == SlotSet("resume", None)


async def test_a_resumed_subscription_follows_the_verified_order() -> None:
    asked = user_event(
        "notify me about order 100042", "subscribe_updates", [entity("order_number", "100042")]
    )
    created = {
        "id": 7,
        "target": "order",
        "channel": "web",
        "address": "ada.lovelace@example.com",
        "order_number": "100042",
        "sku": None,
        "created_at": "2026-11-30T10:00:00+00:00",
    }
    seen: list = []
    action = ActionSubscribe(
        client_factory=lambda: client_with(
            routing({("POST", "/v1/subscriptions"): (201, created)}, seen)
        )
    )
    tracker = tracker_for(
        "ada.lovelace@example.com",
        "inform",
        slots={**VERIFIED_SLOTS, "resume": "subscribe"},
        events=[asked, *lookup("action_subscribe")],
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_subscribed_order"]
    assert events[0] == SlotSet("resume", None)
    assert SlotSet("next_step", "listen") in events
    (request,) = [r for r in seen if r.url.path == "/v1/subscriptions"]
    assert json.loads(request.content)["order_number"] == "100042"
