"""Tests for :mod:`jcp_controls.calendar`.

Spec: catalogue.rst "Result statuses and dates" -- month arithmetic is calendar arithmetic
clipped to month end (2024-02-29 + 12 months = 2025-02-28); "N working days after X" is the
Nth Monday-Friday that is not a bank holiday of the office's region, strictly after X.

The bank-holiday tables below are the published GOV.UK UK bank holidays, written down from
that list (not from the code): England and Wales, Scotland, Northern Ireland.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls import calendar as calendar_module
from jcp_controls.calendar import (
    add_days,
    add_months,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    month_label,
    months_in,
    quarter_label,
    quarters_in,
    working_days_after,
    working_days_after_trace,
)
from jcp_controls.models import Region

D = dt.date
ENG = Region.ENGLAND
WLS = Region.WALES
SCT = Region.SCOTLAND
NIR = Region.NORTHERN_IRELAND

PROPS = settings(max_examples=60, deadline=None)

# Dates within the range the holiday rules are known to be modelled for.
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
regions = st.sampled_from(list(Region))
counts = st.integers(min_value=0, max_value=30)


def _month_end(year: int, month: int) -> dt.date:
    nxt = D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


_SUBDIV = {ENG: "ENG", WLS: "WLS", SCT: "SCT", NIR: "NIR"}


@functools.cache
def _oracle_holidays(region: Region, year: int) -> frozenset[dt.date]:
    # Independent oracle straight from the `holidays` library the spec names (GB subdivisions).
    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIV[region], years=year))


def _oracle_working(day: dt.date, region: Region) -> bool:
    return day.weekday() < 5 and day not in _oracle_holidays(region, day.year)


def _days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day in (start, end]."""
    return [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]


# --------------------------------------------------------------------------------------------
# add_months / add_days: "calendar arithmetic clipped to month end"
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="spec-example-leap-day-plus-year"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="leap-day-plus-4-years-leap"),
        pytest.param(D(2024, 2, 29), -12, D(2023, 2, 28), id="leap-day-minus-year"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="jan31-to-feb-leap"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="jan31-to-feb-common"),
        pytest.param(D(2000, 1, 31), 1, D(2000, 2, 29), id="2000-is-leap"),
        pytest.param(D(2100, 1, 31), 1, D(2100, 2, 28), id="2100-not-leap"),
        pytest.param(D(2024, 3, 31), 1, D(2024, 4, 30), id="31-to-30-day-month"),
        pytest.param(D(2024, 8, 31), 1, D(2024, 9, 30), id="aug31-to-sep30"),
        pytest.param(D(2024, 3, 31), -1, D(2024, 2, 29), id="backwards-clipped"),
        pytest.param(D(2024, 5, 31), -3, D(2024, 2, 29), id="backwards-quarter-clipped"),
        pytest.param(D(2024, 10, 31), 3, D(2025, 1, 31), id="over-year-end-no-clip"),
        pytest.param(D(2024, 11, 30), 3, D(2025, 2, 28), id="over-year-end-clipped"),
        pytest.param(D(2024, 12, 15), 1, D(2025, 1, 15), id="dec-to-jan"),
        pytest.param(D(2025, 1, 15), -1, D(2024, 12, 15), id="jan-to-dec-backwards"),
        pytest.param(D(2024, 4, 30), 1, D(2024, 5, 30), id="month-end-not-extended"),
        pytest.param(D(2024, 6, 10), 0, D(2024, 6, 10), id="zero"),
        pytest.param(D(2023, 7, 31), 24, D(2025, 7, 31), id="two-years"),
    ],
)
def test_add_months_examples(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_add_months_returns_plain_date() -> None:
    result = add_months(D(2024, 1, 31), 1)
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (D(2024, 2, 28), 1, D(2024, 2, 29)),
        (D(2023, 2, 28), 1, D(2023, 3, 1)),
        (D(2024, 12, 31), 1, D(2025, 1, 1)),
        (D(2024, 3, 1), -1, D(2024, 2, 29)),
        (D(2024, 1, 1), 366, D(2025, 1, 1)),
        (D(2024, 1, 1), 0, D(2024, 1, 1)),
    ],
)
def test_add_days_examples(day: dt.date, days: int, expected: dt.date) -> None:
    assert add_days(day, days) == expected


