"""What acceptance sets AK's, AL's, AM's and AN's first runs missed (fifteenth session), as general
behaviours: a yes that names another line is not a yes to the proposal, "but ship X anyway"
keeps X, a size beside a brand or model number the line lacks names no line, a cancellation
proposed sets the product talked about, two products' prices, "nvme" narrows a list from the
catalogue's details, "what cards do you have" is graphics cards, and the old address; then
keeping one of two units, a yes that gives the count, "only the ssds" after a no, "ok" noted,
no queue place for a product no waiting line has, and the topics AM and AN asked."""

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


async def proposed(client: Any, tracker: Any) -> tuple[list[Any], list[str]]:
    """The events and responses of the cancellation proposal for this tracker."""
    from rasa_sdk.executor import CollectingDispatcher

    from tests.actions.factories import load_domain

    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(client).run(dispatcher, tracker, load_domain())
    return events, [str(m.get("response")) for m in dispatcher.messages]


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
    events, responses = await proposed(
        lambda: client_with(routing({LOOKUP: (200, order)})), tracker
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


# Sets AM and AN (fifteenth session, after AK's and AL's fixes).

ZEPHYRUS_AND_CARD = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="LAP-ROG-G14-4070",
            name="ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
            quantity=2,
            status="backordered",
            unit_price="2099.00",
            category="laptops",
        ),
        line_json(
            line_no=2,
            sku="GPU-RTX4070TI-12G",
            name="GeForce RTX 4070 Ti 12 GB Gaming OC",
            status="ready",
            unit_price="829.00",
            category="graphics_cards",
        ),
    ]
)


async def test_keeping_one_of_two_units_cancels_the_other_unit_not_another_line() -> None:
    # "and only keep 1 zephyrus, cancel the other one" cancelled the RTX 4070 Ti (set AM #4).
    tracker = tracker_for(
        "and only keep 1 zephyrus, cancel the other one", "cancel_order", slots=VERIFIED_SLOTS
    )
    handler = routing({LOOKUP: (200, ZEPHYRUS_AND_CARD)})
    events, responses = await proposed(lambda: client_with(handler), tracker)
    assert responses == ["utter_cancel_confirm_part"]
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert (detail["line_no"], detail["quantity"]) == (1, 1)


