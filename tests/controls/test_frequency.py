"""The period logic of the mandatory checks (catalogue.rst, "CHK", "Frequencies the engine must
model"; "Result statuses and dates" for month arithmetic).

``calendar(month|quarter)``: at least one check in each *complete* period that overlaps both
the lookback window ``[as_of - lookback_months, as_of]`` and the subject's time in scope; the
current, unfinished period is not judged. ``interval(N)``: due on the last check + N months,
else the scope start + N, else overdue. The oracles below compute months and quarters with
the standard library, independently of the code under test.
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcp_controls.controls.annex1 import CHECK_TYPES
from jcp_controls.controls.frequency import (
    Frequency,
    FrequencyKind,
    Period,
    Span,
    interval_due,
    judged_periods,
    missing_periods,
    parse_frequency,
    period_label,
    period_of,
)

d = dt.date.fromisoformat
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
PERIODS = st.sampled_from([Period.MONTH, Period.QUARTER])
FAST = settings(max_examples=150, deadline=None)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, stdcal.monthrange(year, month)[1])


def oracle_period(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The month or quarter holding ``day``, from the standard library only."""
    if period is Period.MONTH:
        return dt.date(day.year, day.month, 1), month_end(day.year, day.month)
    first_month = 3 * ((day.month - 1) // 3) + 1
    return dt.date(day.year, first_month, 1), month_end(day.year, first_month + 2)


def oracle_window_start(as_of: dt.date, months: int) -> dt.date:
    """``as_of - months`` calendar months, clipped to month end (catalogue.rst)."""
    index = as_of.year * 12 + as_of.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(as_of.day, stdcal.monthrange(year, month + 1)[1]))


def oracle_judged(
    as_of: dt.date, lookback: int, period: Period, span: Span
) -> list[tuple[dt.date, dt.date]]:
    """Walk every day of the window and keep the complete periods that meet the span."""
    start = oracle_window_start(as_of, lookback)
    found: list[tuple[dt.date, dt.date]] = []
    day = start
    while day <= as_of:
        first, last = oracle_period(day, period)
        if last < as_of and (first, last) not in found:
            meets = (span.first is None or span.first <= last) and (
                span.last is None or span.last >= first
            )
            if meets:
                found.append((first, last))
        day = last + dt.timedelta(days=1)
    return found


# -- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "calendar(month)",
        "calendar(quarter)",
        "calendar(flexi)",
        "interval(12)",
        "interval(regularly)",
        "start_then_interval(24)",
        "start_then_interval(12, induction)",
        "on_event(leaver)",
        "on_event(business_journey_driving, before=12)",
        "ongoing",
        "evaluated_as(JCC-004, JCC-005)",
        "sampled(quarter)",
        "interval(12) + on_event(business_journey_driving, before=12)",
    ],
)
def test_frequency_text_round_trips(text: str) -> None:
    """catalogue.rst writes frequencies this way; the catalogue docs show them back."""
    assert str(parse_frequency(text)) == text


def test_bare_before_means_a_twelve_month_validity() -> None:
    """CHK-003: a licence check stays valid for the Annex 1 "Annually" interval."""
    frequency = parse_frequency("on_event(business_journey_driving, before)")
    assert frequency.before == 12


@pytest.mark.parametrize(
    "text",
    ["weekly", "calendar(week)", "interval(0)", "interval(-3)", "interval(often)",
     "on_event()", "on_event(Leaver)", "start_then_interval(12, later)", "calendar",
     "interval(121)", "interval(100000000)", "start_then_interval(1000000)",
     "on_event(leaver, before=99999999)", "interval(\u00b2)"],
)  # fmt: skip
def test_invalid_frequency_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="frequency"):
        parse_frequency(text)


def test_every_shipped_frequency_parses_back_to_itself() -> None:
    for entry in CHECK_TYPES:
        assert parse_frequency(str(entry.frequency)) == entry.frequency


def test_policy_dependent_values_resolve() -> None:
    """Annex 1 "Regularly" is checks.regularly_months; flexi is checks.flexi_period."""
    assert parse_frequency("interval(regularly)").interval_months(3) == 3
    assert parse_frequency("interval(6)").interval_months(3) == 6
    assert parse_frequency("calendar(flexi)").calendar_period("quarter") is Period.QUARTER
    assert parse_frequency("calendar(month)").calendar_period("quarter") is Period.MONTH
    assert Frequency(FrequencyKind.ONGOING).each() == (Frequency(FrequencyKind.ONGOING),)


