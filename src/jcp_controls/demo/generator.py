"""The folder, office by office: each record family written in a fixed order from one seeded
random generator. Internal; :func:`write_demo` is re-exported by :mod:`jcp_controls.demo`."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from pathlib import Path

from jcp_controls.demo.access import Access
from jcp_controls.demo.base import OfficeContext, Person, Run
from jcp_controls.demo.checks import OfficeChecks
from jcp_controls.demo.estate import Estate
from jcp_controls.demo.faults import OFFICE_FAULTS, plan_faults
from jcp_controls.demo.jcc import Jcc
from jcp_controls.demo.learning import Learning
from jcp_controls.demo.manifest import remove_manifest, write_manifest
from jcp_controls.demo.security import Security
from jcp_controls.demo.writer import Sink
from jcp_controls.evidence.schema import SCHEMAS

#: The dates a demo folder can be made for: every date it writes (about thirty years of
#: service before ``as_of``, obligations due up to a year after it) and every due date the
#: evaluation computes stays well inside the calendar.
FIRST_AS_OF = dt.date(1900, 1, 1)
LAST_AS_OF = dt.date(2199, 12, 31)


class Generator:
    """Writes the whole folder: the role matrix, each office in turn, then the waivers."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.estate = Estate(run)
        self.plan = plan_faults(run.rng, run.offices)
        self.learning = Learning(run)
        self.access = Access(run)
        self.jcc = Jcc(run)
        self.security = Security(run)

    def write(self) -> None:
        """Write every record of the folder."""
        self.access.matrix()
        for index in range(self.run.offices):
            self.office(index + 1, self.plan[index])
        self.security.waivers()

    def office(self, number: int, faults: list[str]) -> None:
        """One office and everything recorded in it."""
        rng = self.run.rng
        ctx = self.estate.office(number, faults)
        for person in ctx.people:
            self.person(ctx, person)
        for fault in faults:
            if fault in OFFICE_FAULTS and fault != "no_lms_operator":
                self.access.office_grant(ctx, fault)
        for _ in range(rng.choice((0, 1, 1, 2))):
            self.access.office_grant(ctx, None)
        self.jcc.office_reviews(ctx)
        OfficeChecks(self.run, ctx).run()
        refs = self.jcc.claimants(ctx)
        self.security.cancellations(ctx, refs)
        self.security.incidents(ctx)
        self.security.test_checks(ctx)

    def person(self, ctx: OfficeContext, p: Person) -> None:
        """A member of staff: their row, learning, absences and access."""
        self.estate.staff.staff_row(ctx, p)
        grant_day = self.learning.person(p)
        if grant_day is None:
            return
        end = (p.left_on or self.run.as_of).toordinal()
        start = p.started.toordinal()
        removal, returned = self.estate.staff.absences(ctx, p, start, end)
        if grant_day >= self.run.today:
            return  # a new starter still waiting for access
        role_since = p.role_since.toordinal() if p.role_since is not None else None
        self.access.grants(ctx, p, grant_day, role_since, removal, returned)


def write_demo(out: Path, *, offices: int, seed: int, as_of: dt.date) -> dict[str, int]:
    """Write a synthetic evidence folder of ``offices`` jobcentres into ``out``.

    The folder holds all seventeen evidence files (headers in the column order of
    :data:`jcp_controls.evidence.schema.SCHEMAS`, UTF-8, ``\\n`` line endings) and loads
    without input errors. Dates are relative to ``as_of``; the same ``seed`` and ``as_of``
    give byte-identical files. About 150 staff per office on average; every control of the
    catalogue has deliberate findings (see :data:`jcp_controls.demo.FAULTS`; the ongoing
    manual controls warn by design), the rest is mostly compliant.

    Args:
        out: the folder to write (created if needed; the seventeen files are overwritten,
            other files are left alone). The folder also gets ``demo-manifest.json``: what
            was asked for and the SHA-256 of every file, so that ``jcp-controls demo`` can
            recognise a folder it wrote.
        offices: how many offices (at least 1).
        seed: the random seed.
        as_of: the date the folder is made for, from :data:`FIRST_AS_OF` to
            :data:`LAST_AS_OF`.

    Returns:
        The number of records written per file stem, in the evidence-folder order.

    Raises:
        ValueError: ``offices`` is less than 1, or ``as_of`` is out of range.
        OSError: the folder or a file cannot be written.
    """
    if offices < 1:
        raise ValueError("offices must be at least 1")
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise ValueError(f"as_of must be from {FIRST_AS_OF} to {LAST_AS_OF}, not {as_of}")
    out.mkdir(parents=True, exist_ok=True)
    remove_manifest(out)
    with contextlib.ExitStack() as stack:
        sink = Sink(out, stack)
        history = random.Random(f"jcp-controls demo learning history {seed}")
        Generator(Run(sink, random.Random(seed), as_of, offices, history=history)).write()
    write_manifest(out, sink.digests(), offices=offices, seed=seed, as_of=as_of)
    counts = sink.counts
    return {kind.value: counts[kind] for kind in SCHEMAS}
