"""Learning: the courses each member of staff completed (``learning.csv``). Internal."""

from __future__ import annotations

from jcp_controls.calendar import add_months
from jcp_controls.demo.base import Part, Person
from jcp_controls.demo.faults import LAPSED
from jcp_controls.models import RecordKind

_K = RecordKind


class Learning(Part):
    """Writes each person's learning: induction courses, annual refreshers, core learning."""

    def person(self, p: Person) -> int | None:
        """Write the person's learning; the day their access is set up, or None when they
        started too recently to have done any."""
        rng = self.rng
        write = self.sink.learning
        sid = p.sid
        today = self.today
        fault = p.fault
        end = (p.left_on or self.as_of).toordinal()
        start = p.started.toordinal()
        induct = start + rng.randint(1, 12)
        if induct > end:
            return None  # started in the last few days: no learning, no access yet
        first_role = p.prev_role or p.role

        def learn(course: str, day: int, role: str | None = None) -> None:
            if day <= end:
                write(sid, course, day, role)

        grant_day = induct + rng.randint(5, 12)
        for course in ("dwp_foundation", "security_awareness"):
            learn(course, induct)
            latest: int | None = None
            if fault == LAPSED.get(course):
                latest = today - rng.randint(380, 600)
            elif fault == "W_security_awareness_due" and course == "security_awareness":
                latest = add_months(self.as_of, -12).toordinal() + rng.randint(2, 25)
            elif end - induct > 300:
                latest = end - rng.randint(10, 300)
            if latest is not None and latest > induct:
                earlier = latest - 365 + rng.randint(-20, 20)
                if earlier > induct + 30 and rng.random() < 0.6:
                    learn(course, earlier)
                learn(course, latest)
        if fault == "learning_after_access":
            learn("lms_user_guide_chapter_b", grant_day + rng.randint(3, 40))
        else:
            learn("lms_user_guide_chapter_b", induct + rng.randint(0, 4))
        learn("lms_core", induct + rng.randint(0, 4), first_role)
        role_since = p.role_since.toordinal() if p.role_since is not None else None
        if p.prev_role is not None and role_since is not None:
            learn("lms_core", max(induct, role_since - rng.randint(1, 20)), p.role)
        if fault != "no_data_handling":
            learn("data_handling", induct + rng.randint(0, 4))
            if end - induct > 800 and rng.random() < 0.4:
                learn("data_handling", end - rng.randint(30, 700))
        return grant_day
