"""Learning: the courses each member of staff completed (``learning.csv``). Internal."""

from __future__ import annotations

from jcp_controls.calendar import add_months
from jcp_controls.demo.base import Part, Person
from jcp_controls.demo.faults import LAPSED

#: Courses refreshed every year; the history adds the years between completions.
_REFRESHED = ("dwp_foundation", "security_awareness", "data_handling")
_CHAPTER_B = "lms_user_guide_chapter_b"


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

        written: dict[str, list[int]] = {}

        def learn(course: str, day: int, role: str | None = None) -> None:
            if day <= end:
                write(sid, course, day, role)
                written.setdefault(course, []).append(day)

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
        self.history(sid, written, end)
        return grant_day

    def history(self, sid: str, written: dict[str, list[int]], end: int) -> None:
        """Earlier years of the person's learning: the annual refreshers between their first
        completion of a course and the next one written above, and each year's
        read-and-understood of LMS User Guide chapter B after the first.

        No control's answer changes: the rules read a course's first completion (ACC-003)
        and its latest by ``as_of`` (LRN-001..003, CHK-036), and these completions fall
        strictly between the two (chapter B, whose latest no rule reads, runs on to the
        person's last day). They are drawn from :attr:`Run.history`, not the folder's
        generator, so every other record of the folder is the same with or without them.
        """
        draw = self.run.history.random
        iso = self.sink.iso
        dates = self.sink.dates
        lines: list[str] = []
        add = lines.append
        for course in _REFRESHED:
            days = written.get(course)
            if days is None or len(days) < 2:
                continue  # no later completion to stay before: the latest must not change
            days.sort()
            first, following = days[0], days[1]
            day = first + 345 + int(draw() * 41)
            while day < following - 30:
                add(f"{sid},{course},{dates.get(day) or iso(day)},\n")
                day += 345 + int(draw() * 41)
        chapter_b = written.get(_CHAPTER_B)
        if chapter_b:
            day = chapter_b[0] + 345 + int(draw() * 41)
            while day <= end:
                add(f"{sid},{_CHAPTER_B},{dates.get(day) or iso(day)},\n")
                day += 345 + int(draw() * 41)
        self.sink.learning_lines(lines)
