"""The check book of one office: how a check, an event or an enrolment is recorded, and what
the office's faults make of a cycle; the schedules of :mod:`.checks` write through it.
Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.calendar import add_months
from jcp_controls.demo.annex import EXCEPTION_OK, RECORDED_IN
from jcp_controls.demo.base import OfficeContext, Person, Run
from jcp_controls.models import RecordKind

_K = RecordKind


class CheckBook:
    """Records one office's checks, events and enrolments, and counts its BCS checks by
    quarter for the validations."""

    def __init__(self, gen: Run, ctx: OfficeContext) -> None:
        self.gen = gen
        self.ctx = ctx
        self.rng = gen.rng
        self.sink = gen.sink
        self.today = gen.today
        self.faults = frozenset(ctx.faults)
        self.head = ctx.iam if ctx.csm.left_on is not None else ctx.csm
        self.current = [p for p in ctx.people if p.left_on is None]
        self.bcs: dict[tuple[int, int], int] = {}

    def check(self, check_type: str, day: int, by: str | None, subject: str | None = None) -> None:
        """One check on ``day`` (an ordinal); nothing when it would be on or after ``as_of``."""
        if day >= self.today:
            return
        draw = self.rng.random()
        outcome = "pass"
        if draw < 0.001:
            outcome = "fail"
        elif draw < 0.004 and check_type in EXCEPTION_OK:
            outcome = "exception"
        where = RECORDED_IN.get(check_type, "bcs")
        performed = dt.date.fromordinal(day)
        self.sink.row(
            _K.CHECKS,
            check_type=check_type,
            office_id=self.ctx.oid,
            subject_id=subject,
            performed_on=performed,
            performed_by=by,
            outcome=outcome,
            recorded_in=where,
        )
        if where == "bcs":
            quarter = (performed.year, (performed.month - 1) // 3)
            self.bcs[quarter] = self.bcs.get(quarter, 0) + 1

    def event(self, event_type: str, day: int, subject: str | None) -> None:
        """One event that makes an "as required" check due."""
        self.sink.row(
            _K.EVENTS,
            event_type=event_type,
            subject_id=subject,
            office_id=self.ctx.oid,
            occurred_on=dt.date.fromordinal(day),
        )

    def enrol(self, check_type: str, p: Person, from_on: dt.date) -> None:
        """Put a member of staff in the scope of a check type from ``from_on``."""
        self.sink.row(
            _K.ENROLMENTS,
            check_type=check_type,
            subject_id=p.sid,
            office_id=self.ctx.oid,
            from_on=from_on,
            to_on=p.left_on,
        )

    def manager_of(self, p: Person) -> str:
        """Who checks for a member of staff: their line manager (the IAM for the CSM)."""
        return p.lm if p.lm is not None else self.ctx.iam.sid

    def state(self, check_type: str) -> str:
        """``fail``, ``warn`` or ``pass``: what the office's faults make of an interval check."""
        if f"overdue_{check_type}" in self.faults:
            return "fail"
        if f"W_due_{check_type}" in self.faults:
            return "warn"
        return "pass"

    def last_of_cycle(self, months: int, state: str) -> int:
        """The day of the latest check of an interval cycle ending as ``state`` says."""
        rng = self.rng
        if state == "fail":
            due = self.today - rng.randint(5, 60)
        elif state == "warn":
            due = self.today + rng.randint(5, 25)
        else:
            due = self.today + rng.randint(35, max(36, months * 30 - 5))
        return add_months(dt.date.fromordinal(due), -months).toordinal()

    def cycle(
        self, check_type: str, months: int, state: str, by: str, subject: str | None = None
    ) -> int:
        """The latest check of an interval cycle and, half the time, the one before it."""
        last = self.last_of_cycle(months, state)
        if self.rng.random() < 0.5:
            earlier = add_months(dt.date.fromordinal(last), -months).toordinal()
            self.check(check_type, earlier - self.rng.randint(0, 10), by, subject)
        self.check(check_type, last, by, subject)
        return last


class Schedule:
    """A group of the office's check schedules, writing through its :class:`CheckBook`."""

    def __init__(self, book: CheckBook) -> None:
        self.book = book
        self.gen = book.gen
        self.ctx = book.ctx
        self.rng = book.rng
        self.sink = book.sink
        self.today = book.today
        self.faults = book.faults
        self.head = book.head
        self.current = book.current
        self.bcs = book.bcs
        self.check = book.check
        self.event = book.event
        self.enrol = book.enrol
        self.manager_of = book.manager_of
        self.state = book.state
        self.cycle = book.cycle
