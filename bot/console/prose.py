"""A ticket told in words for the agent: who the customer is, what they asked, how their order
stands and why they were handed over; and, at the end, what the customer reads about their order
when the agent sends it (in the customer's language). Pure functions over the ticket the backend
sends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backorder_common.wording import day, language_of, money

# What an intent means, as a clause after the customer ("asked where the order is").
ASKED = {
    "order_status": "asked where the order is",
    "product_availability": "asked whether a product is in stock",
    "ask_alternatives": "asked for alternatives",
    "cancel_order": "asked to cancel",
    "subscribe_updates": "asked for updates",
    "unsubscribe_updates": "asked to stop updates",
    "faq": "asked a general question",
    "feedback": "rated the chat",
    "out_of_scope": "asked something the bot does not handle",
}
# Why the bot handed over (the ticket's reason), as the closing sentence.
WHY = {
    "asked": "Then asked for a person.",
    "misunderstood": "The bot did not understand twice in a row and offered a person.",
    "verification_failed": "Could not verify the order, so the bot offered a person.",
    "not_allowed": "Asked for something the bot may not do (such as cancelling a shipped line).",
    "complaint": "Complained and asked for a person.",
    "low_rating": "Rated the bot 1 or 2.",
    "backend_down": "The store system was down, so the bot offered a person.",
}
REASONS = {
    "asked": "asked for a person",
    "misunderstood": "bot did not understand",
    "verification_failed": "failed verification",
    "not_allowed": "refused request",
    "complaint": "complaint",
    "low_rating": "low rating",
    "backend_down": "outage",
}
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def reason_words(reason: str) -> str:
    return REASONS.get(reason, reason.replace("_", " "))


def human_date(value: object) -> str | None:
    """'Wed 6 Jan' for an ISO date (or date-time)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return f"{day:%a} {day.day} {day:%b}"


def _count(n: int, noun: str) -> str:
    word = NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def display_name(conversation_id: str, remembered: str | None, email: str | None) -> str:
    """The name the channel gave, else the verified email, else the channel's own words."""
    if remembered:
        return remembered
    if email:
        return email
    channel, _, address = conversation_id.partition(":")
    return f"Telegram chat {address}" if channel == "tg" else f"Web visitor {address[:6]}"


def _verified(summary: dict[str, Any], slots: dict[str, Any]) -> str:
    number = summary.get("order_number")
    if number and summary.get("verified", True):
        how = "email" if slots.get("email") else "postal code" if slots.get("postal_code") else None
        return f"Verified order {number}" + (f" by {how}." if how else ".")
    given = slots.get("order_number")
    failures = slots.get("verification_failures")
    if given and isinstance(failures, int | float) and failures > 0:
        return f"Gave order {given} but failed verification {_count(int(failures), 'time')}."
    if given:
        return f"Gave order {given}, not verified."
    return "No order verified."


def _asked(summary: dict[str, Any]) -> str | None:
    clauses: list[str] = []
    for intent in summary.get("intents") or []:
        clause = ASKED.get(str(intent))
        if clause and clause not in clauses:
            clauses.append(clause)
    if not clauses:
        return None
    text = ", then ".join(clauses)
    return text[0].upper() + text[1:]


def _line_facts(line: dict[str, Any]) -> list[str]:
    facts = []
    if line.get("queue_position"):
        facts.append(f"number {line['queue_position']} in the queue")
    restock = human_date(line.get("restock_date"))
    if restock:
        facts.append(f"restock {restock}")
    elif line.get("ship_eta"):
        facts.append(f"estimated to ship by {human_date(line['ship_eta'].get('latest'))}")
    return facts


def _order_facts(order: dict[str, Any] | None) -> str | None:
    """'one line back-ordered (RTX 4070), number 1 in the queue, restock Wed 6 Jan'."""
    if not order:
        return None
    if order.get("status") == "cancelled":
        return "the order is cancelled"
    lines = order.get("lines") or []
    waiting = [line for line in lines if line.get("status") == "backordered"]
    ready = [line for line in lines if line.get("status") == "ready"]
    parts: list[str] = []
    if len(waiting) == 1:
        line = waiting[0]
        parts.append(f"one line back-ordered ({line.get('name') or line.get('sku')})")
        parts.extend(_line_facts(line))
    elif waiting:
        each = "; ".join(
            ", ".join([str(line.get("name") or line.get("sku")), *_line_facts(line)])
            for line in waiting
        )
        parts.append(f"{_count(len(waiting), 'line')} back-ordered: {each}")
    if ready:
        parts.append(f"{_count(len(ready), 'line')} ready to ship")
    return ", ".join(parts) if parts else "nothing left to ship"


