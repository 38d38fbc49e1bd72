"""Products: which product the customer means, its stock, and similar products in stock."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import (
    Alternative,
    BackendClient,
    BackendUnavailable,
    Order,
    OrderNotFound,
    ProductAvailability,
    ProductMatch,
    ProductNotFound,
)
from actions.browse import (
    BIGGEST,
    FAMILY,
    KIND_NAMES,
    Browse,
    asks_what_there_is,
    browse_in_context,
    browse_request,
    budget,
    kind_of,
    show_in_stock,
    wanted_sizes,
    without_brands,
)
from actions.cancel import (
    WHOLE_ORDER,
    ActionCancelConfirmed,
    ActionProposeCancel,
    asks_to_cancel,
    asks_to_swap,
    reduced_quantity,
    starts_with_yes,
)
from actions.choice import (
    MAX_WORDS,
    as_pressed,
    button_product,
    chosen_button,
    intent_of,
    offered_buttons,
    swap_offered_lately,
)
from actions.common import (
    ClientFactory,
    ReplyAction,
    Today,
    backs_off,
    currency,
    language,
    last_mentioned,
    last_turn,
    latest_entity,
    latest_intent,
    money,
    never_raises,
    payload,
    previous_action,
    said_last_turn,
    said_lately,
    say_cancel_still_pending,
    settings_today,
    verified_credentials,
    without_order_details,
)
from actions.formatting import format_day
from actions.lines import (
    KIND_WORDS,
    KINDS,
    TURKISH_KINDS,
    about_shipping,
    asks_the_other_line,
    lines_besides,
    lines_named,
    lines_named_apart,
    only_kind_words,
    other_lines,
    verified_order,
)
from actions.orders import (
    BACK_OR_AGAIN,
    NO_ORDER_NUMBER,
    answer_lines,
    answer_named_lines,
    asks_whats_left,
    lines_described_lately,
    look_up_given_order,
    when_asked,
    with_slots,
    with_the_one_kept,
)
from actions.phrases import phrase, reasons
from actions.refunds import answered_refund_amount, answered_total
from actions.swap_price import answered_offer_differences, answered_swap_price
from actions.tone import PLEASED
from actions.topics import answered_limit_followup, asked_topics, utter_topics
from actions.variants import another_size, asks_another_size
from backorder_common.wording import join_and

logger = logging.getLogger(__name__)

SKU_PATTERN = re.compile(r"^(?:GPU|CPU|SSD|RAM|LAP|MON|SW)-[A-Z0-9-]+$", re.IGNORECASE)
# Matches within this share of the best score are "close": the customer is asked to pick.
CLOSE_SCORE = 0.9
MAX_CHOICES = 5
QUESTION_AVAILABILITY = "availability"
QUESTION_ALTERNATIVES = "alternatives"


@dataclass(frozen=True)
class Resolved:
    """The outcome of resolving a mention: one product, or nothing (the customer was asked)."""

    sku: str | None
    name: str | None = None
    match: ProductMatch | None = None


async def resolve_product(
    client: BackendClient,
    dispatcher: CollectingDispatcher,
    query: str,
    intent: str,
) -> Resolved:
    """Finds the one product `query` means; asks back with buttons (re-sending `intent`) when
    several match closely, says so when none does."""
    matches = await client.search_products(query, limit=MAX_CHOICES)
    chosen = pick_match(query, matches)
    if chosen is not None:
        return Resolved(chosen.sku, chosen.name, chosen)
    if not matches:
        dispatcher.utter_message(response="utter_product_not_found", query=query)
        return Resolved(None)
    ask_which(dispatcher, query, matches, intent)
    return Resolved(None)


def ask_which(
    dispatcher: CollectingDispatcher, query: str, matches: list[ProductMatch], intent: str
) -> None:
    """Which of these did the customer mean: buttons with the close matches, re-sending `intent`."""
    close = [m for m in matches if m.score >= matches[0].score * CLOSE_SCORE]
    dispatcher.utter_message(
        response="utter_product_choose",
        query=query,
        buttons=[
            {"title": _with_price(m), "payload": payload(intent, product=m.sku)}
            for m in close[:MAX_CHOICES]
        ],
    )


async def remembered_product(client: BackendClient, tracker: Tracker) -> list[EventType]:
    """The product a message names, kept as the one talked about (`product_sku`), so that "is it
    in stock at least?" next is about it; [] when it names none clearly."""
    named = named_products(tracker)
    try:
        if named:
            mention = named[-1][0]
            matches = await client.search_products(mention, limit=MAX_CHOICES)
            # "add 32gb ram to this order, corsair vengeance 2x16": the kit of that size.
            chosen = pick_match(mention, matches) or _one_of_the_size(
                tracker.latest_message.get("text") or "", matches
            )
            if chosen is None:
                # "can you add a kingston fury 32gb ddr5 to the same order?" with only "32gb ddr5"
                # marked: the message's own words find the Kingston (set BL #32).
                chosen = await guessed_product(client, tracker)
        else:
            # "3 more Dell P2425H for my office", a model the NLU doesn't know: the catalogue's.
            chosen = await guessed_product(client, tracker)
    except BackendUnavailable:
        return []
    if chosen is None and not named and verified_credentials(tracker) is not None:
        # "can you add a second proart to the same order": the line it names.
        order = await verified_order(client, tracker)
        text = tracker.latest_message.get("text") or ""
        skus = {line.sku for line in (lines_named(order, text) if order else [])}
        return [SlotSet("product_sku", skus.pop())] if len(skus) == 1 else []
    return [SlotSet("product_sku", chosen.sku)] if chosen is not None else []


def _one_of_the_size(text: str, matches: list[ProductMatch]) -> ProductMatch | None:
    """The only match with a size the text gives ("32gb", "2x16"); None unless one."""
    sizes = _sizes(text) | set(re.findall(r"\b\d+x\d+\b", text.lower()))
    fitting = [
        match
        for match in matches
        if sizes & (_sizes(match.name) | set(re.findall(r"\d+x\d+", match.name.lower())))
    ]
    return fitting[0] if len(fitting) == 1 else None


def _with_price(match: ProductMatch) -> str:
    """A button's title: "Samsung 870 EVO 2 TB SATA, 149.00 EUR" (the SKU without a price)."""
    if match.price is None:
        return f"{match.name} ({match.sku})"
    return f"{match.name}, {match.price:.2f} {match.currency}"


def pick_match(query: str, matches: list[ProductMatch]) -> ProductMatch | None:
    """The match to use without asking: an exact SKU or name, or a clear winner."""
    wanted = query.strip().lower()
    for match in matches:
        if match.sku.lower() == wanted or match.name.lower() == wanted:
            return match
    if not matches:
        return None
    close = [m for m in matches if m.score >= matches[0].score * CLOSE_SCORE]
    if len(close) == 1:
        return matches[0]
    plain = [m for m in close if _plain_model(wanted, m.name)]
    return plain[0] if len(plain) == 1 else None


# Words that make a model a different one: "rtx 4070" is neither the 4070 Super nor the 4070 Ti.
_TIERS = frozenset(("super", "ti", "xt", "xtx", "x3d"))


def _sizes(text: str) -> set[str]:
    """The capacities a text names, written alike: "2TB", "2 TB" -> {"2tb"}."""
    return {re.sub(r"\s", "", c.lower()) for c in CAPACITY.findall(text)}


def name_words(text: str) -> set[str]:
    """Lower-case words and numbers of a name or a message; "2tb" gives "2" and "tb"."""
    return set(re.findall(r"[a-z]+|\d+", text.lower()))


def _plain_model(query: str, name: str) -> bool:
    """True when `name`'s model (before the first comma: "ASUS ROG Zephyrus G14, RTX 4070" is a
    laptop, not a 4070) has every word of `query` and no tier word the query lacks."""
    wanted = name_words(query)
    model = name_words(name.split(",", 1)[0])
    # ("corsair 32gb 6000" is not the 64 GB kit of 2x32.)
    return wanted <= model and not (model & _TIERS) - wanted and _sizes(query) <= _sizes(name)


# What a follow-up adds to the product just talked about: "and the ti version?", "the 2 tb one".
_VARIANT_FILLER = frozenset(("version", "model", "variant", "edition", "then", "one"))
_TURKISH_KIND_WORD = re.compile(
    "|".join(f"(?:{stem})" for stems in TURKISH_KINDS.values() for stem in stems), re.I
)
MAX_VARIANT_WORDS = 3


async def variant_of(client: BackendClient, sku: str, text: str) -> ProductMatch | None:
    """The product a short follow-up means next to the one just talked about (`sku`): a product
    whose name has every word the follow-up adds, most like the current one ("and the ti?" after
    the RTX 4070 Super is the RTX 4070 Ti, not the 4060 Ti); None unless it is one clear product."""
    words = product_words(text)
    # ("pro lisans" adds "pro": the kind, in either language, is the current one's.)
    added = {
        word
        for word in name_words(words or "") - _VARIANT_FILLER
        if not only_kind_words(word) and not _TURKISH_KIND_WORD.match(word)
    }
    if not added:
        return None
    try:
        current = await client.product_availability(sku)
    except ProductNotFound:
        return None
    except BackendUnavailable:
        if len(added) > MAX_VARIANT_WORDS:
            return None  # only a guess at a family member: the question goes on without it
        raise
    current_words = name_words(current.name or sku)
    if len(added) > MAX_VARIANT_WORDS:
        # "Aslında Pro almam lazımdı, Home'u Pro'ya değiştirebilir miyim? Pro kaç euro?" beside
        # the Home licence: the one product of its family the message names a word of.
        return await _sibling_named(client, current.name or sku, sku, current_words, added)
    if added <= current_words:
        return None
    found = {
        m.sku: m
        for query in (current.name or sku, " ".join(sorted(added)))
        for m in await client.search_products(query, limit=10)
    }
    fitting = [m for m in found.values() if m.sku != sku and added <= name_words(m.name)]
    if not fitting:
        return None
    overlap = {m.sku: len(name_words(m.name) & current_words) for m in fitting}
    best = max(overlap.values())
    winners = [m for m in fitting if overlap[m.sku] == best]
    return winners[0] if len(winners) == 1 else None


async def _sibling_named(
    client: BackendClient, name: str, sku: str, current_words: set[str], said: set[str]
) -> ProductMatch | None:
    """The product of the same family as `name` (sharing most of its words) whose own words
    the message says ("pro" for Windows 11 Pro beside Windows 11 Home); numbers are sizes, for
    `variants.another_size`. None unless one product clearly wins."""
    words_said = {word for word in said if not word.isdigit()}
    scored: list[tuple[int, int, ProductMatch]] = []
    for match in await client.search_products(name, limit=10):
        words = name_words(match.name)
        shared = len(words & current_words)
        if match.sku == sku or shared * 2 < len(current_words):
            continue
        hits = len((words - current_words) & words_said)
        if hits:
            scored.append((hits, shared, match))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    if not scored or (len(scored) > 1 and scored[0][:2] == scored[1][:2]):
        return None
    return scored[0][2]


_AND_TOO = re.compile(r"^\W*(?:and|also|plus)\s+|\s*\b(?:too|as well|also)\W*$", re.IGNORECASE)
# The same again for another line: "and one of the two crucial 4tb too", "that one as well".
_THAT_TOO = re.compile(
    r"^\W*(?:and|also|plus)\b[^?]{0,60}\b(?:too|as well|also)\W*$|\b(?:onu|bunu|birini) de\b",
    re.IGNORECASE,
)


# "have it now?", "in stock again", "stokta var mı": about the product's stock, not an order line.
ASKS_STOCK = re.compile(
    r"\b(?:in stock|stock|have (?:it|them|one)|available|back in stock|restock\w*|stok\w*"
    # "and do you have 2 of them"
    r"|have (?:\d|two|three|four|five)(?: of (?:them|those|these))?"
    r"|how many|ka[çc] (?:tane|adet)"
    r"|(?:it'?s|its|it is|they'?re|they are|comes?|is) back)\b",
    re.I,
)
# Capacities customers add to a product ("any 4tb nvme drives?", "the 990 pro 2 tb"): the NLU's
# product entity often leaves them out, and the catalogue search narrows down by them.
CAPACITY = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:tb|gb)\b", re.IGNORECASE)
# Screen sizes likewise ("a 27 inch monitor", "32 inç monitör", '34" ultrawide'): the number goes
# into the search, which matches it against the size in the catalogue's names ('27" QHD').
SCREEN_SIZE = re.compile(
    r"(?<![\w.,])(\d{2}(?:[.,]\d)?)\s?(?:-?inch(?:es)?\b|in[çc]\w*|in\b|\"|''|”|″)", re.IGNORECASE
)


