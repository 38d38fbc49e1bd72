"""A customer signs up for updates in the Telegram chat; an operator re-dates the late purchase
order; the customer gets the notice in the same chat. The whole stack, the Bot API a double."""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import Stack
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.slow


def open_purchase_order(stack: Stack, sku: str) -> str:
    with sqlite3.connect(stack.database) as db:
        (number,) = db.execute(
            "SELECT po.po_number FROM purchase_orders po JOIN products p ON p.id = po.product_id"
            " WHERE p.sku = ? AND po.status = 'open' ORDER BY po.expected_date LIMIT 1",
            (sku,),
        ).fetchone()
    return str(number)


def test_a_subscriber_hears_that_the_late_delivery_has_a_new_date(
    stack: Stack, telegram: TelegramDouble
):
    chat = telegram.chat(first_name="Linus")
    chat.ask("/start")
    chat.click("Where is my order?")
    chat.ask("100045")
    answer = "\n".join(chat.ask("linus.t@example.com"))
    assert "overdue" in answer.lower() or "late" in answer.lower()
    confirmed = "\n".join(chat.click("Notify me of changes"))
    assert "100045" in confirmed

    po_number = open_purchase_order(stack, "CPU-R7-7800X3D")
    with stack.operator() as backend:
        response = backend.patch(
            f"/v1/purchase-orders/{po_number}/CPU-R7-7800X3D", json={"expected_date": "2026-12-04"}
        )
        assert response.status_code == 200, response.text

    before = len(chat.messages)
    notice = chat.wait_for_replies(before, timeout=45)  # 15 s gathering window, then delivery
    text = "\n".join(notice)
    assert text.startswith("Update on your order 100045:")
    assert "AMD Ryzen 7 7800X3D: the restock date moved later, from Fri 20 Nov to Fri 4 Dec" in text
    assert "/stop" in text

    stopped = "\n".join(chat.ask("/stop"))
    assert "won't get any more updates" in stopped
    with stack.backend() as backend:
        active = backend.get(
            "/v1/subscriptions", params={"conversation_id": f"tg:{chat.chat_id}"}
        ).json()
    assert active == []
