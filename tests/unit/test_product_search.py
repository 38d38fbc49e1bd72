"""Matching what customers type to the demo catalogue."""

from __future__ import annotations

import pytest

from backend.catalog.search import Searchable, normalise, search
from backend.seed_data import PRODUCTS

CATALOGUE = [Searchable(sku, name, category) for sku, name, category, *_ in PRODUCTS]


def skus(query: str, limit: int = 5) -> list[str]:
    return [match.sku for match in search(query, CATALOGUE, limit)]


def test_normalise_splits_letters_from_digits():
    assert normalise("RTX4070-Ti, 12GB!") == "rtx 4070 ti 12 gb"


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("rtx 4070", "GPU-RTX4070-12G"),
        ("4070 super", "GPU-RTX4070S-12G"),
        ("radeon 7800", "GPU-RX7800XT-16G"),
        ("990 pro 2tb", "SSD-SAM990-2TB"),
        ("the 4090", "GPU-RTX4090-24G"),
        ("ryzen 7 7800x3d", "CPU-R7-7800X3D"),
        ("thinkpad", "LAP-TP-X1C-U7-32"),
        ("windows 11 pro", "SW-WIN11-PRO"),
        ("office 2024", "SW-OFFICE-HB-2024"),
        ("gpu-rtx4090-24g", "GPU-RTX4090-24G"),
        ("geforse rtx 4090", "GPU-RTX4090-24G"),  # a typo
    ],
)
def test_best_match(query: str, best: str):
    assert skus(query)[0] == best


def test_ambiguous_queries_return_several_for_the_bot_to_ask_about():
    assert set(skus("samsung 990")) == {"SSD-SAM990-1TB", "SSD-SAM990-2TB"}
    assert len(skus("ssd 2tb")) >= 3


def test_numbers_must_match_exactly_and_nonsense_finds_nothing():
    assert "GPU-RTX4080S-16G" not in skus("rtx 4070")
    assert skus("a pizza") == []
    assert skus("is it in stock?") == []


def test_a_letter_o_typed_for_a_zero_inside_a_number_is_read_as_zero() -> None:
    assert normalise("RTX 4o70") == "rtx 4070"
    assert normalise("990 pro 2tb") == "990 pro 2 tb"


@pytest.mark.parametrize(
    "query", ["iphone 16", "rtx 5090", "ps5", "playstation 5", "xbox series x"]
)
def test_products_the_shop_does_not_sell_find_nothing(query: str) -> None:
    # "iphone 16" once found the Arc A770 16 GB on its number alone.
    assert skus(query) == []


def test_a_typo_in_one_word_of_several_still_finds_the_product() -> None:
    assert skus("samsnug 990 pro 2tb")[0] == "SSD-SAM990-2TB"


@pytest.mark.parametrize(
    ("query", "best"),
    [
        (
            "mediamarkt sells the Samsung Odyssey G7 for 599, you have 649. can you match",
            "MON-SAM-G7-32",
        ),
        (
            "my friend told me the crucial t700 is really fast, how much is it",
            "SSD-CRUCIAL-T700-2TB",
        ),
    ],
)
def test_a_product_named_among_many_other_words_is_found_by_its_words(
    query: str, best: str
) -> None:
    assert skus(query)[0] == best


@pytest.mark.parametrize(
    "query",
    [
        "my brother wants a playstation 5 for his birthday next week",
        "i paid 599 and then 649 for the order last month",
        "how much more would i pay",  # "pay" is not the ProArt PA278CV
    ],
)
def test_long_messages_naming_no_product_still_find_nothing(query: str) -> None:
    assert skus(query) == []


@pytest.mark.parametrize(
    ("query", "only"),
    [("32gb corsair kit", "RAM-DDR5-32-6000"), ("corsair 64gb", "RAM-DDR5-64-6000")],
)
def test_a_size_with_its_unit_is_the_products_size(query: str, only: str):
    # Set BD #42: "how much is the 32gb corsair kit" got the 64 GB kit, "(2x32)".
    assert skus(query)[0] == only
    assert len([s for s in skus(query) if s.startswith("RAM-DDR5-") and "6000" in s]) == 1
