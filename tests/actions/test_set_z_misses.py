"""What acceptance set Z's first run missed (twelfth session), as general behaviours: the
line a cancel means beside one kept or added, a change of mind from a cancel to a swap, a
cancel heard as stopping notifications."""

import datetime as dt
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel
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


async def proposed(tracker: Tracker, order: dict[str, Any]) -> dict[str, Any]:
    handler = routing({LOOKUP: (200, order)})
    events = await ActionProposeCancel(lambda: client_with(handler)).run(
        CollectingDispatcher(), tracker, load_domain()
    )
    return next(e["value"] for e in events if e.get("name") == "pending_detail")


TI_AND_SSDS = order_json(
    order_number="100270",
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RTX4060TI-16G",
            name="GeForce RTX 4060 Ti 16 GB",
            quantity=1,
            category="graphics_cards",
            unit_price="469.00",
        ),
        line_json(
            line_no=2,
            sku="SSD-WDSN850X-2TB",
            name="WD Black SN850X 2 TB",
            quantity=3,
            status="ready",
            category="ssds",
            unit_price="179.00",
        ),
    ],
)


async def test_cancel_it_with_the_others_kept_is_the_line_talked_about() -> None:
    text = "cancel it then. the ssds I keep"
    start = text.index("ssds")
    tracker = tracker_for(
        text,
        "cancel_order",
        entities=[{"entity": "product", "value": "ssds", "start": start, "end": start + 4}],
        slots={**VERIFIED_SLOTS, "product_sku": "GPU-RTX4060TI-16G"},
    )
    detail = await proposed(tracker, TI_AND_SSDS)
    assert detail["line_no"] == 1


CRUCIAL_AND_WD = order_json(
    order_number="100200",
    lines=[
        line_json(
            line_no=1,
            sku="SSD-WDSN850X-2TB",
            name="WD Black SN850X 2 TB",
            quantity=1,
            status="ready",
            category="ssds",
            unit_price="179.00",
        ),
        line_json(
            line_no=2,
            sku="SSD-CRUCIAL-P3-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=1,
            category="ssds",
            unit_price="239.00",
        ),
    ],
)


async def test_cancel_one_and_add_another_cancels_only_the_one() -> None:
    text = "ok then cancel the crucial and add a second wd black 2tb"
    entities = [
        {
            "entity": "product",
            "value": value,
            "start": text.index(value),
            "end": text.index(value) + len(value),
        }
        for value in ("crucial", "wd black 2tb")
    ]
    tracker = tracker_for(text, "cancel_order", entities=entities, slots=VERIFIED_SLOTS)
    detail = await proposed(tracker, CRUCIAL_AND_WD)
    assert detail["scope"] == "line" and detail["line_no"] == 2


async def test_a_swap_asked_while_a_cancellation_waits_takes_the_cancellation_back() -> None:
    from actions.swap import ActionProposeSwap

    detail = {"scope": "order", "order_number": "100200", "amount": "418.00", "currency": "EUR"}
    tracker = tracker_for(
        "actually no, just swap the crucial for the wd black 2tb",
        "swap_item",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[
            user_event("ok then cancel the crucial", "cancel_order"),
            action_event("action_propose_cancel"),
            action_event("action_listen"),
        ],
    )
    handler = routing({LOOKUP: (200, CRUCIAL_AND_WD)})
    dispatcher = CollectingDispatcher()
    events = await ActionProposeSwap(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    assert dispatcher.messages[0]["response"] == "utter_kept_order_swap_instead"
    assert {"event": "slot", "timestamp": None, "name": "pending", "value": None} in events
    assert not any(e.get("name") == "pending" and e.get("value") == "cancel" for e in events)


ONE_CPU = order_json(
    order_number="100365",
    lines=[
        line_json(
            sku="CPU-R5-5600",
            name="AMD Ryzen 5 5600",
            quantity=1,
            status="ready",
            category="cpus",
            unit_price="119.00",
        )
    ],
)


@pytest.mark.parametrize(
    "text", ["can i still cancel it?", "aslında vazgeçtim, iptal edebilir miyim?"]
)
async def test_can_i_cancel_it_about_the_verified_order_proposes_the_cancellation(
    text: str,
) -> None:
    from actions.faq import ActionAnswerFaq

    tracker = tracker_for(text, "faq", slots=VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/cancellation"}}
    }
    handler = routing({LOOKUP: (200, ONE_CPU)})
    said = await said_by(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert "utter_faq/cancellation" not in said
    assert any(s.startswith("utter_cancel_confirm") for s in said)


async def test_cancelling_after_it_ships_gets_the_policy_not_a_refund_amount() -> None:
    from actions.faq import ActionAnswerFaq

    tracker = tracker_for("if I cancel after it ships what happens?", "faq", slots=VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/cancellation"}}
    }
    handler = routing({LOOKUP: (200, ONE_CPU)})
    said = await said_by(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert said == ["utter_faq/cancellation"]


async def test_a_cancel_heard_as_stopping_notifications_looks_the_order_up_and_proposes_it() -> (
    None
):
    from actions.subscriptions import ActionUnsubscribe

    arcs = order_json(
        order_number="100160",
        lines=[
            line_json(
                sku="GPU-ARC-A770-16G",
                name="Intel Arc A770 16 GB",
                quantity=3,
                status="ready",
                category="graphics_cards",
                unit_price="329.00",
            )
        ],
    )
    text = "100160 29530 please cancel one of the three arc a770s"
    entities = [
        {"entity": "order_number", "value": "100160", "start": 0, "end": 6},
        {"entity": "postal_code", "value": "29530", "start": 7, "end": 12},
    ]
    tracker = tracker_for(text, "unsubscribe_updates", entities=entities, slots={})
    handler = routing({LOOKUP: (200, arcs)})
    dispatcher = CollectingDispatcher()
    events = await ActionUnsubscribe(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert detail["scope"] == "part" and detail["quantity"] == 1


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("actually no, just swap the crucial for the wd black 2tb", "wd black 2tb"),
        ("can you swap it for the 7800 xt please", "7800 xt"),
        ("switch my 990 Pro 1TB to the 2TB version", None),
        ("swap it for something in stock", None),
    ],
)
def test_the_product_after_swap_x_for_is_the_one_wanted(text: str, target: str | None) -> None:
    from actions.swap import swap_for_target

    assert swap_for_target(text) == target


def test_who_pays_the_shipping_of_a_return_and_a_card_that_wont_post() -> None:
    from actions.topics import asked_topics, describes_damage

    assert "utter_fact_return_cost" in asked_topics(
        "how many days do I have to send it back? and who pays the shipping?"
    )
    assert describes_damage("my rx 7600 pulse from order 100225 doesnt even post")


async def test_a_fault_with_the_order_says_the_fault_answer_once_not_return_and_warranty_too() -> (
    None
):
    from actions.orders import ActionCheckOrderStatus

    shipped = order_json(lines=[line_json(status="shipped")])
    text = (
        "order 100042 ada.lovelace@example.com the card arrived but has coil whine, how do I "
        "return it?"
    )
    tracker = tracker_for(
        text, "order_status", slots={"order_number": "100042", "email": "ada.lovelace@example.com"}
    )
    handler = routing({LOOKUP: (200, shipped)})
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(handler), lambda: TODAY), tracker
    )
    assert "utter_limit_damaged_item" in said
    assert not {"utter_fact_return_window", "utter_fact_warranty", "utter_faq/returns"} & set(said)