@PROPS
@given(day=st.dates(), months=st.integers(min_value=-600, max_value=600))
def test_add_months_properties(day: dt.date, months: int) -> None:
    if not 1 <= (_month_index(day) + months) // 12 <= 9999:
        return
    result = add_months(day, months)
    # Lands in the target calendar month.
    assert _month_index(result) == _month_index(day) + months
    # Never a later day of month than the original.
    assert result.day <= day.day
    end = _month_end(result.year, result.month)
    if day.day <= end.day:
        # The target month has the day: same day.
        assert result.day == day.day
    else:
        # Clipped: the last day of the target month.
        assert result == end


@PROPS
@given(
    day=dates,
    first=st.integers(min_value=-60, max_value=60),
    second=st.integers(min_value=-60, max_value=60),
)
def test_add_months_chained_vs_direct(day: dt.date, first: int, second: int) -> None:
    direct = add_months(day, first + second)
    chained = add_months(add_months(day, first), second)
    # Same target month either way...
    assert _month_index(direct) == _month_index(chained)
    # ...but clipping in the intermediate month can only lose days, never gain them.
    assert chained <= direct


@PROPS
@given(day=dates, months=st.integers(min_value=0, max_value=120))
def test_add_months_is_monotone_and_round_trips_within_month(day: dt.date, months: int) -> None:
    assert add_months(day, months) >= day
    back = add_months(add_months(day, months), -months)
    assert _month_index(back) == _month_index(day)
    assert back <= day


@PROPS
@given(day=dates, days=st.integers(min_value=-1000, max_value=1000))
def test_add_days_is_calendar_days(day: dt.date, days: int) -> None:
    assert (add_days(day, days) - day).days == days


# --------------------------------------------------------------------------------------------
# Bank holidays per region (GOV.UK published lists)
# --------------------------------------------------------------------------------------------

GOVUK = {
    (ENG, 2020): [
        D(2020, 1, 1), D(2020, 4, 10), D(2020, 4, 13), D(2020, 5, 8),  # VE Day moved to 8 May
        D(2020, 5, 25), D(2020, 8, 31), D(2020, 12, 25), D(2020, 12, 28),  # Boxing Day subst.
    ],
    (ENG, 2021): [
        D(2021, 1, 1), D(2021, 4, 2), D(2021, 4, 5), D(2021, 5, 3), D(2021, 5, 31),
        D(2021, 8, 30), D(2021, 12, 27), D(2021, 12, 28),  # both Christmas days substituted
    ],
    (ENG, 2022): [
        D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
        D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27),
    ],
    (ENG, 2023): [
        D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8),
        D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26),
    ],
    (ENG, 2024): [
        D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27),
        D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    ],
    (ENG, 2025): [
        D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
        D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    ],
    (WLS, 2025): [
        D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
        D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    ],
    (SCT, 2021): [
        D(2021, 1, 1), D(2021, 1, 4), D(2021, 4, 2), D(2021, 5, 3), D(2021, 5, 31),
        D(2021, 8, 2), D(2021, 11, 30), D(2021, 12, 27), D(2021, 12, 28),
    ],
    (SCT, 2022): [
        D(2022, 1, 3), D(2022, 1, 4), D(2022, 4, 15), D(2022, 5, 2), D(2022, 6, 2),
        D(2022, 6, 3), D(2022, 8, 1), D(2022, 9, 19), D(2022, 11, 30), D(2022, 12, 26),
        D(2022, 12, 27),
    ],
    (SCT, 2023): [
        D(2023, 1, 2), D(2023, 1, 3), D(2023, 4, 7), D(2023, 5, 1), D(2023, 5, 8),
        D(2023, 5, 29), D(2023, 8, 7), D(2023, 11, 30), D(2023, 12, 25), D(2023, 12, 26),
    ],
    (SCT, 2024): [
        D(2024, 1, 1), D(2024, 1, 2), D(2024, 3, 29), D(2024, 5, 6), D(2024, 5, 27),
        D(2024, 8, 5), D(2024, 12, 2), D(2024, 12, 25), D(2024, 12, 26),
    ],
    (SCT, 2025): [
        D(2025, 1, 1), D(2025, 1, 2), D(2025, 4, 18), D(2025, 5, 5), D(2025, 5, 26),
        D(2025, 8, 4), D(2025, 12, 1), D(2025, 12, 25), D(2025, 12, 26),
    ],
    (NIR, 2024): [
        D(2024, 1, 1), D(2024, 3, 18), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6),
        D(2024, 5, 27), D(2024, 7, 12), D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    ],
    (NIR, 2025): [
        D(2025, 1, 1), D(2025, 3, 17), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5),
        D(2025, 5, 26), D(2025, 7, 14), D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("region", "year"), list(GOVUK), ids=[f"{r.value}-{y}" for r, y in GOVUK])
