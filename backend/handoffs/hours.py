"""Support hours arithmetic: when agents are on duty, and when they are next.

Pure functions over plain data: the spec is `SUPPORT_HOURS` ("Mon-Fri 10:00-18:00
Europe/Istanbul"), holidays are dates in the shop's time zone (`SUPPORT_HOLIDAYS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# One list of day names: SUPPORT_HOURS is read in it and support hours are told in it.
from backorder_common.wording import (
    WEEKDAYS,
    city_of,
    day_with_year,
    language_of,
    weekday_name,
)
from backorder_common.wording import day as day_in

_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
# A year without one open day is a configuration error; this bounds the search.
MAX_DAYS_AHEAD = 400


@dataclass(frozen=True)
class SupportHours:
    days: frozenset[int]  # 0 = Monday, as datetime.weekday()
    opens: dt.time
    closes: dt.time
    tz: ZoneInfo

    def describe(self, language: str = "en") -> str:
        """'Mon–Fri 10:00–18:00 Istanbul time' (en), 'Pazartesi–Cuma 10:00–18:00 İstanbul
        saatiyle' (tr), for customers."""
        times = f"{self.opens:%H:%M}–{self.closes:%H:%M}"
        days = describe_days(self.days, language)
        if language_of(language) == "tr":
            return f"{days} {times} {zone_name(self.tz, 'tr')} saatiyle"
        return f"{days} {times} {zone_name(self.tz)} time"


def _day(name: str) -> int:
    try:
        return WEEKDAYS.index(name.strip()[:3].title())
    except ValueError:
        raise ValueError(f"unknown day {name!r} in SUPPORT_HOURS") from None


def parse_hours(spec: str) -> SupportHours:
    """Parses 'Mon-Fri 10:00-18:00 Europe/Istanbul' (days: 'Mon-Fri', 'Mon,Wed', 'Sat-Sun,Tue')."""
    parts = spec.split()
    if len(parts) != 3:
        raise ValueError(
            f"SUPPORT_HOURS must look like 'Mon-Fri 10:00-18:00 Europe/Istanbul': {spec!r}"
        )
    days_spec, time_spec, zone = parts
    days: set[int] = set()
    for item in days_spec.split(","):
        if "-" in item:
            first, last = (_day(x) for x in item.split("-", 1))
            day = first
            while True:
                days.add(day)
                if day == last:
                    break
                day = (day + 1) % 7
        else:
            days.add(_day(item))
    match = _TIME_RANGE.match(time_spec)
    if not match:
        raise ValueError(f"SUPPORT_HOURS times must look like 10:00-18:00: {time_spec!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    opens, closes = dt.time(h1, m1), dt.time(h2, m2)
    if not opens < closes:
        raise ValueError(f"SUPPORT_HOURS must open before it closes: {time_spec!r}")
    return SupportHours(frozenset(days), opens, closes, ZoneInfo(zone))


def parse_holidays(spec: str) -> frozenset[dt.date]:
    """'2026-12-31,2027-01-01' → dates; blanks are ignored."""
    return frozenset(dt.date.fromisoformat(x.strip()) for x in spec.split(",") if x.strip())


def _open_day(hours: SupportHours, holidays: Collection[dt.date], day: dt.date) -> bool:
    return day.weekday() in hours.days and day not in holidays


def is_open(hours: SupportHours, holidays: Collection[dt.date], at: dt.datetime) -> bool:
    local = at.astimezone(hours.tz)
    return _open_day(hours, holidays, local.date()) and hours.opens <= local.time() < hours.closes


def next_open(hours: SupportHours, holidays: Collection[dt.date], at: dt.datetime) -> dt.datetime:
    """`at` itself when agents are on duty, else the moment they are next (aware, shop's zone)."""
    local = at.astimezone(hours.tz)
    if is_open(hours, holidays, at):
        return local
    day = local.date()
    if local.time() >= hours.opens:
        day += dt.timedelta(days=1)  # today's opening has passed (or today is closed)
    for _ in range(MAX_DAYS_AHEAD):
        if _open_day(hours, holidays, day):
            return dt.datetime.combine(day, hours.opens, tzinfo=hours.tz)
        day += dt.timedelta(days=1)
    raise ValueError("SUPPORT_HOURS and SUPPORT_HOLIDAYS leave no open day within a year")


def zone_name(tz: ZoneInfo, language: str = "en") -> str:
    """The zone's city: 'Istanbul' (en), 'İstanbul' (tr, from CLDR)."""
    if language_of(language) == "tr":
        return city_of(str(tz.key), "tr")
    return str(tz.key).rsplit("/", 1)[-1].replace("_", " ")


def describe_days(days: frozenset[int], language: str = "en") -> str:
    """{0..4} → 'Mon–Fri' (en) or 'Pazartesi–Cuma' (tr); non-contiguous days are listed."""
    ordered = sorted(days)

    def name(d: int) -> str:
        # Turkish day names are not shortened in customer text ("Pzt" reads like a code).
        return weekday_name(d, "tr") if language_of(language) == "tr" else WEEKDAYS[d]

    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{name(ordered[0])}–{name(ordered[-1])}"
    return ", ".join(name(d) for d in ordered)


_TODAY = {"en": ("today", "tomorrow"), "tr": ("bugün", "yarın")}


def describe_moment(
    moment: dt.datetime, now: dt.datetime, tz: ZoneInfo, language: str = "en"
) -> str:
    """'today at 10:00', 'tomorrow at 10:00' or 'Monday 30 November at 10:00', plus the zone;
    in Turkish 'yarın İstanbul saatiyle 10:00', '30 Kasım Pazartesi İstanbul saatiyle 10:00'
    (a noun phrase: it stands after "Ekibimizin dönüşü:" and the like without a suffix to fit)."""
    lang = language_of(language)
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        day = _TODAY[lang][0]
    elif local.date() == today + dt.timedelta(days=1):
        day = _TODAY[lang][1]
    elif lang == "tr":
        # "30 Kasım Pazartesi"; the year only when it is not this year's.
        named = day_in if local.year == today.year else day_with_year
        day = named(local.date(), "tr")
    else:
        day = f"{local:%A} {local.day} {local:%B}"
    if lang == "tr":
        return f"{day} {zone_name(tz, 'tr')} saatiyle {local:%H:%M}"
    return f"{day} at {local:%H:%M} {zone_name(tz)} time"
