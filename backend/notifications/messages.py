"""The text of a notification, from the facts gathered in its outbox row (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backorder_common.wording import day

STOP_HINT = {
    "telegram": "To stop these updates, send /stop.",
    "web": 'To stop these updates, write "stop the updates" in the chat on our support page.',
}


def merge_line_facts(facts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One fact per line: its latest news, a chain of date moves told as first -> last."""
    merged: dict[int, dict[str, Any]] = {}
    for fact in facts:
        previous = merged.get(fact["line_no"])
        if previous and previous["event"] == "restock_moved" and fact["event"] == "restock_moved":
            fact = {**fact, "old_date": previous["old_date"]}
        merged[fact["line_no"]] = fact
    return [
        merged[line_no]
        for line_no in sorted(merged)
        if not (
            merged[line_no]["event"] == "restock_moved"
            and merged[line_no]["old_date"] == merged[line_no]["new_date"]
        )
    ]


def line_sentence(fact: dict[str, Any]) -> str:
    name, event = fact["name"], fact["event"]
    old, new = fact.get("old_date"), fact.get("new_date")
    if event == "ready":
        return f"{name}: in stock now and set aside for you; it will ship shortly."
    if event == "shipped":
        return f"{name}: on its way, it has shipped."
    if event == "cancelled":
        return f"{name}: cancelled; you won't be charged for it."
    if old and new:
        direction = "earlier" if new < old else "later"
        return f"{name}: the restock date moved {direction}, from {day(old)} to {day(new)}."
    if new:
        return f"{name}: the supplier has confirmed a delivery; restock expected {day(new)}."
    return (
        f"{name}: the supplier's delivery date is no longer confirmed; we'll tell you as"
        " soon as there is a new one."
    )


def order_update_text(order_number: str, facts: Sequence[dict[str, Any]], channel: str) -> str:
    lines = [line_sentence(fact) for fact in merge_line_facts(facts)]
    if not lines:
        return ""
    body = "\n".join(f"• {line}" for line in lines)
    return f"Update on your order {order_number}:\n{body}\n{STOP_HINT[channel]}"


def back_in_stock_text(name: str, available: int) -> str:
    units = "1 unit" if available == 1 else f"{available} units"
    return (
        f"Good news: {name} is back in stock ({units} free right now). Stock goes first come,"
        " first served, so order soon if you still want it. This was a one-time alert for"
        " this product."
    )
