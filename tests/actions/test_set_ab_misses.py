"""What acceptance set AB's first run missed (twelfth session), as general behaviours: a
swap's product named before "for it", another size to switch to, a yes after the
alternatives to the one named before, the price difference asked while a swap waits."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    action_event,
    client_with,
    line_json,
    load_domain,
    match_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio


def test_it_in_swap_the_4060_for_it_is_the_product_named_before() -> None:
    from actions.swap import swap_for_it

    text = "rx 7700 xt is ok. swap the 4060 for it"
    entities = [
        {"entity": "product", "value": "rx 7700 xt", "start": 0, "end": 10},
        {"entity": "product", "value": "4060", "start": 27, "end": 31},
    ]
    assert swap_for_it(tracker_for(text, "swap_item", entities=entities), text) == "rx 7700 xt"
    assert swap_for_it(tracker_for("swap it for the 7800 xt", "swap_item"), "swap it") is None


def test_a_yes_after_the_alternatives_takes_the_one_named_just_before() -> None:
    from actions.choice import picked

    buttons = [
        {"title": f"Swap to {name}", "payload": f'/swap_item{{"product":"{sku}"}}'}
        for name, sku in (
            ("Radeon RX 7700 XT 12 GB", "GPU-RX7700XT-12G"),
            ("Radeon RX 7800 XT 16 GB Nitro+", "GPU-RX7800XT-16G"),
        )
    ]
    offered = {
        "event": "bot",
        "text": "Would you like to swap it for one of these?",
        "data": {"buttons": buttons},
        "metadata": {"utter_action": "utter_alternatives_swap_offer"},
    }
    tracker = tracker_for(
        "yes do it",
        "affirm",
        slots=VERIFIED_SLOTS,
        events=[
            user_event("rx 7700 xt is ok. swap the 4060 for it", "swap_item"),
            action_event("action_propose_swap"),
            offered,
        ],
    )
    button, ask = picked(tracker, ("swap_item",), agreed=True)
    assert ask == [] and button is not None and "GPU-RX7700XT-12G" in button["payload"]


async def test_the_price_difference_asked_as_alternatives_while_a_swap_waits_is_that_swap() -> None:
    from actions.products import ActionSuggestAlternatives

    detail = {
        "order_number": "100215",
        "line_no": 1,
        "quantity": 1,
        "old_name": "AMD Ryzen 7 7800X3D",
        "old_price": "389.00",
        "new_name": "AMD Ryzen 9 7900X",
        "new_price": "419.00",
        "currency": "EUR",
        "sku": "CPU-R9-7900X",
        "difference": "30.00",
    }
    tracker = tracker_for(
        "fiyat farkı ne olacak",
        "ask_alternatives",
        slots={**VERIFIED_SLOTS, "pending": "swap", "pending_detail": detail, "language": "tr"},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionSuggestAlternatives(lambda: client_with(routing({}))).run(
        dispatcher, tracker, load_domain()
    )
    said = [m.get("response") for m in dispatcher.messages]
    assert "utter_alternatives_intro" not in said and said
    # Said again, so "tamam değiştirin, evet" next is a yes to it.
    assert {"event": "slot", "timestamp": None, "name": "pending", "value": "swap"} in events


async def test_whats_the_cheapest_card_you_have_lists_cards_not_the_order_line() -> None:
    import httpx

    from actions.products import ActionCheckAvailability

    seen: list[httpx.Request] = []
    waiting = order_json(lines=[line_json(category="graphics_cards")])
    handler = routing({LOOKUP: (200, waiting), ("GET", "/v1/products/in-stock"): (200, [])}, seen)
    tracker = tracker_for(
        "whats the cheapest card you have in stock right now",
        "product_availability",
        slots=VERIFIED_SLOTS,
    )
    said: list[Any] = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_line_intro" not in said
    assert any(r.url.path == "/v1/products/in-stock" for r in seen)


async def test_stays_on_the_order_or_is_it_shipping_soon_signs_nobody_up() -> None:
    from actions.subscriptions import ActionSubscribe

    seen: list[Any] = []
    ready = order_json(
        lines=[line_json(status="ready", sku="GPU-RX7900XTX-24G", name="Radeon RX 7900 XTX 24 GB")]
    )
    handler = routing({LOOKUP: (200, ready)}, seen)
    for text, first in (
        ("the 4070 super stays on the order", "utter_kept_order"),
        ("ok, also is the 7900 xtx shipping soon", "utter_line_intro"),
    ):
        tracker = tracker_for(text, "subscribe_updates", slots=VERIFIED_SLOTS)
        said = await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
        assert said[0] == first and not [s for s in said if s.startswith("utter_subscribed")]
    assert not [r for r in seen if "subscriptions" in r.url.path]


async def test_an_item_reported_arrived_with_thanks_is_glad_news_not_a_search() -> None:
    from actions.products import ActionCheckAvailability

    text = "the 990 pro already arrived btw, thanks"
    tracker = tracker_for(
        text,
        "product_availability",
        entities=[{"entity": "product", "value": "990 pro", "start": 4, "end": 11}],
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_glad_it_arrived"]


async def test_how_much_right_after_a_product_is_its_price_not_out_of_scope() -> None:
    from actions.conversation import ActionOutOfScope

    stock = {
        "sku": "CPU-I9-14900K",
        "name": "Intel Core i9-14900K",
        "price": "589.00",
        "available": 33,
        "backordered_quantity": 0,
        "next_restock": None,
    }
    handler = routing({("GET", "/v1/products/CPU-I9-14900K/availability"): (200, stock)})
    tracker = tracker_for(
        "how much",
        "out_of_scope",
        slots={"product_sku": "CPU-I9-14900K"},
        events=[
            user_event("do you have i9 14900k in stock", "product_availability"),
            action_event("action_check_availability"),
        ],
    )
    said = await said_by(ActionOutOfScope(lambda: client_with(handler)), tracker)
    assert "utter_out_of_scope" not in said and said


def test_the_same_price_is_no_product_but_more_of_the_same_is() -> None:
    from actions.products import _THE_SAME

    assert not _THE_SAME.search("what do you have in stock around the same price")
    assert _THE_SAME.search("nice. I want to buy 2 more of the same, are they in stock?")


async def test_a_model_in_the_last_sentence_is_asked_about_not_its_kind_listed() -> None:
    # Set Y's replay: "now i'm looking for a gpu, is the rtx 4090 founders in stock?" after a
    # sentence about an arrived CPU went back to listing RTX cards.
    from actions.products import ActionCheckAvailability

    text = (
        "hi! my 14700k arrived (order 100390). now i'm looking for a gpu, is the rtx 4090 "
        "founders in stock?"
    )
    entities = [
        {"entity": "product", "value": "14700k", "start": 7, "end": 13},
        {"entity": "product", "value": "graphics card", "start": 63, "end": 66},
        {"entity": "product", "value": "rtx 4090", "start": 75, "end": 83},
    ]
    stock = {
        "sku": "GPU-RTX4090-24G",
        "name": "GeForce RTX 4090 24 GB Founders",
        "price": "1899.00",
        "available": 0,
        "backordered_quantity": 15,
        "next_restock": None,
    }
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RTX4090-24G", "GeForce RTX 4090 24 GB Founders")],
            ),
            ("GET", "/v1/products/GPU-RTX4090-24G/availability"): (200, stock),
        }
    )
    tracker = tracker_for(text, "product_availability", entities=entities)
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said[0].startswith("utter_availability_out")


def test_a_maker_is_asked_for_only_before_a_kind() -> None:
    import re

    from actions.products import _BRAND_NAMES, _KIND_NOUNS

    def asked(text: str) -> list[str]:
        return [w for w in _BRAND_NAMES if re.search(rf"\b{w} (?:{_KIND_NOUNS})\b", text, re.I)]

    assert asked("for the 4060 ti, is there a similar nvidia card in stock?") == ["nvidia"]
    assert asked("order 100300 65487 - the crucial 4tb, can I get a different ssd instead?") == []


async def test_an_arrival_with_thanks_heard_as_a_sign_up_is_glad_news() -> None:
    from actions.subscriptions import ActionSubscribe

    tracker = tracker_for(
        "the 990 pro already arrived btw, thanks",
        "subscribe_updates",
        entities=[{"entity": "product", "value": "990 pro", "start": 4, "end": 11}],
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(ActionSubscribe(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_glad_it_arrived"]
