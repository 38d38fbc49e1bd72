"""How much comes back (actions/refunds.py): the lines' own prices, from the backend."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel
from actions.conversation import ActionFallback
from actions.refunds import asks_refund_amount
from tests.actions.factories import (
    client_with,
    line_json,
    load_domain,
    order_json,
    routing,
    tracker_for,
)

pytestmark = pytest.mark.anyio

VERIFIED = {"verified_order_number": "100042", "email": "jane@example.com"}
ORDER = order_json(
    lines=[
        line_json(sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB", unit_price="239.00"),
        line_json(
            line_no=2,
            sku="GPU-ARC-A770-16G",
            name="Intel Arc A770 16 GB",
            quantity=1,
            status="cancelled",
            unit_price="329.00",
        ),
    ]
)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how much refund for the crucial", True),
        ("so what do i get back, 329?", True),
        ("when do i get my refund, how much is it exactly", True),
        ("para iadesi ne kadar olacak", True),
        ("how much is the crucial", False),
        ("when will the refund arrive", False),
    ],
)
def test_a_question_about_how_much_comes_back(text: str, asks: bool) -> None:
    assert asks_refund_amount(text) is asks


async def answered(text: str, order: dict) -> list[dict]:
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, "nlu_fallback", slots=VERIFIED)
    await ActionFallback(lambda: client_with(handler)).run(dispatcher, tracker, load_domain())
    return dispatcher.messages


async def test_the_refund_of_a_cancelled_line_is_its_price_times_quantity() -> None:
    said = await answered("so what do i get back?", ORDER)
    assert [m["response"] for m in said] == ["utter_refund_of_cancelled"]
    assert (said[0]["amount"], said[0]["items"]) == ("329.00", "1 × Intel Arc A770 16 GB")


async def test_an_open_line_named_gets_what_cancelling_it_would_give_back() -> None:
    said = await answered("how much refund for the crucial", ORDER)
    assert [m["response"] for m in said] == ["utter_refund_if_cancelled"]
    assert said[0]["amount"] == "478.00"  # 2 × 239.00


async def test_no_price_from_the_backend_gives_no_figure() -> None:
    order = order_json(lines=[line_json(status="cancelled")])
    said = await answered("how much do i get back", order)
    assert "utter_refund_of_cancelled" not in [m["response"] for m in said]


async def test_if_i_cancel_says_what_would_come_back_and_cancels_nothing() -> None:
    seen: list = []
    handler = routing({("POST", "/v1/orders/lookup"): (200, ORDER)}, seen)
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "going back to the crucial, if i cancel it, when do i get my money back?",
        "cancel_order",
        slots=VERIFIED,
    )
    events = await ActionProposeCancel(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    said = [m["response"] for m in dispatcher.messages]
    assert said == ["utter_refund_if_cancelled", "utter_fact_refund_time"]
    assert not any(e.get("name") == "pending" and e.get("value") for e in events)
