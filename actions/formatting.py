"""Pure helpers: parsing what customers type and formatting what the bot shows. No I/O."""

from __future__ import annotations

import datetime as dt
import re

# One wording for dates, shared with the notices the backend sends.
from backorder_common.wording import day as day_name
from backorder_common.wording import day_with_year

# Six digits, optionally split 3+3 by a space, dash or dot, and never part of a longer number.
_ORDER_NUMBER = re.compile(r"(?<!\d)(\d{3})[ \-.]?(\d{3})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# A whole answer that looks like a postal code: 3-10 letters/digits/spaces/dashes, with a digit.
_POSTAL_CODE_WHOLE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 \-]{1,8}[A-Za-z0-9]$")
# Postal codes inside a sentence: UK/Canada style, or 4-6 digits (TR, DE, US, NL, IN...).
_POSTAL_CODE_UK = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}\b")
_POSTAL_CODE_CA = re.compile(r"\b[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d\b")
_POSTAL_CODE_DIGITS = re.compile(r"(?<![\d])\d{4,6}(?:-\d{4})?(?![\d])")


def normalise_order_number(text: object) -> str | None:
    """'#100042', 'order 100 042' -> '100042'; anything without one 6-digit number -> None."""
    if not isinstance(text, str):
        return None
    matches = _ORDER_NUMBER.findall(text)
    if len(matches) != 1:
        return None
    return "".join(matches[0])


def parse_email(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    match = _EMAIL.search(text)
    return match.group(0).strip().lower() if match else None


def parse_postal_code(text: object) -> str | None:
    """The postal code in an answer, upper-cased with spaces removed; None if there is none."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if "@" in stripped:
        return None
    if _POSTAL_CODE_WHOLE.match(stripped):
        return _compact(stripped)
    for pattern in (_POSTAL_CODE_UK, _POSTAL_CODE_CA, _POSTAL_CODE_DIGITS):
        match = pattern.search(stripped)
        if match:
            return _compact(match.group(0))
    return None


def _compact(code: str) -> str:
    return code.replace(" ", "").upper()


def format_day(day: dt.date, today: dt.date | None = None, language: str = "en") -> str:
    """'Wed 9 Dec' ('9 Aralık Çarşamba' in Turkish); with the year when it is not the current
    one ('Tue 5 Jan 2027', '5 Ocak 2027 Salı')."""
    if today is not None and day.year != today.year:
        return day_with_year(day, language)
    return day_name(day, language)


def format_window(
    earliest: dt.date, latest: dt.date, today: dt.date | None = None, language: str = "en"
) -> str:
    """'Thu 10 Dec – Mon 14 Dec' ('10 Aralık Perşembe – 14 Aralık Pazartesi'), or a single day
    when both ends are the same."""
    if latest < earliest:
        earliest, latest = latest, earliest
    if earliest == latest:
        return format_day(earliest, today, language)
    return f"{format_day(earliest, today, language)} – {format_day(latest, today, language)}"
