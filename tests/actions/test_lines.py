"""One line at a time (actions/lines.py): a question naming a product of the verified order is
answered with that line, from the availability question and from the fallback."""

import datetime as dt
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_schemas import Order
from actions.conversation import ActionFallback, ActionHelp
from actions.faq import ActionAnswerFaq
from actions.limits import ActionExplainLimit
from actions.lines import asked_lines, asks_to_split, lines_named
from actions.products import ActionCheckAvailability
from tests.actions.factories import (
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

VERIFIED = {"verified_order_number": "100042", "email": "jane@example.com"}
ORDER = order_json(
    lines=[
        line_json(sku="GPU-RTX4070-12G", name="GeForce RTX 4070 12 GB Windforce"),
        line_json(
            line_no=2,
            sku="SSD-990PRO-2T",
            name="Samsung 990 Pro 2 TB NVMe",
            status="ready",
            queue_position=None,
        ),
    ]
)


@pytest.mark.parametrize(
    ("text", "skus"),
    [
        ("when does the 4070 come", ["GPU-RTX4070-12G"]),
        ("how long for the ssd then", ["SSD-990PRO-2T"]),
        ("and the graphics card?", ["GPU-RTX4070-12G"]),
        ("is the windforce shipped", ["GPU-RTX4070-12G"]),
        ("why is the 990 pro taking so long", ["SSD-990PRO-2T"]),
        ("what about the monitor", []),
        ("i will wait for the samsungs. when are they expected?", ["SSD-990PRO-2T"]),
        ("thanks", []),
    ],
)
def test_lines_are_named_by_model_number_name_word_or_kind(text: str, skus: list[str]) -> None:
    order = Order.model_validate(ORDER)
    assert [line.sku for line in lines_named(order, text)] == skus


TURKISH_ORDER = order_json(
    lines=[
        line_json(sku="GPU-RTX4070-12G", name="GeForce RTX 4070 12 GB Windforce"),
        line_json(line_no=2, sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D"),
        line_json(line_no=3, sku="RAM-CORS-64G", name="Corsair Vengeance 64 GB DDR5-6000"),
        line_json(line_no=4, sku="MON-SAM-G7-32", name='Samsung Odyssey G7 32" 4K 144 Hz'),
        line_json(line_no=5, sku="LAP-XPS14", name="Dell XPS 14 Core Ultra 7, 32 GB, 1 TB"),
        line_json(line_no=6, sku="SW-WIN11-PRO", name="Windows 11 Pro"),
        line_json(line_no=7, sku="SSD-990PRO-2T", name="Samsung 990 Pro 2 TB NVMe"),
    ]
)


@pytest.mark.parametrize(
    ("text", "skus"),
    [
        ("ekran kartım ne zaman gelir", ["GPU-RTX4070-12G"]),
        ("EKRAN KARTI NEDEN HALA BEKLİYOR", ["GPU-RTX4070-12G"]),
        ("işlemciler hala gelmedi", ["CPU-R7-7800X3D"]),
        ("İŞLEMCİ NE DURUMDA", ["CPU-R7-7800X3D"]),
        ("ramler ne zaman kargoya verilir", ["RAM-CORS-64G"]),
        ("belleği gönderdiniz mi", ["RAM-CORS-64G"]),
        ("monitörün durumu ne", ["MON-SAM-G7-32"]),
        ("ekranı ne zaman yollarsınız", ["MON-SAM-G7-32"]),
        ("dizüstü kargoya verilmiş mi", ["LAP-XPS14"]),
        ("laptopum nerede", ["LAP-XPS14"]),
        ("lisans anahtarı gelmedi", ["SW-WIN11-PRO"]),
        ("ssd'yi önce gönderin", ["SSD-990PRO-2T"]),
        ("4070leri ne zaman alırım", ["GPU-RTX4070-12G"]),
        ("tamam sağol", []),
    ],
)
def test_lines_are_named_by_their_turkish_kind(text: str, skus: list[str]) -> None:
    order = Order.model_validate(TURKISH_ORDER)
    assert [line.sku for line in lines_named(order, text)] == skus


def backend(seen: list[Any] | None = None) -> Any:
    return routing({("POST", "/v1/orders/lookup"): (200, ORDER)}, seen)


async def test_availability_of_a_product_on_the_verified_order_answers_its_line() -> None:
    action = ActionCheckAvailability(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("when does the 4070 come", "product_availability", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_line_intro",
        "utter_line_backordered",
    ]
    assert dispatcher.messages[1]["queue_position"] == 3


async def test_without_a_verified_order_availability_is_the_catalogue_s() -> None:
    seen: list[Any] = []
    action = ActionCheckAvailability(lambda: client_with(backend(seen)))
    dispatcher = CollectingDispatcher()
    await action.run(
        dispatcher, tracker_for("when does the 4070 come", "product_availability"), load_domain()
    )
    assert all(request.url.path != "/v1/orders/lookup" for request in seen)


async def test_an_unsure_message_naming_a_line_is_answered_not_fallen_back() -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("how long for the ssd then", "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_line_intro", "utter_line_ready"]


async def test_an_unsure_message_naming_nothing_on_the_order_still_asks_to_rephrase() -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("blorp", "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


def faq_tracker(text: str, answer: str, slots: dict[str, Any] | None = None) -> Any:
    tracker = tracker_for(text, "faq", slots=slots)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": answer, "intent_response_key": answer[6:]}}
    }
    return tracker


async def test_why_a_product_of_the_verified_order_is_late_is_answered_with_its_line() -> None:
    action = ActionAnswerFaq(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = faq_tracker("why is the 4070 taking so long", "utter_faq/why_backorder", VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_why_waiting",
        "utter_line_backordered",
    ]


@pytest.mark.parametrize(
    ("text", "answer", "slots"),
    [
        ("why is the 4070 taking so long", "utter_faq/why_backorder", {}),
        ("what is your return policy for the 4070", "utter_faq/returns", VERIFIED),
        ("why do products go on back-order", "utter_faq/why_backorder", VERIFIED),
    ],
)
async def test_other_faq_questions_get_the_selected_answer(
    text: str, answer: str, slots: dict[str, Any]
) -> None:
    action = ActionAnswerFaq(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, faq_tracker(text, answer, slots), load_domain())
    assert [m["response"] for m in dispatcher.messages] == [answer]


@pytest.mark.parametrize(
    ("text", "exact"),
    [("ok when then?", []), ("so when exactly? tomorrow?", ["utter_no_exact_day"])],
)
async def test_an_unsure_when_about_the_verified_order_answers_its_waiting_lines(
    text: str, exact: list[str]
) -> None:
    tracker = tracker_for(text, "nlu_fallback", slots=VERIFIED)
    dispatcher = CollectingDispatcher()
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    await action.run(dispatcher, tracker, load_domain())
    # ("exactly": then why no day is surer than the supplier's, sixteenth session.)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_line_intro",
        "utter_line_backordered",
        *exact,
    ]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("can you send the WD black first and the crucial later when it comes?", True),
        ("Can you ship the SN850X now please? I have a build waiting.", True),
        ("alright so the samsung can ship now", True),
        ("send the ready ones right away", True),
        ("when does the 4090 ship, first week of jan?", False),
        ("did the macbook ship?", False),
        ("when will the ssd ship", False),
    ],
)
def test_a_request_to_ship_part_of_the_order_first_is_told_apart(text: str, asks: bool) -> None:
    assert asks_to_split(text) is asks


@pytest.mark.parametrize(
    ("text", "answer", "line"),
    [
        # In stock: it ships on its own, on its date.
        ("can you send the 990 pro first?", "utter_split_ready_ships_alone", "utter_line_ready"),
        # Waiting: it can't go ahead of the rest here; a person can look at it.
        ("can you send the 4070 first?", "utter_limit_split_shipment", "utter_line_backordered"),
        # The line asked to go first is the one after the request, not every line named, and
        # its date is the one given.
        (
            "so the 990 pro is coming but the 4070 isnt? can you send the 990 pro first",
            "utter_split_ready_ships_alone",
            "utter_line_ready",
        ),
    ],
)
async def test_asking_to_ship_a_named_line_first_gets_the_policy_then_the_line(
    text: str, answer: str, line: str
) -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[:3] == [answer, "utter_line_intro", line]


@pytest.mark.parametrize(
    ("text", "skus"),
    [
        # What came is reported, what didn't is asked after.
        ("the 4070 came last week, the 990 pro didnt", ["SSD-990PRO-2T"]),
        ("got the samsung, where is the 4070", ["GPU-RTX4070-12G"]),
        ("990 pro geldi, 4070 nerede", ["GPU-RTX4070-12G"]),
        # Both asked: both.
        ("4070 and 990 pro, when?", ["GPU-RTX4070-12G", "SSD-990PRO-2T"]),
    ],
)
def test_a_line_reported_as_arrived_is_not_the_one_asked_after(text: str, skus: list[str]) -> None:
    order = Order.model_validate(ORDER)
    assert [line.sku for line in asked_lines(order, text)] == skus


def test_a_word_shared_by_two_lines_does_not_name_both() -> None:
    order = Order.model_validate(
        order_json(
            lines=[
                line_json(sku="GPU-RX7800XT-16G", name="Radeon RX 7800 XT 16 GB Nitro+"),
                line_json(line_no=2, sku="GPU-RX7700XT-12G", name="Radeon RX 7700 XT 12 GB"),
            ]
        )
    )
    assert [line.sku for line in lines_named(order, "where is the 7700 xt")] == ["GPU-RX7700XT-12G"]
    assert len(lines_named(order, "the radeons")) == 2


async def test_an_arrival_heard_as_a_damaged_item_is_answered_with_the_line_asked() -> None:
    action = ActionExplainLimit(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "the 4070 came, the 990 pro hasnt arrived", "damaged_item", slots=VERIFIED
    )
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said == ["utter_line_intro", "utter_line_ready"]


@pytest.mark.parametrize(
    "text",
    [
        "send the ready ones right away",
        "just ship whatever is in stock now",
        "please send it without waiting for the 4070",
        "4070'i beklemeden gönderin",
        "hazır olanları hemen gönderin",
        "ayri ayri gonderebilir misiniz",
        "can you ship it in two parts",
    ],
)
async def test_asking_to_send_what_is_ready_gets_yes_with_those_lines(text: str) -> None:
    # Whichever words point at them, the lines in stock go on their own: a plain yes and their
    # date, not "I can't move one item ahead".
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[:2] == ["utter_split_ready_ships_alone", "utter_line_intro"]
    assert "utter_line_ready" in said


@pytest.mark.parametrize("text", ["ship everything together please", "hepsi birlikte gelsin"])
async def test_asking_to_hold_the_order_back_is_the_limit(text: str) -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    assert dispatcher.messages[0]["response"] == "utter_limit_split_shipment"


async def test_a_licence_key_asked_by_email_now_is_a_request_to_send_it() -> None:
    order = order_json(
        lines=[
            line_json(sku="MON-G7-32", name='Samsung Odyssey G7 32"', category="monitors"),
            line_json(
                line_no=2,
                sku="SW-WIN11-PRO",
                name="Windows 11 Pro licence",
                status="ready",
                queue_position=None,
                category="software",
            ),
        ]
    )
    action = ActionFallback(
        lambda: client_with(routing({("POST", "/v1/orders/lookup"): (200, order)})),
        lambda: dt.date(2026, 11, 24),
    )
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("can you just email me the key now", "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[:3] == [
        "utter_split_ready_ships_alone",
        "utter_line_intro",
        "utter_line_ready_licence",
    ]


async def test_shipping_together_when_nothing_waits_is_not_a_limit() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="SSD-990PRO-2T",
                name="Samsung 990 Pro 2 TB",
                status="ready",
                queue_position=None,
            ),
            line_json(
                line_no=2,
                sku="RAM-KF-32G",
                name="Kingston Fury 32 GB",
                status="ready",
                queue_position=None,
            ),
        ]
    )
    action = ActionFallback(
        lambda: client_with(routing({("POST", "/v1/orders/lookup"): (200, order)})),
        lambda: dt.date(2026, 11, 24),
    )
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("and ship the ssd and the ram together", "nlu_fallback", slots=VERIFIED)
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said[0] == "utter_split_nothing_waits"
    assert "utter_limit_split_shipment" not in said


