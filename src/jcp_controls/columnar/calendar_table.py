"""The working-day calendar as a table, and the macros set-based queries use for dates.

``working_days(region, day, ordinal, working, reason)`` has one row per region and date of a
span around the evaluation date; ``ordinal`` counts the working days from the span's start up
to and including ``day`` (:class:`jcp_controls.calendar.WorkingDayTable`), ``reason`` is why
a day is not a working day (``weekend`` or the bank holiday's name, as the Python trace
says) and NULL for working days. "N working days after D" is then a join, not a walk.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from jcp_controls import calendar
from jcp_controls.models import RecordKind, Region
from jcp_controls.policy import Policy

if TYPE_CHECKING:
    import duckdb
    import pyarrow

__all__ = ["SPAN_YEARS", "install_calendar"]

#: Years of working days kept either side of the evaluation date (and of the evidence).
SPAN_YEARS = 15


@functools.lru_cache(maxsize=8)
def _calendar_table(first: dt.date, last: dt.date) -> pyarrow.Table:
    import pyarrow

    regions: list[str] = []
    days: list[dt.date] = []
    ordinals: list[int] = []
    working: list[bool] = []
    reasons: list[str | None] = []
    for region in Region:
        table = calendar.WorkingDayTable(region, first, last)
        for day, slug, ordinal in table.rows():
            regions.append(slug)
            days.append(day)
            ordinals.append(ordinal)
            if day.weekday() >= 5:
                reason: str | None = "weekend"
            else:
                reason = calendar.bank_holiday_name(day, region)
            working.append(reason is None)
            reasons.append(reason)
    return pyarrow.table(
        {
            "region": pyarrow.array(regions, pyarrow.string()),
            "day": pyarrow.array(days, pyarrow.date32()),
            "ordinal": pyarrow.array(ordinals, pyarrow.int64()),
            "working": pyarrow.array(working, pyarrow.bool_()),
            "reason": pyarrow.array(reasons, pyarrow.string()),
        }
    )


def span(as_of: dt.date, earliest: dt.date | None) -> tuple[dt.date, dt.date]:
    """The span of the calendar table for an evaluation on ``as_of`` whose evidence starts
    on ``earliest``: whole years, from ``SPAN_YEARS`` before the earlier of the two to
    ``SPAN_YEARS`` after ``as_of``."""
    start = min(as_of, earliest or as_of)
    first = dt.date(max(1900, start.year - SPAN_YEARS), 1, 1)
    last = dt.date(min(2199, as_of.year + SPAN_YEARS), 12, 31)
    return first, last


def install_calendar(
    connection: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    policy: Policy,
    present: frozenset[RecordKind],
    earliest: dt.date | None,
    installed: object = None,
) -> object:
    """Create (or replace) ``working_days`` and the date macros for one evaluation, unless
    ``installed`` (what the previous call returned) shows they are already in place.

    Returns:
        What was installed, to pass as ``installed`` next time.
    """
    first, last = span(as_of, earliest)
    default = policy.calendar.default_region.value.replace("'", "''")
    key = (first, last, default, RecordKind.OFFICES in present)
    if installed == key:
        return key
    connection.register("_working_days", _calendar_table(first, last))
    try:
        connection.execute("CREATE OR REPLACE TABLE working_days AS SELECT * FROM _working_days")
    finally:
        connection.unregister("_working_days")
    if RecordKind.OFFICES in present:
        connection.execute(
            "CREATE OR REPLACE MACRO jc_region(office) AS coalesce("
            "(SELECT last(o.region ORDER BY o.rowid) FROM offices o WHERE o.office_id = office), "
            f"'{default}')"
        )
    else:
        connection.execute(f"CREATE OR REPLACE MACRO jc_region(office) AS '{default}'")
    connection.execute(
        "CREATE OR REPLACE MACRO jc_working_days_after(start, n, rgn) AS ("
        "CASE WHEN n = 0 THEN start ELSE ("
        "SELECT w2.day FROM working_days w2 WHERE w2.region = rgn AND w2.working "
        "AND w2.ordinal = (SELECT w1.ordinal FROM working_days w1 "
        "WHERE w1.region = rgn AND w1.day = start) + n) END)"
    )
    connection.execute(
        "CREATE OR REPLACE MACRO jc_skipped(start, due, rgn) AS coalesce(("
        "SELECT list({'date': w.day, 'reason': w.reason} ORDER BY w.day) "
        "FROM working_days w WHERE w.region = rgn AND w.day > start AND w.day <= due "
        "AND NOT w.working), [])"
    )
    return key
