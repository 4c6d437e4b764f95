"""The estate: offices, their designations, and the faults individual members of staff carry
(the staff themselves are made up by :mod:`.staff`). Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.demo.base import (
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
from jcp_controls.demo.staff import Staff
from jcp_controls.models import RecordKind

_K = RecordKind


class Estate(Part):
    """Writes offices and designations; sets up who carries which fault."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.staff = Staff(run)
        self.width = max(3, len(str(run.offices)))
        towns = {region: list(names) for region, names in TOWNS.items()}
        for names in towns.values():
            self.rng.shuffle(names)
        self.towns = towns
        self.town_used = dict.fromkeys(towns, 0)

    def region(self) -> str:
        """England, Scotland or Wales, by their share of jobcentres."""
        draw = self.rng.random()
        for region, weight in REGION_WEIGHTS:
            if draw < weight:
                return region
            draw -= weight
        return REGION_WEIGHTS[0][0]

    def office_name(self, region: str) -> str:
        """A town of the region not used yet (then its branches)."""
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
        people = self.staff.roster(size)
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
            self.staff.clear(person)
        designated.update(p.sid for p in operators)
        pool = [p for p in pool if p.sid not in designated]
        hs_rep = pool.pop() if pool else managers[-1]
        self.staff.clear(hs_rep)
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
            self.staff.clear(person)
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
                    self.staff.clear(starter)
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
                self.staff.long_absence(person, held=True)
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
