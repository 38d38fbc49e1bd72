"""Wording shared by what the bot says (actions/) and what the backend sends (notifications).

Locale-independent on purpose: "Wed 9 Dec" reads the same whatever locale a process runs in.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: str | dt.date) -> str:
    """'Wed 9 Dec' for a date or its ISO 8601 text."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]}"
