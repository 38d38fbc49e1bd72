"""Finding the products a customer means from what they type (pure functions over the catalogue)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

MIN_SCORE = 70.0
# A typed word that matches no word of a product this well is not about that product.
MISS_SCORE = 60.0

# Words customers use for a category, mapped to the category they mean.
# Generic words only: brand and model words are matched against product names instead.
CATEGORY_WORDS = {
    "graphics_cards": {"gpu", "gpus", "graphics", "graphic", "video", "card", "cards"},
    "cpus": {"cpu", "cpus", "processor", "processors", "chip"},
    "ssds": {"ssd", "ssds", "nvme", "drive", "drives", "disk", "storage"},
    "memory": {"ram", "memory", "dimm", "sodimm", "ddr"},
    "laptops": {"laptop", "laptops", "notebook", "notebooks", "ultrabook"},
    "monitors": {"monitor", "monitors", "screen", "display"},
    "software": {"licence", "license", "software", "key", "subscription"},
}


@dataclass(frozen=True, slots=True)
class Searchable:
    sku: str
    name: str
    category: str
    # What the catalogue says beside the name ("PCIe 4.0 NVMe"): narrows a browse ("nvme ssd")
    # when the name doesn't say it.
    details: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    sku: str
    score: float


def normalise(text: str) -> str:
    """Lower case, punctuation out, letters and digits split apart: 'RTX4070' -> 'rtx 4070';
    a letter o typed for a zero inside a number too: 'rtx 4o70' -> 'rtx 4070'."""
    text = utils.default_process(text.replace("-", " "))
    text = re.sub(r"(?<=\d)o(?=\d)", "0", text)
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)
    return " ".join(text.split())


# Words that name a kind and also say which of its products: an NVMe drive is an SSD, and not
# every SSD is NVMe.
INTERFACE_WORDS = {"nvme"}
STOPWORDS = {
    "a",
    "an",
    "the",
    "is",
    "are",
    "in",
    "on",
    "of",
    "for",
    "to",
    "and",
    "or",
    "with",
    "my",
    "me",
    "i",
    "you",
    "do",
    "does",
    "have",
    "has",
    "any",
    "it",
    "this",
    "that",
    "there",
    "please",
    "want",
    "when",
    "will",
    "be",
    "back",
    "available",
    "stock",
    "what",
    "about",
    "get",
    "can",
    "buy",
    "inch",
    "inches",
}
MAX_EXTRA_PENALTY = 10


def _token_score(word: str, product_words: set[str]) -> float:
    if word.isdigit():  # model numbers must match exactly: a 4070 is not a 4080
        return 100.0 if word in product_words else 0.0
    return max((fuzz.ratio(word, candidate) for candidate in product_words), default=0.0)


def score(query_words: list[str], product: Searchable) -> float:
    """How well the query's words are covered by the product's, 0-100.

    Each word scores its best fuzzy match (typos pass, numbers must be exact); a word naming a
    category counts fully for products of that category and not at all for others. Product words
    the query did not mention cost a point each, so the plainest model ranks first.
    """
    product_words = set(normalise(f"{product.name} {product.sku}").split())
    total = 0.0
    misses = 0
    for word in query_words:
        categories = [name for name, words in CATEGORY_WORDS.items() if word in words]
        if categories and word not in product_words:
            value = 100.0 if product.category in categories else 0.0
        else:
            value = _token_score(word, product_words)
        misses += value < MISS_SCORE
        total += value
    if misses > (len(query_words) - 1) // 2:
        # "iphone 16" is not the Arc A770 16 GB: a product must match most of what was typed.
        return 0.0
    coverage = total / len(query_words)
    extra = len([w for w in product_words if w not in query_words])
    # "32gb corsair" is the 32 GB kit, not the 64 GB one that is "(2x32)": a size typed with
    # its unit must be the product's size.
    sizes = _sizes(normalise(product.name).split())
    wrong_size = any(size not in sizes for size in _sizes(query_words))
    penalty = min(extra, MAX_EXTRA_PENALTY) + (WRONG_SIZE_PENALTY if wrong_size else 0.0)
    return max(0.0, coverage - penalty)


SIZE_UNITS = {"gb", "tb"}
WRONG_SIZE_PENALTY = 15.0


def _sizes(words: list[str]) -> set[tuple[str, str]]:
    """The sizes in a run of words: a number with its unit after it ("32 gb")."""
    return {
        (number, unit)
        for number, unit in zip(words, words[1:], strict=False)
        if number.isdigit() and unit in SIZE_UNITS
    }


def search(query: str, products: Iterable[Searchable], limit: int = 5) -> list[Match]:
    words = [word for word in normalise(query).split() if word not in STOPWORDS]
    if not words:
        return []
    catalogue = list(products)
    matches = []
    for product in catalogue:
        if normalise(product.sku) == " ".join(words):
            matches.append(Match(product.sku, 100.0))
            continue
        value = score(words, product)
        if value >= MIN_SCORE:
            matches.append(Match(product.sku, round(value, 1)))
    if not matches and len(words) > SPAN_WORDS[-1]:
        matches = _search_spans(words, catalogue)
    matches.sort(key=lambda match: (-match.score, match.sku))
    return matches[:limit]


# A long message that names a product among other words ("mediamarkt sells the samsung odyssey
# g7 for 599, can you match?") matches nothing as a whole: its runs of two or three words are
# tried then, each product scoring its best run, less SPAN_PENALTY (found, but less surely).
SPAN_WORDS = (2, 3)
SPAN_PENALTY = 5.0


def _all_hit(words: list[str], product_words: set[str]) -> bool:
    return all(
        word in product_words or (not word.isdigit() and _token_score(word, product_words) >= 85)
        for word in words
    )


def _search_spans(words: list[str], products: list[Searchable]) -> list[Match]:
    spans = [
        words[start : start + size]
        for size in SPAN_WORDS
        for start in range(len(words) - size + 1)
        # A run of numbers alone ("599 649") names no product.
        if any(not word.isdigit() for word in words[start : start + size])
    ]
    matches = []
    for product in products:
        # Every word of a run must be the product's: a run is found, not guessed at.
        product_words = set(normalise(f"{product.name} {product.sku}").split())
        hits = [span for span in spans if _all_hit(span, product_words)]
        best = max((score(span, product) for span in hits), default=0.0) - SPAN_PENALTY
        if best >= MIN_SCORE:
            matches.append(Match(product.sku, round(best, 1)))
    return matches


# A qualifier matches a product's word this well ("samsng" is Samsung); numbers must be exact.
QUALIFIER_SCORE = 85.0


def categories_named(words: list[str]) -> set[str]:
    """The categories the words name ("processors" -> cpus), none if they name none."""
    return {name for word in words for name, kinds in CATEGORY_WORDS.items() if word in kinds}


def browse(query: str, products: Iterable[Searchable]) -> list[str] | None:
    """The SKUs of the kind the query names ("ssd", "1tb ssd", "amd processors", "samsung
    monitor"), in catalogue order; None when it names no kind. Other words narrow the list when
    some product of that kind has them ("1 tb", "amd"); words no product of the kind has
    ("cheap", "good") are not about the products and are left out."""
    words = [word for word in normalise(query).split() if word not in STOPWORDS]
    categories = categories_named(words)
    if not categories:
        return None
    kind = [p for p in products if p.category in categories]
    names = {p.sku: set(normalise(f"{p.name} {p.sku} {p.details}").split()) for p in kind}
    # (A kind's word that also says an interface narrows too: "nvme" of "nvme ssd".)
    qualifiers = [
        word
        for word in words
        if (not categories_named([word]) or word in INTERFACE_WORDS)
        and any(
            _token_score(word, product_words) >= QUALIFIER_SCORE for product_words in names.values()
        )
    ]
    return [
        p.sku
        for p in kind
        if all(_token_score(word, names[p.sku]) >= QUALIFIER_SCORE for word in qualifiers)
    ]
