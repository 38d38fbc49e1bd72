import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import (
    ActionCancelConfirmed,
    ActionKeepOrder,
    ActionProposeCancel,
    cancel_quantity,
)
from actions.common import last_mentioned
from actions.conversation import ActionAffirm
from actions.limits import ActionExplainLimit
from actions.swap import ActionProposeSwap, ActionSwapConfirmed, corrected_product
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
from tests.actions.test_products import availability

pytestmark = pytest.mark.anyio

LOOKUP = ("POST", "/v1/orders/lookup")
RX7800_STOCK = ("GET", "/v1/products/GPU-RX7800XT-16G/availability")
IN_STOCK = {
    "sku": "GPU-RX7800XT-16G",
    "available": 17,
    "backordered_quantity": 0,
    "price": "571.00",
}
ORDER = order_json(
    lines=[
        line_json(line_no=1, unit_price="619.00", currency="EUR", category="graphics_cards"),
        line_json(
            line_no=2,
            sku="SSD-SAM990-2TB",
            name="Samsung 990 Pro 2 TB",
            quantity=1,
            status="shipped",
            unit_price="189.00",
            category="ssds",
        ),
    ]
)


async def run(action: Any, tracker: Any) -> tuple[list, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


def after_proposal(proposal: str, slots: dict[str, Any], answer: str = "yes") -> Any:
    """A tracker where the bot just proposed (`proposal`) and the customer answers."""
    history = [
        user_event("cancel it", "cancel_order"),
        action_event(proposal),
        action_event("action_listen"),
    ]
    return tracker_for(answer, "affirm", slots={**VERIFIED_SLOTS, **slots}, events=history)


async def test_cancel_of_a_named_backordered_line_is_confirmed_first() -> None:
    action = ActionProposeCancel(
        client_factory=lambda: client_with(routing({LOOKUP: (200, ORDER)}))
    )
    tracker = tracker_for(
        "cancel the rtx 4070", "cancel_order", [entity("product", "rtx 4070")], VERIFIED_SLOTS
    )
    events, messages = await run(action, tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["amount"] == "1238.00"  # 2 x 619.00
    assert SlotSet("pending", "cancel") in events
    detail = next(e["value"] for e in events if e["name"] == "pending_detail")
    assert detail["scope"] == "line" and detail["line_no"] == 1


TWO_OPEN = order_json(
    lines=[
        line_json(line_no=1, unit_price="619.00", currency="EUR", category="graphics_cards"),
        line_json(
            line_no=2,
            sku="CPU-R7-7800X3D",
            name="AMD Ryzen 7 7800X3D",
            quantity=1,
            unit_price="449.00",
            currency="EUR",
            category="cpus",
        ),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "aslında hepsini değil sadece 4070leri iptal edin",
        "just the 4070s, not all of it",
        "EKRAN KARTINI İPTAL EDİN",
    ],
)
async def test_a_line_named_without_a_product_entity_is_the_one_cancelled(text: str) -> None:
    action = ActionProposeCancel(
        client_factory=lambda: client_with(routing({LOOKUP: (200, TWO_OPEN)}))
    )
    events, messages = await run(action, tracker_for(text, "cancel_order", [], VERIFIED_SLOTS))
    assert responses(messages) == ["utter_cancel_confirm_line"]
    detail = next(e["value"] for e in events if e["name"] == "pending_detail")
    assert detail["scope"] == "line" and detail["line_no"] == 1


async def test_the_whole_order_is_proposed_only_when_asked_for() -> None:
    action = ActionProposeCancel(
        client_factory=lambda: client_with(routing({LOOKUP: (200, TWO_OPEN)}))
    )
    _, asked = await run(
        action, tracker_for("hepsini iptal et", "cancel_order", [], VERIFIED_SLOTS)
    )
    _, negated = await run(
        action, tracker_for("tamamını iptal etmeyin", "cancel_order", [], VERIFIED_SLOTS)
    )
    assert responses(asked) == ["utter_cancel_confirm_order"]
    assert responses(negated) == ["utter_ask_which_line_to_cancel"]


async def test_a_shipped_line_is_refused_with_the_returns_path() -> None:
    action = ActionProposeCancel(
        client_factory=lambda: client_with(routing({LOOKUP: (200, ORDER)}))
    )
    tracker = tracker_for(
        "cancel the ssd", "cancel_order", [entity("product", "ssd")], VERIFIED_SLOTS
    )
    events, messages = await run(action, tracker)
    assert responses(messages) == ["utter_cancel_line_shipped"]
    assert SlotSet("pending", None) in events


async def test_cancel_without_a_verified_order_starts_the_lookup() -> None:
    action = ActionProposeCancel(client_factory=lambda: client_with(routing({})))
    events, messages = await run(action, tracker_for("cancel my order", "cancel_order"))
    assert responses(messages) == ["utter_verify_first"]
    assert SlotSet("next_step", "verify") in events


async def test_confirmed_cancel_calls_the_backend_with_the_verification() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/orders/100042/lines/1/cancel"): (200, ORDER)}, seen)
    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "name": "RTX 4070",
        "quantity": 2,
        "amount": "1238.00",
        "currency": "EUR",
    }
    tracker = after_proposal(
        "action_propose_cancel", {"pending": "cancel", "pending_detail": detail}
    )
    events, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_done_line"]
    assert json.loads(seen[0].content) == {"email": "ada.lovelace@example.com"}
    assert SlotSet("pending", None) in events


async def test_confirmed_cancel_of_a_line_that_shipped_meanwhile_explains_returns() -> None:
    handler = routing(
        {("POST", "/v1/orders/100042/cancel"): (409, {"detail": "x", "code": "nothing_to_cancel"})}
    )
    detail = {
        "scope": "order",
        "order_number": "100042",
        "items": "2 × RTX",
        "amount": "1",
        "currency": "EUR",
    }
    tracker = after_proposal(
        "action_propose_cancel", {"pending": "cancel", "pending_detail": detail}
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_nothing_to_cancel"]


async def test_a_stale_yes_confirms_nothing() -> None:
    history = [
        user_event("cancel it", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("action_listen"),
        user_event("support hours?", "faq"),
        action_event("utter_faq"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes",
        "affirm",
        slots={
            **VERIFIED_SLOTS,
            "pending": "cancel",
            "pending_detail": {"scope": "order", "order_number": "100042"},
        },
        events=history,
    )
    events, messages = await run(ActionCancelConfirmed(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_nothing_to_confirm"]
    assert SlotSet("pending", None) in events


async def test_swap_proposal_quotes_the_price_difference_for_the_line() -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        }
    )
    tracker = tracker_for(
        "/swap_item", "swap_item", [entity("product", "GPU-RX7800XT-16G")], VERIFIED_SLOTS
    )
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_confirm", "utter_swap_confirm_refund"]
    assert messages[0]["old_price"] == "619.00" and messages[0]["new_price"] == "571.00"
    assert messages[1]["amount"] == "96.00"  # (571 - 619) x 2, refunded
    assert SlotSet("pending", "swap") in events


async def test_swap_searches_the_product_named_last_not_the_longest_mention() -> None:
    seen: list = []
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        },
        seen,
    )
    text = "i want to swap my graphics card for the rx 7800 xt"
    mentions = [
        {"entity": "product", "value": "graphics card", "start": 18, "end": 31},
        {"entity": "product", "value": "rx 7800 xt", "start": 40, "end": 50},
    ]
    tracker = tracker_for(text, "swap_item", mentions, VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    searched = [r.url.params["q"] for r in seen if r.url.path == "/v1/products/search"]
    assert searched == ["rx 7800 xt"]
    assert responses(messages)[0] == "utter_swap_confirm"


def test_last_mentioned_prefers_the_longest_of_those_ending_last() -> None:
    mentions = [
        {"entity": "product", "value": "rtx 4070", "start": 4, "end": 12},
        {"entity": "product", "value": "rtx 4070 super", "start": 4, "end": 18},
        {"entity": "product", "value": "4070 super", "start": 8, "end": 18},
    ]
    tracker = tracker_for("the rtx 4070 super", "swap_item", mentions)
    assert last_mentioned(tracker, "product") == "rtx 4070 super"
    assert last_mentioned(tracker_for("hi", "greet"), "product") is None


async def test_confirmed_swap_reports_the_backend_difference() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                200,
                {
                    "order": ORDER,
                    "old_sku": "GPU-RTX4070-12G",
                    "new_sku": "GPU-RX7800XT-16G",
                    "price_difference": "-96.00",
                    "currency": "EUR",
                },
            )
        }
    )
    detail = {
        "order_number": "100042",
        "line_no": 1,
        "sku": "GPU-RX7800XT-16G",
        "old_name": "RTX 4070",
        "new_name": "RX 7800 XT",
        "quantity": 2,
    }
    tracker = after_proposal("action_propose_swap", {"pending": "swap", "pending_detail": detail})
    events, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_done", "utter_swap_done_refund"]
    assert messages[1]["amount"] == "96.00"
    assert SlotSet("product_sku", "GPU-RX7800XT-16G") in events


