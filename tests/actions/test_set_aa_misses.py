"""What acceptance set AA's first run missed (twelfth session), as general behaviours."""

import datetime as dt
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    action_event,
    client_with,
    line_json,
    load_domain,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 12, 6)


def bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": response}}


async def test_both_to_one_of_two_proposes_every_unit() -> None:
    from actions.cancel import ActionCancelConfirmed

    two = order_json(lines=[line_json(quantity=2, status="ready", unit_price="149.00")])
    detail = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "name": "RTX 4070 12 GB",
        "quantity": 1,
        "total": 2,
    }
    tracker = tracker_for(
        "both",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[user_event("cancel one", "cancel_order"), action_event("action_propose_cancel")],
    )
    handler = routing({LOOKUP: (200, two)})
    dispatcher = CollectingDispatcher()
    events = await ActionCancelConfirmed(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    proposed = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert proposed["scope"] == "line" and proposed["quantity"] == 2


async def test_give_me_a_date_heard_as_out_of_scope_gets_the_waiting_lines() -> None:
    from actions.conversation import ActionOutOfScope

    waiting = order_json(lines=[line_json()])
    tracker = tracker_for("so? give me a date", "out_of_scope", slots=VERIFIED_SLOTS)
    handler = routing({LOOKUP: (200, waiting)})
    said = await said_by(ActionOutOfScope(lambda: client_with(handler)), tracker)
    assert "utter_out_of_scope" not in said and "utter_line_intro" in said


TWO_LINES = order_json(
    lines=[
        line_json(line_no=1, sku="SSD-WDSN850X-2TB", name="WD Black SN850X 2 TB", status="ready"),
        line_json(line_no=2, sku="SSD-CRUCIAL-P3-4TB", name="Crucial P3 Plus 4 TB"),
    ]
)


async def test_when_one_arrives_and_can_the_other_ship_first_answers_both_lines() -> None:
    from actions.orders import answer_named_lines

    text = "when does the crucial p3 plus 4tb arrive? can the WD 2TB ship first or do you wait"
    tracker = tracker_for(text, "order_status", slots=VERIFIED_SLOTS)
    handler = routing({LOOKUP: (200, TWO_LINES)})
    dispatcher = CollectingDispatcher()
    assert await answer_named_lines(client_with(handler), dispatcher, tracker, TODAY)
    names = {m.get("name") for m in dispatcher.messages if m.get("name")}
    assert names == {"WD Black SN850X 2 TB", "Crucial P3 Plus 4 TB"}


async def test_resend_it_about_a_shipped_licence_is_the_missing_key() -> None:
    from actions.limits import ActionExplainLimit

    licence = order_json(
        lines=[
            line_json(
                status="shipped",
                sku="SW-WIN11-HOME",
                name="Windows 11 Home licence",
                category="software",
            )
        ]
    )
    tracker = tracker_for("can you resend it to my email", "change_order", slots=VERIFIED_SLOTS)
    handler = routing({LOOKUP: (200, licence)})
    said = await said_by(ActionExplainLimit(lambda: client_with(handler), lambda: TODAY), tracker)
    assert said == ["utter_limit_licence_key_missing"]


def test_the_other_one_after_cancelling_one_unit_is_the_unit_kept() -> None:
    from actions.backend_schemas import Order
    from actions.lines import other_lines

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    line_no=1, sku="SSD-CRUCIAL-P3-4TB", name="Crucial P3 Plus 4 TB", quantity=1
                ),
                line_json(
                    line_no=2, sku="SSD-SAM990-1TB", name="Samsung 990 Pro 1 TB", status="shipped"
                ),
                line_json(
                    line_no=3,
                    sku="SSD-CRUCIAL-P3-4TB",
                    name="Crucial P3 Plus 4 TB",
                    status="cancelled",
                ),
            ]
        )
    )
    kept = other_lines(
        order, "and the other one is still back-ordered? any date", "SSD-CRUCIAL-P3-4TB"
    )
    assert [line.line_no for line in kept] == [1]


def test_a_courier_at_an_hour_is_the_delivery_time_limit() -> None:
    from actions.topics import asked_topics

    assert asked_topics("ok and can the courier come after 6pm? we both work") == [
        "utter_limit_delivery_time"
    ]


async def test_a_shopper_asking_to_hold_one_gets_the_reservation_limit() -> None:
    from actions.subscriptions import ActionSubscribe

    tracker = tracker_for("bana bir tane ayırabilir misiniz, gelince alırım", "subscribe_updates")
    said = await said_by(ActionSubscribe(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_reservation"]


async def test_a_last_sentence_that_shops_lists_that_kind_not_the_card_turned_down() -> None:
    import httpx

    from actions.products import ActionCheckAvailability

    seen: list[httpx.Request] = []
    handler = routing({("GET", "/v1/products/in-stock"): (200, [])}, seen)
    text = "the 7700 xt has 12gb, I need 16. what 16gb cards do you have in stock?"
    start = text.index("7700 xt")
    tracker = tracker_for(
        text,
        "product_availability",
        entities=[{"entity": "product", "value": "7700 xt", "start": start, "end": start + 7}],
    )
    await said_by(ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY), tracker)
    # (With none of 16 GB, the other cards follow: set BL #28.)
    assert [r.url.params["q"] for r in seen] == ["gpu 16gb", "gpu"]


async def test_similar_in_stock_asked_with_the_order_lists_alternatives_to_its_waiting_line() -> (
    None
):
    from actions.orders import ActionCheckOrderStatus

    waiting = order_json(lines=[line_json()])
    alternatives = [
        {
            "sku": "GPU-RX7700XT-12G",
            "name": "Radeon RX 7700 XT 12 GB",
            "price": "459.00",
            "currency": "EUR",
            "available": 27,
            "reasons": ["in stock now"],
        }
    ]
    handler = routing(
        {
            LOOKUP: (200, waiting),
            ("GET", "/v1/products/GPU-4070-12G/alternatives"): (200, alternatives),
        }
    )
    text = (
        "order 100042 ada.lovelace@example.com the 4070 is back-ordered, anything similar in stock?"
    )
    tracker = tracker_for(
        text, "order_status", slots={"order_number": "100042", "email": "ada.lovelace@example.com"}
    )
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(handler), lambda: TODAY), tracker
    )
    assert "utter_alternatives_intro" in said and "utter_alternatives_swap_offer" in said
