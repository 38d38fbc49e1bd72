"""Every response speaks every language (domain.yml): a Turkish variation chosen on the
`language` slot, with the same variables and buttons as the English default."""

from __future__ import annotations

import re
from typing import Any

import pytest

from backorder_common.wording import LANGUAGES
from tests.actions.factories import load_domain

DOMAIN = load_domain()
RESPONSES: dict[str, list[dict[str, Any]]] = DOMAIN["responses"]
OTHER_LANGUAGES = [language for language in LANGUAGES if language != "en"]
VARIABLE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
# Buttons whose payload is text the customer "types" (sent through the NLU): in Turkish it is
# Turkish text, so that pressing it doesn't switch the conversation to English.
TEXT_PAYLOAD_BUTTONS = {("utter_greet", 2)}


def variation(name: str, language: str) -> dict[str, Any] | None:
    """The variation Rasa picks for `language`: the one conditioned on it, else the default."""
    for candidate in RESPONSES[name]:
        conditions = candidate.get("condition") or []
        if any(
            c.get("type") == "slot" and c.get("name") == "language" and c.get("value") == language
            for c in conditions
        ):
            return candidate
    return None


def default(name: str) -> dict[str, Any]:
    defaults = [v for v in RESPONSES[name] if not v.get("condition")]
    assert len(defaults) == 1, f"{name}: one default (English) variation, not {len(defaults)}"
    return defaults[0]


def variables(item: dict[str, Any]) -> set[str]:
    texts = [item.get("text") or ""] + [b["title"] for b in item.get("buttons") or []]
    texts += [b["payload"] for b in item.get("buttons") or []]
    return {name for text in texts for name in VARIABLE.findall(text)}


def test_the_language_slot_exists_with_every_language() -> None:
    slot = DOMAIN["slots"]["language"]
    assert slot["values"] == list(LANGUAGES)
    assert slot["initial_value"] == "en"
    assert slot["influence_conversation"] is False


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_the_language(name: str, language: str) -> None:
    english = default(name)
    translated = variation(name, language)
    assert translated is not None, f"{name} has no '{language}' variation in domain.yml"
    assert translated["text"].strip(), name
    assert translated["text"] != english["text"], f"{name}: '{language}' is the English text"
    assert variables(translated) == variables(english), f"{name}: variables differ"
    english_buttons = english.get("buttons") or []
    buttons = translated.get("buttons") or []
    assert len(buttons) == len(english_buttons), f"{name}: buttons differ"
    for index, (ours, theirs) in enumerate(zip(buttons, english_buttons, strict=True)):
        if (name, index) not in TEXT_PAYLOAD_BUTTONS:
            assert ours["payload"] == theirs["payload"], f"{name}: button {index} payload"
        assert ours["title"].strip()


def test_a_missing_variation_is_caught() -> None:
    # The check above can fail: a response with only its English text has no variation.
    assert variation("utter_greet", "xx") is None


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_turkish_text_is_turkish_and_polite(name: str) -> None:
    text = variation(name, "tr")["text"]  # type: ignore[index]
    # Customers are addressed as "siz": no informal "sen" forms of the common verbs.
    informal = re.findall(r"\b(?:senin|sana|seni|istersen|yapabilirsin|yazabilirsin)\b", text)
    assert not informal, f"{name}: informal {informal}"
