"""What acceptance set U's first run missed, as general behaviours (tenth session): whether
lines travel together, why lines in stock wait, and the rest below."""

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_schemas import Order
from actions.lines import asks_if_together
from actions.orders import answer_lines
from tests.actions.factories import (
    VERIFIED_SLOTS,
    action_event,
    client_with,
    entity,
    line_json,
    load_domain,
    make_tracker,
    match_json,
    order_json,
    routing,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 12, 6)


def _ready(line_no: int, sku: str, name: str, day: str = "2026-12-08") -> dict:
    return line_json(
        line_no=line_no,
        sku=sku,
        name=name,
        status="ready",
        queue_position=None,
        ship_eta={"earliest": day, "latest": day},
    )


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("is the ram coming in the same box", True),
        ("and the 3 WD SSDs will ship together with it?", True),
        ("Dell monitörler ve ekran kartı aynı kargoda mı gelecek?", True),
        ("ok so the SSD could ship already but the 4070 is holding everything up?", True),
        ("7900 xtx de onları mı bekliyor?", True),
        # Asked for, not asked about: the split-shipment policy answers those.
        ("please ship everything together", False),
        ("can you send them together", False),
        ("hepsi birlikte gelsin lütfen", False),
        ("when does it ship", False),
    ],
)
def test_whether_lines_travel_together_is_a_question_of_its_own(text: str, asked: bool) -> None:
    assert asks_if_together(text) is asked


def test_lines_leaving_the_same_day_are_said_to_go_together_with_every_line_shown() -> None:
    order = Order.model_validate(
        order_json(
            placed_at="2026-12-05T10:00:00+03:00",
            lines=[
                _ready(1, "MON-DELL-P2425H", 'Dell P2425H 24" FHD'),
                _ready(2, "GPU-RX7900XTX-24G", "Radeon RX 7900 XTX 24 GB"),
            ],
        )
    )
    dispatcher = CollectingDispatcher()
    text = "Dell monitörler ve ekran kartı aynı kargoda mı gelecek?"
    monitor_only = order.lines[:1]
    answer_lines(dispatcher, order, monitor_only, TODAY, "tr", text)
    said = [m["response"] for m in dispatcher.messages]
    assert said == [
        "utter_together_same_day",
        "utter_line_intro",
        "utter_line_ready",
        "utter_line_ready",
    ]
    assert dispatcher.messages[0]["day"] == "8 Aralık Salı"


def test_a_line_in_stock_beside_a_waiting_one_goes_alone() -> None:
    order = Order.model_validate(
        order_json(
            lines=[
                line_json(sku="GPU-RTX4070-12G", name="GeForce RTX 4070 12 GB Windforce"),
                _ready(2, "SSD-990PRO-2T", "Samsung 990 Pro 2 TB NVMe"),
            ]
        )
    )
    dispatcher = CollectingDispatcher()
    text = "ok so the SSD could ship already but the 4070 is holding everything up?"
    answer_lines(dispatcher, order, order.lines[1:], TODAY, "en", text)
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_split_ready_ships_alone"
    # (Ordered 3 Nov, due 8 Dec: later than it should be, and the line says so.)
    assert said.count("utter_line_ready_late") == 1 and "utter_line_backordered" in said


def test_why_lines_in_stock_have_not_left_leaves_out_the_shipped_ones() -> None:
    order = Order.model_validate(
        order_json(
            placed_at="2026-11-12T10:00:00+03:00",
            lines=[
                line_json(
                    sku="CPU-I9-14900K",
                    name="Intel Core i9-14900K",
                    status="shipped",
                    queue_position=None,
                ),
                _ready(2, "RAM-CRU-32-SODIMM", "Crucial 32 GB DDR5-5600 SO-DIMM"),
            ],
        )
    )
    dispatcher = CollectingDispatcher()
    text = "why are the crucial ram sticks not shipped yet when the cpu already went out"
    answer_lines(dispatcher, order, order.lines, TODAY, "en", text)
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_why_ready_late"
    assert said[-1] == "utter_sorry_offer_person"


