"""JCC: JSA Claimant Commitments and their information assets (SEC §33-§36).

Each control is declared at the bottom of the module from a scope function and a rule
function (see :mod:`jcp_controls.controls.access` for the pattern). Decisions the catalogue
leaves open, taken here:

* **JCC-001/002** (scope: claimant) judge every ``claimant_ref`` with at least one CC
  record, whatever its channel or status. A claimant's result belongs to the office of
  their latest CC (highest ``version``, then latest ``created_on``, then greatest
  ``cc_id``); when their CCs span offices the evidence lists every office and says which
  was chosen.
* **JCC-003** (scope: CC) judges every CC record: one result per CC, so the scope is
  exactly "CC" as the catalogue says. Only ``tactical`` CCs can fail; ``scs`` and
  ``clerical`` CCs pass. An active tactical CC is due to be replaced by
  ``jcc.tactical_end_on`` (its ``due_on``) and, like every obligation due on a date, warns
  within ``warn_days`` before it. An office without ``scs_live_on`` cannot break the
  "created after go-live" rule.
* **JCC-004/005** apply the retention rules of :mod:`jcp_controls.retention`: the policy's
  own ``[[retention.rules]]`` first, then the shipped rule (``dormant_since`` +
  ``retention.jcc_dormant_months``). Every due date's evidence says what it runs from and
  the rule. A record without the date its rule runs from fails (for the shipped rule, a
  destroyed CC that was never dormant).
* **JCC-006/007** (scope: office holding CCs or folder grants) judge offices with any CC
  record, or with a ``jcc_folder`` grant active on some day of the lookback window
  ``[as_of - lookback_months, as_of]``; both controls share that scope. The months judged
  are the complete calendar months overlapping the window (a month only partly inside it
  counts in full; the month holding ``as_of`` is unfinished and not judged). Reviews after
  ``as_of`` are not known yet. JCC-006 needs two different people: the office's IAM and a
  member of staff whose job role is ``work_coach_team_leader`` (either may be
  ``reviewer_id``); JCC-007 needs the IAM as either reviewer. One result per office names
  every missing month (``YYYY-MM``); its ``due_on`` is the end of the earliest one.
* **JCC-008** (scope: office holding CCs) fails for every reason that applies.

Messages and evidence carry no claimant data beyond ``claimant_ref`` and CC IDs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from jcp_controls import calendar
from jcp_controls.controls.base import (
    EVERY_EVALUATION,
    STANDING,
    ControlSet,
    DemoFault,
    Family,
    Finding,
    Scoped,
    Severity,
    Status,
    Subject,
    SubjectKind,
)
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.sql import jcc as sql
from jcp_controls.models import (
    AccessGrant,
    CcChannel,
    CcStatus,
    ClaimantCommitment,
    Office,
    OfficeReview,
    OfficeReviewKind,
    RecordKind,
)
from jcp_controls.retention import retention_due

__all__ = ["CONTROLS"]

JCC_FOLDER = "jcc_folder"
WORK_COACH_TEAM_LEADER = "work_coach_team_leader"
_ELECTRONIC = frozenset({CcChannel.SCS, CcChannel.TACTICAL})
_K = RecordKind
_IAM = "Information Asset Manager"
_IAM_AND_WCTL = "Information Asset Manager and Work Coach Team Leader"


# -- indexes ---------------------------------------------------------------------------------


JCC = ControlSet(Family("JCC", "JCC — JSA Claimant Commitments and their information assets", 3))
_CC = SubjectKind.CC
_OFFICE = SubjectKind.OFFICE


def _ccs(ctx: RuleContext) -> tuple[ClaimantCommitment, ...]:
    ccs: tuple[ClaimantCommitment, ...] = ctx.evidence.get(_K.CLAIMANT_COMMITMENTS)
    return ccs


def _latest_key(cc: ClaimantCommitment) -> tuple[int, dt.date, str]:
    return cc.version, cc.created_on, cc.cc_id


@attrs.frozen
class ClaimantCcs:
    """The CCs of one claimant, oldest version first, and the office their result goes to.

    Attributes:
        claimant_ref: the pseudonymous claimant reference.
        ccs: every CC record of the claimant, by version, then ``created_on``, then ID.
        office_id: the office of the latest CC.
        offices: every office holding one of the claimant's CCs, sorted.
    """

    claimant_ref: str
    ccs: tuple[ClaimantCommitment, ...]
    office_id: str
    offices: tuple[str, ...]

    def office_evidence(self) -> dict[str, Any]:
        """Which office the result belongs to, when the CCs span several."""
        if len(self.offices) < 2:
            return {}
        latest = self.ccs[-1]
        return {
            "offices": list(self.offices),
            "reported_at": f"{self.office_id}, the office of the latest CC ({latest.cc_id}, "
            f"version {latest.version})",
        }


def _claimants(ctx: RuleContext) -> tuple[ClaimantCcs, ...]:
    def build() -> tuple[ClaimantCcs, ...]:
        grouped: defaultdict[str, list[ClaimantCommitment]] = defaultdict(list)
        for cc in _ccs(ctx):
            grouped[cc.claimant_ref].append(cc)
        claimants = []
        for ref in sorted(grouped):
            ccs = tuple(sorted(grouped[ref], key=_latest_key))
            offices = tuple(sorted({cc.office_id for cc in ccs}))
            claimants.append(ClaimantCcs(ref, ccs, ccs[-1].office_id, offices))
        return tuple(claimants)

    return ctx.cached("jcc.claimants", build)


def _cc_offices(ctx: RuleContext) -> frozenset[str]:
    return ctx.cached("jcc.cc_offices", lambda: frozenset(cc.office_id for cc in _ccs(ctx)))


def _window_start(ctx: RuleContext) -> dt.date:
    return calendar.add_months(ctx.as_of, -ctx.policy.lookback_months)


def _active_in_window(grant: AccessGrant, first: dt.date, last: dt.date) -> bool:
    """Active on some day of ``first``..``last`` (active on D: granted_on <= D < removed_on)."""
    if grant.granted_on > last:
        return False
    return grant.removed_on is None or grant.removed_on > max(first, grant.granted_on)


def _folder_offices(ctx: RuleContext) -> frozenset[str]:
    def build() -> frozenset[str]:
        first = _window_start(ctx)
        offices = set()
        for grant in ctx.grants:
            if grant.system == JCC_FOLDER and _active_in_window(grant, first, ctx.as_of):
                office_id = ctx.office_of_grant(grant)
                if office_id is not None:
                    offices.add(office_id)
        return frozenset(offices)

    return ctx.cached("jcc.folder_offices", build)


def _office_reviews(
    ctx: RuleContext,
) -> Mapping[tuple[str, OfficeReviewKind], tuple[OfficeReview, ...]]:
    def build() -> Mapping[tuple[str, OfficeReviewKind], tuple[OfficeReview, ...]]:
        grouped: defaultdict[tuple[str, OfficeReviewKind], list[OfficeReview]] = defaultdict(list)
        review: OfficeReview
        for review in ctx.evidence.get(_K.REVIEWS):
            if review.reviewed_on <= ctx.as_of:  # later reviews are not known yet
                grouped[(review.office_id, review.kind)].append(review)
        return {
            key: tuple(sorted(values, key=lambda r: r.reviewed_on))
            for key, values in grouped.items()
        }

    return ctx.cached("jcc.office_reviews", build)


# -- scopes ----------------------------------------------------------------------------------


def _claimant_subjects(ctx: RuleContext) -> Iterator[Scoped]:
    for claimant in _claimants(ctx):
        subject = Subject(SubjectKind.CLAIMANT, claimant.claimant_ref, claimant.office_id)
        yield Scoped(subject, claimant)


def _cc_subjects(status: CcStatus | None = None) -> Callable[[RuleContext], Iterator[Scoped]]:
    def select(ctx: RuleContext) -> Iterator[Scoped]:
        for cc in sorted(_ccs(ctx), key=lambda cc: cc.cc_id):
            if status is None or cc.status is status:
                yield Scoped(Subject(SubjectKind.CC, cc.cc_id, cc.office_id), cc)

    return select


def _office_subjects(ctx: RuleContext, office_ids: frozenset[str]) -> Iterator[Scoped]:
    for office_id in sorted(ctx.offices):
        if office_id in office_ids:
            office = ctx.offices[office_id]
            yield Scoped(Subject(SubjectKind.OFFICE, office_id, office_id), office)


def _offices_holding_ccs(ctx: RuleContext) -> Iterator[Scoped]:
    return _office_subjects(ctx, _cc_offices(ctx))


def _offices_holding_ccs_or_folder(ctx: RuleContext) -> Iterator[Scoped]:
    return _office_subjects(ctx, _cc_offices(ctx) | _folder_offices(ctx))


def _cc_brief(cc: ClaimantCommitment) -> dict[str, Any]:
    return {
        "cc_id": cc.cc_id,
        "version": cc.version,
        "created_on": cc.created_on,
        "channel": cc.channel,
        "status": cc.status,
    }


# -- JCC-001 ---------------------------------------------------------------------------------


@JCC.control(
    "JCC-001",
    name="one-electronic-cc-per-claimant",
    severity=Severity.HIGH,
    citation="SEC §36",
    scope="claimant",
    subject_kind=SubjectKind.CLAIMANT,
    rule="more than one active CC with channel scs or tactical: fail.",
    needs=(_K.CLAIMANT_COMMITMENTS,),
    select=_claimant_subjects,
    frequency=EVERY_EVALUATION,
    owner=_IAM_AND_WCTL,
    faults=(DemoFault("two_active_ccs", 0.05, 1),),
    sql=sql.one_electronic_cc,
)
def one_electronic_cc(ctx: RuleContext, claimant: ClaimantCcs) -> Finding:
    """At most one ``active`` CC with channel ``scs`` or ``tactical`` per claimant."""
    active = [
        cc for cc in claimant.ccs if cc.status is CcStatus.ACTIVE and cc.channel in _ELECTRONIC
    ]
    evidence: dict[str, Any] = {"active_electronic": [_cc_brief(cc) for cc in active]}
    evidence |= claimant.office_evidence()
    if len(active) > 1:
        ids = ", ".join(cc.cc_id for cc in active)
        return Finding(
            Status.FAIL,
            f"{len(active)} active electronic Claimant Commitments ({ids}); only one is allowed",
            evidence=evidence,
        )
    if active:
        return Finding(
            Status.PASS, f"one active electronic CC ({active[0].cc_id})", evidence=evidence
        )
    return Finding(Status.PASS, "no active electronic CC", evidence=evidence)


# -- JCC-002 ---------------------------------------------------------------------------------


#: How many missing versions JCC-002 lists one by one (all of them are in ``missing_ranges``).
_MISSING_LISTED = 20


@JCC.control(
    "JCC-002",
    name="cc-version-control",
    severity=Severity.MEDIUM,
    citation="SEC §36",
    scope="claimant",
    subject_kind=SubjectKind.CLAIMANT,
    rule=(
        "versions not exactly 1..n, or created_on decreasing as version rises: fail, naming the "
        "gap or duplicate."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS,),
    select=_claimant_subjects,
    frequency=EVERY_EVALUATION,
    owner=_IAM_AND_WCTL,
    faults=(DemoFault("cc_version_gap", 0.05, 1),),
    sql=sql.cc_version_control,
)
def cc_version_control(ctx: RuleContext, claimant: ClaimantCcs) -> Finding:
    """Versions are exactly 1..n and ``created_on`` never decreases as the version rises.

    Missing versions are reported as ranges (``missing_ranges``, ``missing_count``) and the
    first :data:`_MISSING_LISTED` one by one, so the cost and the size of the finding follow
    the number of records, not the value in a cell."""
    by_version: defaultdict[int, list[ClaimantCommitment]] = defaultdict(list)
    for cc in claimant.ccs:
        by_version[cc.version].append(cc)
    versions = sorted(by_version)
    # Gaps as ranges: the cost follows the number of records, never the size of a version
    # (a date typed into the column, 20260102, is one gap, not twenty million versions).
    gaps: list[tuple[int, int]] = []
    previous = 0
    for version in versions:
        if version > previous + 1:
            gaps.append((previous + 1, version - 1))
        previous = max(previous, version)
    missing_count = sum(last - first + 1 for first, last in gaps)
    missing = list(
        itertools.islice(
            (v for first, last in gaps for v in range(first, last + 1)), _MISSING_LISTED
        )
    )
    duplicates: list[dict[str, Any]] = [
        {"version": v, "cc_ids": [cc.cc_id for cc in by_version[v]]}
        for v in versions
        if len(by_version[v]) > 1
    ]
    out_of_order: list[dict[str, Any]] = []
    for lower, higher in itertools.pairwise(versions):
        latest_lower = max(cc.created_on for cc in by_version[lower])
        earliest_higher = min(cc.created_on for cc in by_version[higher])
        if earliest_higher < latest_lower:
            out_of_order.append(
                {
                    "version": higher,
                    "created_on": earliest_higher,
                    "previous_version": lower,
                    "previous_created_on": latest_lower,
                }
            )
    evidence: dict[str, Any] = {
        "versions": [cc.version for cc in claimant.ccs],
        "missing_versions": missing,
        "missing_count": missing_count,
        "missing_ranges": [[first, last] for first, last in gaps],
        "duplicate_versions": duplicates,
        "created_out_of_order": out_of_order,
    }
    evidence |= claimant.office_evidence()
    problems = []
    if gaps:
        noun = "version" if missing_count == 1 else "versions"
        named = [str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}..{b}" for a, b in gaps]
        more = ", ..." if len(named) > _MISSING_LISTED else ""
        problems.append(f"{noun} {', '.join(named[:_MISSING_LISTED])}{more} missing")
    for duplicate in duplicates:
        problems.append(
            f"version {duplicate['version']} recorded {len(duplicate['cc_ids'])} times "
            f"({', '.join(duplicate['cc_ids'])})"
        )
    for step in out_of_order:
        problems.append(
            f"version {step['version']} created on {step['created_on']}, before version "
            f"{step['previous_version']} ({step['previous_created_on']})"
        )
    if problems:
        return Finding(
            Status.FAIL, "version control broken: " + "; ".join(problems), evidence=evidence
        )
    n = len(versions)
    return Finding(
        Status.PASS,
        "version 1 only" if n == 1 else f"versions 1..{n} in date order",
        evidence=evidence,
    )


# -- JCC-003 ---------------------------------------------------------------------------------


@JCC.control(
    "JCC-003",
    name="no-tactical-solution",
    severity=Severity.HIGH,
    citation="SEC §33, §34",
    scope="CC",
    subject_kind=_CC,
    rule=(
        "channel tactical and created_on >= the office's scs_live_on: fail; channel tactical, "
        "status active on as_of > jcc.tactical_end_on: fail."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS, _K.OFFICES),
    select=_cc_subjects(),
    frequency=STANDING
    + "; an active tactical CC is due to be replaced by ``jcc.tactical_end_on``.",
    faults=(DemoFault("tactical_after_scs", 0.02, 1),),
    sql=sql.no_tactical_solution,
)
def no_tactical_solution(ctx: RuleContext, cc: ClaimantCommitment) -> Finding:
    """No tactical CC created once the office went live with SCS; none active after the
    tactical end date (SEC §33, §34)."""
    if cc.channel is not CcChannel.TACTICAL:
        return Finding(
            Status.PASS,
            f"created on channel {cc.channel}, not the tactical solution",
            evidence={"channel": cc.channel},
        )
    office = ctx.offices.get(cc.office_id)
    live = office.scs_live_on if office is not None else None
    end = ctx.policy.jcc.tactical_end_on
    evidence: dict[str, Any] = {
        "channel": cc.channel,
        "status": cc.status,
        "created_on": cc.created_on,
        "scs_live_on": live,
        "tactical_end_on": end,
        "work_programme": cc.work_programme,
    }
    reasons = []
    if live is not None and cc.created_on >= live:
        reasons.append(
            f"created on the tactical solution on {cc.created_on}, on or after the office "
            f"went live with the Signature Capture Service ({live})"
        )
    due = end if cc.status is CcStatus.ACTIVE else None
    if due is not None:
        evidence["rule"] = f"an active tactical CC is replaced by jcc.tactical_end_on ({end})"
        if ctx.as_of > end:
            reasons.append(f"still active on the tactical solution after {end}")
    if reasons:
        return Finding(Status.FAIL, "; ".join(reasons), due, evidence)
    if due is not None and ctx.status_by_due(due) is Status.WARN:
        return Finding(
            Status.WARN,
            f"active on the tactical solution; replace with an SCS CC by {end}",
            due,
            evidence,
        )
    if due is not None:
        message = f"tactical CC created before SCS go-live; may stay active until {end}"
    else:
        message = f"tactical CC created before SCS go-live, now {cc.status}"
    return Finding(Status.PASS, message, due, evidence)


# -- JCC-004 / JCC-005 -----------------------------------------------------------------------


@JCC.control(
    "JCC-004",
    name="dormant-cc-retention",
    severity=Severity.MEDIUM,
    citation="SEC §36",
    scope="dormant CC",
    subject_kind=_CC,
    rule=(
        "due to be destroyed on dormant_since + retention.jcc_dormant_months (or as a retention "
        "rule of the policy says)."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS,),
    select=_cc_subjects(CcStatus.DORMANT),
    frequency=(
        "One-off: destruction due on ``dormant_since`` + ``retention.jcc_dormant_months`` (or as a"
        " ``[[retention.rules]]`` entry of the policy says)."
    ),
    owner=_IAM_AND_WCTL,
    faults=(DemoFault("dormant_past_retention", 0.04, 1),),
    sql=sql.dormant_cc_retention,
)
def dormant_cc_retention(ctx: RuleContext, cc: ClaimantCommitment) -> Finding:
    """A dormant CC is due to be destroyed when its retention rule's period ends."""
    due = retention_due(ctx.policy, _K.CLAIMANT_COMMITMENTS, cc)
    if due is None:
        return Finding(Status.PASS, "no retention rule covers this CC")
    evidence = due.evidence() | {"status": cc.status}
    if due.due_on is None:
        return Finding(
            Status.FAIL,
            f"dormant, but no {due.rule.runs_from} recorded to run retention from "
            f"(rule {due.label}: {due.text})",
            evidence=evidence,
        )
    status = ctx.status_by_due(due.due_on)
    since = f"{due.rule.runs_from} {due.runs_from}"
    if status is Status.FAIL:
        message = f"not destroyed; retention ended on {due.due_on} ({since}, {due.text})"
    elif status is Status.WARN:
        message = f"due to be destroyed on {due.due_on} ({since}, {due.text})"
    else:
        message = f"retained until {due.due_on} ({since}, {due.text})"
    return Finding(status, message, due.due_on, evidence)


