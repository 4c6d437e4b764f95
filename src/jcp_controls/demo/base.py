"""What every record family of the demo shares: the job roles, the folder-wide state
(:class:`Run`: the random generator, the sink, ``as_of``), and who is who while an office is
generated (:class:`Person`, :class:`Delegate`, :class:`OfficeContext`). Internal."""

from __future__ import annotations

import datetime as dt
import random

from jcp_controls.demo.names import FIRST, LAST
from jcp_controls.demo.writer import Sink
from jcp_controls.policy import Policy

CSM = "customer_service_manager"
WCTL = "work_coach_team_leader"
WORK_COACH = "work_coach"
LINE_MANAGER = "line_manager"
SDS = "service_delivery_support"
SERVICE_AGENT = "service_agent"

DEFAULTS = Policy()
#: The default policy's lookback (months of calendar periods judged) and CC retention.
LOOKBACK = DEFAULTS.lookback_months
RETENTION_MONTHS = DEFAULTS.retention.jcc_dormant_months


class Run:
    """The folder being written: one seeded random generator, the sink, the date.

    Every record family draws from :attr:`rng` in a fixed order (the learning history from
    :attr:`history`), so the same seed and ``as_of`` give byte-identical files.
    """

    def __init__(
        self,
        sink: Sink,
        rng: random.Random,
        as_of: dt.date,
        offices: int,
        *,
        history: random.Random,
    ) -> None:
        self.sink = sink
        self.rng = rng
        #: A generator of its own for the earlier years of learning, so that the rest of the
        #: folder does not depend on how much history is written.
        self.history = history
        self.as_of = as_of
        self.today = as_of.toordinal()
        self.offices = offices
        # fault -> (first subject found with it, who would approve a waiver, a date): waivers
        self.first_found: dict[str, tuple[str, str, dt.date | None]] = {}

    def ago(self, days: int) -> dt.date:
        """``as_of`` minus ``days`` days."""
        return dt.date.fromordinal(self.today - days)

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        """A random day from ``first`` to ``last`` (``first`` when the range is empty)."""
        low = first.toordinal()
        high = last.toordinal()
        if high <= low:
            return first
        return dt.date.fromordinal(self.rng.randint(low, high))

    def new_name(self) -> str:
        """A made-up full name."""
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def months(self, count: int) -> list[tuple[int, int]]:
        """The last ``count`` complete calendar months before ``as_of``, oldest first."""
        year, month = self.as_of.year, self.as_of.month
        out: list[tuple[int, int]] = []
        for _ in range(count):
            month -= 1
            if month == 0:
                year, month = year - 1, 12
            out.append((year, month))
        return out[::-1]


class Part:
    """A writer of one record family; reads and draws through the shared :class:`Run`."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.rng = run.rng
        self.sink = run.sink
        self.as_of = run.as_of
        self.today = run.today

    def ago(self, days: int) -> dt.date:
        """``as_of`` minus ``days`` days."""
        return dt.date.fromordinal(self.today - days)


class Person:
    """A member of staff while their office is being generated (not a record)."""

    __slots__ = (
        "absence",
        "fault",
        "grade",
        "left_on",
        "lm",
        "name",
        "prev_role",
        "role",
        "role_since",
        "sid",
        "started",
    )

    def __init__(
        self, sid: str, name: str, grade: str, role: str, started: dt.date, lm: str | None
    ) -> None:
        self.sid = sid
        self.name = name
        self.grade = grade
        self.role = role
        self.started = started
        self.lm = lm
        self.role_since: dt.date | None = started
        self.prev_role: str | None = None
        self.left_on: dt.date | None = None
        # kind, start_on, expected_end_on, end_on, whether access is removed at its start
        self.absence: tuple[str, dt.date, dt.date | None, dt.date | None, bool] | None = None
        self.fault: str | None = None


class Delegate:
    """An LMS delegate appointment: who, and from when."""

    __slots__ = ("from_on", "sid")

    def __init__(self, sid: str, from_on: dt.date) -> None:
        self.sid = sid
        self.from_on = from_on


class OfficeContext:
    """Who is who in the office being generated."""

    __slots__ = (
        "absence_ends",
        "ao_delegate",
        "csm",
        "delegates",
        "faults",
        "hs_rep",
        "iam",
        "managers",
        "oid",
        "people",
        "region",
        "scs_live_on",
        "wctl_ids",
        "wctls",
    )

    def __init__(
        self,
        oid: str,
        region: str,
        csm: Person,
        iam: Person,
        wctls: list[Person],
        delegates: list[Delegate],
        ao_delegate: Person | None,
        people: list[Person],
        hs_rep: Person,
        faults: list[str],
    ) -> None:
        self.oid = oid
        self.region = region
        self.csm = csm
        self.iam = iam
        self.wctls = wctls
        self.wctl_ids = frozenset(p.sid for p in wctls)
        self.managers = [p for p in people if p.role == LINE_MANAGER and p is not iam]
        self.delegates = delegates
        self.ao_delegate = ao_delegate
        self.people = people
        self.hs_rep = hs_rep
        self.faults = frozenset(faults)
        self.scs_live_on = dt.date.min
        #: (day an absence ended, who) for the return-to-work checks
        self.absence_ends: list[tuple[int, Person]] = []
