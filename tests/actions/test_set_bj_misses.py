"""What acceptance sets BJ's and BK's first runs missed (nineteenth session), as general
behaviours: a line named after "which item do you want to cancel?" is that cancellation; a
product asked for beside the word "bot" is no handoff; ..."""

import json

import pytest

from actions.products import ActionCheckAvailability
from tests.actions.factories import (
    LOOKUP,
    VERIFIED_SLOTS,
    client_with,
    entity,
    line_json,
    order_json,
    routing,
    said_by,
    tracker_for,
    user_event,
)

pytestmark = pytest.mark.anyio

ORDER_100300 = order_json(
    order_number="100042",
    lines=[
        line_json(
            line_no=1,
            sku="SSD-CRUCIAL-P3-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=1,
            status="backordered",
            unit_price="239.00",
            category="ssds",
        ),
        line_json(
            line_no=2,
            sku="SSD-SAM870-2TB",
            name="Samsung 870 EVO 2 TB SATA",
            quantity=2,
            status="ready",
            unit_price="159.00",
            category="ssds",
        ),
    ],
)


def _asked(text: str, buttons: list[tuple[str, str]]) -> dict:
    return {
        "event": "bot",
        "text": text,
        "data": {"buttons": [{"title": t, "payload": p} for t, p in buttons]},
        "metadata": {"utter_action": "utter_which_line_to_cancel"},
    }


WHICH_LINE = [
    user_event("hi I want to cancel part of my order 100042", "cancel_order"),
    _asked(
        "Which item on order 100042 do you want to cancel?",
        [
            ("1 × Crucial P3 Plus 4 TB", '/cancel_order{"product": "SSD-CRUCIAL-P3-4TB"}'),
            ("2 × Samsung 870 EVO 2 TB SATA", '/cancel_order{"product": "SSD-SAM870-2TB"}'),
            ("The whole order", '/cancel_order{"order_number": "100042"}'),
        ],
    ),
]


