"""Checks on a schedule: each accounting period, quarter or N months (office-level), monthly
statements of card and phone holders, staff clubs, drivers and eye tests. Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.demo.annex import INTERVAL_MONTHS, OFFICE_INTERVAL
from jcp_controls.demo.base import LOOKBACK, WORK_COACH, Person
from jcp_controls.demo.checkbook import Schedule
from jcp_controls.models import RecordKind

_K = RecordKind


class Periodic(Schedule):
    """Calendar and interval checks, and the enrolments that put their subjects in scope."""

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