def _status(order: dict, text: str) -> list[str]:
    import asyncio

    from actions.orders import ActionCheckOrderStatus
    from tests.actions.factories import client_with, load_domain, make_tracker, responding

    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(responding(200, order)), today=lambda: TODAY
    )
    dispatcher = CollectingDispatcher()
    slots = {
        "order_number": "100042",
        "verification": "jane@example.com",
        "email": "jane@example.com",
    }
    tracker = make_tracker(slots=slots, text=text, intent="order_status")
    asyncio.run(action.run(dispatcher, tracker, load_domain()))
    return [m["response"] for m in dispatcher.messages]


WAITING = order_json(lines=[line_json(sku="SSD-CRU-P3P-4T", name="Crucial P3 Plus 4 TB")])
DELIVERED = order_json(
    lines=[
        line_json(
            sku="SSD-870EVO-2TB",
            name="Samsung 870 EVO 2 TB SATA",
            status="shipped",
            queue_position=None,
        )
    ]
)


@pytest.mark.parametrize(
    ("order", "text", "first"),
    [
        # Praise of an order that waits is sarcasm: an apology before the facts.
        (
            WAITING,
            "Wow, 100042, two Crucial P3 Plus back-ordered. Great job guys 👏👏",
            "utter_sorry_before_status",
        ),
        (WAITING, "100042 ridiculous, still nothing", "utter_sorry_before_status"),
        # Thanks for an order that all arrived: a thank-you before the facts.
        (
            DELIVERED,
            "just wanted to say 100042 arrived quickly, ssds all fine",
            "utter_thanks_for_the_praise",
        ),
        (WAITING, "hi, order 100042 please", "utter_order_header"),
    ],
)
def test_the_tone_of_the_message_that_gives_the_order_is_acknowledged_first(
    order: dict, text: str, first: str
) -> None:
    assert _status(order, text)[0] == first


def test_a_fault_described_with_the_order_gets_what_can_be_done_about_it() -> None:
    said = _status(DELIVERED, "My 870 EVO from order 100042 has stopped working and crashes")
    assert said[-1] == "utter_limit_damaged_item"
    assert "utter_limit_damaged_item" not in _status(
        DELIVERED, "where is 100042, what if it breaks"
    )


@pytest.mark.parametrize("text", ["brb", "ok brb", "be right back", "hemen dönüyorum"])
def test_stepping_away_is_a_moment(text: str) -> None:
    from actions.conversation import A_MOMENT

    assert A_MOMENT.search(text)


def test_when_the_remaining_one_arrives_is_a_question_about_the_order() -> None:
    from actions.faq import _WHEN_MINE

    assert _WHEN_MINE.search("when does the remaining one arrive?")
    assert _WHEN_MINE.search("when is anything arriving at all?")


KC3000 = order_json(
    lines=[
        line_json(
            sku="SSD-KC3000-1TB",
            name="Kingston KC3000 1 TB",
            unit_price="119.00",
            category="ssds",
        )
    ]
)
EVO_1TB = match_json("SSD-870EVO-1TB", "Samsung 870 EVO 1 TB SATA", category="ssds", price="99.00")
EVO_2TB = match_json("SSD-870EVO-2TB", "Samsung 870 EVO 2 TB SATA", category="ssds", price="149.00")


async def test_swap_it_after_asking_about_a_product_proposes_that_product() -> None:
    from actions.swap import ActionProposeSwap

    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, KC3000),
            ("GET", "/v1/products/search"): (200, [EVO_1TB, EVO_2TB]),
            ("GET", "/v1/products/SSD-870EVO-1TB/availability"): (
                200,
                {
                    "sku": "SSD-870EVO-1TB",
                    "available": 40,
                    "backordered_quantity": 0,
                    "price": "99.00",
                },
            ),
        }
    )
    before = [
        user_event(
            "Is the 870 EVO NVMe or SATA?",
            "product_advice",
            [entity("product", "870 EVO"), entity("product", "nvme")],
        ),
        action_event("action_explain_limit"),
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "ok fine it's for a laptop with SATA anyway, swap it",
        "swap_item",
        [entity("product", "laptop")],
        VERIFIED_SLOTS,
        before,
    )
    dispatcher = CollectingDispatcher()
    await ActionProposeSwap(lambda: client_with(handler)).run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_swap_confirm", said
    assert dispatcher.messages[0]["new_name"] == "Samsung 870 EVO 1 TB SATA"


