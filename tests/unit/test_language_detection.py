"""Which language a message is in (rasa_components/language.py): Turkish, English, or neither."""

from __future__ import annotations

import re
import time

import pytest

from rasa_components.language import detect_language, requested_language

TURKISH = [
    "merhaba, siparişim nerede?",
    "siparisim nerde",
    "iade nasil yapilir",
    "İADE NASIL YAPILIR",
    "sipariş no 100042",
    "posta kodum 34710",
    "rtx 4090 stokta var mı",
    "kargom ne zaman gelir",
    "bir temsilciyle görüşmek istiyorum",
    "iptal etmek istiyorum",
    "harika, teşekkürler",
    "tesekkurler",
    "evet",
    "hayir",
    "tamam",
    "merhaba",
    "ekran karti ne zaman gelecek",
    "siparisimi iptal edebilir miyim",
    "Tedarik beklemesi (back-order) nedir?",
    "bildirimleri durdur",
]
ENGLISH = [
    "where is my order",
    "hi",
    "thanks",
    "yes",
    "is the rtx 4090 in stock",
    "I want to cancel",
    "cancel it",
    "hello, my order 100042 hasn't arrived",
    "sorry wrong number",
    "talk to a person please",
    # Turkish names and places do not make an English sentence Turkish.
    "my name is Şükrü, where is my order?",
    "can you ship to Üsküdar",
]
NEITHER = [
    "ok",
    "okay",
    "100042",
    "100 042",
    "ada.lovelace@example.com",
    "34710",
    "rtx 4070",
    "Samsung 990 Pro",
    "GPU-RTX4070-12G",
    "5",
    "4/5",
    "/greet",
    '/feedback{"rating": "5"}',
    "",
    "   ",
    "?!",
    "Gigabyte GeForce RTX 4070 Windforce",
]


@pytest.mark.parametrize("text", TURKISH)
def test_turkish_is_turkish(text: str) -> None:
    assert detect_language(text) == "tr"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", NEITHER)
def test_details_products_and_payloads_say_nothing(text: str) -> None:
    assert detect_language(text) is None


def test_none_says_nothing() -> None:
    assert detect_language(None) is None


def test_a_mixed_message_goes_to_the_language_with_more_words() -> None:
    assert detect_language("merhaba, where is my order please") == "en"
    assert detect_language("hello, siparişim nerede acaba, kargoya verildi mi") == "tr"


def test_it_costs_microseconds_per_message() -> None:
    # It runs on every message the bot parses: it must stay far below the ~10 ms Rasa spends.
    texts = TURKISH + ENGLISH + NEITHER
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            detect_language(text)
    per_message = (time.perf_counter() - started) / (rounds * len(texts))
    assert per_message < 200e-6, f"{per_message * 1e6:.1f} µs per message"


def test_the_bots_own_sentences_are_told_apart() -> None:
    # 133 responses in each language (domain.yml): longer text than customers', same words.
    from tests.actions.test_response_languages import RESPONSES, default, variation

    for name in RESPONSES:
        # Without the variables ("{available}"), which the customer never sees.
        english = re.sub(r"\{\w+\}", "", default(name)["text"])
        turkish = re.sub(r"\{\w+\}", "", variation(name, "tr")["text"])  # type: ignore[index]
        assert detect_language(english) == "en", (name, english)
        assert detect_language(turkish) == "tr", (name, turkish)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("can we continue in English?", "en"),
        ("english please", "en"),
        ("ingilizce devam edebilir miyiz", "en"),
        ("can you speak turkish please", "tr"),
        ("türkçe yazabilir miyim", "tr"),
        ("turkce devam edelim", "tr"),
        # A product, a place or nothing: no language asked for.
        ("Windows 11 Pro Türkçe lisans var mı", None),
        ("where is my order", None),
        ("english or turkish, whichever", None),
    ],
)
def test_a_language_asked_for_by_name(text: str, language: str | None) -> None:
    assert requested_language(text) == language