async def test_a_yes_giving_the_proposed_count_confirms_it() -> None:
    # "evet, sadece bir tane" to "cancel 1 of the 3 and keep 2?" proposed cancelling 2 (AM #43).
    seen: list[Any] = []
    ryzens = order_json(
        lines=[line_json(sku="CPU-R9-7950X", name="AMD Ryzen 9 7950X", quantity=3, status="ready")]
    )
    part = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "parts": [[1, 1]],
        "name": "AMD Ryzen 9 7950X",
        "quantity": 1,
        "total": 3,
        "kept": 2,
        "amount": "569.00",
        "currency": "EUR",
    }
    handler = routing(
        {LOOKUP: (200, ryzens), ("POST", "/v1/orders/100042/lines/1/cancel"): (200, ryzens)},
        seen,
    )
    tracker = tracker_for(
        "evet, sadece bir tane",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": part, "language": "tr"},
        events=_waiting(part),
    )
    said = await said_by(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_cancel_done_part"
    assert [r.url.path for r in seen if r.method == "POST"][-1].endswith("/lines/1/cancel")


async def test_a_no_that_keeps_one_line_and_names_another_proposes_that_one() -> None:
    # "wait actually no, don't cancel the graphics card. only the ssds" (set AM #13).
    from actions.cancel import ActionKeepOrder

    order = order_json(
        lines=[
            line_json(line_no=1, sku="GPU-RX7900XTX-24G", name="Radeon RX 7900 XTX 24 GB"),
            line_json(
                line_no=2,
                sku="SSD-WDSN850X-1TB",
                name="WD Black SN850X 1 TB",
                quantity=3,
                category="ssds",
            ),
        ]
    )
    whole = {"scope": "order", "order_number": "100042", "items": "…", "amount": "1"}
    tracker = tracker_for(
        "wait actually no, don't cancel the graphics card. only the ssds",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": whole},
    )
    said = await said_by(
        ActionKeepOrder(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said == ["utter_kept_order", "utter_cancel_confirm_line"]


def test_fewer_units_after_the_details_is_a_cancellation_to_resume() -> None:
    from actions.resume import request_in_words

    assert request_in_words("100270 omar@example.org. I ordered 3 WD SN850X 2TB, make it 2") == (
        "cancel"
    )
    assert request_in_words("can I reduce the Corsair 64GB from 3 to 2 kits") == "cancel"
    assert request_in_words("is the 2tb one in stock, make it quick") is None


def test_a_short_model_name_with_a_turkish_ending_names_its_line() -> None:
    from actions.backend_client import Order

    order = Order.model_validate(
        order_json(
            lines=[
                line_json(line_no=1, sku="SSD-CRUCIAL-P3P-4TB", name="Crucial P3 Plus 4 TB"),
                line_json(line_no=2, sku="SSD-SAM870-2TB", name="Samsung 870 EVO 2 TB SATA"),
            ]
        )
    )
    named = lines_named(order, "p3u iptal edin o zaman, digerleri hemen gelsin")
    assert [line.line_no for line in named] == [1]


async def test_ok_after_a_person_offered_in_passing_is_noted_not_a_handoff() -> None:
    # "ok 👍" after the dates and "if you'd like a person …, I can pass this chat on now"
    # opened a ticket (set AN #48).
    from actions.conversation import ActionAffirm

    history = [
        user_event("when does the samsung ship?", "order_status"),
        action_event("action_check_order_status"),
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_sorry_offer_person"}},
        action_event("action_listen"),
    ]
    tracker = tracker_for("ok 👍", "affirm", slots=VERIFIED_SLOTS, events=history)
    said = await said_by(ActionAffirm(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_anything_else"]


async def test_no_queue_place_for_one_more_of_a_product_that_shipped() -> None:
    # "can you reserve one for me when they come back" about one more RTX 4070, whose three
    # on the order shipped: "your order already holds its place" was wrong (set AM #28).
    from actions.faq import ActionAnswerFaq

    shipped = order_json(
        lines=[line_json(sku="GPU-RTX4070-12G", name="GeForce RTX 4070", status="shipped")]
    )
    tracker = tracker_for(
        "can you reserve one for me when they come back",
        "faq",
        slots={**VERIFIED_SLOTS, "product_sku": "GPU-RTX4070-12G"},
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/backorder_charge"}}
    }
    said = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({LOOKUP: (200, shipped)}))), tracker
    )
    assert "utter_fact_queue_holds" not in said
    assert "utter_limit_reservation" in said


@pytest.mark.parametrize(
    "text", ["so now its 2 left right? and when do they come", "whats the order look like now"]
)
def test_what_is_left_on_the_order(text: str) -> None:
    from actions.orders import asks_whats_left

    assert asks_whats_left(text)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("and don't send me marketing emails either", "utter_limit_marketing_emails"),
        ("can you make it ship faster, like express? I'll pay extra", "utter_limit_express"),
        ("do you guys do installation? i'm not confident", "utter_limit_installation"),
        ("can you put one more Dell P2425H aside for me", "utter_limit_reservation"),
    ],
)
def test_topics_of_sets_am_and_an(text: str, topic: str) -> None:
    assert topic in asked_topics(text)


def test_a_promotion_asked_about_is_no_marketing_email() -> None:
    assert "utter_limit_marketing_emails" not in asked_topics("is there a promo?")


# Sets AO and AP (fifteenth session, after AM's and AN's fixes).


@pytest.mark.parametrize(
    ("text", "fewer"),
    [("i need 2 dell p2425h not 3, can you change it", 2), ("i want 2 ryzen 9 7950x not 3", 2)],
)
def test_so_many_not_so_many_is_fewer_units(text: str, fewer: int) -> None:
    from actions.cancel import reduced_quantity
    from actions.resume import asks_fewer

    assert reduced_quantity(text) == fewer
    assert asks_fewer(text)
    assert reduced_quantity("i need 2tb not 1tb") is None


def test_dont_even_think_about_cancelling_is_a_no() -> None:
    from actions.common import says_dont_change

    assert says_dont_change("and dont even think about cancelling the graphics card")


