"""A customer asks where their order is in the web widget, in a real headless Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.formatting import format_day
from tests.e2e.browser import ChatWidget, chromium
from tests.e2e.conftest import OUTPUT, Stack

pytestmark = pytest.mark.slow


def test_order_status_conversation_shows_the_restock_date(stack: Stack):
    with stack.backend() as backend:
        order = backend.post(
            "/v1/orders/lookup",
            json={"order_number": "100042", "email": "ada.lovelace@example.com"},
        ).json()
    waiting = next(line for line in order["lines"] if line["status"] == "backordered")
    restock = format_day(dt.date.fromisoformat(waiting["restock_date"]), dt.date(2026, 11, 24))

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        chat = ChatWidget(page)
        try:
            chat.open(stack.web_url)
            greeting = chat.wait_for_reply(0)  # the widget greets on opening
            assert any("order" in text.lower() for text in greeting)
            assert any("order" in text.lower() for text in chat.say("hello"))
            asked = chat.say("where is my order?")
            assert any("order number" in text.lower() for text in asked)
            asked = chat.say("it's #100042")
            assert any("email" in text.lower() for text in asked)
            answer = "\n".join(chat.say("ada.lovelace@example.com"))
            assert "100042" in answer
            assert "back-ordered" in answer.lower()
            assert f"number {waiting['queue_position']} in the queue" in answer
            assert restock in answer
            assert "ready" in answer.lower() or "in stock" in answer.lower()
            page.locator(".rw-response", has_text=restock).first.wait_for()
        finally:
            page.screenshot(path=str(OUTPUT / "web_order_status.png"))
