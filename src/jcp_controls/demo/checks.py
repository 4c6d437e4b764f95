"""Checks: the mandatory checks of SEC Annex 1 as each office's owners record them, the
enrolments and events that make them due, and the central Quality Team's BCS validations.
Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.calendar import add_months
from jcp_controls.controls.bcs import ISO2859Level2
from jcp_controls.demo.annex import (
    AS_REQUIRED,
    EVENT_OF_CHECK,
    EXCEPTION_OK,
    INTERVAL_MONTHS,
    OFFICE_INTERVAL,
    RECORDED_IN,
)
from jcp_controls.demo.base import LOOKBACK, WORK_COACH, OfficeContext, Person, Run
from jcp_controls.demo.faults import fault_of
from jcp_controls.models import RecordKind

_K = RecordKind


class OfficeChecks:
    """One office's mandatory checks (SEC Annex 1), the enrolments and events that make them
    due, and the central Quality Team's BCS validations of them (SEC §28).

    Checks are written as their owner would record them: on time, mostly passing, in BCS
    unless the check is kept locally or in SCCS. The office's planned faults (:data:`FAULTS`)
    leave a check out, record it late, or let a cycle lapse.
    """

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

    def run(self) -> None:
        """Write everything, validations last (they depend on the BCS checks)."""
        self.office_calendar()
        self.office_interval()
        self.monthly_statements()
        self.staff_clubs()
        self.drivers()
        self.eye_care()
        self.staff_events()
        for check_type in AS_REQUIRED:
            self.as_required(check_type)
        self.validations()

    # -- writing ---------------------------------------------------------------------------

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
        self.sink.row(
            _K.EVENTS,
            event_type=event_type,
            subject_id=subject,
            office_id=self.ctx.oid,
            occurred_on=dt.date.fromordinal(day),
        )

    def enrol(self, check_type: str, p: Person, from_on: dt.date) -> None:
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

    # -- the checks ------------------------------------------------------------------------

    def office_calendar(self) -> None:
        """Flexi sheets each accounting period (month), Health & Safety each quarter."""
        rng = self.rng
        gen = self.gen
        managers = self.ctx.managers
        judged = gen.months(LOOKBACK)
        flexi_gap = rng.choice(judged) if "missed_flexi_records" in self.faults else None
        middles = [(y, m) for y, m in judged[:-1] if m % 3 == 2]
        hs_gap = rng.choice(middles) if "missed_health_safety" in self.faults else None
        for year, month in gen.months(15):
            if (year, month) != flexi_gap:
                day = dt.date(year, month, rng.randint(20, 28)).toordinal()
                self.check("flexi_records", day, rng.choice(managers).sid)
            if month % 3 == 2 and (year, month) != hs_gap:
                day = dt.date(year, month, rng.randint(1, 28)).toordinal()
                self.check("health_safety", day, self.ctx.hs_rep.sid)

    def office_interval(self) -> None:
        """Stock take, emergency reminders, standards of behaviour, business continuity."""
        for check_type, who in OFFICE_INTERVAL.items():
            months = INTERVAL_MONTHS[check_type]
            by = self.head.sid if who == "head" else self.rng.choice(self.ctx.managers).sid
            self.cycle(check_type, months, self.state(check_type), by)

    def monthly_statements(self) -> None:
        """GPC and mobile phone statements, Private Use Scheme logs: each month."""
        rng = self.rng
        ctx = self.ctx
        card_holders = [ctx.csm, rng.choice(ctx.managers)]
        phones = [ctx.csm] + ([rng.choice(ctx.wctls)] if rng.random() < 0.3 else [])
        pus: list[Person] = []
        if rng.random() < 0.5 or "missed_private_use_scheme" in self.faults:
            pus = rng.sample(ctx.wctls + ctx.managers, rng.randint(1, 2))
        certifying = self.head.sid
        for check_type, holders in (
            ("gpc_statement", card_holders),
            ("mobile_phone_statement", phones),
            ("private_use_scheme", pus),
        ):
            gap = None
            if holders and f"missed_{check_type}" in self.faults:
                left = holders[0].left_on or self.gen.as_of  # a month the holder was in scope
                gap = rng.choice(
                    [(y, m) for y, m in self.gen.months(LOOKBACK) if dt.date(y, m, 1) <= left]
                )
            for index, holder in enumerate(holders):
                self.enrol(check_type, holder, self.gen.ago(rng.randint(500, 2000)))
                by = certifying if check_type == "private_use_scheme" else self.manager_of(holder)
                for year, month in self.gen.months(15):
                    if holder.left_on is not None and dt.date(year, month, 1) > holder.left_on:
                        break
                    if index == 0 and (year, month) == gap:
                        continue
                    day = dt.date(year, month, rng.randint(5, 26)).toordinal()
                    self.check(check_type, day, by, holder.sid)

    def staff_clubs(self) -> None:
        """Office bearers of staff clubs reminded of their responsibilities each year."""
        rng = self.rng
        if rng.random() >= 0.6 and not any(f.endswith("_staff_clubs") for f in self.faults):
            return
        bearers = rng.sample(self.current[2:], rng.randint(1, 3))
        for index, bearer in enumerate(bearers):
            self.enrol("staff_clubs", bearer, self.gen.ago(rng.randint(400, 2000)))
            state = self.state("staff_clubs") if index == 0 else "pass"
            self.cycle("staff_clubs", 12, state, rng.choice(self.ctx.wctls).sid, bearer.sid)

    def drivers(self) -> None:
        """Drivers on official business: licence and insurance each year, the licence checked
        before each journey; now and then a journey by someone never checked."""
        rng = self.rng
        ctx = self.ctx
        faults = self.faults
        forced = any(f.endswith(("_driving_licence", "_motor_insurance")) for f in faults)
        if rng.random() < 0.4 or forced:
            drivers = rng.sample(ctx.wctls + ctx.managers, rng.randint(1, 2))
            for index, driver in enumerate(drivers):
                from_on = self.gen.ago(rng.randint(400, 1500))
                for check_type in ("driving_licence", "motor_insurance"):
                    self.enrol(check_type, driver, from_on)
                by = self.manager_of(driver)
                first = index == 0
                licence = self.cycle(
                    "driving_licence",
                    12,
                    self.state("driving_licence") if first else "pass",
                    by,
                    driver.sid,
                )
                self.cycle(
                    "motor_insurance",
                    12,
                    self.state("motor_insurance") if first else "pass",
                    by,
                    driver.sid,
                )
                for _ in range(rng.randint(1, 4)):
                    day = rng.randint(max(licence, self.today - 55), self.today - 1)
                    self.event("business_journey_driving", day, driver.sid)
        if "journey_unchecked" in faults:
            coach = rng.choice([p for p in self.current if p.role == WORK_COACH])
            self.event("business_journey_driving", self.today - rng.randint(5, 100), coach.sid)

    def eye_care(self) -> None:
        """An eye test before VDU work (on the first day) and every two years."""
        rng = self.rng
        today = self.today
        victims: list[Person] = []
        if "eye_test_missing" in self.faults:
            victims = rng.sample(self.current[2:], rng.randint(2, 3))  # one may be waived
            self.gen.first_found.setdefault(
                "eye_test_missing", (victims[0].sid, self.head.sid, None)
            )
        for p in self.current:
            if p in victims:
                continue
            started = p.started.toordinal()
            by = self.manager_of(p)
            if today - started <= 705:
                self.check("eye_care", started, by, p.sid)
                continue
            day = rng.randint(today - 705, today - 1)
            if rng.random() < 0.3 and day - 730 > started:
                self.check("eye_care", day - rng.randint(700, 730), by, p.sid)
            self.check("eye_care", day, by, p.sid)

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

    def validations(self) -> None:
        """BCS validation by the central Quality Team (SEC §28): for each complete quarter of
        the last fifteen months, a sample of its BCS checks sized by ISO 2859-1 level II,
        validated in the quarter's last weeks; one quarter short when the office has that
        fault."""
        rng = self.rng
        as_of = self.gen.as_of
        plan = ISO2859Level2()
        current = (as_of.year, (as_of.month - 1) // 3)
        oldest = add_months(as_of, -15)
        window = add_months(as_of, -LOOKBACK)
        quarters: list[tuple[tuple[int, int], dt.date, dt.date]] = []
        for key in sorted(self.bcs):
            year, quarter = key
            first = dt.date(year, quarter * 3 + 1, 1)
            last = add_months(first, 3) - dt.timedelta(days=1)
            if key < current and last >= oldest:
                quarters.append((key, first, last))
        short = None
        if "bcs_validation_short" in self.faults:
            closed = [
                key
                for key, _first, last in quarters
                if last >= window and (last + dt.timedelta(days=30)).toordinal() < self.today
            ]
            short = rng.choice(closed) if closed else None
        for key, _first, last in quarters:
            required = plan.sample_size(self.bcs[key])
            if key == short:
                required = rng.randint(0, required - 1)
            end = last.toordinal()
            for _ in range(required):
                self.sink.row(
                    _K.CHECKS,
                    check_type="bcs_validation",
                    office_id=self.ctx.oid,
                    performed_on=dt.date.fromordinal(rng.randint(end - 40, end)),
                    performed_by="quality_team",
                    outcome="pass" if rng.random() < 0.95 else "exception",
                    recorded_in="bcs",
                )
