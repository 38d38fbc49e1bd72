"""Cancellations and swaps asked in words the NLU hears as something else, and several lines
cancelled in one message (set N of the eighth session)."""

import datetime as dt
import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_schemas import Order
from actions.cancel import (
    ActionCancelConfirmed,
    ActionProposeCancel,
    asks_to_cancel,
    asks_to_swap,
    kept_spans,
)
from actions.choice import chosen_button
from actions.common import proposal_is_fresh
from actions.conversation import ActionAffirm, ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.feedback import ActionStoreFeedback, gives_a_rating
from actions.limits import ActionExplainLimit, ActionFrustration
from actions.lines import lines_named
from actions.orders import ActionCheckOrderStatus, answer_lines, asks_what_it_is
from actions.products import ActionCheckAvailability, ActionSuggestAlternatives
from actions.subscriptions import ActionSubscribe
from actions.swap import ActionProposeSwap
from actions.topics import asked_topics
from tests.actions.factories import (
    VERIFIED_SLOTS,
    action_event,
    client_with,
    entity,
    line_json,
    match_json,
    order_json,
    routing,
    tracker_for,
    user_event,
)
from tests.actions.test_cancel_and_swap import IN_STOCK, LOOKUP, RX7800_STOCK, responses, run
from tests.actions.test_products import alternative_json

pytestmark = pytest.mark.anyio

# Like order 100330 of the demo shop: two lines waiting, one in stock.
MIXED = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="SSD-WDSN850X-1TB",
            name="WD Black SN850X 1 TB",
            quantity=2,
            status="ready",
            unit_price="109.00",
            category="ssds",
            ship_eta={"earliest": "2026-12-08", "latest": "2026-12-08"},
        ),
        line_json(
            line_no=2,
            sku="CPU-R7-7800X3D",
            name="AMD Ryzen 7 7800X3D",
            quantity=3,
            status="backordered",
            unit_price="389.00",
            category="cpus",
        ),
        line_json(
            line_no=3,
            sku="SSD-CRUCIAL-P3P-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=1,
            status="backordered",
            unit_price="239.00",
            category="ssds",
        ),
    ]
)


def _pending(events: list[dict[str, Any]]) -> dict[str, Any]:
    return next(e["value"] for e in events if e.get("name") == "pending_detail")