def product_query(tracker: Tracker, last: bool = False) -> str | None:
    """What the customer called the product in this message: the entity (the one mentioned last
    if `last`, else the longest) with any capacity the message gives, or, when the bot had asked
    which product, the whole answer."""
    text = tracker.latest_message.get("text") or ""
    products = [
        e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "product"
    ]
    # "i need them for office pcs. what intel cpu do you have": the office is a place.
    # ("around that price, not 4090 money": a price level, no product.)
    dropped = [
        e
        for e in products
        if e.get("start") is not None and (_a_place(e, text) or _a_price_level(e, text))
    ]
    if any(not only_kind_words(str(e.get("value"))) for e in products if e not in dropped):
        # "looking for a gpu, is the rtx 4090 founders in stock?": the model, not the kind.
        dropped += [e for e in products if only_kind_words(str(e.get("value")))]
    if dropped:
        tracker = copy.copy(tracker)
        tracker.latest_message = {
            **tracker.latest_message,
            "entities": [
                e for e in tracker.latest_message.get("entities") or [] if e not in dropped
            ],
        }
    mention = (last_mentioned if last else latest_entity)(tracker, "product")
    if mention:
        return with_capacity(mention, text)
    text = (tracker.latest_message.get("text") or "").strip()
    if tracker.get_slot("product_question") and latest_intent(tracker) == "inform":
        return text or None
    return None


async def guessed_product(client: BackendClient, tracker: Tracker) -> ProductMatch | None:
    """A product the NLU doesn't know ("do you have the samsung 990pro", "is the rtx 4o70 in
    stock", anything of an imported catalogue), found by the live catalogue's fuzzy search
    with the words left once the question's own words are gone; None when nothing clearly
    matches, so the caller goes on with the product talked about or asks which one."""
    text = tracker.latest_message.get("text") or ""
    words = product_words(text)
    if words is None:
        return None
    found = pick_match(words, await client.search_products(words, limit=MAX_CHOICES))
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if found is not None or len(sentences) < 2:
        return found
    # "Do you have the 990 Pro 2TB in stock? Could I swap to that instead, still 3 of them?":
    # the one sentence that names a product clearly (set BD #41 got the alternatives).
    picks = []
    for sentence in sentences:
        said = product_words(sentence)
        if said is not None:
            picks.append(pick_match(said, await client.search_products(said, limit=MAX_CHOICES)))
    named = {pick.sku: pick for pick in picks if pick is not None}
    return next(iter(named.values())) if len(named) == 1 else None


_SENTENCE_END = re.compile(r"[.?!\n]+")


_QUESTION_WORDS = frozenset(
    (
        # Fillers: "then how much is it", "hmm whats the price btw", "nice. 2 more".
        "then",
        "nice",
        "cool",
        "great",
        "awesome",
        "thanks",
        "thx",
        "just",
        "hmm",
        "whats",
        "really",
        "btw",
        "anyway",
        # The labels of an order's details (their values are blanked: without_order_details).
        "order",
        "postcode",
        "postal",
        "zip",
        "email",
        "a",
        "an",
        "the",
        "is",
        "are",
        "am",
        "be",
        "been",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "do",
        "does",
        "did",
        "you",
        "u",
        "ur",
        "your",
        "yours",
        "we",
        "our",
        "i",
        "i'm",
        "me",
        "my",
        "any",
        "some",
        "have",
        "has",
        "had",
        "got",
        "get",
        "gets",
        "can",
        "could",
        "would",
        "will",
        "shall",
        "in",
        "stock",
        "stocks",
        "instock",
        "available",
        "availability",
        "avail",
        "sell",
        "selling",
        "sold",
        "carry",
        "carrying",
        "left",
        "still",
        "again",
        "yet",
        "now",
        "today",
        "soon",
        "back",
        "restock",
        "restocked",
        "restocking",
        "when",
        "what",
        "which",
        "how",
        "many",
        "much",
        "more",
        "please",
        "para",
        "fiyat",
        "kadar",
        "euro",
        "tl",
        "lira",
        "so",
        "right",
        "exactly",
        "actually",
        "pls",
        "plz",
        "pl",
        "thanks",
        "thx",
        "ok",
        "okay",
        "hi",
        "hello",
        "hey",
        "to",
        "for",
        "of",
        "on",
        "with",
        "and",
        "or",
        "but",
        "if",
        "about",
        "want",
        "wanted",
        "need",
        "needed",
        "buy",
        "looking",
        "look",
        "find",
        "search",
        "check",
        "tell",
        "know",
        "let",
        "similar",
        "alternative",
        "alternatives",
        "instead",
        # "could you hold one for me until tonight": no product's words.
        "hold",
        "until",
        "tonight",
        "tomorrow",
        "other",
        "else",
        "something",
        "anything",
        "cheaper",
        "like",
        "same",
        "kind",
        "one",
        "ones",
        "also",
        "all",
        "both",
        "them",
        "they",
        "too",
        "as",
        "well",
        "notify",
        "alert",
        "alerts",
        "update",
        "updates",
        "message",
        "ping",
        "price",
        "cost",
        "costs",
        "?",
        # Turkish: "rtx 5090 var mı", "super olan kaç tane kalmış", "ps5 satıyor musunuz"
        "var",
        "yok",
        "mı",
        "mi",
        "mu",
        "mü",
        "mı?",
        "mi?",
        "mu?",
        "mü?",
        "kaç",
        "kac",
        "tane",
        "adet",
        "kaldı",
        "kaldi",
        "kalmış",
        "kalmis",
        "olan",
        "olanı",
        "olani",
        "stokta",
        "stok",
        "stoğa",
        "stoga",
        "ne",
        "zaman",
        "zmn",
        "gelir",
        "gelecek",
        "peki",
        "acaba",
        "hiç",
        "hic",
        "da",
        "de",
        "bu",
        "şu",
        "o",
        "satıyor",
        "satiyor",
        "satiyo",
        "musunuz",
        "misiniz",
        "sizde",
        "fiyatı",
        "fiyati",
        "inç",
        "inc",
        "inch",
    )
)


def product_words(text: str) -> str | None:
    """The words of a product question that may name the product; None if none are left."""
    # (Not the "s" of "what's" or the "t" of "don't": a single letter names nothing.)
    # (Nor the order's details: "order 100365, postcode 61607. can you add a Crucial 16 GB DDR4
    # kit" searches "add crucial 16 gb ddr4 kit".)
    text = without_order_details(text)
    words = [
        w
        for w in re.findall(r"[\w.+-]+", text.lower())
        if w not in _QUESTION_WORDS and (len(w) > 1 or w.isdigit())
    ]
    return " ".join(words) or None


def size_after(mention: str, text: str) -> str:
    """`mention` with the capacity typed right after it in `text` ("wd sn850x 1tb")."""
    at = text.lower().find(mention.lower())
    if at < 0:
        return mention
    after = re.match(r"\s*(\d+\s?(?:tb|gb))\b", text[at + len(mention) :], re.I)
    return f"{mention} {after.group(1)}" if after else mention


def with_capacity(mention: str, text: str) -> str:
    """`mention` followed by the capacities and screen sizes in `text` it doesn't already name."""
    named = mention.lower().replace(" ", "")
    extra = [c for c in CAPACITY.findall(text) if c.lower().replace(" ", "") not in named]
    extra += [size for size in SCREEN_SIZE.findall(text) if size not in named]
    return " ".join([mention, *extra])


# Taking an offered product, or asking what it costs: "fine", "I'll take", "price?".
# A product picked from what was offered: "the wd 2tb then", "both of them", "o zaman X olsun".
_PICKED = re.compile(
    r"\bthen\b|\bboth(?: of them)?\b|\ball (?:of them|two|three)\b|\bo zaman\b|\bolsun\b", re.I
)
_TAKES_IT = re.compile(
    r"\b(?:fine|ok(?:ay)?|take|go with|i'?ll have|that one|works|price|cost|how much|difference"
    r"|tamam|olur|alay[ıi]m|fiyat\w*|fark\w*)\b",
    re.I,
)


# A short stock-sounding question that asks a policy fact and names no product is that fact.
MAX_TOPIC_ONLY_WORDS = 6


# "what do you have instead", "anything else in stock", "any alternative": not this product's
# stock, what could replace it.
INSTEAD_IN_STOCK = re.compile(
    r"\b(?:what|anything|something)\b[^.?!]{0,25}\binstead\b|\balternativ\w*|\bsimilar\b"
    r"|\b(?:same|similar) price(?: range)?\b"
    # "what do you actually HAVE in stock around that price"
    r"|\b(?:around|about|near|close to|for|in|within) (?:that|the same|this|its) price\b"
    r"|\b(?:anything|something|what) else\b|\byerine\b[^.?!]{0,30}\b(?:ne|bir [şs]ey)\b"
    # "out of stock too?? what do you have then"
    r"|\bwhat (?:do|can) you (?:actually |even )?(?:have|offer)(?: in stock)? (?:then|instead)\b"
    # "do you have anything that's actually on a shelf" (set BL #6 got "Sorry, I didn't
    # understand that")
    r"|\b(?:anything|something)\b[^.?!]{0,30}\b(?:on (?:a|the) shel(?:f|ves)|on hand"
    r"|ready to ship|ships? (?:now|today|right away))\b",
    re.IGNORECASE,
)


# The shop's stock of a product, not the customer's line of it: "do you have any a770 free at
# all", "any more left?", "elinizde var mı".
# "how much", "what's the price", "fiyatı ne kadar", "kaç para".
_PRICE_ASKED = re.compile(
    r"\bhow much\b|\bprice\b|\bcost\w*|\bfiyat\w*|\bne kadar\b|\bka[çc] (?:para|euro|tl)\b", re.I
)
_SHOP_STOCK = re.compile(
    r"\b(?:do you (?:still |even )?have (?:any|more|some)|any (?:more|left|spare|free)"
    r"|free (?:at all|right now|now)|spare ones?|left in stock|more in stock|elinizde\w*"
    # "is there any rtx 4060 in stock at all": the shop's, whatever the order's line says.
    r"|(?:is|are) there any\b[^.?!]{0,30}\bin stock|in stock at all"
    r"|how many\b[^.?!]{0,25}\b(?:do you|you) (?:still )?have|still \d+(?:[.,]\d+)?"
    r"|how much (?:is|are|does|do) (?:it|they|one|the \w+(?: \w+)?) (?:now|cost)"
    r"|(?:price|fiyat\w*) (?:now|still|şimdi)"
    # "do you have the xtx in stock because my friend wants one" with an XTX on the order: one
    # more for someone else (set BP #46 got the order's line).
    r"|(?:my|a) (?:friend|brother|sister|colleague|dad|father|mom|mother|son|daughter|cousin)"
    r"|arkada[şs][ıi]m\w*|karde[şs]im\w*)\b",
    re.IGNORECASE,
)


# "when will it be back", "when do you get more", "ne zaman gelir": the restock asked about.
_WHEN_BACK = re.compile(
    r"\bwhen\b[^.?!]{0,30}\b(?:back|get(?:ting)? (?:more|new)|restock\w*|in stock|available"
    # "when will you get it again?" (set BQ #10 got the whole stock block again)
    r"|get (?:it|them|one|some|any) (?:in )?again"
    r"|expected|arriv\w*"
    r"|come in)\b|\bany (?:date|eta)\b|\bne zaman\b",
    re.IGNORECASE,
)


async def _said_when_back(
    client: BackendClient,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    sku: str,
    today: dt.date,
) -> bool:
    """The restock of the product just shown, in one sentence; False when it's in stock (its
    stock is the answer) or can't be read."""
    try:
        stock = await client.product_availability(sku)
    except ProductNotFound:
        return False
    if stock.available > 0:
        return False
    lang = language(tracker)
    name = stock.name or sku
    if _PRICE_ASKED.search(tracker.latest_message.get("text") or ""):
        # "price? and when will you get more": the price first, then the restock.
        dispatcher.utter_message(
            response="utter_product_price",
            name=name,
            price=money(stock.price, lang),
            currency=currency(stock.currency, lang),
        )
    if stock.next_restock is None:
        dispatcher.utter_message(response="utter_restock_no_date_yet", name=name)
    else:
        dispatcher.utter_message(
            response="utter_restock_due",
            name=name,
            restock_date=format_day(stock.next_restock.date, today, lang),
            restock_units=units(stock.next_restock.quantity, lang),
        )
    return True


