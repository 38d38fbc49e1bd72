"""What the shop has in stock of a kind of product: "what processors do you have under 300
euros", "a good 1tb ssd for cheap", "500 euroya kadar ekran kartı var mı".

A customer who names a kind and no model is shown the in-stock products of that kind, cheapest
first, narrowed by the sizes and brands typed ("1tb", "samsung") and by a budget ("under 300",
"around 700 euro", "500 TL'ye kadar"), with a button for each to ask about it. The list comes
from the backend (`GET /products/in-stock`); nothing here knows the catalogue.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient
from actions.common import currency, language, money, payload
from actions.lines import BRANDS as _BRANDS
from actions.lines import KINDS, TURKISH_KINDS

SHOWN = 5
# One word per kind the backend's search knows (backend/catalog/search.py CATEGORY_WORDS).
_QUERY_WORD = {
    "GPU": "gpu",
    "CPU": "cpu",
    "SSD": "ssd",
    "RAM": "ram",
    "LAP": "laptop",
    "MON": "monitor",
    "SW": "software",
}
KIND_NAMES = {
    "GPU": {"en": "graphics cards", "tr": "ekran kartı"},
    "CPU": {"en": "processors", "tr": "işlemci"},
    "SSD": {"en": "SSDs", "tr": "SSD"},
    "RAM": {"en": "memory", "tr": "bellek"},
    "LAP": {"en": "laptops", "tr": "dizüstü bilgisayar"},
    "MON": {"en": "monitors", "tr": "monitör"},
    "SW": {"en": "software licences", "tr": "yazılım lisansı"},
}
_SIZE = re.compile(r"\b(\d{1,4})\s?(tb|gb)\b", re.I)
# Resolutions and panel kinds a monitor's name says: "4k", "qhd", "oled".
_RESOLUTIONS = ("4k", "qhd", "fhd", "uhd", "oled", "ultrawide")
# Words that say a size or a spec rather than a brand ("1tb", "32" inch, "4k", "ddr5").
# Drive interfaces: the backend narrows by them from the catalogue's details, since a name
# needn't say them ("WD Black SN850X" is NVMe).
_INTERFACES = ("nvme", "sata")
_SPEC_WORD = re.compile(r"\d+(?:tb|gb)|\d{2}|ddr\d|" + "|".join(_RESOLUTIONS + _INTERFACES))
# "what's the biggest one you have", "en büyük": largest first instead of cheapest.
BIGGEST = re.compile(
    r"\b(?:biggest|largest|most (?:storage|space|capacity)|en b[üu]y[üu]k)\b", re.I
)
# "what's the strongest card you have right now", "en güçlü": the top of the range first, by
# price (the shop's dearest of a kind is its top model; set BK #8 got the cheapest first).
STRONGEST = re.compile(
    r"\b(?:strongest|most powerful|fastest|top of the range|top-?end|high-?end|best you have"
    # "whats the best card you have in stock then" (set BO #38 got the cheapest first)
    r"|(?:the )?best (?:\w+ )?(?:card|gpu|cpu|processor|ssd|drive|laptop|monitor)s? (?:you|u)"
    r" (?:have|got|sell)"
    r"|en g[üu][çc]l[üu]\w*|en h[ıi]zl[ıi]\w*)\b",
    re.I,
)
# Screen sizes: "27 inch", "32 inç", '34"'.
_INCHES = re.compile(r"(?<![\w.,])(\d{2})\s?(?:-?inch(?:es)?\b|in[çc]\w*|\"|''|”|″)", re.I)
# (Never a size: "around 32gb" is memory, not a price; "27 inch" a screen.)
_NUMBER = (
    r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]\d{1,2})?\s?(k\b)?"
    r"(?!\d|[.,]\d|\s?(?:gb|tb|mb|ghz|mhz|hz|inch|in[çc]|mm\b|w\b|cores?\b|[\"”″]))"
)
_MONEY = r"(?:€|eur(?:o|os)?\b|tl\b|₺|lira\b|try\b)"
# "under 300", "below €300", "max 500 euros", "up to 1000", "no more than 700".
_CAP = re.compile(
    rf"\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|no more than|within)\s*"
    rf"{_MONEY}?\s*{_NUMBER}",
    re.I,
)
# "around 700 euro", "budget about 700", "budget is 700", "~700".
_ABOUT = re.compile(
    rf"(?:\b(?:around|about|roughly|approx(?:imately)?|budget(?: is| of)?(?: around| about)?"
    rf"|b[üu]t[çc]em(?:iz)?(?: de)?)|~)\s*{_MONEY}?\s*{_NUMBER}",
    re.I,
)
# Turkish: "500 euroya kadar", "300 TL altı", "en fazla 700", "700 civarı", "1000'in altında".
_TR_CAP = re.compile(
    rf"(?:\ben fazla\s*{_NUMBER})|(?:{_NUMBER}\s*{_MONEY}?'?\w*\s+"
    rf"(?:kadar|alt[ıi]\w*|ge[çc]mesin|ge[çc]meyen|a[şs]mas[ıi]n|a[şs]mayan))",
    re.I,
)
_TR_ABOUT = re.compile(
    rf"{_NUMBER}\s*{_MONEY}?'?\w*\s+(?:civar\w*|gibi|falan|b[üu]t[çc]e\w*)", re.I
)
# Budgets around an amount reach a little above it.
ABOUT_MARGIN = Decimal("1.1")


# Memory for a desktop or for a laptop ("SO-DIMM" in the catalogue's names).
_SODIMM = re.compile(r"\bso-?dimm\b", re.I)
_DESKTOP = re.compile(r"\b(?:desktop|pc|tower|masa ?[üu]st[üu]\w*)\b", re.I)
_LAPTOP = re.compile(r"\b(?:laptop|notebook|diz[üu]st[üu]\w*)\b", re.I)


@dataclass(frozen=True)
class Browse:
    """A kind asked for, and what narrows it."""

    kind: str  # an SKU prefix: "SSD"
    words: tuple[str, ...] = ()  # sizes and brands: ("1tb", "samsung")
    max_price: Decimal | None = None
    biggest_first: bool = False  # "what's the biggest one you have"
    without: tuple[str, ...] = ()  # brands said no to: "not a mac" -> ("apple",)
    min_price: Decimal | None = None  # "around 1400-1500": not the 699 one
    top_first: bool = False  # "what's the strongest card you have": the dearest first


def kind_of(text: str) -> str | None:
    """The one kind of product the message names ("processors" -> "CPU"); None for none or
    several ("a laptop and a monitor" is two questions)."""
    lowered = text.lower()
    found = _kinds_named(lowered)
    if len(found) > 1:
        # "what laptops do you have with an rtx card": the card is what the laptop has.
        found = _kinds_named(_WITH_PART.sub(" ", lowered)) or found
    if "GPU" in found and "MON" in found and re.search(r"ekran ?kart", lowered):
        found.discard("MON")  # "ekran kartı" is a graphics card, "ekran" alone a monitor
    if not found:
        # "stokta hangi ryzen var?", "which radeons do you have": a family of one kind.
        found = {_FAMILIES[f.lower()] for f in FAMILY.findall(text)}
    return found.pop() if len(found) == 1 else None


def _kinds_named(lowered: str) -> set[str]:
    """The kinds the words name, in English or Turkish."""
    return {
        prefix
        for prefix, kinds in KINDS.items()
        if any(re.search(rf"(?<![\w.]){re.escape(kind)}s?(?![\w])", lowered) for kind in kinds)
    } | {
        prefix
        for prefix, stems in TURKISH_KINDS.items()
        if re.search(rf"(?<![\w.])(?:{'|'.join(stems)})", lowered)
    }


_EITHER = re.compile(r"\bor\b|\bya da\b|\bveya\b", re.IGNORECASE)


def wanted_sizes(sizes: list[str], text: str) -> list[str]:
    """The sizes of a message still asked for: "No 4TB at all? … something around 2TB that is
    fast?" asks for the last one said (set BD #12 got "no 4tb 2tb SSDs"); "2tb or 4tb" for
    either."""
    return sizes[-1:] if len(set(sizes)) > 1 and not _EITHER.search(text) else sizes


# What a product comes with: "with an rtx card", "with 32gb ram", "with a 4k screen".
_WITH_PART = re.compile(
    r"\b(?:with|that has|that have|having|needs?|must have)\b[^.?!,]{0,30}", re.IGNORECASE
)


# Product families that say their kind, named without a model: "which ryzens", "any geforce".
_FAMILIES = {"ryzen": "CPU", "radeon": "GPU", "geforce": "GPU", "thinkpad": "LAP"}
FAMILY = re.compile(r"\b(ryzen|radeon|geforce|thinkpad)(?:s|'?ler|'?lar)?\b(?!\s*\d)", re.I)


# A price range: "around 1400-1500", "between 1000 and 1500 euros", "1000-1500 arası".
_RANGE = re.compile(
    r"\b(?:around|about|roughly|between|budget(?: is| of)?)\s+(\d{2,5})\s*(?:-|–|to|and)\s*"
    r"(\d{2,5})\b"
    r"|\b(\d{2,5})\s*(?:-|–|to)\s*(\d{2,5})\s*(?:€|eur\w*|tl\b|lira|aras[ıi])",
    re.I,
)


def price_range(text: str) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest price of a range the message gives ("around 1400-1500"), a
    margin either side; None without one."""
    match = _RANGE.search(text)
    if match is None:
        return None
    low, high = sorted(Decimal(value) for value in match.groups() if value is not None)
    if low < 10 or low == high or re.search(r"\d\s*(?:tb|gb)\b", match.group(0), re.I):
        return None
    return low / ABOUT_MARGIN, high * ABOUT_MARGIN


