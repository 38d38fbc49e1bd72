"""What acceptance sets BD's and BE's first runs missed (eighteenth session), as general
behaviours: a swap keeps the kind of product; a corrected email domain is the proof; a request in
the first message with a question is taken up; an in-stock line the customer wants changed gets
a cancellation to confirm with both prices."""

import pytest

from actions.swap import ActionProposeSwap
from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    client_with,
    entity,
    line_json,
    match_json,
    order_json,
    routing,
    said_by,
    tracker_for,
)

pytestmark = pytest.mark.anyio

ORDER_100330 = order_json(
    order_number="100330",
    lines=[
        line_json(
            line_no=1,
            sku="SSD-WDSN850X-1TB",
            name="WD Black SN850X 1 TB",
            quantity=2,
            status="ready",
            unit_price="109.00",
            category="ssds",
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
            sku="SSD-CRUCIAL-P3-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=1,
            status="backordered",
            unit_price="239.00",
            category="ssds",
        ),
    ],
)
WD_2TB = match_json("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", category="ssds", price="179.00")
WD_2TB_STOCK = {
    "sku": "SSD-WDSN850X-2TB",
    "name": "WD Black SN850X 2 TB",
    "price": "179.00",
    "available": 60,
    "backordered_quantity": 0,
}


async def test_an_ssd_takes_the_waiting_ssds_place_never_the_processors() -> None:
    # Set BE #48: "cancel one of the 7800x3d, swap the p3 plus for the WD black 2TB" proposed
    # the 3 × 7800X3D for WD Black 2 TB, and the yes swapped them.
    from rasa_sdk.executor import CollectingDispatcher

    text = (
        "my order 100330 has 3 7800x3d backordered, the p3 plus too, and 2 wd black 1tb waiting."
        " I want to: cancel one of the 7800x3d, swap the p3 plus for the WD black 2TB, and ship"
        " the WD drives now. postcode 76018"
    )
    handler = routing(
        {
            LOOKUP: (200, ORDER_100330),
            ("GET", "/v1/products/search"): (200, [WD_2TB]),
            ("GET", "/v1/products/SSD-WDSN850X-2TB/availability"): (200, WD_2TB_STOCK),
        }
    )
    tracker = tracker_for(
        text,
        "swap_item",
        [
            entity("product", "7800x3d"),
            entity("product", "p3 plus"),
            entity("product", "WD black 2TB"),
        ],
        VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    events = await ActionProposeSwap(lambda: client_with(handler)).run(dispatcher, tracker, {})
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert (detail["line_no"], detail["sku"]) == (3, "SSD-WDSN850X-2TB")


async def test_a_confirmation_email_asked_after_a_change_is_no_sign_up() -> None:
    # Set BE #49: "thanks. will you email me a confirmation?" signed up for messages about an
    # order just cancelled in full.
    from actions.subscriptions import ActionSubscribe

    seen: list = []
    handler = routing({}, seen)
    tracker = tracker_for(
        "thanks. will you email me a confirmation?", "subscribe_updates", [], VERIFIED_SLOTS
    )
    said = await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert said == ["utter_change_confirmation"]
    assert not [r for r in seen if r.method == "POST" and r.url.path == "/v1/subscriptions"]


async def test_an_order_with_nothing_left_to_ship_gets_no_sign_up() -> None:
    from actions.subscriptions import ActionSubscribe

    cancelled = order_json(
        order_number="100280",
        lines=[line_json(line_no=1, name="Crucial P3 Plus 4 TB", quantity=2, status="cancelled")],
    )
    seen: list = []
    handler = routing({LOOKUP: (200, cancelled)}, seen)
    tracker = tracker_for(
        "ok message me when anything changes",
        "subscribe_updates",
        [],
        VERIFIED_SLOTS,
        sender_id="tg:1",
    )
    said = await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert said == ["utter_subscribe_nothing_open"]
    assert not [r for r in seen if r.url.path == "/v1/subscriptions"]


@pytest.mark.parametrize(
    "text",
    [
        "Hello!! just wanted to say order 100230 arrived and everything is perfect, the 3 ProArt"
        " monitors look amazing 😍",
        "hey! just ordered the zephyrus G14, order 100210. any idea when it ships?? super"
        " excited 😄",
    ],
)
def test_emphasis_in_a_pleased_message_is_no_anger(text: str) -> None:
    # Sets BD #17 and #30: "I'm sorry this has been so frustrating", and a 5-star rating after
    # the first taken for sarcasm.
    from actions.tone import sounds_upset

    assert not sounds_upset(text)
    assert sounds_upset("where is my order?? 3 weeks!!")


async def test_five_stars_after_praise_are_stored() -> None:
    from actions.feedback import ActionStoreFeedback
    from tests.actions.factories import user_event

    praise = (
        "Hello!! just wanted to say order 100230 arrived and everything is perfect, the 3 ProArt"
        " monitors look amazing 😍"
    )
    handler = routing({("POST", "/v1/feedback"): (201, {"id": 1})})
    tracker = tracker_for(
        "I'd like to give you 5 stars. Fast delivery, well packed",
        "feedback",
        events=[user_event(praise, "change_order")],
    )
    said = await said_by(ActionStoreFeedback(lambda: client_with(handler)), tracker)
    assert said and not said[0].startswith("utter_sorry")


async def test_asking_to_leave_feedback_after_a_limit_is_feedback() -> None:
    from actions.feedback import ActionStoreFeedback
    from tests.actions.factories import bot_event, user_event

    tracker = tracker_for(
        "ok fair enough. I'd like to leave feedback actually",
        "feedback",
        events=[
            user_event("can I return one of the licences?", "faq"),
            bot_event(
                "I can't say here whether a software licence can be returned",
                "utter_limit_licence_return",
            ),
        ],
    )
    said = await said_by(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert "utter_limit_again" not in said


@pytest.mark.parametrize(
    "text",
    [
        "Aslında Pro almam lazımdı, Home'u Pro'ya değiştirebilir miyim? Pro kaç euro?",
        "iade edip pro alabilir miyim? pro ne kadar, stokta var mı",
    ],
)
async def test_the_family_member_a_long_message_names(text: str) -> None:
    # Sets BD #29 and BE #29: "Pro kaç euro?" beside the Home licence got the Home's price.
    from actions.products import variant_of

    home = {"sku": "SW-WIN11-HOME", "name": "Windows 11 Home licence", "price": "139.00"}
    handler = routing(
        {
            ("GET", "/v1/products/SW-WIN11-HOME/availability"): (
                200,
                {**home, "available": 80, "backordered_quantity": 0},
            ),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json(**home, category="software"),
                    match_json("SW-WIN11-PRO", "Windows 11 Pro licence", category="software"),
                    match_json(
                        "SW-VMWARE-PRO", "VMware Workstation Pro licence", category="software"
                    ),
                ],
            ),
        }
    )
    found = await variant_of(client_with(handler), "SW-WIN11-HOME", text)
    assert found is not None and found.sku == "SW-WIN11-PRO"
    # Numbers are sizes, not a family member's words.
    assert (
        await variant_of(
            client_with(handler),
            "SW-WIN11-HOME",
            "ok and how much would it be if i bought 2 of those then",
        )
        is None
    )


