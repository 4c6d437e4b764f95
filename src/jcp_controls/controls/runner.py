"""Running one control: list its scope, judge each subject, and fail closed.

The engine (:func:`jcp_controls.evaluate`) runs every control through :func:`run_control`;
controls that report on other controls (CHK-001 "evaluated as ACC-009") use it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from jcp_controls.controls.base import Control, Finding, Result, Status, Subject, SubjectKind
from jcp_controls.controls.context import RuleContext
from jcp_controls.evidence.store import EvidenceUnavailable

__all__ = ["results_of", "run_control"]


def run_control(context: RuleContext, control: Control) -> Iterable[Result]:
    """Every result of one control: scope, then one judgment per subject.

    Fail closed: when the kind that defines the scope (the first of ``control.needs``) is
    missing or rejected, the control yields one ``error`` per office; when another kind it
    needs is, every subject in scope gets ``error``, whatever the rule would have said. A
    control that raises (a plugin's bug) yields ``error`` the same way; the run goes on.
    """
    scope_kind, *other_kinds = control.needs or (None,)
    try:
        if scope_kind is not None:
            context.evidence.check(scope_kind)
        scoped = list(control.select(context))
    except EvidenceUnavailable as missing:
        yield from _scope_errors(context, control, f"evidence unavailable: {missing}")
        return
    except Exception as exc:
        yield from _scope_errors(context, control, f"control failed: {type(exc).__name__}: {exc}")
        return
    for kind in other_kinds:
        try:
            context.evidence.check(kind)
        except EvidenceUnavailable as missing:
            unavailable = Finding(Status.ERROR, f"evidence unavailable: {missing}")
            for item in scoped:
                yield _result(control, item.subject, unavailable)
            return
    for item in scoped:
        try:
            finding = control.judge(context, item.item)
        except EvidenceUnavailable as missing:
            finding = Finding(Status.ERROR, f"evidence unavailable: {missing}")
        except Exception as exc:
            finding = Finding(Status.ERROR, f"control failed: {type(exc).__name__}: {exc}")
        yield _result(control, item.subject, finding)


def _result(control: Control, subject: Subject, finding: Finding) -> Result:
    return Result(
        control_id=control.control_id,
        status=finding.status,
        severity=control.severity,
        office_id=subject.office_id,
        subject_kind=subject.kind,
        subject_id=subject.subject_id,
        staff_id=subject.staff_id,
        due_on=finding.due_on,
        message=finding.message,
        evidence=finding.evidence,
    )


def _scope_errors(context: RuleContext, control: Control, message: str) -> Iterable[Result]:
    """One error per office, or one office-less error when offices are unavailable."""
    try:
        office_ids = sorted(context.offices)
    except EvidenceUnavailable:
        office_ids = []
    finding = Finding(Status.ERROR, message)
    if not office_ids:
        yield _result(control, Subject(SubjectKind.OFFICE, None, None), finding)
        return
    for office_id in office_ids:
        yield _result(control, Subject(SubjectKind.OFFICE, office_id, office_id), finding)


def results_of(context: RuleContext, control: Control) -> tuple[Result, ...]:
    """Every result of ``control`` in this evaluation, computed once: the engine and the
    controls that report on other controls (CHK-001, CHK-037) share them."""
    return context.cached(
        f"runner.results.{control.control_id}", lambda: tuple(run_control(context, control))
    )
