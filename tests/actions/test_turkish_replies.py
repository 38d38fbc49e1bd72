"""A Turkish conversation: actions fill their responses' variables in Turkish (dates, money,
lists, buttons, the backend's phrases), and the text the customer reads is the Turkish
variation of domain.yml filled with them (`render` picks the variation as Rasa does)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ActionProposeCancel
from actions.handoff import ActionHandoff
from actions.limits import ActionFrustration
from actions.orders import ActionCheckOrderStatus
from actions.products import ActionCheckAvailability, ActionSuggestAlternatives
from actions.session import ActionSessionStart
from actions.subscriptions import ActionSubscribe
from tests.actions.factories import (
    VERIFIED_SLOTS,
    client_with,
    entity,
    line_json,
    load_domain,
    make_tracker,
    match_json,
    order_json,
    routing,
    tracker_for,
)
from tests.actions.test_response_languages import default, variation

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 11, 24)
TURKISH = {"language": "tr"}
LOOKUP = ("POST", "/v1/orders/lookup")


def render(message: dict[str, Any], language: str) -> str:
    """The text the customer reads: the response's variation for `language`, filled in."""
    name = message["response"]
    chosen = variation(name, language) or default(name)
    values = {k: v for k, v in message.items() if k not in ("response", "buttons")}
    return str(chosen["text"]).format(**values)


async def run(action: Any, tracker: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, load_domain())
    return events, dispatcher.messages


ORDER = order_json(
    lines=[
        line_json(line_no=1),
        line_json(
            line_no=2,
            sku="SSD-SAM990-2TB",
            name="Samsung 990 Pro 2 TB",
            quantity=1,
            status="ready",
            queue_position=None,
            restock_date=None,
            ship_eta={"earliest": "2026-11-25", "latest": "2026-11-27"},
        ),
    ]
)


async def test_a_turkish_order_status_end_to_end() -> None:
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(routing({LOOKUP: (200, ORDER)})), today=lambda: TODAY
    )
    tracker = make_tracker(
        slots={**TURKISH, "order_number": "100042", "email": "ada.lovelace@example.com"}
    )
    _, messages = await run(action, tracker)
    texts = [render(m, "tr") for m in messages]
    assert texts[:3] == [
        "100042 numaralı siparişiniz (3 Kasım Salı tarihinde verildi):",
        "2 × RTX 4070 12 GB: tedarik bekleniyor. Sıradaki yeriniz: 3. Tedarikçinin onayladığı "
        "stok giriş tarihi 9 Aralık Çarşamba; tahmini kargoya veriliş: 10 Aralık Perşembe – "
        "14 Aralık Pazartesi.",
        # (Ordered 3 Nov, in stock, due 25 Nov: later than 1 business day, and it says so.)
        "1 × Samsung 990 Pro 2 TB: stokta ve sizin için ayrıldı, ancak gecikti: stoktaki ürünler "
        "1 iş günü içinde çıkar, siparişiniz ise 3 Kasım Salı tarihli. Bunun için özür dileriz; "
        "tahmini kargoya veriliş artık: 25 Kasım Çarşamba – 27 Kasım Cuma.",
    ]
    assert texts[3] == "Tedarik bekleyen ürünler için ne yapmak istersiniz?"


async def test_the_same_order_in_english_is_as_it_always_was() -> None:
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(routing({LOOKUP: (200, ORDER)})), today=lambda: TODAY
    )
    tracker = make_tracker(slots={"order_number": "100042", "email": "ada.lovelace@example.com"})
    _, messages = await run(action, tracker)
    assert render(messages[1], "en") == (
        "2 × RTX 4070 12 GB: back-ordered. You're number 3 in the queue. The restock is due on "
        "Wed 9 Dec, a date the supplier has confirmed, and we expect to ship it "
        "Thu 10 Dec – Mon 14 Dec."
    )


async def test_a_date_next_year_has_its_year_in_turkish() -> None:
    order = order_json(
        lines=[
            line_json(
                restock_date="2027-01-05",
                ship_eta={"earliest": "2027-01-06", "latest": "2027-01-06"},
            )
        ]
    )
    action = ActionCheckOrderStatus(
        client_factory=lambda: client_with(routing({LOOKUP: (200, order)})), today=lambda: TODAY
    )
    tracker = make_tracker(slots={**TURKISH, "order_number": "100042", "email": "a@example.com"})
    _, messages = await run(action, tracker)
    assert messages[1]["restock_date"] == "5 Ocak 2027 Salı"
    assert messages[1]["ship_window"] == "6 Ocak 2027 Çarşamba"


