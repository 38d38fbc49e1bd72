"""What acceptance sets AG's and AH's first runs missed (fourteenth session), as general
behaviours: a yes to a swap proposed right after its list of options, a limit said once, mockery
("just great", "let me guess") answered with an apology, an address that is no rating, a memory
size that is no budget, "the closest thing" after a product, lines named by size alone, a
product with a dot in its name added to an order."""

import datetime as dt
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
from tests.actions.test_set_v_misses import stock

pytestmark = pytest.mark.anyio
SEARCH = ("GET", "/v1/products/search")

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


async def test_a_limit_pushed_back_on_is_said_again_once() -> None:
    # "not even a small coupon? i spend 3000 euro with you" right after the discount's limit:
    # one short "I really can't", not the same message twice (set AG #18).
    from actions.limits import ActionExplainLimit

    history = [
        user_event("can i get a discount for the wait?", "order_status"),
        action_event("action_explain_limit"),
        {
            "event": "bot",
            "text": "I can't give discounts",
            "metadata": {"utter_action": "utter_limit_discount"},
        },
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "not even a small coupon? i spend 3000 euro with you",
        "discount",
        slots=VERIFIED_SLOTS,
        events=history,
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"]


@pytest.mark.parametrize(
    "text",
    ["wow great. just great. 👏", "oh wonderful, another delay", "back-ordered. love that for me"],
)
def test_mockery_sounds_upset(text: str) -> None:
    from actions.tone import sounds_upset

    assert sounds_upset(text)


async def test_a_sarcastic_still_on_its_way_is_an_apology_not_a_sign_up() -> None:
    # "let me guess, the 4060 ti is still 'on its way' 😂" heard as a sign-up (set AG #28).
    from actions.subscriptions import ActionSubscribe

    seen: list[Any] = []
    order = order_json(lines=[line_json(sku="GPU-RTX4060TI-16G", name="GeForce RTX 4060 Ti 16 GB")])
    tracker = tracker_for(
        "let me guess, the 4060 ti is still 'on its way' 😂",
        "subscribe_updates",
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(
        ActionSubscribe(
            lambda: client_with(routing({LOOKUP: (200, order), SEARCH: (200, [])}, seen))
        ),
        tracker,
    )
    assert said[0] == "utter_sorry_order_delay" and "utter_sorry_offer_person" in said
    assert not [r for r in seen if "subscriptions" in r.url.path]


def test_an_address_number_after_no_is_not_a_rating() -> None:
    # "taşındım, yeni adresim Kadıköy Moda Cad. No 12" was thanked for "2 points" (set AH #7).
    from backorder_common.ratings import rating_in

    assert rating_in("taşındım, yeni adresim Kadıköy Moda Cad. No 12") is None
    assert rating_in("this is not a 5 star experience, 2 stars") == 2


def test_a_memory_size_is_not_a_budget() -> None:
    # "what ddr5 ram do you have in stock? around 32gb" was read as "up to 35.20 EUR" (set AG #50).
    from actions.browse import budget

    assert budget("what ddr5 ram do you have in stock? around 32gb") is None
    assert budget("a 27 inch one around 400") is not None
    assert budget("laptop around 1500, 32 gb ram") is not None


async def test_the_closest_thing_heard_as_a_stock_question_lists_alternatives() -> None:
    # "whats the closest thing you have right now" after the 4090 (set AH #6, heard as
    # product_availability): its alternatives, not the 4090 again.
    from actions.products import ActionCheckAvailability

    seen: list[Any] = []
    tracker = tracker_for(
        "whats the closest thing you have right now",
        "product_availability",
        slots={"product_sku": "GPU-RTX4090-24G"},
    )
    await said_by(ActionCheckAvailability(lambda: client_with(routing({}, seen))), tracker)
    assert any("alternatives" in r.url.path for r in seen)


def test_lines_are_named_by_sizes_only_they_have() -> None:
    # "2TB geldi, 1TB ne zaman kargoya verilecek" got a product search (set AH #44).
    from actions.backend_schemas import Order
    from actions.lines import lines_named

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(sku="SSD-870EVO-1TB", name="Samsung 870 EVO 1 TB SATA", status="ready"),
                line_json(
                    line_no=2,
                    sku="SSD-870EVO-2TB",
                    name="Samsung 870 EVO 2 TB SATA",
                    status="shipped",
                ),
            ]
        )
    )
    both = lines_named(order, "2TB geldi, 1TB ne zaman kargoya verilecek")
    assert [line.line_no for line in both] == [1, 2]
    assert [line.line_no for line in lines_named(order, "when does the 1tb ship")] == [1]


def test_adding_a_product_with_a_dot_in_its_name_is_the_add_item_limit() -> None:
    # "can i add a G.Skill trident z5 96gb to that order" got the address limit (set AH #26).
    from actions.topics import asked_topics

    assert asked_topics("can i add a G.Skill trident z5 96gb to that order") == [
        "utter_limit_add_item"
    ]


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("nvm found it in my email", True),
        ("forget it found it in my inbox", True),
        ("buldum, mailde yazıyormuş", True),
        # The number found is about to be typed; a question asks more.
        ("ok found the order number in my mails", False),
        ("numarayı mailde buldum", False),
        ("found it in my mails, is it 100365?", False),
    ],
)
def test_what_was_found_elsewhere_drops_the_lookup(text: str, dropped: bool) -> None:
    from actions.common import found_it_elsewhere

    assert found_it_elsewhere(text) is dropped


