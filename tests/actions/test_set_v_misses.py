"""What acceptance set V's first run missed (tenth session), as general behaviours: a product
off the order asked about beside the order's lines, a delivered line's product asked again,
"whatever" as a sigh, laptop memory."""

import datetime as dt
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel
from actions.products import ActionCheckAvailability
from tests.actions.factories import (
    VERIFIED_SLOTS,
    client_with,
    entity,
    line_json,
    load_domain,
    match_json,
    order_json,
    routing,
    tracker_for,
)

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 12, 6)


def stock(sku: str, name: str, price: str, available: int = 40) -> tuple[int, dict[str, Any]]:
    return 200, {
        "sku": sku,
        "name": name,
        "available": available,
        "backordered_quantity": 0,
        "price": price,
    }


async def said_by(action: Any, tracker: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, load_domain())
    return dispatcher.messages


async def test_a_product_off_the_order_asked_about_is_that_product_not_the_waiting_line() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="CPU-I7-14700K",
                name="Intel Core i7-14700K",
                quantity=3,
                category="cpus",
                unit_price="419.00",
            )
        ]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("CPU-I9-14900K", "Intel Core i9-14900K", category="cpus")],
            ),
            ("GET", "/v1/products/CPU-I9-14900K/availability"): stock(
                "CPU-I9-14900K", "Intel Core i9-14900K", "589.00"
            ),
        }
    )
    text = "I can't wait that long, the i9 14900k is in stock right? how much"
    tracker = tracker_for(
        text,
        "product_availability",
        [{"entity": "product", "value": "i9 14900k", "start": 30, "end": 39}],
        slots={**VERIFIED_SLOTS, "product_sku": "CPU-I7-14700K"},
    )
    messages = await said_by(
        ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY), tracker
    )
    assert [m["response"] for m in messages] == ["utter_availability_in_stock"]


async def test_a_delivered_product_asked_about_again_is_the_shop_s_stock_and_price() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="LAP-MBA13-M3-16",
                name="MacBook Air 13 M3, 16 GB, 512 GB",
                status="shipped",
                queue_position=None,
                category="laptops",
            )
        ]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "LAP-MBA13-M3-16", "MacBook Air 13 M3, 16 GB, 512 GB", category="laptops"
                    )
                ],
            ),
            ("GET", "/v1/products/LAP-MBA13-M3-16/availability"): stock(
                "LAP-MBA13-M3-16", "MacBook Air 13 M3, 16 GB, 512 GB", "1349.00", 8
            ),
        }
    )
    tracker = tracker_for(
        "my friend wants the macbook air 13 m3 too, is it in stock and how much",
        "product_availability",
        [entity("product", "macbook air 13")],
        VERIFIED_SLOTS,
    )
    messages = await said_by(
        ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY), tracker
    )
    said = [m["response"] for m in messages]
    assert said == ["utter_availability_in_stock"] and "utter_line_shipped" not in said


ARC_AND_ESET = order_json(
    lines=[
        line_json(sku="GPU-ARC-A770-16G", name="Intel Arc A770 16 GB", category="graphics_cards"),
        line_json(
            line_no=2,
            sku="SW-ESET-HOME-3",
            name="ESET Home Security, 3 devices",
            status="ready",
            queue_position=None,
            category="software",
        ),
    ]
)


@pytest.mark.parametrize(
    ("text", "mentions", "response"),
    [
        # A sigh, not the whole order.
        (
            "whatever, cancel the arc, I'll buy a 7700 XT instead",
            [{"entity": "product", "value": "arc", "start": 21, "end": 24}],
            "utter_cancel_confirm_line",
        ),
        ("ok cancel whatever you can", [], "utter_cancel_confirm_order"),
    ],
)
async def test_whatever_is_the_whole_order_only_as_whatever_you_can(
    text: str, mentions: list[dict[str, Any]], response: str
) -> None:
    handler = routing({("POST", "/v1/orders/lookup"): (200, ARC_AND_ESET)})
    tracker = tracker_for(text, "cancel_order", mentions, VERIFIED_SLOTS)
    messages = await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == response