def budget(text: str) -> Decimal | None:
    """The most the customer wants to pay, from "under 300", "around 700 euro", "500 TL'ye
    kadar", "1400-1500"; None when the message says no amount."""
    ranged = price_range(text)
    if ranged is not None:
        return ranged[1]
    for pattern, margin in (
        (_CAP, None),
        (_TR_CAP, None),
        (_ABOUT, ABOUT_MARGIN),
        (_TR_ABOUT, ABOUT_MARGIN),
    ):
        match = pattern.search(text)
        if match is None:
            continue
        groups = [g for g in match.groups() if g is not None]
        digits = next(g for g in groups if g[0].isdigit())
        value = Decimal(re.sub(r"[.,]", "", digits))
        if any(g.lower() == "k" for g in groups):
            value *= 1000
        if value < 10:
            continue
        return value * margin if margin else value
    return None


# Shopping words: "looking for a laptop", "need a 2tb ssd", "what monitors do you have",
# "laptop bakıyorum", "ekran kartı arıyorum", "bütçem 700".
_SHOPPING = re.compile(
    r"\b(?:buy\w*|need\w*|looking (?:for|at)|budget|thinking of|want\w*|shopping|get (?:a|one)"
    r"|(?:what|which|any) (?:\w+ ){0,3}(?:do you (?:\w+ )?have|have you got"
    r"|are (?:in stock|available))"
    r"|recommend\w*|around \d+|under \d+"
    r"|lazım|laz[ıi]m|ar[ıi]yorum|bak[ıi]yorum|almak|alaca[ğg][ıi]m|b[üu]t[çc]e\w*|istiyorum"
    r"|civar[ıi]|\w+ alt[ıi]nda)\b",
    re.I,
)


