"""What acceptance sets AK's and AL's first runs missed (fifteenth session), as general
behaviours: a yes that names another line is not a yes to the proposal, "but ship X anyway"
keeps X, a size beside a brand or model number the line lacks names no line, a cancellation
proposed sets the product talked about, two products' prices, "nvme" narrows a list from the
catalogue's details, "what cards do you have" is graphics cards, and the old address."""

from typing import Any

import httpx
import pytest

from actions.cancel import ActionCancelConfirmed, ActionProposeCancel, kept_lines
from actions.lines import lines_named
from actions.topics import asked_topics
from backend.catalog.search import Searchable, browse
from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    action_event,
    client_with,
    entity,
    line_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)
from tests.actions.test_set_v_misses import stock

pytestmark = pytest.mark.anyio

WINDFORCE = line_json(
    line_no=1,
    sku="GPU-RTX4070-12G",
    name="GeForce RTX 4070 12 GB Windforce",
    status="backordered",
    category="graphics_cards",
)
SAMSUNG_2TB = line_json(
    line_no=2,
    sku="SSD-SAM990-2TB",
    name="Samsung 990 Pro 2 TB NVMe",
    status="ready",
    category="ssds",
)
ADA = order_json(lines=[WINDFORCE, SAMSUNG_2TB])
CANCEL_SAMSUNG = {
    "scope": "line",
    "order_number": "100042",
    "line_no": 2,
    "parts": [[2, 1]],
    "name": "Samsung 990 Pro 2 TB NVMe",
    "quantity": 1,
    "amount": "189.00",
    "currency": "EUR",
}


def _waiting(detail: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        user_event("cancel it but ship the samsung", "cancel_order"),
        action_event("action_propose_cancel"),
        {
            "event": "bot",
            "text": "Cancel 1 × …?",
            "metadata": {"utter_action": "utter_cancel_confirm_line"},
        },
        {"event": "slot", "name": "pending_detail", "value": detail},
        action_event("action_listen"),
    ]