async def test_the_laptop_ram_is_the_so_dimm_on_the_order() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="MON-ASUS-PA278CV",
                name='ASUS ProArt PA278CV 27" QHD',
                status="ready",
                queue_position=None,
                category="monitors",
            ),
            line_json(
                line_no=2,
                sku="RAM-CRU-32-SODIMM",
                name="Crucial 32 GB DDR5-5600 SO-DIMM",
                status="ready",
                queue_position=None,
                category="memory",
            ),
        ]
    )
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    text = "pls cancel the laptop ram i bought wrong type"
    mentions = [
        {"entity": "product", "value": "laptop", "start": 15, "end": 21},
        {"entity": "product", "value": "ram", "start": 22, "end": 25},
    ]
    tracker = tracker_for(text, "cancel_order", mentions, VERIFIED_SLOTS)
    messages = await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_cancel_confirm_line"
    assert messages[0]["name"] == "Crucial 32 GB DDR5-5600 SO-DIMM"


async def test_why_the_proof_is_needed_asked_in_the_lookup_is_answered_not_the_back_order_faq() -> (
    None
):
    from actions.faq import ActionAnswerFaq

    tracker = tracker_for("why do you need my email", "faq")
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/why_backorder"}}
    }
    messages = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({})), lambda: TODAY), tracker
    )
    assert [m["response"] for m in messages] == ["utter_fact_why_proof"]


async def test_when_parcels_that_left_arrive_is_how_long_delivery_takes() -> None:
    from actions.backend_schemas import Order
    from actions.orders import answer_lines

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    sku="MON-DELL-P2425H",
                    name='Dell P2425H 24" FHD',
                    status="shipped",
                    queue_position=None,
                )
            ]
        )
    )
    dispatcher = CollectingDispatcher()
    answer_lines(
        dispatcher, order, order.lines, TODAY, "en", "when should they arrive, kadıköy istanbul"
    )
    assert [m["response"] for m in dispatcher.messages][-1] == "utter_fact_delivery_time"


def test_returning_within_how_many_days_is_the_return_window_not_the_refund_time() -> None:
    from actions.topics import asked_topics

    assert asked_topics("ram'i iade etmek istersem kaç gün içinde yapabilirim") == [
        "utter_fact_return_window"
    ]
    assert asked_topics("iadem ne zaman yatar") == ["utter_fact_refund_time"]


async def test_a_waiting_whole_order_cancellation_narrowed_to_one_line_proposes_that_line() -> None:
    from actions.conversation import ActionFallback

    order = order_json(
        lines=[
            line_json(
                sku="GPU-RX7900XTX-24G",
                name="Radeon RX 7900 XTX 24 GB",
                quantity=1,
                status="ready",
                queue_position=None,
                category="graphics_cards",
            ),
            line_json(
                line_no=2,
                sku="MON-DELL-P2425H",
                name='Dell P2425H 24" FHD',
                status="ready",
                queue_position=None,
                category="monitors",
                unit_price="199.00",
            ),
        ]
    )
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    text = "wait no. just the two dell monitors. keep the 7900 xtx"
    mentions = [
        {"entity": "product", "value": "monitors", "start": 27, "end": 35},
        {"entity": "product", "value": "7900 xtx", "start": 46, "end": 54},
    ]
    slots = {
        **VERIFIED_SLOTS,
        "pending": "cancel",
        "pending_detail": {"scope": "order", "order_number": "100042", "line_nos": [1, 2]},
    }
    tracker = tracker_for(text, "nlu_fallback", mentions, slots)
    messages = await said_by(ActionFallback(lambda: client_with(handler), lambda: TODAY), tracker)
    assert messages[0]["response"] == "utter_cancel_confirm_line", messages
    assert messages[0]["name"] == 'Dell P2425H 24" FHD'


