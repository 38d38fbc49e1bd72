"""One line at a time: "when will the SSD ship", "how long for the ram then", "and the 4090?".

Once an order is verified in the chat, a question that names a product on it is about that line,
not about the product in general: the answer is the line's own state (its place in the queue,
the restock date and whether the supplier confirmed it, the ship window), fresh from the
backend (`actions.orders.answer_lines` says it). A product is named by words of its name
("990 pro", "windforce"), its SKU, or its kind ("the ssd", "graphics card", "the licence"),
which the catalogue's SKU prefixes give.
"""

from __future__ import annotations

import logging
import re

from rasa_sdk import Tracker

from actions.backend_client import (
    BackendClient,
    BackendUnavailable,
    Order,
    OrderLine,
    OrderNotFound,
)
from actions.common import verified_credentials

logger = logging.getLogger(__name__)

# What customers call each kind of product, by the catalogue's SKU prefix.
KINDS = {
    "GPU": ("gpu", "graphics card", "graphic card", "video card", "card", "cards", "ekran kart"),
    "SSD": ("ssd", "ssds", "drive", "drives", "nvme", "m.2", "m2", "disk"),
    "CPU": ("cpu", "cpus", "processor", "processors", "işlemci", "islemci"),
    "RAM": ("ram", "memory", "ddr5", "ddr4", "dimm", "sticks"),
    "LAP": ("laptop", "laptops", "notebook", "macbook"),
    "MON": ("monitor", "monitors", "screen", "display"),
    "SW": ("licence", "license", "licences", "licenses", "software", "key", "subscription"),
}
# "can you ship the SSD first", "send them separately", "hold it until everything is in":
# a question about how the order is split into parcels, answered by the shop's policy.
SPLIT_SHIPMENT = re.compile(
    r"\b(?:first|separate(?:ly)?|split|partial(?:ly)?|together|at once|in one (?:box|parcel|go)"
    r"|what(?:'s| is) (?:in stock|available)|the rest later|wait for (?:everything|all)"
    r"|before|ahead of|right away|(?:ready|available|in stock) ones)\b"
    r"|\b(?:ship|send|dispatch)\w*\b[^.?!]{0,40}\bnow\b",
    re.I,
)
# A request to send something (not "when does it ship?"): with SPLIT_SHIPMENT, a request to
# split the order's parcels ("can you send the WD black first").
_SHIP_REQUEST = re.compile(
    r"\b(?:can|could|would|will|pls|please|just)\b[^.?!]{0,30}\b(?:ship|send|dispatch|go out)"
    r"|\b(?:ship|send|dispatch)\b[^.?!]{0,40}\b(?:please|pls|first|now|separately|right away"
    r"|ahead|before)\b",
    re.I,
)
# "when does the 4090 ship, first week of jan?": a question about a date, not a request.
_WHEN_SHIPS = re.compile(r"\bwhen\b[^.?!]{0,30}\b(?:ship|send|dispatch|go out|come)", re.I)


def asks_to_split(text: str) -> bool:
    """Whether the message asks to ship part of the order apart from the rest."""
    request = _SHIP_REQUEST.search(text)
    if not (SPLIT_SHIPMENT.search(text) and request):
        return False
    when = _WHEN_SHIPS.search(text)
    return when is None or when.start() > request.start()


_WORD = re.compile(r"[a-z0-9çğıöşü.]+")
# Words too common in product names and questions to pick a line by themselves.
_COMMON = {"the", "my", "and", "for", "gb", "tb", "of", "a", "1", "2", "pro", "x", "with"}
# A size ("1tb", "32gb") is shared by too many products to name a line by itself.
_SIZE = re.compile(r"^\d+(?:tb|gb|mb)$")


def lines_named(order: Order, text: str) -> list[OrderLine]:
    """The lines of `order` the message names, by name words, SKU or kind; [] if none."""
    # "samsungs." at the end of a sentence is "samsungs" ("m.2" keeps its dot).
    words = {word.strip(".") for word in _WORD.findall(text.lower())} - {""}
    words |= {word[:-1] for word in words if word.endswith("s") and len(word) > 3}  # "radeons"
    if not words:
        return []
    by_name = [line for line in order.lines if _name_hits(line, words)]
    if by_name:
        return by_name
    lowered = text.lower()
    return [
        line
        for line in order.lines
        if any(
            re.search(rf"(?<![\w.]){re.escape(kind)}s?(?![\w])", lowered)
            for kind in KINDS.get(line.sku.split("-")[0].upper(), ())
        )
    ]


# "and the other one?", "what about the rest": the lines other than the one just talked about.
_OTHER = re.compile(r"\b(?:the )?(?:other(?: one| item| line| product)?s?|rest|others)\b", re.I)


def other_lines(order: Order, text: str, current_sku: str | None) -> list[OrderLine]:
    """The order's lines other than `current_sku`'s when the message asks about "the other
    one"; [] when it doesn't, or nothing else is on the order."""
    if not current_sku or not _OTHER.search(text):
        return []
    if not any(line.sku == current_sku for line in order.lines):
        return []
    return [line for line in order.lines if line.sku != current_sku]


def _name_hits(line: OrderLine, words: set[str]) -> bool:
    name_words = set(_WORD.findall(line.name.lower())) | {line.sku.lower()}
    name_words |= set(line.sku.lower().split("-"))
    distinctive = {
        w for w in words & name_words if w not in _COMMON and len(w) > 1 and not _SIZE.match(w)
    }
    # A model number ("4090", "990", "7800x3d") or a brand/series word ("windforce") is enough.
    return bool(distinctive)


async def verified_order(client: BackendClient, tracker: Tracker) -> Order | None:
    """The order verified in this chat, fresh from the backend; None if none or it can't be read."""
    credentials = verified_credentials(tracker)
    if credentials is None:
        return None
    order_number, email, postal_code = credentials
    try:
        return await client.lookup_order(
            order_number, email=email, postal_code=postal_code, client_id=tracker.sender_id
        )
    except (OrderNotFound, BackendUnavailable):
        return None
    except Exception:
        logger.exception("looking up verified order %s failed", order_number)
        return None