# Asking what there is, not after one product: "what 4k monitor do you have in stock".
_WHAT_THERE_IS = re.compile(
    r"\b(?:what|whats|what'?s|what is|which|any|other) (?:\w+ ){0,6}?(?:(?:do )?you (?:\w+ )?have"
    r"|have you got"
    r"|(?:is|are) (?:there )?(?:in stock|available))"
    r"|\blooking for\b|\bbak[ıi]yorum\b|\bne(?:ler)? var\b"
    # "stokta hangi ryzen var?", "hangi ekran kartları var"
    r"|\bhangi\b[^.?!]{0,30}\bvar\b"
    # "do you have any other 4tb ssd in stock", "anything cheaper in 4k?"
    r"|\bany (?:other )?(?:\w+ ){0,6}in stock\b|\banything (?:else|cheaper|similar|bigger)\b"
    # "is there an intel cpu you actually have in stock", "is there an in stock card"
    r"|\b(?:is|are) there (?:an?|any) (?:\w+ ){0,5}?(?:you (?:\w+ )?have|in stock|available)\b",
    re.I,
)


def asks_what_there_is(text: str) -> bool:
    return _WHAT_THERE_IS.search(text) is not None


def without_brands(text: str) -> str:
    """The message without its brand words ("what intel cpu do you have" -> "what cpu do you
    have"): what is left names a model, if anything."""
    return " ".join(word for word in text.split() if word.lower().strip("?,.!") not in _BRANDS)