async def test_swap_to_a_product_that_sold_out_meanwhile() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                409,
                {"detail": "x", "code": "not_enough_stock"},
            )
        }
    )
    detail = {"order_number": "100042", "line_no": 1, "sku": "GPU-X", "new_name": "X"}
    tracker = after_proposal("action_propose_swap", {"pending": "swap", "pending_detail": detail})
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_not_enough_stock"]


async def test_a_named_line_that_is_not_back_ordered_is_not_swapped_for_another() -> None:
    # "swap the samsung for the kingston fury": the Samsung shipped; the back-ordered graphics
    # card must not be swapped for memory instead (a customer confirmed exactly that once).
    kingston = match_json("RAM-KF-32", "Kingston Fury Beast 32 GB", category="memory")
    handler = routing({LOOKUP: (200, ORDER), ("GET", "/v1/products/search"): (200, [kingston])})
    text = "swap the samsung 990 pro for the kingston fury beast"
    mentions = [{"entity": "product", "value": "kingston fury beast", "start": 33, "end": 52}]
    tracker = tracker_for(text, "swap_item", mentions, VERIFIED_SLOTS)
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_line_not_backordered"]
    assert messages[0]["name"] == "Samsung 990 Pro 2 TB"
    assert SlotSet("pending", "swap") not in events


async def test_a_product_of_another_kind_is_never_proposed_for_the_back_ordered_line() -> None:
    kingston = match_json("RAM-KF-32", "Kingston Fury Beast 32 GB", category="memory")
    handler = routing({LOOKUP: (200, ORDER), ("GET", "/v1/products/search"): (200, [kingston])})
    mentions = [{"entity": "product", "value": "kingston fury beast", "start": 14, "end": 33}]
    tracker = tracker_for(
        "swap it for a kingston fury beast", "swap_item", mentions, VERIFIED_SLOTS
    )
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert "utter_swap_confirm" not in responses(messages)
    assert SlotSet("pending", "swap") not in events