@JCC.control(
    "JCC-005",
    name="no-premature-destruction",
    severity=Severity.HIGH,
    citation="SEC §36",
    scope="destroyed CC",
    subject_kind=_CC,
    rule=(
        "destroyed_on before dormant_since + retention.jcc_dormant_months (or as a retention rule "
        "of the policy says), or never dormant: fail."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS,),
    select=_cc_subjects(CcStatus.DESTROYED),
    frequency=STANDING + ": destruction not before the retention period ends.",
    owner=_IAM_AND_WCTL,
    faults=(DemoFault("cc_destroyed_early", 0.02, 1),),
    sql=sql.no_premature_destruction,
)
def no_premature_destruction(ctx: RuleContext, cc: ClaimantCommitment) -> Finding:
    """A CC is destroyed no earlier than the end of its retention period, and only after it
    went dormant (for the shipped rule)."""
    due = retention_due(ctx.policy, _K.CLAIMANT_COMMITMENTS, cc)
    if due is None:
        return Finding(Status.PASS, "no retention rule covers this CC")
    evidence = due.evidence() | {"destroyed_on": cc.destroyed_on}
    if cc.destroyed_on is None:
        return Finding(
            Status.FAIL,
            "destroyed, but the date of destruction is not recorded",
            evidence=evidence,
        )
    if due.due_on is None:
        if due.rule.runs_from == "dormant_since":
            message = (
                f"destroyed on {cc.destroyed_on} but never dormant (no date it became dormant)"
            )
        else:
            message = (
                f"destroyed on {cc.destroyed_on} with no {due.rule.runs_from} to run "
                "retention from"
            )
        return Finding(Status.FAIL, f"{message} (rule {due.label}: {due.text})", None, evidence)
    if cc.destroyed_on < due.due_on:
        return Finding(
            Status.FAIL,
            f"destroyed on {cc.destroyed_on}, before its retention ended on {due.due_on} "
            f"({due.rule.runs_from} {due.runs_from}, {due.text})",
            due.due_on,
            evidence,
        )
    return Finding(
        Status.PASS,
        f"destroyed on {cc.destroyed_on}, after its retention ended on {due.due_on}",
        due.due_on,
        evidence,
    )


