import datetime as dt
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.products import (
    ActionCheckAvailability,
    ActionSuggestAlternatives,
    named_products,
    product_words,
    with_capacity,
)
from tests.actions.factories import (
    VERIFIED_SLOTS,
    client_with,
    down,
    entity,
    line_json,
    load_domain,
    match_json,
    order_json,
    routing,
    tracker_for,
)

pytestmark = pytest.mark.anyio

SEARCH = ("GET", "/v1/products/search")
STOCK_4090 = ("GET", "/v1/products/GPU-RTX4090-24G/availability")


async def run(action: Any, tracker: Any) -> tuple[list, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


def availability(handler: Any) -> ActionCheckAvailability:
    return ActionCheckAvailability(
        client_factory=lambda: client_with(handler), today=lambda: dt.date(2026, 11, 24)
    )


async def test_out_of_stock_product_gets_restock_date_and_next_steps() -> None:
    handler = routing(
        {
            SEARCH: (200, [match_json("GPU-RTX4090-24G", "GeForce RTX 4090 24 GB Founders")]),
            STOCK_4090: (
                200,
                {
                    "sku": "GPU-RTX4090-24G",
                    "name": "GeForce RTX 4090 24 GB Founders",
                    "available": 0,
                    "backordered_quantity": 7,
                    "price": "1999.00",
                    "next_restock": {"date": "2026-12-09", "quantity": 10, "overdue": False},
                },
            ),
        }
    )
    tracker = tracker_for(
        "is the rtx 4090 in stock", "product_availability", [entity("product", "rtx 4090")]
    )
    events, messages = await run(availability(handler), tracker)

    assert [m["response"] for m in messages] == [
        "utter_availability_out_restock",
        "utter_availability_next_steps",
    ]
    assert messages[0]["restock_date"] == "Wed 9 Dec"
    assert messages[0]["restock_quantity"] == 10
    assert messages[1]["sku"] == "GPU-RTX4090-24G"
    assert SlotSet("product_sku", "GPU-RTX4090-24G") in events


async def test_in_stock_with_a_quantity_says_whether_it_covers_it() -> None:
    handler = routing(
        {
            SEARCH: (200, [match_json("GPU-RTX4090-24G", "RTX 4090")]),
            STOCK_4090: (
                200,
                {
                    "sku": "GPU-RTX4090-24G",
                    "available": 2,
                    "backordered_quantity": 0,
                    "price": "1999.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "do you have 3 pcs of the 4090",
        "product_availability",
        [entity("product", "4090"), entity("quantity", "3 pcs")],
    )
    _, messages = await run(availability(handler), tracker)
    assert [m["response"] for m in messages] == [
        "utter_availability_in_stock",
        "utter_availability_quantity_short",
    ]
    assert messages[1]["available"] == 2


async def test_several_close_matches_ask_back_with_buttons() -> None:
    handler = routing(
        {
            SEARCH: (
                200,
                [
                    match_json("GPU-RTX4070TI-12G", "GeForce RTX 4070 Ti 12 GB", 0.9),
                    match_json("GPU-RTX4070S-12G", "GeForce RTX 4070 Super 12 GB", 0.88),
                    match_json("GPU-RTX4060-8G", "GeForce RTX 4060", 0.3),
                ],
            )
        }
    )
    tracker = tracker_for(
        "is the 4070 in stock", "product_availability", [entity("product", "4070")]
    )
    events, messages = await run(availability(handler), tracker)
    assert messages[0]["response"] == "utter_product_choose"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/product_availability{"product": "GPU-RTX4070TI-12G"}',
        '/product_availability{"product": "GPU-RTX4070S-12G"}',
    ]
    assert SlotSet("product_question", "availability") in events


async def test_a_capacity_the_entity_left_out_narrows_the_list() -> None:
    seen: list = []
    handler = routing({("GET", "/v1/products/in-stock"): (200, [])}, seen)
    tracker = tracker_for(
        "do u have any 4tb nvme drives", "product_availability", [entity("product", "nvme")]
    )
    await run(availability(handler), tracker)
    assert seen[0].url.params["q"] == "ssd 4tb nvme"


@pytest.mark.parametrize(
    ("mention", "text", "query"),
    [
        ("990 pro", "is the 990 pro 2 TB back", "990 pro 2 TB"),
        ("990 pro 2tb", "is the 990 pro 2tb back", "990 pro 2tb"),
        ("990 pro 2 tb", "990 pro 2TB?", "990 pro 2 tb"),
        ("rtx 4060 ti", "rtx 4060 ti 16gb or 8gb", "rtx 4060 ti 16gb 8gb"),
        ("rtx 4090", "is the rtx 4090 in stock", "rtx 4090"),
        ("monitor", "any 27 inch monitor in stock?", "monitor 27"),
        ("monitor", "Samsung Odyssey G7 32 inç monitör ne zaman gelir", "monitor 32"),
        ("monitor", '34" monitör var mı', "monitor 34"),
        ("monitor", "27inc monitor stokta mi", "monitor 27"),
        ("odyssey g7 32", "odyssey g7 32 inç", "odyssey g7 32"),
    ],
)
def test_with_capacity(mention: str, text: str, query: str) -> None:
    assert with_capacity(mention, text) == query


async def test_nothing_found_says_so() -> None:
    handler = routing({SEARCH: (200, [])})
    tracker = tracker_for(
        "is the flux capacitor in stock", "product_availability", [entity("product", "flux")]
    )
    _, messages = await run(availability(handler), tracker)
    assert messages[0]["response"] == "utter_product_not_found"


async def test_no_product_and_no_context_asks_which() -> None:
    _, messages = await run(
        availability(routing({})), tracker_for("is it in stock", "product_availability")
    )
    assert messages[0]["response"] == "utter_ask_which_product"


async def test_backend_down_is_said_plainly_with_an_agent_offer() -> None:
    tracker = tracker_for(
        "is the 4090 in stock", "product_availability", [entity("product", "4090")]
    )
    events, messages = await run(availability(down), tracker)
    assert messages[0]["response"] == "utter_backend_down"
    assert SlotSet("next_step", "listen") in events


async def test_alternatives_for_a_backordered_line_offer_swaps() -> None:
    handler = routing(
        {
            ("POST", "/v1/orders/lookup"): (
                200,
                order_json(lines=[line_json(sku="GPU-RTX4070-12G")]),
            ),
            ("GET", "/v1/products/GPU-RTX4070-12G/alternatives"): (
                200,
                [
                    {
                        "sku": "GPU-RX7800XT-16G",
                        "name": "Radeon RX 7800 XT 16 GB",
                        "price": "571.00",
                        "currency": "EUR",
                        "available": 5,
                        "reasons": ["same category", "more memory"],
                    }
                ],
            ),
        }
    )
    action = ActionSuggestAlternatives(client_factory=lambda: client_with(handler))
    tracker = tracker_for("anything similar in stock?", "ask_alternatives", slots=VERIFIED_SLOTS)
    _, messages = await run(action, tracker)
    assert [m["response"] for m in messages] == [
        "utter_alternatives_intro",
        "utter_alternative",
        "utter_alternatives_swap_offer",
    ]
    assert messages[1]["reasons"] == "same category; more memory"
    assert messages[2]["buttons"][0]["payload"] == '/swap_item{"product": "GPU-RX7800XT-16G"}'


def alternative_json(sku: str, name: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": name,
        "price": "179.00",
        "currency": "EUR",
        "available": 62,
        "reasons": ["same 2000 GB capacity"],
    }


def stock_json(sku: str, name: str, available: int) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": name,
        "available": available,
        "backordered_quantity": 0,
        "price": "499.00",
    }


async def test_alternatives_to_a_product_in_stock_name_it_and_offer_no_notice() -> None:
    # "is the 990 pro 2tb in stock?" (yes), then "what about cheaper alternatives?": only the
    # SKU is remembered; the answer names the product and doesn't offer "tell you when it's back".
    handler = routing(
        {
            ("GET", "/v1/products/SSD-SAM990-2TB/alternatives"): (
                200,
                [alternative_json("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB")],
            ),
            ("GET", "/v1/products/SSD-SAM990-2TB/availability"): (
                200,
                stock_json("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB NVMe", 27),
            ),
        }
    )
    action = ActionSuggestAlternatives(client_factory=lambda: client_with(handler))
    tracker = tracker_for(
        "what about cheaper alternatives",
        "ask_alternatives",
        slots={"product_sku": "SSD-SAM990-2TB"},
    )
    _, messages = await run(action, tracker)
    assert [m["response"] for m in messages] == [
        "utter_alternatives_intro",
        "utter_alternative",
        "utter_alternatives_original_in_stock",
    ]
    assert messages[0]["name"] == "Samsung 990 Pro 2 TB NVMe"
    assert messages[2]["available"] == 27


async def test_alternatives_to_a_product_out_of_stock_offer_the_notice() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/SSD-SAM990-2TB/alternatives"): (200, []),
            ("GET", "/v1/products/SSD-SAM990-2TB/availability"): (
                200,
                stock_json("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB NVMe", 0),
            ),
        }
    )
    action = ActionSuggestAlternatives(client_factory=lambda: client_with(handler))
    tracker = tracker_for(
        "anything similar?", "ask_alternatives", slots={"product_sku": "SSD-SAM990-2TB"}
    )
    _, messages = await run(action, tracker)
    assert [m["response"] for m in messages] == [
        "utter_alternatives_none",
        "utter_alternatives_next_steps",
    ]
    assert messages[1]["name"] == "Samsung 990 Pro 2 TB NVMe"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("do you have the samsung 990pro", "samsung 990pro"),
        ("is the rtx 4o70 in stock", "rtx 4o70"),
        ("any 4tb nvme drives?", "4tb nvme drives"),
        ("is it in stock?", None),
        # Set T: "several products for 's'".
        ("ok what's the price now and how many do you have", None),
    ],
)
def test_the_words_that_may_name_a_product_the_nlu_does_not_know(
    text: str, words: str | None
) -> None:
    assert product_words(text) == words