def browse_in_context(text: str, kind: str | None, own: str = "") -> Browse | None:
    """What the message asks to see in stock: its own kind, else `kind` (of the line talked
    about) when it narrows by size, budget or resolution ("What do you have in stock around
    100 euros, 1TB?" about a waiting SSD); None when it asks no list. Brands of `own` (the
    order's product names: "my Kingston KC3000 is taking forever") narrow nothing."""
    if not asks_what_there_is(text) and not BIGGEST.search(text):
        return None
    wanted = browse_request(text)
    if wanted is None and kind in _QUERY_WORD:
        narrows = (
            budget(text)
            or _SIZE.search(text)
            or BIGGEST.search(text)
            or any(word in _RESOLUTIONS for word in re.findall(r"[a-z0-9]+", text.lower()))
        )
        wanted = browse_request(f"{_QUERY_WORD[str(kind)]} {text}") if narrows else None
    if wanted is None or not own:
        return wanted
    theirs = set(re.findall(r"[a-z0-9]+", own.lower()))
    words = tuple(w for w in wanted.words if _SPEC_WORD.fullmatch(w) or w not in theirs)
    return Browse(wanted.kind, words, wanted.max_price, wanted.biggest_first)


def asks_to_shop(text: str) -> bool:
    """Whether the message shops for something rather than asking about an order."""
    return _SHOPPING.search(text) is not None


def browse_request(text: str) -> Browse | None:
    """What the message asks to see in stock, when it names a kind of product; else None."""
    kind = kind_of(text)
    if kind is None:
        return None
    # "for office pcs", "at the office": a place, not Microsoft Office.
    lowered = re.sub(r"\b(?:for|my|our|the|at|in|to)\s+office\b", " ", text.lower())
    sizes = wanted_sizes([f"{number}{unit.lower()}" for number, unit in _SIZE.findall(text)], text)
    sizes += _INCHES.findall(text)
    sizes += [
        word for word in re.findall(r"[a-z0-9]+", lowered) if word in _RESOLUTIONS + _INTERFACES
    ]
    # "anything cheaper, even if it's not 4K?": that spec no longer asked for (set BD #25).
    not_needed = set(_NOT_BRAND.findall(lowered))
    sizes = [size for size in sizes if size.lower() not in not_needed]
    without = [_BRAND_ALIASES.get(word, word) for word in _NOT_BRAND.findall(lowered)]
    without = [word for word in without if word in _BRANDS]
    brands = [
        word
        for word in re.findall(r"[a-z0-9]+", lowered)
        if word in _BRANDS and _BRAND_ALIASES.get(word, word) not in without
    ]
    return Browse(
        kind,
        tuple(dict.fromkeys(sizes + brands)),
        budget(text),
        bool(BIGGEST.search(text)),
        tuple(dict.fromkeys(without)),
        (price_range(text) or (None, None))[0],
        bool(STRONGEST.search(text)),
    )