# -- periods -------------------------------------------------------------------------------------


@FAST
@given(day=DATES, period=PERIODS)
def test_period_of_matches_month_and_quarter_boundaries(day: dt.date, period: Period) -> None:
    first, last = period_of(day, period)
    assert (first, last) == oracle_period(day, period)
    assert first <= day <= last


@pytest.mark.parametrize(
    ("day", "period", "label"),
    [
        ("2026-07-31", Period.MONTH, "2026-07"),
        ("2026-07-01", Period.QUARTER, "2026Q3"),
        ("2026-12-31", Period.QUARTER, "2026Q4"),
        ("2024-02-29", Period.MONTH, "2024-02"),
    ],
)
def test_period_labels_as_controls_md_writes_them(day: str, period: Period, label: str) -> None:
    """ "naming every missing period (2026-07, 2026Q3)"."""
    assert period_label(period_of(d(day), period)[0], period) == label


@FAST
@given(as_of=DATES, period=PERIODS, lookback=st.integers(0, 30))
def test_judged_periods_are_the_complete_ones_meeting_the_window(
    as_of: dt.date, period: Period, lookback: int
) -> None:
    assert list(judged_periods(as_of, lookback, period)) == oracle_judged(
        as_of, lookback, period, Span()
    )


@FAST
@given(as_of=DATES, period=PERIODS, lookback=st.integers(0, 30))
def test_the_current_period_is_never_judged(as_of: dt.date, period: Period, lookback: int) -> None:
    for first, last in judged_periods(as_of, lookback, period):
        assert last < as_of
        assert not first <= as_of <= last


@FAST
@given(as_of=DATES, years=st.integers(1, 3))
def test_a_lookback_of_n_months_judges_n_months_and_n_over_3_quarters(
    as_of: dt.date, years: int
) -> None:
    """The month (quarter) holding as_of - lookback is partly inside the window and counts."""
    lookback = 12 * years
    assert len(judged_periods(as_of, lookback, Period.MONTH)) == lookback
    assert len(judged_periods(as_of, lookback, Period.QUARTER)) == lookback // 3


@pytest.mark.parametrize(
    ("as_of", "period", "first_judged", "last_judged"),
    [
        pytest.param("2026-11-22", Period.MONTH, "2025-11", "2026-10", id="mid-month"),
        pytest.param("2026-11-01", Period.MONTH, "2025-11", "2026-10", id="on-the-1st"),
        pytest.param("2026-11-30", Period.MONTH, "2025-11", "2026-10", id="month-end"),
        pytest.param("2026-12-01", Period.MONTH, "2025-12", "2026-11", id="1st-day"),
        pytest.param("2026-11-22", Period.QUARTER, "2025Q4", "2026Q3", id="mid-quarter"),
        pytest.param("2027-01-01", Period.QUARTER, "2026Q1", "2026Q4", id="new-year"),
        pytest.param("2025-02-28", Period.MONTH, "2024-02", "2025-01", id="leap-feb-in-window"),
    ],
)  # fmt: skip
def test_lookback_edges(as_of: str, period: Period, first_judged: str, last_judged: str) -> None:
    """catalogue.rst: complete periods overlapping [as_of - lookback_months, as_of]."""
    judged = judged_periods(d(as_of), 12, period)
    assert period_label(judged[0][0], period) == first_judged
    assert period_label(judged[-1][0], period) == last_judged


@FAST
@given(as_of=DATES, period=PERIODS, start=DATES, length=st.integers(0, 800))
def test_scope_overlap_decides_which_periods_are_judged(
    as_of: dt.date, period: Period, start: dt.date, length: int
) -> None:
    """A period only partly inside the subject's time in scope is judged (it overlaps)."""
    span = Span(start, start + dt.timedelta(days=length))
    assert list(judged_periods(as_of, 12, period, (span,))) == oracle_judged(
        as_of, 12, period, span
    )