async def test_a_line_named_after_which_to_cancel_is_that_cancellation() -> None:
    # Set BK #28: "the 2 samsung 870 evo 2tb" to "Which item … do you want to cancel?" got its
    # shipping date, and "yes cancel" the question again.
    handler = routing({LOOKUP: (200, ORDER_100300)})
    tracker = tracker_for(
        "the 2 samsung 870 evo 2tb",
        "inform",
        [entity("product", "samsung 870 evo")],
        VERIFIED_SLOTS,
        events=WHICH_LINE,
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = await ActionCheckAvailability(lambda: client_with(handler)).run(
        dispatcher, tracker, {}
    )
    pending = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert pending.get("pending") == "cancel", (events, dispatcher.messages)
    assert json.dumps(pending.get("pending_detail")).count("SSD-SAM870-2TB") or "870" in str(
        dispatcher.messages
    )


async def test_when_a_listed_line_ships_is_still_its_date() -> None:
    handler = routing({LOOKUP: (200, ORDER_100300)})
    tracker = tracker_for(
        "when does the samsung 870 evo ship?",
        "order_status",
        [entity("product", "samsung 870 evo")],
        VERIFIED_SLOTS,
        events=WHICH_LINE,
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_cancel_confirm" not in " ".join(said)


async def test_a_product_wanted_beside_the_word_bot_is_no_handoff() -> None:
    # Set BK #17: "ok bot. i want a gpu" opened a ticket with the off-duty desk.
    from actions.handoff import ActionHandoff

    seen: list = []
    handler = routing(
        {
            ("GET", "/v1/products/search"): (200, []),
            ("GET", "/v1/products"): (200, []),
        },
        seen,
    )
    tracker = tracker_for(
        "ok bot. i want a gpu", "human_handoff", [entity("product", "graphics card")]
    )
    said = await said_by(ActionHandoff(lambda: client_with(handler)), tracker)
    assert not [r for r in seen if r.url.path.startswith("/v1/handoff")], said
    assert "utter_handoff_after_hours" not in said


async def test_a_person_asked_beside_a_product_is_still_a_handoff() -> None:
    from actions.handoff import ActionHandoff

    seen: list = []
    handler = routing({}, seen)
    tracker = tracker_for(
        "i want to talk to a person about the gpu", "human_handoff", [entity("product", "gpu")]
    )
    await said_by(ActionHandoff(lambda: client_with(handler)), tracker)
    assert [r for r in seen if r.url.path.startswith("/v1/handoff")]


def _mentions(text: str, *values: str) -> list[dict]:
    return [
        {"entity": "product", "value": v, "start": text.index(v), "end": text.index(v) + len(v)}
        for v in values
    ]


def test_a_product_followed_by_the_word_price_is_still_a_product() -> None:
    # Set BJ #49: "and microsoft 365 family price" was read as a price level ("4090 money").
    from actions.products import named_products

    text = "do you have 2 more eset in stock? and microsoft 365 family price"
    tracker = tracker_for(
        text, "product_availability", _mentions(text, "eset", "microsoft 365 family")
    )
    assert [name for name, _ in named_products(tracker)] == ["eset", "microsoft 365 family"]
    level = "something around that, not 4090 price range"
    assert (
        named_products(tracker_for(level, "product_availability", _mentions(level, "4090"))) == []
    )


ESET = {"sku": "SW-ESET-HOME-3", "name": "ESET Home Security, 3 devices", "price": "59.00"}
M365 = {"sku": "SW-M365-FAMILY", "name": "Microsoft 365 Family, 1 year", "price": "99.00"}


def _stock(product: dict, available: int) -> dict:
    return {**product, "available": available, "backordered_quantity": 0}


def _catalogue(*products: dict) -> dict:
    routes: dict = {}
    for product in products:
        routes[("GET", f"/v1/products/{product['sku']}/availability")] = (
            200,
            _stock(product, 40),
        )
    return routes


async def test_two_products_asked_beside_a_line_of_the_order_are_each_answered() -> None:
    # Set BJ #49: the ESET on the order, "do you have 2 more eset in stock? and microsoft 365
    # family price": the shop's stock of both, not only the second.
    import httpx

    order = order_json(
        lines=[
            line_json(line_no=1, sku=ESET["sku"], name=ESET["name"], quantity=2, status="shipped")
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/orders/lookup":
            return httpx.Response(200, json=order)
        if request.url.path == "/v1/products/search":
            q = request.url.params.get("q", "").lower()
            hit = ESET if "eset" in q else M365
            return httpx.Response(200, json=[{**hit, "score": 1.0, "category": "software"}])
        for product in (ESET, M365):
            if request.url.path == f"/v1/products/{product['sku']}/availability":
                return httpx.Response(200, json=_stock(product, 40))
        return httpx.Response(404, json={"detail": "not found"})

    text = "do you have 2 more eset in stock? and microsoft 365 family price"
    tracker = tracker_for(
        text,
        "product_availability",
        _mentions(text, "eset", "microsoft 365 family"),
        VERIFIED_SLOTS,
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionCheckAvailability(lambda: client_with(handler)).run(dispatcher, tracker, {})
    names = [m.get("name") for m in dispatcher.messages if m.get("name")]
    assert names == [ESET["name"], M365["name"]], dispatcher.messages


async def test_two_products_heard_as_inform_with_nothing_asked_are_each_answered() -> None:
    # Set BJ #38: "framework 13 vs thinkpad x1 carbon price?" got one of them (and, with no
    # list before it, "Sorry, I didn't understand that").
    import httpx

    from actions.conversation import ActionCoreFallback

    framework = {
        "sku": "LAP-FW13",
        "name": "Framework Laptop 13, Ryzen 7, 32 GB",
        "price": "1479.00",
    }
    thinkpad = {"sku": "LAP-X1C", "name": "Lenovo ThinkPad X1 Carbon Gen 12", "price": "2149.00"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            q = request.url.params.get("q", "").lower()
            hit = thinkpad if "thinkpad" in q else framework
            return httpx.Response(200, json=[{**hit, "score": 1.0, "category": "laptops"}])
        for product in (framework, thinkpad):
            if request.url.path == f"/v1/products/{product['sku']}/availability":
                return httpx.Response(200, json=_stock(product, 5))
        return httpx.Response(404, json={"detail": "not found"})

    text = "framework 13 vs thinkpad x1 carbon price?"
    tracker = tracker_for(text, "inform", _mentions(text, "framework", "thinkpad x1 carbon"))
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionCoreFallback(lambda: client_with(handler)).run(dispatcher, tracker, {})
    names = [m.get("name") for m in dispatcher.messages if m.get("name")]
    assert names == [framework["name"], thinkpad["name"]], dispatcher.messages


async def test_a_budget_right_after_a_list_narrows_that_list() -> None:
    # Set BK #17 (once no longer handed off): "under 500 euro, for 1440p gaming" after the
    # graphics cards in stock got the 829 EUR RTX 4070 Ti.
    import httpx

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/products/search":
            card = {"sku": "GPU-RTX4070TI-12G", "name": "GeForce RTX 4070 Ti 12 GB", "score": 1.0}
            return httpx.Response(200, json=[{**card, "price": "829.00", "category": "gpus"}])
        return httpx.Response(200, json=[])

    listed = [
        user_event("i want a gpu", "product_availability"),
        _asked(
            "Here are the graphics cards we have in stock now, cheapest first: …",
            [
                ("Radeon RX 7700 XT 12 GB", '/product_availability{"product": "GPU-RX7700XT-12G"}'),
                (
                    "GeForce RTX 4070 Ti 12 GB Gaming OC",
                    '/product_availability{"product": "GPU-RTX4070TI-12G"}',
                ),
            ],
        ),
    ]
    tracker = tracker_for(
        "under 500 euro, for 1440p gaming",
        "product_availability",
        [],
        {"product_kind": "GPU"},
        events=listed,
    )
    await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    asked = [r for r in seen if r.url.path == "/v1/products/in-stock"]
    assert asked and asked[0].url.params.get("max_price") == "500", [r.url for r in seen]


ORDER_100170 = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-ARC-A770-16G",
            name="Intel Arc A770 16 GB",
            quantity=1,
            status="backordered",
            unit_price="329.00",
            category="gpus",
        ),
        line_json(
            line_no=2,
            sku="SW-ESET-HOME-3",
            name="ESET Home Security, 3 devices",
            quantity=1,
            status="ready",
            unit_price="59.00",
            category="software",
        ),
    ]
)


@pytest.mark.parametrize(
    "text", ["sadece ekran kartını, eset kalsın", "just the graphics card, keep the eset"]
)
async def test_only_the_part_proposed_narrowed_is_that_cancellation(text: str) -> None:
    # Set BJ #8: to "cancel the Arc A770?", "sadece ekran kartını, eset kalsın" left the order
    # as it was; the NLU now makes it `cancel_order`, and the proposal is the card alone.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    seen: list = []
    cancelled = {
        **ORDER_100170,
        "lines": [{**ORDER_100170["lines"][0], "status": "cancelled"}, ORDER_100170["lines"][1]],
    }
    handler = routing(
        {
            LOOKUP: (200, ORDER_100170),
            ("POST", "/v1/orders/100042/lines/1/cancel"): (200, cancelled),
        },
        seen,
    )
    slots = {
        **VERIFIED_SLOTS,
        "language": "tr" if "sadece" in text else "en",
        "pending": "cancel",
        "pending_detail": {
            "scope": "line",
            "order_number": "100042",
            "line_no": 1,
            "parts": [[1, 1]],
            "name": "Intel Arc A770 16 GB",
            "quantity": 1,
            "amount": "329.00",
            "currency": "EUR",
        },
    }
    card = "ekran kartı" if "sadece" in text else "graphics card"
    mentions = [
        {
            "entity": "product",
            "value": "graphics card",
            "start": text.index(card),
            "end": text.index(card) + len(card),
        },
        {
            "entity": "product",
            "value": "eset",
            "start": text.index("eset"),
            "end": text.index("eset") + 4,
        },
    ]
    proposed = [
        user_event("100170 ekran kartı hala bekliyor, iptal etmek istiyorum", "cancel_order"),
        {"event": "action", "name": "action_propose_cancel"},
        {
            "event": "bot",
            "text": "Cancel 1 × Intel Arc A770 16 GB?",
            "metadata": {"utter_action": "utter_cancel_confirm_line"},
        },
        {"event": "slot", "name": "pending", "value": "cancel"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = tracker_for(text, "cancel_order", mentions, slots, events=proposed)
    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(lambda: client_with(handler)).run(dispatcher, tracker, {})
    slot = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    said = [m.get("response") for m in dispatcher.messages]
    # The same cancellation as the one waiting, narrowed to it: that yes, the card cancelled.
    assert slot.get("pending") is None, (slot, said)
    posted = [r.url.path for r in seen if r.method == "POST" and "/lines/" in r.url.path]
    assert posted == ["/v1/orders/100042/lines/1/cancel"], (posted, said)


def _limit_said(response: str) -> list[dict]:
    return [
        user_event("any discount for 5 units? we are a company", "discount"),
        {"event": "action", "name": "action_explain_limit"},
        {
            "event": "bot",
            "text": "I can't give discounts …",
            "metadata": {"utter_action": response},
        },
    ]


async def test_a_limit_taken_then_another_question_answers_the_question() -> None:
    # Set BK #22: "ok no discount then. can we pay by bank transfer" got the discount limit again.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "ok no discount then. can we pay by bank transfer",
        "discount",
        events=_limit_said("utter_limit_discount"),
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_fact_payment_methods"], said


async def test_a_sign_up_naming_a_product_talked_about_before_is_for_that_product() -> None:
    # Set BK #13: OLED followed, then the Dell's stock, then "ok just the notification for the
    # oled please" was answered about the Dell ("it's in stock right now").
    import httpx

    from actions.subscriptions import ActionSubscribe

    oled = {"sku": "MON-LG-27GR95QE", "name": 'LG UltraGear 27GR95QE 27" OLED 240 Hz'}
    dell = {"sku": "MON-DELL-U2724D", "name": 'Dell UltraSharp U2724D 27" QHD'}
    subscribed: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        for product, available in ((oled, 0), (dell, 12)):
            if request.url.path == f"/v1/products/{product['sku']}/availability":
                return httpx.Response(
                    200,
                    json={
                        **product,
                        "price": "899.00",
                        "available": available,
                        "backordered_quantity": 0,
                    },
                )
        if request.url.path == "/v1/subscriptions" and request.method == "POST":
            body = json.loads(request.content)
            subscribed.append(body)
            return httpx.Response(
                200,
                json={
                    "id": 1,
                    "sku": body.get("sku"),
                    "order_number": None,
                    "channel": "telegram",
                    "address": "1",
                    "created": False,
                },
            )
        return httpx.Response(404, json={"detail": "not found"})

    events = [
        {"event": "slot", "name": "product_sku", "value": oled["sku"]},
        user_event("and the dell u2724d, in stock? price?", "product_availability"),
        {"event": "slot", "name": "product_sku", "value": dell["sku"]},
    ]
    tracker = tracker_for(
        "ok just the notification for the oled please",
        "subscribe_updates",
        [],
        {"product_sku": dell["sku"]},
        events=events,
        sender_id="tg:1",
    )
    await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert [s.get("sku") for s in subscribed] == [oled["sku"]], subscribed


async def test_just_tell_me_when_they_ship_is_the_date_now() -> None:
    # Set BJ #25: "ok. then just tell me when they ship" signed up for messages.
    from actions.subscriptions import ActionSubscribe

    seen: list = []
    order = order_json(
        lines=[line_json(line_no=1, name="AMD Ryzen 9 7950X", quantity=3, status="ready")]
    )
    handler = routing({LOOKUP: (200, order)}, seen)
    tracker = tracker_for(
        "ok. then just tell me when they ship", "subscribe_updates", [], VERIFIED_SLOTS
    )
    said = await said_by(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert not [r for r in seen if r.url.path == "/v1/subscriptions"], said
    assert "utter_line_intro" in said or any("line" in s for s in said), said
    asked = tracker_for(
        "can you message me when they ship", "subscribe_updates", [], VERIFIED_SLOTS
    )
    seen.clear()
    subscribed = {"id": 1, "order_number": "100042", "sku": None, "channel": "web", "created": True}
    routes = {LOOKUP: (200, order), ("POST", "/v1/subscriptions"): (201, subscribed)}
    await said_by(ActionSubscribe(lambda: client_with(routing(routes, seen))), asked)
    assert [r for r in seen if r.url.path == "/v1/subscriptions"]


async def test_the_strongest_in_stock_comes_first() -> None:
    # Set BK #8 (and BI #8): "ok whats the strongest card u have right now and price" got the
    # cards cheapest first, and no word of which is the strongest.
    import httpx

    from actions.browse import browse_request, show_in_stock

    cards = [
        {"sku": "GPU-A", "name": "Radeon RX 7700 XT 12 GB", "price": "459.00", "available": 25},
        {
            "sku": "GPU-B",
            "name": "GeForce RTX 4080 Super 16 GB",
            "price": "1099.00",
            "available": 26,
        },
        {"sku": "GPU-C", "name": "Radeon RX 7900 XTX 24 GB", "price": "999.00", "available": 59},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{**c, "currency": "EUR"} for c in cards])

    from rasa_sdk.executor import CollectingDispatcher

    text = "ok whats the strongest card u have right now and price"
    wanted = browse_request(text)
    assert wanted is not None and wanted.top_first
    dispatcher = CollectingDispatcher()
    await show_in_stock(
        client_with(handler), dispatcher, tracker_for(text, "product_availability"), wanted
    )
    said = [(m.get("response"), m.get("name")) for m in dispatcher.messages]
    assert said[0][0] == "utter_in_stock_intro_top"
    assert [name for _, name in said[1:4]] == [
        "GeForce RTX 4080 Super 16 GB",
        "Radeon RX 7900 XTX 24 GB",
        "Radeon RX 7700 XT 12 GB",
    ]


@pytest.mark.parametrize(
    ("said", "resumed"),
    [
        ("order 100335. 3 i7 14700k. back-ordered. AGAIN. amazing service", None),
        ("this is ridiculous, drop the ssd from 100042", "cancel"),
        ("cancel order 100200 please!!", "cancel"),
        # Set BJ #13: asked why, once the order was found, "There's nothing left to cancel".
        ("why is my order 100195 cancelled?? i didnt cancel anything", None),
    ],
)
def test_venting_heard_as_a_cancellation_resumes_none(said: str, resumed: str | None) -> None:
    # Set BK #32: once verified, the venting customer was offered the cancellation of all three.
    from actions.resume import request_to_resume

    events = [
        user_event(said, "cancel_order"),
        {"event": "action", "name": "action_propose_cancel"},
        {"event": "action", "name": "order_lookup_form"},
        {"event": "active_loop", "name": "order_lookup_form"},
        user_event("burak.235@example.net", "inform"),
        {"event": "action", "name": "order_lookup_form"},
        {"event": "active_loop", "name": None},
        {"event": "action", "name": "action_check_order_status"},
    ]
    tracker = tracker_for("burak.235@example.net", "inform", [], VERIFIED_SLOTS, events=events[:-3])
    tracker.events[:] = events
    assert request_to_resume(tracker) == resumed


@pytest.mark.parametrize(
    ("text", "swap"),
    [
        ("can i change the 7700 xt (not shipped yet) to another 7800 xt nitro+?", True),
        ("change my 4060 for a 4070 ti please", True),
        ("can i change the address to my office", False),
        ("change the quantity to 2", False),
        ("can you change the delivery date to monday", False),
    ],
)
def test_changing_a_product_to_another_is_a_swap(text: str, swap: bool) -> None:
    # Set BK #48: "can i change the 7700 xt (not shipped yet) to another 7800 xt nitro+?" got
    # the lines' status instead of the in-stock line's answer (its cancellation, to reorder).
    from actions.cancel import SWAP_ASKED

    assert bool(SWAP_ASKED.search(text)) is swap


async def test_a_family_word_after_a_product_is_its_sibling_price() -> None:
    # Set BJ #27: "peki pro ne kadar?" after Windows 11 Home got the Home's price.
    import httpx

    from actions.faq import ActionAnswerFaq

    home = {"sku": "SW-WIN11-HOME", "name": "Windows 11 Home licence", "price": "139.00"}
    pro = {"sku": "SW-WIN11-PRO", "name": "Windows 11 Pro licence", "price": "199.00"}

    def handler(request: httpx.Request) -> httpx.Response:
        for product in (home, pro):
            if request.url.path == f"/v1/products/{product['sku']}/availability":
                return httpx.Response(200, json=_stock(product, 80))
        if request.url.path == "/v1/products/search":
            hits = [{**p, "score": 0.9, "category": "software"} for p in (home, pro)]
            return httpx.Response(200, json=hits)
        return httpx.Response(404, json={"detail": "not found"})

    tracker = tracker_for(
        "peki pro ne kadar?", "faq", [], {"product_sku": home["sku"], "language": "tr"}
    )
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/payment"}}
    }
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq(lambda: client_with(handler)).run(dispatcher, tracker, {})
    assert [m.get("name") for m in dispatcher.messages if m.get("name")] == [pro["name"]]


async def test_two_products_heard_as_inform_after_a_list_are_each_answered() -> None:
    # Set BJ #38: "framework 13 vs thinkpad x1 carbon price?" after the laptops list (with the
    # Framework on a button) got the Framework alone.
    import httpx

    from actions.conversation import ActionCoreFallback

    framework = {
        "sku": "LAP-FW13",
        "name": "Framework Laptop 13, Ryzen 7, 32 GB",
        "price": "1479.00",
    }
    thinkpad = {"sku": "LAP-X1C", "name": "Lenovo ThinkPad X1 Carbon Gen 12", "price": "2149.00"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            q = request.url.params.get("q", "").lower()
            hit = thinkpad if "thinkpad" in q else framework
            return httpx.Response(200, json=[{**hit, "score": 1.0, "category": "laptops"}])
        for product in (framework, thinkpad):
            if request.url.path == f"/v1/products/{product['sku']}/availability":
                return httpx.Response(200, json=_stock(product, 5))
        return httpx.Response(404, json={"detail": "not found"})

    listed = [
        user_event("laptop under 1500 eur, what do you have", "product_availability"),
        _asked(
            "Here are the laptops we have in stock now …",
            [(framework["name"], '/product_availability{"product": "LAP-FW13"}')],
        ),
    ]
    text = "framework 13 vs thinkpad x1 carbon price?"
    tracker = tracker_for(
        text, "inform", _mentions(text, "framework", "thinkpad x1 carbon"), events=listed
    )
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionCoreFallback(lambda: client_with(handler)).run(dispatcher, tracker, {})
    names = [m.get("name") for m in dispatcher.messages if m.get("name")]
    assert names == [framework["name"], thinkpad["name"]], dispatcher.messages


async def test_also_another_product_after_a_product_sign_up_signs_up_for_it_too() -> None:
    # Set BJ #31: "also the i5 14600k" after the sign-up for the Ryzen 5 7600X got its stock.
    import httpx

    i5 = {"sku": "CPU-I5-14600K", "name": "Intel Core i5-14600K", "price": "309.00"}
    posted: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[{**i5, "score": 1.0, "category": "cpus"}])
        if request.url.path == f"/v1/products/{i5['sku']}/availability":
            return httpx.Response(200, json={**i5, "available": 0, "backordered_quantity": 4})
        if request.url.path == "/v1/subscriptions" and request.method == "POST":
            posted.append(json.loads(request.content))
            body = {
                "id": 2,
                "sku": i5["sku"],
                "order_number": None,
                "channel": "telegram",
                "address": "1",
                "created": True,
            }
            return httpx.Response(201, json=body)
        return httpx.Response(404, json={"detail": "not found"})

    signed = [
        user_event("can you tell me when the ryzen 5 7600x is back in stock", "subscribe_updates"),
        {"event": "action", "name": "action_subscribe"},
        {
            "event": "bot",
            "text": "Done: …",
            "metadata": {"utter_action": "utter_subscribed_product"},
        },
    ]
    text = "also the i5 14600k"
    tracker = tracker_for(
        text, "product_availability", _mentions(text, "i5 14600k"), events=signed, sender_id="tg:1"
    )
    await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert [p.get("sku") for p in posted] == [i5["sku"]]


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
async def test_telegram_is_fine_after_a_sign_up_is_agreed(intent: str) -> None:
    # Set BJ #31: "telegram is fine" after a sign-up got "Sorry, I can't help with that".
    from actions.conversation import ActionFallback, ActionOutOfScope

    signed = [
        user_event("also the i5 14600k", "product_availability"),
        {
            "event": "bot",
            "text": "Done: …",
            "metadata": {"utter_action": "utter_subscribed_product"},
        },
    ]
    tracker = tracker_for("telegram is fine", intent, events=signed, sender_id="tg:1")
    action = ActionOutOfScope if intent == "out_of_scope" else ActionFallback
    said = await said_by(action(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_subscribed_where_agreed"]


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("👍👍 also rate 5⭐", 5),
        ("5⭐", 5),
        ("i'd rate you 4", 4),
        ("what's the exchange rate", None),
    ],
)
def test_a_star_emoji_or_rate_gives_the_rating(text: str, rating: int | None) -> None:
    # Set BJ #50: "👍👍 also rate 5⭐" was asked the rating again.
    from backorder_common.ratings import rating_in, states_a_rating

    assert states_a_rating(text) is (rating is not None)
    assert rating_in(text) == rating


def test_ok_swap_it_after_the_swap_buttons_takes_the_one_named_before() -> None:
    # Set BK #41: "…can I swap it for something in stock? like the wd black 2tb", the list,
    # then "ok swap it" got the list again.
    from actions.choice import picked

    events = [
        user_event(
            "and the crucial 4tb, can I swap it for something in stock? like the wd black 2tb",
            "product_availability",
        ),
        _asked(
            "Similar products to Crucial P3 Plus 4 TB that are in stock now: …",
            [
                ("Swap to Samsung 990 Pro 2 TB NVMe", '/swap_item{"product": "SSD-SAM990-2TB"}'),
                ("Swap to WD Black SN850X 2 TB", '/swap_item{"product": "SSD-WDSN850X-2TB"}'),
                ("No, I'll wait", "/deny"),
            ],
        ),
    ]
    tracker = tracker_for("ok swap it", "swap_item", [], VERIFIED_SLOTS, events=events)
    button, ask = picked(tracker, ("swap_item",))
    assert button is not None and "SSD-WDSN850X-2TB" in button["payload"], (button, ask)


def test_something_in_stock_like_a_model_names_that_model() -> None:
    from actions.swap import given_as_example

    assert given_as_example("swap it for something in stock, like samsung 990 pro 2tb") == (
        "samsung 990 pro 2tb"
    )
    assert given_as_example("swap it for something in stock like a 2tb one") is None


async def test_the_remaining_one_beside_another_line_is_answered_too() -> None:
    # Set BK #5: "and when is the remaining one expected? also the crucial 4tb" right after 2
    # of the 3 7800X3D were cancelled answered only the Crucial.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.orders import answer_named_lines
    from tests.actions.factories import load_domain  # noqa: F401

    order = order_json(
        lines=[
            line_json(
                line_no=2,
                sku="CPU-R7-7800X3D",
                name="AMD Ryzen 7 7800X3D",
                quantity=1,
                status="backordered",
            ),
            line_json(
                line_no=3,
                sku="SSD-CRUCIAL-P3-4TB",
                name="Crucial P3 Plus 4 TB",
                quantity=1,
                status="backordered",
            ),
        ]
    )
    tracker = tracker_for(
        "and when is the remaining one expected? also the crucial 4tb",
        "product_availability",
        [],
        {**VERIFIED_SLOTS, "product_sku": "CPU-R7-7800X3D"},
    )
    dispatcher = CollectingDispatcher()
    import datetime as dt

    assert await answer_named_lines(
        client_with(routing({LOOKUP: (200, order)})), dispatcher, tracker, dt.date(2026, 12, 8)
    )
    names = [m.get("name") for m in dispatcher.messages if m.get("name")]
    assert names == ["AMD Ryzen 7 7800X3D", "Crucial P3 Plus 4 TB"], dispatcher.messages


async def test_buying_one_more_of_a_product_is_its_stock_not_a_swap() -> None:
    # Set BK #45: "my i7 14700k from order 100390 came, works great. i want to buy one more for
    # my brother" (heard as a swap) asked for the order's email, then "which product?".
    import httpx

    from actions.swap import ActionProposeSwap

    i7 = {"sku": "CPU-I7-14700K", "name": "Intel Core i7-14700K", "price": "419.00"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[{**i7, "score": 1.0, "category": "cpus"}])
        if request.url.path == f"/v1/products/{i7['sku']}/availability":
            return httpx.Response(200, json={**i7, "available": 3, "backordered_quantity": 0})
        return httpx.Response(404, json={"detail": "not found"})

    text = (
        "hi, my i7 14700k from order 100390 came, works great. i want to buy one more for my"
        " brother"
    )
    tracker = tracker_for(
        text,
        "swap_item",
        [*_mentions(text, "i7 14700k"), entity("order_number", "100390")],
    )
    said = await said_by(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert said and said[0].startswith("utter_availability"), said


def test_where_are_my_named_keys_is_the_missing_key() -> None:
    # Set BK #47: "where are my adobe creative cloud keys? it says shipped" got the status alone.
    from actions.topics import asked_topics

    text = "hi order 100155, postal 66736. where are my adobe creative cloud keys? it says shipped"
    assert asked_topics(text) == ["utter_limit_licence_key_missing"]
    assert asked_topics("where is my order") == []


async def test_can_you_or_not_after_a_limit_is_pushing_back_on_it() -> None:
    # Set BK #16: "can you send it to this email or not" right after the invoice's limit got
    # the address limit.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "can you send it to this email or not",
        "change_order",
        events=_limit_said("utter_limit_invoice"),
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_again"], said


async def test_two_products_compared_after_swap_buttons_choose_none() -> None:
    # Set BK #4: "how much is the 4070 ti gaming oc vs the 7700 xt" after swap buttons (the 7700
    # XT among them) proposed the swap to the 7700 XT and left the 4070 Ti out.
    from actions.conversation import answer_choice
    from actions.products import _BETWEEN

    events = [
        user_event("what similar cards do you actually have in stock?", "ask_alternatives"),
        _asked(
            "Similar products …",
            [
                ("Swap to Radeon RX 7700 XT 12 GB", '/swap_item{"product": "GPU-RX7700XT-12G"}'),
                (
                    "Swap to Radeon RX 7800 XT 16 GB Nitro+",
                    '/swap_item{"product": "GPU-RX7800XT-16G"}',
                ),
            ],
        ),
    ]
    text = "how much is the 4070 ti gaming oc vs the 7700 xt"
    tracker = tracker_for(
        text, "product_advice", _mentions(text, "4070 ti", "7700 xt"), VERIFIED_SLOTS, events=events
    )
    from rasa_sdk.executor import CollectingDispatcher

    assert (
        await answer_choice(CollectingDispatcher(), tracker, {}, lambda: client_with(routing({})))
        is None
    )
    assert _BETWEEN.search(text)


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
async def test_an_email_without_its_ending_is_said_incomplete(intent: str) -> None:
    # Set BJ #44: "burak.90@example" while the lookup asked for the proof got "Sorry, I can't
    # help with that".
    from actions.conversation import ActionFallback, ActionOutOfScope

    action = ActionOutOfScope if intent == "out_of_scope" else ActionFallback
    tracker = tracker_for("burak.90@example", intent)
    said = await said_by(action(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_email_incomplete"]


async def test_the_number_help_is_not_said_again_once_the_order_is_found() -> None:
    # Set BK #43: "i dont remember the number", "ok found it 100185", then the email: the order,
    # and again "I can only look an order up by its number".
    from actions.orders import ActionCheckOrderStatus

    events = [
        user_event("my order hasnt come", "order_status"),
        {"event": "action", "name": "order_lookup_form"},
        {"event": "active_loop", "name": "order_lookup_form"},
        user_event("i dont remember the number", "inform"),
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_ask_order_number"}},
        user_event("ok found it 100185", "inform"),
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_ask_verification"}},
    ]
    order = order_json(lines=[line_json(line_no=1, name="WD Black SN850X 1 TB", status="shipped")])
    tracker = tracker_for("mia.85@example.net", "inform", [], VERIFIED_SLOTS, events=events)
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert "utter_order_number_help" not in said, said


async def test_do_you_have_beside_a_hold_gets_the_stock_too() -> None:
    # Set BJ #24: "do you have the Crucial 16gb ddr4 3200 kit? can you hold one for me until
    # saturday" got the hold's limit and not a word about the stock.
    text = "do you have the Crucial 16gb ddr4 3200 kit? can you hold one for me until saturday"
    seen: list = []
    handler = routing({("GET", "/v1/products/in-stock"): (200, [])}, seen)
    tracker = tracker_for(text, "product_availability", _mentions(text, "ddr4"))
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_limit_reservation" in said
    assert [r for r in seen if r.url.path.startswith("/v1/products")], said


def test_shipping_faster_now_after_a_change_is_no_express_question() -> None:
    # Set BK #2: "will the ssds ship faster now or were they waiting for the gpu" also got
    # "I can't offer faster or same-day delivery".
    from actions.topics import asked_topics

    assert "utter_limit_express" not in asked_topics(
        "will the ssds ship faster now or were they waiting for the gpu"
    )
    assert "utter_limit_express" in asked_topics("can you ship it faster? i need it by friday")


async def test_keep_everything_after_a_limit_keeps_the_order() -> None:
    # Set BK #38: "keep everything. i'll ask the building to receive it" after the address limit
    # got the address limit again.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "keep everything. i'll ask the building to receive it",
        "change_order",
        events=_limit_said("utter_limit_change_order"),
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_kept_order"], said


async def test_a_line_that_came_so_thats_fine_is_no_question() -> None:
    # Set BK #19: "the samsung 990 pro already arrived btw so thats fine" got the line's status.
    from actions.conversation import ActionFallback

    text = "the samsung 990 pro already arrived btw so thats fine"
    tracker = tracker_for(text, "nlu_fallback", _mentions(text, "samsung 990 pro"), VERIFIED_SLOTS)
    said = await said_by(ActionFallback(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_glad_it_arrived"], said


async def test_why_cancelled_asked_before_the_proof_is_answered_after_it() -> None:
    # Set BJ #13: "why is my order 100195 cancelled?? i didnt cancel anything", then the
    # postcode: the cancelled lines and "anything else?", never a word on why.
    from actions.orders import ActionCheckOrderStatus

    events = [
        user_event("why is my order 100195 cancelled?? i didnt cancel anything", "cancel_order"),
        {"event": "action", "name": "action_propose_cancel"},
        {"event": "action", "name": "order_lookup_form"},
        {"event": "active_loop", "name": "order_lookup_form"},
    ]
    order = order_json(
        lines=[line_json(line_no=1, name="LG UltraGear 27GR95QE", quantity=2, status="cancelled")]
    )
    tracker = tracker_for("01897", "inform", [], VERIFIED_SLOTS, events=events)
    said = await said_by(
        ActionCheckOrderStatus(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert "utter_sorry_cancelled_unknown" in said, said


async def test_how_much_extra_after_cancelling_to_order_another_is_the_comparison() -> None:
    # Set BK #48: the in-stock 7700 XT cancelled to order a 7800 XT Nitro+ instead, then "how
    # much extra do i pay? 😅" got "Everything on order 100220 has shipped already".
    import httpx

    from actions.swap import ActionProposeSwap

    nitro = {"sku": "GPU-RX7800XT-16G", "name": "Radeon RX 7800 XT 16 GB Nitro+", "price": "559.00"}
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku=nitro["sku"],
                name=nitro["name"],
                status="shipped",
                unit_price="559.00",
                category="graphics_cards",
            ),
            line_json(
                line_no=2,
                sku="GPU-RX7700XT-12G",
                name="Radeon RX 7700 XT 12 GB",
                status="cancelled",
                unit_price="459.00",
                category="graphics_cards",
            ),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/orders/lookup":
            return httpx.Response(200, json=order)
        if request.url.path == "/v1/products/search":
            return httpx.Response(200, json=[{**nitro, "score": 1.0, "category": "graphics_cards"}])
        return httpx.Response(404, json={"detail": "not found"})

    events = [
        user_event(
            "can i change the 7700 xt (not shipped yet) to another 7800 xt nitro+?", "swap_item"
        ),
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_cancel_confirm_line"}},
        user_event("yes pls 🙏", "affirm"),
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_cancel_done_line"}},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_order_the_one_wanted"}},
    ]
    tracker = tracker_for(
        "how much extra do i pay? 😅", "swap_item", [], VERIFIED_SLOTS, events=events
    )
    said = await said_by(ActionProposeSwap(lambda: client_with(handler)), tracker)
    assert said == ["utter_swap_in_stock_costs_more"], said


async def test_get_it_replaced_after_the_damage_answer_is_the_replacement() -> None:
    # Set BJ #19: "is there a way to get it replaced?" after the damage answer got the generic
    # "a person can look at it" line.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "is there a way to get it replaced?",
        "damaged_item",
        events=_limit_said("utter_limit_damaged_item"),
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_replacement"], said


async def test_an_indignant_how_after_the_tracking_answer_is_not_that_answer_again() -> None:
    # Set BJ #7: "seriously? how am i supposed to know where it is then" repeated the email /
    # "My orders" line.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "seriously? how am i supposed to know where it is then",
        "tracking",
        events=_limit_said("utter_limit_tracking"),
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    assert "utter_tracking_where" not in said, said


async def test_alternatives_at_the_same_price_come_closest_in_price_first() -> None:
    # Set BJ #21: "aynı fiyatlarda stokta kart var mı" led with a card 19% dearer and listed
    # one 134% dearer.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.products import ActionSuggestAlternatives

    order = order_json(
        lines=[
            line_json(
                line_no=2,
                sku="GPU-RTX4060TI-16G",
                name="GeForce RTX 4060 Ti 16 GB",
                quantity=2,
                status="backordered",
                unit_price="469.00",
            )
        ]
    )
    offered = [
        {
            "sku": "GPU-RX7800XT-16G",
            "name": "Radeon RX 7800 XT 16 GB Nitro+",
            "price": "559.00",
            "available": 17,
            "reasons": [],
        },
        {
            "sku": "GPU-RX7700XT-12G",
            "name": "Radeon RX 7700 XT 12 GB",
            "price": "459.00",
            "available": 27,
            "reasons": [],
        },
        {
            "sku": "GPU-RTX4080S-16G",
            "name": "GeForce RTX 4080 Super 16 GB",
            "price": "1099.00",
            "available": 26,
            "reasons": [],
        },
    ]
    handler = routing(
        {
            LOOKUP: (200, order),
            ("GET", "/v1/products/GPU-RTX4060TI-16G/alternatives"): (200, offered),
        }
    )
    tracker = tracker_for(
        "bekleyemem, aynı fiyatlarda stokta kart var mı",
        "ask_alternatives",
        [],
        {**VERIFIED_SLOTS, "language": "tr"},
    )
    dispatcher = CollectingDispatcher()
    await ActionSuggestAlternatives(lambda: client_with(handler)).run(dispatcher, tracker, {})
    listed = [
        m.get("name") for m in dispatcher.messages if m.get("response") == "utter_alternative"
    ]
    assert listed == ["Radeon RX 7700 XT 12 GB", "Radeon RX 7800 XT 16 GB Nitro+"], (
        dispatcher.messages
    )


ORDER_100325 = order_json(
    lines=[
        line_json(
            line_no=1,
            sku="GPU-RX7600-8G",
            name="Radeon RX 7600 8 GB Pulse",
            quantity=1,
            status="backordered",
            unit_price="289.00",
            category="graphics_cards",
        ),
        line_json(
            line_no=2,
            sku="SSD-CRUCIAL-P3-4TB",
            name="Crucial P3 Plus 4 TB",
            quantity=2,
            status="backordered",
            unit_price="239.00",
            category="ssds",
        ),
        line_json(
            line_no=3,
            sku="GPU-RTX4070S-12G",
            name="GeForce RTX 4070 Super 12 GB",
            status="backordered",
            unit_price="629.00",
            category="graphics_cards",
        ),
    ]
)


async def test_everything_in_another_sentence_is_no_whole_order_cancellation() -> None:
    # Set BM #2: "Is everything in it back-ordered?? I want to cancel the Radeon RX 7600 Pulse,
    # and tell me when …" proposed cancelling the whole order.
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cancel import ActionProposeCancel

    text = (
        "Hello, order 100325, postcode 59039. Is everything in it back-ordered?? I want to cancel"
        " the Radeon RX 7600 Pulse, and tell me when the 4070 Super and the two Crucial 4TB"
        " drives are expected."
    )
    tracker = tracker_for(
        text, "order_status", _mentions(text, "Radeon RX 7600", "4070 Super"), VERIFIED_SLOTS
    )
    dispatcher = CollectingDispatcher()
    events = await ActionProposeCancel(
        lambda: client_with(routing({LOOKUP: (200, ORDER_100325)}))
    ).run(dispatcher, tracker, {})
    detail = next(e["value"] for e in events if e.get("name") == "pending_detail")
    assert detail["parts"] == [[1, 1]], detail


async def test_a_question_of_what_there_is_keeps_the_waiting_cancellation() -> None:
    # Set BM #2: "is there any 4 TB ssd you have in stock right now instead of the crucials?"
    # while the RX 7600's cancellation waited: "Okay, I won't cancel anything".
    waiting = {
        "scope": "line",
        "order_number": "100042",
        "line_no": 1,
        "parts": [[1, 1]],
        "name": "Radeon RX 7600 8 GB Pulse",
        "quantity": 1,
        "amount": "289.00",
        "currency": "EUR",
    }
    handler = routing(
        {
            LOOKUP: (200, ORDER_100325),
            ("GET", "/v1/products/in-stock"): (200, []),
            ("GET", "/v1/products/SSD-CRUCIAL-P3-4TB/alternatives"): (200, []),
        }
    )
    tracker = tracker_for(
        "is there any 4 TB ssd you have in stock right now instead of the crucials?",
        "product_availability",
        [],
        {**VERIFIED_SLOTS, "pending": "cancel", "pending_detail": waiting},
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(handler)), tracker)
    assert "utter_kept_order_swap_instead" not in said, said
    assert said[-1] == "utter_cancel_still_pending", said


CANCELLED_ORDER = order_json(
    lines=[line_json(line_no=1, name="LG UltraGear 27GR95QE", quantity=2, status="cancelled")]
)


async def test_an_order_reported_cancelled_is_shown_not_cancelled_again() -> None:
    # Set BL #7: "my order 100195 shows cancelled?? I didn't cancel anything. email …" ended
    # with "There's nothing left to cancel".
    from actions.cancel import ActionProposeCancel

    text = "hi my order 100195 shows cancelled?? I didn't cancel anything"
    said = await said_by(
        ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, CANCELLED_ORDER)}))),
        tracker_for(text, "cancel_order", [], VERIFIED_SLOTS),
    )
    assert said == ["utter_sorry_cancelled_unknown"], said


async def test_who_cancelled_it_is_why_it_was_cancelled() -> None:
    # Set BL #7: "who cancelled it and why" got the cancellation policy.
    from actions.faq import ActionAnswerFaq

    tracker = tracker_for("who cancelled it and why", "faq", [], VERIFIED_SLOTS)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/cancellation"}}
    }
    said = await said_by(
        ActionAnswerFaq(lambda: client_with(routing({LOOKUP: (200, CANCELLED_ORDER)}))), tracker
    )
    assert said == ["utter_sorry_cancelled_unknown"], said


async def test_anything_on_a_shelf_is_what_is_in_stock_instead() -> None:
    # Set BL #6: "do you have anything that's actually on a shelf" got "Sorry, I didn't
    # understand that".
    from actions.conversation import ActionFallback

    seen: list = []
    order = order_json(
        lines=[
            line_json(
                line_no=1,
                sku="CPU-I7-14700K",
                name="Intel Core i7-14700K",
                quantity=3,
                status="backordered",
            )
        ]
    )
    handler = routing(
        {LOOKUP: (200, order), ("GET", "/v1/products/CPU-I7-14700K/alternatives"): (200, [])},
        seen,
    )
    tracker = tracker_for(
        "do you have anything that's actually on a shelf", "nlu_fallback", [], VERIFIED_SLOTS
    )
    await said_by(ActionFallback(lambda: client_with(handler)), tracker)
    assert [r for r in seen if r.url.path.endswith("/alternatives")]


async def test_both_shipped_asked_back_is_the_lines_again() -> None:
    # Set BL #37: "cool both shipped?" right after the order got "Sorry, I didn't understand".
    from actions.conversation import ActionFallback

    order = order_json(
        lines=[line_json(line_no=1, name="Samsung 870 EVO 2 TB SATA", status="shipped")]
    )
    tracker = tracker_for("cool both shipped?", "nlu_fallback", [], VERIFIED_SLOTS)
    said = await said_by(
        ActionFallback(lambda: client_with(routing({LOOKUP: (200, order)}))), tracker
    )
    assert said[:2] == ["utter_line_intro", "utter_line_shipped"], said


async def test_the_product_of_an_add_request_is_the_one_talked_about() -> None:
    # Set BL #32: "can you add a kingston fury 32gb ddr5 to the same order?" (only "32gb ddr5"
    # marked), then "ok how much is it and is it in stock" got the order's status.
    import httpx

    from actions.products import remembered_product

    kit = {"sku": "RAM-DDR5-32-5600", "name": "Kingston Fury Beast 32 GB DDR5-5600"}
    other = {"sku": "RAM-DDR5-32-6000", "name": "Corsair Vengeance 32 GB DDR5-6000"}

    def handler(request: httpx.Request) -> httpx.Response:
        q = request.url.params.get("q", "").lower()
        hits = [kit] if "kingston" in q else [kit, other]
        body = [{**h, "score": 0.9, "price": "95.00", "category": "memory"} for h in hits]
        return httpx.Response(200, json=body)

    text = "can you add a kingston fury 32gb ddr5 to the same order?"
    tracker = tracker_for(text, "change_order", _mentions(text, "32gb ddr5"), VERIFIED_SLOTS)
    events = await remembered_product(client_with(handler), tracker)
    assert {"event": "slot", "timestamp": None, "name": "product_sku", "value": kit["sku"]} in [
        {**e, "timestamp": None} for e in events
    ], events


def test_several_products_each_keep_the_size_typed_after_them() -> None:
    # Set BL #28: "samsung 990 pro 1tb, wd sn850x 1tb and kingston kc3000" asked which SN850X.
    from actions.products import size_after

    text = "hi do you have samsung 990 pro 1tb, wd sn850x 1tb and kingston kc3000 in stock?"
    assert size_after("sn850x", text) == "sn850x 1tb"
    assert size_after("kingston kc3000", text) == "kingston kc3000"


async def test_a_size_none_in_stock_lists_the_other_sizes() -> None:
    # Set BL #28: "what nvme 1tb-ish do you have" got "none" and nothing to pick from.
    import httpx

    from actions.browse import browse_request, show_in_stock

    def handler(request: httpx.Request) -> httpx.Response:
        if "1tb" in request.url.params.get("q", ""):
            return httpx.Response(200, json=[])
        two = {"sku": "SSD-WD-2TB", "name": "WD Black SN850X 2 TB", "price": "179.00"}
        return httpx.Response(200, json=[{**two, "available": 62, "currency": "EUR"}])

    text = "damn. what nvme 1tb-ish do you have"
    wanted = browse_request(text)
    assert wanted is not None
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await show_in_stock(client_with(handler), dispatcher, tracker_for(text, "x"), wanted)
    said = [m.get("response") for m in dispatcher.messages]
    assert said[0] == "utter_in_stock_none_of_that" and "utter_in_stock_item" in said, said


def test_a_word_of_the_waiting_swap_target_names_it() -> None:
    # Set BL #23: "ok swap just one of the two G7 for the BenQ, keep the other on order" while
    # the swap to the BenQ waited listed the alternatives again.
    from actions.swap import _waiting_target_named

    detail = {"new_name": 'BenQ PD3220U 32" 4K Thunderbolt', "line_no": 1}
    tracker = tracker_for(
        "ok swap just one of the two G7 for the BenQ, keep the other on order",
        "swap_item",
        [],
        {"pending": "swap", "pending_detail": detail},
    )
    assert _waiting_target_named(tracker, tracker.latest_message["text"]) == detail["new_name"]


async def test_installation_heard_as_a_swap_is_the_limit_without_the_order() -> None:
    # Set BM #17: "btw do you guys do installation? I want someone to put the 990 pros in my
    # desktop" asked for the order's email.
    from actions.swap import ActionProposeSwap

    tracker = tracker_for(
        "btw do you guys do installation? I want someone to put the 990 pros in my desktop",
        "swap_item",
    )
    said = await said_by(ActionProposeSwap(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_limit_installation"], said


async def test_a_pleased_arrival_names_no_product_to_pick() -> None:
    # Set BM #17: "both MacBooks and the SSDs from order 100305 arrived, super fast 👍" got
    # "I found several products for 'ssds'. Which one do you mean?".
    text = "just wanted to say both MacBooks and the SSDs from order 100305 arrived, super fast 👍"
    tracker = tracker_for(
        text, "product_availability", [*_mentions(text, "SSDs"), entity("order_number", "100305")]
    )
    said = await said_by(ActionCheckAvailability(lambda: client_with(routing({}))), tracker)
    assert said == ["utter_glad_it_arrived"], said


def test_cancel_x_instead_is_a_cancellation() -> None:
    # Set BM #19: "keep the laptops, cancel the 4070 super card instead" asked which line to swap.
    from actions.cancel import asks_to_cancel

    assert asks_to_cancel(
        "a 4060 laptop? no thanks. keep the laptops, cancel the 4070 super card instead"
    )
    assert not asks_to_cancel("swap the 4060 for the 7700 xt instead")


async def test_a_mocking_business_model_remark_is_no_feedback_to_rate() -> None:
    # Set BM #19: "amazing. great business model, selling stuff you don't have" got "How would
    # you rate this chat?".
    from actions.feedback import ActionStoreFeedback

    tracker = tracker_for("amazing. great business model, selling stuff you don't have", "feedback")
    said = await said_by(ActionStoreFeedback(lambda: client_with(routing({}))), tracker)
    assert "utter_ask_rating" not in said, said


async def test_back_in_stock_of_a_line_set_aside_follows_the_product() -> None:
    # Set BM #33: "ok notify me when the 870 evo 2tb is back in stock" (two of them on the
    # order, set aside from stock) signed up for the order's changes.
    from actions.subscriptions import _names_a_line

    order = order_json(
        lines=[
            line_json(
                line_no=1, sku="SSD-SAM870-2TB", name="Samsung 870 EVO 2 TB SATA", status="ready"
            )
        ]
    )
    client = client_with(routing({LOOKUP: (200, order)}))
    text = "ok notify me when the 870 evo 2tb is back in stock"
    assert not await _names_a_line(
        client, tracker_for(text, "subscribe_updates", [], VERIFIED_SLOTS)
    )
    text = "let me know when the 870 evo 2tb ships"
    assert await _names_a_line(client, tracker_for(text, "subscribe_updates", [], VERIFIED_SLOTS))


async def test_then_what_can_you_do_after_a_limit_is_what_the_bot_does() -> None:
    # Set BL #41: "then what CAN you do" after the tracking limit got "I'm afraid that isn't
    # something I can do".
    from rasa_sdk.executor import CollectingDispatcher

    from actions.topics import answered_limit_followup

    tracker = tracker_for(
        "then what CAN you do", "help", events=_limit_said("utter_limit_tracking")
    )
    dispatcher = CollectingDispatcher()
    assert not answered_limit_followup(dispatcher, tracker, whole=True)
    assert dispatcher.messages == []


async def test_a_discount_beside_a_forgotten_number_gets_both_answers() -> None:
    # Set BL #50: "I don't remember the order number. just give me a discount for the trouble"
    # got only where to find the number.
    from actions.limits import ActionExplainLimit

    tracker = tracker_for(
        "I don't remember the order number. just give me a discount for the trouble", "discount"
    )
    said = await said_by(ActionExplainLimit(lambda: client_with(routing({}))), tracker)
    # (A discount "for the trouble" is the compensation's answer since set BQ #21.)
    assert said == ["utter_order_number_not_by_email", "utter_limit_compensation"], said