def test_bank_holidays_match_govuk_list(region: Region, year: int) -> None:
    result = bank_holidays(region, year)
    assert list(result) == GOVUK[(region, year)]
    assert all(isinstance(name, str) and name for name in result.values())


@pytest.mark.parametrize(
    ("day", "region", "holiday"),
    [
        pytest.param(D(2025, 1, 2), SCT, True, id="2-january-scotland"),
        pytest.param(D(2025, 1, 2), ENG, False, id="2-january-not-england"),
        pytest.param(D(2025, 1, 2), WLS, False, id="2-january-not-wales"),
        pytest.param(D(2025, 1, 2), NIR, False, id="2-january-not-northern-ireland"),
        pytest.param(D(2025, 4, 21), ENG, True, id="easter-monday-england"),
        pytest.param(D(2025, 4, 21), SCT, False, id="easter-monday-not-scotland"),
        pytest.param(D(2025, 4, 21), NIR, True, id="easter-monday-northern-ireland"),
        pytest.param(D(2025, 4, 18), SCT, True, id="good-friday-scotland"),
        pytest.param(D(2025, 8, 4), SCT, True, id="summer-first-monday-august-scotland"),
        pytest.param(D(2025, 8, 4), ENG, False, id="first-monday-august-not-england"),
        pytest.param(D(2025, 8, 25), ENG, True, id="summer-last-monday-august-england"),
        pytest.param(D(2025, 8, 25), SCT, False, id="last-monday-august-not-scotland"),
        pytest.param(D(2023, 11, 30), SCT, True, id="st-andrews-day-thursday"),
        pytest.param(D(2024, 11, 29), SCT, False, id="st-andrews-not-day-before"),
        pytest.param(D(2024, 12, 2), SCT, True, id="st-andrews-substitute-2024"),
        pytest.param(D(2025, 12, 1), SCT, True, id="st-andrews-substitute-2025"),
        pytest.param(D(2025, 12, 1), ENG, False, id="st-andrews-not-england"),
        pytest.param(D(2025, 3, 17), NIR, True, id="st-patricks-northern-ireland"),
        pytest.param(D(2025, 3, 17), ENG, False, id="st-patricks-not-england"),
        pytest.param(D(2024, 3, 18), NIR, True, id="st-patricks-substitute-2024"),
        pytest.param(D(2025, 7, 14), NIR, True, id="boyne-substitute-2025"),
        pytest.param(D(2025, 7, 14), SCT, False, id="boyne-not-scotland"),
        pytest.param(D(2020, 12, 28), ENG, True, id="boxing-day-substitute-2020"),
        pytest.param(D(2021, 12, 27), SCT, True, id="christmas-substitute-2021"),
        pytest.param(D(2021, 12, 28), WLS, True, id="boxing-day-substitute-2021"),
        pytest.param(D(2022, 12, 27), NIR, True, id="christmas-substitute-2022"),
        pytest.param(D(2021, 1, 4), SCT, True, id="2-january-substitute-2021"),
        pytest.param(D(2021, 1, 4), ENG, False, id="no-english-substitute-2021"),
        pytest.param(D(2023, 1, 3), SCT, True, id="2-january-substitute-2023"),
        pytest.param(D(2023, 1, 3), ENG, False, id="no-english-jan3-2023"),
        pytest.param(D(2022, 9, 19), SCT, True, id="state-funeral-all-regions"),
        pytest.param(D(2023, 5, 8), NIR, True, id="coronation-all-regions"),
        pytest.param(D(2024, 11, 30), SCT, False, id="weekend-date-itself-is-not-the-holiday"),
        pytest.param(D(2022, 1, 1), ENG, False, id="saturday-new-year-not-a-bank-holiday"),
    ],
)
def test_bank_holiday_by_region(day: dt.date, region: Region, holiday: bool) -> None:
    assert (bank_holiday_name(day, region) is not None) is holiday
    if day.weekday() < 5:
        assert is_working_day(day, region) is not holiday


