"""JCC set-based queries on the corners the generated estates rarely reach: the policy's own
retention rules, claimants whose CCs span offices or whose versions are far apart, repeated
office and staff records, reviews that do not count, and staff evidence that is missing or
rejected (SEC §33-§36). Each case compares the two engines result by result."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.columnar.differential import compare, demo_evidence

import jcp_controls as jc
from jcp_controls.evidence.store import Evidence
from jcp_controls.models import (
    CcChannel,
    CcStatus,
    ClaimantCommitment,
    OfficeReview,
    OfficeReviewKind,
    RecordKind,
)
from jcp_controls.retention import RetentionRule

JCC = [f"JCC-00{n}" for n in range(1, 9)]
AS_OF = dt.date(2026, 11, 23)
_CC = RecordKind.CLAIMANT_COMMITMENTS


def _cc(
    cc_id: str,
    claimant: str,
    office: str,
    version: int,
    created: dt.date,
    channel: CcChannel = CcChannel.SCS,
    status: CcStatus = CcStatus.ACTIVE,
    **dates: dt.date,
) -> ClaimantCommitment:
    return ClaimantCommitment(cc_id, claimant, office, version, created, channel, status, **dates)


def _corners() -> Evidence:
    """The seeded estate plus records made to reach every branch of the JCC rules."""
    evidence = demo_evidence(2, 1, AS_OF)
    records = dict(evidence.records)
    offices = records[RecordKind.OFFICES]
    first, second = offices[0].office_id, offices[1].office_id
    day = dt.date
    ccs = [
        # CCs spanning two offices; a version typed as a date (one gap, not 20 million).
        _cc("X1", "Z1", first, 1, day(2020, 1, 1)),
        _cc("X2", "Z1", second, 20260102, day(2019, 1, 1), CcChannel.TACTICAL),
        # Versions at or below zero, a gap, a clerical dormant CC without dormant_since.
        _cc("X3", "Z2", first, 0, day(2020, 1, 1), CcChannel.CLERICAL, CcStatus.DORMANT),
        _cc("X4", "Z2", first, -3, day(2020, 1, 1), status=CcStatus.DESTROYED),
        _cc("X5", "Z2", second, 2, day(2020, 1, 1)),
        # The same CC twice in two offices (same version, date and ID), dates going back.
        _cc("X6", "Z3", first, 3, day(2020, 1, 1)),
        _cc("X6", "Z3", second, 3, day(2020, 1, 1), CcChannel.TACTICAL),
        _cc("X7", "Z3", first, 5, day(2019, 1, 1), status=CcStatus.DORMANT),
        _cc(
            "X8",
            "Z3",
            first,
            7,
            day(2018, 1, 1),
            status=CcStatus.DORMANT,
            dormant_since=day(2024, 2, 29),
        ),
        _cc(
            "X9",
            "Z4",
            first,
            2,
            day(2018, 1, 1),
            status=CcStatus.DESTROYED,
            dormant_since=day(2024, 1, 31),
            destroyed_on=day(2026, 1, 31),
        ),
        # An office missing from offices.csv.
        _cc(
            "XA",
            "Z4",
            "NOPE",
            4,
            day(2018, 1, 1),
            CcChannel.TACTICAL,
            CcStatus.DORMANT,
            dormant_since=day(2024, 1, 31),
        ),
    ]
    # More than twenty gaps: the message lists twenty and says there are more.
    ccs += [_cc(f"Y{n:02d}", "Z5", first, n * 3, day(2020, 1, n % 28 + 1)) for n in range(1, 30)]
    records[_CC] = records[_CC] + tuple(ccs)
    # The last record of an office or a member of staff is the one that counts.
    records[RecordKind.OFFICES] = (
        *offices,
        attrs.evolve(offices[0], iam_staff_id="S000009", iai_submitted_on=day(2026, 1, 1)),
    )
    staff = records[RecordKind.STAFF]
    records[RecordKind.STAFF] = (
        *staff,
        attrs.evolve(staff[8], job_role="work_coach_team_leader", left_on=day(2026, 11, 22)),
    )
    folder, assets = OfficeReviewKind.JCC_FOLDER_ACCESS, OfficeReviewKind.JCC_INFORMATION_ASSETS
    reviews = [
        OfficeReview(first, folder, day(2026, 3, n), reviewer, second_reviewer)
        for n, reviewer, second_reviewer in [
            (1, "S000009", None),
            (2, None, "S000009"),
            (3, "S000009", "S000009"),
            (4, "S000009", "S000001"),
            (5, "S000001", "S000009"),
            (6, "S000009", "NOBODY"),
            (6, "X", "Y"),
        ]
    ]
    reviews += [
        OfficeReview(first, assets, day(2026, 4, 1)),
        OfficeReview(first, assets, day(2026, 11, 30), "S000009"),  # after as_of: not known
    ]
    records[RecordKind.REVIEWS] = records[RecordKind.REVIEWS] + tuple(reviews)
    return Evidence(records, evidence.learning, sources=evidence.sources)


def _with_rules(*rules: RetentionRule) -> jc.Policy:
    policy = jc.Policy()
    return attrs.evolve(policy, retention=attrs.evolve(policy.retention, rules=rules))


_RULES = (
    RetentionRule(
        kind=_CC,
        runs_from="destroyed_on",
        months=3,
        when={"version": "2"},
        name="odd {} name's",
        source="a 'local' schedule",
    ),
    RetentionRule(
        kind=_CC,
        runs_from="created_on",
        months="warn_days",
        when={"work_programme": "false", "channel": "clerical"},
    ),
    RetentionRule(kind=_CC, runs_from="dormant_since", months=1, when={"status": "dormant"}),
)

POLICIES = {
    "default": jc.Policy(),
    "retention rules": _with_rules(*_RULES),
    "no rule covers dormant CCs": _with_rules(
        RetentionRule(kind=_CC, runs_from="created_on", months=14, when={"channel": "scs"})
    ),
    "no complete month": attrs.evolve(jc.Policy(), lookback_months=0),
    "long lookback, long warning": attrs.evolve(jc.Policy(), lookback_months=120, warn_days=400),
}


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2024, 2, 29), dt.date(2017, 7, 31)])
@pytest.mark.parametrize("name", sorted(POLICIES))
def test_jcc_queries_match_the_rules_on_corner_cases(name: str, as_of: dt.date) -> None:
    assert compare(_corners(), as_of, policy=POLICIES[name], only=JCC) == {}


def test_jcc_queries_match_the_rules_for_one_office() -> None:
    evidence = _corners()
    office = evidence.records[RecordKind.OFFICES][1].office_id
    assert compare(evidence, AS_OF, only=JCC, offices=[office]) == {}


def test_corner_cases_reach_the_branches_they_are_for() -> None:
    """The corner estate is not vacuous: the findings it was built for are there."""
    report = jc.evaluate(_corners(), as_of=AS_OF, policy=POLICIES["retention rules"], only=JCC)
    messages = {(r.control_id, r.subject_id): r.message for r in report.results}
    assert messages["JCC-002", "Z1"].startswith("version control broken: versions 2..20260101")
    assert ", ... missing" in messages["JCC-002", "Z5"]
    assert "recorded 2 times (X6, X6)" in messages["JCC-002", "Z3"]
    assert any(r.control_id == "JCC-001" and "offices" in r.evidence for r in report.results)
    assert any(
        r.evidence.get("retention_rule") == "odd {} name's"
        for r in report.results
        if r.control_id == "JCC-005"
    )
    reasons = {
        why["why"]
        for r in report.results
        if r.control_id == "JCC-006"
        for why in r.evidence["reviews_not_counted"]
    }
    assert {
        "no second reviewer besides the IAM",
        "second reviewer S000001 is not a Work Coach Team Leader",
        "not reviewed by the IAM (S000009)",
    } <= reasons


@pytest.mark.parametrize("how", ["rejected", "missing"])
def test_folder_review_scope_fails_closed_without_staff(how: str) -> None:
    """JCC-007 does not need staff.csv, but its scope reads it for folder grants that name a
    holder: without it (missing or rejected) both engines give the same errors."""
    evidence = demo_evidence(2, 1, AS_OF)
    if how == "rejected":
        evidence = attrs.evolve(evidence, rejected=frozenset({RecordKind.STAFF}))
    else:
        records = {k: v for k, v in evidence.records.items() if k is not RecordKind.STAFF}
        evidence = Evidence(records, evidence.learning, sources=evidence.sources)
    assert compare(evidence, AS_OF, only=JCC) == {}
    report = jc.evaluate(evidence, as_of=AS_OF, only=["JCC-007"])
    assert {r.status for r in report.results} == {jc.Status.ERROR}