async def test_a_change_asked_beside_a_question_with_the_order_details_is_proposed() -> None:
    # Set BE #33: the order and the PayPal answer came, "drop one of the 3 wd black" never did.
    from actions.faq import ActionAnswerFaq

    order = order_json(
        order_number="100125",
        email="can.25@example.org",
        lines=[
            line_json(
                line_no=1, sku="GPU-RX7900XTX-24G", name="Radeon RX 7900 XTX 24 GB", status="ready"
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
        ],
    )
    text = (
        "order 100125 can.25@example.org hi i need to know when it ships also can you drop one"
        " of the 3 wd black 1tb i only need 2 and do you take paypal"
    )
    tracker = tracker_for(
        text,
        "faq",
        [
            entity("order_number", "100125"),
            entity("email", "can.25@example.org"),
            entity("product", "wd black 1tb"),
        ],
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/payment"}}
    }
    said = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said[-1] == "utter_cancel_confirm_part", said


def _order_100325(rx_status: str) -> dict:
    return order_json(
        order_number="100042",
        lines=[
            line_json(
                line_no=1,
                sku="GPU-RX7600-8G",
                name="Radeon RX 7600 8 GB Pulse",
                status=rx_status,
                unit_price="289.00",
            ),
            line_json(
                line_no=3,
                sku="GPU-RTX4070S-12G",
                name="GeForce RTX 4070 Super 12 GB",
                status="backordered",
                unit_price="679.00",
            ),
        ],
    )


BOTH = (
    "ok swap the 4070 Super for the 4070 Ti Gaming OC. and cancel the RX 7600, i don't need it"
    " anymore"
)


async def test_the_first_of_two_changes_says_the_other_follows() -> None:
    # Set BC #15: "swap … and cancel …" got the cancellation only.
    from actions.cancel import ActionProposeCancel

    handler = routing({LOOKUP: (200, _order_100325("backordered"))})
    tracker = tracker_for(
        BOTH,
        "cancel_order",
        [
            entity("product", "4070 Super"),
            entity("product", "4070 Ti Gaming OC"),
            entity("product", "RX 7600"),
        ],
        VERIFIED_SLOTS,
    )
    said = await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert said == ["utter_cancel_confirm_line", "utter_then_the_swap"]


async def test_once_the_first_change_is_made_the_other_is_proposed() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionCancelConfirmed
    from tests.actions.factories import action_event, bot_event, user_event

    ti = match_json("GPU-RTX4070TI-12G", "GeForce RTX 4070 Ti 12 GB Gaming OC", price="829.00")
    handler = routing(
        {
            LOOKUP: (200, _order_100325("cancelled")),
            ("POST", "/v1/orders/100042/lines/1/cancel"): (200, _order_100325("cancelled")),
            ("GET", "/v1/products/search"): (200, [ti]),
            ("GET", "/v1/products/GPU-RTX4070TI-12G/availability"): (
                200,
                {**ti, "available": 68, "backordered_quantity": 0},
            ),
        }
    )
    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "name": "Radeon RX 7600 8 GB Pulse",
        "quantity": 1,
        "amount": "289.00",
        "currency": "EUR",
    }
    asked = user_event(
        BOTH,
        "cancel_order",
        [
            entity("product", "4070 Super"),
            entity("product", "4070 Ti Gaming OC"),
            entity("product", "RX 7600"),
        ],
    )
    tracker = tracker_for(
        "yes, both",
        "affirm",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[
            asked,
            action_event("action_propose_cancel"),
            {"event": "slot", "name": "pending", "value": "cancel"},
            bot_event("Cancel 1 × Radeon RX 7600 8 GB Pulse?", "utter_cancel_confirm_line"),
            action_event("action_listen"),
        ],
    )
    dispatcher = CollectingDispatcher()
    events = await ActionCancelConfirmed(lambda: client_with(handler)).run(dispatcher, tracker, {})
    said = [m.get("response") for m in dispatcher.messages]
    assert said[0] == "utter_cancel_done_line" and "utter_then_the_cancellation" not in said
    proposed = [e["value"] for e in events if e.get("name") == "pending_detail" and e["value"]]
    assert proposed and proposed[-1]["sku"] == "GPU-RTX4070TI-12G"
    assert proposed[-1]["line_no"] == 3