# "not a mac", "no apple", "except dell", "anything but lenovo": a brand left out.
_NOT_BRAND = re.compile(
    r"\b(?:not|no|except|but|without|apart from|other than|hari[çc])\s+(?:an?\s+|the\s+)?"
    r"([a-z0-9]+)",
    re.I,
)
_BRAND_ALIASES = {"mac": "apple", "macs": "apple", "macbook": "apple", "macbooks": "apple"}


async def show_in_stock(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker, wanted: Browse
) -> list[EventType]:
    """The in-stock products of the kind, cheapest first, each with a button; the cheapest one
    above the budget when nothing is within it."""
    lang = language(tracker)
    query = " ".join((_QUERY_WORD[wanted.kind], *wanted.words))
    # The search ranks by likeness: "nvidia graphics cards" also finds Radeons. Only the
    # products of the brands asked for are shown.
    if {"nvme", "sata"} <= {word.lower() for word in wanted.words}:
        # "2tb sata or nvme": either interface, so neither narrows.
        wanted = dataclasses.replace(
            wanted, words=tuple(w for w in wanted.words if w.lower() not in ("nvme", "sata"))
        )
        query = " ".join((_QUERY_WORD[wanted.kind], *wanted.words))
    in_stock = await client.in_stock(query, wanted.max_price)
    found = [p for p in in_stock if _has_words(p.name, wanted.words)]
    said = tracker.latest_message.get("text") or ""
    either = len(wanted.words) > 1 and re.search(r"\bor\b|\bya da\b|\bveya\b", said, re.I)
    if either:
        # "what 4k or 27 inch monitors do you have": either, not both (each searched alone).
        found = []
        for word in wanted.words:
            for product in await client.in_stock(
                f"{_QUERY_WORD[wanted.kind]} {word}", wanted.max_price
            ):
                if _has_words(product.name, (word,)) and product not in found:
                    found.append(product)
        found.sort(key=lambda product: product.price)
    if wanted.kind == "RAM" and _DESKTOP.search(said):
        # "what desktop ddr5 32gb kits do you have": no laptop memory (set BQ #41 listed the
        # SO-DIMM first).
        found = [p for p in found if not _SODIMM.search(p.name)]
    elif wanted.kind == "RAM" and _LAPTOP.search(said):
        found = [p for p in found if _SODIMM.search(p.name)] or found
    # "not a mac": none of the brands said no to; "around 1400-1500": none far below it.
    found = [p for p in found if not any(_has_brands(p.name, (w,)) for w in wanted.without)]
    found = [p for p in found if wanted.min_price is None or p.price >= wanted.min_price]
    kind = KIND_NAMES[wanted.kind].get(lang, KIND_NAMES[wanted.kind]["en"])
    what = " ".join((*wanted.words, kind))  # "1tb samsung SSDs"
    if either:
        what = f"{' / '.join(wanted.words)} {kind}"  # "27 / 4k monitors"
    events: list[EventType] = [
        SlotSet("product_kind", wanted.kind),
        SlotSet("product_sku", None),
        SlotSet("product_question", None),
    ]
    brand_only = [p for p in in_stock if _has_brands(p.name, wanted.words)]
    sizes = [w for w in wanted.words if re.fullmatch(r"\d+(?:tb|gb)", w.lower())]
    if not found and not brand_only and sizes:
        # "what nvme 1tb-ish do you have" with no 1 TB in stock: said plainly, then the other
        # sizes of that kind (set BL #28 got "none" and nothing to pick from).
        others = [w for w in wanted.words if w not in sizes]
        brand_only = await client.in_stock(
            " ".join((_QUERY_WORD[wanted.kind], *others)), wanted.max_price
        )
    if not found and brand_only:
        # "any other 4tb ssd in stock?" with none of 4 TB: said plainly, then what there is.
        dispatcher.utter_message(response="utter_in_stock_none_of_that", what=what)
        found = brand_only
        what = " ".join((*[w for w in wanted.words if not _SPEC_WORD.fullmatch(w)], kind))
    if wanted.biggest_first:
        found = sorted(found, key=lambda p: (-_capacity(p.name), p.price))
    elif wanted.top_first and not wanted.max_price:
        found = sorted(found, key=lambda p: -p.price)
    shown = found[:SHOWN]
    if len(found) == 1:
        # "is the corsair 64gb in stock" with one such kit: "how much is it" next is about it.
        events[1] = SlotSet("product_sku", found[0].sku)
    if not shown:
        over = await client.in_stock(query, None, limit=1) if wanted.max_price else []
        if over:
            cheapest = over[0]
            dispatcher.utter_message(
                response="utter_in_stock_none_within_budget",
                what=what,
                max_price=money(wanted.max_price, lang),
                currency=currency(cheapest.currency, lang),
                name=cheapest.name,
                sku=cheapest.sku,
                price=money(cheapest.price, lang),
                buttons=[_ask_button(cheapest.name, cheapest.sku)],
            )
        else:
            dispatcher.utter_message(response="utter_in_stock_none", what=what)
        return events
    currency_name = currency(shown[0].currency, lang)
    if wanted.max_price:
        dispatcher.utter_message(
            response="utter_in_stock_intro_budget",
            what=what,
            max_price=money(wanted.max_price, lang),
            currency=currency_name,
        )
    elif wanted.biggest_first:
        dispatcher.utter_message(response="utter_in_stock_intro_biggest", what=what)
    elif wanted.top_first:
        dispatcher.utter_message(response="utter_in_stock_intro_top", what=what)
    else:
        dispatcher.utter_message(response="utter_in_stock_intro", what=what)
    for rank, product in enumerate(shown, start=1):
        dispatcher.utter_message(
            response="utter_in_stock_item",
            rank=rank,
            name=product.name,
            sku=product.sku,
            price=money(product.price, lang),
            currency=currency(product.currency, lang),
            available=product.available,
        )
    dispatcher.utter_message(
        response="utter_in_stock_more" if len(found) > SHOWN else "utter_in_stock_pick",
        more=len(found) - SHOWN,
        buttons=[_ask_button(product.name, product.sku) for product in shown],
    )
    return events


