"""What acceptance sets BN's and BO's first runs missed (twentieth session), as general
behaviours: two cancellations asked in one message are proposed together; a product picked
after the swap list and another list is that swap; a licence key that never came or won't work
is said so; a bare "so when??" gets the dates; ..."""

import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel, asks_to_swap
from actions.products import ActionCheckAvailability
from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    bot_event,
    client_with,
    entity,
    line_json,
    match_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

XTX_AND_WD = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RX7900XTX-24G",
            name="Radeon RX 7900 XTX 24 GB",
            quantity=1,
            status="ready",
            unit_price="999.00",
            category="gpus",
        ),
        line_json(
            line_no=2,
            sku="SSD-WDSN850X-1TB",
            name="WD Black SN850X 1 TB",
            quantity=3,
            status="ready",
            unit_price="109.00",
            category="ssds",
        ),
    ]
)


async def _proposed(text: str, order: dict, intent: str = "cancel_order") -> dict:
    handler = routing({LOOKUP: (200, order)})
    tracker = tracker_for(text, intent, [], VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(lambda: client_with(handler)).run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return {"slots": slots, "said": [m.get("response") for m in dispatcher.messages]}


async def test_a_cancellation_and_fewer_units_kept_are_proposed_together() -> None:
    # Set BN #49: "cancel the 7900 xtx, and keep only 1 of the 3 wd black ssds" proposed the
    # XTX alone, and "yes, confirm both" cancelled only it.
    got = await _proposed(
        "I need to cut this down. cancel the 7900 xtx, and keep only 1 of the 3 wd black ssds",
        XTX_AND_WD,
    )
    assert got["said"] == ["utter_cancel_confirm_lines"], got
    assert got["slots"]["pending_detail"]["parts"] == [[1, 1], [2, 2]]


async def test_make_it_fewer_beside_a_cancellation_is_of_its_own_line() -> None:
    # Set BN #39: "cancel the 4060 ti and also make it 2 ssds instead of 3" was told the 4060
    # Ti already has only 1 unit.
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-RTX4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=1,
                unit_price="469.00",
                category="gpus",
            ),
            line_json(
                line_no=2,
                sku="SSD-WDSN850X-2TB",
                name="WD Black SN850X 2 TB",
                quantity=3,
                status="ready",
                unit_price="179.00",
                category="ssds",
            ),
        ]
    )
    got = await _proposed(
        "please cancel the 4060 ti and also make it 2 ssds instead of 3", order, "change_order"
    )
    assert got["said"] == ["utter_cancel_confirm_lines"], got
    assert got["slots"]["pending_detail"]["parts"] == [[1, 1], [2, 1]]


async def test_keeping_fewer_units_without_a_cancel_word_elsewhere_changes_nothing_new() -> None:
    # The keep clause alone is still the one line's part ("keep only 1 of the 3 wd black").
    got = await _proposed("cancel the wd black ssds, keep only 1", XTX_AND_WD)
    assert got["said"] == ["utter_cancel_confirm_part"], got


SWAP_THEN_LIST = [
    user_event("swap them for samsung 870 evo 2tb", "swap_item"),
    {
        "event": "bot",
        "text": "Would you like to swap it for one of these?",
        "data": {
            "buttons": [
                {
                    "title": "Swap to WD Black SN850X 2 TB",
                    "payload": '/swap_item{"product": "SSD-WDSN850X-2TB"}',
                }
            ]
        },
    },
    user_event("what large ssds do you actually have", "product_availability"),
    {
        "event": "bot",
        "text": "Here are the SSDs we have in stock now",
        "data": {
            "buttons": [
                {
                    "title": "WD Black SN850X 2 TB",
                    "payload": '/product_availability{"product": "SSD-WDSN850X-2TB"}',
                }
            ]
        },
    },
]
CRUCIAL_WAITING = order_json(
    lines=[
        line_json(
            sku="SSD-CRUCIAL-P3-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=2,
            unit_price="239.00",
            category="ssds",
        )
    ]
)
WD_2TB = {
    "sku": "SSD-WDSN850X-2TB",
    "name": "WD Black SN850X 2 TB",
    "category": "ssds",
    "price": "179.00",
    "currency": "EUR",
    "available": 60,
    "backordered_quantity": 0,
}
WD_MATCH = match_json("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", category="ssds", price="179.00")