# -- JCC-006 / JCC-007 -----------------------------------------------------------------------

#: Why a review does not count (None when it does).
_ReviewerCheck = Callable[[RuleContext, Office, OfficeReview], str | None]


def _iam_and_team_leader(ctx: RuleContext, office: Office, review: OfficeReview) -> str | None:
    iam = office.iam_staff_id
    if iam is None:
        return "the office has no IAM"
    first, second = review.reviewer_id, review.second_reviewer_id
    if iam not in (first, second):
        return f"not reviewed by the IAM ({iam})"
    other = second if first == iam else first
    if other is None or other == iam:
        return "no second reviewer besides the IAM"
    person = ctx.staff.get(other)
    if person is None or person.job_role != WORK_COACH_TEAM_LEADER:
        return f"second reviewer {other} is not a Work Coach Team Leader"
    return None


def _by_iam(ctx: RuleContext, office: Office, review: OfficeReview) -> str | None:
    iam = office.iam_staff_id
    if iam is None:
        return "the office has no IAM"
    if iam not in (review.reviewer_id, review.second_reviewer_id):
        return f"not reviewed by the IAM ({iam})"
    return None


def _monthly_review(
    ctx: RuleContext, office: Office, kind: OfficeReviewKind, qualifies: _ReviewerCheck
) -> Finding:
    first_day = _window_start(ctx)
    months = [
        (first, last)
        for first, last in calendar.months_in(first_day, ctx.as_of)
        if last < ctx.as_of
    ]
    reviews = _office_reviews(ctx).get((office.office_id, kind), ())
    missing: list[tuple[dt.date, dt.date]] = []
    not_counted: list[dict[str, Any]] = []
    for first, last in months:
        found = False
        for review in reviews:
            if first <= review.reviewed_on <= last:
                why = qualifies(ctx, office, review)
                if why is None:
                    found = True
                else:
                    not_counted.append(
                        {
                            "reviewed_on": review.reviewed_on,
                            "reviewer_id": review.reviewer_id,
                            "second_reviewer_id": review.second_reviewer_id,
                            "why": why,
                        }
                    )
        if not found:
            missing.append((first, last))
    labels = [calendar.month_label(first) for first, _ in missing]
    evidence: dict[str, Any] = {
        "review_kind": kind,
        "lookback_window": {"from": first_day, "to": ctx.as_of},
        "rule": "a qualifying review in each complete calendar month overlapping as_of - "
        f"lookback_months ({ctx.policy.lookback_months}) .. as_of; due by each month's end",
        "months_judged": [calendar.month_label(first) for first, _ in months],
        "missing_months": labels,
        "iam_staff_id": office.iam_staff_id,
        "reviews_not_counted": not_counted,
    }
    if not months:
        return Finding(
            Status.PASS, "no complete calendar month in the lookback window", evidence=evidence
        )
    if missing:
        noun = "month" if len(missing) == 1 else "months"
        return Finding(
            Status.FAIL,
            f"no qualifying {kind} review in {len(missing)} {noun}: {', '.join(labels)}",
            missing[0][1],
            evidence,
        )
    span = f"{calendar.month_label(months[0][0])} to {calendar.month_label(months[-1][0])}"
    return Finding(
        Status.PASS,
        f"a qualifying {kind} review in each of {len(months)} complete months ({span})",
        evidence=evidence,
    )