async def test_no_to_a_cancellation_with_a_question_keeps_the_order_and_answers_the_line() -> None:
    handler = routing({LOOKUP: (200, ORDER)})
    tracker = tracker_for(
        "wait, no dont cancel. when is the rtx 4070 expected instead?",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel"},
    )
    _, messages = await run(ActionKeepOrder(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_kept_order", "utter_line_intro", "utter_line_backordered"]


async def test_a_plain_no_keeps_the_order_without_asking_the_backend() -> None:
    seen: list[httpx.Request] = []
    tracker = tracker_for("no", "deny", slots={**VERIFIED_SLOTS, "pending": "cancel"})
    _, messages = await run(ActionKeepOrder(lambda: client_with(routing({}, seen))), tracker)
    assert responses(messages) == ["utter_kept_order"]
    assert seen == []


async def test_a_yes_the_nlu_took_for_a_cancel_request_confirms_the_proposal() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/orders/100042/cancel"): (200, ORDER)}, seen)
    detail = {"scope": "order", "order_number": "100042", "items": "2 × RTX 4070"}
    history = [
        user_event("cancel my order", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes cancel everything, I found the drives somewhere else",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_done_order"]
    assert seen[0].url.path == "/v1/orders/100042/cancel"


async def test_a_swap_to_a_product_short_of_stock_is_not_proposed() -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, {**IN_STOCK, "available": 1}),  # the line has 2
            ("GET", "/v1/products/GPU-4070-12G/alternatives"): (200, []),
            ("GET", "/v1/products/GPU-4070-12G/availability"): (
                200,
                {
                    "sku": "GPU-4070-12G",
                    "available": 0,
                    "backordered_quantity": 5,
                    "price": "619.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "swap it for the rx 7800 xt", "swap_item", [entity("product", "rx 7800 xt")], VERIFIED_SLOTS
    )
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    # With the prices of both: "how much is the difference if I take it?" is often the question.
    assert responses(messages)[0] == "utter_swap_target_short_priced"
    assert (messages[0]["available"], messages[0]["quantity"]) == (1, 2)
    assert (messages[0]["new_price"], messages[0]["old_price"]) == ("571.00", "619.00")
    assert SlotSet("pending", "swap") not in events


async def test_a_short_swap_target_after_the_list_offers_its_buttons_again_not_the_list() -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, {**IN_STOCK, "available": 0}),
        }
    )
    buttons = [{"title": "Swap to Radeon RX 7700 XT", "payload": '/swap_item{"product": "X"}'}]
    history = [
        user_event("anything in stock instead?", "ask_alternatives"),
        action_event("action_suggest_alternatives"),
        {"event": "bot", "text": "Similar products...", "data": {"buttons": buttons}},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "whats the difference if i take the rx 7800 xt",
        "swap_item",
        [entity("product", "rx 7800 xt")],
        VERIFIED_SLOTS,
        events=history,
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_target_short_priced", "utter_swap_pick_in_stock"]
    assert messages[1]["buttons"] == buttons


async def test_cancel_one_line_and_keep_another_cancels_the_first() -> None:
    handler = routing({LOOKUP: (200, ORDER)})
    text = "can i cancel only the rtx 4070 and keep the samsung 990 pro"
    mentions = [
        {"entity": "product", "value": "rtx 4070", "start": 22, "end": 30},
        {"entity": "product", "value": "samsung 990 pro", "start": 44, "end": 59},
    ]
    tracker = tracker_for(text, "cancel_order", mentions, VERIFIED_SLOTS)
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["name"] == "RTX 4070 12 GB"


def test_a_correction_inside_the_message_names_the_product_after_it() -> None:
    assert corrected_product("swap it for the 7900x, no wait, make it the 5600") == "5600"
    assert corrected_product("7900X'e geçelim... yok pardon o fazla pahalı, 5600 olsun") == "5600"
    assert corrected_product("swap my 4070 for the 4070 super") is None


async def test_a_swap_target_is_taken_from_the_waiting_line_s_kind() -> None:
    cpu_order = order_json(
        lines=[
            line_json(
                sku="CPU-R5-7600X",
                name="AMD Ryzen 5 7600X",
                quantity=1,
                unit_price="229.00",
                category="cpus",
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, cpu_order),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "RAM-DDR5-32-5600", "Kingston Fury Beast 32 GB DDR5-5600", category="memory"
                    ),
                    match_json("CPU-R5-5600", "AMD Ryzen 5 5600", category="cpus", price="119.00"),
                ],
            ),
            ("GET", "/v1/products/CPU-R5-5600/availability"): (
                200,
                {
                    "sku": "CPU-R5-5600",
                    "available": 9,
                    "backordered_quantity": 0,
                    "price": "119.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "swap it for the 7900x, no wait, make it the 5600",
        "swap_item",
        [entity("product", "7900x")],
        VERIFIED_SLOTS,
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_swap_confirm"
    assert messages[0]["new_name"] == "AMD Ryzen 5 5600"


THREE_WAITING = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RX7600-8G",
            name="Radeon RX 7600 8 GB Pulse",
            quantity=1,
            status="backordered",
            unit_price="269.00",
            category="graphics_cards",
        ),
        line_json(
            line_no=2,
            sku="GPU-RTX4090-24G",
            name="GeForce RTX 4090 24 GB Founders",
            quantity=1,
            status="backordered",
            unit_price="1899.00",
            category="graphics_cards",
        ),
        line_json(
            line_no=3,
            sku="SW-JETBRAINS-1Y",
            name="JetBrains All Products Pack, 1 year",
            quantity=1,
            status="backordered",
            unit_price="289.00",
            category="software",
        ),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "actually wait. keep the 4090, cancel the other two",
        "cancel everything except the 4090",
        "4090 kalsın, diğer ikisini iptal edin",
        "4090 hariç hepsini iptal et",
    ],
)
async def test_keep_one_cancel_the_rest_proposes_the_other_lines(text: str) -> None:
    handler = routing({LOOKUP: (200, THREE_WAITING)})
    tracker = tracker_for(text, "cancel_order", [entity("product", "4090")], VERIFIED_SLOTS)
    # The NLU's entity is the product kept, which is no product to cancel.
    tracker.latest_message["entities"] = [
        {
            "entity": "product",
            "value": "4090",
            "start": text.index("4090"),
            "end": text.index("4090") + 4,
        }
    ]
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert messages[0]["items"] == (
        "1 × Radeon RX 7600 8 GB Pulse and 1 × JetBrains All Products Pack, 1 year"
    )
    assert "4090" in messages[0]["kept"] and "4090" not in messages[0]["items"]
    assert messages[0]["amount"] in ("558.00", "558,00")
    detail = next(e["value"] for e in events if e["name"] == "pending_detail")
    assert detail["scope"] == "lines" and detail["line_nos"] == [1, 3]