async def test_found_it_in_the_email_while_the_form_asks_ends_the_lookup() -> None:
    # Set AH #37: "nvm found it in my email" got "Glad to hear it arrived well!" and the email
    # asked for again. The form ends, and the check says so and asks for nothing.
    from rasa_sdk.events import SlotSet
    from rasa_sdk.executor import CollectingDispatcher

    from actions.orders import ActionCheckOrderStatus, ValidateOrderLookupForm

    tracker = tracker_for(
        "nvm found it in my email",
        "nlu_fallback",
        slots={"order_number": "100365", "requested_slot": "verification"},
    )
    validated = ValidateOrderLookupForm().validate_verification(
        "nvm found it in my email", CollectingDispatcher(), tracker, {}
    )
    assert validated["requested_slot"] is None and validated["verification"] is None
    tracker.slots.update({"requested_slot": None, "verification": None})
    seen: list[Any] = []
    dispatcher = CollectingDispatcher()
    events = await ActionCheckOrderStatus(lambda: client_with(routing({}, seen))).run(
        dispatcher, tracker, {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_glad_you_found_it"]
    assert SlotSet("order_lookup_result", "dropped") in events
    assert not seen


WD_AND_CRUCIAL = order_json(
    lines=[
        line_json(sku="SSD-WDSN850X-2TB", name="WD Black SN850X 2 TB", status="ready"),
        line_json(line_no=2, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB"),
    ]
)


async def test_cancel_that_one_is_the_line_named_before_in_the_message() -> None:
    # Set AH #20: "when does the crucial 4tb come and can I just cancel that one and get the WD
    # shipped now" proposed cancelling the whole order, the WD to ship included.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    tracker = tracker_for(
        "order 100042 ada.lovelace@example.com whats the status, when does the crucial 4tb come "
        "and can I just cancel that one and get the WD shipped now",
        "cancel_order",
        entities=[{"entity": "order_number", "value": "100042"}],
        slots=VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    await ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, WD_AND_CRUCIAL)}))).run(
        dispatcher, tracker, {}
    )
    proposal = dispatcher.messages[-1]
    assert proposal["response"] == "utter_cancel_confirm_line"
    assert proposal["name"] == "Crucial P3 Plus 4 TB"


async def test_a_product_added_beside_its_size_is_the_one_remembered() -> None:
    # Set AG #36: "add 32gb ram to this order, corsair vengeance 2x16", then "then how much is
    # it and is stock?" got the order again: the kit of that size is the product talked about.
    from rasa_sdk.events import SlotSet

    from actions.products import remembered_product
    from tests.actions.factories import match_json

    kits = [
        match_json("RAM-CV-32-6000", "Corsair Vengeance 32 GB DDR5-6000 (2x16)", score=93),
        match_json("RAM-CV-64-6000", "Corsair Vengeance 64 GB DDR5-6000 (2x32)", score=93),
    ]
    text = "ok. I want also add 32gb ram to this order, corsair vengeance 2x16. possible?"
    tracker = tracker_for(
        text,
        "change_order",
        entities=[
            {"entity": "product", "value": value, "start": text.index(value), "end": end}
            for value in ("ram", "corsair vengeance")
            for end in [text.index(value) + len(value)]
        ],
    )
    client = client_with(routing({SEARCH: (200, kits)}))
    assert await remembered_product(client, tracker) == [SlotSet("product_sku", "RAM-CV-32-6000")]


async def test_a_line_said_to_have_come_is_left_out_of_the_answer() -> None:
    # Set AH #44: "2TB geldi, 1TB ne zaman kargoya verilecek": the 1 TB line alone.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.orders import answer_named_lines

    order = order_json(
        lines=[
            line_json(sku="SSD-870EVO-1TB", name="Samsung 870 EVO 1 TB SATA", status="ready"),
            line_json(
                line_no=2, sku="SSD-870EVO-2TB", name="Samsung 870 EVO 2 TB SATA", status="shipped"
            ),
        ]
    )
    tracker = tracker_for(
        "2TB geldi, 1TB ne zaman kargoya verilecek",
        "product_availability",
        slots={**VERIFIED_SLOTS, "language": "tr"},
    )
    dispatcher = CollectingDispatcher()
    client = client_with(routing({LOOKUP: (200, order)}))
    assert await answer_named_lines(client, dispatcher, tracker, dt.date(2026, 12, 7))
    names = [m.get("name") for m in dispatcher.messages if m.get("name")]
    assert names == ["Samsung 870 EVO 1 TB SATA"]


async def test_reserving_one_from_the_next_delivery_of_a_waiting_line_holds_its_place() -> None:
    # Set AG #19: "can you reserve one for me from the next delivery so it doesnt sell out
    # again" right after the back-ordered Crucial of the order: the queue holds it already.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "can you reserve one for me from the next delivery so it doesnt sell out again",
        "change_order",
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(
        ActionExplainLimit(lambda: client_with(routing({LOOKUP: (200, WD_AND_CRUCIAL)}))), tracker
    )
    assert said == ["utter_fact_queue_holds"]


THREE_RYZENS = order_json(
    lines=[
        line_json(
            sku="CPU-R7-7800X3D",
            name="AMD Ryzen 7 7800X3D",
            quantity=3,
            unit_price="389.00",
            category="cpus",
        )
    ]
)


