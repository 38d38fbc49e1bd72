"""One fact of a policy, or a request the bot has no operation for, read from the message's
words (actions/topics.py), and answered where the NLU's answer would be a whole policy or none."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.limits import ActionExplainLimit
from actions.products import ActionCheckAvailability
from actions.topics import TOPICS, answered_limit_followup, asked_topics
from tests.actions.factories import (
    action_event,
    client_with,
    entity,
    load_domain,
    match_json,
    routing,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do I pay for the return shipping?", ["utter_fact_return_cost"]),
        ("who pays for sending it back", ["utter_fact_return_cost"]),
        ("do you take the money right away?", ["utter_fact_charged_now"]),
        ("was the full amount already taken from my card?", ["utter_fact_charged_now"]),
        ("taksit var mı", ["utter_fact_instalments"]),
        ("iade kargo parasını kim ödüyor", ["utter_fact_return_cost"]),
        ("is the licence a download or a box?", ["utter_fact_licence_delivery"]),
        ("if I cancel do I lose my place in the queue", ["utter_fact_cancel_queue"]),
        ("can you hold one for me until friday", ["utter_limit_reservation"]),
        ("i dont know the number, it was a graphics card", ["utter_order_number_help"]),
        ("sipariş numaramı hatırlamıyorum", ["utter_order_number_help"]),
        ("why do you need my email", ["utter_fact_why_proof"]),
        ("posta kodumu neden istiyorsunuz", ["utter_fact_why_proof"]),
        ("is there express shipping? can I pay extra", ["utter_limit_express"]),
        ("İstanbul içi aynı gün teslimat var mı?", ["utter_limit_express"]),
        ("does it come with windows?", ["utter_limit_specs"]),
        ("ok how do I start the return", ["utter_fact_return_window"]),
        ("is adobe creative cloud a download code or box?", ["utter_fact_licence_delivery"]),
        (
            "so how do I send the SSD back? do I get the money back or store credit?",
            ["utter_fact_return_window", "utter_fact_refund_time"],
        ),
        (
            "can you preinstall windows 11 pro before sending? I'll pay",
            ["utter_limit_installation"],
        ),
        (
            "how long until the money for the cancelled laptop is back on my card",
            ["utter_fact_refund_time"],
        ),
        ("İade süresi kaç gün?", ["utter_fact_return_window"]),
        ("do you have a physical store where I can pick up my order?", ["utter_limit_pickup"]),
        ("can you install the cpu and update the bios", ["utter_limit_installation"]),
        ("can you cancel it automatically if it's late?", ["utter_limit_auto_cancel"]),
        ("so how am i supposed to follow the package", ["utter_limit_tracking"]),
        ("do you match amazon's price?", ["utter_limit_discount"]),
        ("gümrük öder miyim", ["utter_limit_customs"]),
        (
            "ship to Germany? what about customs, do I pay extra? can I pay in installments?",
            ["utter_fact_delivery_time", "utter_limit_customs", "utter_fact_instalments"],
        ),
        (
            "how long does shipping take to ankara and is it free?",
            ["utter_fact_delivery_time", "utter_fact_shipping_cost"],
        ),
        ("is it free to cancel?", ["utter_fact_cancel_fee"]),
        ("and if it doesnt come by then?", ["utter_fact_if_late"]),
        ("can i add a 32gb ram to my order", ["utter_limit_add_item"]),
        ("can you guys install them in my pcs", ["utter_limit_installation"]),
        ("can you just send me the key here", ["utter_fact_licence_delivery"]),
        ("bu siparise bir de 32gb ram ekleyebilir miyim", ["utter_limit_add_item"]),
        ("when will the 999 be refunded", ["utter_fact_refund_time"]),
        ("to the same card?", ["utter_fact_refund_time"]),
        ("will the refund go to my original payment method", ["utter_fact_refund_time"]),
        (
            "how many days do i have and do you pay return shipping",
            ["utter_fact_return_window", "utter_fact_return_cost"],
        ),
        ("what happens if the date slips again", ["utter_fact_if_late"]),
        ("ya o tarihte de gelmezse?", ["utter_fact_if_late"]),
        ("will i get my money back to the card?", ["utter_fact_refund_time"]),
        ("and how do i turn that off later if i want", ["utter_fact_stop_notifications"]),
        # Not these topics: the order's own questions, a whole policy, keeping in touch.
        ("when will my order ship", []),
        ("what is your return policy", []),
        ("keep me updated please", []),
        ("is my 4090 reserved for me in the queue?", []),
        ("I was charged twice", []),
    ],
)
def test_what_a_message_asks_about(text: str, expected: list[str]) -> None:
    assert asked_topics(text) == expected


def test_every_topic_has_its_response_in_english_and_turkish() -> None:
    responses = load_domain()["responses"]
    for topic in TOPICS:
        variants = responses[topic.response]
        conditions = [v.get("condition") for v in variants]
        assert None in conditions and any(c for c in conditions), topic.response


def faq_tracker(text: str, answer: str) -> object:
    tracker = tracker_for(text, "faq")
    tracker.latest_message["response_selector"] = {"faq": {"response": {"utter_action": answer}}}
    return tracker


async def answered(action: object, tracker: object) -> list[str]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, load_domain())  # type: ignore[attr-defined]
    return [m["response"] for m in dispatcher.messages]


async def test_faq_questions_get_each_fact_asked_not_the_policies() -> None:
    action = ActionAnswerFaq(lambda: client_with(routing({})))
    text = "do I pay for return shipping? and can I pay in instalments?"
    # The selector's paragraph (shipping) is not said: every question is answered by a fact.
    assert await answered(action, faq_tracker(text, "utter_faq/shipping")) == [
        "utter_fact_return_cost",
        "utter_fact_instalments",
    ]


async def test_a_question_no_fact_answers_still_gets_the_selected_policy_first() -> None:
    action = ActionAnswerFaq(lambda: client_with(routing({})))
    text = "what does back-ordered even mean? and is shipping free?"
    assert await answered(action, faq_tracker(text, "utter_faq/what_is_backorder")) == [
        "utter_faq/what_is_backorder",
        "utter_fact_shipping_cost",
    ]


async def test_a_plain_policy_question_gets_the_policy() -> None:
    action = ActionAnswerFaq(lambda: client_with(routing({})))
    assert await answered(
        action, faq_tracker("what's your returns policy", "utter_faq/returns")
    ) == ["utter_faq/returns"]


async def test_out_of_scope_and_fallback_answer_a_request_with_no_operation() -> None:
    text = "can I reserve a macbook until payday?"
    tracker = tracker_for(text, "out_of_scope")
    assert await answered(ActionOutOfScope(lambda: client_with(routing({}))), tracker) == [
        "utter_limit_reservation"
    ]
    tracker = tracker_for("gümrük öder miyim", "nlu_fallback")
    assert await answered(ActionFallback(lambda: client_with(routing({}))), tracker) == [
        "utter_limit_customs"
    ]


def test_a_question_beside_a_line_is_answered_after_the_line() -> None:
    import datetime as dt

    from actions.backend_client import Order
    from actions.orders import answer_lines
    from tests.actions.factories import line_json, order_json

    order = Order.model_validate(order_json(lines=[line_json(status="ready", queue_position=None)]))
    dispatcher = CollectingDispatcher()
    text = "the card is ready, can i pick it up from your store today?"
    answer_lines(dispatcher, order, order.lines, dt.date(2026, 11, 24), "en", text)
    assert [m["response"] for m in dispatcher.messages][-1] == "utter_limit_pickup"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # When payment is taken is a fact, not a payment problem for a person.
        (
            "has my card been charged for the 7800x3d already even though its not here",
            ["utter_fact_charged_now"],
        ),
        ("I was charged twice for the 7800x3d", ["utter_limit_payment_problem"]),
    ],
)
async def test_a_payment_question_without_a_problem_gets_the_fact(
    text: str, expected: list[str]
) -> None:
    tracker = tracker_for(text, "payment_problem")
    assert await answered(ActionExplainLimit(lambda: client_with(routing({}))), tracker) == expected


@pytest.mark.parametrize(
    ("text", "after_limit", "said", "whole"),
    [
        # The person offered; the rest of the message left to the caller to answer.
        ("so how do i change it then? the 4090 has not shipped yet", True, True, False),
        ("ok then who can", True, True, True),
        ("peki kim yapabilir", True, True, True),
        # Not right after a limit, not pushing back, or asking for an operation the bot does.
        ("so how do i change it then?", False, False, False),
        ("thanks", True, False, False),
        ("how do i cancel it then", True, False, False),
    ],
)
def test_pushing_back_on_a_limit_just_said_offers_a_person(
    text: str, after_limit: bool, said: bool, whole: bool
) -> None:
    response = "utter_limit_change_order" if after_limit else "utter_line_backordered"
    events = [
        user_event("can you change the address", "change_order"),
        action_event("action_explain_limit"),
        {"event": "bot", "text": "I can't ...", "metadata": {"utter_action": response}},
        action_event("action_listen"),
    ]
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, "order_status", events=events)
    assert answered_limit_followup(dispatcher, tracker) is whole
    assert [m["response"] for m in dispatcher.messages] == (["utter_limit_again"] if said else [])


async def test_a_policy_question_beside_a_stock_question_is_answered_after_it() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json("GPU-RTX4080S-16G", "GeForce RTX 4080 Super 16 GB")],
            ),
            ("GET", "/v1/products/GPU-RTX4080S-16G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4080S-16G",
                    "available": 26,
                    "backordered_quantity": 0,
                    "price": "1099.00",
                },
            ),
        }
    )
    tracker = tracker_for(
        "4080 super price? can you hold one for me until friday",
        "product_availability",
        entities=[entity("product", "4080 super")],
    )
    said = await answered(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said[0].startswith("utter_availability")
    assert said[-1] == "utter_limit_reservation"


async def test_a_short_policy_question_heard_as_a_stock_question_is_the_policy() -> None:
    tracker = tracker_for("to the same card?", "product_availability")
    said = await answered(ActionCheckAvailability(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_fact_refund_time"]


LEGION = "LAP-LEGION-5-4060"
LEGION_STOCK = {
    "sku": LEGION,
    "available": 58,
    "backordered_quantity": 0,
    "price": "1399.00",
}


async def test_the_price_of_the_product_talked_about_heard_as_a_policy_is_its_price() -> None:
    handler = routing({("GET", f"/v1/products/{LEGION}/availability"): (200, LEGION_STOCK)})
    tracker = faq_tracker("fiyati ne kadar", "utter_faq/shipping")
    tracker.slots["product_sku"] = LEGION
    said = await answered(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert said[0].startswith("utter_availability")


async def test_a_product_named_beside_policy_questions_gets_its_stock_too() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (
                200,
                [match_json(LEGION, "Lenovo Legion 5, RTX 4060, 16 GB", category="laptops")],
            ),
            ("GET", f"/v1/products/{LEGION}/availability"): (200, LEGION_STOCK),
        }
    )
    tracker = faq_tracker(
        "can i pay in instalments? and is the legion 5 in stock?", "utter_faq/payment"
    )
    start = tracker.latest_message["text"].index("legion 5")
    tracker.latest_message["entities"] = [
        {**entity("product", "legion 5"), "start": start, "end": start + len("legion 5")}
    ]
    said = await answered(ActionAnswerFaq(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_fact_instalments"
    assert said[-1].startswith("utter_availability")
