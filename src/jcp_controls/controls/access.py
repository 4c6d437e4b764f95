"""ACC: access to LMS and the JSA Claimant Commitment folder (IT §3, §4, §11; SEC §36-§44).

Each control is declared at the bottom of the module from a scope function and a rule
function; the rule functions are short, pure and tested by name in
``tests/controls/test_access.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

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
from jcp_controls.controls.scopes import every_office
from jcp_controls.controls.sql import access as sql
from jcp_controls.models import (
    AbsenceKind,
    AccessGrant,
    Course,
    DesignationKind,
    Office,
    RecordKind,
    Staff,
)

__all__ = ["CONTROLS"]

LMS = "lms"
JCC_FOLDER = "jcc_folder"
WORK_COACH_TEAM_LEADER = "work_coach_team_leader"
_LONG_ABSENCES = frozenset(
    {AbsenceKind.MATERNITY_LEAVE, AbsenceKind.CAREER_BREAK, AbsenceKind.LONG_TERM_SICK}
)
_K = RecordKind


ACCESS = ControlSet(Family("ACC", "ACC — access to LMS and the JSA CC folder", 1))
_GRANT = SubjectKind.GRANT


def _grant_subject(ctx: RuleContext, grant: AccessGrant) -> Scoped:
    """The grant as a subject; built once per evaluation and shared by every grant control."""
    known: dict[str, Scoped] = ctx.cached("access.grant_subjects", dict)
    scoped = known.get(grant.grant_id)
    if scoped is None:
        subject = Subject(
            SubjectKind.GRANT, grant.grant_id, ctx.office_of_grant(grant), grant.staff_id
        )
        scoped = known[grant.grant_id] = Scoped(subject, grant)
    return scoped


def _active_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for grant in ctx.active_grants:
        yield _grant_subject(ctx, grant)


def _active_lms_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for grant in ctx.active_grants:
        if grant.system == LMS:
            yield _grant_subject(ctx, grant)


def _active_held_grants(ctx: RuleContext) -> Iterator[Scoped]:
    """Active grants whose holder is a known member of staff."""
    for grant in ctx.active_grants:
        if grant.staff_id is not None and grant.staff_id in ctx.staff:
            yield _grant_subject(ctx, grant)


def _holder(ctx: RuleContext, grant: AccessGrant) -> Staff:
    assert grant.staff_id is not None
    return ctx.staff[grant.staff_id]


# -- ACC-001 ---------------------------------------------------------------------------------


@ACCESS.control(
    "ACC-001",
    name="access-authorised-by-eligible-manager",
    severity=Severity.HIGH,
    citation="IT §3, §4; SEC §36, §39, §40",
    scope="active grant",
    subject_kind=_GRANT,
    rule=(
        "LMS: authorised_by is the CSM of the grant's office, or holds an lms_delegate designation"
        " active on granted_on and has grade >= access.delegate_min_grade. Folder: authorised_by "
        "is the office's IAM or a work_coach_team_leader. Otherwise (null, unknown, ineligible) "
        "fail."
    ),
    needs=(_K.ACCESS_GRANTS, _K.OFFICES, _K.STAFF, _K.DESIGNATIONS),
    select=_active_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.authorised_by_eligible_manager,
    faults=(
        DemoFault("unauthorised_grant", 0.15, 1),
        DemoFault("no_authoriser", 0.05, 1),
    ),
)
def authorised_by_eligible_manager(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """LMS: the office's CSM or an EO+ ``lms_delegate``; folder: the IAM or a WCTL."""
    who = grant.authorised_by
    evidence: dict[str, object] = {"authorised_by": who, "system": grant.system}
    if who is None:
        return Finding(Status.FAIL, "no authoriser recorded", evidence=evidence)
    office_id = ctx.office_of_grant(grant)
    office = ctx.offices.get(office_id) if office_id is not None else None
    if grant.system == LMS:
        if office is not None and office.csm_staff_id == who:
            return Finding(Status.PASS, f"authorised by {who}, the CSM", evidence=evidence)
        delegate = ctx.holds(who, DesignationKind.LMS_DELEGATE, grant.granted_on)
        authoriser = ctx.staff.get(who)
        minimum = ctx.policy.access.delegate_min_grade
        if delegate is not None and authoriser is not None and authoriser.grade >= minimum:
            evidence |= {"delegate_from_on": delegate.from_on, "grade": authoriser.grade}
            return Finding(Status.PASS, f"authorised by {who}, an LMS delegate", evidence=evidence)
        if authoriser is None:
            why = "who is not in staff.csv"
        elif delegate is None:
            why = f"who is neither the CSM nor an LMS delegate on {grant.granted_on}"
        else:
            evidence["grade"] = authoriser.grade
            why = f"an LMS delegate of grade {authoriser.grade}, below {minimum}"
        return Finding(Status.FAIL, f"authorised by {who}, {why}", evidence=evidence)
    if grant.system == JCC_FOLDER:
        if office is not None and office.iam_staff_id == who:
            return Finding(Status.PASS, f"authorised by {who}, the IAM", evidence=evidence)
        authoriser = ctx.staff.get(who)
        if authoriser is not None and authoriser.job_role == WORK_COACH_TEAM_LEADER:
            return Finding(
                Status.PASS, f"authorised by {who}, a Work Coach Team Leader", evidence=evidence
            )
        why = (
            "who is not in staff.csv"
            if authoriser is None
            else "who is neither the IAM nor a Work Coach Team Leader"
        )
        return Finding(Status.FAIL, f"authorised by {who}, {why}", evidence=evidence)
    return Finding(
        Status.ERROR, f"no authorisation rule for system {grant.system!r}", evidence=evidence
    )


