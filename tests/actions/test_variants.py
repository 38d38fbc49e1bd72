"""The same model in another size (actions/variants.py)."""

import pytest

from actions.conversation import ActionOutOfScope
from actions.products import ActionCheckAvailability
from actions.variants import asks_another_size, sized_name
from tests.actions.factories import (
    VERIFIED_SLOTS,
    client_with,
    line_json,
    match_json,
    order_json,
    routing,
    tracker_for,
)
from tests.actions.test_cancel_and_swap import LOOKUP, responses, run

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Samsung 990 Pro 1 TB NVMe", "is the 2tb version in stock?", "Samsung 990 Pro 2 TB NVMe"),
        (
            "MacBook Air 15 M3, 16 GB, 512 GB",
            "13 inç olan kaç euro",
            "MacBook Air 13 M3, 16 GB, 512 GB",
        ),
        (
            'Samsung Odyssey G7 32" 4K 144 Hz',
            'and the 27" one?',
            'Samsung Odyssey G7 27" 4K 144 Hz',
        ),
        ("Samsung 990 Pro 2 TB NVMe", "and 2tb?", None),  # the size it already is
        ("Samsung 990 Pro 2 TB NVMe", "what about the 13 inch one", None),  # no such size
    ],
)
def test_the_name_in_the_size_asked(name: str, text: str, expected: str | None) -> None:
    assert sized_name(name, text) == expected


def test_what_asks_for_another_size() -> None:
    assert asks_another_size("is the 2tb version in stock? how much")
    assert asks_another_size("and 2tb?")
    assert asks_another_size("13 inç olan kaç euro")
    assert not asks_another_size("any 2tb ssds in stock?")
    assert not asks_another_size("is the samsung in stock")


AVAILABLE_2TB = {
    "sku": "SSD-SAM990-2TB",
    "name": "Samsung 990 Pro 2 TB NVMe",
    "available": 27,
    "backordered_quantity": 0,
    "price": "189.00",
}


async def test_another_size_of_the_waiting_line_is_that_product_s_stock() -> None:
    order = order_json(
        lines=[
            line_json(
                sku="SSD-SAM990-1TB", name="Samsung 990 Pro 1 TB NVMe", quantity=3, category="ssds"
            )
        ]
    )
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/search"): (
                200,
                [match_json("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB NVMe", category="ssds")],
            ),
            ("GET", "/v1/products/SSD-SAM990-2TB/availability"): (200, AVAILABLE_2TB),
        }
    )
    tracker = tracker_for(
        "is the 2tb version in stock? how much", "product_availability", [], VERIFIED_SLOTS
    )
    _, messages = await run(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_availability_in_stock"]
    assert messages[0]["sku"] == "SSD-SAM990-2TB"


async def test_another_size_of_the_product_talked_about_heard_as_out_of_scope() -> None:
    air15 = {
        "sku": "LAP-MBA15-M3-16",
        "name": "MacBook Air 15 M3, 16 GB, 512 GB",
        "available": 74,
        "backordered_quantity": 0,
        "price": "1599.00",
    }
    air13 = {**air15, "sku": "LAP-MBA13-M3-16", "name": "MacBook Air 13 M3, 16 GB, 512 GB"}
    handler = routing(
        {
            ("GET", "/v1/products/LAP-MBA15-M3-16/availability"): (200, air15),
            ("GET", "/v1/products/search"): (
                200,
                [
                    match_json("LAP-MBA13-M3-16", air13["name"], category="laptops"),
                    match_json("LAP-MBA15-M3-16", air15["name"], category="laptops"),
                ],
            ),
            ("GET", "/v1/products/LAP-MBA13-M3-16/availability"): (200, air13),
        }
    )
    tracker = tracker_for(
        "13 inç olan kaç euro", "out_of_scope", [], {"product_sku": "LAP-MBA15-M3-16"}
    )
    _, messages = await run(ActionOutOfScope(lambda: client_with(handler)), tracker)
    assert responses(messages) == ["utter_availability_in_stock"]
    assert messages[0]["sku"] == "LAP-MBA13-M3-16"