async def test_cancel_it_is_the_line_named_in_its_own_sentence() -> None:
    # "the T700 came, thanks. I don't need the Corsair 64GB anymore, please cancel it": the
    # shipped T700 was refused and the Corsair never proposed (set AP).
    order = order_json(
        lines=[
            line_json(
                line_no=1, sku="SSD-CRUCIAL-T700-2TB", name="Crucial T700 2 TB", status="shipped"
            ),
            line_json(
                line_no=2,
                sku="RAM-CORSAIR-64-6000",
                name="Corsair Vengeance 64 GB DDR5-6000 (2x32)",
                status="ready",
            ),
        ]
    )
    text = "the T700 came, thanks. I don't need the Corsair 64GB anymore, please cancel it"
    start = text.index("T700")
    tracker = tracker_for(
        text,
        "cancel_order",
        [{**entity("product", "T700"), "start": start, "end": start + 4}],
        VERIFIED_SLOTS,
    )
    said = await said_by(
        ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said == ["utter_cancel_confirm_line"]


async def test_a_turkish_cancel_takes_the_object_of_its_own_clause() -> None:
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="SSD-SAM990-2TB",
                name="Samsung 990 Pro 2 TB NVMe",
                status="ready",
                category="ssds",
            ),
            line_json(
                line_no=2,
                sku="GPU-RTX4070-12G",
                name="GeForce RTX 4070 12 GB Windforce",
                quantity=3,
                status="shipped",
                category="graphics_cards",
            ),
        ]
    )
    text = "ekran kartları geldi 3 tane sorun yok, sadece ssd yi iptal edin"
    entities = [
        {**entity("product", "ekran kartları"), "start": 0, "end": 14},
        {**entity("product", "ssd"), "start": text.index("ssd"), "end": text.index("ssd") + 3},
    ]
    tracker = tracker_for(text, "cancel_order", entities, {**VERIFIED_SLOTS, "language": "tr"})
    said = await said_by(
        ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said == ["utter_cancel_confirm_line"]


async def test_keeping_another_line_leaves_the_proposal_standing() -> None:
    # "and dont even think about cancelling the graphics card, i still want that" while "cancel
    # 1 of the 2 Zephyrus?" waited (set AO).
    part = {
        "scope": "part",
        "order_number": "100042",
        "line_no": 1,
        "parts": [[1, 1]],
        "name": "ASUS ROG Zephyrus G14, RTX 4070, 32 GB",
        "quantity": 1,
        "total": 2,
    }
    tracker = tracker_for(
        "and dont even think about cancelling the graphics card, i still want that",
        "cancel_order",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": part},
        events=_waiting(part),
    )
    handler = routing({LOOKUP: (200, ZEPHYRUS_AND_CARD)})
    said = await said_by(ActionProposeCancel(lambda: client_with(handler)), tracker)
    assert said == ["utter_cancel_still_pending"]


async def test_a_swap_asked_on_an_order_that_all_shipped_says_so() -> None:
    from actions.swap import ActionProposeSwap

    shipped = order_json(
        lines=[
            line_json(
                sku="SW-WIN11-HOME",
                name="Windows 11 Home licence",
                status="shipped",
                category="software",
            )
        ]
    )
    handler = routing({LOOKUP: (200, shipped), ("GET", "/v1/products/search"): (200, [])})
    tracker = tracker_for("can you change it to pro", "swap_item", slots=VERIFIED_SLOTS)
    said = await said_by(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert "utter_swap_all_shipped" in said
    assert "utter_swap_nothing_backordered" not in said


# Set AR (fifteenth session).


def test_a_turkish_cancel_beside_a_line_kept_is_no_refusal() -> None:
    from actions.common import _undoes

    # "çok uzun, onu iptal et. wd black kalsın", then "evet": "not sure what you're saying yes
    # to" (set AR), as if the proposal had been taken back.
    assert not _undoes("çok uzun, onu iptal et. wd black kalsın", "cancel")
    assert _undoes("iptal etme, kalsın", "cancel")


async def test_a_yes_heard_as_a_no_confirms() -> None:
    # "yes. and don't expect me back" to "cancel everything that hasn't shipped?" kept the order
    # (set AR).
    from actions.cancel import ActionKeepOrder

    seen: list[Any] = []
    whole = {
        "scope": "order",
        "order_number": "100042",
        "parts": [[1, 1], [2, 1]],
        "items": "…",
        "amount": "808.00",
        "currency": "EUR",
    }
    handler = routing({LOOKUP: (200, ADA), ("POST", "/v1/orders/100042/cancel"): (200, ADA)}, seen)
    tracker = tracker_for(
        "yes. and don't expect me back",
        "deny",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": whole},
        events=_waiting(whole),
    )
    said = await said_by(ActionKeepOrder(lambda: client_with(handler)), tracker)
    assert said[0] == "utter_cancel_done_order"
    assert "/v1/orders/100042/cancel" in [r.url.path for r in seen if r.method == "POST"]


def test_options_turned_down_are_not_picked_later() -> None:
    # "hmm the 7700 xt is 140 more, no thanks. just tell me when the 4060s are ready", the
    # sign-up, then "yes sign me up" proposed the 7700 XT swap (set AR).
    from actions.choice import offered_buttons

    options = [
        {"title": "Swap to Radeon RX 7700 XT 12 GB", "payload": '/swap_item{"product": "GPU-RX"}'}
    ]
    history = [
        user_event("what else do you have thats similar price", "ask_alternatives"),
        action_event("action_suggest_alternatives"),
        {"event": "bot", "text": "Swap it for one of these?", "data": {"buttons": options}},
        action_event("action_listen"),
        user_event("hmm the 7700 xt is 140 more, no thanks. just tell me when ready", "subscribe"),
        action_event("action_subscribe"),
        {"event": "bot", "text": "Done: I'll message you here"},
        action_event("action_listen"),
    ]
    assert offered_buttons(tracker_for("yes sign me up", "affirm", events=history)) == []
    asked = [*history[:4], user_event("how much is the 7700 xt?", "product_availability")]
    asked += [action_event("action_check_availability"), {"event": "bot", "text": "459 EUR"}]
    assert offered_buttons(tracker_for("ok the 7700 xt then", "inform", events=asked)) == options


async def test_nothing_else_is_a_goodbye_not_a_riddle() -> None:
    # "no i dont need anything else, just wanted you to know" got "Sorry, I didn't understand
    # that" at the end of a complaint (set AQ).
    from actions.conversation import ActionFallback

    tracker = tracker_for("no i dont need anything else, just wanted you to know", "nlu_fallback")
    said = await said_by(ActionFallback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_goodbye"]


def test_one_more_of_the_same_card_in_turkish_is_the_same_product() -> None:
    from actions.products import _THE_SAME

    assert _THE_SAME.search("peki ayni karttan bir tane daha alsam stokta var mi fiyati ne")


# Sets AS and AT (the last pair of the fifteenth session).


async def test_cancel_both_is_every_line_just_named() -> None:
    # "The Ryzen 7800X3D and the Crucial P3 Plus are back-ordered. Cancel both please, I'll
    # keep the two WD SN850X" proposed (and cancelled) the Crucial only (set AS).
    order = order_json(
        lines=[
            line_json(line_no=1, sku="SSD-WDSN850X-1TB", name="WD Black SN850X 1 TB", quantity=2),
            line_json(
                line_no=2, sku="CPU-R7-7800X3D", name="AMD Ryzen 7 7800X3D", status="backordered"
            ),
            line_json(
                line_no=3,
                sku="SSD-CRUCIAL-P3P-4TB",
                name="Crucial P3 Plus 4 TB",
                status="backordered",
            ),
        ]
    )
    text = (
        "The Ryzen 7800X3D and the Crucial P3 Plus are back-ordered. Cancel both please, "
        "I'll keep the two WD SN850X"
    )
    entities = [
        {**entity("product", "Ryzen 7800X3D"), "start": 4, "end": 17},
        {**entity("product", "Crucial P3 Plus"), "start": 26, "end": 41},
    ]
    tracker = tracker_for(text, "cancel_order", entities, VERIFIED_SLOTS)
    events, responses = await proposed(
        lambda: client_with(routing({LOOKUP: (200, order)})), tracker
    )
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert sorted(detail["line_nos"]) == [2, 3]


async def test_yes_with_another_count_asks_that_count() -> None:
    # "yes one" to "cancel 3 × WD Black SN850X 1 TB?" cancelled all three (set AT).
    seen: list[Any] = []
    drives = order_json(
        lines=[line_json(sku="SSD-WDSN850X-1TB", name="WD Black SN850X 1 TB", quantity=3)]
    )
    line = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "parts": [[1, 3]],
        "name": "WD Black SN850X 1 TB",
        "quantity": 3,
        "amount": "327.00",
        "currency": "EUR",
    }
    handler = routing({LOOKUP: (200, drives)}, seen)
    tracker = tracker_for(
        "yes one",
        "affirm",
        slots={**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": line},
        events=_waiting(line),
    )
    said = await said_by(ActionCancelConfirmed(lambda: client_with(handler)), tracker)
    assert said == ["utter_cancel_confirm_part"]
    assert not [r for r in seen if r.url.path.endswith("/cancel")]


def test_dont_need_three_just_two_is_two() -> None:
    from actions.cancel import reduced_quantity

    assert (
        reduced_quantity("please cancel the WD drives I dont need 3 just 2, keep the radeon") == 2
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("do you take back software licences?", "utter_limit_licence_return"),
        ("so can I add one more 990 pro 1tb or not", "utter_limit_add_item"),
        ("Can someone come and mount them on my wall?", "utter_limit_installation"),
        ("is shipping to ankara free?", "utter_fact_shipping_cost"),
        ("Did you receive the payment?", "utter_fact_charged_now"),
    ],
)
def test_topics_of_sets_as_and_at(text: str, topic: str) -> None:
    assert topic in asked_topics(text)