# -- ACC-002 ---------------------------------------------------------------------------------


@ACCESS.control(
    "ACC-002",
    name="no-self-authorisation",
    severity=Severity.HIGH,
    citation="SEC §1, §7",
    scope="active grant",
    subject_kind=_GRANT,
    rule="authorised_by equals the holder: fail.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_active_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.no_self_authorisation,
    faults=(DemoFault("self_authorised", 0.1, 1),),
)
def no_self_authorisation(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """The holder must not authorise their own access."""
    if grant.staff_id is not None and grant.authorised_by == grant.staff_id:
        return Finding(
            Status.FAIL,
            f"{grant.staff_id} authorised their own access",
            evidence={"authorised_by": grant.authorised_by},
        )
    return Finding(
        Status.PASS, "not self-authorised", evidence={"authorised_by": grant.authorised_by}
    )


# -- ACC-003 ---------------------------------------------------------------------------------

_BEFORE_ACCESS = (
    Course.DWP_FOUNDATION,
    Course.SECURITY_AWARENESS,
    Course.LMS_USER_GUIDE_CHAPTER_B,
)


@ACCESS.control(
    "ACC-003",
    name="learning-before-access",
    severity=Severity.HIGH,
    citation="IT §4; SEC §40, §43",
    scope="active LMS grant with a holder",
    subject_kind=_GRANT,
    rule=(
        "dwp_foundation, security_awareness and lms_user_guide_chapter_b completed on or before "
        "granted_on, and lms_core for the holder's current job_role on or before max(granted_on, "
        "role_since); else fail, naming what is missing."
    ),
    needs=(_K.ACCESS_GRANTS, _K.STAFF, _K.LEARNING),
    select=lambda ctx: (s for s in _active_held_grants(ctx) if s.item.system == LMS),
    frequency=STANDING + ": the learning must predate ``granted_on`` (and ``role_since``).",
    sql=sql.learning_before_access,
    faults=(DemoFault("learning_after_access", 0.15, 1),),
)
def learning_before_access(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """Foundation, Security Awareness and Chapter B by ``granted_on``; core learning for the
    current role by max(``granted_on``, ``role_since``)."""
    holder = _holder(ctx, grant)
    facts = ctx.learning
    missing: list[str] = []
    completed: dict[str, object] = {}
    for course in _BEFORE_ACCESS:
        first = facts.first(holder.staff_id, course)
        completed[course.value] = first
        if first is None or first > grant.granted_on:
            missing.append(f"{course.value} by {grant.granted_on}")
    core_by = max(grant.granted_on, holder.role_since or grant.granted_on)
    core = facts.first(holder.staff_id, Course.LMS_CORE, holder.job_role)
    completed[f"lms_core ({holder.job_role})"] = core
    if core is None or core > core_by:
        missing.append(f"lms_core for {holder.job_role} by {core_by}")
    evidence = {"granted_on": grant.granted_on, "first_completed": completed}
    if missing:
        return Finding(Status.FAIL, "learning missing: " + "; ".join(missing), evidence=evidence)
    return Finding(Status.PASS, "learning completed before access", evidence=evidence)


# -- ACC-004 ---------------------------------------------------------------------------------


@ACCESS.control(
    "ACC-004",
    name="lms1-recorded",
    severity=Severity.MEDIUM,
    citation="IT §11",
    scope="active LMS grant",
    subject_kind=_GRANT,
    rule="form_ref null: fail.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_active_lms_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.lms1_recorded,
    faults=(DemoFault("no_lms1_form", 0.15, 2),),
)
def lms1_recorded(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """An LMS1 form reference is recorded for the grant."""
    if grant.form_ref is None:
        return Finding(Status.FAIL, "no LMS1 form reference recorded")
    return Finding(Status.PASS, f"LMS1 {grant.form_ref}", evidence={"form_ref": grant.form_ref})


# -- ACC-005 ---------------------------------------------------------------------------------


@ACCESS.control(
    "ACC-005",
    name="entitlement-matches-role",
    severity=Severity.HIGH,
    citation="IT §4; SEC §36, §44",
    scope="active grant with a holder",
    subject_kind=_GRANT,
    rule=(
        "(system, holder's job_role, entitlement) not in the access role matrix: fail. No matrix "
        "rows for that system: error."
    ),
    needs=(_K.ACCESS_GRANTS, _K.STAFF, _K.ACCESS_ROLE_MATRIX),
    select=_active_held_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.entitlement_matches_role,
    faults=(DemoFault("entitlement_not_in_matrix", 0.1, 1),),
)
def entitlement_matches_role(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """(system, holder's job role, entitlement) is in the access role matrix."""
    holder = _holder(ctx, grant)
    evidence = {
        "system": grant.system,
        "job_role": holder.job_role,
        "entitlement": grant.entitlement,
    }
    permitted = ctx.role_matrix.get(grant.system)
    if permitted is None:
        return Finding(
            Status.ERROR,
            f"the access role matrix has no rows for system {grant.system!r}",
            evidence=evidence,
        )
    if (holder.job_role, grant.entitlement) not in permitted:
        return Finding(
            Status.FAIL,
            f"entitlement {grant.entitlement!r} on {grant.system} is not in the role matrix "
            f"for job role {holder.job_role!r}",
            evidence=evidence,
        )
    return Finding(Status.PASS, "entitlement matches the role matrix", evidence=evidence)


# -- ACC-006 ---------------------------------------------------------------------------------


def _role_changed_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for scoped in _active_held_grants(ctx):
        holder = _holder(ctx, scoped.item)
        if holder.role_since is not None and holder.role_since > scoped.item.granted_on:
            yield scoped


@ACCESS.control(
    "ACC-006",
    name="review-after-role-change",
    severity=Severity.MEDIUM,
    citation="IT §11",
    scope="active grant whose holder's role_since > granted_on",
    subject_kind=_GRANT,
    rule=(
        "a review of the grant on or after role_since is due on role_since + "
        "access.role_change_review_days; reviewed late: warn."
    ),
    needs=(_K.ACCESS_GRANTS, _K.STAFF, _K.ACCESS_REVIEWS),
    select=_role_changed_grants,
    frequency=(
        "One-off: a review due ``access.role_change_review_days`` days after ``role_since``."
    ),
    sql=sql.review_after_role_change,
    faults=(DemoFault("role_change_not_reviewed", 0.15, 1),),
)
def review_after_role_change(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """A review on or after ``role_since`` is due ``role_change_review_days`` after it."""
    holder = _holder(ctx, grant)
    assert holder.role_since is not None
    days = ctx.policy.access.role_change_review_days
    due = calendar.add_days(holder.role_since, days)
    reviews = sorted(r.reviewed_on for r in ctx.reviews_of(grant.grant_id))
    done = next((day for day in reviews if day >= holder.role_since), None)
    status = ctx.status_by_deadline(due, done)
    evidence = {
        "role_since": holder.role_since,
        "rule": f"role_since + access.role_change_review_days ({days})",
        "reviewed_on": done,
    }
    if done is not None:
        message = f"reviewed on {done} after the role change on {holder.role_since}"
        if status is Status.WARN:
            message += f", later than due ({due})"
    elif status is Status.FAIL:
        message = f"not reviewed since the role change on {holder.role_since}; due {due}"
    else:
        message = f"review due by {due} after the role change on {holder.role_since}"
    return Finding(status, message, due, evidence)


# -- ACC-007 ---------------------------------------------------------------------------------


def _leavers_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for grant in ctx.grants:
        if grant.staff_id is None:
            continue
        holder = ctx.staff.get(grant.staff_id)
        if holder is not None and holder.left_on is not None and holder.left_on < ctx.as_of:
            yield _grant_subject(ctx, grant)


@ACCESS.control(
    "ACC-007",
    name="leaver-access-removed",
    severity=Severity.HIGH,
    citation="IT §11; SEC §36",
    scope="grant of a holder with left_on < as_of",
    subject_kind=_GRANT,
    rule=(
        "still active on as_of and as_of > left_on + access.leaver_grace_days: fail; inside the "
        "grace period: warn."
    ),
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_leavers_grants,
    frequency="One-off: removal due ``access.leaver_grace_days`` days after ``left_on``.",
    sql=sql.leaver_access_removed,
    faults=(DemoFault("leaver_access_held", 0.2, 1),),
)
def leaver_access_removed(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """A leaver's access is removed within ``leaver_grace_days`` of ``left_on``."""
    holder = _holder(ctx, grant)
    assert holder.left_on is not None
    grace = ctx.policy.access.leaver_grace_days
    due = calendar.add_days(holder.left_on, grace)
    evidence = {"left_on": holder.left_on, "removed_on": grant.removed_on}
    if not grant.is_active(ctx.as_of):
        return Finding(Status.PASS, f"access removed on {grant.removed_on}", due, evidence)
    if ctx.as_of > due:
        return Finding(
            Status.FAIL, f"left on {holder.left_on} but access is still held", due, evidence
        )
    return Finding(
        Status.WARN, f"left on {holder.left_on}; access to be removed by {due}", due, evidence
    )


# -- ACC-008 ---------------------------------------------------------------------------------


def qualifying_since(ctx: RuleContext, staff_id: str) -> tuple[dt.date, str] | None:
    """When the holder's current absence started to qualify for removal, and why; or None.

    Qualifying (IT §11): maternity leave, career break, long-term sick, or an absence expected
    to last more than ``absence_threshold_days`` (from its start); an absence that has run
    more than the threshold qualifies from day threshold + 1, whatever it was expected to be.
    """
    threshold = ctx.policy.access.absence_threshold_days
    earliest: tuple[dt.date, str] | None = None
    for absence in ctx.absences_of(staff_id):
        if not absence.covers(ctx.as_of):
            continue
        candidate: tuple[dt.date, str] | None = None
        if absence.kind in _LONG_ABSENCES:
            candidate = (absence.start_on, f"{absence.kind} since {absence.start_on}")
        elif (
            absence.expected_end_on is not None
            and (absence.expected_end_on - absence.start_on).days + 1 > threshold
        ):
            candidate = (
                absence.start_on,
                f"{absence.kind} from {absence.start_on} expected to last more than "
                f"{threshold} days",
            )
        else:
            day_after_threshold = calendar.add_days(absence.start_on, threshold)
            if ctx.as_of >= day_after_threshold:
                candidate = (
                    day_after_threshold,
                    f"{absence.kind} from {absence.start_on} has lasted more than "
                    f"{threshold} days",
                )
        if candidate is not None and (earliest is None or candidate[0] < earliest[0]):
            earliest = candidate
    return earliest


def _absent_holders_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for scoped in _active_held_grants(ctx):
        if qualifying_since(ctx, scoped.item.staff_id) is not None:
            yield scoped


@ACCESS.control(
    "ACC-008",
    name="long-absence-access-removed",
    severity=Severity.HIGH,
    citation="IT §11",
    scope="active grant whose holder is on a qualifying absence on as_of",
    subject_kind=_GRANT,
    rule=(
        "qualifying: maternity_leave, career_break or long_term_sick, or expected length "
        "(expected_end_on - start_on + 1) > access.absence_threshold_days, since start_on; an "
        "absence that has run more than the threshold qualifies since day threshold + 1. Fail when"
        " as_of > qualifying_since + access.absence_grace_days, else warn."
    ),
    needs=(_K.ACCESS_GRANTS, _K.STAFF, _K.ABSENCES),
    select=_absent_holders_grants,
    frequency=(
        "One-off: removal due ``access.absence_grace_days`` days after the absence qualifies."
    ),
    sql=sql.long_absence_access_removed,
    faults=(
        DemoFault("long_absence_access_held", 0.15, 1),
        DemoFault("W_absence_in_grace", 0.02, 1),
    ),
)
def long_absence_access_removed(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """Access is removed within ``absence_grace_days`` of a qualifying absence."""
    assert grant.staff_id is not None
    found = qualifying_since(ctx, grant.staff_id)
    assert found is not None
    since, why = found
    grace = ctx.policy.access.absence_grace_days
    due = calendar.add_days(since, grace)
    evidence = {"qualifying_since": since, "absence": why, "grace_days": grace}
    if ctx.as_of > due:
        return Finding(Status.FAIL, f"access still held: {why}", due, evidence)
    return Finding(Status.WARN, f"remove access by {due}: {why}", due, evidence)


# -- ACC-009 ---------------------------------------------------------------------------------


@ACCESS.control(
    "ACC-009",
    name="access-reviewed-regularly",
    severity=Severity.MEDIUM,
    citation="IT §4; SEC §44; SEC Annex 1",
    scope="active grant",
    subject_kind=_GRANT,
    rule="next review due on max(last reviewed_on, granted_on) + access.review_interval_months.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF, _K.ACCESS_REVIEWS),
    select=_active_grants,
    frequency=(
        "Cycle: every ``access.review_interval_months`` months after the later of the last review "
        "and ``granted_on``."
    ),
    sql=sql.access_reviewed_regularly,
    faults=(
        DemoFault("review_overdue", 0.25, 1),
        DemoFault("W_review_due", 0.05, 2),
    ),
)
def access_reviewed_regularly(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """Next review due ``review_interval_months`` after the last review (or the grant)."""
    months = ctx.policy.access.review_interval_months
    reviews = ctx.reviews_of(grant.grant_id)
    last = max((review.reviewed_on for review in reviews), default=None)
    since = max(last, grant.granted_on) if last is not None else grant.granted_on
    due = calendar.add_months(since, months)
    status = ctx.status_by_due(due)
    evidence = {
        "last_reviewed_on": last,
        "granted_on": grant.granted_on,
        "rule": f"max(last review, granted_on) + access.review_interval_months ({months})",
    }
    basis = (
        f"last reviewed {last}" if last is not None else f"never reviewed since {grant.granted_on}"
    )
    if status is Status.FAIL:
        message = f"access review overdue since {due} ({basis})"
    elif status is Status.WARN:
        message = f"access review due by {due} ({basis})"
    else:
        message = f"next access review due {due} ({basis})"
    return Finding(status, message, due, evidence)


# -- ACC-010 / ACC-011 / ACC-012 --------------------------------------------------------------


def _active_pseudo_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for grant in ctx.active_grants:
        if grant.pseudo:
            yield _grant_subject(ctx, grant)


@ACCESS.control(
    "ACC-010",
    name="pseudo-account-justified",
    severity=Severity.HIGH,
    citation="IT §11",
    scope="active pseudo grant",
    subject_kind=_GRANT,
    rule="pseudo_reason or pseudo_end_on null: fail.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_active_pseudo_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.pseudo_account_justified,
    faults=(DemoFault("pseudo_no_reason", 0.08, 1),),
)
def pseudo_account_justified(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """A pseudo account's LMS1 states why access was granted and for how long."""
    missing = [
        words
        for words, value in (
            ("why access was granted", grant.pseudo_reason),
            ("for how long", grant.pseudo_end_on),
        )
        if value is None
    ]
    evidence = {"pseudo_reason": grant.pseudo_reason, "pseudo_end_on": grant.pseudo_end_on}
    if missing:
        return Finding(
            Status.FAIL,
            "pseudo account: its LMS1 does not say " + " or ".join(missing),
            evidence=evidence,
        )
    return Finding(Status.PASS, "pseudo account states why and for how long", evidence=evidence)


def _ending_pseudo_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for scoped in _active_pseudo_grants(ctx):
        if scoped.item.pseudo_end_on is not None:
            yield scoped


@ACCESS.control(
    "ACC-011",
    name="pseudo-account-ended",
    severity=Severity.HIGH,
    citation="IT §11",
    scope="active pseudo grant with pseudo_end_on",
    subject_kind=_GRANT,
    rule="due to be removed on pseudo_end_on.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_ending_pseudo_grants,
    frequency="One-off: removal due on ``pseudo_end_on``.",
    sql=sql.pseudo_account_ended,
    faults=(
        DemoFault("pseudo_past_end", 0.08, 1),
        DemoFault("W_pseudo_ending", 0.03, 1),
    ),
)
def pseudo_account_ended(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """A pseudo account's access is removed from its end date."""
    due = grant.pseudo_end_on
    assert due is not None
    status = ctx.status_by_due(due)
    evidence = {"pseudo_end_on": due}
    if status is Status.FAIL:
        return Finding(
            status, f"pseudo account still active after its end date {due}", due, evidence
        )
    return Finding(status, f"pseudo account to be removed on {due}", due, evidence)


def _active_named_grants(ctx: RuleContext) -> Iterator[Scoped]:
    for grant in ctx.active_grants:
        if not grant.pseudo:
            yield _grant_subject(ctx, grant)


@ACCESS.control(
    "ACC-012",
    name="orphan-account",
    severity=Severity.HIGH,
    citation="IT §11",
    scope="active non-pseudo grant",
    subject_kind=_GRANT,
    rule="staff_id null or not in staff: fail.",
    needs=(_K.ACCESS_GRANTS, _K.STAFF),
    select=_active_named_grants,
    frequency=EVERY_EVALUATION,
    sql=sql.orphan_account,
    faults=(DemoFault("orphan_account", 0.08, 1),),
)
def orphan_account(ctx: RuleContext, grant: AccessGrant) -> Finding:
    """A non-pseudo account belongs to a known member of staff."""
    if grant.staff_id is None:
        return Finding(Status.FAIL, f"account {grant.account_id} has no holder and is not pseudo")
    if grant.staff_id not in ctx.staff:
        return Finding(
            Status.FAIL,
            f"account {grant.account_id} is held by {grant.staff_id}, who is not in staff.csv",
        )
    return Finding(Status.PASS, f"held by {grant.staff_id}")


# -- ACC-013 / ACC-014 ------------------------------------------------------------------------


@ACCESS.control(
    "ACC-013",
    name="lms-operator-available",
    severity=Severity.MEDIUM,
    citation="SEC §42",
    scope="office",
    subject_kind=SubjectKind.OFFICE,
    rule=(
        "no current, non-absent staff member of the office holds an active lms_operator "
        "designation on as_of: fail."
    ),
    needs=(_K.OFFICES, _K.STAFF, _K.DESIGNATIONS, _K.ABSENCES),
    select=every_office,
    frequency=EVERY_EVALUATION,
    sql=sql.lms_operator_available,
    faults=(DemoFault("no_lms_operator", 0.05, 1),),
)
def lms_operator_available(ctx: RuleContext, office: Office) -> Finding:
    """Some current, non-absent member of the office is an LMS Operator on ``as_of``."""
    operators = [
        person.staff_id
        for person in ctx.designated(office.office_id, DesignationKind.LMS_OPERATOR)
        if not any(absence.covers(ctx.as_of) for absence in ctx.absences_of(person.staff_id))
    ]
    if not operators:
        return Finding(Status.FAIL, "no LMS Operator in post and present")
    return Finding(
        Status.PASS, f"LMS Operator: {', '.join(operators)}", evidence={"lms_operators": operators}
    )


def _delegates(ctx: RuleContext) -> Iterator[Scoped]:
    holders = sorted(
        {
            designation.staff_id
            for designation in ctx.designations_by_kind.get(DesignationKind.LMS_DELEGATE, ())
            if designation.is_active(ctx.as_of)
        }
    )
    for staff_id in holders:
        person = ctx.staff.get(staff_id)
        office_id = person.office_id if person is not None else None
        yield Scoped(Subject(SubjectKind.STAFF, staff_id, office_id, staff_id), person)


@ACCESS.control(
    "ACC-014",
    name="delegate-grade",
    severity=Severity.HIGH,
    citation="IT §3",
    scope="staff member holding an active lms_delegate designation",
    subject_kind=SubjectKind.STAFF,
    rule="grade below access.delegate_min_grade: fail.",
    needs=(_K.DESIGNATIONS, _K.STAFF),
    select=_delegates,
    frequency=EVERY_EVALUATION,
    sql=sql.delegate_grade,
    faults=(DemoFault("delegate_below_eo", 0.05, 1),),
)
def delegate_grade(ctx: RuleContext, person: Staff | None) -> Finding:
    """An LMS delegate is of grade ``delegate_min_grade`` or above (IT §3)."""
    minimum = ctx.policy.access.delegate_min_grade
    if person is None:
        return Finding(Status.FAIL, "LMS delegate is not in staff.csv")
    evidence = {"grade": person.grade, "min_grade": minimum}
    if person.grade < minimum:
        return Finding(
            Status.FAIL,
            f"LMS delegate of grade {person.grade}, below {minimum}",
            evidence=evidence,
        )
    return Finding(Status.PASS, f"LMS delegate of grade {person.grade}", evidence=evidence)


CONTROLS = ACCESS.controls
