"""Listing what the shop has in stock of a kind of product (actions/browse.py)."""

from decimal import Decimal
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet

from actions.browse import Browse, browse_request, budget, kind_of
from actions.conversation import ActionOutOfScope
from actions.limits import ActionExplainLimit
from actions.products import ActionSuggestAlternatives
from tests.actions.factories import (
    VERIFIED_SLOTS,
    client_with,
    entity,
    line_json,
    order_json,
    routing,
    tracker_for,
)
from tests.actions.test_products import availability, run

pytestmark = pytest.mark.anyio

IN_STOCK = ("GET", "/v1/products/in-stock")


def stocked(sku: str, name: str, price: str, available: int = 4) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": name,
        "category": "cpus",
        "price": price,
        "currency": "EUR",
        "available": available,
    }


CPUS = [
    stocked("CPU-R5-5600", "AMD Ryzen 5 5600", "119.00", 9),
    stocked("CPU-R5-7600X", "AMD Ryzen 5 7600X", "229.00"),
    stocked("CPU-I5-14600K", "Intel Core i5-14600K", "289.00"),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what processors do you have under 300 euros", "CPU"),
        ("do you have a good 1tb ssd for cheap", "SSD"),
        ("my daughter needs a laptop for school", "LAP"),
        ("ekran kartı olarak neler var stokta", "GPU"),
        ("500 TL altı monitör var mı", "MON"),
        ("işlemcilerden ne var", "CPU"),
        ("a laptop and a monitor", None),
        ("where is my order", None),
    ],
)
def test_kind_of_the_message(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("what processors do you have under 300 euros", Decimal(300)),
        ("anything below €1,200?", Decimal(1200)),
        ("max 500 eur", Decimal(500)),
        ("budget around 700 euro", Decimal(770)),
        ("my budget is 1k", Decimal(1100)),
        ("500 euroya kadar ekran kartı", Decimal(500)),
        ("300 TL altı", Decimal(300)),
        ("en fazla 1.500 TL", Decimal(1500)),
        ("700 civarı laptop", Decimal(770)),
        ("1500 euro bütçem var oyun için laptop", Decimal(1650)),
        ("benzeri stokta olan bişey var mı 500 euroyu geçmesin", Decimal(500)),
        ("a 1tb ssd", None),
        ("under 2 tb", None),
        ("the rtx 4070 please", None),
    ],
)
def test_budget_from_what_customers_type(text: str, most: Decimal | None) -> None:
    assert budget(text) == most


def test_browse_request_keeps_sizes_and_brands_not_other_words() -> None:
    assert browse_request("do you have a good 1tb samsung ssd for cheap") == Browse(
        "SSD", ("1tb", "samsung")
    )
    assert browse_request("any 4 TB drives under 300") == Browse("SSD", ("4tb",), Decimal(300))
    assert browse_request("any 27 inch monitor?") == Browse("MON", ("27",))
    assert browse_request("32 inç monitör var mı") == Browse("MON", ("32",))
    assert browse_request("is my order late") is None


async def test_a_kind_with_a_budget_lists_what_is_in_stock_cheapest_first() -> None:
    seen: list[httpx.Request] = []
    handler = routing({IN_STOCK: (200, CPUS)}, seen)
    tracker = tracker_for("ok what processors do you have under 300 euros", "product_availability")
    events, messages = await run(availability(handler), tracker)

    assert seen[0].url.params["q"] == "cpu" and seen[0].url.params["max_price"] == "300"
    assert [m["response"] for m in messages] == [
        "utter_in_stock_intro_budget",
        "utter_in_stock_item",
        "utter_in_stock_item",
        "utter_in_stock_item",
        "utter_in_stock_pick",
    ]
    assert messages[0]["what"] == "processors" and messages[0]["max_price"] == "300.00"
    assert [m["name"] for m in messages[1:4]] == [p["name"] for p in CPUS]
    assert messages[1]["price"] == "119.00" and messages[1]["available"] == 9
    # Each can be asked about: a button (and "the first one" picks it).
    assert messages[-1]["buttons"][0] == {
        "title": "AMD Ryzen 5 5600",
        "payload": '/product_availability{"product": "CPU-R5-5600"}',
    }
    assert SlotSet("product_kind", "CPU") in events


async def test_more_than_five_says_how_many_more_and_how_to_narrow() -> None:
    many = [stocked(f"SSD-{i}", f"Drive {i}", f"{50 + i}.00") for i in range(8)]
    handler = routing({IN_STOCK: (200, many)})
    _, messages = await run(
        availability(handler),
        tracker_for("what ssds do you have", "product_availability", [entity("product", "ssd")]),
    )
    assert messages[0]["response"] == "utter_in_stock_intro"
    assert [m["response"] for m in messages].count("utter_in_stock_item") == 5
    assert messages[-1]["response"] == "utter_in_stock_more" and messages[-1]["more"] == 3