def test_pass_me_to_someone_asks_for_a_person() -> None:
    # Set BD #6: the limit again, and "shall I pass this chat on?", instead of the person.
    from actions.handoff import asks_for_a_person

    assert asks_for_a_person("ok then please pass me to someone who can change the address")
    assert not asks_for_a_person("just pass it on to whoever handles the warehouse")


async def test_how_much_back_after_a_cancellation_beside_a_shipped_line() -> None:
    # Set BE #8: the Kingston's stock and price instead of the 858.00 EUR refund.
    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-CRUCIAL-P3-4TB",
                name="Crucial P3 Plus 4 TB",
                status="cancelled",
                unit_price="239.00",
                category="ssds",
            ),
            line_json(
                line_no=2,
                sku="RAM-DDR5-32-5600",
                name="Kingston Fury Beast 32 GB DDR5-5600",
                status="shipped",
                unit_price="95.00",
                category="memory",
            ),
            line_json(
                line_no=3,
                sku="GPU-RTX4070-12G",
                name="GeForce RTX 4070 12 GB Windforce",
                status="cancelled",
                unit_price="619.00",
            ),
        ]
    )
    tracker = tracker_for(
        "the kingston ram already arrived so that one stays ofc. how much will I get back?",
        "product_availability",
        [entity("product", "kingston ram")],
        VERIFIED_SLOTS,
    )
    action = ActionCheckAvailability(lambda: client_with(routing({LOOKUP: (200, order)})))
    assert await said_by(action, tracker) == ["utter_refund_of_cancelled"]