@pytest.mark.parametrize("region", list(Region))
def test_weekends_are_never_working_days(region: Region) -> None:
    assert not is_working_day(D(2025, 6, 7), region)  # Saturday
    assert not is_working_day(D(2025, 6, 8), region)  # Sunday
    assert is_working_day(D(2025, 6, 9), region)  # ordinary Monday


@PROPS
@given(day=dates, region=regions)
def test_is_working_day_matches_definition(day: dt.date, region: Region) -> None:
    assert is_working_day(day, region) is _oracle_working(day, region)


# --------------------------------------------------------------------------------------------
# working_days_after: Nth Monday-Friday, not a bank holiday of the region, strictly after X
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "region", "expected"),
    [
        pytest.param(D(2025, 6, 9), 1, ENG, D(2025, 6, 10), id="mon-plus-1"),
        pytest.param(D(2025, 6, 13), 1, ENG, D(2025, 6, 16), id="fri-plus-1-skips-weekend"),
        pytest.param(D(2025, 6, 14), 1, ENG, D(2025, 6, 16), id="sat-plus-1"),
        pytest.param(D(2025, 6, 15), 1, ENG, D(2025, 6, 16), id="sun-plus-1"),
        pytest.param(D(2025, 6, 9), 5, ENG, D(2025, 6, 16), id="mon-plus-5"),
        pytest.param(D(2025, 6, 9), 10, ENG, D(2025, 6, 23), id="mon-plus-10"),
        # Christmas / New Year 2024-25: Scotland also has 2 January.
        pytest.param(D(2024, 12, 24), 1, ENG, D(2024, 12, 27), id="christmas-eve-england"),
        pytest.param(D(2024, 12, 24), 1, SCT, D(2024, 12, 27), id="christmas-eve-scotland"),
        pytest.param(D(2024, 12, 31), 1, ENG, D(2025, 1, 2), id="hogmanay-england"),
        pytest.param(D(2024, 12, 31), 1, WLS, D(2025, 1, 2), id="hogmanay-wales"),
        pytest.param(D(2024, 12, 31), 1, SCT, D(2025, 1, 3), id="hogmanay-scotland"),
        pytest.param(D(2024, 12, 31), 2, ENG, D(2025, 1, 3), id="hogmanay-2-england"),
        pytest.param(D(2024, 12, 31), 2, SCT, D(2025, 1, 6), id="hogmanay-2-scotland"),
        pytest.param(D(2024, 12, 20), 6, ENG, D(2025, 1, 2), id="xmas-week-6-england"),
        pytest.param(D(2024, 12, 20), 6, SCT, D(2025, 1, 3), id="xmas-week-6-scotland"),
        # 2022-23: New Year's Day on Sunday -> 2 Jan (E), 2 and 3 Jan (S).
        pytest.param(D(2022, 12, 30), 1, ENG, D(2023, 1, 3), id="new-year-sub-2023-england"),
        pytest.param(D(2022, 12, 30), 1, SCT, D(2023, 1, 4), id="new-year-sub-2023-scotland"),
        # Boxing Day / Christmas substitutes.
        pytest.param(D(2020, 12, 24), 1, ENG, D(2020, 12, 29), id="boxing-sub-2020"),
        pytest.param(D(2021, 12, 24), 1, ENG, D(2021, 12, 29), id="both-subs-2021"),
        pytest.param(D(2022, 12, 23), 1, NIR, D(2022, 12, 28), id="christmas-sub-2022"),
        # Easter: Monday is not a holiday in Scotland.
        pytest.param(D(2025, 4, 17), 1, ENG, D(2025, 4, 22), id="easter-england"),
        pytest.param(D(2025, 4, 17), 1, SCT, D(2025, 4, 21), id="easter-scotland"),
        pytest.param(D(2025, 4, 17), 1, NIR, D(2025, 4, 22), id="easter-northern-ireland"),
        # Summer bank holiday: first Monday of August (S) vs last Monday (E).
        pytest.param(D(2025, 8, 1), 1, SCT, D(2025, 8, 5), id="summer-start-aug-scotland"),
        pytest.param(D(2025, 8, 1), 1, ENG, D(2025, 8, 4), id="summer-start-aug-england"),
        pytest.param(D(2025, 8, 22), 1, ENG, D(2025, 8, 26), id="summer-end-aug-england"),
        pytest.param(D(2025, 8, 22), 1, SCT, D(2025, 8, 25), id="summer-end-aug-scotland"),
        # St Andrew's Day substitute (30 Nov 2025 a Sunday -> Mon 1 Dec).
        pytest.param(D(2025, 11, 28), 1, SCT, D(2025, 12, 2), id="st-andrews-sub-scotland"),
        pytest.param(D(2025, 11, 28), 1, ENG, D(2025, 12, 1), id="st-andrews-sub-england"),
        # Northern Ireland: St Patrick's Day, Battle of the Boyne substitute.
        pytest.param(D(2025, 3, 14), 1, NIR, D(2025, 3, 18), id="st-patricks-ni"),
        pytest.param(D(2025, 3, 14), 1, ENG, D(2025, 3, 17), id="st-patricks-england"),
        pytest.param(D(2025, 7, 11), 1, NIR, D(2025, 7, 15), id="boyne-sub-ni"),
        # One-off holidays in every region.
        pytest.param(D(2022, 9, 16), 1, SCT, D(2022, 9, 20), id="state-funeral-2022"),
        pytest.param(D(2023, 5, 5), 1, WLS, D(2023, 5, 9), id="coronation-2023"),
        pytest.param(D(2022, 6, 1), 1, ENG, D(2022, 6, 6), id="jubilee-2022"),
        # Starting on a holiday: counting starts the day after.
        pytest.param(D(2025, 12, 25), 1, ENG, D(2025, 12, 29), id="start-on-christmas"),
    ],
)
def test_working_days_after_examples(
    start: dt.date, count: int, region: Region, expected: dt.date
) -> None:
    assert working_days_after(start, count, region) == expected
    assert working_days_after_trace(start, count, region).due_on == expected


