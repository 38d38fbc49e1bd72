"""Support hours, waits and days in Turkish, as a Turkish customer reads them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from backend.handoffs.hours import describe_days, describe_moment, parse_hours
from backend.handoffs.waits import describe_wait
from backorder_common.wording import city_of, weekday_name

IST = ZoneInfo("Europe/Istanbul")


def test_day_and_city_names() -> None:
    assert [weekday_name(d, "tr") for d in (0, 4, 6)] == ["Pazartesi", "Cuma", "Pazar"]
    assert weekday_name(0) == "Monday"
    assert (city_of("Europe/Istanbul", "tr"), city_of("Europe/Istanbul")) == (
        "İstanbul",
        "Istanbul",
    )


def test_support_hours_in_turkish() -> None:
    hours = parse_hours("Mon-Fri 10:00-18:00 Europe/Istanbul")
    assert hours.describe("tr") == "Pazartesi–Cuma 10:00–18:00 İstanbul saatiyle"
    assert hours.describe("en") == "Mon–Fri 10:00–18:00 Istanbul time"
    assert describe_days(frozenset({0, 2}), "tr") == "Pazartesi, Çarşamba"


def test_when_agents_are_back_in_turkish() -> None:
    now = dt.datetime(2026, 11, 24, 19, 0, tzinfo=IST)  # a Tuesday evening

    def at(day: int, hour: int, month: int = 11, year: int = 2026) -> dt.datetime:
        return dt.datetime(year, month, day, hour, 0, tzinfo=IST)

    assert describe_moment(at(24, 20), now, IST, "tr") == "bugün İstanbul saatiyle 20:00"
    assert describe_moment(at(25, 10), now, IST, "tr") == "yarın İstanbul saatiyle 10:00"
    assert (
        describe_moment(at(30, 10), now, IST, "tr") == "30 Kasım Pazartesi İstanbul saatiyle 10:00"
    )
    assert (
        describe_moment(at(4, 10, 1, 2027), now, IST, "tr")
        == "4 Ocak 2027 Pazartesi İstanbul saatiyle 10:00"
    )


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "yaklaşık 1 dakika"),
        (450, "yaklaşık 8 dakika"),
        (3600, "yaklaşık 1 saat"),
        (4200, "yaklaşık 1 saat 10 dakika"),
    ],
)
def test_waits_in_turkish(seconds: int, said: str) -> None:
    assert describe_wait(seconds, "tr") == said
