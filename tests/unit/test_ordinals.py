"""A choice by its place in the bot's list (rasa_components/ordinals.py), English and Turkish."""

from __future__ import annotations

import pytest

from rasa_components.ordinals import LAST, choice_index


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the first one", 1),
        ("first option please", 1),
        ("hmm the first one you suggested", 1),
        ("swap to the second", 2),
        ("the 2nd one", 2),
        ("the last one", LAST),
        ("option 3", 3),
        ("#2", 2),
        ("ilki", 1),
        ("ilkini", 1),
        ("tamam ilkiyle değiştirelim", 1),
        ("birincisiyle değiştir", 1),
        ("ikincisi", 2),
        ("ikinciyi alayım", 2),
        ("ÜÇÜNCÜSÜ OLSUN", 3),
        ("ucuncusu", 3),
        ("sonuncusu", LAST),
        ("sondaki olsun", LAST),
        ("2.si", 2),
        ("2. olan", 2),
        ("2 numara", 2),
        ("seçenek 1", 1),
    ],
)
def test_a_place_in_the_list_is_read(text: str, place: int) -> None:
    assert choice_index(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "can you ship the SSD first",
        "i want the rtx 4070 first",
        "ilk önce ssd'yi gönderin",
        "ilk siparişim 100042",
        "sonra bakarım",
        "son",
        "evet",
        "yes",
        "the first one arrived broken and i want to return it and get a refund",
        "/swap_item",
        "",
    ],
)
def test_other_messages_are_not_a_choice(text: str) -> None:
    assert choice_index(text) is None