async def test_a_product_the_nlu_does_not_know_is_found_in_the_live_catalogue() -> None:
    # Another shop's catalogue is never in the NLU's lookup table: the question's other words
    # go to the catalogue search, and the product found is answered, not the last one.
    seen: list[httpx.Request] = []
    match = {"sku": "SSD-SAM990-2TB", "name": "Samsung 990 Pro 2 TB NVMe", "score": 0.9}
    stock = {
        "sku": "SSD-SAM990-2TB",
        "name": "Samsung 990 Pro 2 TB NVMe",
        "available": 4,
        "backordered_quantity": 0,
        "price": "1999.00",
    }
    handler = routing(
        {
            ("GET", "/v1/products/search"): (200, [match]),
            ("GET", "/v1/products/SSD-SAM990-2TB/availability"): (200, stock),
        },
        seen,
    )
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "do you have the samsung 990pro 2tb",
        "product_availability",
        slots={"product_sku": "SSD-CRUCIAL-P3-4TB"},
    )
    await ActionCheckAvailability(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    assert dispatcher.messages[0]["response"] == "utter_availability_in_stock"
    assert dispatcher.messages[0]["sku"] == "SSD-SAM990-2TB"


async def test_words_that_find_nothing_fall_back_to_the_product_talked_about() -> None:
    stock = {
        "sku": "GPU-RTX4080S-16G",
        "name": "GeForce RTX 4080 Super 16 GB",
        "available": 3,
        "backordered_quantity": 0,
        "price": "1999.00",
    }
    handler = routing(
        {
            ("GET", "/v1/products/search"): (200, []),
            ("GET", "/v1/products/GPU-RTX4080S-16G/availability"): (200, stock),
        }
    )
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(
        "and when does it come back?",
        "product_availability",
        slots={"product_sku": "GPU-RTX4080S-16G"},
    )
    await ActionCheckAvailability(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    assert dispatcher.messages[0]["sku"] == "GPU-RTX4080S-16G"


async def test_several_products_with_quantities_are_each_answered() -> None:
    text = "we need 12 Windows 11 Pro licences and 8 Office Home & Business 2024, in stock?"
    mentions = [
        {"entity": "product", "value": "windows 11 pro", "start": 11, "end": 25},
        {"entity": "product", "value": "Office Home & Business 2024", "start": 41, "end": 68},
        {"entity": "product", "value": "office", "start": 41, "end": 47},
    ]
    stock = {
        "SW-WIN11-PRO": {"sku": "SW-WIN11-PRO", "name": "Windows 11 Pro", "available": 80},
        "SW-OFFICE": {"sku": "SW-OFFICE", "name": "Office Home & Business 2024", "available": 3},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            sku = "SW-WIN11-PRO" if "windows" in request.url.params["q"].lower() else "SW-OFFICE"
            return httpx.Response(200, json=[match_json(sku, stock[sku]["name"])])
        sku = request.url.path.split("/")[3]
        return httpx.Response(
            200, json={**stock[sku], "backordered_quantity": 0, "price": "299.00"}
        )

    action = ActionCheckAvailability(lambda: client_with(handler))
    tracker = tracker_for(text, "product_availability", mentions)
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, load_domain())
    said = [(m["response"], m.get("quantity")) for m in dispatcher.messages]
    assert said == [
        ("utter_availability_in_stock", None),
        ("utter_availability_quantity_enough", 12),
        ("utter_availability_in_stock", None),
        ("utter_availability_quantity_short", 8),
    ]


def test_a_kind_named_beside_a_product_is_not_a_second_product() -> None:
    text = "a laptop for my daughter, do you have the acer aspire 5 in stock?"
    mentions = [
        {"entity": "product", "value": "laptop", "start": 2, "end": 8},
        {"entity": "product", "value": "acer aspire 5", "start": 44, "end": 57},
    ]
    tracker = tracker_for(text, "product_availability", mentions)
    assert named_products(tracker) == [("acer aspire 5", None)]


async def test_similar_kind_after_a_product_means_like_that_product() -> None:
    # "what similar monitor do you have now?" right after the Samsung G7.
    seen: list[httpx.Request] = []
    handler = routing(
        {
            ("GET", "/v1/products/MON-SAM-G7-32/alternatives"): (200, []),
            ("GET", "/v1/products/MON-SAM-G7-32/availability"): (
                200,
                {
                    "sku": "MON-SAM-G7-32",
                    "name": "Samsung G7",
                    "available": 0,
                    "backordered_quantity": 9,
                    "price": "649.00",
                },
            ),
        },
        seen,
    )
    tracker = tracker_for(
        "also what similar monitor do you have now",
        "ask_alternatives",
        [entity("product", "monitor")],
        slots={"product_sku": "MON-SAM-G7-32"},
    )
    dispatcher = CollectingDispatcher()
    await ActionSuggestAlternatives(lambda: client_with(handler)).run(
        dispatcher, tracker, load_domain()
    )
    assert dispatcher.messages[0]["response"] == "utter_alternatives_none"
    assert not any(r.url.path == "/v1/products/search" for r in seen)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("do you sell motherboards?", "motherboards"),
        ("what about the steam deck", "steam deck"),
        ("ps5 satıyor musunuz", "ps5"),
    ],
)
async def test_a_product_asked_for_by_a_name_the_catalogue_lacks_is_not_sold(
    text: str, words: str
) -> None:
    handler = routing({SEARCH: (200, [])})
    _, messages = await run(availability(handler), tracker_for(text, "product_availability"))
    assert [m["response"] for m in messages] == ["utter_product_not_found"]
    assert messages[0]["query"] == words


async def test_what_about_the_other_one_is_not_a_product_name() -> None:
    handler = routing({SEARCH: (200, [])})
    _, messages = await run(
        availability(handler), tracker_for("what about the other one", "product_availability")
    )
    assert [m["response"] for m in messages] == ["utter_ask_which_product"]


def test_mentions_side_by_side_are_one_product() -> None:
    text = (
        "is the Ryzen 7 7800X3D in stock? also the Corsair Vengeance 32GB DDR5-6000 and "
        "Samsung 990 Pro 2tb"
    )
    mentions = [
        {"entity": "product", "value": "ryzen 7 7800x3d", "start": 7, "end": 22},
        {"entity": "product", "value": "corsair vengeance", "start": 42, "end": 59},
        {"entity": "product", "value": "32gb ddr5", "start": 60, "end": 69},
        {"entity": "product", "value": "samsung 990 pro", "start": 79, "end": 94},
    ]
    tracker = tracker_for(text, "product_availability", mentions)
    assert [value for value, _ in named_products(tracker)] == [
        "ryzen 7 7800x3d",
        "Corsair Vengeance 32GB DDR5",
        "samsung 990 pro",
    ]