async def test_availability_gives_the_restock_day_in_turkish() -> None:
    handler = routing(
        {
            ("GET", "/v1/products/search"): (200, [match_json("GPU-RTX4090-24G", "RTX 4090")]),
            ("GET", "/v1/products/GPU-RTX4090-24G/availability"): (
                200,
                {
                    "sku": "GPU-RTX4090-24G",
                    "name": "RTX 4090",
                    "available": 0,
                    "backordered_quantity": 7,
                    "price": "1999.00",
                    "next_restock": {"date": "2026-12-09", "quantity": 10},
                },
            ),
        }
    )
    action = ActionCheckAvailability(lambda: client_with(handler), today=lambda: TODAY)
    tracker = tracker_for(
        "rtx 4090 stokta var mı",
        "product_availability",
        [entity("product", "rtx 4090")],
        slots=TURKISH,
    )
    _, messages = await run(action, tracker)
    assert render(messages[0], "tr") == (
        "RTX 4090 (GPU-RTX4090-24G), fiyatı 1.999,00 €, şu an stokta yok. Bir sonraki stok girişi "
        "9 Aralık Çarşamba tarihinde, 10 adet olarak bekleniyor; gelenler önce hâlihazırda "
        "bekleyen müşterilere gidecek (şu an 7 adet tedarik bekliyor)."
    )
    assert [b["title"] for b in variation("utter_availability_next_steps", "tr")["buttons"]] == [  # type: ignore[index]
        "Stoğa girince haber ver",
        "Stokta benzer ürünler",
    ]


async def test_cancelling_an_order_in_turkish_lira() -> None:
    order = order_json(
        lines=[
            line_json(line_no=1, quantity=1, unit_price="1299.00", currency="TRY"),
            line_json(
                line_no=2,
                sku="RAM-COR-32G",
                name="Corsair 32 GB",
                quantity=2,
                status="ready",
                unit_price="2450.50",
                currency="TRY",
            ),
            line_json(
                line_no=3,
                sku="SSD-X",
                name="Kingston 1 TB",
                quantity=1,
                status="ready",
                unit_price="1000.00",
                currency="TRY",
            ),
        ]
    )
    action = ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)})))
    tracker = tracker_for(
        "siparişimin tamamını iptal etmek istiyorum",
        "cancel_order",
        slots={**VERIFIED_SLOTS, **TURKISH},
    )
    events, messages = await run(action, tracker)
    assert render(messages[0], "tr") == (
        "100042 numaralı siparişte henüz kargoya verilmemiş her şey (1 × RTX 4070 12 GB, "
        "2 × Corsair 32 GB ve 1 × Kingston 1 TB) iptal edilsin mi? 7.200,00 TL ödemeyi yaptığınız "
        "yönteme iade edilir."
    )
    assert SlotSet("pending", "cancel") in events


async def test_which_line_to_cancel_has_a_turkish_whole_order_button() -> None:
    order = order_json(
        lines=[
            line_json(line_no=1, unit_price="619.00"),
            line_json(line_no=2, sku="RAM-X", name="Corsair 32 GB", status="ready"),
        ]
    )
    action = ActionProposeCancel(lambda: client_with(routing({LOOKUP: (200, order)})))
    tracker = tracker_for("bir ürünü iptal et", "cancel_order", slots={**VERIFIED_SLOTS, **TURKISH})
    _, messages = await run(action, tracker)
    assert messages[0]["buttons"][-1]["title"] == "Siparişin tamamı"
    assert messages[0]["buttons"][-1]["payload"] == '/cancel_order{"order_number": "100042"}'


async def test_alternatives_in_turkish_with_reasons_prices_and_swap_buttons() -> None:
    handler = routing(
        {
            LOOKUP: (200, order_json(lines=[line_json(sku="GPU-RTX4070-12G")])),
            ("GET", "/v1/products/GPU-RTX4070-12G/alternatives"): (
                200,
                [
                    {
                        "sku": "GPU-RX7800XT-16G",
                        "name": "Radeon RX 7800 XT 16 GB",
                        "price": "21999.90",
                        "currency": "TRY",
                        "available": 5,
                        "reasons": [
                            "same 16 GB VRAM",
                            "same chipset (RTX 4070)",
                            "3% cheaper",
                            "in stock now",
                        ],
                    }
                ],
            ),
        }
    )
    action = ActionSuggestAlternatives(lambda: client_with(handler))
    tracker = tracker_for(
        "stokta benzer bir şey var mı", "ask_alternatives", slots={**VERIFIED_SLOTS, **TURKISH}
    )
    _, messages = await run(action, tracker)
    assert render(messages[1], "tr") == (
        "1. Radeon RX 7800 XT 16 GB (GPU-RX7800XT-16G), 21.999,90 TL, stokta 5 adet: "
        "aynı 16 GB VRAM; aynı yonga seti (RTX 4070); %3 daha ucuz; şu an stokta."
    )
    titles = [b["title"] for b in messages[2]["buttons"]]
    assert titles == ["Radeon RX 7800 XT 16 GB ile değiştir", "Hayır, beklerim"]
    assert messages[2]["buttons"][0]["payload"] == '/swap_item{"product": "GPU-RX7800XT-16G"}'