@pytest.mark.parametrize("text", ["and the other one?", "what about the rest"])
async def test_the_other_one_is_the_rest_of_the_order(text: str) -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        text, "nlu_fallback", slots={**VERIFIED, "product_sku": "GPU-RTX4070-12G"}
    )
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_line_intro", "utter_line_ready"]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("ssd'ler gelmeden laptopları gönderebilir misiniz, beklemek istemiyorum", True),
        ("önce ssd'yi gönderin", True),
        ("ssd ne zaman gelir", False),
    ],
)
def test_a_turkish_request_to_ship_part_of_the_order_is_told_apart(text: str, asks: bool) -> None:
    assert asks_to_split(text) is asks


async def test_the_other_two_in_turkish_is_the_rest_of_the_order() -> None:
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "diğer ikisi?", "nlu_fallback", slots={**VERIFIED, "product_sku": "GPU-RTX4070-12G"}
    )
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_line_intro", "utter_line_ready"]


async def test_asking_for_the_stock_of_a_cancelled_line_answers_the_product() -> None:
    cancelled = order_json(
        lines=[line_json(sku="GPU-RTX4070-12G", name="GeForce RTX 4070", status="cancelled")]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, cancelled),
            ("GET", "/v1/products/GPU-RTX4070-12G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4070-12G",
                    "available": 0,
                    "backordered_quantity": 4,
                    "price": "619.00",
                },
            ),
        }
    )
    action = ActionCheckAvailability(lambda: client_with(handler), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "i still want the card. you have it now?", "product_availability", slots=VERIFIED
    )
    await action.run(dispatcher, tracker, load_domain())
    assert dispatcher.messages[0]["response"] == "utter_availability_out_no_restock"


