"""The real rasa-webchat widget in headless Chromium against the gateway and a fake Rasa.

Also documents the widget's DOM for the end-to-end tests: launcher `button.rw-launcher`, input
`.rw-new-message`, send `button.rw-send`, bot messages `.rw-from-response .rw-message`, customer
messages `.rw-from-client .rw-message`, quick replies `.rw-reply`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.store_page import WEBCHAT_BUNDLE
from tests.bot.conftest import FakeRasa, Gateway, start_gateway, wait_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WEBCHAT_BUNDLE.is_file(), reason="rasa-webchat missing: run `npm ci`"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium to drive"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


async def store_bot(body: dict[str, Any]) -> httpx.Response:
    text = body["message"]
    if text == "/greet":
        replies = [
            {"text": "Hi! I'm the Byte Bazaar assistant."},
            {
                "text": "What can I help you with?",
                "buttons": [
                    {"title": "Where is my order?", "payload": "/order_status"},
                    {"title": "Is it in stock?", "payload": "/product_availability"},
                ],
            },
        ]
    elif text == "/order_status":
        replies = [{"text": "What's your order number?"}]
    else:
        replies = [{"text": f"Looking up {text}."}]
    return httpx.Response(200, json=replies)


@pytest.fixture
def browser_gateway() -> Iterator[Gateway]:
    gateway, stop = start_gateway(FakeRasa(handler=store_bot), rasa_timeout=5.0)
    yield gateway
    stop()


def test_chat_in_the_widget_survives_a_reload(browser_gateway: Gateway) -> None:
    rasa = browser_gateway.rasa
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(browser_gateway.url + "/")
            page.click("button.rw-launcher", timeout=10_000)
            bot = page.locator(".rw-from-response .rw-message")
            page.locator(".rw-reply", has_text="Where is my order?").click(timeout=10_000)
            sync_api.expect(bot.last).to_contain_text("What's your order number?")

            page.fill(".rw-new-message", "100042")
            page.press(".rw-new-message", "Enter")
            sync_api.expect(bot.last).to_contain_text("Looking up 100042.")
            sync_api.expect(page.locator(".rw-from-client .rw-message").last).to_contain_text(
                "100042"
            )
            assert [b["message"] for b in rasa.received] == ["/greet", "/order_status", "100042"]
            assert len({b["sender"] for b in rasa.received}) == 1

            page.reload()
            sync_api.expect(page.locator(".rw-from-response .rw-message").last).to_contain_text(
                "Looking up 100042.", timeout=10_000
            )
            page.fill(".rw-new-message", "still there?")
            page.press(".rw-new-message", "Enter")
            wait_for(lambda: len(rasa.received) == 4)
            assert rasa.received[3]["sender"] == rasa.received[0]["sender"]
        finally:
            browser.close()


def test_without_the_widget_the_page_says_how_to_reach_support(tmp_path: Path) -> None:
    gateway, stop = start_gateway(FakeRasa(), webchat_bundle=tmp_path / "missing.js")
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page()
                page.goto(gateway.url + "/")
                sync_api.expect(page.locator("#chat-unavailable")).to_be_visible()
                assert page.locator(".rw-launcher").count() == 0
            finally:
                browser.close()
    finally:
        stop()
