"""The estate: offices, their staff (roster, line-manager chains, the faults individuals
carry), designations and absences. Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.demo.base import (
    CSM,
    LINE_MANAGER,
    SDS,
    SERVICE_AGENT,
    WCTL,
    WORK_COACH,
    Delegate,
    OfficeContext,
    Part,
    Person,
    Run,
)
from jcp_controls.demo.faults import PERSON_FAULTS
from jcp_controls.demo.names import BRANCHES, REGION_WEIGHTS, TOWNS
from jcp_controls.models import RecordKind

_K = RecordKind


class Estate(Part):
    """Writes offices, staff, designations and absences."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.width = max(3, len(str(run.offices)))
        self.staff_seq = 0
        towns = {region: list(names) for region, names in TOWNS.items()}
        for names in towns.values():
            self.rng.shuffle(names)
        self.towns = towns
        self.town_used = dict.fromkeys(towns, 0)

    def new_sid(self) -> str:
        self.staff_seq += 1
        return f"S{self.staff_seq:06d}"

    def region(self) -> str:
        draw = self.rng.random()
        for region, weight in REGION_WEIGHTS:
            if draw < weight:
                return region
            draw -= weight
        return REGION_WEIGHTS[0][0]

    def office_name(self, region: str) -> str:
        names = self.towns[region]
        used = self.town_used[region]
        self.town_used[region] = used + 1
        town = names[used % len(names)]
        cycle = used // len(names)
        if cycle == 0:
            return town
        branch = BRANCHES[(cycle - 1) % len(BRANCHES)]
        round_ = (cycle - 1) // len(BRANCHES)
        return f"{town} {branch}" + (f" {round_ + 1}" if round_ else "")

    def office(self, number: int, faults: list[str]) -> OfficeContext:
        """The office's staff, designations and row; who is who in it."""
        rng = self.rng
        oid = f"OF{number:0{self.width}d}"
        region = self.region()
        name = self.office_name(region)
        size = rng.randint(75, 240)
        people = self.roster(size)
        csm, iam = people[0], people[1]
        wctls = [p for p in people if p.role == WCTL]
        managers = [p for p in people if p.role == LINE_MANAGER and p is not iam]
        leaders = {p.sid for p in people[: 2 + len(wctls) + len(managers)]}
        if "csm_left" in faults:  # moved on; the office has not recorded a successor yet
            csm.left_on = self.ago(rng.randint(10, 60))
        # designations: EO+ delegates, operators and the Annex 1 appointments
        delegates: list[Delegate] = []
        candidates = wctls + managers
        first = rng.choice(candidates)
        delegates.append(Delegate(first.sid, self.ago(rng.randint(2000, 2600))))
        if rng.random() < 0.6:
            second = rng.choice(candidates)
            if second is not first:
                delegates.append(Delegate(second.sid, self.ago(rng.randint(200, 1500))))
        designated = {d.sid for d in delegates}
        pool = [
            p for p in people if p.sid not in leaders and p.started.toordinal() <= self.today - 730
        ]
        rng.shuffle(pool)
        ops = [p for p in people if p.role == SDS and p.sid not in designated][:2] or [managers[0]]
        operators = ops[: 1 + (rng.random() < 0.5)]
        for person in operators:
            self.clear(person)
        designated.update(p.sid for p in operators)
        pool = [p for p in pool if p.sid not in designated]
        hs_rep = pool.pop() if pool else managers[-1]
        self.clear(hs_rep)
        ico = rng.choice(managers)
        for delegate in delegates:
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=delegate.sid,
                designation="lms_delegate",
                from_on=delegate.from_on,
                appointed_by=csm.sid,
            )
        operator_to_on: dt.date | None = None
        if "no_lms_operator" in faults:
            if rng.random() < 0.5:
                operator_to_on = self.ago(rng.randint(10, 200))
            else:
                operator = operators[0]
                operators = operators[:1]
                operator.absence = (
                    "long_term_sick",
                    self.ago(rng.randint(10, 150)),
                    None,
                    None,
                    True,
                )
        for person in operators:
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=person.sid,
                designation="lms_operator",
                from_on=self.run.between(person.started, self.ago(300)),
                to_on=operator_to_on,
                appointed_by=csm.sid,
            )
        for sid, kind, ended in (
            (hs_rep.sid, "health_safety_rep", "no_health_safety_rep" in faults),
            (ico.sid, "incident_control_officer", "no_ico" in faults),
            (csm.sid, "certifying_officer", False),
        ):
            # an ended appointment nobody has taken over: SEC-006/007
            self.sink.row(
                _K.DESIGNATIONS,
                staff_id=sid,
                designation=kind,
                from_on=self.ago(rng.randint(100, 1200)),
                to_on=self.ago(rng.randint(20, 90)) if ended else None,
                appointed_by=csm.sid,
            )
        # faults on individuals
        ao_delegate: Person | None = None
        for fault in faults:
            if fault not in PERSON_FAULTS or not pool:
                continue
            if fault == "self_authorised":
                rng.choice(wctls).fault = fault
                continue
            person = pool.pop()
            self.clear(person)
            person.fault = fault
            if fault == "delegate_below_eo":
                person.role, person.grade = WORK_COACH, "ao"
                ao_delegate = person
                from_on = self.ago(rng.randint(120, 400))
                self.sink.row(
                    _K.DESIGNATIONS,
                    staff_id=person.sid,
                    designation="lms_delegate",
                    from_on=from_on,
                    appointed_by=csm.sid,
                )
                if pool:  # a recent starter whose access that delegate authorised
                    starter = pool.pop()
                    self.clear(starter)
                    starter.fault = "authorised_by_ao_delegate"
                    starter.started = starter.role_since = dt.date.fromordinal(
                        from_on.toordinal() + rng.randint(5, 50)
                    )
            elif fault == "role_change_not_reviewed":
                person.prev_role, person.role, person.grade = SERVICE_AGENT, WORK_COACH, "eo"
                person.role_since = self.ago(rng.randint(45, 150))
            elif fault == "leaver_access_held":
                person.left_on = self.ago(rng.randint(3, 120))
            elif fault == "long_absence_access_held":
                self.long_absence(person, held=True)
            elif fault == "W_absence_in_grace":
                start = self.ago(rng.randint(0, 4))
                expected = start + dt.timedelta(days=rng.randint(270, 365))
                person.absence = ("maternity_leave", start, expected, None, False)
            elif fault.endswith(("_staff_induction", "_working_patterns")):
                # a starter of this year whose induction check is missing or late
                person.started = person.role_since = self.ago(rng.randint(45, 300))
            elif fault.endswith("_staff_leaving"):
                person.left_on = self.ago(rng.randint(45, 300))
            # *_attendance_management: absences() gives them one ended absence
        ctx = OfficeContext(
            oid, region, csm, iam, wctls, delegates, ao_delegate, people, hs_rep, faults
        )
        ctx.scs_live_on = self.ago(rng.randint(3300, 4200))
        self.sink.row(
            _K.OFFICES,
            office_id=oid,
            name=f"{name} Jobcentre",
            csm_staff_id=csm.sid,
            security_advisor=(
                None
                if "no_security_advisor" in faults
                else f"{self.run.new_name()} (SBA {region.title()})"
            ),
            iam_staff_id=iam.sid,
            iai_submitted_on=(
                None if "no_inventory" in faults else self.ago(rng.randint(30, 700))
            ),
            scs_live_on=ctx.scs_live_on,
            region=region,
        )
        return ctx

    def clear(self, person: Person) -> None:
        """Undo random history that would add unintended findings around a chosen person."""
        person.left_on = None
        person.absence = None
        person.prev_role = None
        person.role_since = person.started if self.rng.random() < 0.8 else None

    def long_absence(self, person: Person, *, held: bool) -> None:
        rng = self.rng
        kind = rng.choice(
            ("maternity_leave", "career_break", "long_term_sick", "secondment", "sick")
        )
        start = self.ago(rng.randint(100, 300) if kind == "sick" else rng.randint(10, 300))
        expected: dt.date | None = None
        if kind == "maternity_leave":
            expected = start + dt.timedelta(days=rng.randint(270, 365))
        elif kind == "career_break":
            expected = start + dt.timedelta(days=rng.randint(365, 730))
        elif kind == "secondment":
            expected = start + dt.timedelta(days=rng.randint(180, 365))
        person.absence = (kind, start, expected, None, not held)

    # -- staff -------------------------------------------------------------------------------

    def roster(self, size: int) -> list[Person]:
        """The office's staff, leadership first, with line-manager chains."""
        rng = self.rng
        n_wctl = max(2, round(size / 13))
        n_lm = max(2, round(size / 35))

        def leader(role: str, grade: str, lm: str | None) -> Person:
            started = self.ago(rng.randint(8 * 365, 30 * 365))
            return Person(self.new_sid(), self.run.new_name(), grade, role, started, lm)

        csm = leader(CSM, "heo" if rng.random() < 0.6 else "seo", None)
        csm.prev_role = WCTL
        csm.role_since = self.ago(rng.randint(365, 1800))
        iam = leader(LINE_MANAGER, "heo", csm.sid)
        people = [csm, iam]
        wctls = [leader(WCTL, "eo", csm.sid) for _ in range(n_wctl)]
        managers = [
            leader(LINE_MANAGER, "eo" if rng.random() < 0.6 else "heo", csm.sid)
            for _ in range(n_lm)
        ]
        people += wctls + managers
        for person in wctls:
            if rng.random() < 0.3:
                person.prev_role = WORK_COACH
                person.role_since = self.ago(rng.randint(60, 1500))
        for _ in range(size - len(people)):
            draw = rng.random()
            if draw < 0.68:
                role = WORK_COACH
                grade = "eo" if rng.random() < 0.8 else "ao"
                lm = rng.choice(wctls).sid
            elif draw < 0.85:
                role, grade = SDS, ("ao" if rng.random() < 0.7 else "aa")
                lm = rng.choice(managers).sid
            else:
                role, grade = SERVICE_AGENT, ("ao" if rng.random() < 0.8 else "aa")
                lm = rng.choice(managers).sid
            if rng.random() < 0.07:  # this year's starters
                tenure = rng.randint(5, 365)
            else:
                tenure = int(rng.triangular(5, 25 * 365, 4 * 365))
            person = Person(self.new_sid(), self.run.new_name(), grade, role, self.ago(tenure), lm)
            if rng.random() < 0.2:
                person.role_since = None
            draw = rng.random()
            if tenure > 3 * 365 and draw < 0.08:
                if role == WORK_COACH:
                    person.prev_role = SDS if rng.random() < 0.4 else SERVICE_AGENT
                else:
                    person.prev_role = SERVICE_AGENT if role == SDS else SDS
                person.role_since = self.ago(rng.randint(40, 900))
            elif draw < 0.11 and tenure > 400:
                person.left_on = self.ago(rng.randint(2, 400))
            elif draw < 0.135 and tenure > 400:
                self.long_absence(person, held=False)
            elif draw < 0.145 and tenure > 400:
                start = self.ago(rng.randint(400, 900))
                person.absence = (
                    "maternity_leave", start, start + dt.timedelta(days=300),
                    start + dt.timedelta(days=rng.randint(250, 360)), True,
                )  # fmt: skip
            people.append(person)
        return people

    def staff_row(self, ctx: OfficeContext, p: Person) -> None:
        """Write the person's row of ``staff.csv``."""
        sink = self.sink
        sink.row(
            _K.STAFF,
            staff_id=p.sid,
            name=p.name,
            office_id=ctx.oid,
            grade=p.grade,
            job_role=p.role,
            role_since=p.role_since,
            line_manager_id=p.lm,
            started_on=p.started,
            left_on=p.left_on,
        )

    def absences(
        self, ctx: OfficeContext, p: Person, start: int, end: int
    ) -> tuple[int | None, int | None]:
        """Write the person's absences; when access was removed for one, and restored."""
        rng = self.rng
        today = self.today
        forced = p.fault is not None and p.fault.endswith("_attendance_management")
        if forced or (rng.random() < 0.25 and end - start > 60):
            length = rng.randint(1, 10)
            if forced:  # ended this year; its return-to-work check is missing or late
                day = today - rng.randint(45, 300) - length
            else:
                day = max(start + 30, end - rng.randint(20, 365))
            ended = min(day + length, today - 1)
            self.sink.row(
                _K.ABSENCES,
                staff_id=p.sid,
                kind="sick" if rng.random() < 0.85 else rng.choice(("special_leave", "other")),
                start_on=dt.date.fromordinal(day),
                expected_end_on=dt.date.fromordinal(day + length),
                end_on=dt.date.fromordinal(ended),
            )
            ctx.absence_ends.append((ended, p))
        if p.absence is None:
            return None, None
        kind, a_start, expected, a_end, removed = p.absence
        self.sink.row(
            _K.ABSENCES,
            staff_id=p.sid,
            kind=kind,
            start_on=a_start,
            expected_end_on=expected,
            end_on=a_end,
        )
        if a_end is not None and a_end.toordinal() < today:
            ctx.absence_ends.append((a_end.toordinal(), p))
        if not removed:
            return None, None
        # removed within the grace period; a short-term kind once it ran past the threshold
        removal = a_start.toordinal() + rng.randint(0, 4) + (90 if kind == "sick" else 0)
        returned = a_end.toordinal() + 1 if a_end is not None else None
        return min(removal, today - 1), returned