async def test_swap_it_for_it_after_asking_about_a_product_swaps_to_that_product() -> None:
    from actions.swap import ActionProposeSwap

    order = order_json(
        lines=[
            line_json(
                sku="GPU-RTX4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=1,
                unit_price="469.00",
                category="graphics_cards",
            )
        ]
    )
    ti = match_json("GPU-RTX4070TI-12G", "GeForce RTX 4070 Ti 12 GB Gaming OC", price="829.00")
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/search"): (200, [ti]),
            ("GET", "/v1/products/GPU-RTX4070TI-12G/availability"): stock(
                "GPU-RTX4070TI-12G", "GeForce RTX 4070 Ti 12 GB Gaming OC", "829.00", 68
            ),
        }
    )
    tracker = tracker_for(
        "swap the 4060 ti for it",
        "swap_item",
        [entity("product", "4060 ti")],
        {**VERIFIED_SLOTS, "product_sku": "GPU-RTX4070TI-12G"},
    )
    messages = await said_by(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_swap_confirm", messages
    assert messages[0]["new_name"] == "GeForce RTX 4070 Ti 12 GB Gaming OC"


def test_more_shapes_of_what_set_v_asked() -> None:
    from actions.lines import asks_if_together
    from actions.tone import sounds_upset
    from actions.topics import asked_topics

    assert asks_if_together("and the WD 1tbs, are they coming separately?")
    assert not asks_if_together("please ship them separately")
    assert sounds_upset("arrived but 2 weeks later than promised")
    assert not sounds_upset("where is my order")
    assert asked_topics("do you ship to Ankara and how much") == [
        "utter_fact_delivery_time",
        "utter_fact_shipping_cost",
    ]


async def test_a_similar_laptop_with_one_waiting_laptop_is_like_that_laptop() -> None:
    from actions.products import ActionSuggestAlternatives

    order = order_json(
        lines=[
            line_json(
                sku="LAP-ROG-G14",
                name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
                category="laptops",
            ),
            line_json(
                line_no=2,
                sku="GPU-RTX4070S-12G",
                name="GeForce RTX 4070 Super 12 GB",
                category="graphics_cards",
            ),
        ]
    )
    seen: list = []
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/LAP-ROG-G14/alternatives"): (200, []),
        },
        seen,
    )
    tracker = tracker_for(
        "hmm. is there a similar laptop in stock?",
        "ask_alternatives",
        [entity("product", "laptop")],
        {**VERIFIED_SLOTS, "product_sku": "LAP-ROG-G14"},
    )
    messages = await said_by(ActionSuggestAlternatives(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] != "utter_ask_which_backordered_line"
    assert any(r.url.path == "/v1/products/LAP-ROG-G14/alternatives" for r in seen)


async def test_the_pro_licence_price_beside_a_delivered_home_licence_is_the_pro_one() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="SW-WIN11-HOME",
                name="Windows 11 Home licence",
                status="shipped",
                queue_position=None,
                category="software",
            )
        ]
    )
    pro = match_json("SW-WIN11-PRO", "Windows 11 Pro licence", category="software")
    home = match_json("SW-WIN11-HOME", "Windows 11 Home licence", category="software")
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/search"): (200, [home, pro]),
            ("GET", "/v1/products/SW-WIN11-HOME/availability"): stock(
                "SW-WIN11-HOME", "Windows 11 Home licence", "139.00", 80
            ),
            ("GET", "/v1/products/SW-WIN11-PRO/availability"): stock(
                "SW-WIN11-PRO", "Windows 11 Pro licence", "199.00", 196
            ),
        }
    )
    tracker = tracker_for(
        "o zaman pro lisans fiyatı ne kadar",
        "product_availability",
        [entity("product", "license")],
        {**VERIFIED_SLOTS, "language": "tr"},
    )
    messages = await said_by(
        ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY), tracker
    )
    assert messages[0]["response"] == "utter_availability_in_stock"
    assert messages[0]["name"] == "Windows 11 Pro licence"


async def test_the_line_the_cancel_clause_names_when_the_marked_product_is_another() -> None:
    text = "whatever, cancel the arc, I'll buy a 7700 XT instead. Do you have it?"
    handler = routing({("POST", "/v1/orders/lookup"): (200, ARC_AND_ESET)})
    mentions = [{"entity": "product", "value": "7700 XT", "start": 38, "end": 45}]
    tracker = tracker_for(text, "cancel_order", mentions, VERIFIED_SLOTS)
    messages = await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_cancel_confirm_line"
    assert messages[0]["name"] == "Intel Arc A770 16 GB"


async def test_how_the_money_comes_back_right_after_a_cancellation_is_that_refund() -> None:
    from actions.faq import ActionAnswerFaq

    history = [
        {"event": "user", "text": "yes, cancel both", "parse_data": {"intent": {"name": "affirm"}}},
        {"event": "action", "name": "action_propose_cancel"},
        {
            "event": "bot",
            "text": "Done: …",
            "metadata": {"utter_action": "utter_cancel_done_order"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for(
        "how will i get the money back, I paid by card", "faq", slots=VERIFIED_SLOTS, events=history
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/payment"}}
    }
    messages = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({})), lambda: TODAY), tracker
    )
    assert [m["response"] for m in messages] == ["utter_fact_refund_time"]


