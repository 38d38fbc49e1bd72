"""Follow-ups about the product just talked about: "and the ti version?", "the 2 tb one"; and
"rtx 4070" meaning the plain RTX 4070 rather than a question back."""

import datetime as dt
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Order, ProductMatch
from actions.conversation import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.lines import lines_named
from actions.orders import ValidateOrderLookupForm
from actions.products import ActionCheckAvailability, pick_match
from actions.swap import ActionProposeSwap
from tests.actions.factories import (
    VERIFIED_SLOTS,
    action_event,
    client_with,
    entity,
    line_json,
    load_domain,
    match_json,
    order_json,
    routing,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

CATALOGUE = {
    "GPU-RTX4060TI-16G": "GeForce RTX 4060 Ti 16 GB",
    "GPU-RTX4070-12G": "GeForce RTX 4070 12 GB Windforce",
    "GPU-RTX4070S-12G": "GeForce RTX 4070 Super 12 GB",
    "GPU-RTX4070TI-12G": "GeForce RTX 4070 Ti 12 GB Gaming OC",
    "LAP-ROG-G14-4070": "ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
    "SSD-SAM990-1TB": "Samsung 990 Pro 1 TB NVMe",
    "SSD-SAM990-2TB": "Samsung 990 Pro 2 TB NVMe",
    "SSD-WDSN850X-2TB": "WD Black SN850X 2 TB",
}


def catalogue(request: httpx.Request) -> httpx.Response:
    """A fake backend: search by shared words (every product sharing one), stock by SKU."""
    path = request.url.path
    if path == "/v1/products/search":
        words = set(request.url.params["q"].lower().split())
        found = [
            match_json(sku, name, score=len(words & set(name.lower().split())))
            for sku, name in CATALOGUE.items()
            if words & set(name.lower().split())
        ]
        found.sort(key=lambda m: -m["score"])
        return httpx.Response(200, json=found)
    sku = path.split("/")[3]
    if sku not in CATALOGUE:
        return httpx.Response(404, json={"detail": "no such product"})
    body = {
        "sku": sku,
        "name": CATALOGUE[sku],
        "available": 3,
        "backordered_quantity": 0,
        "price": "599.00",
    }
    return httpx.Response(200, json={**body, "next_restock": None})


async def run(action: Any, tracker: Any) -> tuple[list, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


def today() -> dt.date:
    return dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("and the ti version?", "GPU-RTX4070S-12G", "GPU-RTX4070TI-12G"),
        ("how about the super", "GPU-RTX4070-12G", "GPU-RTX4070S-12G"),
        ("what about the 2tb one", "SSD-SAM990-1TB", "SSD-SAM990-2TB"),
        ("and in 2 tb?", "SSD-SAM990-1TB", "SSD-SAM990-2TB"),
    ],
)
async def test_a_follow_up_answers_the_variant_of_the_product_just_discussed(
    text: str, current: str, expected: str
) -> None:
    action = ActionFallback(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(text, "nlu_fallback", slots={"product_sku": current})

    events, messages = await run(action, tracker)

    assert messages[0]["response"] == "utter_availability_in_stock"
    assert messages[0]["sku"] == expected
    assert SlotSet("product_sku", expected) in events


async def test_a_follow_up_with_no_clear_variant_falls_back() -> None:
    action = ActionFallback(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(
        "and the purple one?", "nlu_fallback", slots={"product_sku": "GPU-RTX4070-12G"}
    )

    _, messages = await run(action, tracker)

    assert [m["response"] for m in messages] == ["utter_default"]


async def test_is_the_variant_in_stock_asks_about_the_variant_not_the_current_product() -> None:
    action = ActionCheckAvailability(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(
        "is the ti in stock?", "product_availability", slots={"product_sku": "GPU-RTX4070S-12G"}
    )

    _, messages = await run(action, tracker)

    assert messages[0]["sku"] == "GPU-RTX4070TI-12G"


def matches(*skus: str) -> list[ProductMatch]:
    return [ProductMatch(sku=s, name=CATALOGUE[s], score=90.0) for s in skus]


def test_the_plain_model_is_picked_over_its_super_ti_and_laptop_namesakes() -> None:
    close = matches("GPU-RTX4070-12G", "GPU-RTX4070S-12G", "GPU-RTX4070TI-12G", "LAP-ROG-G14-4070")

    assert pick_match("rtx 4070", close) == close[0]
    assert pick_match("4070", close) == close[0]


def test_two_plain_models_still_ask() -> None:
    close = matches("SSD-SAM990-2TB", "SSD-WDSN850X-2TB")

    assert pick_match("2 tb", close) is None


async def test_a_name_the_catalogue_has_several_of_gets_buttons_not_the_product_before() -> None:
    action = ActionCheckAvailability(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(
        "any samsung 990 in stock?",
        "product_availability",
        slots={"product_sku": "GPU-RTX4070-12G"},
    )

    events, messages = await run(action, tracker)

    assert messages[0]["response"] == "utter_product_choose"
    assert [b["payload"] for b in messages[0]["buttons"]][:2] == [
        '/product_availability{"product": "SSD-SAM990-1TB"}',
        '/product_availability{"product": "SSD-SAM990-2TB"}',
    ]
    assert SlotSet("product_question", "availability") in events


# What acceptance set C (tests/conversations/transcripts/) found, one test each.

MONITOR_ORDER = order_json(
    lines=[
        line_json(sku="MON-SAM-G7-32", name='Samsung Odyssey G7 32" 4K 144 Hz', quantity=3),
        line_json(line_no=2, sku="SSD-SAM870-2TB", name="Samsung 870 EVO 2 TB", status="shipped"),
    ]
)


def test_a_kind_followed_by_a_comma_names_its_line() -> None:
    order = Order.model_validate(MONITOR_ORDER)

    named = lines_named(order, "3 monitors, when are they coming")

    assert [line.sku for line in named] == ["MON-SAM-G7-32"]


async def test_a_question_naming_nothing_about_the_verified_order_answers_its_lines() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER),
            ("GET", "/v1/products/search"): (200, []),  # "all 3 them" names no product
        }
    )
    action = ActionCheckAvailability(client_factory=lambda: client_with(handler), today=today)
    tracker = tracker_for("all 3 of them?", "product_availability", slots=VERIFIED_SLOTS)

    _, messages = await run(action, tracker)

    assert messages[0]["response"] == "utter_line_intro"
    assert "utter_ask_which_product" not in [m["response"] for m in messages]


async def test_naming_a_line_while_a_cancellation_waits_is_about_the_cancellation() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    action = ActionProposeSwap(lambda: client_with(handler))
    tracker = tracker_for(
        "just the monitors, keep the 7800 xt",
        "swap_item",
        [entity("product", "7800 xt")],
        {
            **VERIFIED_SLOTS,
            "pending": "cancel",
            "pending_detail": {
                "scope": "line",
                "order_number": "100042",
                "line_no": 1,
                "name": "Radeon RX 7600 8 GB",
                "quantity": 2,
            },
        },
    )

    events, messages = await run(action, tracker)

    assert [m["response"] for m in messages] == ["utter_cancel_still_pending"]
    assert messages[0]["what"] == "2 × Radeon RX 7600 8 GB"
    assert not any(e.get("name") == "pending" for e in events)  # the cancellation still waits


async def test_a_charge_question_naming_a_line_gets_the_charging_policy() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = tracker_for(
        "am i charged for the monitors now or when they ship?", "faq", slots=VERIFIED_SLOTS
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/backorder_charge"}}
    }

    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)

    # That fact of the charging policy, on its own.
    assert [m["response"] for m in messages] == ["utter_fact_charged_now"]