@JCC.control(
    "JCC-006",
    name="folder-access-reviewed-monthly",
    severity=Severity.MEDIUM,
    citation="SEC §36",
    scope="office holding CCs or folder grants",
    subject_kind=_OFFICE,
    rule=(
        "each complete calendar month overlapping the lookback window has a jcc_folder_access "
        "review whose two reviewers are the office's IAM and a work_coach_team_leader; one finding"
        " per office listing the missing months (YYYY-MM)."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS, _K.ACCESS_GRANTS, _K.OFFICES, _K.STAFF, _K.REVIEWS),
    select=_offices_holding_ccs_or_folder,
    frequency="Calendar: each complete month overlapping the lookback window.",
    owner=_IAM_AND_WCTL,
    faults=(DemoFault("folder_review_missed", 0.05, 1),),
    sql=sql.folder_access_reviewed_monthly,
)
def folder_access_reviewed_monthly(ctx: RuleContext, office: Office) -> Finding:
    """Each complete month in the lookback window has a ``jcc_folder_access`` review by the
    IAM and a Work Coach Team Leader (SEC §36)."""
    return _monthly_review(ctx, office, OfficeReviewKind.JCC_FOLDER_ACCESS, _iam_and_team_leader)


@JCC.control(
    "JCC-007",
    name="information-assets-reviewed-monthly",
    severity=Severity.MEDIUM,
    citation="SEC §36",
    scope="office holding CCs or folder grants",
    subject_kind=_OFFICE,
    rule=(
        "each complete calendar month overlapping the lookback window has a jcc_information_assets"
        " review by the office's IAM; one finding per office listing the missing months (YYYY-MM)."
    ),
    needs=(_K.CLAIMANT_COMMITMENTS, _K.ACCESS_GRANTS, _K.OFFICES, _K.REVIEWS),
    select=_offices_holding_ccs_or_folder,
    frequency="Calendar: each complete month overlapping the lookback window.",
    owner=_IAM,
    faults=(DemoFault("assets_review_missed", 0.05, 1),),
    sql=sql.information_assets_reviewed_monthly,
)
def information_assets_reviewed_monthly(ctx: RuleContext, office: Office) -> Finding:
    """Each complete month in the lookback window has a ``jcc_information_assets`` review by
    the IAM (SEC §36)."""
    return _monthly_review(ctx, office, OfficeReviewKind.JCC_INFORMATION_ASSETS, _by_iam)


