"""What a rule sees: the evaluation date, the policy, and indexes over the evidence.

Every accessor raises :class:`~jcp_controls.evidence.store.EvidenceUnavailable` when the kind
it reads was not supplied or was rejected, so a rule never mistakes missing evidence for
"no records"; the engine turns that into an ``error`` result for the subject concerned.
Indexes are built once per evaluation, on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from jcp_controls import calendar
from jcp_controls.controls.base import Control, Status
from jcp_controls.evidence.store import Evidence, LearningFacts
from jcp_controls.models import (
    Absence,
    AccessGrant,
    AccessReview,
    Designation,
    DesignationKind,
    Office,
    RecordKind,
    Region,
    RoleMatrixEntry,
    Staff,
)
from jcp_controls.policy import Policy

__all__ = ["RuleContext"]

T = TypeVar("T")


class RuleContext:
    """The read-only world of one evaluation, as rules see it."""

    def __init__(
        self,
        evidence: Evidence,
        policy: Policy,
        as_of: dt.date,
        controls: Mapping[str, Control] | None = None,
        *,
        offices: frozenset[str] | None = None,
    ) -> None:
        self.evidence = evidence
        self.policy = policy
        self.as_of = as_of
        #: Every control of the catalogue by ID: a control that reports on others (CHK-001
        #: "evaluated as ACC-009") finds them here, plugin controls included.
        self.controls: Mapping[str, Control] = controls or {}
        #: The offices being evaluated (None: all): subjects of other offices are not judged.
        self.only_offices = offices

    # -- statuses from due dates -------------------------------------------------------------

    def status_by_due(self, due_on: dt.date) -> Status:
        """An obligation not yet met: ``fail`` after ``due_on``, ``warn`` within
        ``warn_days`` of it, else ``pass``."""
        if self.as_of > due_on:
            return Status.FAIL
        if self.as_of >= calendar.add_days(due_on, -self.policy.warn_days):
            return Status.WARN
        return Status.PASS

    def status_by_deadline(self, due_on: dt.date, done_on: dt.date | None) -> Status:
        """A one-off obligation: done by ``due_on`` passes, done late warns, not done is
        judged by :meth:`status_by_due`. Actions after ``as_of`` are not yet known."""
        if done_on is not None and done_on <= self.as_of:
            return Status.PASS if done_on <= due_on else Status.WARN
        return self.status_by_due(due_on)

    def working_days_due(
        self, office_id: str | None, start: dt.date, days: int, rule: str
    ) -> tuple[dt.date, dict[str, Any]]:
        """The date ``days`` working days after ``start`` in the office's region, with its
        trace for the result's evidence: what it runs from, the rule, the region and every
        weekend day and bank holiday skipped (so a manager can check the arithmetic).

        Args:
            office_id: whose regional bank holidays count (policy default when unknown).
            start: the date it runs from (not counted).
            days: how many working days.
            rule: the rule in words, e.g. ``timeliness.escalation_working_days (1)``.
        """
        region = self.region_of(office_id)
        trace = calendar.working_days_after_trace(start, days, region)
        evidence: dict[str, Any] = {
            "runs_from": start,
            "rule": f"{days} working day{'s' if days != 1 else ''} after: {rule}",
            "region": region.value,
            "skipped": [
                {"date": skipped.day, "reason": skipped.reason} for skipped in trace.skipped
            ],
        }
        return trace.due_on, evidence

    # -- offices and staff -------------------------------------------------------------------

    @functools.cached_property
    def offices(self) -> Mapping[str, Office]:
        """Offices by ID."""
        return {office.office_id: office for office in self.evidence.get(RecordKind.OFFICES)}

    def region_of(self, office_id: str | None) -> Region:
        """The bank-holiday region of an office (the policy default when it names none)."""
        office = self.offices.get(office_id) if office_id is not None else None
        if office is not None and office.region is not None:
            return office.region
        return self.policy.calendar.default_region

    @functools.cached_property
    def staff(self) -> Mapping[str, Staff]:
        """Staff by ID."""
        return {person.staff_id: person for person in self.evidence.get(RecordKind.STAFF)}

    @functools.cached_property
    def _designations(self) -> Mapping[str, tuple[Designation, ...]]:
        grouped: defaultdict[str, list[Designation]] = defaultdict(list)
        for designation in self.evidence.get(RecordKind.DESIGNATIONS):
            grouped[designation.staff_id].append(designation)
        return {key: tuple(values) for key, values in grouped.items()}

    def designations_of(self, staff_id: str) -> tuple[Designation, ...]:
        """Every designation of one member of staff."""
        return self._designations.get(staff_id, ())

    def holds(self, staff_id: str, kind: DesignationKind, day: dt.date) -> Designation | None:
        """The designation of ``kind`` that ``staff_id`` holds on ``day``, if any."""
        for designation in self.designations_of(staff_id):
            if designation.designation is kind and designation.is_active(day):
                return designation
        return None

    @functools.cached_property
    def designations_by_kind(self) -> Mapping[DesignationKind, tuple[Designation, ...]]:
        """Designations grouped by kind."""
        grouped: defaultdict[DesignationKind, list[Designation]] = defaultdict(list)
        for designation in self.evidence.get(RecordKind.DESIGNATIONS):
            grouped[designation.designation].append(designation)
        return {key: tuple(values) for key, values in grouped.items()}

    def designated(self, office_id: str, kind: DesignationKind) -> tuple[Staff, ...]:
        """Staff of the office, current on ``as_of``, holding an active ``kind`` designation
        on ``as_of``, in ID order (the LMS Operator, ICO, Health & Safety rep, ...)."""

        def build() -> Mapping[str, tuple[Staff, ...]]:
            by_office: defaultdict[str, dict[str, Staff]] = defaultdict(dict)
            for designation in self.designations_by_kind.get(kind, ()):
                person = self.staff.get(designation.staff_id)
                if (
                    person is not None
                    and designation.is_active(self.as_of)
                    and person.is_current(self.as_of)
                ):
                    by_office[person.office_id][person.staff_id] = person
            return {
                office: tuple(people[key] for key in sorted(people))
                for office, people in by_office.items()
            }

        index: Mapping[str, tuple[Staff, ...]] = self.cached(f"context.designated.{kind}", build)
        return index.get(office_id, ())

    @functools.cached_property
    def _absences(self) -> Mapping[str, tuple[Absence, ...]]:
        grouped: defaultdict[str, list[Absence]] = defaultdict(list)
        for absence in self.evidence.get(RecordKind.ABSENCES):
            grouped[absence.staff_id].append(absence)
        return {key: tuple(values) for key, values in grouped.items()}

    def absences_of(self, staff_id: str) -> tuple[Absence, ...]:
        """Every absence of one member of staff."""
        return self._absences.get(staff_id, ())

    # -- access ------------------------------------------------------------------------------

    @functools.cached_property
    def grants(self) -> tuple[AccessGrant, ...]:
        """Every access grant."""
        grants: tuple[AccessGrant, ...] = self.evidence.get(RecordKind.ACCESS_GRANTS)
        return grants

    @functools.cached_property
    def active_grants(self) -> tuple[AccessGrant, ...]:
        """Grants active on ``as_of``."""
        return tuple(grant for grant in self.grants if grant.is_active(self.as_of))

    def office_of_grant(self, grant: AccessGrant) -> str | None:
        """The grant's office: the holder's office, else the grant's own ``office_id``."""
        if grant.staff_id is not None:
            holder = self.staff.get(grant.staff_id)
            if holder is not None:
                return holder.office_id
        return grant.office_id

    @functools.cached_property
    def _reviews(self) -> Mapping[str, tuple[AccessReview, ...]]:
        grouped: defaultdict[str, list[AccessReview]] = defaultdict(list)
        for review in self.evidence.get(RecordKind.ACCESS_REVIEWS):
            if review.reviewed_on <= self.as_of:  # later reviews are not known yet
                grouped[review.grant_id].append(review)
        return {key: tuple(values) for key, values in grouped.items()}

    def reviews_of(self, grant_id: str) -> tuple[AccessReview, ...]:
        """Reviews of one grant performed on or before ``as_of``."""
        return self._reviews.get(grant_id, ())

    @functools.cached_property
    def role_matrix(self) -> Mapping[str, frozenset[tuple[str, str]]]:
        """Permitted (job role, entitlement) pairs per system."""
        grouped: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        entry: RoleMatrixEntry
        for entry in self.evidence.get(RecordKind.ACCESS_ROLE_MATRIX):
            grouped[entry.system].add((entry.job_role, entry.entitlement))
        return {system: frozenset(pairs) for system, pairs in grouped.items()}

    # -- learning ----------------------------------------------------------------------------

    @functools.cached_property
    def learning(self) -> LearningFacts:
        """Learning facts."""
        return self.evidence.facts()

    def cached(self, name: str, build: Callable[[], T]) -> T:
        """A value built once per evaluation by ``build()``: indexes shared by several
        controls (and plugins' controls). Name it ``module.what`` to avoid clashes."""
        store: dict[str, Any] = self.__dict__.setdefault("_cache", {})
        if name not in store:
            store[name] = build()
        value: T = store[name]
        return value
