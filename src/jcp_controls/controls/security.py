"""SEC and INT: security administration (SEC §1-§45, Annex 1) and CMS interview rebooking
(IT §24).

Three kinds of rule live here:

* office appointments that must be in place on ``as_of`` (SEC-001, SEC-005, SEC-006,
  SEC-007): a named Security Business Advisor, a current Customer Service Manager, and an
  Incident Control Officer and Health & Safety representative among the office's staff;
* one-off deadlines counted in working days after an event on the office's regional
  bank-holiday calendar (SEC-002 escalation, SEC-004 test check forms, INT-001 rebooking):
  not done and overdue fails, not done and due within ``warn_days`` warns, done late warns,
  done on time passes. Every due date carries its arithmetic in the result's evidence
  (``runs_from``, ``rule``, ``region``, ``skipped``), from
  :meth:`~jcp_controls.controls.context.RuleContext.working_days_due`;
* SEC-003: a closed incident records the remedial action taken.

Records dated after ``as_of`` (an incident reported, a test check generated or an interview
cancelled later) are not yet known on ``as_of`` and are outside the scope. An incident with no
``reported_on`` is judged from ``occurred_on`` (it cannot have been reported earlier), and the
result says so; with neither date it cannot be judged and is ``error``.

The rule functions are short, pure and tested by name in ``tests/controls/test_security.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

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
from jcp_controls.controls.sql import security as sql
from jcp_controls.models import (
    CancellationReason,
    DesignationKind,
    Incident,
    InterviewCancellation,
    Office,
    RecordKind,
    TestCheck,
)

__all__ = [
    "CONTROLS",
    "cms_rebuild_interview_rebooked",
    "csm_in_post",
    "form_completed_for_test_check",
    "health_safety_rep_nominated",
    "ico_nominated",
    "incident_escalated",
    "incident_remediated",
    "security_advisor_known",
]

_K = RecordKind
IAM = "Information Asset Manager"


SECURITY = ControlSet(Family("SEC", "SEC and INT — security administration and interviews", 4))
_OFFICE = SubjectKind.OFFICE


def _deadline(
    ctx: RuleContext,
    office_id: str,
    start: dt.date,
    setting: str,
    days: int,
    done_on: dt.date | None,
) -> tuple[dt.date, Status, dict[str, Any]]:
    """Due date, status and traced evidence of a one-off "N working days after" obligation."""
    due, trace = ctx.working_days_due(office_id, start, days, f"timeliness.{setting} ({days})")
    return due, ctx.status_by_deadline(due, done_on), trace


def _not_empty(text: str | None) -> bool:
    return text is not None and text.strip() != ""


# -- SEC-001 ---------------------------------------------------------------------------------


@SECURITY.control(
    "SEC-001",
    name="security-advisor-known",
    severity=Severity.LOW,
    citation="SEC §11",
    scope="office",
    subject_kind=_OFFICE,
    rule="security_advisor null: fail.",
    needs=(_K.OFFICES,),
    select=every_office,
    frequency=EVERY_EVALUATION,
    faults=(DemoFault("no_security_advisor", 0.03, 1),),
    sql=sql.security_advisor_known,
)
def security_advisor_known(ctx: RuleContext, office: Office) -> Finding:
    """The office records who its Security Business Advisor is (SEC §11)."""
    advisor = office.security_advisor
    if not _not_empty(advisor):
        return Finding(
            Status.FAIL,
            "no Security Business Advisor recorded for the office (SEC §11): record who it is",
            evidence={"security_advisor": None},
        )
    return Finding(
        Status.PASS,
        f"Security Business Advisor: {advisor}",
        evidence={"security_advisor": advisor},
    )


# -- SEC-002 ---------------------------------------------------------------------------------


def _known_incidents(ctx: RuleContext) -> Iterator[Scoped]:
    """Incidents known on ``as_of``: reported (or, unreported, occurred) on or before it."""
    incidents: tuple[Incident, ...] = ctx.evidence.get(_K.INCIDENTS)
    for incident in sorted(incidents, key=lambda record: record.incident_id):
        known_on = incident.reported_on or incident.occurred_on
        if known_on is None or known_on <= ctx.as_of:
            subject = Subject(SubjectKind.INCIDENT, incident.incident_id, incident.office_id)
            yield Scoped(subject, incident)


@SECURITY.control(
    "SEC-002",
    name="incident-escalated",
    severity=Severity.HIGH,
    citation="SEC §36, §45",
    scope="incident",
    subject_kind=SubjectKind.INCIDENT,
    rule=(
        "escalation due timeliness.escalation_working_days working days after reported_on "
        "(occurred_on when reported_on is not recorded; neither: error) on the office's regional "
        "calendar; not escalated and overdue: fail; due within warn_days: warn; escalated late: "
        "warn."
    ),
    needs=(_K.INCIDENTS, _K.OFFICES),
    select=_known_incidents,
    frequency=(
        "One-off: escalation due ``timeliness.escalation_working_days`` working days after "
        "``reported_on`` (the office's regional bank holidays)."
    ),
    owner=IAM,
    faults=(
        DemoFault("incident_not_escalated", 0.03, 1),
        DemoFault("W_incident_escalated_late", 0.04, 1),
    ),
    sql=sql.incident_escalated,
)
def incident_escalated(ctx: RuleContext, incident: Incident) -> Finding:
    """Escalation to DWP Security is due ``timeliness.escalation_working_days`` working days
    after ``reported_on`` (SEC §36, §45); escalated late warns."""
    evidence: dict[str, Any] = {
        "kind": incident.kind,
        "occurred_on": incident.occurred_on,
        "reported_on": incident.reported_on,
        "escalated_on": incident.escalated_on,
    }
    if incident.reported_on is not None:
        start, field, what = incident.reported_on, "reported_on", "was reported"
    elif incident.occurred_on is not None:
        start, field, what = (
            incident.occurred_on,
            "occurred_on",
            "occurred (reported_on not recorded)",
        )
    else:
        return Finding(
            Status.ERROR,
            "neither reported_on nor occurred_on is recorded: escalation cannot be timed",
            evidence=evidence,
        )
    days = ctx.policy.timeliness.escalation_working_days
    due, status, trace = _deadline(
        ctx, incident.office_id, start, "escalation_working_days", days, incident.escalated_on
    )
    evidence |= {"runs_from_field": field, **trace}
    basis = f"{_plural(days)} after it {what} on {start}, {trace['region']} bank holidays"
    escalated = incident.escalated_on
    if escalated is not None and escalated <= ctx.as_of:
        message = f"escalated to DWP Security on {escalated}"
        if status is Status.WARN:
            message += f", later than due ({due}: {basis})"
        else:
            message += f", by the due date {due}"
    elif status is Status.FAIL:
        message = f"not escalated to DWP Security: overdue since {due} ({basis})"
    else:
        message = f"escalate to DWP Security by {due} ({basis})"
    return Finding(status, message, due, evidence)


def _plural(days: int) -> str:
    return f"{days} working day{'' if days == 1 else 's'}"


# -- SEC-003 ---------------------------------------------------------------------------------


def _closed_incidents(ctx: RuleContext) -> Iterator[Scoped]:
    for scoped in _known_incidents(ctx):
        closed_on = scoped.item.closed_on
        if closed_on is not None and closed_on <= ctx.as_of:
            yield scoped


@SECURITY.control(
    "SEC-003",
    name="incident-remediated",
    severity=Severity.MEDIUM,
    citation="SEC §45",
    scope="closed incident (closed_on on or before as_of)",
    subject_kind=SubjectKind.INCIDENT,
    rule="remedial_action null: fail.",
    needs=(_K.INCIDENTS,),
    select=_closed_incidents,
    frequency=STANDING + ", once the incident is closed.",
    faults=(DemoFault("incident_no_remedial_action", 0.03, 1),),
    sql=sql.incident_remediated,
)
def incident_remediated(ctx: RuleContext, incident: Incident) -> Finding:
    """A closed incident records the remedial action taken (SEC §45)."""
    evidence = {
        "kind": incident.kind,
        "closed_on": incident.closed_on,
        "remedial_action": incident.remedial_action,
    }
    if not _not_empty(incident.remedial_action):
        return Finding(
            Status.FAIL,
            f"incident closed on {incident.closed_on} with no remedial action recorded: "
            "record the action taken after the investigation",
            evidence=evidence,
        )
    return Finding(
        Status.PASS, f"remedial action recorded; closed on {incident.closed_on}", evidence=evidence
    )


# -- SEC-004 ---------------------------------------------------------------------------------


def _generated_test_checks(ctx: RuleContext) -> Iterator[Scoped]:
    checks: tuple[TestCheck, ...] = ctx.evidence.get(_K.TEST_CHECKS)
    for check in sorted(checks, key=lambda record: record.test_check_id):
        if check.generated_on <= ctx.as_of:
            subject = Subject(
                SubjectKind.TEST_CHECK, check.test_check_id, check.office_id, check.staff_id
            )
            yield Scoped(subject, check)


@SECURITY.control(
    "SEC-004",
    name="test-check-completed",
    severity=Severity.MEDIUM,
    citation="SEC §30",
    scope="test check",
    subject_kind=SubjectKind.TEST_CHECK,
    rule=(
        "form due timeliness.immediately_working_days working days after generated_on on the "
        "office's regional calendar; not completed and overdue: fail; due within warn_days: warn; "
        "completed late: warn."
    ),
    needs=(_K.TEST_CHECKS, _K.OFFICES),
    select=_generated_test_checks,
    frequency=(
        "One-off: the form is due ``timeliness.immediately_working_days`` working days after "
        "``generated_on`` (the office's regional bank holidays)."
    ),
    owner="Member of staff the check was generated for (the CSM ensures it)",
    faults=(
        DemoFault("test_check_form_missing", 0.04, 1),
        DemoFault("W_test_check_form_late", 0.04, 1),
    ),
    sql=sql.form_completed_for_test_check,
)
def form_completed_for_test_check(ctx: RuleContext, check: TestCheck) -> Finding:
    """The test check form is due ``timeliness.immediately_working_days`` working days after
    the check is generated (SEC §30: "immediately"); completed late warns."""
    days = ctx.policy.timeliness.immediately_working_days
    due, status, trace = _deadline(
        ctx,
        check.office_id,
        check.generated_on,
        "immediately_working_days",
        days,
        check.form_completed_on,
    )
    evidence: dict[str, Any] = {
        "generated_on": check.generated_on,
        "form_completed_on": check.form_completed_on,
        "runs_from_field": "generated_on",
        **trace,
    }
    basis = (
        f"{_plural(days)} after it was generated on {check.generated_on}, "
        f"{trace['region']} bank holidays"
    )
    done = check.form_completed_on
    if done is not None and done <= ctx.as_of:
        message = f"test check form completed by {check.staff_id} on {done}"
        if status is Status.WARN:
            message += f", later than due ({due}: {basis})"
        else:
            message += f", by the due date {due}"
    elif status is Status.FAIL:
        message = (
            f"test check form not completed by {check.staff_id}: overdue since {due} ({basis})"
        )
    else:
        message = f"{check.staff_id} to complete the test check form by {due} ({basis})"
    return Finding(status, message, due, evidence)


# -- SEC-005 ---------------------------------------------------------------------------------


@SECURITY.control(
    "SEC-005",
    name="csm-in-post",
    severity=Severity.MEDIUM,
    citation="SEC §1, §39",
    scope="office",
    subject_kind=_OFFICE,
    rule="csm_staff_id null, not in staff.csv, or not current on as_of: fail.",
    needs=(_K.OFFICES, _K.STAFF),
    select=every_office,
    frequency=EVERY_EVALUATION,
    faults=(DemoFault("csm_left", 0.02, 1),),
    sql=sql.csm_in_post,
)
def csm_in_post(ctx: RuleContext, office: Office) -> Finding:
    """The office names a Customer Service Manager who is current on ``as_of`` (SEC §1, §39)."""
    csm_id = office.csm_staff_id
    evidence: dict[str, Any] = {"csm_staff_id": csm_id}
    if csm_id is None:
        return Finding(
            Status.FAIL, "no Customer Service Manager recorded for the office", evidence=evidence
        )
    person = ctx.staff.get(csm_id)
    if person is None:
        return Finding(
            Status.FAIL,
            f"Customer Service Manager {csm_id} is not in staff.csv",
            evidence=evidence,
        )
    evidence |= {"started_on": person.started_on, "left_on": person.left_on}
    if person.left_on is not None and person.left_on < ctx.as_of:
        return Finding(
            Status.FAIL,
            f"Customer Service Manager {csm_id} left on {person.left_on}: record the new CSM",
            evidence=evidence,
        )
    if person.started_on is not None and person.started_on > ctx.as_of:
        return Finding(
            Status.FAIL,
            f"Customer Service Manager {csm_id} does not start until {person.started_on}",
            evidence=evidence,
        )
    return Finding(Status.PASS, f"Customer Service Manager {csm_id} in post", evidence=evidence)


# -- SEC-006 / SEC-007 ------------------------------------------------------------------------


def _holders(ctx: RuleContext, office: Office, kind: DesignationKind) -> list[str]:
    """Current staff of the office holding an active ``kind`` designation on ``as_of``."""
    return [person.staff_id for person in ctx.designated(office.office_id, kind)]


@SECURITY.control(
    "SEC-006",
    name="ico-nominated",
    severity=Severity.LOW,
    citation="SEC Annex 1 (Emergency Procedures)",
    scope="office",
    subject_kind=_OFFICE,
    rule=(
        "no current member of the office's staff holds an incident_control_officer designation "
        "active on as_of: fail."
    ),
    needs=(_K.OFFICES, _K.STAFF, _K.DESIGNATIONS),
    select=every_office,
    frequency=EVERY_EVALUATION,
    owner="Site manager",
    faults=(DemoFault("no_ico", 0.03, 1),),
    sql=sql.ico_nominated,
)
def ico_nominated(ctx: RuleContext, office: Office) -> Finding:
    """An Incident Control Officer is nominated among the office's staff (SEC Annex 1,
    Emergency Procedures: "Site manager nominates ICO")."""
    holders = _holders(ctx, office, DesignationKind.INCIDENT_CONTROL_OFFICER)
    evidence = {"incident_control_officers": holders}
    if not holders:
        return Finding(
            Status.FAIL,
            f"no Incident Control Officer nominated on {ctx.as_of}: the site manager "
            "nominates one (incident_control_officer designation)",
            evidence=evidence,
        )
    return Finding(
        Status.PASS, f"Incident Control Officer: {', '.join(holders)}", evidence=evidence
    )


@SECURITY.control(
    "SEC-007",
    name="health-safety-rep-nominated",
    severity=Severity.LOW,
    citation="SEC Annex 1 (Health & Safety)",
    scope="office",
    subject_kind=_OFFICE,
    rule=(
        "no current member of the office's staff holds a health_safety_rep designation active on "
        "as_of: fail."
    ),
    needs=(_K.OFFICES, _K.STAFF, _K.DESIGNATIONS),
    select=every_office,
    frequency=EVERY_EVALUATION,
    faults=(DemoFault("no_health_safety_rep", 0.03, 1),),
    sql=sql.health_safety_rep_nominated,
)
def health_safety_rep_nominated(ctx: RuleContext, office: Office) -> Finding:
    """A Health & Safety representative is nominated among the office's staff (SEC Annex 1,
    Health & Safety: "Nominated Health & Safety Rep")."""
    holders = _holders(ctx, office, DesignationKind.HEALTH_SAFETY_REP)
    evidence = {"health_safety_reps": holders}
    if not holders:
        return Finding(
            Status.FAIL,
            f"no Health & Safety representative nominated on {ctx.as_of} "
            "(health_safety_rep designation)",
            evidence=evidence,
        )
    return Finding(
        Status.PASS, f"Health & Safety representative: {', '.join(holders)}", evidence=evidence
    )


# -- INT-001 ---------------------------------------------------------------------------------


def _cms_rebuild_cancellations(ctx: RuleContext) -> Iterator[Scoped]:
    cancellations: tuple[InterviewCancellation, ...] = ctx.evidence.get(_K.INTERVIEW_CANCELLATIONS)
    ordered = sorted(
        cancellations,
        key=lambda record: (record.office_id, record.claimant_ref, record.cancelled_on),
    )
    for cancellation in ordered:
        if (
            cancellation.reason is CancellationReason.CMS_REBUILD
            and cancellation.cancelled_on <= ctx.as_of
        ):
            subject = Subject(
                SubjectKind.CANCELLATION, cancellation.claimant_ref, cancellation.office_id
            )
            yield Scoped(subject, cancellation)


@SECURITY.control(
    "INT-001",
    name="cms-rebuild-interview-rebooked",
    severity=Severity.MEDIUM,
    citation="IT §24",
    scope="cancellation with reason cms_rebuild",
    subject_kind=SubjectKind.CANCELLATION,
    rule=(
        "rebooking due timeliness.immediately_working_days working days after cancelled_on on the "
        "office's regional calendar; not rebooked and overdue: fail; due within warn_days: warn; "
        "rebooked late: warn."
    ),
    needs=(_K.INTERVIEW_CANCELLATIONS, _K.OFFICES),
    select=_cms_rebuild_cancellations,
    frequency=(
        "One-off: rebooking due ``timeliness.immediately_working_days`` working days after "
        "``cancelled_on`` (the office's regional bank holidays)."
    ),
    faults=(
        DemoFault("interview_not_rebooked", 0.04, 1),
        DemoFault("W_interview_rebooked_late", 0.05, 1),
    ),
    sql=sql.cms_rebuild_interview_rebooked,
)
def cms_rebuild_interview_rebooked(
    ctx: RuleContext, cancellation: InterviewCancellation
) -> Finding:
    """A new-claim interview CMS cancelled for a case rebuild is rebooked
    ``timeliness.immediately_working_days`` working days after the cancellation (IT §24:
    "immediately rebook"); rebooked late warns. No claimant data beyond the reference."""
    days = ctx.policy.timeliness.immediately_working_days
    cancelled = cancellation.cancelled_on
    due, status, trace = _deadline(
        ctx,
        cancellation.office_id,
        cancelled,
        "immediately_working_days",
        days,
        cancellation.rebooked_on,
    )
    evidence: dict[str, Any] = {
        "cancelled_on": cancelled,
        "rebooked_on": cancellation.rebooked_on,
        "runs_from_field": "cancelled_on",
        **trace,
    }
    basis = (
        f"{_plural(days)} after the CMS rebuild cancellation on {cancelled}, "
        f"{trace['region']} bank holidays"
    )
    rebooked = cancellation.rebooked_on
    if rebooked is not None and rebooked <= ctx.as_of:
        message = f"new claim interview rebooked on {rebooked}"
        if status is Status.WARN:
            message += f", later than due ({due}: {basis})"
        else:
            message += f", by the due date {due}"
    elif status is Status.FAIL:
        message = f"new claim interview not rebooked: overdue since {due} ({basis})"
    else:
        message = f"rebook the new claim interview by {due} ({basis})"
    return Finding(status, message, due, evidence)


CONTROLS = SECURITY.controls