async def test_price_differences_of_the_offered_swaps_are_said_for_the_whole_line() -> None:
    from actions.faq import ActionAnswerFaq

    order = order_json(
        lines=[
            line_json(
                sku="SSD-SAM990-1TB",
                name="Samsung 990 Pro 1 TB NVMe",
                quantity=3,
                unit_price="119.00",
                category="ssds",
            )
        ]
    )

    def stock(sku: str, price: str) -> tuple[int, dict]:
        return 200, {
            "sku": sku,
            "name": sku,
            "available": 30,
            "backordered_quantity": 0,
            "price": price,
        }

    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/SSD-WD-1TB/availability"): stock("SSD-WD-1TB", "109.00"),
            ("GET", "/v1/products/SSD-SAM990-2TB/availability"): stock("SSD-SAM990-2TB", "189.00"),
        }
    )
    offer = {
        "event": "bot",
        "text": "Would you like to swap it for one of these?",
        "data": {
            "buttons": [
                {"title": "Swap to WD", "payload": '/swap_item{"product": "SSD-WD-1TB"}'},
                {"title": "Swap to 990 2TB", "payload": '/swap_item{"product": "SSD-SAM990-2TB"}'},
            ]
        },
    }
    events = [user_event("alternatives?", "ask_alternatives"), offer, action_event("action_listen")]
    tracker = tracker_for(
        "what's the price difference in total?", "faq", slots=VERIFIED_SLOTS, events=events
    )
    dispatcher = CollectingDispatcher()
    action = ActionAnswerFaq(lambda: client_with(handler), lambda: TODAY)
    await action.run(dispatcher, tracker, load_domain())
    message = dispatcher.messages[0]
    assert message["response"] == "utter_swap_offer_differences"
    assert message["differences"] == "SSD-WD-1TB: 30.00 EUR less; SSD-SAM990-2TB: 210.00 EUR more"
    assert len(message["buttons"]) == 2


async def test_cancel_whatever_you_can_confirms_the_cancellation_of_what_has_not_shipped() -> None:
    from actions.cancel import ActionProposeCancel

    order = order_json(
        lines=[
            line_json(
                sku="SSD-SAM990-2TB",
                name="Samsung 990 Pro 2 TB NVMe",
                status="ready",
                queue_position=None,
                unit_price="189.00",
            ),
            line_json(
                line_no=2,
                sku="GPU-RTX4070-12G",
                name="GeForce RTX 4070 12 GB Windforce",
                quantity=3,
                status="shipped",
                queue_position=None,
            ),
        ]
    )
    cancelled = {
        **order,
        "lines": [{**order["lines"][0], "status": "cancelled"}, order["lines"][1]],
    }
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("POST", "/v1/orders/100042/cancel"): (200, cancelled),
        }
    )
    history = [
        user_event("Cancel order 100042 please", "cancel_order"),
        action_event("action_propose_cancel"),
        {"event": "slot", "name": "pending", "value": "cancel"},
        action_event("action_listen"),
    ]
    slots = {
        **VERIFIED_SLOTS,
        "pending": "cancel",
        "pending_detail": {"scope": "order", "order_number": "100042", "line_nos": [1]},
    }
    tracker = tracker_for(
        "what? the 3 4070s already left?? ok cancel whatever you can",
        "cancel_order",
        [entity("product", "4070s")],
        slots,
        history,
    )
    dispatcher = CollectingDispatcher()
    await ActionProposeCancel(lambda: client_with(handler)).run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert not any("shipped" in r for r in said), said
    assert any(r.startswith("utter_cancel_done") for r in said), said


