"""What acceptance sets AG's and AH's first runs missed (fourteenth session), as general
behaviours: a yes to a swap proposed right after its list of options."""

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

WAITING_4070S = order_json(
    lines=[
        line_json(
            sku="GPU-RTX4070S-12G",
            name="GeForce RTX 4070 Super 12 GB",
            quantity=1,
            unit_price="679.00",
            category="graphics_cards",
        )
    ]
)
TO_4070TI = {
    "order_number": "100042",
    "line_no": 1,
    "sku": "GPU-RTX4070TI-12G",
    "old_name": "GeForce RTX 4070 Super 12 GB",
    "new_name": "GeForce RTX 4070 Ti 12 GB Gaming OC",
    "quantity": 1,
    "old_price": "679.00",
    "new_price": "829.00",
    "currency": "EUR",
    "difference": "150.00",
}
SWAP_OPTIONS = [
    {
        "title": "Swap to GeForce RTX 4070 Ti 12 GB Gaming OC",
        "payload": '/swap_item{"product": "GPU-RTX4070TI-12G"}',
    },
    {
        "title": "Swap to Radeon RX 7700 XT 12 GB",
        "payload": '/swap_item{"product": "GPU-RX7700XT-12G"}',
    },
    {"title": "No, I'll wait", "payload": "/deny"},
]


async def test_yes_to_a_swap_proposed_after_its_list_makes_that_swap() -> None:
    # "and the 4070 super, can I get a 4070 ti instead if you have it?": the options, then the
    # 4070 Ti swap to confirm, in one turn. "yes swap it" made the bot loop (set AG #22: "can't
    # reach our store system"); it is a yes to the proposal.
    from actions.swap import ActionSwapConfirmed

    seen: list[Any] = []
    swapped = {
        "order": WAITING_4070S,
        "old_sku": "GPU-RTX4070S-12G",
        "new_sku": "GPU-RTX4070TI-12G",
        "price_difference": "150.00",
        "currency": "EUR",
    }
    handler = routing(
        {LOOKUP: (200, WAITING_4070S), ("POST", "/v1/orders/100042/lines/1/swap"): (200, swapped)},
        seen,
    )
    history = [
        user_event("and the 4070 super, can I get a 4070 ti instead if you have it?", "swap_item"),
        action_event("action_propose_swap"),
        {"event": "bot", "text": "Swap it for one of these?", "data": {"buttons": SWAP_OPTIONS}},
        {
            "event": "bot",
            "text": "Swap 1 × GeForce RTX 4070 Super 12 GB …? Shall I swap?",
            "data": {"buttons": [{"title": "Yes, swap it", "payload": "/affirm"}]},
            "metadata": {"utter_action": "utter_swap_confirm"},
        },
        {"event": "slot", "name": "pending", "value": "swap"},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes swap it",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": TO_4070TI},
        events=history,
    )
    said = await said_by(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_swap_done"
    assert [r.url.path for r in seen if r.method == "POST"][-1].endswith("/lines/1/swap")