# -- JCC-008 ---------------------------------------------------------------------------------


@JCC.control(
    "JCC-008",
    name="iam-and-inventory",
    severity=Severity.MEDIUM,
    citation="SEC §35",
    scope="office holding CCs",
    subject_kind=_OFFICE,
    rule="iam_staff_id null or not current, or iai_submitted_on null: fail.",
    needs=(_K.CLAIMANT_COMMITMENTS, _K.OFFICES, _K.STAFF),
    select=_offices_holding_ccs,
    frequency=EVERY_EVALUATION,
    faults=(DemoFault("no_inventory", 0.02, 1),),
    sql=sql.iam_and_inventory,
)
def iam_and_inventory(ctx: RuleContext, office: Office) -> Finding:
    """An IAM in post (current on ``as_of``) and an Information Asset Inventory submitted."""
    iam = office.iam_staff_id
    evidence: dict[str, Any] = {
        "iam_staff_id": iam,
        "iai_submitted_on": office.iai_submitted_on,
    }
    reasons = []
    if iam is None:
        reasons.append("no Information Asset Manager recorded")
    else:
        person = ctx.staff.get(iam)
        if person is None:
            reasons.append(f"Information Asset Manager {iam} is not in staff.csv")
        elif not person.is_current(ctx.as_of):
            evidence |= {"started_on": person.started_on, "left_on": person.left_on}
            reasons.append(f"Information Asset Manager {iam} is not in service on {ctx.as_of}")
    if office.iai_submitted_on is None:
        reasons.append("no Information Asset Inventory submitted")
    if reasons:
        return Finding(Status.FAIL, "; ".join(reasons), evidence=evidence)
    return Finding(
        Status.PASS,
        f"IAM {iam} in post; inventory submitted on {office.iai_submitted_on}",
        evidence=evidence,
    )


CONTROLS = JCC.controls
