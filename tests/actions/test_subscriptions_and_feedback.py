import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallback
from actions.feedback import ActionGoodbye, ActionStoreFeedback, parse_rating
from actions.subscriptions import ActionListSubscriptions, ActionSubscribe, ActionUnsubscribe
from tests.actions.factories import (
    VERIFIED_SLOTS,
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

SUBSCRIBE = ("POST", "/v1/subscriptions")
SEARCH = ("GET", "/v1/products/search")
PRODUCT_SUB = {
    "id": 7,
    "target": "product",
    "sku": "GPU-RTX4090-24G",
    "name": "GeForce RTX 4090 24GB",
    "channel": "web",
    "address": "me@example.com",
    "created_at": "2026-11-24T10:00:00Z",
}
ORDER_SUB = {
    "id": 8,
    "target": "order",
    "order_number": "100042",
    "channel": "web",
    "address": "me@example.com",
    "created_at": "2026-11-24T10:00:00Z",
}


async def run(action: Any, tracker: Any) -> tuple[list, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


async def test_product_subscription_on_the_web_asks_for_an_email_first() -> None:
    handler = routing({SEARCH: (200, [match_json("GPU-RTX4090-24G", "RTX 4090")])})
    tracker = tracker_for(
        "notify me about the 4090", "subscribe_updates", [entity("product", "4090")]
    )
    events, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert messages == []
    assert SlotSet("next_step", "email") in events
    assert SlotSet("subscription_target", {"sku": "GPU-RTX4090-24G", "name": "RTX 4090"}) in events


async def test_also_a_product_the_nlu_does_not_know_follows_that_product() -> None:
    # "and also the G7" right after a subscription: the live catalogue finds the monitor.
    handler = routing({SEARCH: (200, [match_json("MON-SAM-G7-32", "Samsung Odyssey G7 32")])})
    tracker = tracker_for(
        "and also the G7", "subscribe_updates", slots={"product_sku": "GPU-RTX4090-24G"}
    )
    events, _ = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert (
        SlotSet("subscription_target", {"sku": "MON-SAM-G7-32", "name": "Samsung Odyssey G7 32"})
        in events
    )


async def test_updates_without_a_product_name_do_not_search_the_catalogue() -> None:
    seen: list[httpx.Request] = []
    handler = routing({}, seen)
    tracker = tracker_for(
        "notify me when it changes", "subscribe_updates", slots={"product_sku": "GPU-RTX4090-24G"}
    )
    events, _ = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert seen == []  # the email is asked first on the web; nothing searched
    assert SlotSet("subscription_target", {"sku": "GPU-RTX4090-24G"}) in events


async def test_with_the_email_the_subscription_is_stored() -> None:
    seen: list[httpx.Request] = []
    handler = routing({SUBSCRIBE: (201, PRODUCT_SUB)}, seen)
    tracker = tracker_for(
        "me@example.com",
        "inform",
        [entity("email", "me@example.com")],
        slots={
            "subscription_email": "me@example.com",
            "subscription_target": {"sku": "GPU-RTX4090-24G", "name": "RTX 4090"},
        },
    )
    events, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert [m["response"] for m in messages] == ["utter_subscribed_product"]
    assert json.loads(seen[0].content) == {
        "conversation_id": "web:test",
        "channel": "web",
        "address": "me@example.com",
        "language": "en",
        "sku": "GPU-RTX4090-24G",
    }
    assert SlotSet("subscription_target", None) in events


async def test_on_telegram_the_chat_is_the_address_and_a_verified_order_the_target() -> None:
    seen: list[httpx.Request] = []
    handler = routing(
        {SUBSCRIBE: (200, {**ORDER_SUB, "channel": "telegram", "address": "123"})}, seen
    )
    tracker = tracker_for(
        "notify me of changes", "subscribe_updates", slots=VERIFIED_SLOTS, sender_id="tg:123"
    )
    _, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    body = json.loads(seen[-1].content)  # after the order lookup
    assert body["channel"] == "telegram" and body["address"] == "123"
    assert body["order_number"] == "100042" and body["email"] == "ada.lovelace@example.com"
    assert [m["response"] for m in messages] == ["utter_already_subscribed"]


async def test_updates_about_an_unverified_order_ask_to_verify_first() -> None:
    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError("backend called before the order is verified")

    events, messages = await run(
        ActionSubscribe(lambda: client_with(must_not_be_called)),
        tracker_for("notify me when my order changes", "subscribe_updates"),
    )
    assert [m["response"] for m in messages] == ["utter_verify_first"]
    assert SlotSet("next_step", "verify") in events


async def test_list_and_unsubscribe_all() -> None:
    handler = routing(
        {
            ("GET", "/v1/subscriptions"): (200, [PRODUCT_SUB, ORDER_SUB]),
            ("DELETE", "/v1/subscriptions"): (200, {"ended": 2}),
        }
    )
    _, listed = await run(
        ActionListSubscriptions(lambda: client_with(handler)),
        tracker_for("my alerts", "list_subscriptions"),
    )
    assert listed[0]["targets"] == "GeForce RTX 4090 24GB; order 100042"
    tracker = tracker_for(
        "/unsubscribe_updates", "unsubscribe_updates", [entity("subscription_id", "all")]
    )
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_unsubscribed_all" and messages[0]["count"] == 2


async def test_unsubscribe_with_several_asks_which() -> None:
    handler = routing({("GET", "/v1/subscriptions"): (200, [PRODUCT_SUB, ORDER_SUB])})
    _, messages = await run(
        ActionUnsubscribe(lambda: client_with(handler)),
        tracker_for("stop notifications", "unsubscribe_updates"),
    )
    assert messages[0]["response"] == "utter_ask_which_subscription"
    assert len(messages[0]["buttons"]) == 3


async def test_unsubscribe_one_named_by_product() -> None:
    handler = routing(
        {
            ("GET", "/v1/subscriptions"): (200, [PRODUCT_SUB, ORDER_SUB]),
            ("DELETE", "/v1/subscriptions/7"): (204, None),
        }
    )
    tracker = tracker_for(
        "stop alerts for GPU-RTX4090-24G",
        "unsubscribe_updates",
        [entity("product", "GPU-RTX4090-24G")],
    )
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_unsubscribed_one"


async def test_goodbye_asks_for_a_rating_once() -> None:
    _, first = await run(ActionGoodbye(), tracker_for("bye", "goodbye"))
    _, second = await run(
        ActionGoodbye(), tracker_for("bye", "goodbye", slots={"feedback_asked": True})
    )
    assert first[0]["response"] == "utter_ask_feedback"
    assert second[0]["response"] == "utter_goodbye"


async def test_rating_is_stored_with_the_earlier_comment() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/feedback"): (201, {"id": 1})}, seen)
    tracker = tracker_for("4 stars", "feedback", slots={"feedback_comment": "quick answers"})
    events, messages = await run(ActionStoreFeedback(lambda: client_with(handler)), tracker)
    assert json.loads(seen[0].content) == {
        "conversation_id": "web:test",
        "channel": "web",
        "rating": 4,
        "comment": "quick answers",
    }
    assert messages[0]["response"] == "utter_feedback_thanks"
    assert SlotSet("feedback_comment", None) in events


async def test_feedback_without_a_rating_asks_for_one() -> None:
    events, messages = await run(
        ActionStoreFeedback(lambda: client_with(routing({}))),
        tracker_for("the bot was helpful", "feedback"),
    )
    assert messages[0]["response"] == "utter_ask_rating"
    assert SlotSet("feedback_comment", "the bot was helpful") in events


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("5", 5),
        ("4/5", 4),
        ("3 stars", 3),
        ("2 out of 5", 2),
        ("Thank you. Rating: 5, painless.", 5),
        ("great", None),
        ("five", 5),
        ("8/10", 4),
        ("7 out of 10", 4),
        ("5 puan", 5),
        ("5 yıldız", 5),
        ("4 yildiz veriyorum", 4),
        ("beş", 5),
        ("dört yıldız", 4),
        ("10 üzerinden 8", 4),
        ("5 uzerinden 3, idare eder", 3),
        ("puanım 4", 4),
        ("puanim: 2 cok yavasti", 2),
        ("8 puan", 4),
        ("3 veriyorum", 3),
        ("bir sorum var", None),
        ("100042 numaralı siparişim", None),
        ("1.299,00 TL", None),
        ("RTX 4070", None),
    ],
)
def test_parse_rating(text: str, rating: int | None) -> None:
    assert parse_rating(None, text) == rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("2, the bot is slow", 2),
        ("4 - quick answers", 4),
        ("3 meh", 3),
        ("1.5 hours wait", None),
        ("beş, çok hızlıydınız", 5),
        ("iki. tarih veremedin", 2),
        ("bir sorum daha var", None),
    ],
)
def test_a_leading_rating_counts_only_right_after_the_question(
    text: str, rating: int | None
) -> None:
    assert parse_rating(None, text, just_asked=True) == rating
    assert parse_rating(None, text) is None


