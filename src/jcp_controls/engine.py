"""Evaluation: run every control over the evidence on one date, apply waivers, build a report.

The engine is where unavailable evidence becomes ``error``: a control whose scope cannot be
listed yields one ``error`` per office (or a single one when ``offices.csv`` itself is
missing); a subject whose rule reads unavailable evidence gets ``error``. It reads no clock
and does no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from jcp_controls.catalogue import Catalogue
from jcp_controls.controls.base import Result, Status
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.runner import results_of
from jcp_controls.errors import UsageError
from jcp_controls.evidence.store import Evidence, InputIssue
from jcp_controls.models import RecordKind, Waiver
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.model import Report

__all__ = ["catalogue_warnings", "evaluate", "parse_date"]


def parse_date(value: str | dt.date, what: str = "as_of") -> dt.date:
    """A date from ``YYYY-MM-DD`` (or a date); :class:`UsageError` naming ``what`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def evaluate(
    evidence: Evidence,
    *,
    as_of: str | dt.date,
    policy: Policy | None = None,
    plugins: Plugins | None = None,
    catalogue: Catalogue | None = None,
    only: Sequence[str] | None = None,
    offices: Sequence[str] | None = None,
) -> Report:
    """Evaluate the catalogue over ``evidence`` on ``as_of``.

    Args:
        evidence: what :func:`jcp_controls.load` returned (or :meth:`Evidence.from_records`).
        as_of: the evaluation date (``YYYY-MM-DD`` or a date); nothing here reads a clock.
        policy: the policy; default the evidence's own settings (a folder's ``policy.toml``)
            over the defaults of controls.md.
        plugins: where controls come from and who receives the results (default: the
            built-ins and installed entry points).
        catalogue: an already built catalogue (default: built from ``plugins``).
        only: evaluate just these control IDs.
        offices: keep just the results of these office IDs (and office-less errors).

    Returns:
        A :class:`Report` holding one result per control and subject in scope (passes too).
    """
    day = parse_date(as_of)
    if policy is None:
        policy = Policy.from_mapping(evidence.policy_settings, source="policy.toml")
    plugins = plugins if plugins is not None else Plugins()
    catalogue = catalogue if catalogue is not None else Catalogue.from_plugins(plugins)
    catalogue = catalogue.with_policy(policy)
    controls = catalogue.select(list(only) if only is not None else None)
    context = RuleContext(
        evidence, policy, day, {control.control_id: control for control in catalogue.controls}
    )
    waivers = _waivers(evidence)
    results: list[Result] = []
    for control in controls:
        for result in results_of(context, control):
            results.append(_apply_waiver(result, waivers, day))
    if offices is not None:
        wanted = set(offices)
        results = [r for r in results if r.office_id is None or r.office_id in wanted]
    results.sort(key=Result.sort_key)
    report = Report(
        as_of=day,
        policy=policy,
        controls=controls,
        results=tuple(results),
        sources=evidence.sources,
        input_errors=evidence.errors,
        input_warnings=(*evidence.warnings, *catalogue_warnings(evidence, catalogue)),
        plugin_errors=tuple(dict.fromkeys((*evidence.plugin_failures, *plugins.failures))),
    )
    failures = plugins.notify(lambda hook: hook(report=report), "jcp_controls_results")
    if failures:
        report = report.with_plugin_errors(failures)
    return report


def catalogue_warnings(evidence: Evidence, catalogue: Catalogue) -> tuple[InputIssue, ...]:
    """Evidence naming what the catalogue does not know: a waiver for an unknown control, a
    check of an unknown type (a typo would otherwise leave a finding unwaived or a check
    unseen). Warnings, not errors: the evidence itself is well-formed."""
    warnings: list[InputIssue] = []
    control_ids = {control.control_id for control in catalogue.controls}
    for waiver in sorted(
        {w.control_id for w in evidence.records.get(RecordKind.WAIVERS, ())} - control_ids
    ):
        warnings.append(
            InputIssue(
                "catalogue",
                "waiver names a control that is not in the catalogue; it waives nothing",
                RecordKind.WAIVERS.filename,
                column="control_id",
                value=waiver,
                level="warning",
            )
        )
    check_types = {entry.check_type for entry in catalogue.check_types}
    if check_types:
        recorded = {c.check_type for c in evidence.records.get(RecordKind.CHECKS, ())}
        for check_type in sorted(recorded - check_types):
            warnings.append(
                InputIssue(
                    "catalogue",
                    "check_type is not in the mandatory-check catalogue; no control judges it",
                    RecordKind.CHECKS.filename,
                    column="check_type",
                    value=check_type,
                    level="warning",
                )
            )
    return tuple(warnings)


def _waivers(evidence: Evidence) -> dict[tuple[str, str], list[Waiver]]:
    waivers: dict[tuple[str, str], list[Waiver]] = {}
    if RecordKind.WAIVERS in evidence.records:
        for waiver in evidence.records[RecordKind.WAIVERS]:
            waivers.setdefault((waiver.control_id, waiver.subject_id), []).append(waiver)
    return waivers


def _apply_waiver(
    result: Result, waivers: dict[tuple[str, str], list[Waiver]], day: dt.date
) -> Result:
    if result.status not in (Status.FAIL, Status.WARN) or result.subject_id is None:
        return result
    for waiver in waivers.get((result.control_id, result.subject_id), ()):
        if waiver.applies_on(day):
            evidence = dict(result.evidence)
            evidence["waived_status"] = result.status.value
            evidence["waiver"] = {
                "reason": waiver.reason,
                "approved_by": waiver.approved_by,
                "approved_on": waiver.approved_on,
                "expires_on": waiver.expires_on,
            }
            return attrs.evolve(
                result,
                status=Status.WAIVED,
                message=f"{result.message} (waived until {waiver.expires_on}: {waiver.reason})",
                evidence=evidence,
            )
    return result