async def test_a_product_picked_after_the_swap_list_and_another_list_is_that_swap() -> None:
    # Set BN #37: "ok wd black sn850x 2tb then, both of them" got the WD's stock, and the
    # "yes" after it nothing.
    seen: list = []
    handler = routing(
        {
            LOOKUP: (200, CRUCIAL_WAITING),
            ("GET", "/v1/products/search"): (200, [WD_MATCH]),
            ("GET", "/v1/products/SSD-WDSN850X-2TB"): (200, WD_2TB),
            ("GET", "/v1/products/SSD-WDSN850X-2TB/availability"): (200, WD_2TB),
        },
        seen,
    )
    tracker = tracker_for(
        "ok wd black sn850x 2tb then, both of them",
        "product_availability",
        [entity("product", "wd black sn850x 2tb")],
        VERIFIED_SLOTS,
        events=SWAP_THEN_LIST,
    )
    dispatcher = CollectingDispatcher()
    events = await ActionCheckAvailability(lambda: client_with(handler)).run(
        dispatcher, tracker, {}
    )
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("pending") == "swap", (dispatcher.messages, [r.url.path for r in seen])
    assert slots["pending_detail"]["sku"] == "SSD-WDSN850X-2TB"


async def test_a_question_about_a_listed_product_is_still_its_stock() -> None:
    handler = routing(
        {
            LOOKUP: (200, CRUCIAL_WAITING),
            ("GET", "/v1/products/search"): (200, [WD_MATCH]),
            ("GET", "/v1/products/SSD-WDSN850X-2TB"): (200, WD_2TB),
            ("GET", "/v1/products/SSD-WDSN850X-2TB/availability"): (200, WD_2TB),
        }
    )
    tracker = tracker_for(
        "is the wd black sn850x 2tb fast?",
        "product_availability",
        [entity("product", "wd black sn850x 2tb")],
        VERIFIED_SLOTS,
        events=SWAP_THEN_LIST,
    )
    events = await ActionCheckAvailability(lambda: client_with(handler)).run(
        CollectingDispatcher(), tracker, {}
    )
    assert not any(e.get("name") == "pending" and e.get("value") == "swap" for e in events)


def test_a_key_that_never_came_or_wont_work_is_that_limit() -> None:
    # Sets BN #47 and BO #49 got only that keys come by email, or nothing.
    from actions.topics import asked_topics

    assert asked_topics("it says the windows 11 home licence shipped but I never got any key") == [
        "utter_limit_licence_key_missing"
    ]
    assert asked_topics("your adobe keys from order 100155 don't work") == [
        "utter_limit_licence_key_invalid"
    ]
    assert asked_topics("is windows sent by email or in a box?") == ["utter_fact_licence_delivery"]
    assert "utter_limit_licence_key_invalid" not in asked_topics(
        "what if I don't activate the key, can I return it"
    )


LATE_KEY = order_json(
    placed_at="2026-11-27T10:00:00+03:00",
    lines=[
        line_json(
            line_no=1,
            sku="SW-ESET-HOME-3",
            name="ESET Home Security, 3 devices",
            quantity=1,
            status="ready",
            category="software",
            ship_eta={"earliest": "2026-12-09", "latest": "2026-12-09"},
        )
    ],
)


async def test_why_a_key_isnt_sent_in_anger_is_why_that_line_is_late() -> None:
    # Set BN #24: "why is the ESET not sent yet?? its literally just a key" got only that
    # keys come by email.
    import datetime as dt

    from actions.limits import ActionFrustration

    handler = routing({LOOKUP: (200, LATE_KEY)})
    tracker = tracker_for(
        "why is the ESET not sent yet?? its literally just a key",
        "complaint",
        [entity("product", "ESET")],
        VERIFIED_SLOTS,
    )
    action = ActionFrustration(lambda: client_with(handler), lambda: dt.date(2026, 12, 8))
    said = await said_by(action, tracker)
    assert "utter_why_ready_licence_late" in said, said
    assert "utter_fact_licence_delivery" not in said