async def test_nothing_within_the_budget_names_the_cheapest_in_stock() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "max_price" in request.url.params:
            return httpx.Response(200, json=[])
        return httpx.Response(200, json=[stocked("LAP-X", "Lenovo IdeaPad Slim 5", "699.00")])

    _, messages = await run(
        availability(handler),
        tracker_for("a laptop under 400 euro?", "product_availability"),
    )
    assert [m["response"] for m in messages] == ["utter_in_stock_none_within_budget"]
    assert messages[0]["name"] == "Lenovo IdeaPad Slim 5" and messages[0]["price"] == "699.00"
    assert messages[0]["max_price"] == "400.00"


async def test_none_of_the_kind_in_stock_says_so() -> None:
    handler = routing({IN_STOCK: (200, [])})
    _, messages = await run(
        availability(handler), tracker_for("any monitors?", "product_availability")
    )
    assert [m["response"] for m in messages] == ["utter_in_stock_none"]
    assert messages[0]["what"] == "monitors"


async def test_which_ones_after_a_list_uses_the_kind_listed() -> None:
    seen: list[httpx.Request] = []
    handler = routing({IN_STOCK: (200, CPUS)}, seen)
    tracker = tracker_for(
        "which ones under 250 do you have in stock",
        "product_availability",
        slots={"product_kind": "CPU"},
    )
    _, messages = await run(availability(handler), tracker)
    assert seen[0].url.params["q"] == "cpu" and seen[0].url.params["max_price"] == "250"
    assert messages[0]["response"] == "utter_in_stock_intro_budget"


async def test_turkish_list_in_turkish_words() -> None:
    handler = routing({IN_STOCK: (200, CPUS[:1])})
    _, messages = await run(
        availability(handler),
        tracker_for(
            "işlemci olarak stokta ne var", "product_availability", slots={"language": "tr"}
        ),
    )
    assert messages[0]["what"] == "işlemci"
    assert messages[1]["price"] == "119,00"


async def test_a_kind_that_names_a_line_of_the_verified_order_is_that_line() -> None:
    order = order_json(lines=[line_json(sku="SSD-SAM990-2TB", name="Samsung 990 Pro 2 TB")])
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    _, messages = await run(
        availability(handler),
        tracker_for(
            "is the ssd in stock yet",
            "product_availability",
            [entity("product", "ssd")],
            slots=VERIFIED_SLOTS,
        ),
    )
    assert all(not m["response"].startswith("utter_in_stock") for m in messages)


async def test_a_kind_with_a_size_from_the_nlu_lists_that_size() -> None:
    seen: list[httpx.Request] = []
    one_tb = [stocked("SSD-WDSN850X-1TB", "WD Black SN850X 1 TB", "109.00")]
    handler = routing({IN_STOCK: (200, one_tb)}, seen)
    tracker = tracker_for(
        "ok nevermind, do you have a good 1tb ssd for cheap",
        "product_availability",
        [entity("product", "ssd")],
    )
    _, messages = await run(availability(handler), tracker)
    assert seen[0].url.params["q"] == "ssd 1tb"
    assert messages[0]["response"] == "utter_in_stock_intro"


async def test_a_kind_named_twice_is_one_list_not_two_questions() -> None:
    seen: list[httpx.Request] = []
    kit = [stocked("RAM-KF-32-DDR5", "Kingston Fury Beast 32 GB DDR5-5600", "119.00")]
    handler = routing({IN_STOCK: (200, kit)}, seen)
    mentions = [
        {"entity": "product", "value": "ddr5", "start": 9, "end": 13},
        {"entity": "product", "value": "ram", "start": 14, "end": 17},
    ]
    tracker = tracker_for("do u have ddr5 ram 32gb", "product_availability", mentions)
    _, messages = await run(availability(handler), tracker)
    assert len(seen) == 1 and seen[0].url.params["q"] == "ram 32gb ddr5"
    assert messages[0]["response"] == "utter_in_stock_intro"


async def test_a_kind_with_a_model_asks_about_that_model_not_the_list() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("GET", "/v1/products/search"): (200, [])}, seen)
    tracker = tracker_for(
        "do you have the macbook pro m3 max", "product_availability", [entity("product", "macbook")]
    )
    _, messages = await run(availability(handler), tracker)
    assert all(r.url.path != "/v1/products/in-stock" for r in seen)
    assert messages[0]["response"] != "utter_in_stock_intro"


async def test_another_one_like_a_waiting_line_shows_what_is_in_stock_instead() -> None:
    order = order_json(
        lines=[line_json(sku="MON-LG-27OLED", name='LG UltraGear 27GR95QE 27" OLED 240 Hz')]
    )
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (200, order),
            ("GET", "/v1/products/MON-LG-27OLED/alternatives"): (200, []),
        }
    )
    tracker = tracker_for(
        "do you have another 27 inch OLED or something close",
        "product_availability",
        slots=VERIFIED_SLOTS,
    )
    _, messages = await run(availability(handler), tracker)
    assert messages[0]["response"] == "utter_alternatives_none"


