"""Running one control: list its scope, judge each subject, and fail closed.

The engine (:func:`jcp_controls.evaluate`) runs every control through :func:`run_control`;
controls that report on other controls (CHK-001 "evaluated as ACC-009") use it too.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from jcp_controls.controls.base import (
    Control,
    Finding,
    Result,
    Scoped,
    Status,
    Subject,
    SubjectKind,
)
from jcp_controls.controls.context import RuleContext
from jcp_controls.evidence.store import EvidenceUnavailable
from jcp_controls.plugins import contained, describe_value

__all__ = ["results_of", "run_control"]


def run_control(context: RuleContext, control: Control) -> Iterable[Result]:
    """Every result of one control: scope, then one judgment per subject.

    Fail closed: when the kind that defines the scope (the first of ``control.needs``) is
    missing or rejected, the control yields one ``error`` per office; when another kind it
    needs is, every subject in scope gets ``error``, whatever the rule would have said. A
    control that raises anything but ``KeyboardInterrupt`` (a plugin's bug, even
    ``SystemExit``), whose scope yields something other than :class:`Scoped` subjects, or
    whose rule returns something other than a :class:`Finding` with JSON-ready evidence,
    yields ``error`` the same way; the run goes on.
    """
    scope_kind, *other_kinds = control.needs or (None,)
    # The built-in rules are tested to return JSON-ready findings; a plugin's are checked.
    check_evidence = not getattr(control.judge, "__module__", "").startswith("jcp_controls.")
    try:
        if scope_kind is not None:
            context.evidence.check(scope_kind)
        scoped = list(control.select(context))
        for entry in scoped:
            if not isinstance(entry, Scoped) or not isinstance(entry.subject, Subject):
                raise _Misbehaved(f"scope yielded {describe_value(entry)}, expected Scoped")
        if context.only_offices is not None:  # office first: other offices are not judged
            scoped = [
                item
                for item in scoped
                if item.subject.office_id is None or item.subject.office_id in context.only_offices
            ]
    except EvidenceUnavailable as missing:
        yield from _scope_errors(context, control, f"evidence unavailable: {missing}")
        return
    except BaseException as exc:
        if not contained(exc):
            raise
        yield from _scope_errors(context, control, _failed(exc))
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
            if not isinstance(finding, Finding):
                raise _Misbehaved(f"rule returned {describe_value(finding)}, expected a Finding")
            if check_evidence:
                _check_finding(finding)
        except EvidenceUnavailable as missing:
            finding = Finding(Status.ERROR, f"evidence unavailable: {missing}")
        except BaseException as exc:
            if not contained(exc):
                raise
            finding = Finding(Status.ERROR, _failed(exc))
        yield _result(control, item.subject, finding)


class _Misbehaved(Exception):
    """A control's scope or rule returned something unusable."""


def _failed(exc: BaseException) -> str:
    if isinstance(exc, _Misbehaved):
        return f"control failed: {exc}"
    text = str(exc)
    return (
        f"control failed: {type(exc).__name__}: {text}"
        if text
        else (f"control failed: {type(exc).__name__}")
    )


_SCALARS = (str, int, float, bool, type(None), dt.date, enum.Enum)


def _check_finding(finding: Finding) -> None:
    """Raise :class:`_Misbehaved` unless ``finding`` has a status, a message, a date or None
    and evidence the JSON report can hold."""
    if not isinstance(finding.status, Status):
        raise _Misbehaved(f"rule returned a status of {describe_value(finding.status)}")
    if not isinstance(finding.message, str):
        raise _Misbehaved(f"rule returned a message of {describe_value(finding.message)}")
    if finding.due_on is not None and not isinstance(finding.due_on, dt.date):
        raise _Misbehaved(f"rule returned a due_on of {describe_value(finding.due_on)}")
    if not isinstance(finding.evidence, Mapping):
        raise _Misbehaved(f"rule returned evidence of {describe_value(finding.evidence)}")
    _check_jsonable(finding.evidence, depth=0)


def _check_jsonable(value: Any, depth: int) -> None:
    if depth > 20:
        raise _Misbehaved("rule returned evidence nested more than 20 levels deep")
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Misbehaved(f"rule returned evidence with a key of {describe_value(key)}")
            _check_jsonable(item, depth + 1)
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_jsonable(item, depth + 1)
        return
    raise _Misbehaved(f"rule returned evidence holding {describe_value(value)}, not JSON-ready")


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
    """One error per office evaluated, or one office-less error when offices are
    unavailable."""
    try:
        office_ids = sorted(context.offices)
    except EvidenceUnavailable:
        office_ids = []
    finding = Finding(Status.ERROR, message)
    if not office_ids:
        yield _result(control, Subject(SubjectKind.OFFICE, None, None), finding)
        return
    if context.only_offices is not None:
        office_ids = [office_id for office_id in office_ids if office_id in context.only_offices]
    for office_id in office_ids:
        yield _result(control, Subject(SubjectKind.OFFICE, office_id, office_id), finding)


def results_of(context: RuleContext, control: Control) -> tuple[Result, ...]:
    """Every result of ``control`` in this evaluation, computed once: the engine and the
    controls that report on other controls (CHK-001, CHK-037) share them."""
    return context.cached(
        f"runner.results.{control.control_id}", lambda: tuple(run_control(context, control))
    )
