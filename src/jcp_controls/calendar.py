"""Calendar arithmetic: the one place where dates are added, compared by period, or counted
in working days.

* Month arithmetic is calendar arithmetic clipped to month end (pendulum):
  ``add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)``.
* "N working days after X" is the Nth Monday–Friday, strictly after X, that is not a bank
  holiday in the region's calendar (the ``holidays`` library, GB subdivisions).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
from collections.abc import Iterator

import attrs
import holidays
import pendulum

from jcp_controls.models import Region

__all__ = [
    "SkippedDay",
    "WorkingDayTable",
    "WorkingDayTrace",
    "add_days",
    "add_months",
    "bank_holiday_name",
    "bank_holidays",
    "holidays_version",
    "is_working_day",
    "month_label",
    "months_in",
    "quarter_label",
    "quarters_in",
    "working_days_after",
    "working_days_after_trace",
]

_SUBDIVISION = {
    Region.ENGLAND: "ENG",
    Region.WALES: "WLS",
    Region.SCOTLAND: "SCT",
    Region.NORTHERN_IRELAND: "NIR",
}


@functools.lru_cache(maxsize=65536)
def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clipped to the end of the target month.

    Cached: evidence repeats a few thousand distinct dates across millions of records.
    """
    moved = pendulum.Date(day.year, day.month, day.day).add(months=months)
    return dt.date(moved.year, moved.month, moved.day)


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` calendar days (negative moves back)."""
    return day + dt.timedelta(days=days)


@functools.lru_cache(maxsize=512)
def _holidays_for(region: Region, year: int) -> dict[dt.date, str]:
    # The ``holidays`` library also lists the nominal date of a holiday that falls on a
    # weekend (30 November 2024, a Saturday); only the substitute weekday is a bank holiday.
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[region], years=year)
    return {day: str(name) for day, name in sorted(calendar.items()) if day.weekday() < 5}


def holidays_version() -> str:
    """The version of the bank-holiday data (the ``holidays`` package) deadlines are computed
    with; a report records it so an audit can reproduce a run."""
    return importlib.metadata.version("holidays")


def bank_holidays(region: Region, year: int) -> dict[dt.date, str]:
    """The bank holidays of ``region`` in ``year``, date to name, in date order.

    As GOV.UK publishes them: Monday to Friday only. A holiday that falls on a weekend is
    listed on its substitute day (``... (observed)``), not on the weekend date.
    """
    return dict(_holidays_for(region, year))


def bank_holiday_name(day: dt.date, region: Region) -> str | None:
    """The name of the bank holiday on ``day`` in ``region``, or None."""
    return _holidays_for(region, day.year).get(day)


def is_working_day(day: dt.date, region: Region) -> bool:
    """Monday to Friday and not a bank holiday of ``region``."""
    return day.weekday() < 5 and bank_holiday_name(day, region) is None


@attrs.frozen
class SkippedDay:
    """A day passed over when counting working days, with why (``weekend`` or the holiday)."""

    day: dt.date
    reason: str


@attrs.frozen
class WorkingDayTrace:
    """How a "N working days after" date was computed, for the result's evidence."""

    start: dt.date
    working_days: int
    region: Region
    due_on: dt.date
    skipped: tuple[SkippedDay, ...]


@functools.lru_cache(maxsize=65536)
def working_days_after_trace(start: dt.date, count: int, region: Region) -> WorkingDayTrace:
    """The ``count``-th working day strictly after ``start``, with the days skipped.

    Args:
        start: the day counting starts after (it is never counted itself).
        count: how many working days; 0 returns ``start`` itself.
        region: whose bank holidays are not working days.

    Returns:
        The due date and every weekend day or bank holiday passed over on the way, each
        with its reason (``weekend`` or the holiday's name).

    Raises:
        ValueError: ``count`` is negative.
    """
    if count < 0:
        raise ValueError(f"working-day count must not be negative, got {count}")
    day = start
    found = 0
    skipped: list[SkippedDay] = []
    while found < count:
        day = day + dt.timedelta(days=1)
        if day.weekday() >= 5:
            skipped.append(SkippedDay(day, "weekend"))
            continue
        holiday = bank_holiday_name(day, region)
        if holiday is not None:
            skipped.append(SkippedDay(day, holiday))
            continue
        found += 1
    return WorkingDayTrace(start, count, region, day, tuple(skipped))


def working_days_after(start: dt.date, count: int, region: Region) -> dt.date:
    """The ``count``-th working day strictly after ``start`` in ``region``.

    See :func:`working_days_after_trace`, which also says which days were skipped.

    Raises:
        ValueError: ``count`` is negative.
    """
    return working_days_after_trace(start, count, region).due_on


def month_label(day: dt.date) -> str:
    """``YYYY-MM`` of the month holding ``day``."""
    return f"{day.year:04d}-{day.month:02d}"


def quarter_label(day: dt.date) -> str:
    """``YYYYQn`` of the calendar quarter holding ``day``."""
    return f"{day.year:04d}Q{(day.month - 1) // 3 + 1}"


def months_in(first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """(first day, last day) of every calendar month overlapping ``first``..``last``.

    Nothing when ``first`` is after ``last`` (an empty range overlaps no month).
    """
    if first > last:
        return
    start = dt.date(first.year, first.month, 1)
    while start <= last:
        following = add_months(start, 1)
        yield start, following - dt.timedelta(days=1)
        start = following


def quarters_in(first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """(first day, last day) of every calendar quarter overlapping ``first``..``last``.

    Nothing when ``first`` is after ``last`` (an empty range overlaps no quarter).
    """
    if first > last:
        return
    start = dt.date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    while start <= last:
        following = add_months(start, 3)
        yield start, following - dt.timedelta(days=1)
        start = following


class WorkingDayTable:
    """Working days of one region over a span of dates as a table: for each date, how many
    working days there are from the start of the span up to and including it (its
    *ordinal*). "N working days after D" is then a lookup, not a walk, so a set-based
    evaluation can answer it for millions of subjects at once (a columnar engine joins on
    :meth:`rows`). :func:`working_days_after` stays the reference; the tests prove the two
    agree.

    Args:
        region: whose bank holidays count.
        first: the first date of the span.
        last: the last date of the span (inclusive).
    """

    def __init__(self, region: Region, first: dt.date, last: dt.date) -> None:
        if last < first:
            raise ValueError(f"empty span: {first} to {last}")
        self.region = region
        self.first = first
        self.last = last
        ordinals: list[int] = []
        working: list[dt.date] = []
        count = 0
        day = first
        while day <= last:
            if is_working_day(day, region):
                count += 1
                working.append(day)
            ordinals.append(count)
            day += dt.timedelta(days=1)
        self._ordinals = ordinals
        self._working = working

    def ordinal(self, day: dt.date) -> int:
        """How many working days from the span's first date up to and including ``day``."""
        return self._ordinals[self._index(day)]

    def after(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day strictly after ``start`` (as
        :func:`working_days_after`).

        Raises:
            ValueError: ``count`` is negative, or the answer lies outside the span.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if count == 0:
            return start
        position = self.ordinal(start) + count
        if position > len(self._working):
            raise ValueError(f"{count} working days after {start} is past {self.last}")
        return self._working[position - 1]

    def rows(self) -> Iterator[tuple[dt.date, str, int]]:
        """``(date, region, ordinal)`` for every date of the span: the table a columnar
        engine joins deadlines against."""
        for offset, ordinal in enumerate(self._ordinals):
            yield self.first + dt.timedelta(days=offset), self.region.value, ordinal

    def _index(self, day: dt.date) -> int:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside the span {self.first} to {self.last}")
        return (day - self.first).days