# "what's the closest thing you have", "next best", "en yakın": the alternatives of the product
# just talked about.
CLOSEST = re.compile(
    r"\b(?:closest|nearest|next best|similar|close to (?:it|that)|en yak[ıi]n\w*|benzer\w*)\b",
    re.IGNORECASE,
)


# "and price?", "how much?", "fiyatı?": a price asked in a few words is the product's.
MAX_SHORT_PRICE_WORDS = 3
_PRICE_OF_IT = re.compile(
    r"^\W*(?:and |so |ok )?(?:how much (?:is|are|does) (?:it|that|that one|this one|they|those)"
    r"(?: cost)?|what(?:'s| is) (?:its|the) price)\W*$",
    re.I,
)


_NAMED_SPEC = re.compile(
    r"\b(nvme|sata|4k|qhd|fhd|uhd|oled|ips|ddr[45]|pcie ?[345](?:\.0)?|\d{2,3} ?hz|thunderbolt"
    r"|ultrawide)\b",
    re.IGNORECASE,
)


async def spec_in_the_name(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """A specification asked about that the product's own name gives ("Is the 870 EVO NVMe or
    SATA?": "Samsung 870 EVO 1 TB SATA"): said, from the name only; False when the message asks
    none, names no product clearly, or the name doesn't say."""
    text = tracker.latest_message.get("text") or ""
    asked = {m.group(1).lower().replace(" ", "") for m in _NAMED_SPEC.finditer(text)}
    # (Not the spec itself marked as a product: "nvme" of "is that nvme?".)
    named = [n for n in named_products(tracker) if n[0].lower().replace(" ", "") not in asked]
    if not asked or len(named) != 1:
        return False
    mention = named[0][0]
    matches = await client.search_products(mention, limit=5)
    chosen = pick_match(mention, matches)
    # "the samsung 870 evo", sold in 1 TB and 2 TB: the model's sizes, when they all say it.
    models = (
        [chosen] if chosen is not None else [m for m in matches if _same_model(m.name, mention)]
    )
    if not models:
        return False
    names = [m.name.lower().replace(" ", "") for m in models]
    found = [spec for spec in asked if all(spec in name for name in names)]
    other = {"nvme": "sata", "sata": "nvme"}
    if not found:
        # "is that nvme?" of a SATA drive: what its name says instead.
        found = [other[s] for s in asked if s in other and all(other[s] in n for n in names)]
    if not found:
        return False
    shown = [
        m.group(1)
        for m in _NAMED_SPEC.finditer(models[0].name)
        if m.group(1).lower().replace(" ", "") in found
    ]
    name = models[0].name if len(models) == 1 else _common_start([m.name for m in models])
    dispatcher.utter_message(
        response="utter_spec_in_name", name=name, specs=join_and(shown, language(tracker))
    )
    return True


def _same_model(name: str, mention: str) -> bool:
    """Whether a catalogue name has every word and number of the mention ("samsung 870 evo")."""
    have = set(re.findall(r"[a-z0-9]+", name.lower()))
    return set(re.findall(r"[a-z0-9]+", mention.lower())) <= have


def _common_start(names: list[str]) -> str:
    """The words the names start with alike: "Samsung 870 EVO" of its 1 TB and 2 TB."""
    split = [name.split() for name in names]
    common: list[str] = []
    for words in zip(*split, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    return " ".join(common) or names[0]


# "is that nvme?", "is the 870 evo sata or nvme": a spec asked of a product.
_IS_IT_SPEC = re.compile(
    # (Not "how much is the gskill ripjaws 32gb ddr4": its price.)
    r"(?<!\bmuch )(?<!\bprice )(?<!\bcost )"
    r"\b(?:is|are) (?:it|that|this|they|those|the [^?.!]{1,40}?) (?:an? )?(?:nvme|sata|4k|qhd"
    r"|oled|ips|ddr[45]|pcie|thunderbolt|ultrawide)\b",
    re.I,
)


# "at the same price", "similar price", "aynı fiyatlarda", "not much more expensive".
_SAME_PRICE = re.compile(
    r"\b(?:same|similar|comparable) price\w*|\bsame price range\b|\baround the same (?:price|money)"
    r"|\bclose in price\b|\bnot (?:much )?more expensive\b|\bayn[ıi] fiyat\w*|\bbenzer fiyat\w*"
    r"|\bfiyat[ıi] ayn[ıi]\b",
    re.I,
)
_DO_YOU_HAVE = re.compile(r"\bdo (?:you|u|ya) (?:still |even )?(?:have|sell|carry|stock)\b", re.I)
# "also the i5 14600k", "and the 4080 super too", "same for the g7": one more like the last.
_ALSO_THAT = re.compile(
    r"^\W*(?:also|and|\+|same for|same with|bir de|ayr[ıi]ca)\b(?!.*\b(?:how|what|when|is it"
    r"|are they|ne zaman|ka[çc])\b)",
    re.I,
)


class ActionCheckAvailability(ReplyAction):
    """Stock now, the next restock and what to do next; also answers "which product?"."""

    def __init__(self, client_factory: ClientFactory | None = None, today: Today | None = None):
        self._client_factory = client_factory or BackendClient.from_settings
        self._today = today or settings_today

    def name(self) -> str:
        return "action_check_availability"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        waiting = tracker.get_slot("pending_detail") or {}
        if (
            tracker.get_slot("pending") == "cancel"
            and waiting.get("scope") == "order"
            and starts_with_yes(text)
            and WHOLE_ORDER.search(text)
        ):
            # "yes all of it, the radeon, the crucial drives and the 4070 super" to "cancel
            # everything that hasn't shipped?", heard as a question about them: the yes.
            return list(
                await ActionCancelConfirmed(self._client_factory).run(dispatcher, tracker, domain)
            )
        found = await look_up_given_order(
            self._client_factory, self._today, dispatcher, tracker, domain
        )
        if found:
            # "order 100110 ivan@... the zephyrus laptops, when are they coming??": the order
            # first; its lines answer "when", and what else the message asks follows.
            tracker = with_slots(tracker, found)
            order = await verified_order(self._client_factory(), tracker)
            on_order = order is not None and bool(lines_named(order, text))
            return [*found, *await self._after(dispatcher, tracker, domain, answered=on_order)]
        return await self._after(dispatcher, tracker, domain)

    async def _after(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        answered: bool = False,
    ) -> list[EventType]:
        """The answer, the topics asked beside it, a cancellation asked beside it; `answered`
        when the order's lines just said what the message asks of its products."""
        text = tracker.latest_message.get("text") or ""
        if NO_ORDER_NUMBER.search(text) and verified_credentials(tracker) is None:
            # "idk the number, its a ryzen cpu": an order can't be found by its product.
            dispatcher.utter_message(response="utter_order_number_help")
            return []
        from actions.swap import ActionProposeSwap, given_as_example  # built on this module

        if (
            asks_to_swap(text)
            and given_as_example(text)
            and verified_credentials(tracker) is not None
        ):
            # "can I swap it for something in stock? like the wd black 2tb": that swap, to
            # confirm (sets BJ #11, BK #41 got the list of alternatives, then the list again).
            return list(
                await ActionProposeSwap(self._client_factory).run(dispatcher, tracker, domain)
            )
        mention = product_query(tracker)
        where = _owned_sentence(text, mention)
        if _ONE_MORE.search(text) and (mention is None or (where and _FOR_MINE.match(where))):
            client = self._client_factory()
            only = await _the_one_product(client, tracker)
            if only is not None:
                # "do you have another one? want it for my laptop" after "my two 990 pro 1tb
                # came": more of the order's one product.
                return await answer_availability(client, dispatcher, tracker, only, self._today())
        if (
            _ALSO_THAT.match(text)
            and named_products(tracker)
            and not _PRICE_ASKED.search(text)
            and not ASKS_STOCK.search(text)
            and "?" not in text
            and said_last_turn(tracker, "utter_subscribed_product")
        ):
            # "also the i5 14600k" right after "I'll message you when the Ryzen 5 7600X is back":
            # a message for that one too (set BJ #31 got its stock).
            from actions.subscriptions import ActionSubscribe  # built on this module

            return list(
                await ActionSubscribe(self._client_factory).run(dispatcher, tracker, domain)
            )
        if asks_whats_left(text) and await answer_named_lines(
            self._client_factory(), dispatcher, tracker, self._today()
        ):
            return []  # "so what's left on the order now?" after talking about a product
        if (
            verified_credentials(tracker) is not None
            and _THAT_TOO.search(text)
            and any(said.startswith("utter_cancel_done") for said, _ in last_turn(tracker))
        ):
            # "and one of the two crucial 4tb too" right after a cancellation: the same again,
            # for that line, to confirm (set BF #33 got the line's status).
            again = copy.copy(tracker)
            same_again = _AND_TOO.sub("", text)  # "one of the two crucial 4tb"
            again.latest_message = {**tracker.latest_message, "text": f"cancel {same_again}"}
            return list(
                await ActionProposeCancel(self._client_factory).run(dispatcher, again, domain)
            )
        if verified_credentials(tracker) is not None and await answered_refund_amount(
            self._client_factory(), dispatcher, tracker
        ):
            # "the kingston ram already arrived so that one stays ofc. how much will I get
            # back?" after a cancellation: the refund, not the Kingston's stock (set BE #8).
            return []
        asked = asked_topics(text)
        if asked and len(text.split()) <= MAX_TOPIC_ONLY_WORDS and not named_products(tracker):
            # "to the same card?" after a refund: the refund, not the graphics cards in stock.
            utter_topics(dispatcher, text)
            return []
        fewer = reduced_quantity(text)
        if not answered and fewer is not None and verified_credentials(tracker) is not None:
            order = await verified_order(self._client_factory(), tracker)
            named = [
                ln
                for ln in (lines_named(order, text) if order else [])
                if ln.status in ("ready", "backordered") and ln.quantity > fewer
            ]
            if len(named) == 1:
                # "the Ryzen 9 7950X, from 3 to 2": fewer units is cancelling the rest, to confirm.
                propose = ActionProposeCancel(self._client_factory)
                return list(await propose.run(dispatcher, tracker, domain))
        if (
            not answered
            and tracker.get_slot("product_sku")
            and CLOSEST.search(text)
            and not named_products(tracker)
        ):
            # "whats the closest thing you have right now" after the 4090 is out of stock.
            return list(
                await ActionSuggestAlternatives(self._client_factory).run(
                    dispatcher, tracker, domain
                )
            )
        limits = [response for response in asked if response.startswith("utter_limit_")]
        if (
            limits
            and not answered
            and not (
                ASKS_STOCK.search(text)
                or _PRICE_ASKED.search(text)
                or about_shipping(text)
                # "do you have the Crucial 16gb ddr4 3200 kit? can you hold one for me": the
                # stock too (set BJ #24 got the hold's limit alone).
                or (
                    _DO_YOU_HAVE.search(text)
                    and any(
                        e.get("entity") == "product"
                        for e in tracker.latest_message.get("entities") or []
                    )
                )
            )
        ):
            # "işlemciyi anakarta siz takabilir misiniz, montaj hizmetiniz var mı": the limit,
            # not the processor's line again first (set BE #24).
            utter_topics(dispatcher, text)
            return []
        events = [] if answered else await self._answer(dispatcher, tracker, domain)
        waiting = tracker.get_slot("pending_detail")
        if (
            tracker.get_slot("pending") == "cancel"
            and isinstance(waiting, dict)
            and asks_what_there_is(text)
            and "?" in text
            and not any(e.get("name") == "pending" for e in events)
        ):
            # "is there any 4 TB ssd in stock instead of the crucials?" while the RX 7600's
            # cancellation waits: the list, then that cancellation still waiting (set BM #2).
            say_cancel_still_pending(dispatcher, waiting)
            events = [*events, SlotSet("pending", "cancel")]
        said = {message.get("response") for message in dispatcher.messages}
        for response in asked:
            if response not in said:
                # "4080 super price? can you hold one until friday": the hold too.
                dispatcher.utter_message(response=response)
        if (
            asks_to_swap(text)
            and not asks_to_cancel(text)
            and verified_credentials(tracker) is not None
            and "pending" not in {e.get("name") for e in events}
            and not INSTEAD_IN_STOCK.search(text)
            # ("is there any 4 TB ssd you have in stock right now instead of the crucials?" while
            # the RX 7600's cancellation waits: a question, answered with the list and its swap
            # buttons; set BM #2 dropped the cancellation for a swap nobody asked.)
            and not (asks_what_there_is(text) and "?" in text)
            and not await _only_instead_of_nothing(self._client_factory(), tracker, text)
        ):
            # "the 7800x3d is still waiting? swap it for the ryzen 9 7900x if you have it": the
            # stock, then the swap to confirm.
            from actions.swap import ActionProposeSwap  # swap.py is built on this module

            propose_swap = ActionProposeSwap(self._client_factory)
            return [*events, *await propose_swap.run(dispatcher, tracker, domain)]
        if (
            asks_to_cancel(text)
            and verified_credentials(tracker) is not None
            and "pending" not in {e.get("name") for e in events}
        ):
            # "cancel the last one too, i'll get a bigger one. is the wd 2tb in stock?": the
            # stock, then the cancellation to confirm.
            propose = ActionProposeCancel(self._client_factory)
            events = [*events, *await propose.run(dispatcher, tracker, domain)]
        return events

    async def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if (
            latest_intent(tracker) == "inform"
            and tracker.get_slot("product_question") == QUESTION_ALTERNATIVES
        ):
            return await suggest_alternatives(self._client_factory(), dispatcher, tracker)
        client = self._client_factory()
        text = tracker.latest_message.get("text") or ""
        current = tracker.get_slot("product_sku")
        if (
            current
            and _IT_GOES_OUT.search(text)
            and not named_products(tracker)
            and verified_credentials(tracker) is not None
        ):
            # "so its not lost? when will it go out" about the line just shown: its date, not
            # the shop's stock (set BP #32).
            mine = await verified_order(client, tracker)
            lines = [
                ln
                for ln in (mine.lines if mine else [])
                if ln.sku == current and ln.status in ("ready", "backordered")
            ]
            # (Not when the words name another line: "and the WD ssds, when do they ship".)
            others = [ln for ln in lines_named(mine, text) if ln.sku != current] if mine else []
            if mine is not None and lines and not others:
                answer_lines(
                    dispatcher,
                    mine,
                    lines,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return []
        if (
            current
            and _WHEN_BACK.search(text)
            and not named_products(tracker)
            and previous_action(tracker) == "action_check_availability"
            and await _said_when_back(client, dispatcher, tracker, str(current), self._today())
        ):
            return []  # "when will it be back" right after its stock: the date, not it all again
        if (
            current
            and _PRICE_ASKED.search(text)
            and (
                len(text.split()) <= MAX_SHORT_PRICE_WORDS
                # "how much is it" right after the 990 Pro 2 TB's stock: its price.
                or _PRICE_OF_IT.search(text) is not None
            )
            and not named_products(tracker)
            and tracker.get_slot("pending") != "swap"  # (a swap's price is its difference)
        ):
            # "and price?" right after the 7900X's stock: its price (not the order's line).
            return await answer_availability(client, dispatcher, tracker, current, self._today())
        if await answered_total(client, dispatcher, tracker):
            return []  # "whats my total now?" after a cancellation: the order's total
        if (
            _IS_IT_SPEC.search(text)
            # ("is the Corsair Vengeance 32GB DDR5-6000 even in stock? price?" asks its stock.)
            and not ASKS_STOCK.search(text)
            and not _PRICE_ASKED.search(text)
            and await spec_in_the_name(client, dispatcher, tracker)
        ):
            return []  # "what about the samsung 870 evo 1tb, is that nvme?": SATA, its name says
        if reports_arrival_with_thanks(tracker):
            # "the 990 pro already arrived btw, thanks": glad to hear it, nothing to look up.
            dispatcher.utter_message(response="utter_glad_it_arrived")
            return []
        both = _BOTH_OF_THEM.search(text) and not named_products(tracker)
        said_skus = skus_said_last_turn(tracker)
        if both and len(said_skus) == 2:
            # "are both in stock" right after two products: each of them.
            each: list[EventType] = []
            for sku in said_skus:
                each = await answer_availability(client, dispatcher, tracker, sku, self._today())
            return each
        if _THE_SAME.search(text) and not named_products(tracker):
            # "nice. I want to buy 2 more of the same, are they in stock?": the product talked
            # about, or the order's only product.
            mine = await verified_order(client, tracker) if verified_credentials(tracker) else None
            skus = {ln.sku for ln in mine.lines} if mine is not None else set()
            same = current or (skus.pop() if len(skus) == 1 else None)
            if same:
                return await answer_availability(client, dispatcher, tracker, same, self._today())
        sentences = re.split(r"(?<=[.!?])\s+", text.strip())
        last = sentences[-1]
        # (Only a last sentence that shops: "any 24GB card in stock now? the 7900 XTX?" asks
        # about the 7900 XTX.)
        start = len(text.strip()) - len(last)
        models_in_last = [
            e
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "product"
            and (e.get("start") or 0) >= start
            and not only_kind_words(str(e.get("value")))
        ]
        shopping = (
            len(sentences) > 1
            and asks_what_there_is(last)
            and not _names_a_model_too(last)
            and not models_in_last
        )
        shopped = browse_request(last) if shopping else None
        if shopped is not None and (cpu := _cpu_for_socket(tracker, last)):
            # "seriously none?? what's the cheapest am5 cpu you do have": of that socket.
            return await suggest_alternatives(client, dispatcher, tracker, cpu)
        if shopped is not None:
            # "the 7700 xt has 12gb, I need 16. what 16gb cards do you have in stock?": the
            # sentence that shops, not the card it turns down.
            return await show_in_stock(client, dispatcher, tracker, shopped)
        listed = chosen_button(tracker, ("product_availability",))
        if listed is not None and any(
            not all(
                _squashed(word) in _squashed(str(listed.get("title", "")))
                for word in mention.split()
            )
            for mention, _ in named_products(tracker)
        ):
            # "the benq is 999?? no. what about the dell ultrasharp" after a list with the
            # BenQ: the other product named, not the button the message also names.
            listed = None
        goes_with = _GOES_WITH.search(text)
        if goes_with is not None and browse_request(text[: goes_with.start()]) is not None:
            # "and a cpu to go with the 7800 xt" after a list with the 7800 XT: CPUs.
            listed = None
        if (
            listed is not None
            and _PICKED.search(text)
            and "?" not in text
            and verified_credentials(tracker) is not None
            and swap_offered_lately(tracker)
        ):
            # "ok wd black sn850x 2tb then, both of them" after the swap list and then a list of
            # what else there is: that swap, to confirm (set BN #37 got its stock, and the yes
            # nothing).
            from actions.swap import ActionProposeSwap  # built on this module

            sku = button_product(listed) or ""
            button = {"title": listed.get("title"), "payload": payload("swap_item", product=sku)}
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, as_pressed(tracker, button), domain))
        if listed is not None:
            # "is the crucial 16gb still in stock? it says 1 left" after a list: that product.
            return await self._answer(dispatcher, as_pressed(tracker, listed), domain)
        to_cancel = chosen_button(tracker, ("cancel_order",))
        if to_cancel is not None and not _ASKS_WHEN.search(text):
            # "the 2 samsung 870 evo 2tb" after "Which item do you want to cancel?": that line's
            # cancellation, to confirm (set BK #28 got its shipping date).
            cancel = ActionProposeCancel(self._client_factory)
            return list(await cancel.run(dispatcher, as_pressed(tracker, to_cancel), domain))
        if asks_another_size(text):
            # "is the 2tb version in stock? how much", "13 inç olan": that model in that size.
            sized = await another_size(client, tracker)
            mine = await verified_order(client, tracker) if verified_credentials(tracker) else None
            sized_lines = [
                ln for ln in (mine.lines if mine else []) if sized and ln.sku == sized.sku
            ]
            shop_stock = _SHOP_STOCK.search(text) is not None or any(
                said.startswith("utter_availability") for said, _ in last_turn(tracker)
            )
            if mine is not None and sized_lines and not shop_stock:
                # "ok then what's the status of the 1tb one" with the 1 TB on the order: its line.
                # (Not "how many 870 evo 1tb do you have in stock", nor "and the 2tb version?"
                # right after the shop's stock: the shop's; set BI #41.)
                answer_lines(
                    dispatcher,
                    mine,
                    sized_lines,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return [SlotSet("product_sku", sized_lines[0].sku)]
            if sized is not None:
                return await answer_availability(
                    client, dispatcher, tracker, sized.sku, self._today()
                )
        if INSTEAD_IN_STOCK.search(text) and not named_products(tracker):
            # "what do you have instead thats in stock and not much more expensive": the
            # alternatives to the waiting line (or the product talked about).
            return await suggest_alternatives(client, dispatcher, tracker)
        if answered_swap_price(dispatcher, tracker):
            return []  # "what's the price difference?" while a swap waits for a yes
        offers = await answered_offer_differences(self._client_factory(), dispatcher, tracker)
        if offers is not None:
            return offers  # "what's the price difference in total?" after swap buttons
        if answered_limit_followup(dispatcher, tracker):
            return []  # "so where can I get one then?" right after a limit
        # Imported here: actions/swap.py is built on this module.
        from actions.swap import ActionProposeSwap, answered_swap_difference, proposed_other_swap

        swap = await answered_swap_difference(self._client_factory, dispatcher, tracker, domain)
        if swap is not None:
            return swap  # "whats the price difference if i take the WD Black 1 TB instead?"
        other = await proposed_other_swap(self._client_factory, dispatcher, tracker, domain)
        if other is not None:
            return other  # "legion 5 then, both of them" while the swap to the Framework waits
        if await answered_price_difference(client, dispatcher, tracker):
            return []  # "whats the price difference between them" after two products
        offered = chosen_button(tracker, ("swap_item",))
        if offered is not None and _TAKES_IT.search(text):
            # "wd black 2tb fine, less space but whatever. price?" after the swap buttons: that
            # swap, with its price difference, to confirm.
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, as_pressed(tracker, offered), domain))
        several = named_products(tracker)
        if (
            len(several) == 1
            and "?" not in text
            and len(text.split()) <= MAX_WORDS
            and verified_credentials(tracker) is not None
            and (
                any(intent_of(b["payload"]) == "swap_item" for b in offered_buttons(tracker))
                # "ok wd black sn850x 2tb then, both of them" after the swap list and a list of
                # what else there is (set BN #37 got its stock, and the yes nothing).
                or (_PICKED.search(text) is not None and swap_offered_lately(tracker))
            )
        ):
            # "The Samsung 990 Pro 2TB please" right after the swap buttons, naming a product
            # that isn't on them: that swap, to confirm (or why it can't be).
            propose = ActionProposeSwap(self._client_factory)
            return list(await propose.run(dispatcher, tracker, domain))
        if len(several) > 1 and (
            verified_credentials(tracker) is None
            # "do you have 2 more eset in stock? and microsoft 365 family price" with the ESET
            # on the order: the shop's stock of each (set BJ #49 answered only the second).
            or _SHOP_STOCK.search(text) is not None
            or _ONE_MORE.search(text) is not None
            or not await _names_lines(client, tracker, [mention for mention, _ in several])
        ):
            # "12 Windows 11 Pro licences and 8 Office Home & Business": each, with its quantity
            # (and "microsoft 365 family vs personal price?" from a customer whose order has
            # neither).
            events: list[EventType] = []
            for mention, wanted in several[:MAX_PRODUCTS_AT_ONCE]:
                # ("samsung 990 pro 1tb, wd sn850x 1tb and kingston kc3000": each its own size;
                # set BL #28 asked which SN850X.)
                resolved = await resolve_product(
                    client, dispatcher, size_after(mention, text), "product_availability"
                )
                if resolved.sku is not None:
                    events = await answer_availability(
                        client, dispatcher, tracker, resolved.sku, self._today(), wanted
                    )
            return events or [SlotSet("product_question", QUESTION_AVAILABILITY)]
        query = product_query(tracker)
        if query is not None and _BUDGET_ONLY.match(query):
            query = None  # "under 500" marked as a product is a budget
        if query is not None and _is_a_kind(_no_sizes(query)) and _names_a_model_too(text):
            # "is the samsung ssd 990pro 1tb back in stock": the NLU marked only "ssd"; the
            # catalogue search with the message's words finds the model. (Not a model on the
            # verified order: "ekran kartı hala gelmedi, arc a770 ne zaman gelir?" asks after
            # the order's Arc.)
            mine = await verified_order(client, tracker) if verified_credentials(tracker) else None
            on_order = mine is not None and bool(lines_named(mine, text, by_kind=False))
            guess = None if on_order else await guessed_product(client, tracker)
            if guess is not None:
                return await answer_availability(
                    client, dispatcher, tracker, guess.sku, self._today()
                )
        current = tracker.get_slot("product_sku")
        order = await verified_order(client, tracker) if verified_credentials(tracker) else None
        named = lines_named(order, text) if order is not None else []
        besides = lines_besides(order, text) if order is not None else []
        if besides:
            named = besides  # "ok that's the nitro+. and the other one?": not the Nitro+ again
        apart = lines_named_apart(order, text) if order is not None and not besides else []
        if named and query and not apart:
            # ("when are the crucial 4tb and the rtx 4070 expected?" names each line in its own
            # clause: the capacity of one is not the other's.)
            # "the 4070 ti gaming oc, is it in stock?" is not the order's plain RTX 4070.
            named = [ln for ln in named if not (name_words(query) & _TIERS) - name_words(ln.name)]
            # "do you have the 2TB 990 Pro? how much" with the 1 TB on the order: another size.
            sizes = _sizes(query)
            named = [
                ln for ln in named if not sizes or not _sizes(ln.name) or sizes & _sizes(ln.name)
            ]
        if order is not None and named and query and not apart and not lines_named(order, query):
            # "any 24GB card in stock now? the 7900 XTX?": a product that is not on the order,
            # named with a kind its lines share ("card"), is the product.
            named = []
        if (
            order is not None
            and named
            and asks_what_there_is(text)
            and not ASKS_ANOTHER.search(text)
            # ("what intel cpu do you have" names the i7 only by its brand, "what 4tb ssds do
            # you have" the Crucial only by its size: still shopping.)
            and not lines_named(order, _no_sizes(without_brands(text)), by_kind=False)
        ):
            # "what 4k monitor do you have in stock right now" with a monitor on the order:
            # shopping for that kind, not asking after the order's monitor.
            named = []
        owned = _owned_sentence(text, query)
        if owned and (
            browse_request(text.replace(owned, " ")) is not None or _FOR_MINE.match(owned)
        ):
            # "do you have DDR4 ram? I have a ryzen 5 5600": the RAM asked for; the CPU is what
            # the customer has. ("do you have another one? want it for my laptop": where it goes.)
            text, query = text.replace(owned, " "), None
        asked_kind = (
            browse_request(text)
            if (query is None or _is_a_kind(_no_sizes(query))) and not _names_a_model_too(text)
            else None
        )
        if asked_kind is not None and not named and (cpu := _cpu_for_socket(tracker, text)):
            # "what's the cheapest am5 cpu you do have" after the 7800X3D: those of its socket
            # (the stock list can't tell sockets apart).
            return await suggest_alternatives(client, dispatcher, tracker, cpu)
        if asked_kind is not None and not named:
            # "what processors do you have under 300 euros": that kind, in stock.
            return await show_in_stock(client, dispatcher, tracker, asked_kind)
        if not named and BIGGEST.search(text):
            # "hmm. what's the biggest one you do have" after the 4 TB drive: that kind, the
            # biggest first.
            kinds = {ln.sku.split("-")[0] for ln in (order.lines if order else [])}
            kind = str(current).split("-")[0].upper() if current else None
            kind = (
                kind
                or tracker.get_slot("product_kind")
                or (kinds.pop() if len(kinds) == 1 else None)
            )
            biggest = browse_in_context(text, kind)
            if biggest is not None:
                return await show_in_stock(client, dispatcher, tracker, biggest)
        if (
            not named
            and query is None
            and asked_kind is None
            and current
            and (_CHEAPEST.search(text) or _SIZE_IN_STOCK.search(text))
        ):
            # "whats the cheapest 2tb then" after the Crucial P3 4 TB: SSDs of 2 TB in stock.
            prefix = str(current).split("-")[0].upper()
            same = browse_request(f"{KINDS[prefix][0]} {text}") if prefix in KINDS else None
            if same is not None:
                return await show_in_stock(client, dispatcher, tracker, same)
        kind = tracker.get_slot("product_kind")
        if current and not kind:
            kind = str(current).split("-")[0].upper()  # the kind of the product talked about
        typed_product = any(
            e.get("entity") == "product" for e in tracker.latest_message.get("entities") or []
        )
        if (
            not named
            and (query is None or not typed_product)
            and kind in KIND_NAMES
            and budget(text)
        ):
            # "anything under 500?" after a list of a kind, "what about something under 500
            # that is in stock" after a card: the same kind, within it.
            same_kind = Browse(kind, max_price=budget(text))
            return await show_in_stock(client, dispatcher, tracker, same_kind)
        waiting_named = [ln for ln in named if ln.status == "backordered"]
        if len(waiting_named) == 1 and ASKS_ANOTHER.search(text) and not asks_the_other_line(text):
            # "do you have another 27 inch OLED or something close" about a waiting line: what
            # is in stock instead, with swap buttons.
            if order is not None and _ASKS_WHEN.search(text):
                # "when is the 7800x3d coming? if it's more than 2 weeks i'll switch to
                # something else": its date first.
                answer_lines(
                    dispatcher,
                    order,
                    waiting_named,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
            return await suggest_alternatives(client, dispatcher, tracker, waiting_named[0].sku)
        # "the i9 14900k is in stock right? how much" with an i7 on the order: a product the
        # order doesn't have is asked about itself, never the order's lines.
        off_the_order = (
            order is not None
            and bool(query)
            and not _is_a_kind(_no_sizes(str(query)))
            and not lines_named(order, str(query))
        )
        if order is not None and not named and not off_the_order:
            # "and the other one?" after a line of the order: the rest of the order.
            named = other_lines(order, text, current)
        if (
            order is not None
            and not named
            and current
            and about_shipping(text)
            and not off_the_order
        ):
            # "great, and the other one ships when?" after cancelling one of its two units: the
            # line talked about, when it ships.
            named = [ln for ln in order.lines if ln.sku == current and ln.status != "cancelled"]
        # "is the ti in stock?" right after the 4070 Super: that product's variant.
        variant = (
            await variant_of(client, current, text)
            if current and query is None and not named
            else None
        )
        words = product_words(text)
        names_other = bool(words) and _names_products(str(words), current)
        if (
            order is not None
            and not named
            and not query
            and variant is None
            and not names_other
            and not off_the_order
        ):
            # "when is the restock" with no product named: the order's one waiting line.
            waiting = [line for line in order.lines if line.status == "backordered"]
            named = waiting if len(waiting) == 1 else []
        cancelled = bool(named) and all(ln.status == "cancelled" for ln in named)
        if (
            order is not None
            and cancelled
            and (ASKS_STOCK.search(text) or BACK_OR_AGAIN.search(text))
        ):
            # "i still want the card. you have it now?", "when will the LG be back" about a
            # cancelled line: the product.
            if BACK_OR_AGAIN.search(text):
                dispatcher.utter_message(response="utter_cancelled_order_again")
            return await answer_availability(
                client, dispatcher, tracker, named[0].sku, self._today()
            )
        shipped = bool(named) and all(ln.status == "shipped" for ln in named)
        if order is not None and shipped and (ASKS_STOCK.search(text) or _PRICE_ASKED.search(text)):
            # "my friend wants the macbook air 13 m3 too, is it in stock and how much", "o zaman
            # pro lisans fiyatı ne kadar" beside a shipped Home licence: the product asked
            # about (the one its words find, else the line's), not the delivered line.
            guess = await guessed_product(client, tracker)
            # "pro lisans" beside the Home licence: the Pro one, the line's own variant.
            variant = None if guess is not None else await variant_of(client, named[0].sku, text)
            sku = guess.sku if guess is not None else variant.sku if variant else named[0].sku
            return await answer_availability(client, dispatcher, tracker, sku, self._today())
        if order is not None and named and _SHOP_STOCK.search(text):
            # "do you have any a770 free at all right now": the shop's stock, not the order's.
            return await answer_availability(
                client, dispatcher, tracker, named[0].sku, self._today()
            )
        if (
            order is not None
            and named
            and ASKS_ANOTHER.search(text)
            and all(line.status == "cancelled" for line in named)
        ):
            # "what about another OLED or a 27 inch 1440p monitor you have" about a cancelled
            # line: what is in stock like it, not the cancelled line again.
            return await suggest_alternatives(client, dispatcher, tracker, named[0].sku)
        if order is not None and named:
            # "when does the 4070 come": a product on the verified order is asked about its line.
            named = with_the_one_kept(order, named, text, current)
            answer_lines(
                dispatcher,
                order,
                named,
                self._today(),
                language(tracker),
                text,
                brief=lines_described_lately(tracker),
            )
            return [SlotSet("product_sku", named[0].sku), SlotSet("product_question", None)]
        guessed = (
            await guessed_product(client, tracker) if query is None and variant is None else None
        )
        if variant is not None:
            sku = variant.sku
        elif guessed is not None:
            sku = guessed.sku
        elif query is None:
            kind = tracker.get_slot("product_kind")
            words = product_words(text)
            asks_for_one = bool(words) and _asks_for_a_product(text, str(words))
            if (
                words
                # ("do you have 2 available?" after ESET: a count of it, no product "2".)
                and not re.fullmatch(r"\s*\d{1,2}\s*", words)
                and (_names_products(words, current) or asks_for_one)
            ):
                matches = await client.search_products(words, limit=MAX_CHOICES)
                if matches:
                    # "any 990pro in stock?": the catalogue has several; buttons with the closest.
                    ask_which(dispatcher, words, matches, "product_availability")
                    return [SlotSet("product_question", QUESTION_AVAILABILITY)]
                if (
                    latest_intent(tracker) == "product_availability"
                    and (_names_a_model(words) or asks_for_one)
                    # ("fine what's the price each and do you have 3" right after the 7950X:
                    # its price and stock, not a search for "fine each 3".)
                    and not (current and _PRICE_ASKED.search(text))
                ):
                    # "and ps5?", "do you sell rtx 5090": named, and not in the catalogue.
                    dispatcher.utter_message(response="utter_product_not_found", query=words)
                    return [SlotSet("product_question", None)]
            sku = current
            if not sku and order is not None:
                # "all 3 of them?" about the verified order: its lines, not "which product?".
                answer_lines(
                    dispatcher,
                    order,
                    order.lines,
                    self._today(),
                    language(tracker),
                    text,
                    brief=lines_described_lately(tracker),
                )
                return [SlotSet("product_question", None)]
            if not sku and kind in KIND_NAMES:
                # "which ones do you have in stock?" after a list of a kind: that list again.
                return await show_in_stock(client, dispatcher, tracker, Browse(kind))
            if not sku:
                dispatcher.utter_message(response="utter_ask_which_product")
                return [SlotSet("product_question", QUESTION_AVAILABILITY)]
        else:
            resolved = await resolve_product(client, dispatcher, query, "product_availability")
            if resolved.sku is None:
                return [SlotSet("product_question", QUESTION_AVAILABILITY)]
            sku = resolved.sku
        events = await answer_availability(client, dispatcher, tracker, sku, self._today())
        asked_too = _AND_THE_OTHER.search(text) or _VERSUS.search(text)
        also = await variant_of(client, sku, asked_too.group(1)) if asked_too else None
        if also is not None:
            # "do you have the macbook air m3 15 inch in stock, and the 13?": that one too.
            await answer_availability(client, dispatcher, tracker, also.sku, self._today())
        if ASKS_ANOTHER.search(text) and order is None:
            # "the crucial p3 plus is sold out? anything similar you have now": what is in
            # stock like it, too.
            return [*events, *await suggest_alternatives(client, dispatcher, tracker, sku)]
        return events


# A "product" that is only a budget: "under 500", "below 300 eur", "500 euro altı".
_BUDGET_ONLY = re.compile(
    r"^\W*(?:under|below|less than|max(?:imum)?|up to|around|about|within)?\s*\d+(?:[.,]\d+)?\s*"
    r"(?:eur|euro|euros|€|tl|lira)?\s*(?:alt[ıi]|civar[ıi])?\W*$",
    re.IGNORECASE,
)


# "whats the price difference between them", "which one is cheaper", "fiyat farkı ne".
_BETWEEN = re.compile(
    r"\b(?:price )?difference\b|\bwhich (?:one )?is (?:cheaper|dearer|more expensive)\b"
    r"|\bhow much (?:more|less|cheaper|dearer) is\b|\bfiyat fark\w*|\bfark\w* ne\b"
    r"|\bhangisi (?:daha )?ucuz\b"
    # "how much is the 4070 ti gaming oc vs the 7700 xt" (set BK #4)
    r"|\b(?:how much|prices?|costs?|fiyat\w*)\b[^.?!]{0,40}"
    r"\b(?:vs\.?|versus|compared (?:to|with))\s",
    re.IGNORECASE,
)
# An SKU as the bot's answers write it: "(LAP-MBA15-M3-16)".
_SKU_SAID = re.compile(r"\(([A-Z0-9]{2,5}(?:-[A-Z0-9]+)+)\)")


def _cpu_for_socket(tracker: Tracker, text: str) -> str | None:
    """The processor talked about (the last one the bot named, or the one asked about) when the
    message asks for a socket ("am5 cpu", "same board"): what its alternatives are measured by."""
    if not _SAME_SOCKET.search(text):
        return None
    current = str(tracker.get_slot("product_sku") or "")
    cpus = [sku for sku in [*skus_said_last_turn(tracker)[::-1], current] if sku.startswith("CPU-")]
    return cpus[0] if cpus else None


def skus_said_last_turn(tracker: Tracker) -> list[str]:
    """The products the bot's last turn named by SKU, each once, in the order it said them."""
    said = " ".join(text for _, text in last_turn(tracker))
    return list(dict.fromkeys(_SKU_SAID.findall(said)))


async def answered_price_difference(
    client: BackendClient, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """ "whats the price difference between them" about two products: the two named in the
    message, else the two the bot's last turn gave; each price and the difference. False
    (nothing said) when the message asks no difference or there aren't two products."""
    text = tracker.latest_message.get("text") or ""
    if not _BETWEEN.search(text):
        return False
    skus: list[str] = []
    for mention, _ in named_products(tracker)[:2]:
        chosen = pick_match(mention, await client.search_products(mention, limit=5))
        if chosen is not None and chosen.sku not in skus:
            skus.append(chosen.sku)
    if len(skus) < 2:
        said = " ".join(said_text for _, said_text in reversed(last_turn(tracker)))
        skus = list(dict.fromkeys(_SKU_SAID.findall(said)))
    if len(skus) != 2:
        return False
    first, second = [await client.product_availability(sku) for sku in skus]
    if first.currency != second.currency:
        return False
    lang = language(tracker)
    dearer = first if first.price >= second.price else second
    dispatcher.utter_message(
        response="utter_price_difference",
        name_a=first.name or first.sku,
        price_a=money(first.price, lang),
        name_b=second.name or second.sku,
        price_b=money(second.price, lang),
        dearer=dearer.name or dearer.sku,
        difference=money(abs(first.price - second.price), lang),
        currency=currency(first.currency, lang),
    )
    return True


# "..., and the 13?", "what about the ti": a variant of the product just named, asked last.
# "are both in stock", "do you have both", "ikisi de stokta mı": the two products just named.
_BOTH_OF_THEM = re.compile(r"\b(?:both|the two|each of them|ikisi de|her ikisi)\b", re.I)
# "macbook air 13 m3 vs 15 m3 price?": the other one of the comparison.
_VERSUS = re.compile(r"\b(?:vs\.?|versus)\s+([\w.\- ]{1,20}?)(?=\s*(?:prices?\b|\?|,|$))", re.I)
_AND_THE_OTHER = re.compile(
    r"(?:,|\band|\bwhat about|\bhow about|\bpeki)\s+(?:the\s+)?"
    # (Not a question: "and do you have 3" asks for 3 units.)
    r"(?!(?:do|does|did|is|are|can|could|have|has|how|what|when|will|would)\b)"
    r"([\w.\- ]{1,20}?)\s*\??\s*$",
    re.IGNORECASE,
)


# "what 2tb ones are in stock", "any 1tb ones?": a size of the kind just talked about.
_SIZE_IN_STOCK = re.compile(
    r"\b\d+\s?(?:tb|gb)\b[^.?!]{0,20}\b(?:ones?|in stock|available)\b", re.I
)
# "whats the cheapest 2tb then", "a cheaper one?", "en ucuzu hangisi".
_CHEAPEST = re.compile(r"\bcheap(?:est|er)?\b|\ben ucuz\w*|\bdaha ucuz\w*", re.IGNORECASE)

# A product name a customer types is short: "ps5", "rtx 5090", "playstation 5".
MAX_MODEL_WORDS = 3


MAX_PRODUCTS_AT_ONCE = 3


# A sentence that says what the customer has: "I have a ryzen 5 5600", "bende rtx 3060 var".
_OWNS = re.compile(r"\bi (?:have|own|use|am using|got)\b|\bbende\b", re.IGNORECASE)


def _owned_sentence(text: str, query: str | None) -> str | None:
    """The sentence of the message that names `query` as what the customer has (no question
    in it), or None."""
    if not query:
        return None
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if query.lower() in sentence.lower() and _OWNS.search(sentence) and "?" not in sentence:
            return sentence
    # "and a cpu to go with the 7800 xt": what the asked kind goes with.
    goes_with = _GOES_WITH.search(text)
    if goes_with is not None and query.lower() in goes_with.group(0).lower():
        return goes_with.group(0)
    return None


# "do you have another one?", "one more", "I want 2 more": more of the product talked about.
_ONE_MORE = re.compile(
    r"\b(?:another one|one more|(?:\d|two|three) more|bir tane daha"
    r"|(?:\d|iki|[üu][çc]) tane daha)\b",
    re.IGNORECASE,
)


async def _the_one_product(client: BackendClient, tracker: Tracker) -> str | None:
    """The product talked about, or else the one product of the verified order."""
    if tracker.get_slot("product_sku"):
        return str(tracker.get_slot("product_sku"))
    order = await verified_order(client, tracker)
    skus = {ln.sku for ln in order.lines} if order is not None else set()
    return skus.pop() if len(skus) == 1 else None


_FOR_MINE = re.compile(r"for (?:my|our) ", re.IGNORECASE)
_GOES_WITH = re.compile(
    r"\b(?:to go with|that goes with|to pair with|that fits|to match|for) (?:the |my |a |an )?"
    r"[\w\- ]{2,30}$",
    re.IGNORECASE,
)


# A sentence that reports a product that came: "I got my 4070 Tis", "the ram arrived".
_REPORTS = re.compile(
    r"\b(?:got|received|arrived|came|delivered|geldi\w*|ula[şs]t[ıi]\w*|ald[ıi]m)\b", re.I
)


def _reported(mention: dict[str, Any], text: str) -> bool:
    """Whether the sentence of an entity reports its product came, asking nothing of it."""
    starts = [m.end() for m in re.finditer(r"[.!?]+", text[: mention["start"]])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?]", text[mention["end"] :])
    end = mention["end"] + end_match.end() if end_match else len(text)
    sentence = text[start:end]
    return _REPORTS.search(sentence) is not None and "?" not in sentence


def reports_arrival_with_thanks(tracker: Tracker) -> bool:
    """Whether the message only says products came, with thanks ("the 990 pro already arrived
    btw, thanks"): no question, nothing to look up."""
    text = tracker.latest_message.get("text") or ""
    mentions = [
        e
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "product" and e.get("start") is not None
    ]
    return (
        bool(mentions)
        and all(_reported(e, text) for e in mentions)
        and "?" not in text
        # ("both MacBooks and the SSDs from order 100305 arrived, super fast 👍": pleased too;
        # set BM #17 asked which SSD.)
        and (_THANKS.search(text) is not None or PLEASED.search(text) is not None)
        # (Not "… works great. i want to buy one more for my brother": a request too.)
        and _WANTS.search(text) is None
    )


_WANTS = re.compile(
    r"\b(?:want|need|would like|i'?d like|can you|could you|buy|order another|one more"
    r"|istiyorum|alabilir)\b",
    re.I,
)


def _a_price_level(mention: dict[str, Any], text: str) -> bool:
    """Whether a mention only names a price level: "not 4090 money", "4090 budget"."""
    return (
        re.match(
            r"\s*(?:money|budget|level|prices? (?:level|range|class))\b",
            text[mention["end"] :],
            re.I,
        )
        is not None
    )


def named_products(tracker: Tracker) -> list[tuple[str, int | None]]:
    """The products a message names, in order, each with the number typed right before it
    ("12 Windows 11 Pro licences and 8 Office"): overlapping mentions count once, the longest."""
    text = tracker.latest_message.get("text") or ""
    mentions = sorted(
        (
            e
            for e in tracker.latest_message.get("entities", []) or []
            if e.get("entity") == "product" and e.get("value") and e.get("start") is not None
        ),
        key=lambda e: (e["start"], -(e["end"] - e["start"])),
    )
    found: list[tuple[str, int | None]] = []
    start = end = -1
    # "a laptop for my daughter ... the acer aspire 5": the kind is not a product of its own;
    # "ddr5 ram 32gb" names a kind twice and no product.
    mentions = [
        m
        for m in mentions
        if not _is_a_kind(str(m["value"])) and not _a_place(m, text) and not _a_price_level(m, text)
    ]
    asked = [m for m in mentions if not _reported(m, text)]
    if any(_sentence_end(m, text) == "?" for m in asked):
        # "the two crucial p3 plus 4tb are back-ordered. do you have the WD black 2tb in
        # stock?": the product of the question, not of the statement before it.
        asked = [m for m in asked if _sentence_end(m, text) not in (".", "!")]
    if asked:
        # "hey I got my 4070 Tis (order 100310) thanks. Do you have the RTX 4090 Founders in
        # stock?": the product that came is not asked about.
        mentions = asked
    for mention in mentions:
        if mention["start"] < end:
            continue  # inside the longer mention before it
        if found and not text[end : mention["start"]].strip():
            # "Corsair Vengeance 32GB DDR5-6000" found as two mentions side by side: one product.
            end = mention["end"]
            found[-1] = (text[start:end], found[-1][1])
            continue
        start, end = mention["start"], mention["end"]
        # ("10 office", "3x rtx 4090", "do you have 10 of office?", "10 tane office")
        before = re.search(
            r"(?<![\w.])(\d{1,3})\s*(?:x\s*|of (?:the |your |those )?|tane |adet )?$",
            text[: mention["start"]],
        )
        found.append((str(mention["value"]), int(before.group(1)) if before else None))
    # "accounting office ... 8 Office Home & Business": a mention inside a longer one's name is
    # that product again.
    values = [value.lower() for value, _ in found]
    found = [
        (value, wanted)
        for value, wanted in found
        if not any(value.lower() != other and value.lower() in other for other in values)
    ]
    # "the 7900X is enough for me. make it the 7900X": one product named twice.
    once: list[tuple[str, int | None]] = []
    for value, wanted in found:
        same = [i for i, (other, _) in enumerate(once) if other.lower() == value.lower()]
        if not same:
            once.append((value, wanted))
        elif once[same[0]][1] is None:
            once[same[0]] = (once[same[0]][0], wanted)
    return once + _siblings(text, mentions, once)


# "microsoft 365 family vs personal", "990 pro 1tb or 2tb?": the second one's last word
# alone, read with the first one's other words.
_SIBLING = re.compile(
    r"^\s*(?:vs\.?|versus|or|and|/|veya|ya da|yoksa)\s+(?:the\s+)?([a-z0-9+]{2,12})"
    r"(?=\s*(?:$|[?.,!]|\b(?:price|in stock|stokta|fiyat\w*|one|version)\b))",
    re.IGNORECASE,
)
_NOT_A_SIBLING = frozenset(
    (
        "something",
        "anything",
        "not",
        "similar",
        "other",
        "another",
        "cheaper",
        "better",
        "more",
        "less",
        "both",
        "which",
        "what",
        "this",
        "that",
        "them",
        "it",
        "else",
        "no",
        "yes",
    )
)


def _siblings(
    text: str, mentions: list[dict[str, Any]], found: list[tuple[str, int | None]]
) -> list[tuple[str, int | None]]:
    """The products named as another model of the one before ("family vs personal")."""
    siblings: list[tuple[str, int | None]] = []
    for mention in mentions:
        words = str(mention["value"]).split()
        after = _SIBLING.match(text[mention["end"] :])
        if len(words) < 2 or after is None:
            continue
        word = after.group(1)
        starts = mention["end"] + after.start(1)
        if word.lower() in _NOT_A_SIBLING or word.lower() in (w.lower() for w in words):
            continue
        if any(other["start"] <= starts < other["end"] for other in mentions):
            continue  # the second one is a mention of its own
        sibling = " ".join([*words[:-1], word])
        if all(sibling.lower() != value.lower() for value, _ in found):
            siblings.append((sibling, None))
    return siblings


async def _names_lines(client: BackendClient, tracker: Tracker, mentions: list[str]) -> bool:
    """Whether any of the mentions names a line of the order verified in this chat."""
    order = await verified_order(client, tracker)
    # (Of the same size: "the 2tb 990 pro" is not the order's 990 Pro 1 TB.)
    return order is not None and any(
        not _sizes(mention) or _sizes(mention) & _sizes(line.name)
        for mention in mentions
        for line in lines_named(order, mention, by_kind=False)
    )


def _sentence_end(mention: dict[str, Any], text: str) -> str:
    """The mark that ends the mention's sentence ("?", "." or "!"; "" at the end of the text)."""
    rest = re.search(r"[.!?](?!\d)", text[mention["end"] :])
    return rest.group(0) if rest is not None else ""


# "3 more Dell P2425H for my office", "at the office": a place, not Microsoft Office.
_PLACE_BEFORE = re.compile(r"\b(?:my|our|the|an?|at|in|to|for)\s*$", re.I)


def _a_place(mention: dict[str, Any], text: str) -> bool:
    return str(mention["value"]).lower() == "office" and bool(
        _PLACE_BEFORE.search(text[: mention["start"]])
    )


# "do you have another 27 inch OLED or something close", "başka benzer bir şey var mı".
# Thanks said in passing: "btw, thanks", "thx", "teşekkürler".
# Thanks, or the matter closed: "so thats fine", "all good" (set BK #19 got the line's status).
_THANKS = re.compile(
    r"\b(?:thanks|thank you|thx|ty|cheers|te[şs]ekk[üu]r\w*|sa[ğg]ol\w*|that'?s fine|thats fine"
    r"|all good|no worries|sorun yok)\b",
    re.I,
)
# "2 more of the same", "the same one again", "aynısından": the product talked about.
_THE_SAME = re.compile(
    r"\b(?:(?:of|more of|another|one more|buy|order|get) (?:the )?same"
    r"(?: one| ones| thing| model| product)?|the same (?:one|ones|thing|model|product|again)"
    r"|same again|ayn[ıi]s[ıi]ndan|ayn[ıi] (?:kart|[üu]r[üu]n|model|ssd|monit[öo]r|i[şs]lemci)\w*)"
    r"\b(?! (?:price|size|kind|type|spec))",
    re.I,
)
# A when-question: "when is it coming", "how long", "ne zaman".
# When something of the order leaves or comes: "when will it go out", "when does it ship".
_IT_GOES_OUT = re.compile(
    r"\bwhen\b[^.?!]{0,25}\b(?:go(?:es)? out|ship\w*|leave\w*|be sent|send it|arriv\w*|get here"
    r"|come)\b|\bne zaman\b[^.?!]{0,20}\b(?:kargo\w*|g[öo]nder\w*|gelir|gelecek)",
    re.I,
)
_ASKS_WHEN = re.compile(r"\bwhen\b|\bhow long\b|\bany (?:date|eta)\b|\bne zaman\b", re.I)
ASKS_ANOTHER = re.compile(
    r"\b(?:another|other|something (?:close|similar|else|like it)|similar|alternatives?|instead"
    r"|close to (?:it|that|this|the \w+)|like (?:it|that one)"
    # "what do you have in stock that is better than a 4060"
    r"|(?:better|faster|stronger|more powerful) than|an upgrade (?:on|from|to)"
    r"|ba[şs]ka|benzer\w*|muadil\w*|yerine)\b",
    re.I,
)
# A model's own name: letters and digits in one word ("m3", "7900x", "4070s"), not a size.
_MODEL_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9]+$")
_NOT_MODELS = re.compile(
    r"^(?:\d+(?:tb|gb|k|tl|eur|euro|euros|hz|inch|in|p|fps|w)|ddr\d|pcie\d|m2|am[45]|lga\d+)$"
)


def _names_a_model_too(text: str) -> bool:
    """Whether a message naming a kind also names a model ("do you have the macbook pro m3
    max"): then it asks about that model, not for the kind's list."""
    return any(
        _MODEL_TOKEN.match(word) and not _NOT_MODELS.match(word)
        for word in re.findall(r"[a-z0-9]+", text.lower())
    )


def _no_sizes(mention: str) -> str:
    """The mention without its capacities and screen sizes: "ssd 1tb" -> "ssd", "monitors 27"
    -> "monitors"."""
    return " ".join(
        re.sub(
            r"\b\d{2}(?:\s?(?:inch|in[çc]|\"|''))?(?!\w)", " ", CAPACITY.sub(" ", mention)
        ).split()
    )


def _is_a_kind(mention: str) -> bool:
    """ "laptop", "graphics cards", "ekran kartı": a kind of product, not a product."""
    words = mention.lower().split()
    # (A family alone is one too: "ryzen", "radeons", "stokta hangi ryzen var".)
    return bool(words) and all(word in KIND_WORDS or FAMILY.fullmatch(word) for word in words)


def _names_a_model(words: str) -> bool:
    """Whether the words name a model of their own ("ps5", "rtx 5090", "playstation 5"): a few
    words with a model number, more than a variant of the product talked about ("the 2 tb one",
    "ti"). A sentence the question words left over ("actually going ship says") is not one."""
    variant = _TIERS | _VARIANT_FILLER | {"tb", "gb"}
    tokens = words.split()
    return (
        len(tokens) <= MAX_MODEL_WORDS
        and any(char.isdigit() for char in words)
        and any(not word.isdigit() and word not in variant for word in name_words(words))
    )


# "do you sell motherboards?", "what about the steam deck", "is the wd black 4tb a thing?",
# "ps5 satıyor musunuz": a question about one product by name, whatever it is.
_ASKS_FOR_A_PRODUCT = re.compile(
    r"\b(?:do|does|d'?you)\s+(?:you|u|ya)?\s*(?:sell|have|carry|stock|got)\b"
    r"|\b(?:what|how)\s+about\b|\ba thing\b|\bsat[ıi]yor\s+mu\w*|\bsatar\s+m[ıi]s[ıi]n[ıi]z",
    re.I,
)
# Words that refer to what was said, not to a product: "what about the other one".
_REFERRING = frozenset(("other", "rest", "first", "second", "last", "cheaper", "that", "this"))


def _asks_for_a_product(text: str, words: str) -> bool:
    """Whether the message asks about a product by a name of a few words (which the catalogue
    may not have): "do you sell motherboards?", "what about the steam deck"."""
    tokens = words.split()
    return (
        _ASKS_FOR_A_PRODUCT.search(text) is not None
        and len(tokens) <= MAX_MODEL_WORDS
        and not any(token in _REFERRING for token in tokens)
    )


def _names_products(words: str, current: str | None) -> bool:
    """Whether the words left of a question may name products rather than refer to the one
    talked about ("is it back yet"): a model number, or two words or more."""
    if current and words.lower() in current.lower():
        return False
    return bool(re.search(r"\d", words)) or len(words.split()) >= 2


def _shown_lately(tracker: Tracker, sku: str, turns: int = 3) -> bool:
    """Whether one of the bot's last `turns` turns gave this product's stock (its answers
    write the SKU in brackets)."""
    return said_lately(tracker, turns, lambda _, text: f"({sku})" in text)


async def answer_availability(
    client: BackendClient,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    sku: str,
    today: dt.date,
    quantity: int | None = None,
) -> list[EventType]:
    """Stock now, the next restock and what to do next, for one product (and whether there are
    enough for `quantity`, or the quantity the message asks for)."""
    try:
        stock = await client.product_availability(sku)
    except ProductNotFound:
        dispatcher.utter_message(response="utter_product_not_found", query=sku)
        return [SlotSet("product_sku", None), SlotSet("product_question", None)]
    text = tracker.latest_message.get("text") or ""
    if _PRICE_ASKED.search(text) and not ASKS_STOCK.search(text) and _shown_lately(tracker, sku):
        # "how much will it be" a turn or two after its stock was given: the price, not the
        # whole block again.
        dispatcher.utter_message(
            response="utter_product_price",
            name=stock.name or stock.sku,
            price=money(stock.price, language(tracker)),
            currency=currency(stock.currency, language(tracker)),
        )
        return [SlotSet("product_sku", stock.sku), SlotSet("product_question", None)]
    variables: dict[str, Any] = {
        "sku": stock.sku,
        "name": stock.name or stock.sku,
        "available": stock.available,
        "backordered": stock.backordered_quantity,
        "backordered_units": units(stock.backordered_quantity, language(tracker)),
        "price": money(stock.price, language(tracker)),
        "currency": currency(stock.currency, language(tracker)),
    }
    if stock.available > 0:
        dispatcher.utter_message(response="utter_availability_in_stock", **variables)
    elif stock.next_restock is None:
        dispatcher.utter_message(response="utter_availability_out_no_restock", **variables)
    else:
        variables.update(
            restock_date=format_day(stock.next_restock.date, today, language(tracker)),
            restock_quantity=stock.next_restock.quantity,
            restock_units=units(stock.next_restock.quantity, language(tracker)),
        )
        if stock.next_restock.overdue:
            response = "utter_availability_out_restock_overdue"
        elif stock.backordered_quantity > 0:
            response = "utter_availability_out_restock"
        else:
            response = "utter_availability_out_restock_first"  # nobody is waiting yet
        dispatcher.utter_message(response=response, **variables)
    quantity = quantity or _quantity(latest_entity(tracker, "quantity"))
    named = named_products(tracker)
    if not quantity and len(named) == 1:
        quantity = named[0][1]  # "do you have 10 of office?"
    # (One unit is what "in stock" says already: "the thinkpad x1 carbon" asks no count.)
    if quantity and quantity > 1 and stock.available > 0:
        response = (
            "utter_availability_quantity_enough"
            if stock.available >= quantity
            else "utter_availability_quantity_short"
        )
        dispatcher.utter_message(response=response, quantity=quantity, available=stock.available)
    if stock.available <= 0:
        dispatcher.utter_message(response="utter_availability_next_steps", sku=stock.sku)
    return [SlotSet("product_sku", stock.sku), SlotSet("product_question", None)]


class ActionSuggestAlternatives(ReplyAction):
    """The top three in-stock alternatives with their reasons; swap buttons for a back-ordered
    line of the verified order."""

    def __init__(self, client_factory: ClientFactory | None = None):
        self._client_factory = client_factory or BackendClient.from_settings

    def name(self) -> str:
        return "action_suggest_alternatives"

    @never_raises
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if answered_limit_followup(dispatcher, tracker, whole=True):
            return []  # "why can't you change it? the ssds haven't even shipped"
        if answered_swap_price(dispatcher, tracker):
            # "fiyat farkı ne olacak" while the swap waits for its yes: said again, so a yes
            # next is to it (this action otherwise changes what a yes answers).
            waiting = tracker.get_slot("pending")
            kept = backs_off(tracker.latest_message.get("text") or "")
            return [SlotSet("pending", waiting)] if waiting == "swap" and not kept else []
        client = self._client_factory()
        if await _asks_to_swap_to_a_product(client, tracker):
            # "onun yerine 7950x alabilir miyim stokta var mı fiyatı ne": that swap, with both
            # prices, to confirm; not the 7950X's own alternatives.
            from actions.swap import ActionProposeSwap  # built on this module

            return list(
                await ActionProposeSwap(self._client_factory).run(dispatcher, tracker, domain)
            )
        when = when_asked(tracker.latest_message.get("text") or "")
        mine = await verified_order(client, tracker) if when else None
        if mine is not None:
            # "when will the kingston come? can I get something else 1tb instead": its dates
            # first, then what is in stock instead.
            waiting = [ln for ln in mine.lines if ln.status == "backordered"]
            named = [ln for ln in lines_named(mine, when) if ln in waiting] or waiting
            if named:
                lang = language(tracker)
                answer_lines(dispatcher, mine, named, settings_today(), lang, brief=True)
        return await suggest_alternatives(client, dispatcher, tracker)


async def _asks_to_swap_to_a_product(client: BackendClient, tracker: Tracker) -> bool:
    """Whether the message asks, in swap words, for a product named that is not on the verified
    order, while one of its lines waits ("can I get the 7950x instead of it?")."""
    text = tracker.latest_message.get("text") or ""
    mention = product_query(tracker)
    if not mention or not _SWAP_VERB.search(text) or not asks_to_swap(text):
        return False
    order = await verified_order(client, tracker)
    return (
        order is not None
        and any(line.status == "backordered" for line in order.lines)
        and not lines_named(order, mention)
    )


async def _only_instead_of_nothing(client: BackendClient, tracker: Tracker, text: str) -> bool:
    """Whether "instead" is the message's only swap word while nothing on the verified order
    waits: "ok, can you tell me if the 4060 ti is in stock instead" after cancelling the whole
    order asks about stock, not for a swap."""
    if _INSTEAD_ONLY.search(text) is None or _SWAP_VERB.search(text):
        return False
    order = await verified_order(client, tracker)
    return order is None or not any(line.status == "backordered" for line in order.lines)


_INSTEAD_ONLY = re.compile(r"\binstead\b", re.I)
_SWAP_VERB = re.compile(
    r"\b(?:swap|switch|replac\w*|exchang\w*|upgrade|change|de[ğg]i[şs]tir\w*|yerine|takas)\b",
    re.I,
)


# The nouns a maker's name comes before when it is asked for: "nvidia card", "samsung ssd".
_KIND_NOUNS = (
    r"cards?|gpus?|graphics|ssds?|drives?|cpus?|processors?|laptops?|notebooks?|monitors?"
    r"|screens?|ram|memory|kits?|one|ones"
)
# A maker asked for, and the words its products' names carry.
_BRAND_NAMES = {
    "nvidia": ("geforce", "rtx", "nvidia"),
    "geforce": ("geforce",),
    "amd": ("radeon", "ryzen", "amd"),
    "radeon": ("radeon",),
    "intel": ("intel", "arc", "core i"),
    "samsung": ("samsung",),
    "crucial": ("crucial",),
    "kingston": ("kingston",),
    "corsair": ("corsair",),
    "asus": ("asus",),
    "lenovo": ("lenovo",),
    "dell": ("dell",),
    "lg": ("lg ",),
    "benq": ("benq",),
}


def _squashed(text: str) -> str:
    """Letters and digits only, lower case: "990 Pro" and "990pro" are the same."""
    return re.sub(r"[\W_]+", "", text.lower())


def _described(alternative: Alternative) -> str:
    """An alternative's name with the backend's reasons for it, for the specs they state."""
    return " ".join((alternative.name, *alternative.reasons))


def _specs_none_has(text: str, names: list[str]) -> list[str]:
    """The sizes and interfaces a message asks for ("1tb", "nvme") when none of `names` has
    them all; [] when one does or none is asked."""
    asked = wanted_sizes([re.sub(r"\s", "", size.lower()) for size in CAPACITY.findall(text)], text)
    asked += [
        word for word in ("nvme", "sata", "4k", "oled") if re.search(rf"\b{word}\b", text, re.I)
    ]
    if "nvme" in asked and "sata" in asked:
        # "2tb sata or nvme": either interface, so neither narrows.
        asked = [spec for spec in asked if spec not in ("nvme", "sata")]
    compact = [name.lower().replace(" ", "") for name in names]
    asked = list(dict.fromkeys(asked))
    if any(all(spec in name for spec in asked) for name in compact):
        return []
    return asked


# Asking for the same socket: "fits the same AM5 board", "stokta başka ne var am5 için".
_SAME_SOCKET = re.compile(
    r"\b(?:am[45]|lga ?1[78]\d\d|(?:same|my) (?:socket|board|motherboard|mobo)|soket\w*"
    r"|anakart\w*)\b",
    re.I,
)


async def suggest_alternatives(
    client: BackendClient,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    line_sku: str | None = None,
) -> list[EventType]:
    """In-stock alternatives to the product asked about, or to `line_sku` (a back-ordered line of
    the verified order the customer wants to swap), with swap buttons for such a line."""
    order = await _verified_order(client, tracker)
    backordered = [ln for ln in order.lines if ln.status == "backordered"] if order else []
    query = None if line_sku else product_query(tracker)
    asked_kind = kind_of(tracker.latest_message.get("text") or "")
    of_that_kind = [ln for ln in backordered if ln.sku.split("-")[0].upper() == asked_kind]
    if query is not None and len(of_that_kind) == 1 and not re.search(r"\d{3,}", query):
        # "Which laptops do you actually have in stock that are similar? needs a decent GPU"
        # with a laptop and a card waiting: like the laptop (set BG #7 listed cards).
        query, line_sku = None, of_that_kind[0].sku
    if query is not None and order is not None and not re.search(r"\d{3,}", query):
        # "what other 1tb nvme do you have in stock" with the Kingston 1 TB waiting, "is there
        # a similar laptop in stock?" with one laptop among the waiting lines: like that line,
        # not like whichever product the words match best.
        of_kind = [ln for ln in lines_named(order, query) if ln in backordered]
        if len(of_kind) == 1:
            query, line_sku = None, of_kind[0].sku
    kinds = [
        str(e.get("value"))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "product" and _is_a_kind(str(e.get("value")))
    ]
    if query is not None and order is not None and kinds and not _is_a_kind(query):
        # "are there other gaming laptops in stock with a 4070 or similar" with a laptop
        # waiting: like that laptop, not like an RTX 4070 card.
        of_kind = [ln for ln in lines_named(order, " ".join(kinds)) if ln in backordered]
        if len(of_kind) == 1:
            query, line_sku = None, of_kind[0].sku
    if query is not None and _is_a_kind(query) and tracker.get_slot("product_sku"):
        # "what similar monitor do you have now?" right after the G7: like the G7.
        query = None
    if line_sku:
        sku, name = line_sku, None
    elif query is not None:
        resolved = await resolve_product(client, dispatcher, query, "ask_alternatives")
        if resolved.sku is None:
            return [SlotSet("product_question", QUESTION_ALTERNATIVES)]
        sku, name = resolved.sku, resolved.name
    elif len(backordered) == 1:
        sku, name = backordered[0].sku, backordered[0].name
    elif (
        order is not None
        and len(
            named_waiting := [
                ln
                for ln in lines_named(order, tracker.latest_message.get("text") or "")
                if ln in backordered
            ]
        )
        == 1
    ):
        # "what do you have instead of the crucial 4tb that's available now?" with the NLU
        # marking nothing: the waiting line the words name.
        sku, name = named_waiting[0].sku, named_waiting[0].name
    elif len(backordered) > 1:
        dispatcher.utter_message(
            response="utter_ask_which_backordered_line",
            buttons=[
                {"title": ln.name, "payload": payload("ask_alternatives", product=ln.sku)}
                for ln in backordered
            ],
        )
        return [SlotSet("product_question", QUESTION_ALTERNATIVES)]
    elif tracker.get_slot("product_sku"):
        sku, name = str(tracker.get_slot("product_sku")), None
    elif (wanted := browse_request(tracker.latest_message.get("text") or "")) is not None:
        # "what else do you have in laptops?" with no product talked about: that kind in stock.
        return await show_in_stock(client, dispatcher, tracker, wanted)
    else:
        dispatcher.utter_message(response="utter_ask_which_product")
        return [SlotSet("product_question", QUESTION_ALTERNATIVES)]

    text = tracker.latest_message.get("text") or ""
    most = budget(text)
    same_socket = _SAME_SOCKET.search(text) is not None
    specs = _specs_none_has(text, [])  # the sizes and kinds asked for: "any 4k monitor"
    # ("a similar nvidia card": a maker asked for; "the crucial 4tb, a different ssd?" names
    # the line's own maker, not one wanted.)
    brands = [
        names
        for word, names in _BRAND_NAMES.items()
        if re.search(rf"\b{word} (?:{_KIND_NOUNS})\b", text, re.I)
    ]
    same_price = _SAME_PRICE.search(text) is not None
    try:
        alternatives = await client.alternatives(
            sku, limit=10 if most or same_socket or specs or brands or same_price else 3
        )
    except ProductNotFound:
        dispatcher.utter_message(response="utter_product_not_found", query=sku)
        return [SlotSet("product_sku", None), SlotSet("product_question", None)]
    if most:
        # "benzeri stokta olan bişey var mı 500 euroyu geçmesin": within the budget.
        alternatives = [alt for alt in alternatives if alt.price <= most]
    if same_socket:
        # "what else fits the same AM5 board", "am5 için": only those of the same socket.
        alternatives = [alt for alt in alternatives if any("socket" in r for r in alt.reasons)]
    branded = [
        alt
        for alt in alternatives
        if any(name in alt.name.lower() for names in brands for name in names)
    ]
    if branded:
        # "is there a similar nvidia card in stock?": only that maker's.
        alternatives = branded
    having = [alt for alt in alternatives if specs and not _specs_none_has(text, [_described(alt)])]
    if having:
        # "any 4k monitor you have in stock instead?": only those that are 4K (when none is,
        # that's said before the closest ones, below).
        alternatives = having
    line = next((ln for ln in backordered if ln.sku == sku), None)
    if same_price:
        # "aynı fiyatlarda stokta kart var mı": the closest in price first, and only those
        # within a fifth of it when there are some (set BJ #21 led with a card 19% dearer and
        # listed one 134% dearer).
        reference = line.unit_price if line is not None and line.unit_price else None
        if reference is None:
            current = await _stock(client, sku)
            reference = current.price if current is not None else None
        if reference:
            alternatives.sort(key=lambda alt: abs(alt.price - reference))
            close = [alt for alt in alternatives if abs(alt.price - reference) <= reference / 5]
            alternatives = close or alternatives
    alternatives = alternatives[:3]
    # Not a back-ordered line of the verified order: is the product itself in stock? (Then
    # "tell you when it's back?" makes no sense.) Its name too, when only the SKU was known.
    stock = None if line is not None else await _stock(client, sku)
    name = name or (line.name if line else None) or (stock.name if stock else None) or sku
    events: list[EventType] = [SlotSet("product_sku", sku), SlotSet("product_question", None)]
    lang = language(tracker)
    # (What an alternative is comes from its name and the backend's reasons: "WD Black SN850X
    # 1 TB" is NVMe by its "same interface (PCIe 4.0 NVMe)".)
    missing = _specs_none_has(text, [_described(alt) for alt in alternatives])
    kind = KIND_NAMES.get(sku.split("-")[0].upper())
    if alternatives and missing and kind is not None:
        # "stokta başka 4tb ssd var mı": none of them is 4 TB, said plainly before them.
        what = " ".join((*missing, kind.get(lang, kind["en"])))
        dispatcher.utter_message(response="utter_in_stock_none_of_that", what=what)
    shown = [
        said for response, said in reversed(last_turn(tracker)) if response == "utter_alternative"
    ]
    again = (
        bool(alternatives)
        and len(shown) == len(alternatives)
        and all(alt.name in said for alt, said in zip(alternatives, shown, strict=True))
    )
    if not alternatives:
        dispatcher.utter_message(response="utter_alternatives_none", name=name)
    elif again:
        # "what cpus do you have in stock that are similar" right after the same three: not
        # the list again.
        dispatcher.utter_message(response="utter_alternatives_same", name=name)
    else:
        dispatcher.utter_message(response="utter_alternatives_intro", name=name)
    for rank, alt in enumerate([] if again else alternatives[:3], start=1):
        dispatcher.utter_message(
            response="utter_alternative",
            rank=rank,
            name=alt.name,
            sku=alt.sku,
            price=money(alt.price, lang),
            currency=currency(alt.currency, lang),
            available=alt.available,
            reasons=reasons(alt.reasons, lang),
        )
    if order is not None and line is not None and alternatives:
        dispatcher.utter_message(
            response="utter_alternatives_swap_offer",
            order_number=order.order_number,
            quantity=line.quantity,
            name=line.name,
            buttons=[
                {
                    "title": phrase("swap_to", lang, name=alt.name),
                    "payload": payload("swap_item", product=alt.sku),
                }
                for alt in alternatives[:3]
            ]
            + [{"title": phrase("keep_waiting", lang), "payload": "/deny"}],
        )
    elif stock is not None and stock.available > 0:
        dispatcher.utter_message(
            response="utter_alternatives_original_in_stock", name=name, available=stock.available
        )
    else:
        dispatcher.utter_message(response="utter_alternatives_next_steps", name=name, sku=sku)
    return events


async def _stock(client: BackendClient, sku: str) -> ProductAvailability | None:
    try:
        return await client.product_availability(sku)
    except ProductNotFound:
        return None


async def _verified_order(client: BackendClient, tracker: Tracker) -> Order | None:
    credentials = verified_credentials(tracker)
    if credentials is None:
        return None
    order_number, email, postal_code = credentials
    try:
        return await client.lookup_order(order_number, email=email, postal_code=postal_code)
    except OrderNotFound:
        return None
    except BackendUnavailable:
        raise
    except Exception:
        logger.exception("looking up the verified order %s failed", order_number)
        return None


def _quantity(value: str | None) -> int | None:
    if not value:
        return None
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
    digits = re.search(r"\d+", value)
    if digits:
        return int(digits.group(0))
    return words.get(value.strip().lower())


def units(count: int, lang: str) -> str:
    """ "1 unit", "7 units" ("1 adet", "7 adet")."""
    return phrase("unit" if count == 1 else "units", lang, n=count)