async def test_confirming_several_lines_cancels_each_of_them() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/1/cancel"): (200, THREE_WAITING),
            ("POST", "/v1/orders/100042/lines/3/cancel"): (200, THREE_WAITING),
        },
        seen,
    )
    detail = {
        "scope": "lines",
        "order_number": "100042",
        "line_nos": [1, 3],
        "items": "1 × Radeon RX 7600 8 GB Pulse, 1 × JetBrains All Products Pack, 1 year",
        "kept": "1 × GeForce RTX 4090 24 GB Founders",
        "amount": "558.00",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "yes",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert [r.url.path for r in seen] == [
        "/v1/orders/100042/lines/1/cancel",
        "/v1/orders/100042/lines/3/cancel",
    ]
    assert responses(messages) == ["utter_cancel_done_lines"]


SWAP_DETAIL = {
    "order_number": "100042",
    "line_no": 1,
    "sku": "GPU-RX7700XT-12G",
    "old_name": "Intel Arc A770 16 GB",
    "new_name": "Radeon RX 7700 XT 12 GB",
    "quantity": 1,
    "old_price": "329.00",
    "new_price": "459.00",
    "currency": "EUR",
    "difference": "130.00",
}


@pytest.mark.parametrize(
    "text", ["whats the price difference", "its 130 euro more, do i get that back if i cancel?"]
)
async def test_the_price_difference_asked_before_the_yes_says_it_and_asks_again(text: str) -> None:
    tracker = tracker_for(
        text,
        "product_availability",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
    )
    events, messages = await run(availability(routing({})), tracker)
    # The difference each and for the line, with the yes/no (not the whole proposal again).
    assert responses(messages) == ["utter_swap_difference_more"]
    assert messages[0]["each"] == "130.00" and messages[0]["total"] == "130.00"
    assert events == []  # the swap still waits for its yes


async def test_the_difference_per_unit_of_a_line_of_three_is_a_third_of_the_whole() -> None:
    detail = {**SWAP_DETAIL, "quantity": 3, "difference": "-180.00", "currency": "EUR"}
    tracker = tracker_for(
        "what's the price difference per cpu",
        "product_availability",
        entities=[{"entity": "product", "value": "cpu", "start": 31, "end": 34}],
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": detail, "language": "tr"},
    )
    _, messages = await run(availability(routing({})), tracker)
    assert responses(messages) == ["utter_swap_difference_less"]
    assert (messages[0]["each"], messages[0]["total"]) == ("60,00", "180,00")
    assert messages[0]["units"] == "3 adet"


async def test_a_yes_after_a_question_answered_in_between_still_confirms() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                200,
                {
                    "order": ORDER,
                    "old_sku": "GPU-ARC-A770-16G",
                    "new_sku": "GPU-RX7700XT-12G",
                    "price_difference": "130.00",
                    "currency": "EUR",
                },
            )
        }
    )
    history = [
        user_event("swap it for the rx 7700 xt", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
        user_event("whats the price difference", "product_availability"),
        action_event("action_check_availability"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "ok do it",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
        events=history,
    )
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_done"


@pytest.mark.parametrize(
    "proposer",
    # "do you have the 2tb 990 pro? can i change to that?" is a stock question whose answer
    # proposes the swap; "how much is the 4070 super difference" a limit's.
    ["action_check_availability", "action_explain_limit", "action_fallback"],
)
async def test_a_yes_to_a_swap_proposed_by_another_action_confirms_it(proposer: str) -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                200,
                {
                    "order": ORDER,
                    "old_sku": "GPU-ARC-A770-16G",
                    "new_sku": "GPU-RX7700XT-12G",
                    "price_difference": "130.00",
                    "currency": "EUR",
                },
            )
        }
    )
    history = [
        user_event("do you have the 7700 xt? can i change to that", "product_availability"),
        action_event(proposer),
        {"event": "slot", "name": "pending", "value": "swap"},
        {"event": "slot", "name": "pending_detail", "value": SWAP_DETAIL},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "ok go ahead",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
        events=history,
    )
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_done"


