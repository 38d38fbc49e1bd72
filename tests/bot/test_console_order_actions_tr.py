"""An agent's order changes, told to a Turkish customer in Turkish (the ticket's language)."""

from __future__ import annotations

import httpx
import pytest

from bot.console.order_actions import OrderActions
from bot.console.prose import order_status_text, price_difference_text
from tests.bot.test_console_order_actions import ORDER, Backend, actions, anyio_backend

pytestmark = pytest.mark.anyio
__all__ = ["actions", "anyio_backend"]  # the shared fixtures, `actions` built on `backend` below

AYSE = {"id": 3, "name": "Ayşe"}


class TurkishBackend(Backend):
    """The same fake backend with a Turkish ticket, and answers to subscribe and cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.ticket["language"] = "tr"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v1/handoffs/5/order/subscribe":
            super().__call__(request)
            body = {"channel": "telegram", "address": "42", "order_number": "100042"}
            return httpx.Response(200, json=body)
        if path == "/v1/handoffs/5/order/lines/2/cancel":
            super().__call__(request)
            lines = [ORDER["lines"][0], {**ORDER["lines"][1], "status": "cancelled"}]
            return httpx.Response(200, json={**ORDER, "lines": lines})
        return super().__call__(request)


@pytest.fixture
def backend() -> Backend:
    return TurkishBackend()


def said(actions: OrderActions) -> str:
    return str(actions.said[-1][1][0]["text"])  # type: ignore[attr-defined]


async def test_a_swap_in_turkish(actions: OrderActions) -> None:
    await actions.swap_line(5, AYSE, 1, "GPU-C")
    assert said(actions) == (
        "Ayşe, 100042 numaralı siparişinizdeki 1. ürünü Radeon RX 7700 ile değiştirdi"
        " (kargoya hazır); size iade edilecek tutar: 280,00 €."
    )


async def test_the_status_in_turkish(actions: OrderActions) -> None:
    await actions.send_status(5, AYSE)
    assert said(actions) == (
        "100042 numaralı sipariş (12 Kasım Perşembe tarihinde verildi):\n"
        "• 2 × GeForce RTX 4070: tedarik bekleniyor, sıradaki yeriniz: 3, stok girişi"
        " 9 Aralık Çarşamba, tahmini kargoya veriliş: 10 Aralık Perşembe – 22 Aralık Salı\n"
        "• 1 × Samsung 990 Pro: kargoya hazır, tahmini kargoya veriliş: 25 Kasım Çarşamba"
    )


async def test_a_subscription_and_a_cancel_in_turkish(actions: OrderActions) -> None:
    await actions.subscribe(5, AYSE)
    assert said(actions) == (
        "Ayşe, 100042 numaralı siparişinizle ilgili bildirimler için kaydınızı yaptı: tarihler"
        " değiştiğinde ya da siparişiniz kargoya verildiğinde buradan haber alacaksınız."
    )
    await actions.cancel_line(5, AYSE, 2)
    assert said(actions) == (
        "Ayşe, 100042 numaralı siparişinizdeki 2. ürünü (1 × Samsung 990 Pro) iptal etti."
    )


def test_the_turkish_texts_on_their_own() -> None:
    assert price_difference_text("0.00", "EUR", "tr") == "fiyat farkı yok"
    assert price_difference_text("1299.00", "TRY", "tr") == "ödemeniz gereken fark: 1.299,00 TL"
    cancelled = order_status_text({**ORDER, "status": "cancelled"}, "tr")
    assert cancelled == "100042 numaralı sipariş iptal edildi."
    assert order_status_text(ORDER, "en").startswith("Order 100042, placed Thu 12 Nov:")