def test_trace_names_what_was_skipped_christmas_2024_england() -> None:
    trace = working_days_after_trace(D(2024, 12, 24), 1, ENG)
    assert trace.start == D(2024, 12, 24)
    assert trace.working_days == 1
    assert trace.region is ENG
    assert trace.due_on == D(2024, 12, 27)
    assert [s.day for s in trace.skipped] == [D(2024, 12, 25), D(2024, 12, 26)]
    assert "Christmas" in trace.skipped[0].reason
    assert "Boxing" in trace.skipped[1].reason


def test_trace_weekend_reason() -> None:
    trace = working_days_after_trace(D(2025, 6, 13), 1, ENG)
    assert [(s.day, s.reason) for s in trace.skipped] == [
        (D(2025, 6, 14), "weekend"),
        (D(2025, 6, 15), "weekend"),
    ]


@pytest.mark.parametrize("region", list(Region))
@pytest.mark.parametrize("start", [D(2025, 6, 9), D(2025, 6, 14), D(2024, 12, 25)])
def test_count_zero_returns_start(start: dt.date, region: Region) -> None:
    trace = working_days_after_trace(start, 0, region)
    assert trace.due_on == start
    assert trace.skipped == ()
    assert working_days_after(start, 0, region) == start


@pytest.mark.parametrize("count", [-1, -10])
def test_negative_count_raises(count: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        working_days_after(D(2025, 6, 9), count, ENG)
    with pytest.raises(ValueError, match="negative"):
        working_days_after_trace(D(2025, 6, 9), count, ENG)


@PROPS
@given(start=dates, count=st.integers(min_value=1, max_value=30), region=regions)
def test_working_days_after_definition(start: dt.date, count: int, region: Region) -> None:
    result = working_days_after(start, count, region)
    # Strictly after the start, and itself a working day.
    assert result > start
    assert _oracle_working(result, region)
    # Exactly `count` working days in (start, result].
    between = _days_between(start, result)
    assert sum(_oracle_working(day, region) for day in between) == count


@PROPS
@given(start=dates, count=counts, region=regions)
def test_trace_lists_exactly_the_skipped_days(start: dt.date, count: int, region: Region) -> None:
    trace = working_days_after_trace(start, count, region)
    assert (trace.start, trace.working_days, trace.region) == (start, count, region)
    expected = [d for d in _days_between(start, trace.due_on) if not _oracle_working(d, region)]
    assert [s.day for s in trace.skipped] == expected
    for skipped in trace.skipped:
        if skipped.day.weekday() >= 5:
            assert skipped.reason == "weekend"
        else:
            assert skipped.reason == bank_holiday_name(skipped.day, region)
            assert skipped.reason
    # Working days plus skipped days account for every day in between.
    assert len(trace.skipped) + count == (trace.due_on - start).days


@PROPS
@given(
    start=dates,
    counts_pair=st.tuples(counts, counts).map(sorted),
    region=regions,
)
def test_working_days_after_monotone_in_count(
    start: dt.date, counts_pair: list[int], region: Region
) -> None:
    low, high = counts_pair
    if low == high:
        assert working_days_after(start, low, region) == working_days_after(start, high, region)
    else:
        assert working_days_after(start, low, region) < working_days_after(start, high, region)


@PROPS
@given(
    start=dates,
    gap=st.integers(min_value=0, max_value=60),
    count=counts,
    region=regions,
)
def test_working_days_after_monotone_in_start(
    start: dt.date, gap: int, count: int, region: Region
) -> None:
    later = start + dt.timedelta(days=gap)
    assert working_days_after(start, count, region) <= working_days_after(later, count, region)


@PROPS
@given(
    year=st.integers(min_value=2000, max_value=2040),
    offset=st.integers(min_value=-14, max_value=6),
    count=st.integers(min_value=1, max_value=10),
)
def test_scotland_never_earlier_than_england_over_new_year(
    year: int, offset: int, count: int
) -> None:
    # Scotland has every English Christmas/New Year holiday plus 2 January (and substitutes).
    start = D(year, 1, 1) + dt.timedelta(days=offset)
    eng = working_days_after_trace(start, count, ENG)
    sct = working_days_after_trace(start, count, SCT)
    assert sct.due_on >= eng.due_on
    assert len(sct.skipped) >= len(eng.skipped)


@PROPS
@given(year=st.integers(min_value=2000, max_value=2040))
def test_scotland_always_has_a_holiday_for_2_january(year: int) -> None:
    # 2 January or, when it falls at a weekend/clashes with New Year, a substitute by 4 January.
    window = [D(year, 1, d) for d in range(2, 5)]
    sct = [d for d in window if bank_holiday_name(d, SCT) is not None]
    eng = [d for d in window if bank_holiday_name(d, ENG) is not None]
    assert len(sct) > len(eng)


@PROPS
@given(year=st.integers(min_value=2000, max_value=2040), region=regions)
def test_bank_holidays_are_weekdays_in_the_year_and_in_order(year: int, region: Region) -> None:
    days = list(bank_holidays(region, year))
    assert days == sorted(days)
    assert all(day.year == year and day.weekday() < 5 for day in days)
    assert all(bank_holiday_name(day, region) is not None for day in days)


@PROPS
@given(year=st.integers(min_value=2000, max_value=2040))
def test_summer_bank_holiday_scotland_vs_england(year: int) -> None:
    # Scotland: first Monday of August. England, Wales, NI: last Monday of August.
    august = [D(year, 8, d) for d in range(1, 32)]
    mondays = [d for d in august if d.weekday() == 0]
    sct = [d for d in august if bank_holiday_name(d, SCT) is not None]
    assert sct == [mondays[0]]
    for region in (ENG, WLS, NIR):
        assert [d for d in august if bank_holiday_name(d, region) is not None] == [mondays[-1]]


# --------------------------------------------------------------------------------------------
# Periods: month_label / quarter_label / months_in / quarters_in
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "quarter"),
    [
        (D(2026, 7, 1), "2026-07", "2026Q3"),
        (D(2024, 1, 1), "2024-01", "2024Q1"),
        (D(2024, 3, 31), "2024-03", "2024Q1"),
        (D(2024, 4, 1), "2024-04", "2024Q2"),
        (D(2024, 6, 30), "2024-06", "2024Q2"),
        (D(2024, 9, 30), "2024-09", "2024Q3"),
        (D(2024, 10, 1), "2024-10", "2024Q4"),
        (D(2024, 12, 31), "2024-12", "2024Q4"),
        (D(999, 2, 3), "0999-02", "0999Q1"),
    ],
)
def test_labels(day: dt.date, month: str, quarter: str) -> None:
    assert month_label(day) == month
    assert quarter_label(day) == quarter


