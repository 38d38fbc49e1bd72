"""What acceptance set AB's first run missed (twelfth session), as general behaviours: a
swap's product named before "for it", another size to switch to, a yes after the
alternatives to the one named before, the price difference asked while a swap waits."""

from typing import Any

import pytest

from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    action_event,
    client_with,
    line_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio


def test_it_in_swap_the_4060_for_it_is_the_product_named_before() -> None:
    from actions.swap import swap_for_it

    text = "rx 7700 xt is ok. swap the 4060 for it"
    entities = [
        {"entity": "product", "value": "rx 7700 xt", "start": 0, "end": 10},
        {"entity": "product", "value": "4060", "start": 27, "end": 31},
    ]
    assert swap_for_it(tracker_for(text, "swap_item", entities=entities), text) == "rx 7700 xt"
    assert swap_for_it(tracker_for("swap it for the 7800 xt", "swap_item"), "swap it") is None


def test_a_yes_after_the_alternatives_takes_the_one_named_just_before() -> None:
    from actions.choice import picked

    buttons = [
        {"title": f"Swap to {name}", "payload": f'/swap_item{{"product":"{sku}"}}'}
        for name, sku in (
            ("Radeon RX 7700 XT 12 GB", "GPU-RX7700XT-12G"),
            ("Radeon RX 7800 XT 16 GB Nitro+", "GPU-RX7800XT-16G"),
        )
    ]
    offered = {
        "event": "bot",
        "text": "Would you like to swap it for one of these?",
        "data": {"buttons": buttons},
        "metadata": {"utter_action": "utter_alternatives_swap_offer"},
    }
    tracker = tracker_for(
        "yes do it",
        "affirm",
        slots=VERIFIED_SLOTS,
        events=[
            user_event("rx 7700 xt is ok. swap the 4060 for it", "swap_item"),
            action_event("action_propose_swap"),
            offered,
        ],
    )
    button, ask = picked(tracker, ("swap_item",), agreed=True)
    assert ask == [] and button is not None and "GPU-RX7700XT-12G" in button["payload"]


async def test_the_price_difference_asked_as_alternatives_while_a_swap_waits_is_that_swap() -> None:
    from actions.products import ActionSuggestAlternatives

    detail = {
        "order_number": "100215",
        "line_no": 1,
        "quantity": 1,
        "old_name": "AMD Ryzen 7 7800X3D",
        "old_price": "389.00",
        "new_name": "AMD Ryzen 9 7900X",
        "new_price": "419.00",
        "currency": "EUR",
        "sku": "CPU-R9-7900X",
        "difference": "30.00",
    }
    tracker = tracker_for(
        "fiyat farkı ne olacak",
        "ask_alternatives",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": detail, "language": "tr"},
    )
    said = await said_by(ActionSuggestAlternatives(lambda: client_with(routing({}))), tracker)
    assert "utter_alternatives_intro" not in said and said


async def test_whats_the_cheapest_card_you_have_lists_cards_not_the_order_line() -> None:
    import httpx

    from actions.products import ActionCheckAvailability

    seen: list[httpx.Request] = []
    waiting = order_json(lines=[line_json(category="graphics_cards")])
    handler = routing({LOOKUP: (200, waiting), ("GET", "/v1/products/in-stock"): (200, [])}, seen)
    tracker = tracker_for(
        "whats the cheapest card you have in stock right now",
        "product_availability",
        slots=VERIFIED_SLOTS,
    )
    said: list[Any] = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_line_intro" not in said
    assert any(r.url.path == "/v1/products/in-stock" for r in seen)