async def test_the_same_cancellation_asked_again_is_the_yes() -> None:
    # Set AG #4: "cancel 2 of them please, keep 1" right after "Cancel 2 of the 3 … and keep
    # 1?" got the same question again; set AH #9 likewise. It is the answer: done.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    first = tracker_for("i only need one of the 3 ryzen now", "cancel_order", slots=VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(
        lambda: client_with(routing({LOOKUP: (200, THREE_RYZENS)}))
    ).run(dispatcher, first, {})
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert dispatcher.messages[-1]["response"] == "utter_cancel_confirm_part"

    history = [
        user_event("i only need one of the 3 ryzen now", "cancel_order"),
        action_event("action_propose_cancel"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        action_event("action_listen"),
    ]
    seen: list[Any] = []
    handler = routing(
        {
            LOOKUP: (200, THREE_RYZENS),
            ("POST", "/v1/orders/100042/lines/1/cancel"): (200, THREE_RYZENS),
        },
        seen,
    )
    again = tracker_for(
        "cancel 2 of them please, keep 1",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    said = await said_by(ActionProposeCancel(lambda: client_with(handler)), again)
    assert not [r for r in said if r.startswith("utter_cancel_confirm")]
    assert any(r.url.path.endswith("/lines/1/cancel") for r in seen)
    # A question is no yes: "cancel 2 of them?" asks again.
    asked = tracker_for(
        "so cancel 2 of them?",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    seen.clear()
    said = await said_by(ActionProposeCancel(lambda: client_with(handler)), asked)
    assert said[-1] == "utter_cancel_confirm_part" and not [
        r for r in seen if r.method == "POST" and "cancel" in r.url.path
    ]


LATE_SSD = order_json(
    lines=[
        line_json(
            sku="SSD-SAM990-2TB",
            name="Samsung 990 Pro 2 TB NVMe",
            quantity=1,
            status="ready",
            ship_eta={"earliest": "2026-12-08", "latest": "2026-12-08"},
        ),
        line_json(line_no=2, status="shipped"),
    ]
)


async def test_it_says_in_stock_ship_it_right_after_the_order_is_that_line_and_a_person() -> None:
    # Set AH #41: "it says in stock though. ship it!" got the whole order again. The line in
    # stock, late and sorry, and a person offered, since nothing here says what held it up.
    from actions.orders import ActionCheckOrderStatus

    now = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC)
    slots = {
        **VERIFIED_SLOTS,
        "order_checks": {"100042": (now - dt.timedelta(minutes=1)).isoformat()},
    }
    tracker = tracker_for("it says in stock though. ship it!", "order_status", slots=slots)
    action = ActionCheckOrderStatus(
        lambda: client_with(routing({LOOKUP: (200, LATE_SSD)})),
        lambda: dt.date(2026, 12, 7),
        lambda: now,
    )
    said = await said_by(action, tracker)
    assert "utter_order_header" not in said
    assert "utter_line_ready_late" in said and said[-1] == "utter_sorry_offer_person"


async def test_lines_that_havent_come_heard_as_advice_are_answered() -> None:
    # Set AH #33: "the 4060 Ti's arrived for 100120 but the monitor and RAM havent, why" got the
    # product-advice limit and the 4060 Ti's stock.
    from actions.limits import ActionExplainLimit

    order = order_json(
        lines=[
            line_json(sku="MON-PA278CV", name='ASUS ProArt PA278CV 27" QHD', status="ready"),
            line_json(
                line_no=2,
                sku="RAM-SODIMM-32",
                name="Crucial 32 GB DDR5-5600 SO-DIMM",
                status="ready",
            ),
            line_json(
                line_no=3,
                sku="GPU-RTX4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                status="shipped",
            ),
        ]
    )
    tracker = tracker_for(
        "the 4060 Ti's arrived for 100042 but the monitor and RAM havent, why",
        "product_advice",
        slots=VERIFIED_SLOTS,
    )
    dispatcher_said = await said_by(
        ActionExplainLimit(
            lambda: client_with(routing({LOOKUP: (200, order), SEARCH: (200, [])})),
            lambda: dt.date(2026, 12, 7),
        ),
        tracker,
    )
    assert "utter_limit_product_advice" not in dispatcher_said
    assert dispatcher_said[0] == "utter_why_ready"


async def test_no_order_number_but_a_product_gets_how_to_find_the_number() -> None:
    # Set AG #20: "idk the number, its a ryzen cpu" got a list of Ryzen CPUs.
    from actions.products import ActionCheckAvailability

    seen: list[Any] = []
    tracker = tracker_for(
        "idk the number, its a ryzen cpu",
        "product_availability",
        entities=[{"entity": "product", "value": "ryzen", "start": 21, "end": 26}],
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(routing({}, seen))), tracker)
    assert said == ["utter_order_number_help"] and not seen


async def test_a_numbered_list_cancels_each_item_its_own_way() -> None:
    # Set AH #43: "1) cancel the Crucial P3 Plus 2) I only need 1 of the 3 Ryzen 7800X3D now"
    # said the Crucial was "already only 1". Both, each its own way, to confirm at once.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    order = order_json(
        lines=[
            line_json(
                sku="SSD-WDSN850X-1TB", name="WD Black SN850X 1 TB", quantity=2, status="ready"
            ),
            line_json(line_no=2, sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D", quantity=3),
            line_json(
                line_no=3, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB", quantity=1
            ),
        ]
    )
    text = (
        "A few things: 1) cancel the Crucial P3 Plus 2) I only need 1 of the 3 Ryzen 7800X3D "
        "now 3) will the WD drives ship before the CPUs?"
    )
    entities = [
        {
            "entity": "product",
            "value": value,
            "start": text.index(value),
            "end": text.index(value) + len(value),
        }
        for value in ("Crucial P3 Plus", "Ryzen 7800X3D")
    ]
    tracker = tracker_for(text, "cancel_order", entities=entities, slots=VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    await ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)}))).run(
        dispatcher, tracker, {}
    )
    proposal = dispatcher.messages[-1]
    assert proposal["response"] == "utter_cancel_confirm_lines"
    assert proposal["line_nos"] == [3, 2] and proposal["units"] == {"2": 2}


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # Set AG #39: the methods said twice, and "and paypal?" never answered with a no.
        ("do you accept crypto btw? or bank transfer", ["utter_fact_cash_or_crypto"]),
        ("and paypal?", ["utter_fact_no_paypal"]),
        # Set AG #41: who pays the postage of a return.
        (
            "how do i return it? do you pay the shipping back?",
            ["utter_fact_return_window", "utter_fact_return_cost"],
        ),
    ],
)
def test_payment_and_return_questions_get_their_own_facts(text: str, topics: list[str]) -> None:
    from actions.topics import asked_topics

    assert asked_topics(text) == topics