async def test_how_do_i_start_that_after_a_person_was_offered_hands_over() -> None:
    from actions.conversation import ActionHelp

    opened = {
        "id": 1,
        "status": "waiting",
        "availability": {"in_hours": False, "support_hours": "Mon–Fri 10:00–18:00"},
    }
    offered = {
        "event": "bot",
        "text": "… for licence keys, our support team decides that case by case. Shall I pass …",
        "metadata": {"utter_action": "utter_limit_licence_return"},
    }
    tracker = tracker_for(
        "ok, how do I start that?",
        "help",
        slots=VERIFIED_SLOTS,
        events=[user_event("can I return one? its unused", "faq"), offered],
    )
    handler = routing({("POST", "/v1/handoffs"): (201, opened)})
    assert await said_by(ActionHelp(lambda: client_with(handler)), tracker) == [
        "utter_handoff_after_hours"
    ]


async def test_cheaper_elsewhere_after_nothing_left_to_cancel_says_how_to_return() -> None:
    from actions.limits import ActionFrustration

    shipped = order_json(lines=[line_json(status="shipped", quantity=2)])
    told = {
        "event": "bot",
        "text": "There's nothing left to cancel on order 100042 …",
        "metadata": {"utter_action": "utter_cancel_nothing_to_cancel"},
    }
    tracker = tracker_for(
        "both of them. i found them cheaper elsewhere",
        "complaint",
        slots=VERIFIED_SLOTS,
        events=[user_event("I need to cancel order 100042", "cancel_order"), told],
    )
    handler = routing({LOOKUP: (200, shipped)})
    said = await said_by(ActionFrustration(lambda: client_with(handler), lambda: TODAY), tracker)
    assert said == ["utter_shipped_return_instead"]


async def test_whats_my_total_now_adds_up_the_lines_kept() -> None:
    from actions.products import ActionCheckAvailability

    arcs = order_json(
        lines=[
            line_json(quantity=2, status="ready", unit_price="329.00"),
            line_json(line_no=2, quantity=1, status="cancelled", unit_price="329.00"),
        ]
    )
    tracker = tracker_for("whats my total now?", "product_availability", slots=VERIFIED_SLOTS)
    handler = routing({LOOKUP: (200, arcs)})
    dispatcher = CollectingDispatcher()
    await ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY).run(
        dispatcher, tracker, load_domain()
    )
    assert dispatcher.messages[0]["response"] == "utter_order_total"
    assert dispatcher.messages[0]["amount"] == "658.00"


async def test_my_ssd_alone_asks_for_the_order_number() -> None:
    from actions.conversation import ActionFallback

    tracker = tracker_for("my ssd", "nlu_fallback", slots={})
    assert await said_by(ActionFallback(lambda: client_with(routing({}))), tracker) == [
        "utter_ask_order_number"
    ]


TIS_AND_XTX = order_json(
    order_number="100340",
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RX7900XTX-24G",
            name="Radeon RX 7900 XTX 24 GB",
            quantity=1,
            status="ready",
            category="graphics_cards",
            unit_price="999.00",
        ),
        line_json(
            line_no=2,
            sku="GPU-RTX4060TI-16G",
            name="GeForce RTX 4060 Ti 16 GB",
            quantity=2,
            category="graphics_cards",
            unit_price="469.00",
        ),
    ],
)


async def test_cancel_both_and_send_the_other_cancels_both_units_not_the_one_to_send() -> None:
    # Set AA (a wrong cancel): "cancel both of them, and send the xtx right away".
    tracker = tracker_for(
        "ikisini de iptal edin, xtx yi de hemen gönderin",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "product_sku": "GPU-RTX4060TI-16G", "language": "tr"},
    )
    detail = await proposed(tracker, TIS_AND_XTX)
    assert detail.get("line_no") == 2 or 2 in detail.get("line_nos", [])
    assert 1 not in detail.get("line_nos", []) and detail.get("line_no") != 1