def test_months_in_example() -> None:
    assert list(months_in(D(2024, 1, 15), D(2024, 3, 1))) == [
        (D(2024, 1, 1), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 31)),
    ]


def test_quarters_in_example() -> None:
    assert list(quarters_in(D(2024, 11, 15), D(2025, 1, 1))) == [
        (D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
    ]


def test_single_day_range() -> None:
    assert list(months_in(D(2023, 2, 10), D(2023, 2, 10))) == [(D(2023, 2, 1), D(2023, 2, 28))]
    assert list(quarters_in(D(2023, 5, 10), D(2023, 5, 10))) == [(D(2023, 4, 1), D(2023, 6, 30))]


def test_empty_range_overlaps_no_period() -> None:
    assert list(months_in(D(2024, 3, 20), D(2024, 3, 10))) == []
    assert list(quarters_in(D(2024, 3, 20), D(2024, 1, 10))) == []


def _check_periods(
    periods: list[tuple[dt.date, dt.date]],
    first: dt.date,
    last: dt.date,
    label: Callable[[dt.date], str],
) -> None:
    assert periods, "a non-empty range overlaps at least one period"
    # The first period holds `first`, the last holds `last`: the range is covered.
    assert periods[0][0] <= first <= periods[0][1]
    assert periods[-1][0] <= last <= periods[-1][1]
    for start, end in periods:
        assert start <= end
        assert start.day == 1
        assert (end + dt.timedelta(days=1)).day == 1
        assert label(start) == label(end)
        # Each period overlaps the range.
        assert start <= last
        assert end >= first
    # Contiguous: no gaps and no overlaps.
    for (_, end), (next_start, _) in itertools.pairwise(periods):
        assert next_start == end + dt.timedelta(days=1)
    labels = [label(start) for start, _ in periods]
    assert len(set(labels)) == len(labels)


@PROPS
@given(first=dates, length=st.integers(min_value=0, max_value=1500))
def test_months_in_covers_range_contiguously(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    periods = list(months_in(first, last))
    _check_periods(periods, first, last, month_label)
    assert len(periods) == _month_index(last) - _month_index(first) + 1


@PROPS
@given(first=dates, length=st.integers(min_value=0, max_value=1500))
def test_quarters_in_covers_range_contiguously(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    periods = list(quarters_in(first, last))
    _check_periods(periods, first, last, quarter_label)
    for start, end in periods:
        assert start.month in (1, 4, 7, 10)
        assert 90 <= (end - start).days + 1 <= 92
    assert len(periods) == _month_index(last) // 3 - _month_index(first) // 3 + 1


# -- the working-day table (the set-based form of "N working days after") -------------------

_TABLES = {
    region: calendar_module.WorkingDayTable(region, dt.date(2024, 1, 1), dt.date(2028, 12, 31))
    for region in jc.Region
}


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 10, 31)),
    count=st.integers(min_value=0, max_value=30),
    region=st.sampled_from(list(jc.Region)),
)
def test_the_table_agrees_with_walking_the_calendar(
    start: dt.date, count: int, region: jc.Region
) -> None:
    table = _TABLES[region]
    assert table.after(start, count) == calendar_module.working_days_after(start, count, region)


def test_ordinals_count_working_days_across_new_year_and_easter() -> None:
    table = calendar_module.WorkingDayTable(
        jc.Region.ENGLAND, dt.date(2026, 3, 30), dt.date(2026, 4, 10)
    )
    # 2026: Good Friday 3 April, Easter Monday 6 April are bank holidays in England.
    rows = list(table.rows())
    assert rows[0] == (dt.date(2026, 3, 30), "england", 1)
    assert table.ordinal(dt.date(2026, 4, 2)) == 4
    assert table.ordinal(dt.date(2026, 4, 6)) == 4  # Good Friday, weekend, Easter Monday
    assert table.after(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)
    with pytest.raises(ValueError, match="outside the span"):
        table.ordinal(dt.date(2026, 4, 11))
    with pytest.raises(ValueError, match="past"):
        table.after(dt.date(2026, 4, 9), 5)
