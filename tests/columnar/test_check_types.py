"""Check types a policy adds (``[[checks.types]]``) get a set-based implementation from
their catalogue entry, as the shipped Annex 1 rows do, and it gives what their Python rule
gives: combined frequencies, every scope it models, and controls judged as others."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from tests.columnar.differential import compare, demo_evidence
from tests.columnar.test_differential import _policy, _vary

import jcp_controls as jc
from jcp_controls.catalogue import Catalogue
from jcp_controls.columnar import Estate
from jcp_controls.columnar.engine import runs_set_based
from jcp_controls.evidence.store import Evidence
from jcp_controls.models import CheckOutcome, CheckRecord, Enrolment, RecordKind
from jcp_controls.plugins import Plugins

AS_OF = dt.date(2026, 11, 23)

#: Policy-added check types, and the shipped check type whose records each is given.
TYPES = {
    "CHK-EXPENSE-AUDIT": (
        {
            "check_type": "expense_audit",
            "category": "Expense audit",
            "frequency": "interval(regularly) + on_event(expenses_claim)",
            "owner": "Line manager",
            "scope": "staff",
        },
        "expenses_claims",
    ),
    "CHK-EYE-RECHECK": (
        {
            "check_type": "eye_recheck",
            "category": "Eye re-check",
            "frequency": "calendar(flexi) + start_then_interval(12)",
            "owner": "Line manager",
            "scope": "all_staff",
        },
        "eye_care",
    ),
    "CHK-JOURNEY-REVIEW": (
        {
            "check_type": "journey_review",
            "category": "Journey review",
            "frequency": "on_event(business_journey_driving, before=6)",
            "owner": "Line manager",
            "scope": "staff",
        },
        "driving_licence",
    ),
    "CHK-SITE-REVIEW": (
        {
            "check_type": "site_review",
            "category": "Site review",
            "frequency": "calendar(quarter) + interval(6) + on_event(purchase_order)",
            "owner": "Site manager",
            "scope": "office",
        },
        "procurement",
    ),
    "CHK-VEHICLE-AUDIT": (
        {
            "check_type": "vehicle_audit",
            "category": "Vehicle audit",
            "frequency": "calendar(quarter) + interval(6) + on_event(business_journey_driving)",
            "owner": "Fleet manager",
            "scope": "enrolled",
        },
        "driving_licence",
    ),
    "CHK-LEARNING-SUMMARY": (
        {
            "check_type": "learning_summary",
            "category": "Learning summary",
            "frequency": "evaluated_as(LRN-001, LRN-002)",
            "owner": "Line manager",
            "scope": "office",
        },
        None,
    ),
    "CHK-STAFF-SUMMARY": (
        {
            "check_type": "staff_summary",
            "category": "Staff checks summary",
            "frequency": "evaluated_as(CHK-013, CHK-024)",
            "owner": "Line manager",
            "scope": "office",
        },
        None,
    ),
}


#: The enrolled-scope types, shipped and added.
ENROLLED = ["CHK-003", "CHK-006", "CHK-007", "CHK-009", "CHK-017", "CHK-027", "CHK-VEHICLE-AUDIT"]

#: Vehicles (not staff) enrolled for the vehicle audit: one current, checked once with an
#: exception; one whose enrolment ended in the lookback window (judged for its quarters only).
_VEHICLES = (
    Enrolment("vehicle_audit", "VEH-0001", "OF001", dt.date(2025, 1, 6)),
    Enrolment("vehicle_audit", "VEH-0002", "OF002", dt.date(2024, 1, 1), dt.date(2026, 3, 31)),
    # a driver's earlier enrolment at another office: a second stretch in scope
    Enrolment("vehicle_audit", "S000003", "OF002", dt.date(2020, 1, 1), dt.date(2022, 6, 30)),
)
_VEHICLE_CHECKS = (
    CheckRecord(
        "vehicle_audit", "OF001", dt.date(2026, 5, 12), "VEH-0001", outcome=CheckOutcome.EXCEPTION
    ),
    CheckRecord("vehicle_audit", "OF002", dt.date(2025, 11, 3), "VEH-0002"),
)


def _evidence() -> Evidence:
    """The seeded demo evidence plus, for each added type, a copy of a shipped type's checks
    and enrolments (and vehicles enrolled for the vehicle audit)."""
    evidence = demo_evidence(2, 1, AS_OF)
    records = dict(evidence.records)
    for kind in (RecordKind.CHECKS, RecordKind.ENROLMENTS):
        rows = records[kind]
        added = [
            attrs.evolve(row, check_type=table["check_type"])
            for table, source in TYPES.values()
            for row in rows
            if row.check_type == source
        ]
        records[kind] = (*rows, *added)
    records[RecordKind.ENROLMENTS] += _VEHICLES
    records[RecordKind.CHECKS] += _VEHICLE_CHECKS
    return Evidence(records, evidence.learning, sources=evidence.sources)


@pytest.fixture(scope="module")
def policy() -> jc.Policy:
    base = jc.Policy()
    types = tuple(table for table, _ in TYPES.values())
    return attrs.evolve(base, checks=attrs.evolve(base.checks, types=types))


def test_policy_added_check_types_run_set_based(policy: jc.Policy) -> None:
    catalogue = Catalogue.from_plugins(Plugins()).with_policy(policy)
    estate = Estate.from_evidence(_evidence())
    by_id = catalogue.by_id()
    assert {cid for cid in TYPES if not runs_set_based(estate, by_id[cid])} == set()


@pytest.mark.parametrize(("flexi_period", "regularly_months"), [("month", 3), ("quarter", 1)])
def test_policy_added_check_types_equal_their_python_rule(
    policy: jc.Policy, flexi_period: str, regularly_months: int
) -> None:
    policy = attrs.evolve(
        policy,
        checks=attrs.evolve(
            policy.checks, flexi_period=flexi_period, regularly_months=regularly_months
        ),
    )
    evidence = _evidence()
    assert compare(evidence, AS_OF, policy=policy, only=sorted(TYPES)) == {}
    report = jc.evaluate(evidence, as_of=AS_OF, policy=policy, only=sorted(TYPES))
    statuses: dict[str, set[str]] = {cid: set() for cid in TYPES}
    for result in report.results:
        statuses[result.control_id].add(result.status.value)
    # not vacuous: every added control has subjects, and findings as well as passes
    assert {cid for cid, seen in statuses.items() if not seen - {"pass"}} == set()


@pytest.mark.parametrize("seed", [3, 8, 21, 34])
def test_policy_added_check_types_equal_their_python_rule_on_varied_estates(seed: int) -> None:
    """Records altered, dropped and doubled; another date and policy."""
    rng = random.Random(seed)
    base = _policy(rng)
    types = tuple(table for table, _ in TYPES.values())
    policy = attrs.evolve(base, checks=attrs.evolve(base.checks, types=types))
    evidence = _vary(_evidence(), seed, 0.3 if seed % 2 else 0.05)
    as_of = AS_OF + dt.timedelta(days=rng.randint(-400, 200))
    assert compare(evidence, as_of, policy=policy, only=sorted(TYPES)) == {}


def _without_staff(evidence: Evidence, rejected: bool) -> Evidence:
    """The evidence with ``staff.csv`` rejected, or not supplied at all."""
    if rejected:
        return attrs.evolve(evidence, rejected=frozenset({RecordKind.STAFF}))
    records = {kind: rows for kind, rows in evidence.records.items() if kind != RecordKind.STAFF}
    return attrs.evolve(evidence, records=records)


def test_enrolled_subjects_that_are_not_staff_have_no_staff_id(policy: jc.Policy) -> None:
    """A vehicle is judged as a subject with no staff ID, a driver with one; an enrolment
    that ended is judged for its quarters only; a journey by a driver never enrolled is
    judged alone."""
    report = jc.evaluate(_evidence(), as_of=AS_OF, policy=policy, only=["CHK-VEHICLE-AUDIT"])
    by_subject = {result.subject_id: result for result in report.results}
    assert by_subject["VEH-0001"].staff_id is None
    assert "latest check an exception in 2026Q2" in by_subject["VEH-0001"].message
    assert by_subject["VEH-0002"].staff_id is None
    assert by_subject["VEH-0002"].message == "no check in 2026Q1"
    assert (by_subject["S000003"].staff_id, by_subject["S000003"].office_id) == (
        "S000003",
        "OF001",
    )
    assert by_subject["S000349"].message.startswith("business_journey_driving on ")
    assert compare(_evidence(), AS_OF, policy=policy, only=ENROLLED) == {}


@pytest.mark.parametrize("rejected", [False, True], ids=["staff-missing", "staff-rejected"])
def test_enrolled_scope_without_staff_is_set_based_and_equals_the_rule(
    policy: jc.Policy, rejected: bool
) -> None:
    """Without accepted staff records no enrolled subject has a staff ID, on either engine;
    the query then reads no ``staff`` table."""
    evidence = _without_staff(_evidence(), rejected)
    catalogue = Catalogue.from_plugins(Plugins()).with_policy(policy).by_id()
    estate = Estate.from_evidence(evidence)
    assert [cid for cid in ENROLLED if not runs_set_based(estate, catalogue[cid])] == []
    assert compare(evidence, AS_OF, policy=policy, only=ENROLLED) == {}
    report = jc.evaluate(evidence, as_of=AS_OF, policy=policy, only=ENROLLED)
    assert report.results
    assert {result.staff_id for result in report.results} == {None}
