"""A button chosen by naming it (actions/choice.py): "the 7800 xt one"; "that one" or a yes to
several swaps asks which. (A choice by place, "the first one", is the NLU's:
tests/conversations/test_button_choice.py.)"""

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.choice import chosen_button
from actions.conversation import ActionAffirm, ActionFallback
from actions.feedback import ActionStoreFeedback
from actions.products import ActionCheckAvailability
from actions.swap import ActionProposeSwap
from tests.actions.factories import (
    VERIFIED_SLOTS,
    action_event,
    client_with,
    line_json,
    load_domain,
    match_json,
    order_json,
    routing,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

SWAP_BUTTONS = [
    {
        "title": "Swap to Radeon RX 7700 XT 12 GB",
        "payload": '/swap_item{"product": "GPU-RX7700XT-12G"}',
    },
    {
        "title": "Swap to Radeon RX 7800 XT 16 GB",
        "payload": '/swap_item{"product": "GPU-RX7800XT-16G"}',
    },
    {
        "title": "Swap to GeForce RTX 4070 Ti",
        "payload": '/swap_item{"product": "GPU-RTX4070TI-12G"}',
    },
    {"title": "No, I'll wait", "payload": "/deny"},
]
OFFER = [
    user_event("i want to exchange it for something similar", "swap_item"),
    action_event("action_propose_swap"),
    {"event": "bot", "text": "Would you like to swap it?", "data": {"buttons": SWAP_BUTTONS}},
    action_event("action_listen"),
]
ORDER = order_json(
    lines=[
        line_json(
            sku="GPU-RTX4060-8G",
            name="GeForce RTX 4060 8 GB",
            unit_price="319.00",
            category="graphics_cards",
        )
    ]
)


def after_offer(text: str, intent: str, slots: dict[str, Any] | None = None) -> Any:
    return tracker_for(text, intent, slots=slots, events=OFFER)


@pytest.mark.parametrize(
    ("text", "sku"),
    [
        ("ok the 7800 xt one", "GPU-RX7800XT-16G"),
        ("the rtx 4070 ti please", "GPU-RTX4070TI-12G"),
        ("7700 xt", "GPU-RX7700XT-12G"),
    ],
)
def test_a_button_is_picked_by_name(text: str, sku: str) -> None:
    button = chosen_button(after_offer(text, "inform"), ("swap_item",))
    assert button is not None and sku in button["payload"]


@pytest.mark.parametrize(
    "text",
    ["the radeon one", "thanks", "the first one", "where is my order 100042 and when does it ship"],
)
def test_no_clear_pick_picks_nothing(text: str) -> None:
    # "radeon" names two buttons; a place is the NLU's to read.
    assert chosen_button(after_offer(text, "inform"), ("swap_item",)) is None


def test_buttons_of_an_earlier_turn_are_not_offered_any_more() -> None:
    events = [*OFFER, user_event("what are your hours", "faq"), action_event("action_listen")]
    tracker = tracker_for("the 7800 xt one", "inform", events=events)
    assert chosen_button(tracker, ("swap_item",)) is None


async def run(action: Any, tracker: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


def swap_backend() -> Any:
    return routing(
        {
            ("POST", "/v1/orders/lookup"): (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7700XT-12G", "Radeon RX 7700 XT 12 GB", price="459.00")],
            ),
            ("GET", "/v1/products/GPU-RX7700XT-12G/availability"): (
                200,
                {
                    "sku": "GPU-RX7700XT-12G",
                    "available": 27,
                    "backordered_quantity": 0,
                    "price": "459.00",
                },
            ),
        }
    )


@pytest.mark.parametrize(
    ("action", "intent", "text"),
    [
        (ActionStoreFeedback, "feedback", "hmm the 7700 xt you suggested"),
        (ActionFallback, "nlu_fallback", "hmm the 7700 xt you suggested"),
        (ActionAffirm, "affirm", "hmm the 7700 xt you suggested"),
        # Heard as a stock question: taking the offer and asking its price is the swap.
        (ActionCheckAvailability, "product_availability", "7700 xt is fine i guess. price?"),
    ],
)
async def test_naming_a_swap_proposes_it_whatever_the_nlu_called_it(
    action: Any, intent: str, text: str
) -> None:
    tracker = after_offer(text, intent, slots=VERIFIED_SLOTS)
    events, messages = await run(action(lambda: client_with(swap_backend())), tracker)
    assert [m["response"] for m in messages][0] == "utter_swap_confirm"
    assert SlotSet("pending", "swap") in events


async def test_that_one_of_several_asks_which_with_the_same_buttons() -> None:
    tracker = after_offer("ok that one, go ahead", "affirm", slots=VERIFIED_SLOTS)
    _, messages = await run(ActionAffirm(lambda: client_with(swap_backend())), tracker)
    assert messages[0]["response"] == "utter_which_one"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        b["payload"] for b in SWAP_BUTTONS[:3]
    ]


async def test_a_plain_yes_with_nothing_offered_asks_what_next() -> None:
    _, messages = await run(
        ActionAffirm(lambda: client_with(routing({}))), tracker_for("ok", "affirm")
    )
    assert [m["response"] for m in messages] == ["utter_affirm_without_context"]


async def test_a_remark_after_the_rating_is_stored_with_it_not_asked_again() -> None:
    seen: list[Any] = []
    handler = routing({("POST", "/v1/feedback"): (201, {"id": "f1"})}, seen)
    tracker = tracker_for(
        "you should let me see all my orders with just my email",
        "feedback",
        slots={"feedback_rating": 3.0, "feedback_asked": True},
    )
    _, messages = await run(ActionStoreFeedback(lambda: client_with(handler)), tracker)
    assert [m["response"] for m in messages] == ["utter_feedback_comment_thanks"]
    assert b'"rating":3' in seen[0].content.replace(b" ", b"")


async def test_yes_to_several_offered_swaps_asks_which() -> None:
    tracker = after_offer("yes swap it", "affirm", slots=VERIFIED_SLOTS)
    _, messages = await run(ActionAffirm(lambda: client_with(swap_backend())), tracker)
    assert messages[0]["response"] == "utter_which_one"


async def test_ok_after_the_order_s_next_steps_is_just_an_ok() -> None:
    buttons = [
        {"title": "Notify me of changes", "payload": "/subscribe_updates"},
        {"title": "Similar items in stock", "payload": "/ask_alternatives"},
    ]
    events = [
        user_event("where is my order", "order_status"),
        action_event("action_check_order_status"),
        {"event": "bot", "text": "What would you like to do?", "data": {"buttons": buttons}},
        action_event("action_listen"),
    ]
    tracker = tracker_for("ok", "affirm", events=events)
    _, messages = await run(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert [m["response"] for m in messages] == ["utter_affirm_without_context"]


async def test_a_yes_to_a_new_list_of_swaps_after_an_old_proposal_asks_which() -> None:
    # A swap was proposed, the customer asked for other options, the list came again: "ok that
    # one, go ahead" is not a yes to the old proposal.
    from actions.swap import ActionSwapConfirmed

    history = [
        user_event("the 7700 xt one", "inform"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
        *OFFER,
    ]
    tracker = tracker_for(
        "ok that one, go ahead",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": {"order_number": "100152"}},
        events=history,
    )
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(swap_backend())), tracker)
    assert messages[0]["response"] == "utter_which_one"


async def test_yes_swap_it_with_nothing_offered_asks_for_the_swap() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, ORDER),
            ("GET", "/v1/products/GPU-RTX4060-8G/alternatives"): (200, []),
            ("GET", "/v1/products/GPU-RTX4060-8G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4060-8G",
                    "available": 0,
                    "backordered_quantity": 3,
                    "price": "319.00",
                },
            ),
        }
    )
    tracker = tracker_for("yes swap it", "affirm", slots=VERIFIED_SLOTS)
    _, messages = await run(ActionAffirm(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_alternatives_none"


def test_next_step_buttons_are_not_a_list_to_pick_from() -> None:
    # "its one of the 3 crucial ..." shares "of" with "Notify me of changes": not a choice.
    buttons = [
        {"title": "Notify me of changes", "payload": "/subscribe_updates"},
        {"title": "Something else", "payload": "/help"},
    ]
    events = [
        user_event("where is my order", "order_status"),
        action_event("action_check_order_status"),
        {"event": "bot", "text": "Anything else about this order?", "data": {"buttons": buttons}},
        action_event("action_listen"),
    ]
    tracker = tracker_for("its one of the 3 crucial p3 plus 4tb", "inform", events=events)
    assert chosen_button(tracker, ("subscribe_updates",)) is None


async def test_swap_it_for_that_one_after_several_swap_buttons_asks_which() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, ORDER)})
    tracker = after_offer("ok swap it for that one pls", "swap_item", slots=VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert [m["response"] for m in messages] == ["utter_which_one"]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        b["payload"] for b in SWAP_BUTTONS[:3]
    ]