# A brand as the catalogue's names write it: NVIDIA's cards are "GeForce", AMD's "Radeon".
_BRAND_NAMES = {
    "nvidia": ("nvidia", "geforce", "rtx"),
    "amd": ("amd", "radeon", "ryzen"),
    "intel": ("intel", "core", "arc"),
    "apple": ("apple", "macbook"),
    "wd": ("wd", "western"),
    "western": ("wd", "western"),
    "rx": ("rx", "radeon"),
}


def _has_words(name: str, words: tuple[str, ...]) -> bool:
    """Whether a product's name has every brand asked for (or the brand's catalogue name);
    memory generations are left to the search's ranking."""
    return _has_brands(name, words) and _has_specs(name, words)


def _has_brands(name: str, words: tuple[str, ...]) -> bool:
    own = set(re.findall(r"[a-z0-9]+", name.lower()))
    brands = [w for w in words if not _SPEC_WORD.fullmatch(w)]
    return all(own & set(_BRAND_NAMES.get(word, (word,))) for word in brands)


def _has_specs(name: str, words: tuple[str, ...]) -> bool:
    """Whether a product's name has the sizes, screen sizes and resolutions asked for ("4tb",
    "32" for 32 inch, "4k"): a 2 TB drive is no answer to "any 4tb ssd?"."""
    compact = name.lower().replace(" ", "")
    for word in words:
        if re.fullmatch(r"\d+(?:tb|gb)", word) and word not in compact:
            return False
        if re.fullmatch(r"\d{2}", word) and f'{word}"' not in compact:
            return False
        if word in _RESOLUTIONS and word not in compact:
            return False
    return True


def _capacity(name: str) -> float:
    """A product's size in GB from its name ("Crucial P3 Plus 4 TB": 4000), 0 without one."""
    found = [
        float(number) * (1000 if unit.lower() == "tb" else 1)
        for number, unit in _SIZE.findall(name)
    ]
    return max(found, default=0.0)


def _ask_button(name: str, sku: str) -> dict[str, str]:
    return {"title": name, "payload": payload("product_availability", product=sku)}