def ticket_prose(ticket: dict[str, Any]) -> str:
    """'Verified order 860128 by email. Asked where the order is; one line back-ordered, number 1
    in the queue, restock Wed 6 Jan. Then asked for a person.'"""
    summary = _dict(ticket.get("summary"))
    slots = _dict(summary.get("slots"))
    sentences = [_verified(summary, slots)]
    asked, facts = _asked(summary), _order_facts(ticket.get("order"))
    if asked and facts:
        sentences.append(f"{asked}; {facts}.")
    elif asked:
        sentences.append(f"{asked}.")
    elif facts:
        sentences.append(f"The order: {facts}.")
    sentences.append(WHY.get(str(ticket.get("reason")), "Then asked for a person."))
    return " ".join(sentences)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


STATES = {"ready": "ready", "backordered": "back-ordered", "shipped": "shipped"}
STATES_TR = {"ready": "kargoya hazır", "backordered": "tedarik bekleniyor", "shipped": "kargoda"}


def _ships(line: dict[str, Any]) -> str | None:
    eta = line.get("ship_eta")
    if not isinstance(eta, dict):
        return None
    earliest, latest = human_date(eta.get("earliest")), human_date(eta.get("latest"))
    return f"ships {earliest}" if earliest == latest else f"ships {earliest} – {latest}"


def _day_tr(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return day(dt.date.fromisoformat(value[:10]), "tr")
    except ValueError:
        return None


def _line_facts_tr(line: dict[str, Any]) -> list[str]:
    status = str(line.get("status"))
    if status == "cancelled":
        return ["iptal edildi"]
    facts = [STATES_TR.get(status, status)]
    if status == "backordered":
        if line.get("queue_position"):
            facts.append(f"sıradaki yeriniz: {line['queue_position']}")
        restock = _day_tr(line.get("restock_date"))
        facts.append(f"stok girişi {restock}" if restock else "stok tarihi henüz belli değil")
    eta = line.get("ship_eta")
    if status in ("ready", "backordered") and isinstance(eta, dict):
        earliest, latest = _day_tr(eta.get("earliest")), _day_tr(eta.get("latest"))
        window = earliest if earliest == latest else f"{earliest} – {latest}"
        facts.append(f"tahmini kargoya veriliş: {window}")
    return facts


def _order_status_text_tr(order: dict[str, Any]) -> str:
    placed = _day_tr(order.get("placed_at"))
    head = f"{order.get('order_number')} numaralı sipariş" + (
        f" ({placed} tarihinde verildi):" if placed else ":"
    )
    if order.get("status") == "cancelled":
        return f"{order.get('order_number')} numaralı sipariş iptal edildi."
    rows = [head]
    for line in order.get("lines") or []:
        facts = ", ".join(_line_facts_tr(line))
        rows.append(f"• {line.get('quantity')} × {line.get('name')}: {facts}")
    return "\n".join(rows)


def order_status_text(order: dict[str, Any], language: str | None = None) -> str:
    """The order as the customer reads it in their chat: each line, its state and dates."""
    if language_of(language) == "tr":
        return _order_status_text_tr(order)
    placed = human_date(order.get("placed_at"))
    head = f"Order {order.get('order_number')}" + (f", placed {placed}" if placed else "") + ":"
    if order.get("status") == "cancelled":
        return f"{head} cancelled."
    rows = [head]
    for line in order.get("lines") or []:
        status = str(line.get("status"))
        if status == "cancelled":
            facts = ["cancelled"]
        else:
            facts = [STATES.get(status, status)]
            if status == "backordered":
                facts += _line_facts({**line, "ship_eta": None}) or ["restock date not known yet"]
            ships = _ships(line) if status in ("ready", "backordered") else None
            facts += [ships] if ships else []
        rows.append(f"• {line.get('quantity')} × {line.get('name')}: {', '.join(facts)}")
    return "\n".join(rows)


def price_difference_text(difference: str, currency: str, language: str | None = None) -> str:
    """'no price difference', '48.00 EUR more to pay', '96.00 EUR back to you'; in Turkish
    'fiyat farkı yok', 'ödemeniz gereken fark: 48,00 €', 'size iade edilecek tutar: 96,00 €'."""
    amount = float(difference)
    if language_of(language) == "tr":
        if amount == 0:
            return "fiyat farkı yok"
        if amount > 0:
            return f"ödemeniz gereken fark: {money(amount, currency, 'tr')}"
        return f"size iade edilecek tutar: {money(-amount, currency, 'tr')}"
    if amount == 0:
        return "no price difference"
    if amount > 0:
        return f"{amount:.2f} {currency} more to pay"
    return f"{-amount:.2f} {currency} back to you"
