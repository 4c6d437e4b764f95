"""Helpers for control tests: evidence built in code, and one control evaluated over it.

A test takes the ``world`` fixture (a small, valid evidence set: two offices and their
staff, and every record kind present but empty apart from offices and staff), adds the
records its case needs with :meth:`World.add`, and evaluates one control with
:meth:`World.run` or :meth:`World.one`. Every kind is *present* unless the test names it in
``missing=``, so "no records" never gets mistaken for "no evidence" (evidence.rst).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest

import jcp_controls as jc

#: The default evaluation date of the control tests.
AS_OF = dt.date(2026, 11, 22)

#: Record class -> evidence kind (the ``Evidence.from_records`` keyword).
_KIND_OF: dict[type[Any], str] = {
    jc.Office: "offices",
    jc.Staff: "staff",
    jc.Designation: "designations",
    jc.Absence: "absences",
    jc.LearningRecord: "learning",
    jc.AccessGrant: "access_grants",
    jc.AccessReview: "access_reviews",
    jc.RoleMatrixEntry: "access_role_matrix",
    jc.Waiver: "waivers",
}

#: Kinds keyed by an ID: adding a record with an existing ID replaces the old one.
_KEY_OF: dict[type[Any], str] = {jc.Office: "office_id", jc.Staff: "staff_id"}


def base_offices() -> list[jc.Office]:
    """OF1 and OF2, each with its own Customer Service Manager and Information Asset Manager."""
    return [
        jc.Office("OF1", "Alpha Jobcentre", csm_staff_id="CSM1", iam_staff_id="IAM1"),
        jc.Office("OF2", "Beta Jobcentre", csm_staff_id="CSM2", iam_staff_id="IAM2"),
    ]


def base_staff() -> list[jc.Staff]:
    """The managers of both offices, a line manager, a team leader and two work coaches."""
    grade = jc.Grade
    return [
        jc.Staff("CSM1", "Cara Manager", "OF1", grade.HEO, "customer_service_manager"),
        jc.Staff("CSM2", "Dev Manager", "OF2", grade.HEO, "customer_service_manager"),
        jc.Staff("IAM1", "Ida Asset", "OF1", grade.EO, "service_delivery_support"),
        jc.Staff("IAM2", "Ian Asset", "OF2", grade.EO, "service_delivery_support"),
        jc.Staff("D1", "Dee Linemanager", "OF1", grade.EO, "line_manager"),
        jc.Staff("TL1", "Tom Teamleader", "OF1", grade.EO, "work_coach_team_leader"),
        jc.Staff("S1", "Sam Coach", "OF1", grade.AO, "work_coach"),
        jc.Staff("S2", "Sue Coach", "OF2", grade.AO, "work_coach"),
    ]


class World:
    """Evidence under construction for one test.

    Args:
        catalogue: the control catalogue to evaluate with (built once per session).
    """

    def __init__(self, catalogue: jc.Catalogue) -> None:
        self.catalogue = catalogue
        self.records: dict[str, list[Any]] = {kind: [] for kind in _KIND_OF.values()}
        self.records["offices"] = base_offices()
        self.records["staff"] = base_staff()

    def add(self, *records: Any) -> World:
        """Add records (an office or staff member with a known ID replaces the old one)."""
        for record in records:
            kind = _KIND_OF[type(record)]
            key = _KEY_OF.get(type(record))
            if key is not None:
                ident = getattr(record, key)
                self.records[kind] = [r for r in self.records[kind] if getattr(r, key) != ident]
            self.records[kind].append(record)
        return self

    def staff(self, staff_id: str) -> jc.Staff:
        """The current record of one member of staff."""
        return next(s for s in self.records["staff"] if s.staff_id == staff_id)

    def change_staff(self, staff_id: str, **changes: Any) -> World:
        """Replace one member of staff with a copy carrying ``changes``."""
        import attrs

        return self.add(attrs.evolve(self.staff(staff_id), **changes))

    def evidence(self, missing: Iterable[str] = ()) -> jc.Evidence:
        """Evidence of every kind except ``missing`` (which are not supplied at all)."""
        absent = set(missing)
        kinds = {kind: tuple(rs) for kind, rs in self.records.items() if kind not in absent}
        return jc.Evidence.from_records(**kinds)

    def report(
        self,
        only: Iterable[str] | None = None,
        *,
        as_of: dt.date | str = AS_OF,
        policy: Mapping[str, Any] | None = None,
        missing: Iterable[str] = (),
        offices: Iterable[str] | None = None,
    ) -> jc.Report:
        """Evaluate (some of) the catalogue over this world."""
        return jc.evaluate(
            self.evidence(missing),
            as_of=as_of,
            policy=jc.Policy.from_mapping(policy or {}),
            catalogue=self.catalogue,
            only=None if only is None else list(only),
            offices=None if offices is None else list(offices),
        )

    def run(
        self,
        control_id: str,
        *,
        as_of: dt.date | str = AS_OF,
        policy: Mapping[str, Any] | None = None,
        missing: Iterable[str] = (),
    ) -> list[jc.Result]:
        """Every result of one control."""
        report = self.report([control_id], as_of=as_of, policy=policy, missing=missing)
        assert all(result.control_id == control_id for result in report.results)
        return list(report.results)

    def one(
        self,
        control_id: str,
        *,
        as_of: dt.date | str = AS_OF,
        policy: Mapping[str, Any] | None = None,
        missing: Iterable[str] = (),
    ) -> jc.Result:
        """The single result of one control (the test fails unless there is exactly one)."""
        results = self.run(control_id, as_of=as_of, policy=policy, missing=missing)
        assert len(results) == 1, [(r.subject_id, r.status, r.message) for r in results]
        return results[0]

    def subjects(
        self,
        control_id: str,
        *,
        as_of: dt.date | str = AS_OF,
        policy: Mapping[str, Any] | None = None,
    ) -> list[str | None]:
        """The subject IDs one control judged, in report order."""
        return [r.subject_id for r in self.run(control_id, as_of=as_of, policy=policy)]


@pytest.fixture(scope="session")
def catalogue() -> jc.Catalogue:
    """The built-in catalogue, built once (building it loads every plugin)."""
    return jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))


@pytest.fixture
def world(catalogue: jc.Catalogue) -> World:
    """A fresh :class:`World` for one test."""
    return World(catalogue)


@pytest.fixture(scope="session")
def make_world(catalogue: jc.Catalogue) -> Callable[[], World]:
    """A factory of fresh worlds, for hypothesis tests (which must not reuse one world)."""
    return lambda: World(catalogue)
