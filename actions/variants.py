"""The same model in another size: "is the 2tb version in stock?", "13 inç olan kaç euro",
"and the 32gb one?", right after a product (or with one line of the order) talked about.

The product talked about gives the model's name ("Samsung 990 Pro 1 TB NVMe", "MacBook Air 15
M3, 16 GB, 512 GB"); the size the message asks for replaces the name's size of the same unit
("2 TB", "13"), and the live catalogue's search says which product that is. No size is ever
made up: when the catalogue has no such product, nothing is answered here.

Words added to the model ("and the ti?", "the super one") are `products.variant_of`'s: that
one adds words to a name, this one replaces its size.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.backend_client import BackendClient, BackendUnavailable, ProductNotFound
from actions.backend_schemas import ProductMatch
from actions.lines import verified_order

# A size in the message: "2tb", "2 TB", "32gb", "13 inç", "13 inch", '15"'.
_ASKED_SIZE = re.compile(r"(?<![\w.])(\d{1,3})\s?(tb|gb|inch|in[çc]|\"|”|'')(?!\w)", re.IGNORECASE)
# Asking for another size of the same model, not for a kind: "the 2tb version", "13 inç olan",
# "and 2tb?", "what about the 32gb one".
_ANOTHER_SIZE = re.compile(
    r"\b(?:version|one|model|variant|size|olan\w*|modeli\w*|versiyon\w*)\b"
    r"|^\W*(?:and|what about|how about|ya|peki|bir de)\b"
    r"|^\W*(?:the )?\d{1,3}\s?(?:tb|gb)\W*$"
    # "do you have the 2tb in stock?": a size with no noun after it.
    r"|\b(?:the|a|an) \d{1,3}\s?(?:tb|gb)\b(?=\s*(?:$|[?.,!]|in stock|available|instead|stokta))",
    re.IGNORECASE,
)


def asks_another_size(text: str) -> bool:
    return _ASKED_SIZE.search(text) is not None and _ANOTHER_SIZE.search(text) is not None


def sized_name(name: str, text: str) -> str | None:
    """`name` with the size the message asks for in place of its own; None when the message
    asks no size or the name has none of that unit."""
    # The last size that isn't the name's own ("the 990 pro 1tb still not here. do you have
    # the 2tb?").
    for asked in reversed(list(_ASKED_SIZE.finditer(text))):
        wanted = _with_size(name, asked)
        if wanted is not None:
            return wanted
    return None


def _with_size(name: str, asked: re.Match[str]) -> str | None:
    """`name` with this size in place of its own; None when it has none of that unit or the
    same one."""
    number, unit = asked.group(1), asked.group(2).lower()
    if unit in ("tb", "gb"):
        pattern = re.compile(rf"\b\d{{1,4}}\s?{unit}\b", re.IGNORECASE)
        replacement = f"{number} {unit.upper()}"
    else:
        # Screen sizes: '27"' or a bare 13-17 in the model's name ("MacBook Air 15").
        pattern = re.compile(r"\b(?:\d{2}(?=\")|1[0-7](?=\s|,|$))")
        replacement = number
    found = pattern.search(name)
    if (
        found is None
        or found.group(0).replace(" ", "").lower() == replacement.replace(" ", "").lower()
    ):
        return None
    return name[: found.start()] + replacement + name[found.end() :]


async def another_size(client: BackendClient, tracker: Tracker) -> ProductMatch | None:
    """The product the message asks for as another size of the product talked about (or of
    the verified order's only line of its kind); None when it asks no such thing or the
    catalogue has no such product."""
    text = tracker.latest_message.get("text") or ""
    if not asks_another_size(text):
        return None
    names: list[str] = []
    current = tracker.get_slot("product_sku")
    try:
        if current:
            stock = await client.product_availability(str(current))
            names.append(stock.name or "")
        order = await verified_order(client, tracker)
        if order is not None:
            names += [line.name for line in order.lines if line.status != "cancelled"]
        for name in names:
            wanted = sized_name(name, text)
            if wanted is None:
                continue
            matches = await client.search_products(wanted, limit=5)
            exact = [m for m in matches if _same(m.name, wanted)]
            if exact:
                return exact[0]
    except (BackendUnavailable, ProductNotFound):
        return None
    return None


# A short reply that only gives sizes: "16 GB 512 olan", "the 32gb one".
MAX_DESCRIBING_WORDS = 5


async def describes_the_product(client: BackendClient, sku: str, text: str) -> bool:
    """Whether a short reply gives only numbers the product's name has ("16 GB 512 olan" about
    the MacBook Air 13 M3, 16 GB, 512 GB): it means that product."""
    numbers = set(re.findall(r"\d+", text))
    if not numbers or len(text.split()) > MAX_DESCRIBING_WORDS:
        return False
    try:
        stock = await client.product_availability(sku)
    except (BackendUnavailable, ProductNotFound):
        return False
    return numbers <= set(re.findall(r"\d+", stock.name or ""))


# The size a swap asks for: "switch my 3x 1TB to 3x 2TB", "change them to the 2tb ones".
_TO_SIZE = re.compile(
    r"\b(?:to|for|into|with)\b[^.?!,]{0,15}?(?<![\w.])(\d{1,3}\s?(?:tb|gb))(?!\w)", re.IGNORECASE
)


async def swap_to_size(client: BackendClient, text: str, names: list[str]) -> ProductMatch | None:
    """The product a swap asks for as another size of one of these names ("switch my 3x 1TB
    to 3x 2TB" for the Samsung 990 Pro 1 TB: the 990 Pro 2 TB); None when the message asks no
    size after "to" or the catalogue has no such product."""
    asked = _TO_SIZE.search(text)
    if asked is None:
        return None
    for name in names:
        wanted = sized_name(name, asked.group(1))
        if wanted is None:
            continue
        exact = [m for m in await client.search_products(wanted, limit=5) if _same(m.name, wanted)]
        if exact:
            return exact[0]
    return None


def _same(found: str, wanted: str) -> bool:
    """Whether a catalogue name is the model asked for: the words of the wanted name up to its
    size all in it ("MacBook Air 13" in "MacBook Air 13 M3, 16 GB, 512 GB")."""
    words = re.findall(r"[a-z0-9]+", wanted.lower())
    have = set(re.findall(r"[a-z0-9]+", found.lower()))
    return all(word in have for word in words)