async def test_a_product_off_the_order_named_with_a_kind_of_its_lines_is_the_product() -> None:
    # "any 24GB card in stock now? the 7900 XTX?" with an RTX 4070 on the order.
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, ORDER),
            ("GET", "/v1/products/search"): (200, [match_json("GPU-RX7900XTX-24G", "RX 7900 XTX")]),
            ("GET", "/v1/products/GPU-RX7900XTX-24G/availability"): (
                200,
                {
                    "sku": "GPU-RX7900XTX-24G",
                    "available": 59,
                    "backordered_quantity": 0,
                    "price": "999.00",
                },
            ),
        }
    )
    action = ActionCheckAvailability(lambda: client_with(handler), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "do you have any 24GB card in stock now? the 7900 XTX?",
        "product_availability",
        [{"entity": "product", "value": "7900 XTX", "start": 44, "end": 52}],
        slots=VERIFIED,
    )
    await action.run(dispatcher, tracker, load_domain())
    assert dispatcher.messages[0]["response"] == "utter_availability_in_stock"


async def test_why_not_shipped_with_nothing_back_ordered_answers_when_the_lines_ship() -> None:
    ready = order_json(
        lines=[
            line_json(
                sku="CPU-I9-14900K",
                name="Intel Core i9-14900K",
                status="ready",
                ship_eta={"earliest": "2026-11-25", "latest": "2026-11-25"},
            )
        ]
    )
    handler = routing({("POST", "/v1/orders/lookup"): (200, ready)})
    action = ActionAnswerFaq(lambda: client_with(handler), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = faq_tracker(
        "They're in stock, so why haven't they shipped yet?", "utter_faq/why_backorder", VERIFIED
    )
    await action.run(dispatcher, tracker, load_domain())
    # It waits for nothing: said so, then when it ships.
    assert [m["response"] for m in dispatcher.messages][:2] == [
        "utter_why_ready_late",
        "utter_line_ready",
    ]
    assert "utter_faq/why_backorder" not in [m["response"] for m in dispatcher.messages]


async def test_what_are_my_options_with_a_waiting_line_names_them_for_the_order() -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("what are my options", "help", slots=VERIFIED)
    await ActionHelp(lambda: client_with(backend())).run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_help_backordered"]
    assert "RTX 4070" in dispatcher.messages[0]["items"]


async def test_help_without_a_verified_order_says_what_the_bot_does() -> None:
    seen: list[Any] = []
    dispatcher = CollectingDispatcher()
    await ActionHelp(lambda: client_with(backend(seen))).run(
        dispatcher, tracker_for("what can you do", "help"), load_domain()
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_help"]
    assert seen == []


async def test_a_tier_the_line_lacks_is_another_product_not_the_line() -> None:
    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request.url.path)
        if request.url.path == "/v1/orders/lookup":
            return httpx.Response(200, json=ORDER)
        if request.url.path == "/v1/products/search":
            return httpx.Response(
                200,
                json=[
                    {"sku": "GPU-RTX4070TI-12G", "name": "GeForce RTX 4070 Ti 12 GB", "score": 100}
                ],
            )
        return httpx.Response(
            200,
            json={
                "sku": "GPU-RTX4070TI-12G",
                "name": "GeForce RTX 4070 Ti 12 GB",
                "price": "829.00",
                "available": 68,
                "backordered_quantity": 0,
                "next_restock": None,
            },
        )

    action = ActionCheckAvailability(lambda: client_with(handler), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "the 4070 ti gaming oc, is it in stock?",
        "product_availability",
        [entity("product", "4070 ti gaming oc")],
        slots=VERIFIED,
    )
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_availability_in_stock"]


@pytest.mark.parametrize(
    ("text", "kind_said"),
    [
        ("What is a Ryzen? Is that the part I am waiting for?", True),
        ("what is the eta on the ryzen", False),
    ],
)
def test_what_a_line_is_is_said_when_asked(text: str, kind_said: bool) -> None:
    from actions.orders import answer_lines

    order = Order.model_validate(
        order_json(lines=[line_json(sku="CPU-R5-7600X", name="AMD Ryzen 5 7600X", category="cpus")])
    )
    cpu = order.lines
    dispatcher = CollectingDispatcher()
    answer_lines(dispatcher, order, cpu, dt.date(2026, 11, 24), "en", text)
    said = [m["response"] for m in dispatcher.messages]
    assert (said[0] == "utter_line_kind") is kind_said
    if kind_said:
        assert dispatcher.messages[0]["kind"] == "a processor (CPU)"


@pytest.mark.parametrize(
    ("placed_at", "said"),
    [
        # Ordered on Friday evening, due to leave on Tuesday: on time.
        ("2026-12-04T20:00:00+03:00", ["utter_why_ready", "utter_line_ready"]),
        # Ordered weeks ago and still not out: no supplier to blame; sorry, and a person.
        (
            "2026-11-22T10:00:00+03:00",
            ["utter_why_ready_late", "utter_line_ready", "utter_sorry_offer_person"],
        ),
    ],
)
def test_why_a_line_in_stock_has_not_shipped_says_it_waits_for_no_supplier(
    placed_at: str, said: list[str]
) -> None:
    from actions.orders import answer_lines

    ready_line = line_json(
        sku="SSD-990PRO-2T",
        name="Samsung 990 Pro 2 TB NVMe",
        status="ready",
        queue_position=None,
        ship_eta={"earliest": "2026-12-08", "latest": "2026-12-08"},
    )
    order = Order.model_validate(order_json(placed_at=placed_at, lines=[ready_line]))
    dispatcher = CollectingDispatcher()
    answer_lines(
        dispatcher, order, order.lines, dt.date(2026, 12, 6), "en", "why is the ssd not shipped?"
    )
    assert [m["response"] for m in dispatcher.messages] == said
    if "utter_why_ready_late" in said:
        assert dispatcher.messages[0]["placed_on"] == "Sun 22 Nov"


def test_a_licence_in_stock_is_a_key_sent_by_email() -> None:
    from actions.orders import describe_line

    licence = Order.model_validate(
        order_json(
            lines=[
                line_json(
                    sku="SW-ESET-HOME-3",
                    name="ESET Home Security, 3 devices",
                    status="ready",
                    queue_position=None,
                    category="software",
                )
            ]
        )
    ).lines[0]
    assert describe_line(licence, dt.date(2026, 12, 6))[0] == "utter_line_ready_licence"


def test_what_is_asked_after_a_but_names_the_line() -> None:
    from actions.lines import asked_lines

    order = Order.model_validate(ORDER)
    text = "the ssd arrived but where is the graphics card??"
    assert [line.sku for line in asked_lines(order, text)] == ["GPU-RTX4070-12G"]
    assert [line.sku for line in asked_lines(order, "and the ssd?")] == ["SSD-990PRO-2T"]


async def test_a_shipped_line_not_received_gets_what_can_be_done() -> None:
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
    action = ActionExplainLimit(
        lambda: client_with(routing({("POST", "/v1/orders/lookup"): (200, order)})),
        lambda: dt.date(2026, 11, 24),
    )
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "it says shipped but i never got the windows key", "damaged_item", slots=VERIFIED
    )
    await action.run(dispatcher, tracker, load_domain())
    said = [m["response"] for m in dispatcher.messages]
    # A licence has no parcel to trace: the key that never came, for a person.
    assert said == ["utter_line_intro", "utter_line_shipped", "utter_limit_licence_key_missing"]


async def test_taking_a_change_back_right_after_it_is_made_offers_a_person() -> None:
    history = [
        user_event("ok swap the 4070 for the ti then", "affirm"),
        action_event("action_swap_confirmed"),
        action_event("action_listen"),
    ]
    action = ActionFallback(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "actually no, keep the 4070. 210 euro more is too much",
        "nlu_fallback",
        slots=VERIFIED,
        events=history,
    )
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_change_cannot_undo"]


async def test_what_is_left_on_the_order_is_the_lines_still_to_ship() -> None:
    action = ActionCheckAvailability(lambda: client_with(backend()), lambda: dt.date(2026, 11, 24))
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "so what's left on the order now?",
        "product_availability",
        slots={**VERIFIED, "product_sku": "LAP-ROG-G14"},
    )
    await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_line_intro",
        "utter_line_backordered",
        "utter_line_ready",
    ]