async def test_a_typed_rating_with_a_comment_is_stored_at_once() -> None:
    seen: list[httpx.Request] = []
    handler = routing({("POST", "/v1/feedback"): (201, {"id": 1})}, seen)
    asked = [
        {"event": "action", "name": "action_goodbye"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for("2, the bot is slow", "feedback", events=asked)
    events, messages = await run(ActionStoreFeedback(lambda: client_with(handler)), tracker)
    assert json.loads(seen[0].content)["rating"] == 2
    assert json.loads(seen[0].content)["comment"] == "2, the bot is slow"
    assert messages[0]["response"] == "utter_feedback_low"


async def test_unsubscribing_the_only_notification_says_so_in_the_singular() -> None:
    handler = routing({("DELETE", "/v1/subscriptions"): (200, {"ended": 1})})
    tracker = tracker_for("stop all", "unsubscribe_updates", [entity("subscription_id", "all")])
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_unsubscribed_the_only"


async def test_unsubscribe_one_named_by_its_product_name() -> None:
    handler = routing(
        {
            ("GET", "/v1/subscriptions"): (200, [PRODUCT_SUB, ORDER_SUB]),
            ("DELETE", "/v1/subscriptions/7"): (204, None),
        }
    )
    tracker = tracker_for(
        "stop the 4090 alerts", "unsubscribe_updates", [entity("product", "rtx 4090")]
    )
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert messages[0] == {**messages[0], "response": "utter_unsubscribed_one"}
    assert messages[0]["target"] == "GeForce RTX 4090 24GB"


async def test_unsubscribe_one_named_by_a_word_the_nlu_did_not_tag() -> None:
    handler = routing(
        {
            ("GET", "/v1/subscriptions"): (
                200,
                [
                    PRODUCT_SUB,
                    {**PRODUCT_SUB, "id": 9, "sku": "SSD-K", "name": "Kingston KC3000 1 TB"},
                ],
            ),
            ("DELETE", "/v1/subscriptions/9"): (204, None),
        }
    )
    tracker = tracker_for("remove the kingston one, i bought it elsewhere", "unsubscribe_updates")
    _, messages = await run(ActionUnsubscribe(lambda: client_with(handler)), tracker)
    assert messages[0]["response"] == "utter_unsubscribed_one"
    assert messages[0]["target"] == "Kingston KC3000 1 TB"


async def test_fallback_asks_to_rephrase_then_offers_an_agent() -> None:
    _, first = await run(ActionFallback(), tracker_for("blorp", "nlu_fallback"))
    second_tracker = tracker_for(
        "zzz", "nlu_fallback", events=[user_event("blorp", "nlu_fallback")]
    )
    _, second = await run(ActionFallback(), second_tracker)
    assert first[0]["response"] == "utter_default"
    assert second[0]["response"] == "utter_fallback_handoff"


async def test_a_message_about_a_line_taken_for_a_list_of_updates_answers_the_line() -> None:
    order = order_json(lines=[line_json(sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D")])
    handler = routing({("POST", "/v1/orders/lookup"): (200, order)})
    tracker = tracker_for(
        "the licence i got already, the ryzen is what i am waiting for",
        "list_subscriptions",
        slots=VERIFIED_SLOTS,
    )
    _, messages = await run(ActionListSubscriptions(lambda: client_with(handler)), tracker)
    assert [m["response"] for m in messages] == ["utter_line_intro", "utter_line_backordered"]