async def test_alternatives_keep_to_a_budget_typed_with_them() -> None:
    alternatives = [
        {"sku": f"GPU-{p}", "name": f"Card {p}", "price": f"{p}.00", "available": 5, "reasons": []}
        for p in (559, 459, 1099, 399)
    ]
    handler = routing(
        {
            ("GET", "/v1/products/GPU-X/alternatives"): (200, alternatives),
            ("GET", "/v1/products/GPU-X/availability"): (
                200,
                {
                    "sku": "GPU-X",
                    "name": "X",
                    "price": "449.00",
                    "available": 0,
                    "backordered_quantity": 1,
                    "next_restock": None,
                },
            ),
        }
    )
    tracker = tracker_for(
        "benzeri stokta olan bişey var mı 500 euroyu geçmesin",
        "ask_alternatives",
        slots={"product_sku": "GPU-X"},
    )
    _, messages = await run(ActionSuggestAlternatives(lambda: client_with(handler)), tracker)
    shown = [m["name"] for m in messages if m["response"] == "utter_alternative"]
    assert shown == ["Card 459", "Card 399"]


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("hi my daughter needs a laptop for school, budget around 700 euro", True),
        ("I am thinking of buying a laptop for my grandson", True),
        ("my laptop is slow, how do i fix windows updates", False),
        ("what's the weather like", False),
    ],
)
async def test_a_shopper_taken_for_out_of_scope_is_shown_the_kind(text: str, listed: bool) -> None:
    seen: list[httpx.Request] = []
    handler = routing({IN_STOCK: (200, CPUS[:1])}, seen)
    _, messages = await run(
        ActionOutOfScope(lambda: client_with(handler)), tracker_for(text, "out_of_scope")
    )
    assert (messages[0]["response"] != "utter_out_of_scope") is listed


async def test_what_there_is_of_a_kind_on_the_order_is_browsing_not_the_order_line() -> None:
    # "what cpu do you have in stock" with a CPU on the verified order: the shop's CPUs.
    seen: list[httpx.Request] = []
    order = order_json(lines=[line_json(sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D")])
    handler = routing({IN_STOCK: (200, CPUS), ("POST", "/v1/orders/lookup"): (200, order)}, seen)
    tracker = tracker_for(
        "what cpu do you have in stock right now", "product_availability", slots=VERIFIED_SLOTS
    )
    _, messages = await run(availability(handler), tracker)
    assert messages[0]["response"].startswith("utter_in_stock_intro")


async def test_shopping_heard_as_a_limit_lists_that_kind_in_budget() -> None:
    seen: list[httpx.Request] = []
    handler = routing({IN_STOCK: (200, CPUS)}, seen)
    tracker = tracker_for("ogrenci icin laptop bakiyorum, 700 euro civari", "damaged_item")
    _, messages = await run(ActionExplainLimit(lambda: client_with(handler)), tracker)
    assert seen[0].url.params["q"] == "laptop"
    assert messages[0]["response"].startswith("utter_in_stock_intro")


async def test_a_size_none_in_stock_has_is_said_plainly_before_what_there_is() -> None:
    two_tb = [
        stocked("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", "179.00"),
        stocked("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB NVMe", "189.00"),
    ]
    handler = routing({IN_STOCK: (200, two_tb)})
    tracker = tracker_for("do you have any 4tb ssd in stock?", "product_availability")
    _, messages = await run(availability(handler), tracker)
    assert [m["response"] for m in messages[:2]] == [
        "utter_in_stock_none_of_that",
        "utter_in_stock_intro",
    ]
    assert messages[0]["what"] == "4tb SSDs" and messages[1]["what"] == "SSDs"


async def test_the_biggest_ones_come_first_when_asked() -> None:
    drives = [
        stocked("SSD-WDSN850X-1TB", "WD Black SN850X 1 TB", "109.00"),
        stocked("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", "179.00"),
    ]
    handler = routing({IN_STOCK: (200, drives)})
    tracker = tracker_for("what's the biggest ssd you have", "product_availability")
    _, messages = await run(availability(handler), tracker)
    assert messages[0]["response"] == "utter_in_stock_intro_biggest"
    assert messages[1]["name"] == "WD Black SN850X 2 TB"


async def test_a_resolution_asked_for_lists_only_monitors_that_have_it() -> None:
    monitors = [
        stocked("MON-DELL-P2425H", 'Dell P2425H 24" FHD', "199.00"),
        stocked("MON-BENQ-PD3220U", 'BenQ PD3220U 32" 4K Thunderbolt', "999.00"),
    ]
    handler = routing({IN_STOCK: (200, monitors)})
    tracker = tracker_for("what 4k monitors do you have in stock", "product_availability")
    _, messages = await run(availability(handler), tracker)
    items = [m["name"] for m in messages if m["response"] == "utter_in_stock_item"]
    assert items == ['BenQ PD3220U 32" 4K Thunderbolt']