async def test_a_yes_naming_another_product_is_not_the_proposed_swap() -> None:
    # "ok swap it to the 7800 xt" when the 7700 XT was proposed: nothing swapped to the 7700 XT.
    seen: list[httpx.Request] = []
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB Nitro+")],
            ),
            ("POST", "/v1/orders/lookup"): (200, ORDER),
        },
        seen,
    )
    history = [
        user_event("swap it for the rx 7700 xt", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "ok swap it to the 7800 xt",
        "affirm",
        entities=[entity("product", "7800 xt")],
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
        events=history,
    )
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert "utter_swap_done" not in responses(messages)
    assert not [r for r in seen if r.url.path.endswith("/swap")]
    assert [r.url.params.get("q") for r in seen if r.url.path == "/v1/products/search"][0] == (
        "7800 xt"
    )


async def test_a_yes_after_three_questions_or_another_action_is_stale() -> None:
    questions = [
        event
        for text in ("price?", "and the eta?", "is the ssd in stock?")
        for event in (
            user_event(text, "product_availability"),
            action_event("action_check_availability"),
            action_event("action_listen"),
        )
    ]
    for history in (
        [user_event("swap", "swap_item"), action_event("action_propose_swap"), *questions],
        [
            user_event("swap", "swap_item"),
            action_event("action_propose_swap"),
            user_event("my notifications", "list_subscriptions"),
            action_event("action_list_subscriptions"),
        ],
    ):
        tracker = tracker_for(
            "yes",
            "affirm",
            slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
            events=history,
        )
        _, messages = await run(ActionSwapConfirmed(lambda: client_with(routing({}))), tracker)
        assert responses(messages) == ["utter_nothing_to_confirm"]


async def test_cancel_one_and_keep_the_other_named_after_it() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-CRUCIAL-P3-4TB",
                name="Crucial P3 Plus 4 TB",
                quantity=1,
                unit_price="239.00",
                category="ssds",
            ),
            line_json(
                line_no=2,
                sku="SSD-SAM870-2TB",
                name="Samsung 870 EVO 2 TB SATA",
                quantity=2,
                status="ready",
                unit_price="159.00",
                category="ssds",
            ),
        ]
    )
    handler = routing({LOOKUP: (200, order)})
    tracker = tracker_for(
        "cancel the crucial 4tb, I'll keep the samsung ones", "cancel_order", [], VERIFIED_SLOTS
    )
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["name"] == "Crucial P3 Plus 4 TB"


async def test_the_waiting_line_named_with_the_target_is_the_one_swapped() -> None:
    handler = routing(
        {
            LOOKUP: (200, THREE_WAITING),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "GPU-RTX4060-8G",
                        "GeForce RTX 4060 8 GB",
                        category="graphics_cards",
                        price="319.00",
                    )
                ],
            ),
            ("GET", "/v1/products/GPU-RTX4060-8G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4060-8G",
                    "available": 9,
                    "backordered_quantity": 0,
                    "price": "319.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "rx 7600 yerine rtx 4060 koyabilir misiniz",
        "swap_item",
        [entity("product", "rx 7600"), entity("product", "rtx 4060")],
        VERIFIED_SLOTS,
    )
    tracker.latest_message["entities"] = [
        {"entity": "product", "value": "rx 7600", "start": 0, "end": 7},
        {"entity": "product", "value": "rtx 4060", "start": 15, "end": 23},
    ]
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_swap_confirm"
    assert messages[0]["old_name"] == "Radeon RX 7600 8 GB Pulse"


THREE_ARCS = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-ARC-A770-16G",
            name="Intel Arc A770 16 GB",
            quantity=3,
            status="backordered",
            unit_price="329.00",
            category="graphics_cards",
        ),
    ]
)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("cancel 1 of them, keep 2", 1),
        ("cancel1 of them pls keep the rest", 1),
        ("I only wanted 2. Can you remove one?", 1),
        ("cancel 2 of the three", 2),
        ("keep one, cancel the rest", 2),
        ("birini iptal edin", 1),
        ("ikisi kalsın, birini iptal et", 1),
        ("cancel them all", None),
        ("cancel the 1tb one", None),
    ],
)
def test_how_many_units_of_a_line_to_cancel(text: str, part: int | None) -> None:
    assert cancel_quantity(text, 3) == part


async def test_cancel_some_units_of_a_line_proposes_that_part() -> None:
    handler = routing({LOOKUP: (200, THREE_ARCS)})
    tracker = tracker_for("cancel 1 of them, keep 2", "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_part"]
    assert (messages[0]["quantity"], messages[0]["kept"], messages[0]["amount"]) == (1, 2, "329.00")
    detail = next(e["value"] for e in events if e["name"] == "pending_detail")
    assert detail["scope"] == "part"


async def test_confirming_a_part_cancels_that_many_units() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/orders/100042/lines/1/cancel"): (200, THREE_ARCS)}, seen)
    detail = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "name": "Intel Arc A770",
        "quantity": 1,
        "total": 3,
        "kept": 2,
        "kept_units": "2 units",
        "amount": "329.00",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "yes",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert json.loads(seen[0].content)["quantity"] == 1
    assert responses(messages) == ["utter_cancel_done_part"]