async def test_a_bare_so_when_gets_the_dates_of_what_is_still_to_ship() -> None:
    # Set BN #28: "so when??" after the order got the payment methods.
    import datetime as dt

    from actions.faq import ActionAnswerFaq

    handler = routing({LOOKUP: (200, CRUCIAL_WAITING)})
    tracker = tracker_for("so when??", "faq", [], VERIFIED_SLOTS)
    action = ActionAnswerFaq(lambda: client_with(handler), lambda: dt.date(2026, 12, 8))
    said = await said_by(action, tracker)
    assert said[0] == "utter_line_intro", said
    assert not any("payment" in str(r) for r in said)


LIMIT_SAID = [
    user_event("Order 100042 postcode 34710. please change the address", "change_order"),
    bot_event("I can't change the delivery address", "utter_limit_change_order"),
]


async def test_then_what_am_i_supposed_to_do_after_a_limit_is_answered_once() -> None:
    # Set BN #6: the offer of a person, then "Sorry, I didn't understand that." beside it.
    from actions.conversation import ActionFallback

    tracker = tracker_for(
        "so you can't change it?? then what am I supposed to do",
        "nlu_fallback",
        [],
        VERIFIED_SLOTS,
        events=LIMIT_SAID,
    )
    said = await said_by(ActionFallback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"], said


def test_nothing_arrived_is_a_parcel_not_received() -> None:
    # Set BN #44: "it says shipped but nothing arrived, its been 10 days!!" got the order again.
    from actions.orders import reports_not_received

    assert reports_not_received("it says shipped but nothing arrived, its been 10 days!!")
    assert reports_not_received("the parcel never showed up")
    assert not reports_not_received("nothing else, thanks")


async def test_what_am_i_supposed_to_do_after_a_lost_parcel_offers_a_person() -> None:
    from actions.conversation import ActionHelp

    tracker = tracker_for(
        "what am I supposed to do, where is it",
        "help",
        [],
        VERIFIED_SLOTS,
        events=[
            user_event("it says shipped but nothing arrived", "order_status"),
            bot_event("Parcels usually arrive 1–3 business days", "utter_shipped_not_received"),
        ],
    )
    said = await said_by(ActionHelp(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"], said


async def test_a_complaint_after_cancelling_here_is_no_mystery_cancellation() -> None:
    # Set BN #28: "and i want to file a complaint with a manager" after cancelling the whole
    # order in the chat was told "I can see that order 100325 was cancelled, but not why".
    from actions.limits import ActionFrustration

    cancelled = order_json(lines=[line_json(status="cancelled", unit_price="619.00")])
    handler = routing({LOOKUP: (200, cancelled)})
    events = [
        user_event("yes all of it", "affirm"),
        bot_event("Done: I've cancelled …", "utter_cancel_done_order"),
    ]
    tracker = tracker_for(
        "and i want to file a complaint with a manager", "complaint", [], VERIFIED_SLOTS, events
    )
    said = await said_by(ActionFrustration(lambda: client_with(handler)), tracker)
    assert "utter_sorry_cancelled_unknown" not in said, said
    assert said == ["utter_sorry_not_good_enough"], said
    # Without a cancellation here, the mystery stays the bot's answer.
    tracker = tracker_for("why is my order cancelled??", "complaint", [], VERIFIED_SLOTS)
    said = await said_by(ActionFrustration(lambda: client_with(handler)), tracker)
    assert said == ["utter_sorry_cancelled_unknown"], said


def test_picking_up_instead_of_shipping_is_no_swap() -> None:
    # Set BN #42: "can I pick up the rx 7700 xt from your store in istanbul instead of
    # shipping?" was told the bot can only swap waiting items.
    assert not asks_to_swap(
        "can I pick up the rx 7700 xt from your store in istanbul instead of shipping?"
    )
    assert not asks_to_swap("can i collect it from the shop instead")
    assert asks_to_swap("can I get the 2tb instead")


async def test_pickup_asked_as_a_swap_of_a_verified_order_is_the_pickup_limit() -> None:
    from actions.swap import ActionProposeSwap

    ready = order_json(lines=[line_json(status="ready", category="gpus")])
    handler = routing({LOOKUP: (200, ready)})
    tracker = tracker_for(
        "can I pick up the rx 7700 xt from your store in istanbul instead of shipping?",
        "swap_item",
        [entity("product", "rx 7700 xt")],
        VERIFIED_SLOTS,
    )
    said = await said_by(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert said == ["utter_limit_pickup"], said


async def test_a_shopper_with_no_order_holds_no_place() -> None:
    # Set BO #10: "can you reserve one for me when it comes in? i'll pay now" about the 4090,
    # from a shopper, was told "Your order already holds its place".
    from actions.lines import holds_no_place

    tracker = tracker_for(
        "can you reserve one for me when it comes in?",
        "faq",
        [],
        {"product_sku": "GPU-RTX4090-24G"},
    )
    assert await holds_no_place(client_with(routing({})), tracker)


async def test_the_new_total_is_the_orders_total() -> None:
    # Set BN #49: "what's the new total then?" after a cancellation got the XTX's stock.
    from actions.refunds import answered_total

    handler = routing({LOOKUP: (200, XTX_AND_WD)})
    tracker = tracker_for("what's the new total then?", "product_availability", [], VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    assert await answered_total(client_with(handler), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_order_total"


async def test_anything_left_on_an_order_with_nothing_to_ship_is_what_it_has() -> None:
    # Set BO #48: "and is there anything else left on the order?" after cancelling the CPUs
    # got other CPUs.
    order = order_json(
        lines=[
            line_json(
                line_no=1, sku="SSD-KC3000-1TB", name="Kingston KC3000 1 TB", status="shipped"
            ),
            line_json(line_no=2, sku="CPU-R9-7950X", name="AMD Ryzen 9 7950X", status="cancelled"),
        ]
    )
    handler = routing({LOOKUP: (200, order)})
    tracker = tracker_for(
        "and is there anything else left on the order?",
        "product_availability",
        [],
        {**VERIFIED_SLOTS, "product_sku": "CPU-R9-7950X"},
    )
    dispatcher = CollectingDispatcher()
    await ActionCheckAvailability(lambda: client_with(handler)).run(dispatcher, tracker, {})
    said = [m.get("response") for m in dispatcher.messages]
    assert said == ["utter_line_intro", "utter_line_shipped"], said
    assert "Kingston" in json.dumps(dispatcher.messages)


def test_the_best_card_you_have_is_the_top_of_the_range_first() -> None:
    # Set BO #38: "whats the best card you have in stock then" got the cheapest first.
    from actions.browse import STRONGEST

    assert STRONGEST.search("whats the best card you have in stock then")
    assert not STRONGEST.search("which is the best value for money")


async def test_hang_on_while_the_lookup_asks_is_time_to_look() -> None:
    # Set BN #27: "hmm hang on I need to find the email" got a lecture on privacy.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "hmm hang on I need to find the email", "contact_phone", [], {"order_number": "100280"}
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_take_your_time"], said
    tracker = tracker_for(
        "uh it's for work, i have to find the email", "contact_phone", [], {"order_number": "1"}
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_verification_help"], said


async def test_confirm_after_the_cancellation_a_declined_swap_led_to_is_done_already() -> None:
    # Set BO #47: "confirm" after the cancellation was made was offered that cancellation again.
    from actions.conversation import ActionAffirm

    events = [
        user_event(
            "can I change the two Dell P2425H to the UltraSharp U2724D instead?", "swap_item"
        ),
        bot_event(
            "Nothing on order 100042 is waiting for a supplier", "utter_swap_nothing_backordered"
        ),
        bot_event("Cancel 2 × Dell P2425H?", "utter_cancel_confirm_line"),
        user_event("yes, both", "affirm"),
        {"event": "action", "name": "action_cancel_confirmed"},
        bot_event("Done: 2 × Dell P2425H 24 is cancelled", "utter_cancel_done_line"),
    ]
    tracker = tracker_for("confirm", "affirm", [], VERIFIED_SLOTS, events)
    said = await said_by(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_change_already_made"], said


async def test_the_same_limit_pushed_back_on_a_few_turns_later_is_not_said_again() -> None:
    # Set BO #18: "no discount at all for a loyal customer? seriously" after the order was
    # looked up got the same long refusal again.
    from actions.limits import ActionExplainLimit

    events = [
        user_event("Can I get a discount on a third card?", "discount"),
        bot_event("I can't give discounts", "utter_limit_discount"),
        user_event("noah.190@example.com", "inform"),
        bot_event("Here's order 100042", "utter_order_intro"),
    ]
    tracker = tracker_for(
        "no discount at all for a loyal customer? seriously", "discount", [], VERIFIED_SLOTS, events
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"], said


async def test_what_can_i_do_after_a_shipped_line_cant_be_cancelled_is_the_return() -> None:
    # Set BO #24: "it was a gift and they already have one. what can I do" got "Sorry, I didn't
    # understand that".
    from actions.conversation import ActionFallback

    events = [
        user_event("I want to cancel the macbook air 13", "cancel_order"),
        bot_event("MacBook Air 13 has already shipped", "utter_cancel_line_shipped"),
    ]
    tracker = tracker_for(
        "it was a gift and they already have one. what can I do",
        "nlu_fallback",
        [],
        VERIFIED_SLOTS,
        events,
    )
    said = await said_by(ActionFallback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_shipped_return_instead"], said


async def test_ill_think_about_it_heard_as_feedback_is_no_rating_question() -> None:
    # Set BO #25: "çok uzun. düşüneceğim" got "thanks for sharing" and the rating question.
    from actions.feedback import ActionStoreFeedback

    tracker = tracker_for("çok uzun. düşüneceğim", "feedback", [], VERIFIED_SLOTS)
    said = await said_by(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_take_your_time"], said


async def test_is_it_in_stock_after_the_add_item_limit_is_that_products_stock() -> None:
    # Set BO #46: "so I need to place a new order? ok is it in stock" got the address limit.
    from actions.limits import ActionExplainLimit

    kit = {
        "sku": "RAM-DDR5-64-6000",
        "name": "Corsair Vengeance 64 GB DDR5-6000 (2x32)",
        "price": "209.00",
        "currency": "EUR",
        "available": 30,
        "backordered_quantity": 0,
    }
    handler = routing({("GET", "/v1/products/RAM-DDR5-64-6000/availability"): (200, kit)})
    events = [
        user_event("can I add another Corsair Vengeance 64GB kit to my order?", "change_order"),
        bot_event("I can't add items to an order that's already placed.", "utter_limit_add_item"),
    ]
    tracker = tracker_for(
        "so I need to place a new order? ok is it in stock",
        "change_order",
        [],
        {**VERIFIED_SLOTS, "product_sku": "RAM-DDR5-64-6000"},
        events,
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert said == ["utter_availability_in_stock"], said


def test_lines_said_to_have_come_after_but_are_not_the_ones_asked_after() -> None:
    # Set BO #34: "the monitor and ram still waiting to ship, but the 4060 tis arrived. is there
    # a problem?" got only the cards' "shipped".
    from actions.backend_schemas import Order
    from actions.lines import asked_lines

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    line_no=1,
                    sku="MON-ASUS-PA278CV",
                    name='ASUS ProArt PA278CV 27" QHD',
                    status="ready",
                    category="monitors",
                ),
                line_json(
                    line_no=2,
                    sku="RAM-SODIMM-32-5600",
                    name="Crucial 32 GB DDR5-5600 SO-DIMM",
                    status="ready",
                    category="ram",
                ),
                line_json(
                    line_no=3,
                    sku="GPU-RTX4060TI-16G",
                    name="GeForce RTX 4060 Ti 16 GB",
                    status="shipped",
                    category="gpus",
                ),
            ]
        )
    )
    asked = asked_lines(
        order,
        "the monitor and ram still waiting to ship, but the 4060 tis arrived. is there a problem?",
    )
    assert [line.line_no for line in asked] == [1, 2]
    asked = asked_lines(order, "the monitor arrived but where is the graphics card?")
    assert [line.line_no for line in asked] == [3]


async def test_a_sign_up_beside_a_cancellation_is_not_cancelled_too() -> None:
    # Set BN #19: "If the card is more than 2 weeks away cancel it, and sign me up for updates
    # on the SSD" proposed cancelling the SSD too.
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
                sku="GPU-RTX4070-12G",
                name="GeForce RTX 4070 12 GB Windforce",
                quantity=1,
                unit_price="619.00",
                category="gpus",
            ),
        ]
    )
    got = await _proposed(
        "If the card is more than 2 weeks away cancel it, and sign me up for updates on the SSD.",
        order,
        "product_availability",
    )
    assert got["said"] == ["utter_cancel_confirm_line"], got
    assert got["slots"]["pending_detail"]["line_no"] == 2


async def test_when_it_ships_after_its_lateness_was_said_is_just_the_date() -> None:
    # Set BN #36: "ok just tell me when it ships" got the whole "later than it should be …
    # I'm sorry" block a third time.
    import datetime as dt

    from actions.orders import answer_when

    adobe = order_json(
        placed_at="2026-12-04T10:00:00+03:00",
        lines=[
            line_json(
                sku="SW-ADOBE-CC",
                name="Adobe Creative Cloud All Apps, 1 year",
                quantity=1,
                status="ready",
                category="software",
                ship_eta={"earliest": "2026-12-09", "latest": "2026-12-09"},
            )
        ],
    )
    handler = routing({LOOKUP: (200, adobe)})
    events = [
        user_event("why isnt it sent yet?", "faq"),
        bot_event("1 × Adobe Creative Cloud All Apps, 1 year: …", "utter_line_ready_licence_late"),
        user_event("can I get a company invoice", "invoice"),
        bot_event("I can't send or change invoices here.", "utter_limit_invoice"),
    ]
    tracker = tracker_for("ok just tell me when it ships", "subscribe", [], VERIFIED_SLOTS, events)
    dispatcher = CollectingDispatcher()
    assert await answer_when(client_with(handler), dispatcher, tracker, dt.date(2026, 12, 8))
    said = [m.get("response") for m in dispatcher.messages]
    assert said == ["utter_line_intro", "utter_line_ready_brief"], said
    # Not said lately: the full line, with its apology.
    tracker = tracker_for("ok just tell me when it ships", "subscribe", [], VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    await answer_when(client_with(handler), dispatcher, tracker, dt.date(2026, 12, 8))
    said = [m.get("response") for m in dispatcher.messages]
    assert "utter_line_ready_licence_late" in said, said


# Sets BP and BQ (measured after BN's and BO's fixes): what their first runs missed.

KC3000_WAITING = order_json(
    lines=[
        line_json(
            sku="SSD-KINGSTON-KC3000-1TB",
            name="Kingston KC3000 1 TB",
            quantity=1,
            unit_price="99.00",
            category="ssds",
        )
    ]
)
SWAP_LIST_TR = [
    user_event("stokta 1 tb nvme var mı başka", "product_availability"),
    {
        "event": "bot",
        "text": "Bunlardan biriyle değiştirmek ister misiniz?",
        "data": {
            "buttons": [
                {
                    "title": "Samsung 870 EVO 1 TB SATA ile değiştir",
                    "payload": '/swap_item{"product": "SSD-SAM870-1TB"}',
                },
                {
                    "title": "WD Black SN850X 2 TB ile değiştir",
                    "payload": '/swap_item{"product": "SSD-WDSN850X-2TB"}',
                },
            ]
        },
    },
    user_event("samsung 870 evo olur mu, o sata değil mi", "swap_item"),
    {"event": "action", "name": "action_propose_swap"},
    {"event": "slot", "name": "pending", "value": "swap"},
    bot_event("değiştirilsin mi?", "utter_swap_confirm"),
]
PENDING_870 = {
    **VERIFIED_SLOTS,
    "pending": "swap",
    "pending_detail": {
        "order_number": "100042",
        "line_no": 1,
        "sku": "SSD-SAM870-1TB",
        "category": "ssds",
        "old_name": "Kingston KC3000 1 TB",
        "new_name": "Samsung 870 EVO 1 TB SATA",
        "quantity": 1,
        "old_price": "99.00",
        "new_price": "89.00",
        "currency": "EUR",
        "difference": "-10.00",
    },
}


async def test_a_yes_naming_another_listed_product_proposes_that_swap_and_changes_nothing() -> None:
    # Set BP #25: "ok o zaman wd black 2 tb ile değiştirelim" while the swap to the 870 EVO
    # waited swapped the KC3000 for the 870 EVO (a wrong change).
    from actions.swap import ActionSwapConfirmed

    seen: list = []
    handler = routing(
        {
            LOOKUP: (200, KC3000_WAITING),
            ("GET", "/v1/products/search"): (200, [WD_MATCH]),
            ("GET", "/v1/products/SSD-WDSN850X-2TB/availability"): (200, WD_2TB),
        },
        seen,
    )
    tracker = tracker_for(
        "ok o zaman wd black 2 tb ile değiştirelim", "affirm", [], PENDING_870, SWAP_LIST_TR
    )
    dispatcher = CollectingDispatcher()
    events = await ActionSwapConfirmed(lambda: client_with(handler)).run(dispatcher, tracker, {})
    assert not [r for r in seen if r.method == "POST" and "swap" in r.url.path], seen
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("pending_detail", {}).get("sku") == "SSD-WDSN850X-2TB", dispatcher.messages


async def test_a_swap_turned_down_beside_a_cancellation_is_not_proposed_after_it() -> None:
    # Set BQ #30: "hmm too expensive for 3. just cancel one of the 1tb ones and I'll wait for
    # the other 2" while the swap to the 2 TB waited: the cancellation, then the swap again.
    from actions.second_change import then_the_waiting_swap

    slots = {
        **VERIFIED_SLOTS,
        "pending": "swap",
        "pending_detail": {"sku": "SSD-SAM990-2TB", "line_no": 1, "new_name": "990 Pro 2 TB"},
    }
    proposed = [
        {"event": "slot", "name": "pending", "value": "cancel"},
        {"event": "slot", "name": "pending_detail", "value": {"scope": "part", "line_no": 1}},
    ]
    text = "hmm too expensive for 3. just cancel one of the 1tb ones and I'll wait for the other 2"
    tracker = tracker_for(text, "cancel_order", [], slots)
    dispatcher = CollectingDispatcher()
    assert then_the_waiting_swap(dispatcher, tracker, proposed) == proposed
    assert not dispatcher.messages
    # Without the turn-down, the swap of the units left still follows (set BF #50).
    tracker = tracker_for("ok only 2 then and cancel the third", "cancel_order", [], slots)
    events = then_the_waiting_swap(CollectingDispatcher(), tracker, proposed)
    assert events[-1]["value"].get("then_swap"), events


def test_everything_reported_back_ordered_resumes_no_cancellation() -> None:
    # Set BQ #6: "EVERYTHING in this order is back-ordered. the 7600, the crucial ssds, the 4070
    # super. everything." was offered the 4070 Super's cancellation after the lookup.
    from actions.resume import _VENTS

    assert _VENTS.search("EVERYTHING in this order is back-ordered. the 7600. everything.")
    assert _VENTS.search("all of it is still back ordered")
    assert not _VENTS.search("cancel the 4070 super please")


async def test_when_will_it_go_out_about_the_line_just_shown_is_its_date() -> None:
    # Set BP #32: "so its not lost? when will it go out" got the shop's stock of the Ryzen.
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="CPU-R9-7900X",
                name="AMD Ryzen 9 7900X",
                quantity=1,
                status="ready",
                category="cpus",
            ),
            line_json(
                line_no=2,
                sku="SSD-WDSN850X-1TB",
                name="WD Black SN850X 1 TB",
                status="shipped",
                category="ssds",
            ),
        ]
    )
    handler = routing({LOOKUP: (200, order)})
    slots = {**VERIFIED_SLOTS, "product_sku": "CPU-R9-7900X"}
    tracker = tracker_for("so its not lost? when will it go out", "product_availability", [], slots)
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said[:2] == ["utter_line_intro", "utter_line_ready"], said
    # Another line named: that one, not the product talked about.
    tracker = tracker_for("and the WD ssds, when do they ship", "product_availability", [], slots)
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_line_ready" not in said, said


def test_one_for_a_friend_is_the_shops_stock() -> None:
    # Set BP #46: "also do you have the xtx in stock because my friend wants one, price?" with
    # an XTX on the order got the order's line.
    from actions.products import _SHOP_STOCK

    assert _SHOP_STOCK.search("do you have the xtx in stock because my friend wants one, price?")
    assert _SHOP_STOCK.search("arkadaşım da istiyor, stokta var mı")
    assert not _SHOP_STOCK.search("when does the xtx ship")


async def test_you_really_cant_after_a_limit_is_answered_once() -> None:
    # Set BQ #9: "you really can't change it? it hasn't even shipped" got "Sorry, I didn't
    # understand that" beside the offer of a person.
    from actions.conversation import ActionFallback

    tracker = tracker_for(
        "you really can't change it? it hasn't even shipped",
        "nlu_fallback",
        [],
        VERIFIED_SLOTS,
        events=LIMIT_SAID,
    )
    said = await said_by(ActionFallback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"], said


async def test_desktop_memory_asked_for_lists_no_laptop_memory() -> None:
    # Set BQ #41: "what desktop ddr5 32gb kits do you have in stock" after cancelling a SO-DIMM
    # because it was laptop memory listed the SO-DIMM first.
    from actions.browse import Browse, show_in_stock

    def ram(sku: str, name: str, price: str) -> dict:
        return {
            "sku": sku,
            "name": name,
            "category": "ram",
            "price": price,
            "currency": "EUR",
            "available": 9,
        }

    handler = routing(
        {
            ("GET", "/v1/products/in-stock"): (
                200,
                [
                    ram("RAM-SODIMM-32-5600", "Crucial 32 GB DDR5-5600 SO-DIMM", "89.00"),
                    ram("RAM-DDR5-32-5600", "Kingston Fury Beast 32 GB DDR5-5600", "95.00"),
                ],
            )
        }
    )
    for text, wanted in (
        ("what desktop ddr5 32gb kits do you have in stock", ["RAM-DDR5-32-5600"]),
        ("laptop ram 32gb ddr5?", ["RAM-SODIMM-32-5600"]),
    ):
        tracker = tracker_for(text, "product_availability")
        dispatcher = CollectingDispatcher()
        await show_in_stock(client_with(handler), dispatcher, tracker, Browse("RAM", ("32gb",)))
        listed = [m.get("sku") for m in dispatcher.messages if m.get("sku")]
        assert listed == wanted, (text, dispatcher.messages)


def test_the_days_to_return_and_a_full_refund_are_each_answered() -> None:
    # Set BQ #38: "how many days do I have and do you refund the full price?" got only how long
    # a refund takes.
    from actions.topics import asked_topics

    assert asked_topics("how many days do I have and do you refund the full price?") == [
        "utter_fact_return_window",
        "utter_fact_refund_full",
    ]
    assert asked_topics("how many days until I get my refund") == ["utter_fact_refund_time"]


def test_a_price_in_lira_is_said_to_be_in_euros_only() -> None:
    # Set BQ #48: "fiyatı euro mu? TL fiyatı nedir" got the euro price again, nothing more.
    from actions.topics import asked_topics

    assert asked_topics("fiyatı euro mu? TL fiyatı nedir") == ["utter_limit_currency"]
    assert asked_topics("how much is that in lira") == ["utter_limit_currency"]
    assert "utter_limit_currency" not in asked_topics("I paid 5000 TL")


def test_a_discount_for_the_wait_is_the_compensation_limit() -> None:
    # Set BQ #21: "can I at least get a discount for the waiting" got the discount codes' text.
    from actions.limits import limit_response
    from actions.topics import asked_topics

    text = "can I at least get a discount for the waiting"
    assert asked_topics(text) == ["utter_limit_compensation"]
    assert limit_response("discount", text) == "utter_limit_compensation"
    assert limit_response("discount", "any discount code?") == "utter_limit_discount"


async def test_what_can_i_do_then_it_hasnt_shipped_is_the_push_back_alone() -> None:
    # Set BP #8: "so what can I do then? it hasnt shipped yet" got the shipping policy beside
    # the offer of a person.
    from actions.topics import answered_limit_followup

    tracker = tracker_for(
        "so what can I do then? it hasnt shipped yet", "faq", [], VERIFIED_SLOTS, LIMIT_SAID
    )
    dispatcher = CollectingDispatcher()
    assert answered_limit_followup(dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_limit_again"]


async def test_not_wanting_what_has_shipped_is_the_return() -> None:
    # Set BP #27: "but I don't want them anymore" after "there's nothing left to cancel" got
    # "No problem".
    from actions.limits import ActionDeny

    events = [
        user_event("cancel order 100165 please", "cancel_order"),
        bot_event(
            "There's nothing left to cancel on order 100165", "utter_cancel_nothing_to_cancel"
        ),
    ]
    tracker = tracker_for("but I don't want them anymore", "deny", [], VERIFIED_SLOTS, events)
    shipped = order_json(lines=[line_json(status="shipped")])
    said = await said_by(
        ActionDeny(lambda: client_with(routing({LOOKUP: (200, shipped)}))), tracker
    )
    assert said == ["utter_shipped_return_instead"], said


def test_when_will_you_get_it_again_asks_when_it_is_back() -> None:
    # Set BQ #10: "when will you get it again?" got the whole stock block again.
    from actions.products import _WHEN_BACK

    assert _WHEN_BACK.search("when will you get it again?")