async def test_a_brand_and_a_kind_asked_in_stock_is_shopping_with_that_brand_on_the_order() -> None:
    order = order_json(
        lines=[
            line_json(sku="CPU-I7-14700K", name="Intel Core i7-14700K", quantity=3, category="cpus")
        ]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/in-stock"): (
                200,
                [
                    {
                        "sku": "CPU-I9-14900K",
                        "name": "Intel Core i9-14900K",
                        "category": "cpus",
                        "price": "589.00",
                        "currency": "EUR",
                        "available": 33,
                    }
                ],
            ),
        }
    )
    text = "i need them for office pcs this month. what intel cpu do you have in stock"
    mentions = [
        {"entity": "product", "value": "office", "start": 16, "end": 22},
        {"entity": "product", "value": "cpu", "start": 45, "end": 48},
    ]
    tracker = tracker_for(text, "product_availability", mentions, VERIFIED_SLOTS)
    messages = await said_by(
        ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY), tracker
    )
    assert messages[0]["response"] == "utter_in_stock_intro"


async def test_pushing_back_on_a_shipped_order_is_told_why_and_how_to_return() -> None:
    from actions.orders import ActionCheckOrderStatus

    history = [
        {
            "event": "user",
            "text": "cancel 100310 please",
            "parse_data": {"intent": {"name": "cancel_order"}},
        },
        {"event": "action", "name": "action_propose_cancel"},
        {
            "event": "bot",
            "text": "There's nothing left to cancel…",
            "metadata": {"utter_action": "utter_cancel_nothing_to_cancel"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for(
        "what do you mean already shipped, i changed my mind",
        "order_status",
        slots=VERIFIED_SLOTS,
        events=history,
    )
    action = ActionCheckOrderStatus(lambda: client_with(routing({})), lambda: TODAY)
    messages = await said_by(action, tracker)
    assert [m["response"] for m in messages] == ["utter_shipped_return_instead"]


def test_who_can_right_after_the_limit_was_said_again_names_who() -> None:
    from actions.topics import answered_limit_followup

    history = [
        {
            "event": "user",
            "text": "can you email it?",
            "parse_data": {"intent": {"name": "invoice"}},
        },
        {"event": "bot", "text": "I'm sorry…", "metadata": {"utter_action": "utter_limit_again"}},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for("who can then", "change_order", events=history)
    dispatcher = CollectingDispatcher()
    assert answered_limit_followup(dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_limit_who_can"]


def test_a_cancelled_order_offers_no_notifications_of_changes() -> None:
    from actions.backend_schemas import Order
    from actions.orders import utter_order

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    sku="MON-LG-27OLED", name="LG OLED", status="cancelled", queue_position=None
                )
            ]
        )
    )
    dispatcher = CollectingDispatcher()
    utter_order(dispatcher, order, today=TODAY)
    assert [m["response"] for m in dispatcher.messages][-1] == "utter_anything_else"


async def test_alternatives_without_the_size_asked_say_so_before_the_list() -> None:
    from actions.products import ActionSuggestAlternatives

    order = order_json(
        lines=[line_json(sku="SSD-CRU-P3P-4T", name="Crucial P3 Plus 4 TB", category="ssds")]
    )
    alternative = {
        "sku": "SSD-SAM990-2TB",
        "name": "Samsung 990 Pro 2 TB NVMe",
        "price": "189.00",
        "currency": "EUR",
        "available": 27,
        "reasons": [],
    }
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/SSD-CRU-P3P-4T/alternatives"): (200, [alternative]),
        }
    )
    tracker = tracker_for(
        "stokta başka 4tb ssd var mı",
        "ask_alternatives",
        slots={**VERIFIED_SLOTS, "language": "tr"},
    )
    messages = await said_by(ActionSuggestAlternatives(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_in_stock_none_of_that"
    assert messages[0]["what"] == "4tb SSD"
    assert messages[1]["response"] == "utter_alternatives_intro"


async def test_i_didnt_cancel_anything_after_the_apology_is_believed_not_answered_the_same() -> (
    None
):
    from actions.limits import ActionFrustration

    order = order_json(
        lines=[
            line_json(sku="MON-LG-27OLED", name="LG OLED", status="cancelled", queue_position=None)
        ]
    )
    history = [
        {
            "event": "user",
            "text": "why was it cancelled??",
            "parse_data": {"intent": {"name": "complaint"}},
        },
        {
            "event": "bot",
            "text": "I'm sorry about this…",
            "metadata": {"utter_action": "utter_sorry_cancelled_unknown"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for(
        "I didnt cancel anything", "complaint", slots=VERIFIED_SLOTS, events=history
    )
    action = ActionFrustration(
        lambda: client_with(routing({("POST", "/v1/orders/lookup"): (200, order)})), lambda: TODAY
    )
    messages = await said_by(action, tracker)
    assert [m["response"] for m in messages] == ["utter_cancelled_unknown_believed"]