async def test_when_again_right_after_a_late_line_is_its_date_alone() -> None:
    # Set AH #32: "Thank you. Roughly when will it be dispatched?" repeated the whole late line.
    from actions.orders import ActionCheckOrderStatus

    now = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC)
    slots = {
        **VERIFIED_SLOTS,
        "order_checks": {"100042": (now - dt.timedelta(minutes=1)).isoformat()},
    }
    history = [
        user_event("status of 100042 please", "order_status"),
        action_event("action_check_order_status"),
        {
            "event": "bot",
            "text": "1 × Samsung 990 Pro 2 TB NVMe: in stock and set aside for you, but later …",
            "metadata": {"utter_action": "utter_line_ready_late"},
        },
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_sorry_offer_person"}},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "Thank you. Roughly when will it be dispatched?",
        "order_status",
        slots=slots,
        events=history,
    )
    action = ActionCheckOrderStatus(
        lambda: client_with(routing({LOOKUP: (200, LATE_SSD)})),
        lambda: dt.date(2026, 12, 7),
        lambda: now,
    )
    said = await said_by(action, tracker)
    assert said == ["utter_line_intro", "utter_line_ready_brief"]


async def test_feedback_reporting_a_fault_says_what_to_do_before_the_rating() -> None:
    # Set AH #15: the dead pixel in "I'd like to leave feedback. … one of the two LG ultrawides
    # arrived with a dead pixel" was ignored for the rating question.
    from actions.feedback import ActionStoreFeedback

    tracker = tracker_for(
        "I'd like to leave feedback. one of the two LG ultrawides arrived with a dead pixel",
        "feedback",
    )
    said = await said_by(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_damaged_item", "utter_ask_rating"]


async def test_the_cancellation_policy_is_no_refund_figure_for_the_product_talked_about() -> None:
    # Set AG #12: "what is your cancellation policy for items already shipped btw" opened with
    # "If you cancel 2 × Intel Arc A770 16 GB, you get 658.00 EUR back".
    from rasa_sdk.executor import CollectingDispatcher

    from actions.refunds import answered_if_cancelled

    order = order_json(
        lines=[line_json(sku="GPU-ARC-A770-16G", name="Intel Arc A770 16 GB", status="ready")]
    )
    tracker = tracker_for(
        "thx. what is your cancellation policy for items already shipped btw",
        "faq",
        slots={**VERIFIED_SLOTS, "product_sku": "GPU-ARC-A770-16G"},
    )
    client = client_with(routing({LOOKUP: (200, order)}))
    assert not await answered_if_cancelled(client, CollectingDispatcher(), tracker)


def test_an_order_shown_as_cancelled_is_no_request_to_cancel() -> None:
    # Set AG #5: "100195 numaralı siparişim iptal görünüyor, neden??" went on as a cancellation.
    from actions.resume import request_in_words

    assert request_in_words("100195 numaralı siparişim iptal görünüyor, neden??") is None
    assert request_in_words("100195 siparişimi iptal edin") == "cancel"


@pytest.mark.parametrize(
    ("action_path", "intent", "text"),
    [
        ("actions.limits.ActionExplainLimit", "contact_phone", "can you just email me the key"),
        (
            "actions.subscriptions.ActionSubscribe",
            "subscribe_updates",
            "just send me the licence key by email now",
        ),
    ],
)
async def test_email_me_the_key_of_a_licence_in_stock_says_how_keys_come(
    action_path: str, intent: str, text: str
) -> None:
    # Set AH #25: "can you just email me the key" repeated the licence's line.
    import importlib

    module, name = action_path.rsplit(".", 1)
    action_class = getattr(importlib.import_module(module), name)
    order = order_json(
        lines=[
            line_json(
                sku="SW-ADOBE-CC-1Y",
                name="Adobe Creative Cloud All Apps, 1 year",
                quantity=1,
                status="ready",
                category="software",
                ship_eta={"earliest": "2026-12-08", "latest": "2026-12-08"},
            )
        ]
    )
    tracker = tracker_for(text, intent, slots=VERIFIED_SLOTS)
    seen: list[Any] = []
    said = await said_by(
        action_class(lambda: client_with(routing({LOOKUP: (200, order)}, seen))), tracker
    )
    assert said == ["utter_limit_send_key_now"]
    assert not [r for r in seen if "subscriptions" in r.url.path]


async def test_a_reply_giving_the_sizes_of_the_product_talked_about_is_that_product() -> None:
    # Set AH #12: "16 GB 512 olan" right after the MacBook Air 13 M3, 16 GB, 512 GB: "sorry, I
    # didn't understand".
    from actions.conversation import ActionFallback

    sku = "LAP-MBA13-M3-16"
    availability = stock(sku, "MacBook Air 13 M3, 16 GB, 512 GB", "1349.00", 8)
    handler = routing(
        {
            ("GET", f"/v1/products/{sku}/availability"): availability,
            SEARCH: (200, []),
        }
    )
    tracker = tracker_for(
        "16 GB 512 olan", "nlu_fallback", slots={"product_sku": sku, "language": "tr"}
    )
    said = await said_by(ActionFallback(lambda: client_with(handler)), tracker)
    assert said[0].startswith("utter_availability_in_stock"), said
    assert "utter_default" not in said


async def test_ten_of_a_product_asked_is_the_quantity() -> None:
    # Set AH #50: "do you have 10 of office?" got the stock line, not whether 10 are there.
    from actions.products import named_products

    text = "do you have 10 of office?"
    start = text.index("office")
    tracker = tracker_for(
        text,
        "product_availability",
        entities=[{"entity": "product", "value": "office", "start": start, "end": start + 6}],
    )
    assert named_products(tracker) == [("office", 10)]


def test_not_needing_anything_else_ends_the_chat() -> None:
    # Set AG #33: "no i don't need anything else" got "Is there anything else I can help with?".
    from actions.limits import _THATS_ALL

    assert _THATS_ALL.search("no i don't need anything else")
    assert _THATS_ALL.search("nope, that's all")


def test_an_order_shown_cancelled_heard_as_a_cancellation_resumes_nothing() -> None:
    # Set AG #5: once the order was found, "nothing left to cancel" followed the order.
    from actions.resume import request_to_resume

    events = [
        user_event("Merhaba, 100195 numaralı siparişim iptal görünüyor, neden??", "cancel_order"),
        action_event("action_propose_cancel"),
        action_event("order_lookup_form"),
        {"event": "active_loop", "name": "order_lookup_form"},
        action_event("action_listen"),
        user_event("posta kodu 01897", "inform"),
        action_event("order_lookup_form"),
    ]
    tracker = tracker_for("posta kodu 01897", "inform", events=events)
    assert request_to_resume(tracker) is None
    events[0] = user_event("100195 siparişimi iptal edin", "cancel_order")
    assert request_to_resume(tracker_for("posta kodu 01897", "inform", events=events)) == "cancel"


async def test_ship_it_express_is_the_express_limit() -> None:
    # Set AH #41: "can u ship it express" got "nothing needs splitting" and the line again.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for("can u ship it express", "change_order", slots=VERIFIED_SLOTS)
    said = await said_by(
        ActionExplainLimit(lambda: client_with(routing({LOOKUP: (200, LATE_SSD)}))), tracker
    )
    assert said == ["utter_limit_express"]


async def test_a_number_of_one_product_asked_is_checked_against_the_stock() -> None:
    # Set AH #50: "do you have 10 of office?" with 3 in stock: that 10 aren't there.
    from actions.products import answer_availability

    sku = "SW-OFFICE-HB-2024"
    availability = stock(sku, "Office Home & Business 2024", "299.00", 3)
    text = "do you have 10 of office?"
    start = text.index("office")
    tracker = tracker_for(
        text,
        "product_availability",
        entities=[{"entity": "product", "value": "office", "start": start, "end": start + 6}],
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    client = client_with(routing({("GET", f"/v1/products/{sku}/availability"): availability}))
    await answer_availability(client, dispatcher, tracker, sku, dt.date(2026, 12, 7))
    short = [m for m in dispatcher.messages if m["response"] == "utter_availability_quantity_short"]
    assert short and short[0]["quantity"] == 10 and short[0]["available"] == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Set AH #22: a new question on the limit just said, not a push back.
        ("what about student discount", "utter_limit_again_question"),
        (
            "do you have a physical store in istanbul I can pick up from",
            "utter_limit_again_question",
        ),
        ("come on, not even 5%?", "utter_limit_again"),
    ],
)
def test_a_limit_said_again_fits_a_new_question(text: str, expected: str) -> None:
    from actions.common import limit_again

    assert limit_again(text) == expected


