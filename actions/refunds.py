"""How much money comes back: "how much refund for the crucial?", "so what do I get back?".

With the order verified, the amount is the lines' own price times their quantity, from the
backend: for lines already cancelled, what is on its way back; for lines still open, what a
cancellation would give back. Nothing is said when the order isn't verified or the message names
no line and nothing on the order was cancelled: the policy answers then.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.backend_schemas import OrderLine
from actions.common import currency, language, money
from actions.lines import lines_named, verified_order
from backorder_common.wording import join_and

OPEN = ("ready", "backordered")

# "how much refund for the crucial", "how much do I get back", "what do i get back, 329?",
# "how much is the refund exactly", "iade ne kadar olacak", "ne kadar geri alırım".
_HOW_MUCH_BACK = re.compile(
    r"\bhow much\b[^.?!]{0,40}\b(?:refund\w*|back|money)\b"
    r"|\b(?:refund\w*|money back)\b[^.?!]{0,30}\bhow much\b"
    r"|\bhow much is (?:it|that|the refund)\b[^.?!]{0,15}\bexact\w*"
    r"|\bwhat (?:do|will|would|did) i get back\b"
    r"|\b(?:was|were|have|has) (?:i|we|it|that) (?:been )?refunded\b"
    r"|\bdid i get (?:my |a )?refund\b"
    # "is there a refund for the difference?" once a line was cancelled to get another
    r"|\b(?:is there|do i get|will i get) a refund\b"
    r"|\bne kadar\b[^.?!]{0,25}\b(?:iade|geri)\w*|\b(?:iade|geri)\w*\b[^.?!]{0,25}\bne kadar\b",
    re.IGNORECASE,
)


# A cancellation only thought about: "if I cancel it", "what if I cancel", "iptal edersem".
_IF_I_CANCEL = re.compile(
    r"\b(?:if|what if|should|were) (?:i|we) (?:cancel\w*|do)\b"
    # "and what happens if i want to cancel the sn850x's later"
    r"|\bif (?:i|we) (?:want|wanted|decide|need) to cancel\b|\bcancel\b[^.?!]{0,40}\blater\?"
    # "can i still cancel it if i change my mind? whats your cancellation policy"
    r"|\bif (?:i|we) change (?:my|our) minds?\b|\bcancell?ation policy\b"
    r"|\biptal (?:edersem|etsem|edersek|etsek)\b"
    # "o zaman iptal edip yeniden sipariş versem?", "could I still cancel one of them if our
    # budget changes": a thought, nothing to cancel yet.
    r"|\biptal edip\b[^.?!]{0,40}\b\w+(?:sem|sam|sek|sak)\b"
    r"|\b(?:could (?:i|we)|(?:i|we) could) (?:still )?cancel\b[^.?!]{0,60}\bif\b",
    re.I,
)


_POLICY = re.compile(r"\bpolic(?:y|ies)\b|\bpolitika\w*", re.I)


def only_thinks_of_cancelling(text: str) -> bool:
    return _IF_I_CANCEL.search(text) is not None


def asks_refund_amount(text: str) -> bool:
    return _HOW_MUCH_BACK.search(text) is not None


async def answered_refund_amount(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """Says how much comes back for the lines asked about (or the order's cancelled lines);
    False, saying nothing, when it can't."""
    text = tracker.latest_message.get("text") or ""
    if not asks_refund_amount(text):
        return False
    order = await verified_order(client, tracker)
    if order is None:
        return False
    # (A shipped line named beside it stays: "the kingston already arrived so that one stays.
    # how much will I get back?" asks for what was cancelled.)
    named = [line for line in lines_named(order, text) if line.status != "shipped"]
    cancelled = [line for line in named or order.lines if line.status == "cancelled"]
    still_open = [line for line in named if line.status in OPEN]
    if not cancelled and not still_open:
        return False
    if any(line.unit_price is None for line in cancelled + still_open):
        return False  # no price from the backend: no figure to give
    lang = language(tracker)
    if cancelled:
        dispatcher.utter_message(
            response="utter_refund_of_cancelled",
            items=items_text(cancelled, lang),
            order_number=order.order_number,
            **_amount(cancelled, lang),
        )
    if still_open:
        dispatcher.utter_message(
            response="utter_refund_if_cancelled",
            items=items_text(still_open, lang),
            **_amount(still_open, lang),
        )
    return True


def items_text(
    lines: list[OrderLine], lang: str, units: dict[int, int] | None = None, of_all: bool = True
) -> str:
    """ "2 × RTX 4060 and 1 × Crucial P3 Plus 4 TB"; `units` gives, by line number, fewer units
    than a line has ("2 of the 3 × Ryzen 7 7800X3D", or with `of_all` False "2 × Ryzen...")."""
    named = []
    for line in lines:
        quantity = (units or {}).get(line.line_no, line.quantity)
        if quantity < line.quantity and of_all and lang != "tr":
            named.append(f"{quantity} of the {line.quantity} × {line.name}")
        else:
            named.append(f"{quantity} × {line.name}")
    return join_and(named, lang)


def _amount(lines: list[OrderLine], lang: str) -> dict[str, str]:
    total = sum(((line.unit_price or Decimal(0)) * line.quantity for line in lines), Decimal(0))
    return {"amount": money(total, lang), "currency": currency(lines[0].currency, lang)}


async def answered_if_cancelled(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """ "If I cancel the ssd...": what cancelling the lines named would give back; False when
    the order isn't verified or names no open line."""
    order = await verified_order(client, tracker)
    if order is None:
        return False
    text = tracker.latest_message.get("text") or ""
    named = [line for line in lines_named(order, text) if line.status in OPEN]
    if not named and not _POLICY.search(text):
        # "if I cancel it?" about the product just talked about (not "what is your cancellation
        # policy for items already shipped", a question about the shop).
        current = tracker.get_slot("product_sku")
        named = [line for line in order.lines if line.sku == current and line.status in OPEN]
    if not named or any(line.unit_price is None for line in named):
        return False
    lang = language(tracker)
    dispatcher.utter_message(
        response="utter_refund_if_cancelled", items=items_text(named, lang), **_amount(named, lang)
    )
    return True


# "whats my total now?", "how much is my order now", "toplam ne kadar oldu".
_TOTAL = re.compile(
    r"\b(?:what'?s|whats|what is) (?:my|the) (?:new |current |remaining |updated )?(?:order )?"
    r"total\b|\b(?:new|updated) total\b|\b(?:order )?total (?:now|price"
    r"|amount|cost)\b|\bhow much (?:is|does) (?:my|the) (?:whole )?order(?: come to| cost)?\b"
    r"|\btoplam\w*",
    re.IGNORECASE,
)


async def answered_total(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """ "whats my total now?" about the verified order: what its lines not cancelled come to,
    from the backend's prices; False, saying nothing, when it can't tell."""
    text = tracker.latest_message.get("text") or ""
    if not _TOTAL.search(text):
        return False
    order = await verified_order(client, tracker)
    if order is None:
        return False
    kept = [line for line in order.lines if line.status != "cancelled"]
    if not kept or any(line.unit_price is None for line in kept):
        return False
    lang = language(tracker)
    dispatcher.utter_message(
        response="utter_order_total",
        order_number=order.order_number,
        items=items_text(kept, lang),
        **_amount(kept, lang),
    )
    return True
