"""Support hours, waits and clock times in Turkish, as a Turkish customer reads them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from backend.handoffs.hours import describe_days, describe_moment, parse_hours
from backend.handoffs.waits import describe_wait
from backorder_common.wording import city_of, time_at, weekday_name

IST = ZoneInfo("Europe/Istanbul")


@pytest.mark.parametrize(
    ("hour", "minute", "said"),
    [
        (10, 0, "10:00'da"),  # on
        (18, 0, "18:00'de"),  # on sekiz
        (9, 0, "09:00'da"),  # dokuz
        (13, 45, "13:45'te"),  # kırk beş
        (14, 40, "14:40'ta"),  # kırk
        (8, 30, "08:30'da"),  # otuz
        (12, 0, "12:00'de"),  # on iki
        (20, 0, "20:00'de"),  # yirmi
        (15, 0, "15:00'te"),  # on beş
        (16, 0, "16:00'da"),  # on altı
        (17, 50, "17:50'de"),  # elli
        (19, 3, "19:03'te"),  # üç
    ],
)
def test_a_clock_time_takes_the_suffix_its_last_word_asks_for(
    hour: int, minute: int, said: str
) -> None:
    assert time_at(dt.time(hour, minute), "tr") == said
    assert time_at(dt.time(hour, minute), "en") == f"at {hour:02}:{minute:02}"


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

    assert describe_moment(at(24, 20), now, IST, "tr") == "bugün İstanbul saatiyle 20:00'de"
    assert describe_moment(at(25, 10), now, IST, "tr") == "yarın İstanbul saatiyle 10:00'da"
    assert (
        describe_moment(at(30, 10), now, IST, "tr")
        == "30 Kasım Pazartesi İstanbul saatiyle 10:00'da"
    )
    assert (
        describe_moment(at(4, 10, 1, 2027), now, IST, "tr")
        == "4 Ocak 2027 Pazartesi İstanbul saatiyle 10:00'da"
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