def test_where_is_a_shipped_licence_right_after_the_order_is_what_to_do_not_the_order_again() -> (
    None
):
    import asyncio

    from actions.orders import ActionCheckOrderStatus

    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    licence = order_json(
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
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(
            routing({("POST", "/v1/orders/lookup"): (200, licence)})
        ),
        today=lambda: TODAY,
        now=lambda: now,
    )
    slots = {
        **VERIFIED_SLOTS,
        "verification": VERIFIED_SLOTS["email"],
        "order_checks": {"100042": (now - dt.timedelta(minutes=1)).isoformat()},
    }
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "it says shipped but where?? it's a digital product", "order_status", slots=slots
    )
    asyncio.run(action.run(dispatcher, tracker, load_domain()))
    assert [m["response"] for m in dispatcher.messages] == ["utter_limit_licence_key_missing"]


def test_a_list_asked_with_the_order_follows_it_in_the_waiting_line_s_kind() -> None:
    import asyncio

    from actions.orders import ActionCheckOrderStatus

    seen: list = []
    drives = [
        {
            "sku": "SSD-870EVO-1TB",
            "name": "Samsung 870 EVO 1 TB SATA",
            "category": "ssds",
            "price": "99.00",
            "currency": "EUR",
            "available": 40,
        }
    ]
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, KC3000),
            ("GET", "/v1/products/in-stock"): (200, drives),
        },
        seen,
    )
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(handler), today=lambda: TODAY
    )
    slots = {
        "order_number": "100042",
        "verification": "jane@example.com",
        "email": "jane@example.com",
    }
    text = (
        "Hi, my Kingston KC3000 (order 100042, jane@example.com) is taking forever. "
        "What do you have in stock around 100 euros, 1TB?"
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        action.run(
            dispatcher, make_tracker(slots=slots, text=text, intent="order_status"), load_domain()
        )
    )
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_sorry_before_status"  # "taking forever"
    assert "utter_order_header" in said and "utter_in_stock_intro_budget" in said
    query = [r.url.params for r in seen if r.url.path == "/v1/products/in-stock"][0]
    assert query["q"] == "ssd 1tb"
    assert any(e.get("name") == "product_kind" and e.get("value") == "SSD" for e in events)


async def test_a_cancelled_line_asked_back_is_the_product_s_stock_not_the_line_again() -> None:
    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(
                sku="MON-LG-27OLED",
                name='LG UltraGear 27GR95QE 27" OLED 240 Hz',
                status="cancelled",
                queue_position=None,
                category="monitors",
            )
        ]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/MON-LG-27OLED/availability"): (
                200,
                {
                    "sku": "MON-LG-27OLED",
                    "name": 'LG UltraGear 27GR95QE 27" OLED 240 Hz',
                    "available": 0,
                    "backordered_quantity": 4,
                    "price": "899.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "when will the LG UltraGear 27GR95QE be back",
        "product_availability",
        [entity("product", "LG UltraGear 27GR95QE")],
        VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    action = ActionCheckAvailability(lambda: client_with(handler), lambda: TODAY)
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_cancelled_order_again"
    assert "utter_line_cancelled" not in said
    assert any(r.startswith("utter_availability") for r in said), said


async def test_how_much_extra_after_a_declined_in_stock_swap_is_the_difference_named_earlier() -> (
    None
):
    from actions.swap import ActionProposeSwap

    order = order_json(
        lines=[
            line_json(
                sku="GPU-RX7800XT-16G",
                name="Radeon RX 7800 XT 16 GB Nitro+",
                status="shipped",
                queue_position=None,
                unit_price="559.00",
                category="graphics_cards",
            ),
            line_json(
                line_no=2,
                sku="GPU-RX7700XT-12G",
                name="Radeon RX 7700 XT 12 GB",
                quantity=1,
                status="ready",
                queue_position=None,
                unit_price="459.00",
                category="graphics_cards",
            ),
        ]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RX7800XT-16G", "Radeon RX 7800 XT 16 GB Nitro+", price="559.00")],
            ),
        }
    )
    history = [
        user_event(
            "can I change the 7700 XT that hasn't shipped yet into another 7800 XT Nitro+?",
            "swap_item",
        ),
        action_event("action_check_order_status"),
        user_event("yes please swap", "swap_item"),
        action_event("action_propose_swap"),
        {
            "event": "bot",
            "text": "Nothing on order 100042 is waiting for a supplier…",
            "metadata": {"utter_action": "utter_swap_nothing_backordered"},
        },
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "and how much extra do I pay", "swap_item", slots=VERIFIED_SLOTS, events=history
    )
    dispatcher = CollectingDispatcher()
    await ActionProposeSwap(lambda: client_with(handler)).run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said == ["utter_swap_in_stock_costs_more"], said
    assert dispatcher.messages[0]["amount"] == "100.00"