async def test_the_price_difference_heard_as_a_discount_question_says_the_swaps() -> None:
    tracker = tracker_for(
        "whats the price difference",
        "discount",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
    )
    _, messages = await run(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_swap_difference_more"]


@pytest.mark.parametrize(
    ("entities", "said"),
    [
        # "cancel order 100229 please" alone: the bot says it must find the order first.
        ([{"entity": "order_number", "value": "100229"}], ["utter_verify_first"]),
        # With the email in the same message the order is found at once: nothing to announce.
        (
            [
                {"entity": "order_number", "value": "100229"},
                {"entity": "email", "value": "deniz.129@example.net"},
            ],
            [],
        ),
    ],
)
async def test_first_i_need_your_order_only_when_the_lookup_must_ask(
    entities: list[dict[str, str]], said: list[str]
) -> None:
    tracker = tracker_for("cancel order 100229 please", "cancel_order")
    tracker.latest_message["entities"] = entities
    _, messages = await run(ActionProposeCancel(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes the 4090 only", ["GeForce RTX 4090 24 GB Founders"]),
        (
            "yes the graphics cards",
            ["Radeon RX 7600 8 GB Pulse", "GeForce RTX 4090 24 GB Founders"],
        ),
    ],
)
async def test_a_yes_naming_fewer_lines_than_proposed_asks_again_for_those(
    text: str, expected: list[str]
) -> None:
    seen: list[httpx.Request] = []
    handler = routing({LOOKUP: (200, THREE_WAITING)}, seen)
    detail = {
        "scope": "order",
        "order_number": "100042",
        "items": "...",
        "amount": "2",
        "currency": "EUR",
    }
    tracker = tracker_for(
        text,
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    events, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert [r.url.path for r in seen] == ["/v1/orders/lookup"]  # nothing cancelled
    proposed = next(e["value"] for e in events if e["name"] == "pending_detail")
    if len(expected) == 1:
        assert responses(messages) == ["utter_cancel_confirm_line"]
        assert messages[0]["name"] == expected[0] and proposed["scope"] == "line"
    else:
        assert responses(messages) == ["utter_cancel_confirm_lines"]
        assert all(name in messages[0]["items"] for name in expected)
        assert proposed["line_nos"] == [1, 2]


async def test_a_plain_yes_to_the_whole_order_cancels_it_without_a_second_question() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/orders/100042/cancel"): (200, THREE_WAITING)}, seen)
    detail = {
        "scope": "order",
        "order_number": "100042",
        "items": "...",
        "amount": "2",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "yes cancel them all please",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert [r.url.path for r in seen] == ["/v1/orders/100042/cancel"]
    assert responses(messages) == ["utter_cancel_done_order"]


@pytest.mark.parametrize(
    ("text", "entities", "wanted"),
    [
        ("ok then 2x RX 7800 XT instead of the 4060 Tis", [], "2x rx 7800 xt"),
        (
            "the 7800 xt instead of the 4060 ti",
            [
                {"entity": "product", "value": "7800 xt", "start": 4, "end": 11},
                {"entity": "product", "value": "4060 ti", "start": 27, "end": 34},
            ],
            "7800 xt",
        ),
        ("swap the 4060 ti for the 7800 xt", [], None),
    ],
)
def test_the_product_wanted_instead_of_another_is_the_one_before_instead_of(
    text: str, entities: list[dict[str, Any]], wanted: str | None
) -> None:
    from actions.swap import wanted_instead

    tracker = tracker_for(text, "swap_item", entities=entities)
    assert wanted_instead(tracker, text) == wanted


async def test_a_swap_to_a_product_the_nlu_does_not_know_is_found_in_the_catalogue() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="MON-LG-27GR95QE",
                name='LG UltraGear 27GR95QE 27" OLED 240 Hz',
                quantity=2,
                unit_price="999.00",
                category="monitors",
            )
        ]
    )
    g7 = match_json("MON-SAM-G7-32", 'Samsung Odyssey G7 32" 4K 144 Hz', 92.0, category="monitors")
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (200, [g7]),
            ("GET", "/v1/products/MON-SAM-G7-32/availability"): (
                200,
                {
                    "sku": "MON-SAM-G7-32",
                    "available": 20,
                    "backordered_quantity": 0,
                    "price": "649.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "ok can you change to Samsung Odyssey G7 both of them", "swap_item", slots=VERIFIED_SLOTS
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert "Odyssey G7" in messages[0]["new_name"]


async def test_the_product_right_after_cancel_is_the_one_cancelled() -> None:
    handler = routing({LOOKUP: (200, THREE_WAITING)})
    text = "cancel the 4090 please, the radeon rx 7600 is enough"
    entities = [
        {"entity": "product", "value": "4090", "start": 11, "end": 15},
        {"entity": "product", "value": "radeon rx 7600", "start": 28, "end": 42},
    ]
    tracker = tracker_for(text, "cancel_order", entities=entities, slots=VERIFIED_SLOTS)
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert "4090" in messages[0]["name"]


async def test_everything_asked_with_products_named_proposes_the_whole_order() -> None:
    handler = routing({LOOKUP: (200, THREE_WAITING)})
    text = "4090 ve rx 7600 için beklemek istemiyorum, hepsini iptal edin"
    entities = [
        {"entity": "product", "value": "4090", "start": 0, "end": 4},
        {"entity": "product", "value": "rx 7600", "start": 8, "end": 15},
    ]
    tracker = tracker_for(text, "cancel_order", entities=entities, slots=VERIFIED_SLOTS)
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_order"]


async def test_a_cancellation_heard_as_stopping_notifications_is_proposed() -> None:
    from actions.subscriptions import ActionUnsubscribe

    handler = routing({LOOKUP: (200, THREE_WAITING)})
    tracker = tracker_for("ok then cancel the 4090", "unsubscribe_updates", slots=VERIFIED_SLOTS)
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]


@pytest.mark.parametrize("intent", ["product_advice", "discount"])
async def test_the_difference_of_a_swap_asked_first_proposes_the_swap(intent: str) -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        }
    )
    tracker = tracker_for(
        "how much is the rx 7800 xt difference for both",
        intent,
        [entity("product", "rx 7800 xt")],
        VERIFIED_SLOTS,
    )
    _, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_confirm", "utter_swap_confirm_refund"]


