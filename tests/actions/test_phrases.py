"""The words actions assemble in code (actions/phrases.py), in every language."""

from __future__ import annotations

import re

import pytest

from actions.phrases import PHRASES, back_at, phrase, reasons, support_hours, wait
from backorder_common.wording import LANGUAGES, currency_name, join_and


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_has_every_language_with_the_same_blanks(key: str) -> None:
    texts = PHRASES[key]
    assert set(texts) == set(LANGUAGES), key
    blanks = {language: set(re.findall(r"\{(\w+)\}", text)) for language, text in texts.items()}
    assert len({frozenset(b) for b in blanks.values()}) == 1, blanks


def test_a_phrase_is_filled_in_and_unknown_languages_are_english() -> None:
    assert phrase("order", "tr", order_number="100042") == "100042 numaralı sipariş"
    assert phrase("order", "de", order_number="100042") == "order 100042"


def test_the_backends_reasons_in_turkish_and_as_they_were_in_english() -> None:
    backend = ["same 2000 GB capacity", "same interface (PCIe 4.0)", "12% dearer", "same price"]
    assert reasons(backend, "en") == "; ".join(backend)
    assert reasons(backend, "tr") == (
        "aynı 2000 GB kapasite; aynı arayüz (PCIe 4.0); %12 daha pahalı; aynı fiyat"
    )
    assert reasons([], "tr") == "şu an stokta"
    assert (
        reasons(["a reason nobody wrote a pattern for"], "tr")
        == "a reason nobody wrote a pattern for"
    )


def test_waits_and_hours() -> None:
    assert wait("about 1 minute", "tr") == "yaklaşık 1 dakika"
    assert wait("about 2 hours", "tr") == "yaklaşık 2 saat"
    assert wait(None, "tr") == "birkaç dakika"
    assert wait("about 4 minutes", "en") == "about 4 minutes"
    assert support_hours("Mon, Wed 09:00–17:00 Istanbul time", "tr") == (
        "Pazartesi, Çarşamba 09:00–17:00 (İstanbul saati)"
    )
    assert back_at(None, "en") == "during support hours"


def test_currency_names_and_lists() -> None:
    assert currency_name("TRY", "tr") == "TL"
    assert currency_name("TRY", "en") == "TRY"
    assert currency_name("EUR", "tr") == "€"
    assert join_and(["A"], "tr") == "A"
    assert join_and(["A", "B"], "en") == "A and B"
    assert join_and(["A", "B", "C"], "tr") == "A, B ve C"
    assert join_and([], "tr") == ""
