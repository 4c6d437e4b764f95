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
from jcp_controls.models import RecordKind
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


def _evidence() -> Evidence:
    """The seeded demo evidence plus, for each added type, a copy of a shipped type's checks."""
    evidence = demo_evidence(2, 1, AS_OF)
    checks = evidence.records[RecordKind.CHECKS]
    added = [
        attrs.evolve(check, check_type=table["check_type"])
        for table, source in TYPES.values()
        for check in checks
        if check.check_type == source
    ]
    records = {**evidence.records, RecordKind.CHECKS: (*checks, *added)}
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
