"""How often a mandatory check is due: the structured :class:`Frequency` of a check-catalogue
entry, and the pure period arithmetic the CHK controls are built on.

Nothing here reads evidence or policy; the CHK controls (:mod:`jcp_controls.controls.checks`)
resolve policy-dependent values ("Regularly", the flexi accounting period) and pass plain
numbers in.

A frequency is written as in catalogue.rst, and :func:`parse_frequency` reads that form:

==========================================  ==================================================
``calendar(month)``, ``calendar(quarter)``  at least one check in each complete period
``calendar(flexi)``                         the period of ``checks.flexi_period``
``interval(12)``, ``interval(regularly)``   due on the last check + N months
                                            (``regularly`` = ``checks.regularly_months``)
``start_then_interval(24)``                 first due on the scope start, then N months after
                                            the last check
``start_then_interval(12, induction)``      first due ``checks.as_required_working_days``
                                            working days after the scope start
``on_event(leaver)``                        due ``checks.as_required_working_days`` working days
                                            after each event
``on_event(journey, before=12)``            a passing check in the 12 months up to each event
``ongoing``                                 not computable: a manual control
``evaluated_as(ACC-009)``                   judged by other controls
``sampled(quarter)``                        a sample per quarter, judged by its own control
``A + B``                                   both (``interval(12) + on_event(x, before=12)``)
==========================================  ==================================================

Periods (:func:`judged_periods`): a calendar period is judged when it is *complete* (its last
day is before ``as_of``, so the period holding ``as_of`` never is) and it overlaps both the
lookback window ``[as_of - lookback_months, as_of]`` and the subject's time in scope. A period
only partly inside the window, or only partly inside the time in scope (a subject enrolled on
20 July), is judged in full: a check anywhere in it counts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Sequence

import attrs

from jcp_controls import calendar

__all__ = [
    "Frequency",
    "FrequencyKind",
    "Period",
    "Span",
    "checks_in",
    "interval_due",
    "judged_periods",
    "missing_periods",
    "parse_frequency",
    "period_label",
    "period_of",
    "periods_overlapping",
    "window_start",
]


class FrequencyKind(enum.StrEnum):
    """The families of frequency the engine models (catalogue.rst, "CHK")."""

    CALENDAR = "calendar"
    INTERVAL = "interval"
    START_THEN_INTERVAL = "start_then_interval"
    ON_EVENT = "on_event"
    ONGOING = "ongoing"
    EVALUATED_AS = "evaluated_as"
    SAMPLED = "sampled"
    ALL_OF = "all_of"


class Period(enum.StrEnum):
    """A calendar period."""

    MONTH = "month"
    QUARTER = "quarter"


#: ``calendar(flexi)``: the period is ``checks.flexi_period``.
FLEXI = "flexi"
#: ``interval(regularly)``: the interval is ``checks.regularly_months``.
REGULARLY = "regularly"
#: ``on_event(x, before)`` without a number: a check stays valid this many months.
DEFAULT_VALIDITY_MONTHS = 12

_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_CALL = re.compile(r"([a-z_]+)\s*(?:\((.*)\))?")


@attrs.frozen
class Frequency:
    """How often a check is due; build one with :func:`parse_frequency` or the class methods.

    Attributes:
        kind: the family.
        period: ``calendar``/``sampled``: ``month``, ``quarter`` or ``flexi``.
        months: ``interval``/``start_then_interval``: N months (None for ``regularly``).
        regularly: ``interval(regularly)``: N is ``checks.regularly_months``.
        induction: ``start_then_interval``: first due ``checks.as_required_working_days``
            working days after the start, not on it.
        event: ``on_event``: the event type (``events.csv``) that makes the check due.
        before: ``on_event``: months a passing check done on or before the event stays valid
            (None: the check is due after the event).
        controls: ``evaluated_as``: the control IDs that judge it.
        parts: ``all_of``: the frequencies that all apply.
    """

    kind: FrequencyKind
    period: str | None = None
    months: int | None = None
    regularly: bool = False
    induction: bool = False
    event: str | None = None
    before: int | None = None
    controls: tuple[str, ...] = ()
    parts: tuple[Frequency, ...] = ()

    def __str__(self) -> str:
        kind = self.kind
        if kind is FrequencyKind.CALENDAR or kind is FrequencyKind.SAMPLED:
            return f"{kind.value}({self.period})"
        if kind is FrequencyKind.INTERVAL:
            return f"interval({REGULARLY if self.regularly else self.months})"
        if kind is FrequencyKind.START_THEN_INTERVAL:
            return f"start_then_interval({self.months}{', induction' if self.induction else ''})"
        if kind is FrequencyKind.ON_EVENT:
            before = "" if self.before is None else f", before={self.before}"
            return f"on_event({self.event}{before})"
        if kind is FrequencyKind.EVALUATED_AS:
            return f"evaluated_as({', '.join(self.controls)})"
        if kind is FrequencyKind.ALL_OF:
            return " + ".join(str(part) for part in self.parts)
        return kind.value

    def each(self) -> tuple[Frequency, ...]:
        """The single frequencies that apply: the parts of ``all_of``, else itself."""
        return self.parts if self.kind is FrequencyKind.ALL_OF else (self,)

    def calendar_period(self, flexi_period: str) -> Period:
        """The period of a ``calendar``/``sampled`` frequency (``flexi`` -> ``flexi_period``)."""
        return Period(flexi_period if self.period == FLEXI else str(self.period))

    def interval_months(self, regularly_months: int) -> int:
        """N of an ``interval``/``start_then_interval`` (``regularly`` -> the argument)."""
        if self.regularly or self.months is None:
            return regularly_months
        return self.months


def parse_frequency(text: str | Frequency) -> Frequency:
    """Read a frequency written as in catalogue.rst (see the module documentation).

    >>> str(parse_frequency("interval(12) + on_event(business_journey_driving, before)"))
    'interval(12) + on_event(business_journey_driving, before=12)'

    Raises:
        ValueError: the text is not a frequency; the message says what was expected.
    """
    if isinstance(text, Frequency):
        return text
    pieces = [piece.strip() for piece in text.split("+")]
    if len(pieces) > 1:
        return Frequency(FrequencyKind.ALL_OF, parts=tuple(_parse_one(p) for p in pieces))
    return _parse_one(pieces[0])


_PERIOD_ARGS = (["month"], ["quarter"], [FLEXI])


#: The longest interval or validity a frequency may name, in months (as the policy's month
#: settings): a bound keeps every due date a real date and its computation cheap.
MAX_MONTHS = 120


def _positive(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) > 0


def _check_months(text: str, months: int) -> int:
    if months > MAX_MONTHS:
        raise ValueError(f"frequency {text!r}: {months} months is more than {MAX_MONTHS}")
    return months


def _start_args(args: list[str]) -> bool:
    return bool(args) and _positive(args[0]) and args[1:] in ([], ["induction"])


def _parse_one(text: str) -> Frequency:
    match = _CALL.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"frequency {text!r} is not of the form kind(arguments)")
    try:
        kind = FrequencyKind(match[1])
    except ValueError:
        known = ", ".join(k.value for k in FrequencyKind if k is not FrequencyKind.ALL_OF)
        raise ValueError(
            f"frequency {text!r}: unknown kind {match[1]!r} (known: {known})"
        ) from None
    args = [arg.strip() for arg in (match[2] or "").split(",") if arg.strip()]
    if kind is FrequencyKind.ONGOING and not args:
        return Frequency(kind)
    if kind in (FrequencyKind.CALENDAR, FrequencyKind.SAMPLED) and args in _PERIOD_ARGS:
        return Frequency(kind, period=args[0])
    if kind is FrequencyKind.INTERVAL and len(args) == 1:
        if args[0] == REGULARLY:
            return Frequency(kind, regularly=True)
        if _positive(args[0]):
            return Frequency(kind, months=_check_months(text, int(args[0])))
    if kind is FrequencyKind.START_THEN_INTERVAL and _start_args(args):
        months = _check_months(text, int(args[0]))
        return Frequency(kind, months=months, induction=len(args) == 2)
    if kind is FrequencyKind.ON_EVENT and args and _SLUG.fullmatch(args[0]):
        if len(args) == 1:
            return Frequency(kind, event=args[0])
        before = args[1].replace(" ", "")
        if len(args) == 2 and before == "before":
            return Frequency(kind, event=args[0], before=DEFAULT_VALIDITY_MONTHS)
        if len(args) == 2 and before.startswith("before=") and _positive(before[7:]):
            return Frequency(kind, event=args[0], before=_check_months(text, int(before[7:])))
    if kind is FrequencyKind.EVALUATED_AS and args:
        return Frequency(kind, controls=tuple(args))
    raise ValueError(f"frequency {text!r}: wrong arguments for {kind.value}")


# -- periods ---------------------------------------------------------------------------------


@attrs.frozen
class Span:
    """A stretch of days, both ends inclusive; None is unbounded (a subject's time in scope)."""

    first: dt.date | None = None
    last: dt.date | None = None

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """True when the span shares at least one day with ``first``..``last``."""
        return (self.first is None or self.first <= last) and (
            self.last is None or self.last >= first
        )

    def holds(self, day: dt.date) -> bool:
        """True when ``day`` is inside the span."""
        return self.overlaps(day, day)


def period_of(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The first and last day of the month or quarter holding ``day``."""
    months = 3 if period is Period.QUARTER else 1
    first = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return first, calendar.add_months(first, months) - dt.timedelta(days=1)


def period_label(first: dt.date, period: Period) -> str:
    """``2026-07`` for a month, ``2026Q3`` for a quarter."""
    return (
        calendar.quarter_label(first) if period is Period.QUARTER else calendar.month_label(first)
    )


def periods_overlapping(
    first: dt.date, last: dt.date, period: Period
) -> Iterator[tuple[dt.date, dt.date]]:
    """Every month or quarter sharing a day with ``first``..``last``, oldest first."""
    if period is Period.QUARTER:
        return calendar.quarters_in(first, last)
    return calendar.months_in(first, last)


def window_start(as_of: dt.date, lookback_months: int) -> dt.date:
    """The first day of the lookback window: ``as_of - lookback_months`` (clipped)."""
    return calendar.add_months(as_of, -lookback_months)


def judged_periods(
    as_of: dt.date,
    lookback_months: int,
    period: Period,
    in_scope: Sequence[Span] = (Span(),),
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The periods a calendar check is judged for, oldest first.

    A period is judged when it is complete (its last day is before ``as_of``), overlaps the
    lookback window ``[as_of - lookback_months, as_of]`` and overlaps one of the spans of the
    subject's time in scope. Partial overlaps count.

    Args:
        as_of: the evaluation date.
        lookback_months: the policy's ``lookback_months``.
        period: month or quarter.
        in_scope: the subject's time in scope (default: always).
    """
    return tuple(
        (first, last)
        for first, last in periods_overlapping(window_start(as_of, lookback_months), as_of, period)
        if last < as_of and any(span.overlaps(first, last) for span in in_scope)
    )


def checks_in(days: Sequence[dt.date], first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates of ``days`` (any order) that fall in ``first``..``last``, sorted."""
    return sorted(day for day in days if first <= day <= last)


def missing_periods(
    periods: Iterable[tuple[dt.date, dt.date]], check_days: Iterable[dt.date]
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The periods holding none of ``check_days`` (in any order), in the order given."""
    days = sorted(set(check_days))
    missing = []
    for first, last in periods:
        index = bisect.bisect_left(days, first)
        if index == len(days) or days[index] > last:
            missing.append((first, last))
    return tuple(missing)


def interval_due(
    check_days: Iterable[dt.date], start: dt.date | None, months: int
) -> dt.date | None:
    """When an ``interval(months)`` check is next due.

    The latest of ``check_days`` (any order) + ``months``; with no check, ``start`` +
    ``months``; with neither, None (the check is overdue: there is nothing to run from).
    """
    last = max(check_days, default=None)
    base = last if last is not None else start
    return None if base is None else calendar.add_months(base, months)