async def test_part_of_one_line_and_another_line_in_one_message_are_proposed_together() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "I'd like to cancel 2 of the 3 7800X3D and the Crucial P3 Plus"
    tracker = tracker_for(text, "cancel_order", [entity("product", "7800X3D")], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert messages[0]["items"] == ("2 of the 3 × AMD Ryzen 7 7800X3D and 1 × Crucial P3 Plus 4 TB")
    assert messages[0]["kept"] == "2 × WD Black SN850X 1 TB and 1 × AMD Ryzen 7 7800X3D"
    assert messages[0]["amount"] == "1017.00"  # 2 x 389 + 239
    detail = _pending(events)
    assert detail["line_nos"] == [2, 3] and detail["units"] == {"2": 2}


async def test_confirming_lines_cancelled_in_part_sends_each_line_s_units() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {
            ("POST", "/v1/orders/100042/lines/2/cancel"): (200, MIXED),
            ("POST", "/v1/orders/100042/lines/3/cancel"): (200, MIXED),
        },
        seen,
    )
    detail = {
        "scope": "lines",
        "order_number": "100042",
        "line_nos": [2, 3],
        "units": {"2": 2},
        "items": "2 of the 3 × AMD Ryzen 7 7800X3D and 1 × Crucial P3 Plus 4 TB",
        "kept": "2 × WD Black SN850X 1 TB and 1 × AMD Ryzen 7 7800X3D",
        "amount": "1017.00",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "yes both",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    bodies = [json.loads(r.content) for r in seen]
    assert [b.get("quantity") for b in bodies] == [2, None]
    assert responses(messages) == ["utter_cancel_done_lines"]


async def test_two_lines_named_after_cancel_are_both_proposed() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "what do you mean? then cancel the rest, the ryzen and the crucial"
    tracker = tracker_for(text, "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert _pending(events)["line_nos"] == [2, 3] and _pending(events)["units"] == {}


async def test_a_line_asked_about_in_another_sentence_is_not_cancelled() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = (
        "I ordered 3 Ryzen 7 7800X3D but I only need one now. Can you cancel 2 of them? "
        "Also, when do the WD SSDs ship?"
    )
    ryzen = {"entity": "product", "value": "Ryzen 7 7800X3D", "start": 11, "end": 26}
    wd = {
        "entity": "product",
        "value": "WD",
        "start": text.index("WD"),
        "end": text.index("WD") + 2,
    }
    tracker = tracker_for(text, "cancel_order", [ryzen, wd], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_part"]
    assert messages[0]["name"] == "AMD Ryzen 7 7800X3D" and messages[0]["quantity"] == 2


async def test_a_line_said_to_be_enough_beside_a_cancellation_is_kept() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "cancel the crucial please, the wd is enough"
    tracker = tracker_for(text, "cancel_order", [], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["name"] == "Crucial P3 Plus 4 TB"


def test_a_line_kept_in_turkish_beside_the_cancellation_does_not_undo_the_proposal() -> None:
    history = [
        user_event(
            "tamam ssdyi iptal edin, başka yerden aldım. ekran kartı kalsın", "cancel_order"
        ),
        action_event("action_propose_cancel"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        action_event("action_listen"),
    ]
    tracker = tracker_for("evet iptal", "affirm", events=history)
    assert proposal_is_fresh(tracker, ("action_propose_cancel",))
    refused = [
        user_event("iptal etmeyin, kalsın", "cancel_order"),
        *history[1:],
    ]
    assert not proposal_is_fresh(tracker_for("evet", "affirm", events=refused), ("x",))


def test_what_asks_to_cancel_and_what_asks_to_swap() -> None:
    assert asks_to_cancel("ok cancel one of the zephyrus, keep the other one and the 4070 super")
    assert asks_to_cancel("ssdyi iptal edin lütfen")
    assert not asks_to_cancel("how long until the money for the cancelled laptop is back")
    assert not asks_to_cancel("if i cancel the ssd when do i get my money")
    assert not asks_to_cancel("don't cancel it")
    assert not asks_to_cancel("cancel the 4060 and swap it for the 7600")
    assert asks_to_swap("then swap the crucial for a second WD Black SN850X 2 TB")
    assert asks_to_swap("can I change the three 1tbs to three 2tbs?")
    assert not asks_to_swap("can you change the delivery address to my office")
    assert not asks_to_swap("change the delivery date to friday the 12th")


async def test_a_cancellation_heard_as_a_swap_is_proposed_as_a_cancellation() -> None:
    zephyrus = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="LAP-ROG-G14-4070",
                name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
                quantity=2,
                status="backordered",
                unit_price="2099.00",
                category="laptops",
            ),
            line_json(
                line_no=2,
                sku="GPU-RTX4070S-12G",
                name="GeForce RTX 4070 Super 12 GB",
                quantity=1,
                status="backordered",
                unit_price="649.00",
                category="graphics_cards",
            ),
        ]
    )
    handler = routing({LOOKUP: (200, zephyrus)})
    text = (
        "ok cancel one of the zephyrus, i only need one now. keep the other one and the 4070 super"
    )
    tracker = tracker_for(text, "swap_item", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_part"]
    assert messages[0]["quantity"] == 1 and "Zephyrus" in messages[0]["name"]
    assert SlotSet("pending", "cancel") in events


async def test_a_swap_heard_as_advice_is_proposed() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=1,
                status="backordered",
                unit_price="469.00",
                category="graphics_cards",
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        }
    )
    text = "then swap it for the rx 7800 xt, that one is better for me honestly"
    tracker = tracker_for(text, "product_advice", [entity("product", "rx 7800 xt")], VERIFIED_SLOTS)
    events, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert SlotSet("pending", "swap") in events


async def test_a_cancellation_heard_as_a_change_is_proposed_after_the_other_question() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "can you cancel one of the three ryzens? and is there a discount if i keep the others"
    tracker = tracker_for(text, "change_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages)[-1] == "utter_cancel_confirm_part"
    assert messages[-1]["quantity"] == 1
    assert SlotSet("pending", "cancel") in events


async def test_a_rating_heard_as_a_limit_is_stored_with_its_comment() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/feedback"): (201, {"id": "f1"})}, seen)
    text = "rating 2/5. delivery of order 100150 took a week"
    tracker = tracker_for(text, "change_order", [entity("order_number", "100150")])
    _, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_feedback_low"]
    body = json.loads(seen[0].content)
    assert body["rating"] == 2 and body["comment"] == text


def test_what_gives_a_rating_inside_other_words() -> None:
    assert gives_a_rating(tracker_for("box was damaged, card works though. I'd give 3/5", "x"))
    assert gives_a_rating(tracker_for("2 out of 5. the packaging was terrible", "x"))
    assert not gives_a_rating(tracker_for("cancel 2 of the 3 please", "x"))
    assert not gives_a_rating(tracker_for("I need 2 of them", "x"))


KINGSTON = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="SSD-KC3000-1TB",
            name="Kingston KC3000 1 TB",
            quantity=1,
            status="backordered",
            unit_price="99.00",
            category="ssds",
        )
    ]
)