async def test_a_difference_between_two_products_is_not_a_swap() -> None:
    from actions.swap import answered_swap_difference

    tracker = tracker_for(
        "what's the difference between the 4080 and the 7900 xtx",
        "product_advice",
        [],
        VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    assert await answered_swap_difference(lambda: None, dispatcher, tracker, {}) is None  # type: ignore[arg-type,return-value]


async def test_a_product_of_another_kind_is_never_proposed_for_the_line_talked_about() -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "MON-ASUS-PA278CV", 'ASUS ProArt PA278CV 27" QHD', category="monitors"
                    )
                ],
            ),
            ("GET", "/v1/products/MON-ASUS-PA278CV/availability"): (
                200,
                {
                    "sku": "MON-ASUS-PA278CV",
                    "available": 58,
                    "backordered_quantity": 0,
                    "price": "399.00",
                },
            ),
        }
    )
    slots = {**VERIFIED_SLOTS, "product_sku": "GPU-4070-12G"}
    tracker = tracker_for(
        "swap it to the proart", "swap_item", [entity("product", "proart")], slots
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_ask_which_backordered_line"]


async def test_the_new_product_s_words_do_not_name_a_line_of_the_order() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-RTX4080S-16G",
                name="GeForce RTX 4080 Super 16 GB",
                status="ready",
                queue_position=None,
                category="graphics_cards",
            ),
            line_json(
                line_no=2,
                sku="GPU-RTX4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=2,
                unit_price="469.00",
                category="graphics_cards",
            ),
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RTX4070S-12G", "GeForce RTX 4070 Super 12 GB", price="679.00")],
            ),
            ("GET", "/v1/products/GPU-RTX4070S-12G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4070S-12G",
                    "available": 20,
                    "backordered_quantity": 0,
                    "price": "679.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "how much is the 4070 super difference for both",
        "swap_item",
        [entity("product", "4070 super")],
        VERIFIED_SLOTS,
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert messages[0]["old_name"] == "GeForce RTX 4060 Ti 16 GB"


def test_what_turkish_lets_come_or_wait_is_kept() -> None:
    from actions.backend_client import Order as OrderModel
    from actions.cancel import kept_lines

    order = OrderModel.model_validate(TWO_OPEN)
    names = [line.name for line in order.lines]
    text = f"sadece {names[0].split()[0]} iptal edebilir miyim? {names[1].split()[0]} gelsin"
    assert [line.name for line in kept_lines(order, text)] == [names[1]]


async def test_a_product_named_with_a_limit_is_the_one_talked_about_next() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RTX4070S-12G", "GeForce RTX 4070 Super 12 GB", 95.0)],
            )
        }
    )
    tracker = tracker_for(
        "mediamarkt has the rtx 4070 super for 599, price match?",
        "discount",
        [entity("product", "rtx 4070 super")],
    )
    events, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_limit_discount"]
    assert SlotSet("product_sku", "GPU-RTX4070S-12G") in events