def test_paying_shipping_again_is_the_split_fact() -> None:
    # Set AG #26: "will they come in a separate package? do i pay shipping again" got the whole
    # shipping policy.
    from actions.topics import asked_topics

    assert asked_topics("will they come in a separate package? do i pay shipping again") == [
        "utter_fact_split_free"
    ]


async def test_why_a_licence_waits_says_it_is_a_key_by_email() -> None:
    # Set AG #44: "why does adobe creative cloud say waiting to ship, isn't it digital?" got the
    # parcel's answer.
    from actions.orders import ActionCheckOrderStatus

    order = order_json(
        placed_at="2026-12-03T10:00:00+03:00",
        lines=[
            line_json(
                sku="SW-ADOBE-CC-1Y",
                name="Adobe Creative Cloud All Apps, 1 year",
                quantity=1,
                status="ready",
                category="software",
                ship_eta={"earliest": "2026-12-08", "latest": "2026-12-08"},
            )
        ],
    )
    tracker = tracker_for(
        "why does adobe creative cloud say waiting to ship, isn't it digital?",
        "order_status",
        slots=VERIFIED_SLOTS,
    )
    action = ActionCheckOrderStatus(
        lambda: client_with(routing({LOOKUP: (200, order)})), lambda: dt.date(2026, 12, 7)
    )
    said = await said_by(action, tracker)
    assert "utter_why_ready_licence_late" in said


