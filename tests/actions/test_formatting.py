import datetime as dt

import pytest

from actions.formatting import (
    format_day,
    format_window,
    normalise_order_number,
    parse_email,
    parse_postal_code,
)


@pytest.mark.parametrize(
    "text",
    ["100042", "#100042", "# 100042", "100 042", "100-042", "order 100042", "it's #100 042 thx"],
)
def test_order_numbers_are_normalised(text: str) -> None:
    assert normalise_order_number(text) == "100042"


@pytest.mark.parametrize(
    "text", [None, "", "hello", "12345", "1000423", "100 0423", "100042 and 100043", 100042]
)
def test_garbage_is_not_an_order_number(text: object) -> None:
    assert normalise_order_number(text) is None


def test_email_is_found_and_lower_cased() -> None:
    assert parse_email("it's  Jane.Doe+x@Example.COM ") == "jane.doe+x@example.com"
    assert parse_email("jane at example dot com") is None
    assert parse_email(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("34710", "34710"),
        ("postal code 06420", "06420"),
        ("sw1a 1aa", "SW1A1AA"),
        ("my postcode is EC1A 1BB", "EC1A1BB"),
        ("K1A 0B1", "K1A0B1"),
        ("34 710", "34710"),
        ("1011 AB", "1011AB"),
    ],
)
def test_postal_codes(text: str, expected: str) -> None:
    assert parse_postal_code(text) == expected


@pytest.mark.parametrize("text", [None, "", "no idea", "jane@example.com", "12", "abc"])
def test_not_postal_codes(text: object) -> None:
    assert parse_postal_code(text) is None


def test_format_day() -> None:
    assert format_day(dt.date(2026, 12, 9)) == "Wed 9 Dec"
    assert format_day(dt.date(2026, 12, 9), today=dt.date(2026, 11, 24)) == "Wed 9 Dec"
    assert format_day(dt.date(2027, 1, 5), today=dt.date(2026, 11, 24)) == "Tue 5 Jan 2027"


def test_format_window() -> None:
    assert format_window(dt.date(2026, 12, 10), dt.date(2026, 12, 14)) == "Thu 10 Dec – Mon 14 Dec"
    assert format_window(dt.date(2026, 12, 10), dt.date(2026, 12, 10)) == "Thu 10 Dec"
    # A reversed window from a buggy backend still reads the right way round.
    assert format_window(dt.date(2026, 12, 14), dt.date(2026, 12, 10)) == "Thu 10 Dec – Mon 14 Dec"