def opened(**availability: Any) -> dict[str, Any]:
    free = {
        "in_hours": True,
        "queue_position": 2,
        "expected_wait": "about 1 hour 5 minutes",
        "support_hours": "Mon–Fri 10:00–18:00 Istanbul time",
        "back_at": None,
    }
    free.update(availability)
    return {"id": 7, "status": "waiting", "availability": free}


async def test_the_queue_and_the_wait_in_turkish() -> None:
    handler = routing({("POST", "/v1/handoffs"): (201, opened())})
    _, messages = await run(ActionHandoff(lambda: client_with(handler)), make_tracker(TURKISH))
    assert "Sıradaki yeriniz: 2. Tahmini bekleme süresi: yaklaşık 1 saat 5 dakika." in render(
        messages[0], "tr"
    )


@pytest.mark.parametrize(
    ("back_at", "said"),
    [
        ("tomorrow at 10:00 Istanbul time", "yarın saat 10:00 (İstanbul saati)"),
        ("today at 10:00 Istanbul time", "bugün saat 10:00 (İstanbul saati)"),
        (
            "Monday 30 November at 10:00 Istanbul time",
            "30 Kasım Pazartesi saat 10:00 (İstanbul saati)",
        ),
        # Already Turkish (a backend that answers in the ticket's language): shown as it came.
        ("yarın saat 10:00", "yarın saat 10:00"),
    ],
)
async def test_out_of_hours_in_turkish(back_at: str, said: str) -> None:
    handler = routing({("POST", "/v1/handoffs"): (201, opened(in_hours=False, back_at=back_at))})
    _, messages = await run(ActionHandoff(lambda: client_with(handler)), make_tracker(TURKISH))
    assert messages[0]["support_hours"] == "Pazartesi–Cuma 10:00–18:00 (İstanbul saati)"
    assert messages[0]["back_at"] == said


async def test_a_turkish_subscription_is_stored_in_turkish_and_said_in_turkish() -> None:
    seen: list[httpx.Request] = []
    body = {
        "id": 3,
        "target": "order",
        "order_number": "100042",
        "channel": "telegram",
        "address": "123",
    }
    handler = routing({("POST", "/v1/subscriptions"): (201, body)}, seen)
    tracker = tracker_for(
        "siparişimde değişiklik olursa haber ver",
        "subscribe_updates",
        slots={**VERIFIED_SLOTS, **TURKISH},
        sender_id="tg:123",
    )
    _, messages = await run(ActionSubscribe(lambda: client_with(handler)), tracker)
    assert json.loads(seen[-1].content)["language"] == "tr"
    assert render(messages[0], "tr") == (
        "Tamamdır: 100042 numaralı siparişinizde bir değişiklik olduğunda (yeni bir stok giriş "
        "tarihi, kargoya verilen ya da gönderime hazır bir ürün) haberleri bu sohbete ileteceğim."
    )


async def test_an_angry_customer_hears_the_waiting_items_joined_in_turkish() -> None:
    order = order_json(
        lines=[line_json(line_no=1), line_json(line_no=2, sku="CPU-X", name="Ryzen 7 7800X3D")]
    )
    action = ActionFrustration(lambda: client_with(routing({LOOKUP: (200, order)})), lambda: TODAY)
    tracker = tracker_for("bu ne rezalet", "complaint", slots={**VERIFIED_SLOTS, **TURKISH})
    _, messages = await run(action, tracker)
    assert messages[0]["items"] == "RTX 4070 12 GB ve Ryzen 7 7800X3D"
    assert messages[1]["restock_date"] == "9 Aralık Çarşamba"


@pytest.mark.parametrize(
    ("metadata", "carried", "language"),
    [
        ({"language": "tr"}, None, "tr"),
        ({"language": "tr-TR"}, "en", "tr"),
        ({"language": "en"}, "tr", "en"),
        ({"language": "de"}, "tr", "en"),  # a language the shop doesn't speak: English
        (None, "tr", "tr"),  # no word from the channel: the last session's language
        ({}, None, None),
    ],
)
async def test_a_session_starts_in_the_channels_language(
    metadata: dict[str, str] | None, carried: str | None, language: str | None
) -> None:
    slots: dict[str, Any] = {"session_started_metadata": metadata, "language": carried}
    events, _ = await run(ActionSessionStart(), make_tracker(slots=slots))
    set_language = [e["value"] for e in events if e.get("name") == "language"]
    assert (set_language[-1] if set_language else None) == language


@pytest.mark.parametrize(
    "back_at", ["as soon as an agent is available", "bir temsilcimiz müsait olur olmaz"]
)
async def test_support_hours_with_every_agent_away_is_not_off_duty(back_at: str) -> None:
    # At 10:10 on a Monday with no agent console open the customer heard "our support team is
    # off duty right now" (set AM, seven conversations): the chat is passed on, and the first
    # agent free answers.
    handler = routing({("POST", "/v1/handoffs"): (201, opened(in_hours=False, back_at=back_at))})
    _, messages = await run(ActionHandoff(lambda: client_with(handler)), make_tracker(TURKISH))
    assert [m["response"] for m in messages] == ["utter_handoff_nobody_free"]