@pytest.mark.parametrize(
    ("done", "answer"),
    [
        ("utter_subscribed_order", "utter_subscription_already_set"),
        ("utter_subscribed_product", "utter_subscription_already_set"),
        # "ok cancel whatever you can" confirmed at once; then "yes the ssd".
        ("utter_cancel_done_order", "utter_change_already_made"),
    ],
)
async def test_a_yes_right_after_something_was_done_says_it_is_done(done: str, answer: str) -> None:
    from actions.conversation import ActionAffirm

    history = [
        user_event("ok notify me when the 1TB ships", "subscribe_updates"),
        action_event("action_subscribe"),
        {"event": "bot", "text": "Done: …", "metadata": {"utter_action": done}},
        action_event("action_listen"),
    ]
    tracker = tracker_for(
        "yes please, message me here on telegram", "affirm", slots=VERIFIED_SLOTS, events=history
    )
    dispatcher = CollectingDispatcher()
    await ActionAffirm(lambda: client_with(routing({}))).run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == [answer]


async def test_stepping_away_heard_as_out_of_scope_is_a_moment() -> None:
    from actions.conversation import ActionOutOfScope

    tracker = tracker_for("brb", "out_of_scope")
    dispatcher = CollectingDispatcher()
    await ActionOutOfScope(lambda: client_with(routing({}))).run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_take_your_time"]


def test_an_office_that_is_a_place_is_no_product_to_look_up() -> None:
    from actions.products import product_query

    text = "i need them for office pcs this month. what intel cpu do you have in stock"
    mentions = [
        {"entity": "product", "value": "office", "start": 16, "end": 22},
        {"entity": "product", "value": "cpu", "start": 45, "end": 48},
    ]
    assert product_query(tracker_for(text, "product_availability", mentions)) == "cpu"


async def test_sarcasm_about_lines_asked_after_gets_an_apology_before_them() -> None:
    from actions.orders import answer_named_lines

    order = order_json(lines=[line_json(sku="GPU-RX7600-8G", name="Radeon RX 7600 8 GB Pulse")])
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    tracker = tracker_for(
        "wow the rx 7600 back-ordered too, impressive 👏 when is it arriving?",
        "faq",
        slots=VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    assert await answer_named_lines(client_with(handler), dispatcher, tracker, TODAY)
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_sorry_before_status" and "utter_line_backordered" in said


def test_why_the_card_in_stock_has_not_shipped_is_about_that_card_not_the_waiting_one() -> None:
    order = Order.model_validate(
        order_json(
            placed_at="2026-11-20T10:00:00+03:00",
            lines=[
                _ready(1, "GPU-RX7900XTX-24G", "Radeon RX 7900 XTX 24 GB")
                | {"category": "graphics_cards"},
                line_json(
                    line_no=2,
                    sku="GPU-RTX4060TI-16G",
                    name="GeForce RTX 4060 Ti 16 GB",
                    category="graphics_cards",
                ),
            ],
        )
    )
    dispatcher = CollectingDispatcher()
    text = "ekran kartı stoktaymış neden kargoya verilmedi"
    answer_lines(dispatcher, order, order.lines, TODAY, "tr", text)
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_why_ready_late" and "utter_why_waiting" not in said