async def test_the_rest_of_the_order_named_line_by_line_is_those_lines() -> None:
    # Set BD #9: "the rest of the order, the i9 and the samsung ssds" got the SO-DIMMs only.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-SAM870-2TB",
                name="Samsung 870 EVO 2 TB SATA",
                quantity=2,
                status="shipped",
                category="ssds",
            ),
            line_json(
                line_no=2,
                sku="CPU-I9-14900K",
                name="Intel Core i9-14900K",
                status="shipped",
                category="cpus",
            ),
            line_json(
                line_no=3,
                sku="RAM-CR-32-SODIMM",
                name="Crucial 32 GB DDR5-5600 SO-DIMM",
                quantity=2,
                status="ready",
                category="memory",
            ),
        ]
    )
    tracker = tracker_for(
        "and the rest of the order, the i9 and the samsung ssds, are those on the way?",
        "product_availability",
        [entity("product", "i9"), entity("product", "samsung ssds")],
        VERIFIED_SLOTS,
    )
    dispatcher = CollectingDispatcher()
    action = ActionCheckAvailability(lambda: client_with(routing({LOOKUP: (200, order)})))
    await action.run(dispatcher, tracker, {})
    told = " ".join(str(m.get("line") or m.get("name") or m) for m in dispatcher.messages)
    assert "i9-14900K" in told and "Samsung 870 EVO" in told and "SO-DIMM" not in told


async def test_a_line_named_to_go_with_the_swap_is_not_the_line_swapped() -> None:
    # Set BD #19: "7900X ile değiştirin lütfen, samsung ssd ile birlikte gönderilsin" was told
    # the Samsung SSD can't be swapped; the waiting 7800X3D was never swapped.
    from rasa_sdk.executor import CollectingDispatcher

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="CPU-R7-7800X3D",
                name="AMD Ryzen 7 7800X3D",
                status="backordered",
                unit_price="389.00",
                category="cpus",
            ),
            line_json(
                line_no=2,
                sku="SSD-SAM990-2TB",
                name="Samsung 990 Pro 2 TB NVMe",
                status="ready",
                unit_price="189.00",
                category="ssds",
            ),
        ]
    )
    r9 = match_json("CPU-R9-7900X", "AMD Ryzen 9 7900X", category="cpus", price="419.00")
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (200, [r9]),
            ("GET", "/v1/products/CPU-R9-7900X/availability"): (
                200,
                {**r9, "available": 75, "backordered_quantity": 0},
            ),
        }
    )
    tracker = tracker_for(
        "7900X ile değiştirin lütfen, samsung ssd ile birlikte gönderilsin",
        "swap_item",
        [entity("product", "7900X"), entity("product", "samsung ssd")],
        {**VERIFIED_SLOTS, "language": "tr"},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionProposeSwap(lambda: client_with(handler)).run(dispatcher, tracker, {})
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert (detail["line_no"], detail["sku"]) == (1, "CPU-R9-7900X")


@pytest.mark.parametrize(
    "text",
    [
        "when will it ship? and do you do installments on credit card?",
        "how do I pay the difference? and will the WD drives now ship right away?",
    ],
)
async def test_when_it_ships_asked_beside_a_policy_question_is_answered_too(text: str) -> None:
    # Sets BE #21 and #27: only the instalments (or the payment of the difference) answered.
    from actions.faq import ActionAnswerFaq

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-WDSN850X-2TB",
                name="WD Black SN850X 2 TB",
                quantity=3,
                status="ready",
                category="ssds",
            )
        ]
    )
    tracker = tracker_for(text, "faq", [], VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/payment"}}
    }
    said = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert any(s.startswith("utter_line") for s in said), said


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what laptops do you actually have in stock with an rtx card", "LAP"),
        ("any laptop with 32gb ram?", "LAP"),
        ("Which laptops do you actually have in stock that are similar? needs a decent GPU", "LAP"),
        ("a laptop and a monitor", None),
    ],
)
def test_what_a_product_comes_with_is_not_a_second_kind(text: str, kind: str | None) -> None:
    # Set BE #4: "laptops … with an rtx card" named two kinds, and the one laptop a search
    # found (a Framework, no RTX) was the answer.
    from actions.browse import kind_of

    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "No 4TB at all? What would you suggest then, something around 2TB ssd that is fast?",
            ("2tb",),
        ),
        ("any 2tb or 4tb ssd?", ("2tb", "4tb")),
        ("the BenQ is way too expensive. any cheaper monitor, even if it's not 4K?", ()),
    ],
)
def test_the_sizes_a_browse_still_asks_for(text: str, words: tuple[str, ...]) -> None:
    # Set BD #12: "We have no 4tb 2tb SSDs"; BD #25: only 4K monitors after "even if it's not 4K".
    from actions.browse import browse_request

    wanted = browse_request(text)
    assert wanted is not None and wanted.words == words