@pytest.mark.parametrize(
    ("from_on", "judged_first"),
    [
        pytest.param("2026-07-20", "2026-07", id="enrolled-mid-July-July-is-judged"),
        pytest.param("2026-07-01", "2026-07", id="enrolled-on-the-1st"),
        pytest.param("2026-06-30", "2026-06", id="enrolled-on-the-last-day-of-June"),
    ],
)
def test_scope_starting_mid_period(from_on: str, judged_first: str) -> None:
    judged = judged_periods(d("2026-11-22"), 12, Period.MONTH, (Span(d(from_on), None),))
    assert period_label(judged[0][0], Period.MONTH) == judged_first


def test_scope_ending_in_the_window_stops_the_periods() -> None:
    judged = judged_periods(d("2026-11-22"), 12, Period.MONTH, (Span(None, d("2026-03-01")),))
    assert [period_label(first, Period.MONTH) for first, _ in judged][-1] == "2026-03"


def test_scope_wholly_after_as_of_judges_nothing() -> None:
    assert judged_periods(d("2026-11-22"), 12, Period.MONTH, (Span(d("2026-12-01")),)) == ()


# -- missing periods ----------------------------------------------------------------------------


@FAST
@given(
    as_of=DATES,
    period=PERIODS,
    offsets=st.lists(st.integers(0, 420), max_size=12),
    data=st.data(),
)
def test_missing_periods_hold_no_check_in_any_order(
    as_of: dt.date, period: Period, offsets: list[int], data: st.DataObject
) -> None:
    periods = judged_periods(as_of, 12, period)
    days = [as_of - dt.timedelta(days=offset) for offset in offsets]
    shuffled = data.draw(st.permutations(days))
    missing = missing_periods(periods, days)
    assert missing == missing_periods(periods, shuffled)
    for first, last in periods:
        has_check = any(first <= day <= last for day in days)
        assert ((first, last) in missing) is not has_check


@FAST
@given(day=DATES, period=PERIODS)
def test_a_check_on_the_first_or_last_day_fills_its_period_only(
    day: dt.date, period: Period
) -> None:
    first, last = period_of(day, period)
    following = period_of(last + dt.timedelta(days=1), period)
    preceding = period_of(first - dt.timedelta(days=1), period)
    periods = (preceding, (first, last), following)
    assert missing_periods(periods, [first]) == (preceding, following)
    assert missing_periods(periods, [last]) == (preceding, following)


def test_29_february_counts_for_february_and_q1() -> None:
    """Leap years: February 2024 ends on the 29th."""
    assert period_of(d("2024-02-10"), Period.MONTH) == (d("2024-02-01"), d("2024-02-29"))
    february = judged_periods(d("2024-03-05"), 1, Period.MONTH)
    assert february == ((d("2024-02-01"), d("2024-02-29")),)
    assert missing_periods(february, [d("2024-02-29")]) == ()
    q1 = period_of(d("2024-02-29"), Period.QUARTER)
    assert missing_periods((q1,), [d("2024-02-29")]) == ()


# -- interval ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checks", "start", "months", "due"),
    [
        pytest.param(["2025-11-22"], None, 12, "2026-11-22", id="last-check-plus-12"),
        pytest.param(["2026-01-10", "2025-03-01"], None, 6, "2026-07-10", id="latest-counts"),
        pytest.param([], "2026-06-01", 12, "2027-06-01", id="no-check-scope-start-plus-N"),
        pytest.param(["2024-02-29"], None, 12, "2025-02-28", id="leap-day-clipped"),
        pytest.param(["2024-02-29"], None, 24, "2026-02-28", id="leap-day-two-yearly"),
        pytest.param(["2025-08-31"], None, 3, "2025-11-30", id="month-end-clipped"),
    ],
)
def test_interval_due(checks: list[str], start: str | None, months: int, due: str) -> None:
    """catalogue.rst interval(N): due on last check + N; no check: scope start + N."""
    begin = None if start is None else d(start)
    assert interval_due([d(day) for day in checks], begin, months) == d(due)


def test_interval_with_neither_check_nor_start_has_no_date() -> None:
    """ "... else fail": nothing to run from."""
    assert interval_due([], None, 12) is None


@FAST
@given(days=st.lists(DATES, min_size=1, max_size=8), months=st.integers(1, 36), data=st.data())
def test_interval_due_is_independent_of_check_order(
    days: list[dt.date], months: int, data: st.DataObject
) -> None:
    due = interval_due(days, None, months)
    assert due == interval_due(data.draw(st.permutations(days)), None, months)
    assert due is not None
    assert due > max(days)