def test_a_postcode_given_when_the_number_was_asked_is_not_called_a_wrong_number() -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("postcode 35220", "inform", slots={"requested_slot": "order_number"})

    slots = ValidateOrderLookupForm().validate_order_number(
        "postcode 35220", dispatcher, tracker, load_domain()
    )

    assert slots == {"order_number": None}
    assert dispatcher.messages == []


async def test_swap_to_something_available_lists_the_lines_alternatives_and_listens() -> None:
    order = order_json(lines=[line_json(sku="GPU-RTX4060-8G", name="GeForce RTX 4060 8 GB")])
    alternative = {
        "sku": "GPU-RX7700XT-12G",
        "name": "Radeon RX 7700 XT 12 GB",
        "price": "459.00",
        "available": 27,
        "reasons": ["in stock now"],
        "price_difference": "140.00",
    }
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/GPU-RTX4060-8G/alternatives"): (200, [alternative]),
        }
    )
    tracker = tracker_for(
        "i want to change it to something available", "swap_item", slots=VERIFIED_SLOTS
    )

    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)

    assert messages[0]["response"] == "utter_alternatives_intro"
    assert SlotSet("next_step", "listen") in events  # the rules wait for the customer's pick


async def test_a_product_not_on_the_verified_order_is_not_answered_with_its_waiting_line() -> None:
    order = order_json(lines=[line_json(sku="GPU-RTX4090-24G", name="GeForce RTX 4090 24 GB")])

    def backend(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/orders/lookup":
            return httpx.Response(200, json=order)
        return catalogue(request)

    action = ActionCheckAvailability(client_factory=lambda: client_with(backend), today=today)
    tracker = tracker_for(
        "do u have the samsung 990 pro 2tb?",
        "product_availability",
        slots={**VERIFIED_SLOTS, "product_sku": "GPU-RTX4090-24G"},
    )

    _, messages = await run(action, tracker)

    assert messages[0]["response"] == "utter_availability_in_stock"
    assert messages[0]["sku"] == "SSD-SAM990-2TB"


@pytest.mark.parametrize(
    ("text", "query"),
    [("do you sell the ps5?", "ps5"), ("and playstation 5?", "playstation 5")],
)
async def test_a_product_the_shop_does_not_sell_is_said_not_found(text: str, query: str) -> None:
    action = ActionCheckAvailability(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(text, "product_availability", slots={"product_sku": "SSD-SAM990-2TB"})

    _, messages = await run(action, tracker)

    assert [(m["response"], m.get("query")) for m in messages] == [
        ("utter_product_not_found", query)
    ]


async def test_the_price_is_given_with_the_stock() -> None:
    action = ActionCheckAvailability(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(
        "how much is it", "product_availability", slots={"product_sku": "SSD-SAM990-2TB"}
    )

    _, messages = await run(action, tracker)

    assert messages[0]["response"] == "utter_availability_in_stock"
    assert (messages[0]["price"], messages[0]["currency"]) == ("599.00", "EUR")


@pytest.mark.parametrize(
    ("text", "query"), [("iphone 15 var mı sizde", "iphone 15"), ("ps5 satiyo musunuz peki", "ps5")]
)
async def test_a_turkish_question_about_a_product_not_sold_says_not_found(
    text: str, query: str
) -> None:
    action = ActionCheckAvailability(client_factory=lambda: client_with(catalogue), today=today)
    tracker = tracker_for(text, "product_availability", slots={"language": "tr"})

    _, messages = await run(action, tracker)

    assert [(m["response"], m.get("query")) for m in messages] == [
        ("utter_product_not_found", query)
    ]


@pytest.mark.parametrize(
    ("before", "answer"),
    [
        # The refund-time fact names both cases (from the cancellation, from a return's arrival).
        ("action_cancel_confirmed", "utter_fact_refund_time"),
        ("action_check_order_status", "utter_fact_refund_time"),
    ],
)
async def test_a_refund_question_right_after_a_cancellation_is_about_that_refund(
    before: str, answer: str
) -> None:
    history = [
        user_event("yes cancel it", "affirm"),
        action_event(before),
        action_event("action_listen"),
    ]
    tracker = tracker_for("how long until the refund shows up on my card", "faq", events=history)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/returns"}}
    }
    _, messages = await run(ActionAnswerFaq(lambda: client_with(routing({})), today), tracker)
    assert [m["response"] for m in messages] == [answer]


async def test_is_it_back_ordered_about_the_verified_order_answers_its_waiting_line() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = tracker_for("is it back-ordered? how long", "faq", slots=VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/what_is_backorder"}}
    }
    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)
    assert [m["response"] for m in messages][0] == "utter_line_intro"


async def test_why_is_it_back_ordered_about_the_verified_order_says_why_then_the_line() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = tracker_for("why is it back ordered, i paid 2 weeks ago", "faq", slots=VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/why_backorder"}}
    }
    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)
    assert [m["response"] for m in messages][:2] == ["utter_why_waiting", "utter_line_backordered"]


