"""Saved replies with the ticket's facts: what fills in, what stays for the agent to write."""

from __future__ import annotations

from bot.console.saved_replies import facts, fill, unknown_placeholders
from tests.bot.test_console_order_actions import ORDER


def test_the_orders_facts_fill_in() -> None:
    known = facts({"display_name": "Ada L.", "order": ORDER}, "Selin")
    text = (
        "Hi {customer_name}, {item} of order {order_number} is number {queue_position},"
        " due {restock_date}, ships {ship_window}. {agent_name}"
    )
    assert fill(text, known) == (
        "Hi Ada L., GeForce RTX 4070 of order 100042 is number 3, due Wed 9 Dec,"
        " ships Thu 10 Dec – Tue 22 Dec. Selin"
    )


def test_what_the_ticket_cannot_say_stays_visible() -> None:
    known = facts({"display_name": "Web visitor 3f9c2a", "order": None}, "Selin")
    assert fill("Order {order_number}, {restock_date}; {agent_name}", known) == (
        "Order {order_number}, {restock_date}; Selin"
    )
    assert fill("{ nothing } {}", known) == "{ nothing } {}"


def test_unknown_placeholders_are_named() -> None:
    assert unknown_placeholders("{order} {order_number} {eta} {eta}") == ["eta", "order"]
    assert unknown_placeholders("no placeholders {} here") == []
