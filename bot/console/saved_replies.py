"""Saved replies with the ticket's facts filled in: `{order_number}`, `{restock_date}` and the
rest of PLACEHOLDERS. A fact the ticket does not have leaves its placeholder in the text, so the
agent sees what to write before sending; a placeholder nobody knows is refused when saved."""

from __future__ import annotations

import re
from typing import Any

from bot.console.prose import human_date

PLACEHOLDERS = {
    "customer_name": "the customer's name",
    "agent_name": "your name",
    "order_number": "the verified order's number",
    "placed_at": "when the order was placed (Thu 12 Nov)",
    "item": "the back-ordered item (else the first open one)",
    "queue_position": "the back-ordered line's place in the queue",
    "restock_date": "the back-ordered line's restock date (Wed 9 Dec)",
    "ship_window": "when that line ships (Thu 10 Dec – Tue 22 Dec)",
}
_FIELD = re.compile(r"\{(\w+)\}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _FIELD.findall(text) if name not in PLACEHOLDERS})


def facts(ticket: dict[str, Any], agent_name: str) -> dict[str, str]:
    """What this ticket can say for each placeholder (absent when it cannot)."""
    known = {"agent_name": agent_name, "customer_name": str(ticket.get("display_name") or "")}
    order = ticket.get("order") or {}
    if order:
        known["order_number"] = str(order.get("order_number"))
        known["placed_at"] = human_date(order.get("placed_at")) or ""
        lines = order.get("lines") or []
        line = next((x for x in lines if x.get("status") == "backordered"), None) or next(
            (x for x in lines if x.get("status") == "ready"), None
        )
        if line:
            known["item"] = str(line.get("name"))
            if line.get("queue_position"):
                known["queue_position"] = str(line["queue_position"])
            if line.get("restock_date"):
                known["restock_date"] = human_date(line["restock_date"]) or ""
            eta = line.get("ship_eta") or {}
            if eta:
                earliest, latest = human_date(eta.get("earliest")), human_date(eta.get("latest"))
                known["ship_window"] = str(
                    earliest if earliest == latest else f"{earliest} – {latest}"
                )
    return {name: value for name, value in known.items() if value}


def fill(text: str, known: dict[str, str]) -> str:
    return _FIELD.sub(lambda m: known.get(m.group(1), m.group(0)), text)