async def test_a_refund_instead_of_waiting_proposes_the_cancellation() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = tracker_for("Can I get a refund instead of waiting?", "faq", slots=VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/returns"}}
    }
    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)
    assert [m["response"] for m in messages][-1].startswith("utter_cancel_confirm")


def faq_says(text: str, answer: str, slots: dict[str, Any]) -> Any:
    tracker = tracker_for(text, "faq", slots=slots)
    tracker.latest_message["response_selector"] = {"faq": {"response": {"utter_action": answer}}}
    return tracker


async def test_can_i_cancel_a_line_of_the_verified_order_proposes_it_not_the_policy() -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = faq_says("can i cancel the monitors?", "utter_faq/cancellation", VERIFIED_SLOTS)
    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)
    assert messages[0]["response"] == "utter_cancel_confirm_line"


async def test_when_with_the_order_verified_gets_its_dates_whatever_policy_it_sounded_like() -> (
    None
):
    handler = routing({("POST", "/v1/orders/lookup"): (200, MONITOR_ORDER)})
    tracker = faq_says("ne zaman kargoya verilir?", "utter_faq/backorder_charge", VERIFIED_SLOTS)
    _, messages = await run(ActionAnswerFaq(lambda: client_with(handler), today), tracker)
    assert [m["response"] for m in messages][:2] == ["utter_line_intro", "utter_line_backordered"]


async def test_the_cheapest_of_a_size_after_a_product_lists_that_kind_in_stock() -> None:
    seen: list[httpx.Request] = []
    stocked = {
        "sku": "SSD-SAM870-2TB",
        "name": "Samsung 870 EVO 2 TB SATA",
        "price": "149.00",
        "currency": "EUR",
        "available": 40,
    }
    handler = routing({("GET", "/v1/products/in-stock"): (200, [stocked])}, seen)
    tracker = tracker_for(
        "whats the cheapest 2tb then",
        "product_availability",
        slots={"product_sku": "SSD-CRUCIAL-P3-4TB"},
    )
    action = ActionCheckAvailability(client_factory=lambda: client_with(handler), today=today)
    _, messages = await run(action, tracker)
    assert seen[0].url.params["q"] == "ssd 2tb"
    assert messages[0]["response"] == "utter_in_stock_intro"
