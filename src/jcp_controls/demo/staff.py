"""Staff: each office's roster with its line-manager chains, their rows in ``staff.csv``,
and their absences. Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.demo.base import (
    CSM,
    LINE_MANAGER,
    SDS,
    SERVICE_AGENT,
    WCTL,
    WORK_COACH,
    OfficeContext,
    Part,
    Person,
    Run,
)
from jcp_controls.models import RecordKind

_K = RecordKind


class Staff(Part):
    """Makes up the staff of an office and writes their rows and absences."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.staff_seq = 0

    def new_sid(self) -> str:
        """The next staff ID."""
        self.staff_seq += 1
        return f"S{self.staff_seq:06d}"

    def clear(self, person: Person) -> None:
        """Undo random history that would add unintended findings around a chosen person."""
        person.left_on = None
        person.absence = None
        person.prev_role = None
        person.role_since = person.started if self.rng.random() < 0.8 else None

    def long_absence(self, person: Person, *, held: bool) -> None:
        """Give the person a long absence running on ``as_of``; ``held``: access not removed."""
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
