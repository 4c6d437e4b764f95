"""Checks "as required": the events that make them due (new starters, leavers, returns from
absence, claims, purchases, ...), each followed by its check. Internal."""

from __future__ import annotations

from jcp_controls.calendar import add_months
from jcp_controls.demo.annex import AS_REQUIRED, EVENT_OF_CHECK
from jcp_controls.demo.base import LOOKBACK, Person
from jcp_controls.demo.checkbook import Schedule
from jcp_controls.demo.faults import fault_of
from jcp_controls.models import RecordKind

_K = RecordKind


class AsRequired(Schedule):
    """Events and the checks that follow them."""

    def after(
        self, check_type: str, day: int, by: str | None, subject: str | None, fault: str | None
    ) -> None:
        """The check that follows an event: within a few days, or late, or never."""
        if fault == "missing":
            return
        later = day + (self.rng.randint(25, 40) if fault == "late" else self.rng.randint(0, 9))
        self.check(check_type, later, by, subject)

    def staff_events(self) -> None:
        """New starters (induction, working pattern), leavers, returns from absence."""
        horizon = self.today - 450
        window = add_months(self.gen.as_of, -LOOKBACK).toordinal()
        for p in self.ctx.people:
            by = self.manager_of(p)
            started = p.started.toordinal()
            if started >= horizon:
                self.event("new_starter", started, p.sid)
                for check_type in ("staff_induction", "working_patterns"):
                    self.after(check_type, started, by, p.sid, fault_of(p, check_type))
            if p.left_on is not None and p.left_on.toordinal() >= horizon:
                left = p.left_on.toordinal()
                self.event("leaver", left, p.sid)
                self.after("staff_leaving", left, by, p.sid, fault_of(p, "staff_leaving"))
        for day, p in self.ctx.absence_ends:
            if day >= window:
                self.event("absence_ended", day, p.sid)
                self.after(
                    "attendance_management",
                    day,
                    self.manager_of(p),
                    p.sid,
                    fault_of(p, "attendance_management"),
                )

    def as_required(self, check_type: str) -> None:
        """Events of one kind over the last year, each followed by its check."""
        rng = self.rng
        today = self.today
        ctx = self.ctx
        low, high, who, staff_level = AS_REQUIRED[check_type]
        event_type = EVENT_OF_CHECK[check_type]
        if check_type == "annual_leave":
            low, high = len(self.current) // 4, len(self.current) // 2
        faults = [
            kind
            for kind, fault in (("late", "W_late_"), ("missing", "missing_"))
            if fault + check_type in self.faults
        ]
        # (day, subject, fault); the faulty events are the only ones of their subject (staff)
        # or the latest of the office (office-level), so no other check can stand in for them
        planned: list[tuple[int, Person | None, str | None]] = []
        eligible = self.current
        if staff_level:
            victims = rng.sample(self.current, len(faults))
            for kind, victim in zip(faults, victims, strict=True):
                planned.append((today - rng.randint(45, 300), victim, kind))
            eligible = [p for p in self.current if p not in victims]
        else:
            for kind in faults:
                ago = rng.randint(45, 55) if kind == "missing" else rng.randint(100, 110)
                planned.append((today - ago, None, kind))
        newest = today - (125 if faults and not staff_level else 1)
        for _ in range(rng.randint(low, high)):
            subject = rng.choice(eligible) if staff_level else None
            first = today - 360
            if subject is not None:
                first = max(first, subject.started.toordinal())
            planned.append((rng.randint(first, max(first, newest)), subject, None))
        for day, subject, fault in planned:
            if subject is not None:
                by = self.manager_of(subject) if who == "lm" else self.head.sid
            elif who == "wctl":
                by = rng.choice(ctx.wctls).sid
            elif who == "approver":
                by = rng.choice([self.head, *ctx.managers]).sid
            else:
                by = self.head.sid
            sid = subject.sid if subject is not None else None
            self.event(event_type, day, sid)
            self.after(check_type, day, by, sid, fault)