async def test_all_of_them_to_which_item_is_the_whole_order() -> None:
    # Set AI #21: "yeter, tüm siparişi iptal edin" asked which item; "evet, hepsini" then got
    # "Tamam! Ne yapmak istersiniz?" and nothing was cancelled.
    from actions.cancel import WHOLE_ORDER
    from actions.choice import picked

    assert WHOLE_ORDER.search("yeter, tüm siparişi iptal edin")
    buttons = [
        {
            "title": "1 × Radeon RX 7600 8 GB Pulse",
            "payload": '/cancel_order{"product": "GPU-RX7600-8G"}',
        },
        {"title": "Siparişin tamamı", "payload": '/cancel_order{"order_number": "100325"}'},
    ]
    history = [
        user_event("cancel something", "cancel_order"),
        action_event("action_propose_cancel"),
        {"event": "bot", "text": "Hangi ürünü?", "data": {"buttons": buttons}},
        action_event("action_listen"),
    ]
    for text, whole in (
        ("evet, hepsini", True),
        ("all of them", True),
        ("no, not all of them", False),
    ):
        tracker = tracker_for(text, "affirm", events=history)
        button, _ = picked(tracker, ("cancel_order",))
        assert (button is not None and "order_number" in button["payload"]) is whole, text


async def test_no_to_a_swap_but_cancel_another_line_proposes_that_cancellation() -> None:
    # Set AI #7: "hmm wait, actually no, keep the zephyrus, I'll wait. but cancel the 4070 super"
    # kept the order and proposed nothing; "yes cancel it" then asked which item.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionKeepOrder

    order = order_json(
        lines=[
            line_json(sku="LAP-ZEPHYRUS-G14", name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB"),
            line_json(
                line_no=2, sku="GPU-RTX4070S-12G", name="GeForce RTX 4070 Super 12 GB", quantity=1
            ),
        ]
    )
    tracker = tracker_for(
        "hmm wait, actually no, keep the zephyrus, I'll wait. but cancel the 4070 super",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": {"sku": "LAP-LEGION-5-4060"}},
    )
    dispatcher = CollectingDispatcher()
    await ActionKeepOrder(lambda: client_with(routing({LOOKUP: (200, order)}))).run(
        dispatcher, tracker, {}
    )
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_kept_order"
    assert said[-1] == "utter_cancel_confirm_line"
    assert dispatcher.messages[-1]["name"] == "GeForce RTX 4070 Super 12 GB"


async def test_just_one_of_them_to_cancel_one_of_two_is_the_yes() -> None:
    # Set AJ #3: "just one of them, keep the other" to "Cancel 1 of the 2 × Radeon RX 7900 XTX
    # and keep 1?" was read as a no.
    from actions.cancel import ActionKeepOrder

    two = order_json(
        lines=[line_json(sku="GPU-RX7900XTX-24G", name="Radeon RX 7900 XTX 24 GB", quantity=2)]
    )
    detail = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "name": "Radeon RX 7900 XTX 24 GB",
        "quantity": 1,
        "total": 2,
        "kept": 1,
        "amount": "999.00",
        "currency": "EUR",
    }
    history = [
        user_event("i want to cancel one of the two 7900 xtx", "cancel_order"),
        action_event("action_propose_cancel"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        action_event("action_listen"),
    ]
    seen: list[Any] = []
    handler = routing(
        {LOOKUP: (200, two), ("POST", "/v1/orders/100042/lines/1/cancel"): (200, two)}, seen
    )
    tracker = tracker_for(
        "just one of them, keep the other",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    said = await said_by(ActionKeepOrder(lambda: client_with(handler)), tracker)
    assert "utter_kept_order" not in said
    assert any(r.url.path.endswith("/lines/1/cancel") for r in seen)


async def test_and_price_after_a_product_is_its_price_not_the_order_line() -> None:
    # Set AJ #11: "and price?" right after "do you have the 7900X in stock?" gave the order's
    # 7800X3D line.
    from actions.products import ActionCheckAvailability

    sku = "CPU-R9-7900X"
    availability = stock(sku, "AMD Ryzen 9 7900X", "419.00", 75)
    order = order_json(lines=[line_json(sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D")])
    handler = routing(
        {("GET", f"/v1/products/{sku}/availability"): availability, LOOKUP: (200, order)}
    )
    # (A cancellation proposed before the stock question still waits for its yes.)
    tracker = tracker_for(
        "and price?",
        "product_availability",
        slots={**VERIFIED_SLOTS, "product_sku": sku, "pending": "cancel"},
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said and not [r for r in said if r.startswith("utter_line")]


def test_dont_cancel_swap_it_instead_is_a_fresh_swap_proposal() -> None:
    # Set AJ #11: "ok then dont cancel, swap the 7800x3d for the ryzen 9 7900x instead" proposed
    # the swap; the "yes" after it got "I'm not sure what you're saying yes to".
    from actions.common import proposal_is_fresh

    history = [
        user_event(
            "ok then dont cancel, swap the 7800x3d for the ryzen 9 7900x instead", "swap_item"
        ),
        action_event("action_propose_swap"),
        {"event": "slot", "name": "pending", "value": "swap"},
        action_event("action_listen"),
    ]
    tracker = tracker_for("yes", "affirm", slots={"pending": "swap"}, events=history)
    assert proposal_is_fresh(tracker, ("action_propose_swap",))
    # (A cancellation still waiting is refused by that message: a yes never confirms it.)
    waiting_cancel = tracker_for("yes", "affirm", slots={"pending": "cancel"}, events=history)
    assert not proposal_is_fresh(waiting_cancel, ("action_propose_swap",))


def test_an_interface_the_reasons_state_is_not_said_missing() -> None:
    # Set AJ #36: "stokta benzer 1 tb nvme var mı" got "no 1tb nvme SSD in stock", then the WD
    # Black SN850X 1 TB (NVMe by its reasons); set AI #23: "2tb sata or nvme" likewise.
    from actions.backend_schemas import Alternative
    from actions.products import _described, _specs_none_has

    wd = Alternative(
        sku="SSD-WDSN850X-1TB",
        name="WD Black SN850X 1 TB",
        price="109.00",
        available=3,
        reasons=["same 1000 GB capacity", "same interface (PCIe 4.0 NVMe)"],
    )
    assert _specs_none_has("stokta benzer 1 tb nvme var mı", [_described(wd)]) == []
    assert _specs_none_has("something similar, 2tb sata or nvme", ["WD Black SN850X 2 TB"]) == []
    assert _specs_none_has("any 4tb one?", [_described(wd)]) == ["4tb"]


async def test_sata_or_nvme_in_a_browse_narrows_by_neither() -> None:
    # Set AI #23: "2tb sata or nvme" said none was in stock, then listed 2 TB NVMe drives.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.browse import Browse, show_in_stock

    drives = [
        {
            "sku": "SSD-WDSN850X-2TB",
            "name": "WD Black SN850X 2 TB",
            "category": "ssds",
            "price": "179.00",
            "available": 60,
        },
        {
            "sku": "SSD-SAM870-2TB",
            "name": "Samsung 870 EVO 2 TB SATA",
            "category": "ssds",
            "price": "159.00",
            "available": 5,
        },
    ]
    seen: list[Any] = []
    client = client_with(routing({("GET", "/v1/products/in-stock"): (200, drives)}, seen))
    dispatcher = CollectingDispatcher()
    wanted = Browse(kind="SSD", words=("2tb", "sata", "nvme"))
    await show_in_stock(client, dispatcher, tracker_for("2tb sata or nvme", "x"), wanted)
    said = [m["response"] for m in dispatcher.messages]
    assert "utter_in_stock_none_of_that" not in said and "utter_in_stock_none" not in said


async def test_dont_cancel_just_get_me_a_human_keeps_the_order_and_hands_off() -> None:
    # Set AI #44: "then don't cancel. just get me a human" kept the order and ignored the person.
    from actions.cancel import ActionKeepOrder
    from tests.actions.test_handoff import opened

    seen: list[Any] = []
    handler = routing({("POST", "/v1/handoffs"): (201, opened())}, seen)
    tracker = tracker_for(
        "hmm no wait it says none free now? then don't cancel. just get me a human",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": {"scope": "line"}},
    )
    said = await said_by(ActionKeepOrder(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_kept_order_for_person"
    assert any(r.url.path == "/v1/handoffs" for r in seen)


async def test_yes_to_a_swap_and_a_message_when_another_line_changes_does_both() -> None:
    # Set AJ #4: "yes do it. and send me a message when the 4070 super changes" swapped and
    # showed the 4070 Super's line, never signing up.
    from actions.swap import ActionSwapConfirmed

    order = order_json(
        lines=[
            line_json(sku="LAP-ZEPHYRUS-G14", name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB"),
            line_json(line_no=2, sku="GPU-RTX4070S-12G", name="GeForce RTX 4070 Super 12 GB"),
        ]
    )
    swapped = {
        "order": order,
        "old_sku": "LAP-ZEPHYRUS-G14",
        "new_sku": "LAP-LEGION-5-4060",
        "price_difference": "-1400.00",
        "currency": "EUR",
    }
    detail = {
        "order_number": "100042",
        "line_no": 1,
        "sku": "LAP-LEGION-5-4060",
        "old_name": "ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
        "new_name": "Lenovo Legion 5, RTX 4060, 16 GB",
        "quantity": 2,
        "difference": "-1400.00",
        "currency": "EUR",
    }
    seen: list[Any] = []
    handler = routing(
        {
            LOOKUP: (200, order),
            ("POST", "/v1/orders/100042/lines/1/swap"): (200, swapped),
            ("POST", "/v1/subscriptions"): (201, {"id": 3, "created": True}),
            SEARCH: (200, []),
        },
        seen,
    )
    history = [
        user_event("ok swap both zephyrus for 2 lenovo legion 5", "swap_item"),
        action_event("action_propose_swap"),
        {"event": "slot", "name": "pending", "value": "swap"},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes do it. and send me a message when the 4070 super changes",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": detail},
        events=history,
    )
    said = await said_by(ActionSwapConfirmed(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_swap_done"
    assert any(r.url.path == "/v1/subscriptions" for r in seen), said


async def test_checked_spam_already_after_the_missing_key_answer_offers_the_person() -> None:
    # Set AJ #13: "I've checked spam already" got "You have no active notifications".
    from actions.subscriptions import ActionListSubscriptions

    history = [
        user_event("the adobe codes never came", "damaged_item"),
        action_event("action_explain_limit"),
        {
            "event": "bot",
            "text": "A licence key is emailed …",
            "metadata": {"utter_action": "utter_limit_licence_key_missing"},
        },
        action_event("action_listen"),
    ]
    tracker = tracker_for("I've checked spam already", "list_subscriptions", events=history)
    said = await said_by(ActionListSubscriptions(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"]


async def test_a_message_when_back_in_stock_right_after_in_stock_says_it_is_in_stock() -> None:
    # Set AJ #22: after "1 available to ship now", "can i get a message when it's back in stock"
    # signed up for a message that would never come.
    from actions.subscriptions import ActionSubscribe

    seen: list[Any] = []
    history = [
        user_event("is the zephyrus g14 in stock", "product_availability"),
        action_event("action_check_availability"),
        {
            "event": "bot",
            "text": "ASUS ROG Zephyrus G14 … 1 available to ship now.",
            "metadata": {"utter_action": "utter_availability_in_stock"},
        },
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "can i get a message when it's back in stock",
        "subscribe_updates",
        slots={"product_sku": "LAP-ROG-G14-4070"},
        events=history,
    )
    said = await said_by(ActionSubscribe(lambda: client_with(routing({}, seen))), tracker)
    assert said == ["utter_subscribe_in_stock_now"]
    assert not [r for r in seen if "subscriptions" in r.url.path]


async def test_a_cancellation_proposed_this_turn_is_never_confirmed_by_the_same_message() -> None:
    # Set AI #7's development run: after "no, keep the zephyrus … but cancel the 4070 super"
    # proposed the 4070 Super, a second action of the same turn read the same words as the
    # cancellation asked again and confirmed it unasked. A proposal of this turn waits.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    order = order_json(
        lines=[
            line_json(sku="LAP-ZEPHYRUS-G14", name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB"),
            line_json(
                line_no=2, sku="GPU-RTX4070S-12G", name="GeForce RTX 4070 Super 12 GB", quantity=1
            ),
        ]
    )
    text = "hmm wait, actually no, keep the zephyrus, I'll wait. but cancel the 4070 super"
    first = tracker_for("cancel the 4070 super", "cancel_order", slots=VERIFIED_SLOTS)
    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)}))).run(
        dispatcher, first, {}
    )
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    history = [
        user_event("ok swap both zephyrus for legion 5", "swap_item"),
        action_event("action_propose_swap"),
        {"event": "slot", "name": "pending", "value": "swap"},
        action_event("action_listen"),
    ]
    after = [
        action_event("action_keep_order"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        {"event": "slot", "name": "pending_detail", "value": detail},
    ]
    seen: list[Any] = []
    handler = routing(
        {LOOKUP: (200, order), ("POST", "/v1/orders/100042/lines/2/cancel"): (200, order)}, seen
    )
    tracker = tracker_for(
        text,
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=history,
    )
    tracker.events.extend(after)  # (the keep-order action of this turn ran before this one)
    await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert not [r for r in seen if r.url.path.endswith("/cancel")]


def test_the_sentence_asking_after_two_lines_names_both() -> None:
    # Set AI #34: "ok so the monitor and ram are still waiting? the graphics cards came already"
    # was answered about the RAM alone.
    from actions.backend_schemas import Order
    from actions.lines import asked_lines

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    sku="MON-ASUS-PA278CV", name='ASUS ProArt PA278CV 27" QHD', status="ready"
                ),
                line_json(
                    line_no=2,
                    sku="RAM-SODIMM-32-5600",
                    name="Crucial 32 GB DDR5-5600 SO-DIMM",
                    status="ready",
                ),
                line_json(
                    line_no=3,
                    sku="GPU-RTX4060TI-16G",
                    name="GeForce RTX 4060 Ti 16 GB",
                    status="shipped",
                ),
            ]
        )
    )
    text = "ok so the monitor and ram are still waiting? the graphics cards came already"
    assert sorted(line.line_no for line in asked_lines(order, text)) == [1, 2]


async def test_a_list_of_one_product_makes_it_the_product_talked_about() -> None:
    # Set AJ #43: "is the corsair 64gb in stock" listed one kit; "how much is it" then got the
    # order's lines.
    from rasa_sdk.events import SlotSet
    from rasa_sdk.executor import CollectingDispatcher

    from actions.browse import Browse, show_in_stock

    kit = {
        "sku": "RAM-DDR5-64-6000",
        "name": "Corsair Vengeance 64 GB DDR5-6000 (2x32)",
        "category": "memory",
        "price": "209.00",
        "available": 30,
    }
    client = client_with(routing({("GET", "/v1/products/in-stock"): (200, [kit])}))
    events = await show_in_stock(
        client,
        CollectingDispatcher(),
        tracker_for("is the corsair 64gb in stock", "product_availability"),
        Browse(kind="RAM", words=("64gb", "corsair")),
    )
    assert SlotSet("product_sku", "RAM-DDR5-64-6000") in events