def test_an_opened_box_asks_the_opened_return_and_selling_it_is_the_customers_step() -> None:
    # Set BD #37: "does it have to be unopened?" got "I can't tell what's in the box"; "I'll
    # sell it to my friend instead" got "I can't swap or cancel anything".
    from actions.common import does_it_elsewhere
    from actions.topics import asked_topics

    asked = asked_topics("does it have to be unopened? I already opened both boxes to check them")
    assert asked == ["utter_fact_return_opened"]
    assert does_it_elsewhere("ehh nevermind, I'll sell it to my friend instead. thanks anyway")
    from actions.cancel import asks_to_swap

    assert not asks_to_swap("ehh nevermind, I'll sell it to my friend instead. thanks anyway")


def test_that_after_a_model_and_its_size_is_that_size() -> None:
    # Set BD #41: "Do you have the 990 Pro 2TB in stock? Could I swap to that instead" listed
    # the alternatives of the 1 TB (the NLU's entity was "990 pro").
    from actions.swap import swap_for_it

    text = "Do you have the 990 Pro 2TB in stock? Could I swap to that instead, still 3 of them?"
    mention = {**entity("product", "990 pro"), "start": 16, "end": 23}
    assert swap_for_it(tracker_for(text, "swap_item", [mention]), text) == "990 pro 2TB"


def test_the_size_asked_for_now_is_the_last_said() -> None:
    from actions.products import _specs_none_has

    text = "No 4TB at all? What would you suggest then, something around 2TB that is fast?"
    assert _specs_none_has(text, ["Samsung 990 Pro 2 TB NVMe"]) == []


async def test_a_limit_about_a_line_is_the_limit_alone() -> None:
    # Set BE #24: the processor's line again before "I can't book installing".
    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(sku="CPU-R5-5600", name="AMD Ryzen 5 5600", status="ready", category="cpus")
        ]
    )
    tracker = tracker_for(
        "işlemciyi anakarta siz takabilir misiniz montaj hizmetiniz var mı",
        "product_availability",
        [entity("product", "işlemci")],
        {**VERIFIED_SLOTS, "language": "tr"},
    )
    action = ActionCheckAvailability(lambda: client_with(routing({LOOKUP: (200, order)})))
    said = await said_by(action, tracker)
    assert said and all(s.startswith("utter_limit_") for s in said), said


def test_ok_do_it_after_the_list_twice_is_the_product_named_when_it_came() -> None:
    # Set BD #41: "ok do it" and "yes" got "Which one do you mean?" again and again.
    from actions.choice import picked
    from tests.actions.factories import user_event

    buttons = [
        {"title": f"Swap to {name}", "payload": f'/swap_item{{"product": "{sku}"}}'}
        for name, sku in (
            ("WD Black SN850X 2 TB", "SSD-WDSN850X-2TB"),
            ("Samsung 990 Pro 2 TB NVMe", "SSD-SAM990-2TB"),
        )
    ]
    offer = {"event": "bot", "text": "Would you like to swap it?", "data": {"buttons": buttons}}
    tracker = tracker_for(
        "ok do it",
        "affirm",
        events=[
            user_event(
                "Do you have the 990 Pro 2TB in stock? Could I swap to that instead?", "swap_item"
            ),
            offer,
            user_event("How much extra is that in total?", "faq"),
            offer,
        ],
    )
    button, ask = picked(tracker, ("swap_item",), agreed=True)
    assert button is not None and "SSD-SAM990-2TB" in button["payload"] and ask == []


