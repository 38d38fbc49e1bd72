"""What acceptance sets AU's and AV's first runs missed (sixteenth session), as general
behaviours: "I ordered 2 by mistake, I only wanted one" is a cancellation of one, push-back
after a limit ("then what do I do", "come on, other shops give 5%") gets the limit again with a
person offered (never the rating question or "I can't help with that"), "yes swap it" right
after a person was offered in passing is the swap, a price or stock question after a product
was talked about is that product's, new topics (dispatch time, a courier for a return, a board's
compatibility, setting up software, CPU installation), "give me a date" gets why no day is
surer, and "forget it" after a list is let go."""

import datetime as dt
from typing import Any

import httpx
import pytest

from actions.cancel import asks_to_cancel
from actions.topics import asked_topics
from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    action_event,
    bot_event,
    client_with,
    line_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)
from tests.actions.test_set_v_misses import stock

pytestmark = pytest.mark.anyio


def after(response: str, customer: str = "…", intent: str = "order_status") -> list[dict]:
    """Events of a turn in which the bot said `response`."""
    return [
        user_event(customer, intent),
        action_event("action_explain_limit"),
        bot_event("…", response),
        action_event("action_listen"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I ordered 2 rx 7900 xtx by mistake, order 100105. I only wanted one",
        "I only need 2",
        "make it 2",
    ],
)
def test_fewer_units_or_an_order_by_mistake_is_a_cancellation(text: str) -> None:
    # (Set AU #48: heard as a swap, the order was shown twice and nothing proposed.)
    assert asks_to_cancel(text)


@pytest.mark.parametrize(
    "text",
    ["you sent the wrong item by mistake", "swap it, make it 2", "when does it ship"],
)
def test_other_messages_are_not_a_cancellation(text: str) -> None:
    assert not asks_to_cancel(text)


