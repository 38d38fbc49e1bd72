"""Wording shared by what the bot says (actions/), what the gateway says and what the backend sends
(notifications), in the customer's language: English ("en") or Turkish ("tr").

English dates are locale-independent on purpose: "Wed 9 Dec" reads the same whatever locale a
process runs in. Turkish dates and money come from Babel's CLDR data: "9 Aralık Çarşamba",
"1.299,00 TL".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, get_day_names, get_timezone_location
from babel.numbers import format_decimal

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The languages the shop answers in; the first is the default.
LANGUAGES = ("en", "tr")
DEFAULT_LANGUAGE = "en"
# How customers are shown a currency code in each language ("TL" is what Turkish shops write).
_CURRENCY_NAMES = {"tr": {"TRY": "TL", "EUR": "€", "USD": "$"}}


def language_of(value: object) -> str:
    """'tr', 'TR', 'tr-TR', 'tr_TR' -> 'tr'; anything else (None, 'de', '') -> 'en'."""
    if isinstance(value, str):
        code = value.strip().lower().replace("_", "-").split("-", 1)[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def day(value: str | dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """'Wed 9 Dec' (en) or '9 Aralık Çarşamba' (tr) for a date or its ISO 8601 text."""
    date = _as_date(value)
    if language_of(language) == "tr":
        return format_date(date, "d MMMM EEEE", locale="tr")
    return f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]}"


def day_with_year(value: str | dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """A day far enough away to need its year: 'Tue 5 Jan 2027' or '5 Ocak 2027 Salı'."""
    date = _as_date(value)
    if language_of(language) == "tr":
        return format_date(date, "d MMMM y EEEE", locale="tr")
    return f"{day(date)} {date.year}"


def amount(value: Decimal | float | int, language: str = DEFAULT_LANGUAGE) -> str:
    """A sum without its currency: '1299.00' (en, as the bot has always written it),
    '1.299,00' (tr)."""
    if language_of(language) == "tr":
        return format_decimal(value, "#,##0.00", locale="tr")
    return f"{Decimal(value):.2f}"


def money(value: Decimal | float | int, currency: str, language: str = DEFAULT_LANGUAGE) -> str:
    """'1299.00 TRY' (en) or '1.299,00 TL' (tr)."""
    return f"{amount(value, language)} {currency_name(currency, language)}"


def currency_name(currency: str, language: str = DEFAULT_LANGUAGE) -> str:
    """How a currency code is shown next to an amount: 'TRY' (en), 'TL' (tr)."""
    return _CURRENCY_NAMES.get(language_of(language), {}).get(currency, currency)


def join_and(items: list[str], language: str = DEFAULT_LANGUAGE) -> str:
    """'A', 'A and B', 'A, B and C' (en); 'A ve B', 'A, B ve C' (tr)."""
    if len(items) <= 1:
        return "".join(items)
    word = "ve" if language_of(language) == "tr" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def weekday_name(weekday: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The full name of a day (0 = Monday): 'Monday', 'Pazartesi'."""
    if language_of(language) == "tr":
        return str(get_day_names("wide", locale="tr")[weekday])
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]


def city_of(zone: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A time zone's city as customers write it: 'Europe/Istanbul' -> 'Istanbul', 'İstanbul'."""
    return str(get_timezone_location(zone, locale=language_of(language), return_city=True))