@pytest.mark.parametrize(
    "text",
    [
        "o zaman iptal edip yeniden sipariş versem? samsung 870 evo 2tb stokta var mı şu an",
        "and whether I could still cancel one of them if our budget changes?",
    ],
)
def test_cancelling_thought_of_is_nothing_to_cancel_yet(text: str) -> None:
    # Sets BD #35 and BF #7: a cancellation proposed to a customer only thinking of it.
    from actions.refunds import only_thinks_of_cancelling

    assert only_thinks_of_cancelling(text)


async def test_the_line_that_can_ship_is_kept_and_that_one_is_the_line_talked_about() -> None:
    # Set BG #19: "too long, cancel just that one. the WD can ship" cancelled the WD.
    from actions.cancel import ActionProposeCancel

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-WDSN850X-2TB",
                name="WD Black SN850X 2 TB",
                status="ready",
                unit_price="179.00",
                category="ssds",
            ),
            line_json(
                line_no=2,
                sku="SSD-CRUCIAL-P3-4TB",
                name="Crucial P3 Plus 4 TB",
                status="backordered",
                unit_price="239.00",
                category="ssds",
            ),
        ]
    )
    text = "too long, cancel just that one. the WD can ship"
    tracker = tracker_for(
        text,
        "cancel_order",
        [{**entity("product", "WD"), "start": 36, "end": 38}],
        {**VERIFIED_SLOTS, "product_sku": "SSD-CRUCIAL-P3-4TB"},
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    action = ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)})))
    await action.run(dispatcher, tracker, {})
    assert [(m["response"], m.get("name")) for m in dispatcher.messages] == [
        ("utter_cancel_confirm_line", "Crucial P3 Plus 4 TB")
    ]


async def test_the_third_unit_cancelled_then_the_waiting_swap_of_the_rest() -> None:
    # Set BF #50: "ok only 2 then and cancel the third" to a swap of three cancelled all three.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-SAM990-1TB",
                name="Samsung 990 Pro 1 TB NVMe",
                quantity=3,
                status="backordered",
                unit_price="119.00",
                category="ssds",
            )
        ]
    )
    swap = {
        "order_number": "100042",
        "line_no": 1,
        "sku": "SSD-SAM990-2TB",
        "quantity": 3,
        "old_name": "Samsung 990 Pro 1 TB NVMe",
        "new_name": "Samsung 990 Pro 2 TB NVMe",
    }
    tracker = tracker_for(
        "ok only 2 then and cancel the third",
        "cancel_order",
        [],
        {**VERIFIED_SLOTS, "pending": "swap", "pending_detail": swap},
    )
    dispatcher = CollectingDispatcher()
    action = ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)})))
    events = await action.run(dispatcher, tracker, {})
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert (detail["scope"], detail["quantity"]) == ("part", 1)
    assert detail["then_swap"]["sku"] == "SSD-SAM990-2TB"
    assert [m["response"] for m in dispatcher.messages][-1] == "utter_then_the_swap"


async def test_yes_please_swap_to_the_cancellation_instead_of_a_swap_cancels_nothing() -> None:
    # Set BG #45: "yes please swap" cancelled the RX 7700 XT in stock, with no 7800 XT for it.
    from actions.cancel import ActionCancelConfirmed
    from tests.actions.factories import action_event

    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "name": "Radeon RX 7700 XT 12 GB",
        "quantity": 1,
        "amount": "459.00",
        "currency": "EUR",
        "instead": "Radeon RX 7800 XT 16 GB Nitro+",
    }
    seen: list = []
    tracker = tracker_for(
        "yes please swap",
        "affirm",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
        events=[
            action_event("action_propose_swap"),
            {"event": "slot", "name": "pending", "value": "cancel"},
        ],
    )
    said = await said_by(ActionCancelConfirmed(lambda: client_with(routing({}, seen))), tracker)
    assert said == ["utter_in_stock_cancel_instead", "utter_cancel_still_pending"]
    assert not [r for r in seen if r.url.path.endswith("/cancel")]


