"""What a set-based implementation sees: the evaluation's date, policy and offices, and SQL
fragments for the date arithmetic every rule shares.

The database (:mod:`jcp_controls.columnar`) holds, for every record kind supplied, a table
named as the kind (``staff``, ``access_grants``, ...) whose columns are the record's fields:
text and enum slugs as ``VARCHAR``, dates as ``DATE``, whole numbers as ``BIGINT``, flags
as ``BOOLEAN``. ``learning`` holds the distinct completions as
``(staff_id, course, job_role, completed_on)``, ``job_role`` being ``''`` except for
``lms_core`` (the role counts for that course only, as :class:`LearningFacts` keys them).

It also holds the working-day calendar and two macros:

* ``working_days(region, day, ordinal, working)``: one row per date and region from well
  before the earliest evidence to ten years after ``as_of``; ``ordinal`` counts the working
  days up to and including ``day``;
* ``jc_region(office_id)``: the office's bank-holiday region slug (the policy's
  ``calendar.default_region`` when the office names none or is unknown; an office recorded
  twice counts as its last row, as in the Python rules);
* ``jc_working_days_after(start, n, region)``: the date ``n`` working days after ``start``
  (``start`` not counted), as :func:`jcp_controls.calendar.working_days_after`.

A query returns :data:`RESULT_COLUMNS`, one row per subject in scope, in any order; the
engine adds the control's ID and severity, applies waivers and evidence freshness, and
sorts. ``evidence`` is a JSON object as text (``json_object(...)``), keys in the order the
reference rule writes them; NULL stands for ``{}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from jcp_controls.models import RecordKind
from jcp_controls.policy import Policy

__all__ = ["RESULT_COLUMNS", "SqlContext", "SqlRule"]

#: The columns a set-based query returns, in order.
RESULT_COLUMNS = (
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "status",
    "due_on",
    "message",
    "evidence",
)


@attrs.frozen
class SqlContext:
    """The evaluation a set-based query is written for.

    Attributes:
        as_of: the evaluation date.
        policy: the effective policy.
        offices: the offices evaluated (None: all); see :meth:`in_offices`.
        kinds: the record kinds supplied and accepted, whose tables a query may read beyond
            the control's ``needs`` (None: every kind).
    """

    as_of: dt.date
    policy: Policy
    offices: frozenset[str] | None = None
    kinds: frozenset[RecordKind] | None = None

    # -- literals ----------------------------------------------------------------------------

    @staticmethod
    def text(value: str | None) -> str:
        """A SQL string literal (or NULL)."""
        if value is None:
            return "NULL"
        return "'" + value.replace("'", "''") + "'"

    @staticmethod
    def date(value: dt.date | None) -> str:
        """A SQL date literal (or NULL)."""
        if value is None:
            return "NULL"
        return f"DATE '{value.isoformat()}'"

    @staticmethod
    def texts(values: Iterable[str]) -> str:
        """A parenthesised list of string literals, for ``IN``; ``(NULL)`` when empty."""
        items = [SqlContext.text(value) for value in values]
        return "(" + (", ".join(items) if items else "NULL") + ")"

    @property
    def today(self) -> str:
        """``as_of`` as a SQL date literal."""
        return self.date(self.as_of)

    # -- office first ------------------------------------------------------------------------

    def in_offices(self, column: str) -> str:
        """A condition keeping the subjects of the offices evaluated (and office-less ones),
        to put in the scope so other offices are never judged."""
        if self.offices is None:
            return "TRUE"
        return f"({column} IS NULL OR {column} IN {self.texts(sorted(self.offices))})"

    # -- date arithmetic ---------------------------------------------------------------------

    @staticmethod
    def add_months(expr: str, months: int | str) -> str:
        """``expr`` plus ``months`` calendar months, clipped to the end of the target month
        (as :func:`jcp_controls.calendar.add_months`)."""
        return f"CAST(({expr}) + INTERVAL ({months}) MONTH AS DATE)"

    @staticmethod
    def add_days(expr: str, days: int | str) -> str:
        """``expr`` plus ``days`` days (negative: before)."""
        return f"CAST(({expr}) + INTERVAL ({days}) DAY AS DATE)"

    def status_by_due(self, due: str) -> str:
        """The status of an obligation not yet met (as ``RuleContext.status_by_due``):
        ``'fail'`` after ``due``, ``'warn'`` within ``warn_days`` of it, else ``'pass'``."""
        warn_from = self.add_days(due, -self.policy.warn_days)
        return (
            f"CASE WHEN {self.today} > ({due}) THEN 'fail' "
            f"WHEN {self.today} >= {warn_from} THEN 'warn' ELSE 'pass' END"
        )

    def status_by_deadline(self, due: str, done: str) -> str:
        """The status of a one-off obligation (as ``RuleContext.status_by_deadline``): done
        by ``due`` passes, done late warns, not done (or done after ``as_of``) is judged by
        :meth:`status_by_due`."""
        return (
            f"CASE WHEN ({done}) IS NOT NULL AND ({done}) <= {self.today} THEN "
            f"(CASE WHEN ({done}) <= ({due}) THEN 'pass' ELSE 'warn' END) "
            f"ELSE {self.status_by_due(due)} END"
        )


#: A set-based implementation: the query for one evaluation.
SqlRule = Callable[[SqlContext], str]
