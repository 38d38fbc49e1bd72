"""The Turkish store page and widget in headless Chromium (Debian's chromium) against the gateway
and a fake Rasa that answers in the language the message's metadata names. The screenshot goes to
test-output/widget/turkish-widget.png (look at it: title, subtitle, placeholder, quick replies,
diacritics)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.store_page import WEBCHAT_BUNDLE
from tests.bot.conftest import FakeRasa, Gateway, start_gateway
from tests.e2e.browser import CHROMIUM

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "widget"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WEBCHAT_BUNDLE.is_file(), reason="rasa-webchat missing: run `npm ci`"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium to drive"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


async def bilingual_bot(body: dict[str, Any]) -> httpx.Response:
    """Answers in the language the gateway passed: the widget's customData.language."""
    turkish = (body.get("metadata") or {}).get("language") == "tr"
    text = body["message"]
    if text == "/greet":
        replies = [
            {"text": "Merhaba! Ben Byte Bazaar asistanıyım." if turkish else "Hi!"},
            {
                "text": "Size nasıl yardımcı olabilirim?" if turkish else "How can I help?",
                "buttons": [
                    {
                        "title": "Siparişim nerede?" if turkish else "Where is my order?",
                        "payload": "/order_status",
                    }
                ],
            },
        ]
    elif text == "/order_status":
        replies = [{"text": "Sipariş numaranız nedir?" if turkish else "Your order number?"}]
    else:
        replies = [{"text": f"{text} numaralı siparişinize bakıyorum." if turkish else "Looking."}]
    return httpx.Response(200, json=replies)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    gateway, stop = start_gateway(FakeRasa(handler=bilingual_bot), rasa_timeout=5.0)
    yield gateway
    stop()


def test_the_turkish_widget_speaks_turkish(gateway: Gateway) -> None:
    from tests.e2e.browser import chromium

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="tr-TR")
        try:
            page.goto(gateway.url + "/tr/?chat=open")
            assert page.evaluate("document.documentElement.lang") == "tr"
            sync_api.expect(page).to_have_title("Yardım ve destek · Byte Bazaar")
            sync_api.expect(page.locator("h1")).to_have_text("Siparişinizle ilgili yardım")
            header = page.locator(".rw-header")
            sync_api.expect(header.locator(".rw-title")).to_have_text(
                "Byte Bazaar destek", timeout=10_000
            )
            sync_api.expect(header).to_contain_text("Siparişler ve tedarik bekleyen ürünler")
            sync_api.expect(page.locator(".rw-new-message")).to_have_attribute(
                "placeholder", "Siparişinizle ilgili sorunuzu yazın…"
            )
            bot = page.locator(".rw-from-response .rw-message")
            page.locator(".rw-reply", has_text="Siparişim nerede?").click(timeout=10_000)
            sync_api.expect(bot.last).to_contain_text("Sipariş numaranız nedir?")
            page.fill(".rw-new-message", "100042, posta kodum 34710")
            page.press(".rw-new-message", "Enter")
            sync_api.expect(bot.last).to_contain_text("34710 numaralı siparişinize bakıyorum.")
            times = page.locator(".rw-message-date")
            sync_api.expect(times.last).to_have_text(re.compile(r"^\d\d:\d\d$"))
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "turkish-widget.png"))
        finally:
            page.close()
    received = gateway.rasa.received
    assert [b["message"] for b in received] == [
        "/greet",
        "/order_status",
        "100042, posta kodum 34710",
    ]
    assert all(b["metadata"] == {"channel": "web", "language": "tr"} for b in received)


def test_the_english_page_still_speaks_english(gateway: Gateway) -> None:
    from tests.e2e.browser import chromium

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(gateway.url + "/?chat=open")
            sync_api.expect(page.locator(".rw-header .rw-title")).to_have_text(
                "Byte Bazaar support", timeout=10_000
            )
            sync_api.expect(page.locator(".rw-new-message")).to_have_attribute(
                "placeholder", "Ask about your order…"
            )
            page.locator(".rw-reply", has_text="Where is my order?").click(timeout=10_000)
            sync_api.expect(page.locator(".rw-message-date").last).to_have_text(
                re.compile(r"^\d{1,2}:\d\d [AP]M$")
            )
        finally:
            page.close()
    assert gateway.rasa.received[0]["metadata"] == {"channel": "web", "language": "en"}