async def test_the_one_offer_named_with_a_price_question_is_that_swap_proposed() -> None:
    # Set BF #1: "ok the benq then, both of them. how much more is it?" got the difference and
    # "Which one would you like?" with one button; "yes go ahead" then only got the proposal.
    from actions.swap_price import answered_offer_differences

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="MON-SAM-G7-32",
                name='Samsung Odyssey G7 32" 4K 144 Hz',
                quantity=2,
                status="backordered",
                unit_price="649.00",
                category="monitors",
            )
        ]
    )
    benq = match_json(
        "MON-BENQ-PD3220U", 'BenQ PD3220U 32" 4K Thunderbolt', price="999.00", category="monitors"
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (200, [benq]),
            ("GET", "/v1/products/MON-BENQ-PD3220U/availability"): (
                200,
                {**benq, "available": 35, "backordered_quantity": 0},
            ),
        }
    )
    button = {
        "title": 'Swap to BenQ PD3220U 32" 4K Thunderbolt',
        "payload": '/swap_item{"product": "MON-BENQ-PD3220U"}',
    }
    tracker = tracker_for(
        "ok the benq then, both of them. how much more is it?",
        "product_availability",
        [],
        VERIFIED_SLOTS,
        events=[{"event": "bot", "text": "Swap it?", "data": {"buttons": [button]}}],
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = await answered_offer_differences(client_with(handler), dispatcher, tracker)
    assert events is not None and any(e.get("value") == "swap" for e in events)
    assert dispatcher.messages[0]["response"] == "utter_swap_confirm"


async def test_a_reason_while_a_cancellation_waits_keeps_it_waiting() -> None:
    # Set BG #27: "found it cheaper somewhere else sorry 😅" got "I didn't understand", and the
    # "yes cancel" after it confirmed nothing.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionFallback

    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 2,
        "name": "Radeon RX 7700 XT 12 GB",
        "quantity": 1,
    }
    tracker = tracker_for(
        "found it cheaper somewhere else sorry 😅",
        "nlu_fallback",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionFallback(lambda: client_with(routing({}))).run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_cancel_still_pending"]
    assert {"event": "slot", "timestamp": None, "name": "pending", "value": "cancel"} in events


@pytest.mark.parametrize(
    "text",
    ["order 100285, 11624. says shipped. great. where is it"],
)
def test_praise_words_with_where_is_it_are_no_praise(text: str) -> None:
    # Set BG #28: "Thank you, that's lovely to hear! I'm glad it all arrived well."
    from actions.tone import sounds_pleased

    assert not sounds_pleased(text)


async def test_the_product_asked_to_follow_beside_a_line_kept_is_that_product() -> None:
    # Set BG #44: "ok keep the 4080 super, but tell me when the 4090 is available" signed up
    # for changes on the order.
    import json

    from actions.subscriptions import ActionSubscribe

    order = order_json(
        lines=[
            line_json(sku="GPU-RTX4080S-16G", name="GeForce RTX 4080 Super 16 GB", status="ready")
        ]
    )
    founders = match_json("GPU-RTX4090-24G", "GeForce RTX 4090 24 GB Founders")
    seen: list = []
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (200, [founders]),
            ("GET", "/v1/products/GPU-RTX4090-24G/availability"): (
                200,
                {**founders, "available": 0, "backordered_quantity": 15},
            ),
            ("POST", "/v1/subscriptions"): (
                201,
                {
                    "id": 1,
                    "target": "product",
                    "channel": "telegram",
                    "address": "1",
                    "sku": "GPU-RTX4090-24G",
                    "order_number": None,
                },
            ),
        },
        seen,
    )
    text = "ok keep the 4080 super, but tell me when the 4090 is available"
    tracker = tracker_for(
        text,
        "subscribe_updates",
        [
            {**entity("product", "4080 super"), "start": 12, "end": 22},
            {**entity("product", "4090"), "start": 45, "end": 49},
        ],
        VERIFIED_SLOTS,
        sender_id="tg:1",
    )
    await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
    posted = [json.loads(r.content) for r in seen if r.url.path == "/v1/subscriptions"]
    assert posted and posted[0].get("sku") == "GPU-RTX4090-24G"


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("i got a box with the macbook air 15 and the ssds but NO 13 inch macbook", True),
        ("the graphics cards arrived but not the ssd", False),
    ],
)
def test_a_box_without_an_item_is_a_missing_item_a_line_not_arrived_is_not(
    text: str, missing: bool
) -> None:
    # Set BE #12 got the address limit; BF #37 then got the missing-item claim for a line
    # that had not shipped.
    from actions.topics import asked_topics

    assert ("utter_limit_missing_item" in asked_topics(text)) is missing