async def test_then_what_do_i_do_after_a_limit_offers_a_person() -> None:
    # "seriously? then what do I do, it's going to my old flat" after the address limit got
    # "Sorry, I can't help with that" (set AV #17).
    from actions.conversation import ActionOutOfScope

    tracker = tracker_for(
        "seriously? then what do I do, it's going to my old flat",
        "out_of_scope",
        slots=VERIFIED_SLOTS,
        events=after("utter_limit_change_order"),
    )
    said = await said_by(ActionOutOfScope(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"]


async def test_push_back_on_a_limit_is_not_a_review() -> None:
    # "come on, other shops give 5% for 3 pieces" after the discount limit got the rating
    # question (set AU #18).
    from actions.feedback import ActionStoreFeedback

    tracker = tracker_for(
        "come on, other shops give 5% for 3 pieces",
        "feedback",
        events=after("utter_limit_discount", "can i get a discount if i buy 3", "discount"),
    )
    said = await said_by(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"]


async def test_yes_swap_it_after_a_person_offered_in_passing_is_the_swap() -> None:
    # "yes swap it" after the lines and "if you'd like a person … I can pass this chat on"
    # opened a ticket instead of swapping (set AV #34).
    from actions.conversation import ActionAffirm

    tracker = tracker_for(
        "yes swap it",
        "affirm",
        events=after("utter_sorry_offer_person", "ok the rx 7700 xt. does the eset ship?"),
    )
    said = await said_by(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert not [r for r in said if r.startswith("utter_handoff")]
    assert said  # (unverified here: the swap asks for the order first)


async def test_a_price_asked_after_a_product_is_that_products_not_a_search() -> None:
    # "fine what's the price each and do you have 3" after the 7950X got "I couldn't find
    # 'fine each 3'" (set AU #18); "and do you have 3" is not "and the 3?" (a 7800X3D).
    from actions.products import ActionCheckAvailability

    sku = "CPU-R9-7950X"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[])
        return routing(
            {("GET", f"/v1/products/{sku}/availability"): stock(sku, "AMD Ryzen 9 7950X", "569")}
        )(request)

    tracker = tracker_for(
        "fine what's the price each and do you have 3",
        "product_availability",
        slots={"product_sku": sku},
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said == ["utter_availability_in_stock"]


async def test_a_line_named_beside_a_limit_is_the_product_talked_about() -> None:
    # "can you add a second proart to the same order" then "how many do you have in stock and
    # what price" got the order's lines again (set AU #28).
    from actions.products import remembered_product

    order = order_json(
        lines=[
            line_json(sku="MON-ASUS-PA278CV", name='ASUS ProArt PA278CV 27" QHD', status="ready"),
            line_json(line_no=2, sku="RAM-SODIMM-32-5600", name="Crucial 32 GB DDR5-5600"),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[])
        return routing({LOOKUP: (200, order)})(request)

    tracker = tracker_for(
        "can you add a second proart to the same order", "change_order", slots=VERIFIED_SLOTS
    )
    events = await remembered_product(client_with(handler), tracker)
    assert [(e["name"], e["value"]) for e in events] == [("product_sku", "MON-ASUS-PA278CV")]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what's your normal dispatch time", "utter_fact_dispatch_time"),
        ("can you send a courier to pick it up", "utter_limit_return_pickup"),
        ("also is the T700 ok with my b650 board?", "utter_limit_compatibility"),
        ("3) do you do CPU installation if I bring my PC?", "utter_limit_installation"),
        ("do you set up windows and office on it before delivery?", "utter_limit_installation"),
    ],
)
def test_topics_of_sets_au_and_av(text: str, topic: str) -> None:
    assert asked_topics(text) == [topic]


async def test_give_me_a_date_says_no_day_is_surer() -> None:
    # "thats not an answer. a date. give me a date" got the same line again (set AU #5).
    from actions.conversation import ActionOutOfScope

    order = order_json(
        lines=[line_json(sku="GPU-RTX4060TI-16G", name="GeForce RTX 4060 Ti 16 GB", quantity=2)]
    )
    tracker = tracker_for(
        "thats not an answer. a date. give me a date", "out_of_scope", slots=VERIFIED_SLOTS
    )
    said = await said_by(
        ActionOutOfScope(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert "utter_no_exact_day" in said


async def test_forget_it_after_a_list_is_let_go() -> None:
    # "nah the benq is way too expensive. forget it" got the BenQ's stock again (set AV #18).
    from actions.limits import ActionDeny

    tracker = tracker_for("nah the benq is way too expensive. forget it", "deny")
    said = await said_by(ActionDeny(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_deny_without_context"]


async def test_praise_beside_a_request_is_the_request() -> None:
    # "great! can I get an invoice without VAT, I'm a company from Germany" after the shipped
    # lines got "Glad to hear it arrived well!" (set AV #50).
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "great! can I get an invoice without VAT, I'm a company from Germany",
        "invoice",
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert "utter_glad_it_arrived" not in said
    assert "utter_limit_invoice" in said


async def test_another_one_like_a_cancelled_line_is_what_is_in_stock_like_it() -> None:
    # "what about another OLED or a 27 inch 1440p monitor you have" on a cancelled order got
    # the cancelled line again (set AV #10).
    from actions.products import ActionCheckAvailability

    sku = "MON-LG-27GR95QE"
    order = order_json(
        lines=[
            line_json(
                sku=sku,
                name='LG UltraGear 27GR95QE 27" OLED 240 Hz',
                status="cancelled",
                category="monitors",
            )
        ]
    )
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[])
        if request.url.path.endswith("/alternatives"):
            return httpx.Response(200, json=[])
        return routing({LOOKUP: (200, order)})(request)

    tracker = tracker_for(
        "what about another OLED or a 27 inch 1440p monitor you have",
        "product_availability",
        [{"entity": "product", "value": "monitor", "start": 43, "end": 50}],
        slots=VERIFIED_SLOTS,
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_line_intro" not in said
    assert any(r.url.path.endswith("/alternatives") for r in seen)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # "if I didn't activate it" is an unused key, not one that won't activate (set AV #11).
        (
            "can I return a software licence if I didn't activate it? order 100380",
            ["utter_limit_licence_return"],
        ),
        ("it didn't activate", ["utter_limit_licence_key_invalid"]),
    ],
)
def test_an_unused_key_is_not_a_key_that_fails(text: str, topics: list[str]) -> None:
    assert asked_topics(text) == topics


def test_a_courier_to_collect_a_return_is_no_shipment() -> None:
    # "can you send a courier to pick it up" got "nothing needs splitting" (set AU #41).
    from actions.lines import asks_to_send

    assert not asks_to_send("can you send a courier to pick it up")
    assert asks_to_send("can you send the ram now")


def test_how_much_is_a_product_named_with_its_spec_is_its_price() -> None:
    # "how much is the gskill ripjaws 32gb ddr4" got "DDR4, as its name says" (set AV #32).
    from actions.products import _IS_IT_SPEC

    assert not _IS_IT_SPEC.search("and how much is the gskill ripjaws 32gb ddr4")
    assert _IS_IT_SPEC.search("is the samsung 870 evo nvme")


def test_swap_or_else_cancel_is_the_swap_first() -> None:
    # "switch it to a samsung 990 pro 2tb if you have it, otherwise cancel it" with the order's
    # details only showed the order (set AV #39).
    from actions.resume import request_in_words

    text = (
        "100200 58355 if yes switch it to a samsung 990 pro 2tb if you have it, otherwise cancel it"
    )
    assert request_in_words(text) == "swap"
    assert request_in_words("cancel the ssd and swap the gpu") is None


async def test_found_the_package_while_the_lookup_asks_ends_the_lookup() -> None:
    # "never mind found the package at my neighbour's 😅 thanks" while the proof was asked got
    # "glad it arrived" and the proof asked again (set AV #41).
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionOutOfScope
    from tests.actions.factories import load_domain

    tracker = tracker_for(
        "never mind found the package at my neighbour's 😅 thanks", "out_of_scope"
    )
    tracker.active_loop = {"name": "order_lookup_form"}
    dispatcher = CollectingDispatcher()
    action = ActionOutOfScope(lambda: client_with(routing({})))
    events = await action.run(dispatcher, tracker, load_domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_glad_it_arrived"]
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


async def test_when_beside_a_request_for_alternatives_gets_the_dates_too() -> None:
    # "when will the kingston come? can I get something else 1tb instead" got only the
    # alternatives (set AV #26).
    from actions.products import ActionSuggestAlternatives

    sku = "SSD-KINGSTON-KC3000-1TB"
    order = order_json(lines=[line_json(sku=sku, name="Kingston KC3000 1 TB", category="ssds")])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/alternatives"):
            return httpx.Response(200, json=[])
        return routing({LOOKUP: (200, order)})(request)

    tracker = tracker_for(
        "when will the kingston come? can I get something else 1tb instead",
        "ask_alternatives",
        slots={**VERIFIED_SLOTS, "product_sku": sku},
    )
    said = await said_by(ActionSuggestAlternatives(lambda: client_with(handler)), tracker)
    assert said[:2] == ["utter_line_intro", "utter_line_backordered_brief"]


async def test_the_entire_order_named_with_its_lines_is_every_line() -> None:
    # "I want to cancel the entire order. Both zephyrus and the 4070 super" proposed, and then
    # cancelled, the laptops only (set AW #6).
    from tests.actions.test_set_ak_misses import proposed

    order = order_json(
        lines=[
            line_json(sku="LAP-ZEPHYRUS-G14", name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB"),
            line_json(line_no=2, sku="GPU-RTX4070S-12G", name="GeForce RTX 4070 Super 12 GB"),
        ]
    )
    text = "I want to cancel the entire order. Both zephyrus and the 4070 super"
    start = text.index("zephyrus")
    tracker = tracker_for(
        text,
        "cancel_order",
        [{"entity": "product", "value": "zephyrus", "start": start, "end": start + 8}],
        slots=VERIFIED_SLOTS,
    )
    _, responses = await proposed(lambda: client_with(routing({LOOKUP: (200, order)})), tracker)
    assert responses == ["utter_cancel_confirm_order"]


def test_change_it_to_just_one_is_fewer_units() -> None:
    # "I ordered 3x Ryzen 9 7950X, can I change it to just 1?" was declined as a swap (AX #14).
    from actions.cancel import cancel_quantity

    text = "I ordered 3x Ryzen 9 7950X, can I change it to just 1?"
    assert asks_to_cancel(text)
    assert cancel_quantity(text, 3) == 2


async def test_when_heard_as_support_hours_is_the_orders_dates() -> None:
    # "ok and when are they supposed to come in" got the support team's hours (AW #1, AX #1).
    from actions.faq import ActionAnswerFaq

    order = order_json(lines=[line_json(sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB")])
    tracker = tracker_for(
        "ok and when are they supposed to come in",
        "faq",
        slots=VERIFIED_SLOTS,
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/support_hours", "confidence": 0.9}}
    }
    said = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert "utter_faq/support_hours" not in said
    assert "utter_line_intro" in said


def test_a_price_level_is_no_product() -> None:
    # "what do you actually HAVE in stock around that price, not 4090 money" got the 4060's
    # status, then alternatives to the 4090 (set AW #19).
    from actions.products import INSTEAD_IN_STOCK, named_products

    text = "what do you actually HAVE in stock around that price, not 4090 money"
    start = text.index("4090")
    tracker = tracker_for(
        text,
        "product_availability",
        [{"entity": "product", "value": "4090", "start": start, "end": start + 4}],
    )
    assert named_products(tracker) == []
    assert INSTEAD_IN_STOCK.search(text)


async def test_switching_a_line_to_something_in_stock_lists_what_there_is() -> None:
    # "can I switch the 4070 to something in stock? I don't mind paying a bit more" got
    # "That's the product you already ordered" (sets AW #37, AX #16).
    from actions.swap import _TO_SOMETHING

    assert _TO_SOMETHING.search("can I switch the 4070 to something in stock?")
    assert _TO_SOMETHING.search("swap the 4070 for something around the same price")
    assert not _TO_SOMETHING.search("swap the 4070 for the 4070 ti")


async def test_a_question_as_if_a_waiting_cancellation_were_done_recalls_it() -> None:
    # "thank you so much! when will the remaining one ship?" while "cancel 2 of the 3?" waited
    # got the three units' date and left them on the order (sets AW #27, AX #44).
    from actions.orders import ActionCheckOrderStatus

    order = order_json(
        lines=[line_json(sku="CPU-R9-7950X", name="AMD Ryzen 9 7950X", quantity=3, status="ready")]
    )
    detail = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "parts": [[1, 2]],
        "name": "AMD Ryzen 9 7950X",
        "quantity": 2,
        "amount": "1138.00",
        "currency": "EUR",
    }
    tracker = tracker_for(
        "thank you so much! when will the remaining one ship?",
        "order_status",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": detail},
    )
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said[-1] == "utter_cancel_still_pending"


@pytest.mark.parametrize(
    ("text", "cancelled"),
    [
        ("I accidentally ordered 3x Ryzen 9 7950X instead of 1 😅 can you fix it?", 2),
        ("I'd like only 2 of the Dell P2425H instead of 3", 1),
    ],
)
def test_a_count_instead_of_another_is_fewer_units(text: str, cancelled: int) -> None:
    # (Sets AW #27 and AX #40: the order was shown and nothing offered.)
    from actions.cancel import cancel_quantity

    assert asks_to_cancel(text)
    assert cancel_quantity(text, 3) == cancelled


def test_adding_to_an_old_order_is_the_add_item_limit() -> None:
    # "can you add them to my old order" got the address-change text (set AX #34).
    assert asked_topics("can you add them to my old order") == ["utter_limit_add_item"]
    assert asked_topics("i bought eset with order 100380, want 2 more for my parents") == [
        "utter_limit_add_item"
    ]


async def test_a_count_asked_after_a_product_is_that_products_stock() -> None:
    # "do you have 2 available?" after ESET searched the catalogue for "2" (set AX #34).
    from actions.products import ActionCheckAvailability

    sku = "SW-ESET-HOME-3"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[])
        return routing(
            {("GET", f"/v1/products/{sku}/availability"): stock(sku, "ESET Home Security", "59")}
        )(request)

    tracker = tracker_for(
        "do you have 2 available?", "product_availability", slots={"product_sku": sku}
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert said == ["utter_availability_in_stock"]


def test_a_return_window_and_a_restocking_fee() -> None:
    # "how much time do I have and is there a restocking fee" got a card's stock (set AW #41).
    assert asked_topics("how much time do I have and is there a restocking fee") == [
        "utter_fact_return_window",
        "utter_fact_return_cost",
    ]


def after_two_products(text: str, intent: str, skus: dict[str, str]) -> tuple[Any, Any]:
    """A backend that knows the two products, and a tracker whose bot turn just named them."""
    routes = routing(
        {
            ("GET", f"/v1/products/{sku}/availability"): stock(sku, name, "1479")
            for sku, name in skus.items()
        }
    )
    said_before = " ".join(f"{name} ({sku}) is in stock." for sku, name in skus.items())
    tracker = tracker_for(
        text,
        intent,
        events=[
            user_event("do you have these two?", "product_availability"),
            action_event("action_check_availability"),
            bot_event(said_before, "utter_availability_in_stock"),
            action_event("action_listen"),
        ],
    )
    return routes, tracker


async def test_prices_after_two_products_are_their_prices_not_a_discount() -> None:
    # "prices?" right after two laptops' stock got the discount refusal (set AW #34).
    from actions.limits import ActionExplainLimit

    skus = {"LAP-FW13-R7-32": "Framework Laptop 13", "LAP-TP-X1C-U7-32": "ThinkPad X1 Carbon"}
    routes, tracker = after_two_products("prices?", "discount", skus)
    said = await said_by(ActionExplainLimit(lambda: client_with(routes)), tracker)
    assert said == ["utter_availability_in_stock", "utter_availability_in_stock"]


async def test_one_unit_asked_gets_no_count_line() -> None:
    # "do u have framework laptop 13 in stock? and the thinkpad x1 carbon" said "That covers
    # the 1 you asked about." twice (set AW #34).
    from rasa_sdk.executor import CollectingDispatcher

    from actions.products import answer_availability

    sku = "LAP-TP-X1C-U7-32"
    tracker = tracker_for(
        "and the thinkpad x1 carbon",
        "product_availability",
        [{"entity": "quantity", "value": "1", "start": 14, "end": 15}],
    )
    dispatcher = CollectingDispatcher()
    client = client_with(
        routing({("GET", f"/v1/products/{sku}/availability"): stock(sku, "X1", "2149")})
    )
    await answer_availability(client, dispatcher, tracker, sku, dt.date(2026, 12, 7))
    assert [m["response"] for m in dispatcher.messages] == ["utter_availability_in_stock"]


async def test_not_the_other_line_after_a_comma_is_kept() -> None:
    # "cancel the intel arc a770 please, not the eset" proposed the whole order and the yes
    # cancelled the licence too (set AY #13).
    from tests.actions.test_set_ak_misses import proposed

    order = order_json(
        lines=[
            line_json(sku="GPU-ARC-A770-16G", name="Intel Arc A770 16 GB", quantity=1),
            line_json(
                line_no=2,
                sku="SW-ESET-HOME-3",
                name="ESET Home Security, 3 devices",
                quantity=1,
                status="ready",
                category="software",
            ),
        ]
    )
    text = "cancel the intel arc a770 please, not the eset"
    entities = [
        {"entity": "product", "value": "intel arc", "start": 11, "end": 20},
        {"entity": "product", "value": "eset", "start": 42, "end": 46},
    ]
    tracker = tracker_for(text, "cancel_order", entities, slots=VERIFIED_SLOTS)
    events, responses = await proposed(
        lambda: client_with(routing({LOOKUP: (200, order)})), tracker
    )
    assert responses == ["utter_cancel_confirm_line"]
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert detail["line_no"] == 1


def test_remove_one_is_a_cancellation_of_one() -> None:
    # "i ordered 3 dell p2425h but i only have room for 2 on my desk lol. can you remove one?"
    # got the order shown and nothing proposed (set AY #14).
    from actions.cancel import cancel_quantity

    text = "i ordered 3 dell p2425h but i only have room for 2. can you remove one?"
    assert asks_to_cancel(text)
    assert cancel_quantity(text, 3) == 1
    # (Not a notification removed.)
    assert not asks_to_cancel("can you remove one of my notifications")


def test_no_then_swap_it_is_the_swap() -> None:
    # "actually no swap it to the 7800 xt. sorry. yes im sure" left the order as it was (AY #15).
    from actions.swap import _NO_SWAP

    assert not _NO_SWAP.search("actually no swap it to the 7800 xt. sorry. yes im sure")
    assert _NO_SWAP.search("dont swap it, I'll wait")
    assert _NO_SWAP.search("no swap please")


def test_how_much_is_it_is_a_short_price_question() -> None:
    # "how much is it" right after the 990 Pro 2 TB's stock got the order's line (AY #4).
    from actions.products import _PRICE_OF_IT

    assert _PRICE_OF_IT.search("how much is it")
    assert _PRICE_OF_IT.search("ok how much does that one cost?")
    assert not _PRICE_OF_IT.search("how much is the 4070 ti")


def test_a_question_about_cancelling_later_is_no_cancellation() -> None:
    # "and what happens if i want to cancel the sn850x's later" proposed a cancellation (AY).
    assert not asks_to_cancel("and what happens if i want to cancel the sn850x's later")


def test_feedback_with_a_rating_after_a_late_line_is_no_sarcasm() -> None:
    # "geri bildirim bırakmak istiyorum: 4 yıldız, hızlı geldi ama kutu biraz ezikti" right
    # after a late line's offer of a person was taken for sarcasm (set AY).
    from actions.feedback import is_sarcastic_rating

    events = [
        user_event("7700 xt ne zaman kargolanır", "order_status"),
        action_event("action_check_order_status"),
        bot_event("…", "utter_sorry_offer_person"),
        action_event("action_listen"),
    ]
    text = "tamam. geri bildirim bırakmak istiyorum: 4 yıldız, hızlı geldi ama kutu biraz ezikti"
    assert not is_sarcastic_rating(tracker_for(text, "feedback", events=events), 4)
    assert is_sarcastic_rating(
        tracker_for(
            "great. amazing. 10/10 service",
            "feedback",
            events=[
                user_event("let me guess, you don't know either?!", "complain"),
                action_event("action_frustration"),
                bot_event("…", "utter_sorry_frustration"),
                action_event("action_listen"),
            ],
        ),
        5,
    )


async def test_the_status_of_everything_heard_as_out_of_scope_is_the_order() -> None:
    # "what's the status of everything" right after the order got "Sorry, I can't help with
    # that" (set AY).
    from actions.conversation import ActionOutOfScope

    order = order_json(lines=[line_json(sku="CPU-R9-7900X", name="AMD Ryzen 9 7900X")])
    tracker = tracker_for("what's the status of everything", "out_of_scope", slots=VERIFIED_SLOTS)
    said = await said_by(
        ActionOutOfScope(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said[0] == "utter_line_intro"
    assert "utter_out_of_scope" not in said


def test_a_person_offered_a_few_turns_ago_is_not_offered_again() -> None:
    # The late line's "if you'd like a person … I can pass this chat on" came after nearly every
    # answer about the order (judges of sets AU to AY: a needless repeat).
    from actions.common import _shortened_repeats

    offer = {"response": "utter_sorry_offer_person", "template": "utter_sorry_offer_person"}
    events = [
        user_event("why isn't it shipped", "order_status"),
        action_event("action_check_order_status"),
        bot_event("…", "utter_sorry_offer_person"),
        action_event("action_listen"),
        user_event("and the ssd?", "order_status"),
        action_event("action_check_order_status"),
        bot_event("…", "utter_line_intro"),
        action_event("action_listen"),
    ]
    assert (
        _shortened_repeats(tracker_for("when does the cpu ship", "x", events=events), [offer]) == []
    )
    # Pushing ("it's in stock!") brings the offer back.
    pushed = tracker_for("it says in stock though. ship it!", "x", events=events)
    assert _shortened_repeats(pushed, [offer]) == [offer]


async def test_either_of_two_specs_lists_products_with_one_or_the_other() -> None:
    # "what 4k or 27 inch monitors do you actually have in stock" got "We have no 27 4k
    # monitors in stock" (set AW #5): either, each searched on its own.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.browse import Browse, show_in_stock

    monitors = {
        "27": [("MON-ASUS-PA278CV", 'ASUS ProArt PA278CV 27" QHD', "399.00")],
        "4k": [("MON-BENQ-PD3220U", 'BenQ PD3220U 32" 4K Thunderbolt', "999.00")],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        words = request.url.params["q"].split()[1:]
        found = monitors.get(words[0], []) if len(words) == 1 else []
        body = [
            {"sku": sku, "name": name, "price": price, "currency": "EUR", "available": 5}
            for sku, name, price in found
        ]
        return httpx.Response(200, json=body)

    tracker = tracker_for("what 4k or 27 inch monitors do you have in stock", "x")
    dispatcher = CollectingDispatcher()
    await show_in_stock(
        client_with(handler), dispatcher, tracker, Browse(kind="MON", words=("27", "4k"))
    )
    said = " ".join(str(m.get("buttons")) for m in dispatcher.messages)
    assert "PA278CV" in said and "PD3220U" in said


def test_the_other_of_a_comparison_is_asked_too() -> None:
    # "macbook air 13 m3 vs 15 m3 price? both 16gb 512" got the 13-inch only (set AX #33).
    from actions.products import _VERSUS

    match = _VERSUS.search("macbook air 13 m3 vs 15 m3 price? both 16gb 512")
    assert match is not None and match.group(1) == "15 m3"
    assert _VERSUS.search("how much is the macbook air 13") is None


async def test_did_anything_ship_yet_right_after_the_order_is_every_line() -> None:
    # "ugh ok. then what's the status, did anything ship yet" right after the order got the
    # waiting line alone (set AW #13, dev run).
    from actions.orders import ActionCheckOrderStatus

    order = order_json(
        lines=[
            line_json(sku="GPU-RTX4060TI-16G", name="GeForce RTX 4060 Ti 16 GB", quantity=1),
            line_json(
                line_no=2, sku="SSD-WDSN850X-2TB", name="WD Black SN850X 2 TB", status="ready"
            ),
        ]
    )
    tracker = tracker_for(
        "ugh ok. then what's the status, did anything ship yet",
        "order_status",
        # (Just shown: the order was looked up a moment ago.)
        slots={**VERIFIED_SLOTS, "order_checks": {"100042": dt.datetime.now(dt.UTC).isoformat()}},
    )
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said.count("utter_line_intro") == 1
    assert len([r for r in said if r.startswith("utter_line_") and r != "utter_line_intro"]) == 2


async def test_are_both_in_stock_after_two_products_is_each() -> None:
    # "are both in stock" right after the MacBook Air 13 and 15 got the 13 only (set AX #33).
    from actions.products import ActionCheckAvailability

    skus = {"LAP-MBA13-M3-16": "MacBook Air 13 M3", "LAP-MBA15-M3-16": "MacBook Air 15 M3"}
    routes, tracker = after_two_products("are both in stock", "product_availability", skus)
    said = await said_by(ActionCheckAvailability(lambda: client_with(routes)), tracker)
    assert said == ["utter_availability_in_stock", "utter_availability_in_stock"]
