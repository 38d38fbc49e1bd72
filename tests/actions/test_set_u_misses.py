"""What acceptance set U's first run missed, as general behaviours (tenth session): whether
lines travel together, why lines in stock wait, and the rest below."""

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_schemas import Order
from actions.lines import asks_if_together
from actions.orders import answer_lines
from tests.actions.factories import line_json, order_json

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
    assert said.count("utter_line_ready") == 1 and "utter_line_backordered" in said


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