def test_the_return_days_asked_beside_a_licence_return_are_answered() -> None:
    # Set BF #12: only the licence's case-by-case answer, never the 14 days.
    from actions.topics import asked_topics

    asked = asked_topics("İade süresi kaç gün? açılmış yazılım lisansı iade olur mu")
    assert asked == ["utter_fact_return_window", "utter_limit_licence_return"]


async def test_one_of_another_line_too_right_after_a_cancellation_is_proposed() -> None:
    # Set BF #33: "and one of the two crucial 4tb too" got the line's status, the yes nothing.
    from actions.products import ActionCheckAvailability
    from tests.actions.factories import bot_event

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="GPU-RX7600-8G",
                name="Radeon RX 7600 8 GB Pulse",
                status="cancelled",
                unit_price="289.00",
            ),
            line_json(
                line_no=2,
                sku="SSD-CRUCIAL-P3-4TB",
                name="Crucial P3 Plus 4 TB",
                quantity=2,
                status="backordered",
                unit_price="239.00",
                category="ssds",
            ),
        ]
    )
    tracker = tracker_for(
        "and one of the two crucial 4tb too",
        "product_availability",
        [{**entity("product", "crucial 4tb"), "start": 23, "end": 34}],
        VERIFIED_SLOTS,
        events=[
            bot_event("Done: 1 × Radeon RX 7600 8 GB Pulse is cancelled", "utter_cancel_done_line")
        ],
    )
    action = ActionCheckAvailability(lambda: client_with(routing({LOOKUP: (200, order)})))
    assert await said_by(action, tracker) == ["utter_cancel_confirm_part"]


@pytest.mark.parametrize(
    "text",
    [
        "is my payment received? i paid by bank transfer yesterday",
        "I paid by bank transfer, did you receive the payment?",
    ],
)
def test_a_payment_received_asked_is_the_payment_limit(text: str) -> None:
    # Sets BF #42 and BI #44: the payment methods, never that the bot can't see payments.
    from actions.topics import asked_topics

    assert asked_topics(text) == ["utter_limit_payment_problem"]


async def test_how_many_you_have_of_a_line_of_the_order_is_the_shops_stock() -> None:
    # Set BI #41: "how many 870 evo 1tb do you have in stock" got the order's own line.
    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-SAM870-1TB",
                name="Samsung 870 EVO 1 TB SATA",
                status="ready",
                unit_price="89.00",
                category="ssds",
            )
        ]
    )
    evo = match_json("SSD-SAM870-1TB", "Samsung 870 EVO 1 TB SATA", category="ssds", price="89.00")
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (200, [evo]),
            ("GET", "/v1/products/SSD-SAM870-1TB/availability"): (
                200,
                {**evo, "available": 55, "backordered_quantity": 0},
            ),
        }
    )
    text = "ok so how many 870 evo 1tb do you have in stock, I'll just order another one separately"
    tracker = tracker_for(
        text,
        "product_availability",
        [{**entity("product", "870 evo 1tb"), "start": 18, "end": 29}],
        {**VERIFIED_SLOTS, "product_sku": "SSD-SAM870-1TB"},
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said and said[0].startswith("utter_availability_in_stock"), said


async def test_shipped_but_i_dont_have_it_is_a_parcel_not_received() -> None:
    # Set BI #50: "it says shipped but I don't have it 😡😡" got "No problem".
    from actions.limits import ActionDeny

    order = order_json(
        lines=[
            line_json(
                name="Samsung 870 EVO 2 TB SATA", quantity=2, status="shipped", category="ssds"
            )
        ]
    )
    tracker = tracker_for("it says shipped but I don't have it 😡😡", "deny", [], VERIFIED_SLOTS)
    said = await said_by(ActionDeny(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker)
    assert said == ["utter_sorry_not_here", "utter_shipped_not_received"]