@pytest.mark.parametrize("text", ["ok forget it, sign me up for updates on the order", "ok nvm"])
async def test_a_yes_that_takes_the_change_back_changes_nothing(text: str) -> None:
    seen: list[httpx.Request] = []
    history = [
        user_event("swap it for the rx 7700 xt", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        text,
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
        events=history,
    )
    events, messages = await run(
        ActionSwapConfirmed(lambda: client_with(routing({}, seen))), tracker
    )
    assert responses(messages) == ["utter_kept_order"]
    assert not [r for r in seen if r.method == "POST"]
    assert SlotSet("pending", None) in events


async def test_if_not_then_a_bigger_cancellation_asks_the_waiting_one_again() -> None:
    detail = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "name": "Radeon RX 7900 XTX 24 GB",
        "quantity": 1,
        "total": 2,
        "kept": 1,
    }
    tracker = tracker_for(
        "if not then cancel the whole line and i reorder 1?",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
    )
    events, messages = await run(ActionProposeCancel(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_cancel_still_pending"]
    assert messages[0]["what"] == "1 × Radeon RX 7900 XTX 24 GB"
    assert not any(e.get("name") == "pending" for e in events)  # the same question waits


async def test_a_yes_after_the_change_is_made_says_it_is_done() -> None:
    history = [
        user_event("yes", "affirm"),
        action_event("action_swap_confirmed"),
        action_event("action_listen"),
    ]
    tracker = tracker_for("yes confirm", "affirm", slots=VERIFIED_SLOTS, events=history)
    _, messages = await run(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_change_already_made"]


async def test_a_swap_to_a_model_sold_in_two_sizes_takes_the_waiting_line_s_size() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="SSD-KC3000-1TB",
                name="Kingston KC3000 1 TB",
                quantity=1,
                unit_price="99.00",
                category="ssds",
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json("SSD-SAM870-1TB", "Samsung 870 EVO 1 TB SATA", category="ssds"),
                    match_json("SSD-SAM870-2TB", "Samsung 870 EVO 2 TB SATA", category="ssds"),
                ],
            ),
            ("GET", "/v1/products/SSD-SAM870-1TB/availability"): (
                200,
                {
                    "sku": "SSD-SAM870-1TB",
                    "available": 55,
                    "backordered_quantity": 0,
                    "price": "89.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "tamam samsung 870 evo ile degistirin",
        "swap_item",
        [entity("product", "samsung 870 evo")],
        VERIFIED_SLOTS,
    )
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert messages[0]["new_name"] == "Samsung 870 EVO 1 TB SATA"
    assert SlotSet("pending", "swap") in events


async def test_the_same_swap_asked_again_while_it_waits_is_the_yes() -> None:
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                200,
                {
                    "order": ORDER,
                    "old_sku": "GPU-4070-12G",
                    "new_sku": "GPU-RX7800XT-16G",
                    "price_difference": "-96.00",
                    "currency": "EUR",
                },
            ),
        }
    )
    detail = {**SWAP_DETAIL, "sku": "GPU-RX7800XT-16G", "line_no": 1}
    history = [
        user_event("swap it for the 7800 xt?", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "swap both for the rx 7800 xt",
        "swap_item",
        [entity("product", "rx 7800 xt")],
        {**VERIFIED_SLOTS, "pending": "swap", "pending_detail": detail},
        events=history,
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_done"


async def test_a_yes_asking_about_another_line_of_the_order_still_confirms() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB", category="ssds")],
            ),
            LOOKUP: (200, ORDER),
            ("POST", "/v1/orders/100042/lines/1/swap"): (
                200,
                {
                    "order": ORDER,
                    "old_sku": "GPU-ARC-A770-16G",
                    "new_sku": "GPU-RX7700XT-12G",
                    "price_difference": "130.00",
                    "currency": "EUR",
                },
            ),
        }
    )
    history = [
        user_event("swap it for the rx 7700 xt", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes. does the samsung 990 pro ship separately?",
        "affirm",
        entities=[entity("product", "samsung 990 pro")],
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
        events=history,
    )
    _, messages = await run(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_done"


async def test_lines_of_the_order_named_without_a_swap_word_are_answered_not_swapped() -> None:
    order = order_json(
        lines=[
            line_json(sku="GPU-RX7800XT-16G", name="Radeon RX 7800 XT 16 GB", status="shipped"),
            line_json(
                line_no=2,
                sku="GPU-RX7700XT-12G",
                name="Radeon RX 7700 XT 12 GB",
                status="ready",
                queue_position=None,
            ),
        ]
    )
    tracker = tracker_for(
        "the 7800 xt arrived but where's the 7700 xt",
        "swap_item",
        [entity("product", "7800 xt"), entity("product", "7700 xt")],
        VERIFIED_SLOTS,
    )
    _, messages = await run(
        ActionProposeSwap(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert responses(messages) == ["utter_line_intro", "utter_line_ready"]


async def test_a_yes_after_taking_the_cancellation_back_cancels_nothing() -> None:
    detail = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "name": "WD Black SN850X 1 TB",
        "quantity": 2,
        "total": 3,
        "kept": 1,
    }
    history = [
        user_event("2 tanesini iptal edebilir misiniz", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("action_listen"),
        user_event("o zaman iptal etme, 1TB'ları 2TB ile değiştir", "swap_item"),
        action_event("action_propose_swap"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "evet",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    seen: list[httpx.Request] = []
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(routing({}, seen))), tracker)
    assert responses(messages) == ["utter_nothing_to_confirm"]
    assert not [r for r in seen if r.method == "POST"]


async def test_a_proposal_asked_for_after_forget_it_is_confirmed_by_yes() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {("POST", "/v1/orders/100042/lines/1/cancel"): (200, ORDER), LOOKUP: (200, ORDER)}, seen
    )
    detail = {"scope": "line", "order_number": "100042", "line_no": 1, "name": "RTX 4070"}
    history = [
        user_event("forget it. cancel the cpu. the ram can still ship right?", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes cancel it",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert [r.url.path for r in seen if r.method == "POST" and "cancel" in r.url.path]


async def test_a_yes_to_a_cancellation_asked_for_in_turkish_confirms_it() -> None:
    # "birini iptal etmek istiyorum" asks for it; "iptal etme" would take it back.
    seen: list[httpx.Request] = []
    handler = routing(
        {("POST", "/v1/orders/100042/lines/1/cancel"): (200, ORDER), LOOKUP: (200, ORDER)}, seen
    )
    detail = {"scope": "line", "order_number": "100042", "line_no": 1, "name": "RTX 4070"}
    history = [
        user_event("2 tane samsung var, birini iptal etmek istiyorum", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "Evet, bir tanesini",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert [r for r in seen if r.method == "POST" and r.url.path.endswith("/cancel")]


@pytest.mark.parametrize("text", ["o zaman onu iptal edin, diğerleri gelsin", "then cancel it"])
async def test_cancel_it_is_the_line_just_talked_about(text: str) -> None:
    tracker = tracker_for(
        text, "cancel_order", slots={**VERIFIED_SLOTS, "product_sku": "GPU-4070-12G"}
    )
    _, messages = await run(
        ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, ORDER)}))), tracker
    )
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["name"] == "RTX 4070 12 GB"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the 7800 xt then, both of them", "product_availability"),
        # Set T: heard as advice, then "yes" confirmed the swap turned down (a wrong action).
        ("wait no, the 7800 xt is enough for me. make it the 7800 xt", "product_advice"),
        ("make it the 7800 xt instead", "change_order"),
    ],
)
async def test_another_product_named_while_a_swap_waits_proposes_that_swap(
    text: str, intent: str
) -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {
            LOOKUP: (200, ORDER),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        },
        seen,
    )
    start = text.rindex("7800 xt")
    tracker = tracker_for(
        text,
        intent,
        [{**entity("product", "7800 xt"), "start": start, "end": start + 7}],
        {**VERIFIED_SLOTS, "pending": "swap", "pending_detail": SWAP_DETAIL},
    )
    action = (
        availability(handler)
        if intent == "product_availability"
        else ActionExplainLimit(lambda: client_with(handler))
    )
    events, messages = await run(action, tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert messages[0]["new_name"] == "Radeon RX 7800 XT 16 GB"
    assert SlotSet("pending", "swap") in events
