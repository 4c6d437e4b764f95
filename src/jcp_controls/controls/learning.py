"""LRN: learning that LMS users must keep current (IT §4 note, §11; SEC §41)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jcp_controls import calendar
from jcp_controls.controls.base import (
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
from jcp_controls.controls.sql import learning as sql
from jcp_controls.models import Course, RecordKind, Staff

__all__ = ["CONTROLS"]


LEARNING = ControlSet(Family("LRN", "LRN — learning that must be kept current", 2))
_NEEDS = (RecordKind.ACCESS_GRANTS, RecordKind.STAFF, RecordKind.LEARNING)
_SCOPE = "staff holding an active LMS grant"


def lms_users(ctx: RuleContext) -> Iterator[Scoped]:
    """Staff members (in staff.csv) holding an active LMS grant on ``as_of``."""
    return iter(ctx.cached("learning.lms_users", lambda: tuple(_lms_users(ctx))))


def _lms_users(ctx: RuleContext) -> Iterator[Scoped]:
    holders = sorted(
        {
            grant.staff_id
            for grant in ctx.active_grants
            if grant.system == "lms" and grant.staff_id is not None and grant.staff_id in ctx.staff
        }
    )
    for staff_id in holders:
        person = ctx.staff[staff_id]
        yield Scoped(Subject(SubjectKind.STAFF, staff_id, person.office_id, staff_id), person)


def annual(course: Course) -> Callable[[RuleContext, Staff], Finding]:
    """A rule: ``course`` is due ``learning.validity_months`` after its latest completion."""

    def rule(ctx: RuleContext, person: Staff) -> Finding:
        months = ctx.policy.learning.validity_months
        latest = ctx.learning.latest_by(person.staff_id, course, ctx.as_of)
        evidence = {
            "course": course.value,
            "latest_completed_on": latest,
            "rule": f"latest completion + learning.validity_months ({months})",
        }
        if latest is None:
            return Finding(Status.FAIL, f"{course.value} never completed", evidence=evidence)
        due = calendar.add_months(latest, months)
        status = ctx.status_by_due(due)
        if status is Status.FAIL:
            message = f"{course.value} lapsed on {due} (last completed {latest})"
        elif status is Status.WARN:
            message = f"{course.value} due again by {due} (last completed {latest})"
        else:
            message = f"{course.value} valid until {due}"
        return Finding(status, message, due, evidence)

    rule.__name__ = f"annual_{course.value}"
    rule.__doc__ = f"{course.value} completed within the last ``learning.validity_months``."
    return rule


@LEARNING.control(
    "LRN-003",
    name="data-handling-awareness",
    severity=Severity.LOW,
    citation="IT §11",
    scope=_SCOPE,
    subject_kind=SubjectKind.STAFF,
    rule="no data_handling completion ever: fail.",
    needs=_NEEDS,
    select=lms_users,
    frequency="Once: a completion at any time.",
    faults=(DemoFault("no_data_handling", 0.15, 1),),
    sql=sql.data_handling_awareness,
)
def data_handling_awareness(ctx: RuleContext, person: Staff) -> Finding:
    """Some ``data_handling`` completion is on record (IT §11)."""
    latest = ctx.learning.latest_by(person.staff_id, Course.DATA_HANDLING, ctx.as_of)
    if latest is None:
        return Finding(Status.FAIL, "Data Handling awareness never recorded")
    return Finding(
        Status.PASS,
        f"Data Handling awareness completed {latest}",
        evidence={"latest_completed_on": latest},
    )


LEARNING.add(
    "LRN-001",
    name="annual-foundation-learning",
    severity=Severity.HIGH,
    citation="IT §4; SEC §41",
    scope=_SCOPE,
    subject_kind=SubjectKind.STAFF,
    rule="due on latest dwp_foundation + learning.validity_months; none: fail.",
    needs=_NEEDS,
    select=lms_users,
    frequency="Cycle: every ``learning.validity_months`` months after the latest completion.",
    faults=(DemoFault("foundation_lapsed", 0.15, 1),),
    judge=annual(Course.DWP_FOUNDATION),
    sql=sql.annual(Course.DWP_FOUNDATION),
)

LEARNING.add(
    "LRN-002",
    name="annual-security-awareness",
    severity=Severity.HIGH,
    citation="IT §4; SEC §41",
    scope=_SCOPE,
    subject_kind=SubjectKind.STAFF,
    rule="due on latest security_awareness + learning.validity_months; none: fail.",
    needs=_NEEDS,
    select=lms_users,
    frequency="Cycle: every ``learning.validity_months`` months after the latest completion.",
    faults=(
        DemoFault("security_awareness_lapsed", 0.2, 1),
        DemoFault("W_security_awareness_due", 0.03, 2),
    ),
    judge=annual(Course.SECURITY_AWARENESS),
    sql=sql.annual(Course.SECURITY_AWARENESS),
)

CONTROLS = LEARNING.controls
