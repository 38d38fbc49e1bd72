"""Support hours and queue waits: pure arithmetic, checked exhaustively."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.handoffs.hours import (
    describe_days,
    describe_moment,
    is_open,
    next_open,
    parse_holidays,
    parse_hours,
)
from backend.handoffs.waits import describe_wait, expected_wait_seconds

IST = ZoneInfo("Europe/Istanbul")
HOURS = parse_hours("Mon-Fri 10:00-18:00 Europe/Istanbul")
NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in November 2026 in Istanbul (the 23rd is a Monday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=IST)


def test_parse_the_default_spec() -> None:
    assert HOURS.days == frozenset(range(5))
    assert (HOURS.opens, HOURS.closes) == (dt.time(10), dt.time(18))
    assert HOURS.describe() == "Mon–Fri 10:00–18:00 Istanbul time"


@pytest.mark.parametrize(
    ("spec", "days"),
    [
        ("Sat-Sun 09:00-13:00 UTC", {5, 6}),
        ("Fri-Mon 09:00-13:00 UTC", {4, 5, 6, 0}),  # wraps over the weekend
        ("Mon,Wed,fri 09:00-13:00 UTC", {0, 2, 4}),
    ],
)
def test_day_lists_and_ranges(spec: str, days: set[int]) -> None:
    assert parse_hours(spec).days == frozenset(days)


@pytest.mark.parametrize(
    "spec",
    ["Mon-Fri 10:00-18:00", "Mon-Fri 18:00-10:00 UTC", "Xyz 10:00-18:00 UTC", "Mon 10-18 UTC"],
)
def test_bad_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(spec)


@pytest.mark.parametrize(
    ("moment", "open_", "back"),
    [
        (at(24, 11), True, at(24, 11)),  # Tuesday morning: on duty
        (at(24, 10), True, at(24, 10)),  # opening minute counts
        (at(24, 18), False, at(25, 10)),  # closing minute does not
        (at(24, 9, 59), False, at(24, 10)),  # before opening: today
        (at(27, 18, 30), False, at(30, 10)),  # Friday evening: Monday
        (at(28, 12), False, at(30, 10)),  # Saturday
        (dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC), True, at(24, 10, 30)),  # 10:30 local
    ],
)
def test_open_and_next_open(moment: dt.datetime, open_: bool, back: dt.datetime) -> None:
    assert is_open(HOURS, NO_HOLIDAYS, moment) is open_
    assert next_open(HOURS, NO_HOLIDAYS, moment) == back


def test_holidays_are_skipped() -> None:
    holidays = parse_holidays("2026-11-30, 2026-12-01")
    assert not is_open(HOURS, holidays, at(30, 11))
    assert next_open(HOURS, holidays, at(28, 12)) == dt.datetime(2026, 12, 2, 10, tzinfo=IST)
    assert parse_holidays("") == frozenset()


def test_a_year_of_holidays_is_a_configuration_error() -> None:
    year = frozenset(dt.date(2026, 11, 24) + dt.timedelta(days=d) for d in range(500))
    with pytest.raises(ValueError):
        next_open(HOURS, year, at(24, 11))


moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),
    max_value=dt.datetime(2030, 12, 31),
    timezones=st.just(dt.UTC),
)
holiday_sets = st.frozensets(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2031, 1, 31)), max_size=30
)


@given(moments, holiday_sets)
def test_next_open_is_the_first_open_moment(now: dt.datetime, holidays: frozenset[dt.date]) -> None:
    back = next_open(HOURS, holidays, now)
    assert back >= now
    assert is_open(HOURS, holidays, back)
    if back > now:
        # Closed all the way: no opening minute of any day in between.
        local = back.astimezone(IST)
        assert local.time() == HOURS.opens
        day = now.astimezone(IST).date()
        while day < local.date():
            opening = dt.datetime.combine(day, HOURS.opens, tzinfo=IST)
            assert opening < now or not is_open(HOURS, holidays, opening)
            day += dt.timedelta(days=1)


@given(moments, holiday_sets)
def test_open_means_a_working_day_inside_the_hours(
    now: dt.datetime, holidays: frozenset[dt.date]
) -> None:
    local = now.astimezone(IST)
    expected = local.weekday() < 5 and local.date() not in holidays and 10 <= local.hour < 18
    assert is_open(HOURS, holidays, now) is expected


def test_moments_are_told_relative_to_today() -> None:
    now = at(24, 19)
    assert describe_moment(at(24, 20), now, IST) == "today at 20:00 Istanbul time"
    assert describe_moment(at(25, 10), now, IST) == "tomorrow at 10:00 Istanbul time"
    assert describe_moment(at(30, 10), now, IST) == "Monday 30 November at 10:00 Istanbul time"
    assert describe_days(frozenset({0, 2})) == "Mon, Wed"


@pytest.mark.parametrize(
    ("position", "history", "agents", "seconds"),
    [
        (1, [], 1, 150),  # half a default conversation
        (2, [], 1, 450),
        (3, [600, 60, 120], 1, 300),  # median 120 s: 2.5 rounds
        (3, [120], 2, 180),  # two agents share the queue: 2 rounds
        (1, [100, 200], 5, 75),
        (0, [100], 1, 0),
    ],
)
def test_expected_wait(position: int, history: list[float], agents: int, seconds: int) -> None:
    assert expected_wait_seconds(position, history, agents) == seconds


@given(st.integers(1, 500), st.lists(st.floats(1, 7200), max_size=20), st.integers(1, 20))
def test_waits_grow_with_the_queue(position: int, history: list[float], agents: int) -> None:
    wait = expected_wait_seconds(position, history, agents)
    assert wait > 0
    assert expected_wait_seconds(position + agents, history, agents) > wait


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "about 1 minute"),
        (61, "about 2 minutes"),
        (3600, "about 1 hour"),
        (3660, "about 1 hour 1 minute"),
        (7500, "about 2 hours 5 minutes"),
    ],
)
def test_waits_in_words(seconds: int, text: str) -> None:
    assert describe_wait(seconds) == text