async def test_a_yes_naming_another_line_proposes_that_line_and_cancels_nothing() -> None:
    # "ok then cancel the 4070 line" while "cancel the Samsung SSD?" waited: the bot cancelled
    # the SSD the customer wanted shipped (set AK #28). Now the 4070 is proposed, nothing done.
    seen: list[Any] = []
    handler = routing({LOOKUP: (200, ADA)}, seen)
    text = "ok then cancel the 4070 line"
    start = text.index("4070")
    tracker = tracker_for(
        text,
        "affirm",
        [{**entity("product", "4070"), "start": start, "end": start + 4}],
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": CANCEL_SAMSUNG},
        events=_waiting(CANCEL_SAMSUNG),
    )
    said = await said_by(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert said == ["utter_cancel_confirm_line"]
    assert not [r for r in seen if r.url.path.endswith("/cancel")]


def test_what_is_to_ship_anyway_is_kept() -> None:
    from actions.backend_client import Order

    order = Order.model_validate(ADA)
    text = "if it's not coming within a week please cancel it but ship the Samsung SSD anyway"
    assert [ln.line_no for ln in kept_lines(order, text)] == [2]


def test_a_size_beside_another_brand_or_model_names_no_line() -> None:
    from actions.backend_client import Order

    kingston = order_json(
        lines=[line_json(sku="SSD-KINGSTON-KC3000-1TB", name="Kingston KC3000 1 TB")]
    )
    evo = order_json(lines=[line_json(sku="SSD-SAM870-2TB", name="Samsung 870 EVO 2 TB SATA")])
    # "what about the samsung 870 evo 1tb, is that nvme?" with the Kingston 1 TB on the order
    # got the Kingston's status (set AK #49); "ok the wd black 2tb then" the 870 EVO's (#14).
    kc3000 = Order.model_validate(kingston)
    assert lines_named(kc3000, "the samsung 870 evo 1tb, is that nvme", by_kind=False) == []
    assert lines_named(Order.model_validate(evo), "ok the wd black 2tb then") == []
    assert lines_named(Order.model_validate(evo), "how much is the samsung 990 pro 2tb") == []
    # (A size alone, or with the line's own brand, still names it.)
    assert lines_named(Order.model_validate(kingston), "cancel the 1tb one") != []
    assert lines_named(Order.model_validate(evo), "when does the samsung 2tb ship") != []


async def test_a_proposed_line_cancellation_is_the_product_talked_about() -> None:
    # "notify me when they're back" right after cancelling one of three 990 Pro 1 TB signed up
    # for the 2 TB asked about before (set AL #39).
    order = order_json(
        lines=[
            line_json(
                sku="SSD-SAM990-1TB",
                name="Samsung 990 Pro 1 TB NVMe",
                quantity=3,
                status="backordered",
                category="ssds",
            )
        ]
    )
    tracker = tracker_for(
        "just cancel one of the three and keep 2 waiting",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "product_sku": "SSD-SAM990-2TB"},
    )
    from rasa_sdk.executor import CollectingDispatcher

    from tests.actions.factories import load_domain

    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)}))).run(
        dispatcher, tracker, load_domain()
    )
    assert {"event": "slot", "name": "product_sku", "value": "SSD-SAM990-1TB"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_two_products_priced_together_are_each_answered() -> None:
    # "what are the prices of the 2TB ones? WD Black SN850X 2TB vs Samsung 990 Pro 2TB" with a
    # Samsung 870 EVO on the order got "the 870 EVO is an SSD" (set AK #14).
    from actions.products import ActionCheckAvailability

    order = order_json(
        lines=[
            line_json(
                sku="SSD-SAM870-2TB", name="Samsung 870 EVO 2 TB SATA", quantity=2, category="ssds"
            )
        ]
    )
    drives = {
        "wd": ("SSD-WDSN850X-2TB", "WD Black SN850X 2 TB", "179.00"),
        "samsung": ("SSD-SAM990-2TB", "Samsung 990 Pro 2 TB NVMe", "189.00"),
    }
    routes = routing(
        {
            LOOKUP: (200, order),
            **{
                ("GET", f"/v1/products/{sku}/availability"): stock(sku, name, price)
                for sku, name, price in drives.values()
            },
        }
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            sku, name, price = drives[request.url.params["q"].split()[0].lower()]
            found = {"sku": sku, "name": name, "category": "ssds", "price": price}
            return httpx.Response(200, json=[{**found, "currency": "EUR", "score": 100}])
        return routes(request)

    text = "what are the prices? WD Black SN850X 2TB vs Samsung 990 Pro 2TB"
    entities = [
        {**entity("product", "WD Black SN850X 2TB"), "start": 21, "end": 40},
        {**entity("product", "Samsung 990 Pro 2TB"), "start": 44, "end": 63},
    ]
    tracker = tracker_for(text, "product_availability", entities, VERIFIED_SLOTS)
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_what_is" not in " ".join(said)
    assert said.count("utter_availability_in_stock") == 2


def test_nvme_narrows_a_browse_by_the_catalogues_details() -> None:
    # "ok then what's the cheapest nvme you have" listed the SATA 870 EVO first (set AK #49):
    # the WD Black's name doesn't say NVMe, its catalogue details do.
    drives = [
        Searchable("SSD-SAM870-1TB", "Samsung 870 EVO 1 TB SATA", "ssds", "SATA"),
        Searchable("SSD-WDSN850X-1TB", "WD Black SN850X 1 TB", "ssds", "PCIe 4.0 NVMe"),
    ]
    assert browse("ssd nvme", drives) == ["SSD-WDSN850X-1TB"]
    assert browse("ssd 1tb", drives) == ["SSD-SAM870-1TB", "SSD-WDSN850X-1TB"]


async def test_what_cards_do_you_have_is_graphics_cards_not_payment() -> None:
    # "figures. what cards do you actually HAVE" got the payment methods (set AK #18).
    from actions.faq import ActionAnswerFaq

    seen: list[Any] = []
    handler = routing({("GET", "/v1/products/in-stock"): (200, [])}, seen)
    tracker = tracker_for("figures. what cards do you actually HAVE", "faq")
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/payment"}}
    }
    said = await said_by(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert "utter_faq/payment" not in said
    assert [r.url.params["q"] for r in seen] == ["gpu"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("and the monitor is still coming to the old address then?", "utter_fact_old_address"),
        (
            "what do you mean some of it already shipped?? ok cancel the 4080 super then",
            "utter_fact_shipped_cant_cancel",
        ),
        ("ok and refunds on software if I don't activate it?", "utter_limit_licence_return"),
        ("I bought 2x ESET Home Security. Can I return one of them?", "utter_limit_licence_return"),
        (
            "it says shipped but its a licence?? how do i get the keys",
            "utter_fact_licence_delivery",
        ),
    ],
)
def test_topics_of_sets_ak_and_al(text: str, topic: str) -> None:
    assert topic in asked_topics(text)