async def test_alternatives_of_a_kind_are_like_the_waiting_line_of_that_kind() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {
            LOOKUP: (200, KINGSTON),
            ("GET", "/v1/products/SSD-KC3000-1TB/alternatives"): (
                200,
                [alternative_json("SSD-WDSN850X-1TB", "WD Black SN850X 1 TB")],
            ),
        },
        seen,
    )
    text = "what other 1tb nvme ssd do you have in stock"
    tracker = tracker_for(
        text, "ask_alternatives", [entity("product", "1tb nvme ssd")], VERIFIED_SLOTS
    )
    await run(ActionSuggestAlternatives(lambda: client_with(handler)), tracker)
    assert "/v1/products/SSD-KC3000-1TB/alternatives" in [r.url.path for r in seen]


async def test_what_else_instead_heard_as_a_stock_question_gives_the_alternatives() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {
            LOOKUP: (200, KINGSTON),
            ("GET", "/v1/products/SSD-KC3000-1TB/alternatives"): (
                200,
                [alternative_json("SSD-WDSN850X-1TB", "WD Black SN850X 1 TB")],
            ),
        },
        seen,
    )
    text = "too long. what do you have instead thats in stock and not much more expensive"
    tracker = tracker_for(text, "product_availability", [], VERIFIED_SLOTS)
    await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "/v1/products/SSD-KC3000-1TB/alternatives" in [r.url.path for r in seen]


async def test_thinking_it_over_is_no_yes() -> None:
    never: list[httpx.Request] = []
    tracker = tracker_for("ok let me think about it", "subscribe_updates", [], VERIFIED_SLOTS)
    _, messages = await run(ActionSubscribe(lambda: client_with(routing({}, never))), tracker)
    assert responses(messages) == ["utter_take_your_time"] and never == []
    _, messages = await run(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_take_your_time"]


SEVENTY_SEVEN = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RX7700XT-12G",
            name="Radeon RX 7700 XT 12 GB",
            quantity=1,
            status="ready",
            unit_price="459.00",
            category="graphics_cards",
        )
    ]
)
NITRO = match_json(
    "GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB Nitro+", price="559.00", category="graphics_cards"
)


async def test_a_swap_of_a_line_in_stock_is_declined_with_what_it_would_cost() -> None:
    handler = routing(
        {LOOKUP: (200, SEVENTY_SEVEN), ("GET", "/v1/products/search"): (200, [NITRO])}
    )
    text = "I ordered an RX 7700 XT and I want the 7800 XT Nitro instead. Can you swap it?"
    tracker = tracker_for(text, "swap_item", [entity("product", "7800 XT Nitro")], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    # (Then what the bot can do towards it: cancel the 7700 XT, to confirm; sets BE #30, #34.)
    assert responses(messages) == [
        "utter_swap_nothing_backordered",
        "utter_swap_in_stock_costs_more",
        "utter_in_stock_cancel_instead",
        "utter_cancel_confirm_line",
    ]
    assert messages[1]["amount"] == "100.00"
    declined = {
        "event": "bot",
        "text": "Nothing on order 100042 is waiting...",
        "metadata": {"utter_action": "utter_swap_nothing_backordered"},
    }
    again = tracker_for(
        "Do I need to pay the difference?",
        "swap_item",
        [],
        VERIFIED_SLOTS,
        events=[user_event(text, "swap_item"), action_event("action_propose_swap"), declined],
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), again)
    assert responses(messages) == ["utter_swap_in_stock_costs_more"]


async def test_a_yes_to_the_declined_swap_asks_which_of_its_two_ways() -> None:
    # "you can cancel it here ..., or a person can change it": a bare yes picks neither (set Z:
    # "evet" meant the cancellation), so the bot asks which, with both as buttons.
    opened = {
        "id": 1,
        "status": "waiting",
        "availability": {"in_hours": False, "support_hours": "Mon–Fri 10:00–18:00"},
    }
    handler = routing({("POST", "/v1/handoffs"): (201, opened)})
    declined = {
        "event": "bot",
        "text": "Nothing on order 100042 is waiting...",
        "metadata": {"utter_action": "utter_swap_nothing_backordered"},
    }
    tracker = tracker_for(
        "Yes please",
        "affirm",
        [],
        VERIFIED_SLOTS,
        events=[user_event("can you swap it", "swap_item"), declined],
    )
    events, messages = await run(ActionAffirm(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_swap_which_way"]
    assert not any(e.get("event") == "pause" for e in events)


async def test_a_pleased_customer_heard_as_a_change_is_not_given_a_limit() -> None:
    text = "hi just wanted to say thanks, order 100380 arrived quickly, the eset licences work fine"
    tracker = tracker_for(text, "change_order", [entity("order_number", "100380")])
    _, messages = await run(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_glad_it_arrived"]


async def test_no_date_at_all_heard_as_a_change_gets_the_dates() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "no date at all? I'm building 3 office pcs and the client is waiting"
    tracker = tracker_for(text, "change_order", [], VERIFIED_SLOTS)
    _, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_line_intro"


async def test_ordering_it_separately_is_no_request() -> None:
    tracker = tracker_for("fine, I'll order it separately", "change_order", [], VERIFIED_SLOTS)
    _, messages = await run(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_you_are_welcome"]


async def test_a_refund_question_about_a_cancelled_line_cancels_nothing() -> None:
    text = "and how long until the money for the cancelled laptop is back on my card"
    tracker = tracker_for(text, "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_fact_refund_time"]
    assert SlotSet("pending", "cancel") not in events


async def test_taking_an_offered_swap_heard_as_a_sign_up_proposes_the_swap() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=1,
                status="backordered",
                unit_price="469.00",
                category="graphics_cards",
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB Nitro+", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        }
    )
    offered = {
        "event": "bot",
        "text": "Would you like to swap it for one of these?",
        "data": {
            "buttons": [
                {
                    "title": "Swap to Radeon RX 7800 XT 16 GB Nitro+",
                    "payload": '/swap_item{"product": "GPU-RX7800XT-16G"}',
                },
                {
                    "title": "Swap to Radeon RX 7700 XT 12 GB",
                    "payload": '/swap_item{"product": "GPU-RX7700XT-12G"}',
                },
            ]
        },
    }
    tracker = tracker_for(
        "give me the 7800 xt nitro+ then",
        "subscribe_updates",
        [],
        VERIFIED_SLOTS,
        events=[user_event("what can I get instead", "ask_alternatives"), offered],
    )
    events, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert SlotSet("pending", "swap") in events


async def test_a_question_heard_as_feedback_is_answered_not_rated() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = 'great, "back-ordered". very helpful. so what date exactly'
    tracker = tracker_for(text, "feedback", [], VERIFIED_SLOTS)
    _, messages = await run(ActionStoreFeedback(lambda: client_with(handler)), tracker)
    assert "utter_ask_rating" not in responses(messages)
    assert responses(messages)[0] == "utter_line_intro"


async def test_a_cancellation_the_nlu_did_not_understand_is_proposed() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "crucial'ı iptal edip diğerlerini bekleyebilir miyim"
    tracker = tracker_for(text, "nlu_fallback", [], VERIFIED_SLOTS)
    events, messages = await run(ActionFallback(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert SlotSet("pending", "cancel") in events


async def test_yes_swap_them_right_after_a_product_s_stock_proposes_that_product() -> None:
    handler = routing(
        {
            LOOKUP: (200, KINGSTON),
            ("GET", "/v1/products/SSD-WDSN850X-2TB/availability"): (
                200,
                {
                    "sku": "SSD-WDSN850X-2TB",
                    "name": "WD Black SN850X 2 TB",
                    "available": 61,
                    "backordered_quantity": 0,
                    "price": "179.00",
                },
            ),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", price="179.00", category="ssds"
                    )
                ],
            ),
        }
    )
    tracker = tracker_for(
        "yes swap them",
        "swap_item",
        [],
        {**VERIFIED_SLOTS, "product_sku": "SSD-WDSN850X-2TB"},
        events=[
            user_event("is the wd 2tb in stock", "product_availability"),
            action_event("action_check_availability"),
        ],
    )
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_swap_confirm"
    assert messages[0]["new_name"] == "WD Black SN850X 2 TB"


def test_what_is_still_missing_asks_for_no_definition() -> None:
    assert not asks_what_it_is("what's still missing from my order?")
    assert asks_what_it_is("what is an nvme?")


async def test_express_shipping_heard_as_a_swap_gets_the_express_answer() -> None:
    tracker = tracker_for(
        "is there express shipping? can I pay extra", "swap_item", [], VERIFIED_SLOTS
    )
    _, messages = await run(ActionProposeSwap(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_limit_express"]


async def test_ordering_separately_heard_as_a_swap_is_no_request() -> None:
    tracker = tracker_for("fine, I'll order it separately", "swap_item", [], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_you_are_welcome"]


def test_buying_another_one_instead_is_still_a_cancellation() -> None:
    assert asks_to_cancel("hmm actually cancel the last one too, i'll get a bigger one instead.")
    assert not asks_to_cancel("cancel the 4060 and give me the 7600 instead")


async def test_the_shop_s_stock_of_a_product_on_the_order() -> None:
    arcs = order_json(
        lines=[
            line_json(
                sku="GPU-ARC-A770-16G",
                name="Intel Arc A770 16 GB",
                status="ready",
                category="graphics_cards",
            )
        ]
    )
    stock = {
        "sku": "GPU-ARC-A770-16G",
        "name": "Intel Arc A770 16 GB",
        "available": 0,
        "backordered_quantity": 2,
        "price": "329.00",
    }
    handler = routing(
        {LOOKUP: (200, arcs), ("GET", "/v1/products/GPU-ARC-A770-16G/availability"): (200, stock)}
    )
    text = "do you have any a770 free at all right now"
    tracker = tracker_for(text, "product_availability", [entity("product", "a770")], VERIFIED_SLOTS)
    _, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_availability_out_no_restock"


async def test_the_other_unit_ships_when_is_the_line_talked_about() -> None:
    xtx = order_json(
        lines=[
            line_json(
                sku="GPU-RX7900XTX-24G", name="Radeon RX 7900 XTX 24 GB", quantity=1, status="ready"
            )
        ]
    )
    handler = routing({LOOKUP: (200, xtx)})
    tracker = tracker_for(
        "great, and the other one ships when?",
        "product_availability",
        [],
        {**VERIFIED_SLOTS, "product_sku": "GPU-RX7900XTX-24G"},
    )
    _, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_line_intro"


async def test_asking_for_someone_heard_as_a_policy_question_passes_the_chat_on() -> None:
    opened = {
        "id": 1,
        "status": "waiting",
        "availability": {"in_hours": False, "support_hours": "Mon–Fri 10:00–18:00"},
    }
    handler = routing({("POST", "/v1/handoffs"): (201, opened)})
    text = "can I talk to someone anyway, I have a question about warranty for the macbooks"
    tracker = tracker_for(text, "faq", [])
    events, messages = await run(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_handoff_after_hours"]


def test_another_model_number_beside_a_shared_series_word_names_no_line() -> None:
    order = Order.model_validate(
        order_json(
            lines=[
                line_json(line_no=1, sku="GPU-RX7700XT-12G", name="Radeon RX 7700 XT 12 GB"),
                line_json(line_no=2, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB"),
            ]
        )
    )
    assert lines_named(order, "how much is the 7800 XT Nitro+") == []
    assert [ln.line_no for ln in lines_named(order, "where is the rx 7700 and the crucial")] == [
        1,
        2,
    ]


async def test_holding_units_when_they_arrive_is_the_queue_not_a_sign_up() -> None:
    never: list[httpx.Request] = []
    text = "4060 ti'lar gelince bana ayırır mısınız, başkasına satılmasın"
    tracker = tracker_for(text, "subscribe_updates", [], VERIFIED_SLOTS)
    _, messages = await run(ActionSubscribe(lambda: client_with(routing({}, never))), tracker)
    assert responses(messages) == ["utter_fact_queue_holds"] and never == []


async def test_a_listed_product_named_by_brand_and_size_is_that_product() -> None:
    ram = {
        "sku": "RAM-DDR4-16-3200",
        "name": "Crucial 16 GB DDR4-3200 (2x8)",
        "available": 1,
        "backordered_quantity": 0,
        "price": "39.00",
    }
    handler = routing(
        {
            ("GET", "/v1/products/RAM-DDR4-16-3200/availability"): (200, ram),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(
                        "RAM-DDR4-16-3200", "Crucial 16 GB DDR4-3200 (2x8)", category="memory"
                    )
                ],
            ),
        }
    )
    listed = {
        "event": "bot",
        "text": "Here are the ddr4 memory we have in stock now",
        "data": {
            "buttons": [
                {
                    "title": "Crucial 16 GB DDR4-3200 (2x8)",
                    "payload": '/product_availability{"product": "RAM-DDR4-16-3200"}',
                },
                {
                    "title": "G.Skill Ripjaws 32 GB DDR4-3600",
                    "payload": '/product_availability{"product": "RAM-DDR4-32-3600"}',
                },
            ]
        },
    }
    tracker = tracker_for(
        "is the crucial 16gb still in stock? it says 1 left",
        "product_availability",
        [],
        events=[user_event("what ddr4 ram do you have", "product_availability"), listed],
    )
    _, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_availability_in_stock"
    assert messages[0]["sku"] == "RAM-DDR4-16-3200"


async def test_changing_the_address_heard_as_a_swap_is_the_change_limit() -> None:
    tracker = tracker_for("adresi değiştirebilir miyim", "swap_item", [], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_limit_change_order"]


async def test_a_return_asked_about_a_dead_card_is_the_return_window_not_a_claim() -> None:
    text = "and whats the return period if the gpu is dead on arrival"
    tracker = tracker_for(text, "damaged_item", [])
    _, messages = await run(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert "utter_fact_return_window" in responses(messages)
    assert "utter_limit_damaged_item" not in responses(messages)


def test_a_choice_needs_more_than_a_shared_digit() -> None:
    listed = {
        "event": "bot",
        "text": "Here are the laptops",
        "data": {
            "buttons": [
                {
                    "title": "Lenovo IdeaPad Slim 5, Ryzen 5, 16 GB",
                    "payload": '/product_availability{"product": "LAP-IDEAPAD-R5-16"}',
                }
            ]
        },
    }
    events = [user_event("laptops under 800", "product_availability"), listed]
    tracker = tracker_for("acer aspire 5 in stock?", "product_availability", [], events=events)
    assert chosen_button(tracker, ("product_availability",)) is None
    tracker = tracker_for("the ideapad then", "product_availability", [], events=events)
    assert chosen_button(tracker, ("product_availability",)) is not None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("when will it be back", ["utter_restock_no_date_yet"]),
        # "price?" asked with it: the price too (it was left out).
        ("price? and when will you get more", ["utter_product_price", "utter_restock_no_date_yet"]),
    ],
)
async def test_when_it_is_back_right_after_its_stock_is_one_sentence(
    text: str, said: list[str]
) -> None:
    out = {
        "sku": "GPU-RTX4090-24G",
        "name": "GeForce RTX 4090 24 GB Founders",
        "available": 0,
        "backordered_quantity": 15,
        "price": "1899.00",
    }
    handler = routing({("GET", "/v1/products/GPU-RTX4090-24G/availability"): (200, out)})
    tracker = tracker_for(
        text,
        "product_availability",
        [],
        {"product_sku": "GPU-RTX4090-24G"},
        events=[
            user_event("do you have the rtx 4090", "product_availability"),
            action_event("action_check_availability"),
        ],
    )
    _, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert responses(messages) == said


async def test_a_status_with_a_split_and_a_returns_question_answers_both() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = (
        "order 100042 ada@example.com when do the 7800x3d and the 4tb p3 plus come, and can you "
        "send the wd ssds first? also whats your return policy for cpus"
    )
    tracker = tracker_for(
        text, "order_status", [], {"order_number": "100042", "email": "ada.lovelace@example.com"}
    )
    _, messages = await run(ActionCheckOrderStatus(lambda: client_with(handler)), tracker)
    said = responses(messages)
    assert "utter_split_ready_ships_alone" in said and said[-1] == "utter_faq/returns"


async def test_a_date_asked_beside_a_sign_up_is_answered_too() -> None:
    seen: list[httpx.Request] = []
    created = {
        "id": "s1",
        "channel": "telegram",
        "address": "1",
        "order_number": "100042",
        "sku": None,
        "describe": "order 100042",
        "created": True,
    }
    handler = routing({LOOKUP: (200, MIXED), ("POST", "/v1/subscriptions"): (201, created)}, seen)
    text = "when does the crucial come? let me know when it ships"
    tracker = tracker_for(text, "subscribe_updates", [], VERIFIED_SLOTS, sender_id="telegram:1")
    _, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_line_intro"


def test_what_only_thinks_of_cancelling_in_turkish() -> None:
    assert not asks_to_cancel("birini iptal etsem diğeri daha hızlı gelir mi")


TWO_ARCS = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-ARC-A770-16G",
            name="Intel Arc A770 16 GB",
            quantity=2,
            status="ready",
            unit_price="329.00",
            category="graphics_cards",
        )
    ]
)


async def test_only_needing_as_many_as_are_left_cancels_nothing() -> None:
    handler = routing({LOOKUP: (200, TWO_ARCS)})
    text = "i ordered 3 arc a770 by mistake i only need 2"
    tracker = tracker_for(text, "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_already_that_many"]
    assert SlotSet("pending", "cancel") not in events


async def test_a_yes_with_another_number_asks_for_that_many() -> None:
    seen: list[httpx.Request] = []
    handler = routing({LOOKUP: (200, TWO_ARCS)}, seen)
    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "name": "Intel Arc A770 16 GB",
        "quantity": 2,
        "amount": "658.00",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "yes cancel one",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[action_event("action_propose_cancel")],
    )
    _, messages = await run(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_part"]
    assert messages[0]["quantity"] == 1
    assert not any("/cancel" in r.url.path for r in seen)


BENQ = match_json(
    "MON-BENQ-PD3220U", 'BenQ PD3220U 32" 4K Thunderbolt', price="999.00", category="monitors"
)
BENQ_STOCK = {
    "sku": "MON-BENQ-PD3220U",
    "name": 'BenQ PD3220U 32" 4K Thunderbolt',
    "available": 35,
    "backordered_quantity": 0,
    "price": "999.00",
}


async def test_a_price_question_heard_as_out_of_scope_finds_the_product() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (200, [BENQ]),
            ("GET", "/v1/products/MON-BENQ-PD3220U/availability"): (200, BENQ_STOCK),
        }
    )
    tracker = tracker_for("BenQ olan kaç para", "out_of_scope", [])
    _, messages = await run(ActionOutOfScope(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_availability_in_stock"]


async def test_a_shopper_saying_never_mind_gets_no_apology() -> None:
    tracker = tracker_for("çok pahalı, vazgeçtim", "complaint", [])
    _, messages = await run(ActionFrustration(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_deny_without_context"]


def test_a_store_somewhere_is_the_pickup_limit() -> None:
    assert asked_topics("do you even have a store in kadikoy") == ["utter_limit_pickup"]


async def test_an_in_stock_swap_names_the_wanted_model_by_its_number() -> None:
    handler = routing(
        {LOOKUP: (200, SEVENTY_SEVEN), ("GET", "/v1/products/search"): (200, [NITRO])}
    )
    text = "hi 100255 yuki.155@mail.example can i upgrade my 7700 xt to the 7800 xt nitro"
    tracker = tracker_for(text, "swap_item", [], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert responses(messages) == [
        "utter_swap_nothing_backordered",
        "utter_swap_in_stock_costs_more",
        "utter_in_stock_cancel_instead",
        "utter_cancel_confirm_line",
    ]


async def test_push_back_on_the_tracking_limit_heard_as_a_status_is_answered() -> None:
    said_limit = {
        "event": "bot",
        "text": "I can't see the courier's tracking number here.",
        "metadata": {"utter_action": "utter_limit_tracking"},
    }
    tracker = tracker_for(
        "so how am i supposed to know where it is",
        "order_status",
        [],
        VERIFIED_SLOTS,
        events=[user_event("can you give me the tracking number", "tracking"), said_limit],
    )
    _, messages = await run(ActionCheckOrderStatus(lambda: client_with(routing({}))), tracker)
    # Where to find it, in short (set X): not "I really can't do that" again.
    assert responses(messages) == ["utter_tracking_where"]


async def test_keep_it_and_tell_me_when_it_ships_keeps_the_order_and_signs_up() -> None:
    created = {
        "id": "s1",
        "channel": "telegram",
        "address": "1",
        "order_number": "100042",
        "describe": "order 100042",
    }
    handler = routing({LOOKUP: (200, MIXED), ("POST", "/v1/subscriptions"): (201, created)})
    detail = {"scope": "line", "order_number": "100042", "line_no": 3, "quantity": 1}
    tracker = tracker_for(
        "hmm no wait, keep it. just tell me when it ships",
        "subscribe_updates",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        sender_id="telegram:1",
    )
    events, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert responses(messages)[0] == "utter_kept_order"
    assert SlotSet("pending", None) in events


def test_a_turkish_request_to_cancel_with_a_line_kept_is_a_fresh_proposal() -> None:
    history = [
        user_event(
            "100300 siparişimde crucial'ı iptal etmek istiyorum, samsunglar kalsın", "cancel_order"
        ),
        action_event("action_propose_cancel"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        action_event("action_listen"),
    ]
    assert proposal_is_fresh(tracker_for("evet iptal edin", "affirm", events=history), ("x",))
    assert asks_to_cancel("crucial'ı iptal etmek istiyorum")


def test_why_lines_in_stock_wait_is_that_they_do_not() -> None:
    order = Order.model_validate(MIXED)
    dispatcher = CollectingDispatcher()
    text = "why are the 2 wd drives not sent if in stock? are you waiting for the crucial?"
    lines = lines_named(order, text)
    answer_lines(dispatcher, order, lines, dt.date(2026, 12, 6), "en", text)
    said = responses(dispatcher.messages)
    assert "utter_why_waiting" not in said
    assert said[:2] == ["utter_split_ready_ships_alone", "utter_why_ready_late"]


async def test_dont_swap_heard_as_advice_while_a_swap_waits_keeps_the_order() -> None:
    tracker = tracker_for(
        "no keep the 7800x3d, dont swap",
        "product_advice",
        [],
        {**VERIFIED_SLOTS, "pending": "swap", "pending_detail": {"order_number": "100042"}},
    )
    events, messages = await run(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_kept_order"]
    assert SlotSet("pending", None) in events


async def test_a_comparison_heard_as_a_swap_is_the_advice_limit() -> None:
    tracker = tracker_for("is the 7700 xt better than the 4060", "swap_item", [], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeSwap(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_limit_product_advice"]


PROART = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="MON-ASUS-PA278CV",
            name='ASUS ProArt PA278CV 27" QHD',
            quantity=1,
            status="ready",
            unit_price="399.00",
        ),
        line_json(
            line_no=2,
            sku="RAM-CRUCIAL-32-5600-SODIMM",
            name="Crucial 32 GB DDR5-5600 SO-DIMM",
            quantity=1,
            status="ready",
            unit_price="89.00",
        ),
    ]
)


async def test_cancel_it_is_the_line_named_before_not_the_one_asked_about_after() -> None:
    handler = routing({LOOKUP: (200, PROART)})
    text = (
        "I dont need the crucial ram anymore, cancel it please and tell me when the asus "
        "proart monitor ships"
    )
    ram = {"entity": "product", "value": "crucial ram", "start": 15, "end": 26}
    start = text.index("asus")
    asus = {"entity": "product", "value": "asus proart", "start": start, "end": start + 11}
    tracker = tracker_for(text, "cancel_order", [ram, asus], VERIFIED_SLOTS)
    _, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_line"]
    assert messages[0]["name"] == "Crucial 32 GB DDR5-5600 SO-DIMM"


async def test_ordering_it_myself_heard_as_a_cancellation_cancels_nothing() -> None:
    tracker = tracker_for("ok I'll just order it", "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_you_are_welcome"]
    assert SlotSet("pending", "cancel") not in events


async def test_both_lines_of_a_kind_with_the_rest_kept_are_proposed() -> None:
    order = order_json(
        lines=[
            line_json(line_no=1, sku="GPU-RX7600-8G", name="Radeon RX 7600 8 GB Pulse", quantity=1),
            line_json(
                line_no=2, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB", quantity=2
            ),
            line_json(
                line_no=3, sku="GPU-RTX4070S-12G", name="GeForce RTX 4070 Super 12 GB", quantity=1
            ),
        ]
    )
    handler = routing({LOOKUP: (200, order)})
    text = "cancel the two graphics cards, keep the crucial drives"
    tracker = tracker_for(text, "cancel_order", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert _pending(events)["line_nos"] == [1, 3]


def test_a_size_only_one_line_has_names_it() -> None:
    order = Order.model_validate(MIXED)
    assert [ln.line_no for ln in lines_named(order, "cancel the 1tb ones")] == [1]


async def test_a_reason_heard_as_feedback_while_a_cancellation_waits_asks_it_again() -> None:
    detail = {"scope": "order", "order_number": "100042", "items": "1 × X and 2 × Y"}
    tracker = tracker_for(
        "found it cheaper elsewhere",
        "feedback",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
    )
    events, messages = await run(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert responses(messages) == ["utter_cancel_still_pending"]
    assert SlotSet("pending", "cancel") in events


async def test_a_swap_asked_in_a_stock_question_is_proposed_after_the_stock() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=1,
                status="backordered",
                unit_price="469.00",
                category="graphics_cards",
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB", price="571.00")],
            ),
            RX7800_STOCK: (200, IN_STOCK),
        }
    )
    text = "the 4060 ti is still waiting? swap it for the rx 7800 xt if you have it"
    mention = [entity("product", "rx 7800 xt")]
    tracker = tracker_for(text, "product_availability", mention, VERIFIED_SLOTS)
    events, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_swap_confirm" in responses(messages)
    assert SlotSet("pending", "swap") in events


def test_what_a_turkish_kalsin_keeps_starts_after_the_request() -> None:
    text = "çok uzun, işlemciyi iptal edin ssd kalsın"
    ((start, end),) = [span for span in kept_spans(text) if span[0] > 10]
    assert text[start:end].strip() == "ssd"


async def test_yes_both_to_the_which_item_buttons_proposes_both() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    asked = {
        "event": "bot",
        "text": "Which item on order 100042 do you want to cancel?",
        "data": {
            "buttons": [
                {
                    "title": "3 × AMD Ryzen 7 7800X3D",
                    "payload": '/cancel_order{"product": "CPU-R7-7800X3D"}',
                },
                {
                    "title": "1 × Crucial P3 Plus 4 TB",
                    "payload": '/cancel_order{"product": "SSD-CRUCIAL-P3P-4TB"}',
                },
                {"title": "The whole order", "payload": '/cancel_order{"order_number": "100042"}'},
            ]
        },
    }
    tracker = tracker_for(
        "yes both",
        "affirm",
        [],
        VERIFIED_SLOTS,
        events=[user_event("cancel the ryzens and the crucial", "cancel_order"), asked],
    )
    events, messages = await run(ActionAffirm(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert _pending(events)["line_nos"] == [2, 3]


async def test_both_lines_of_a_kind_named_by_the_nlu_with_the_rest_kept_are_proposed() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-RX7600-8G",
                name="Radeon RX 7600 8 GB Pulse",
                quantity=1,
                category="graphics_cards",
            ),
            line_json(
                line_no=2, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB", quantity=2
            ),
            line_json(
                line_no=3,
                sku="GPU-RTX4070S-12G",
                name="GeForce RTX 4070 Super 12 GB",
                quantity=1,
                category="graphics_cards",
            ),
        ]
    )
    handler = routing({LOOKUP: (200, order)})
    text = "cancel the two graphics cards, keep the crucial drives"
    mention = [{"entity": "product", "value": "graphics cards", "start": 15, "end": 29}]
    tracker = tracker_for(text, "cancel_order", mention, VERIFIED_SLOTS)
    events, messages = await run(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_cancel_confirm_lines"]
    assert _pending(events)["line_nos"] == [1, 3]


async def test_send_it_apart_heard_as_a_swap_is_the_split_answer() -> None:
    handler = routing({LOOKUP: (200, MIXED)})
    text = "can you send the wd drives separately without waiting"
    tracker = tracker_for(text, "swap_item", [], VERIFIED_SLOTS)
    events, messages = await run(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert "utter_split_ready_ships_alone" in responses(messages)
    assert SlotSet("pending", "swap") not in events


def test_a_model_number_named_super_is_no_praise() -> None:
    assert asked_topics("will the 4080 super work with my 650w power supply") == [
        "utter_limit_compatibility"
    ]
