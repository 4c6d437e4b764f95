"""Evaluation: run every control over the evidence on one date, apply waivers, build a report.

The engine is where unavailable evidence becomes ``error``: a control whose scope cannot be
listed yields one ``error`` per office (or a single one when ``offices.csv`` itself is
missing); a subject whose rule reads unavailable evidence gets ``error``. It reads no clock
and does no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from jcp_controls.allocation import collector_paused
from jcp_controls.catalogue import Catalogue
from jcp_controls.controls.base import Control, Result, Status
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.runner import results_of
from jcp_controls.errors import PolicyError, UsageError
from jcp_controls.evidence.store import Evidence, InputIssue, PluginFailure, SourceInfo
from jcp_controls.models import RecordKind, Waiver
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.model import Report

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "Plan",
    "adjusted",
    "apply_staleness",
    "apply_waiver",
    "catalogue_warnings",
    "control_failure",
    "evaluate",
    "finish_evaluation",
    "in_report_order",
    "named_warnings",
    "parse_date",
    "plan_evaluation",
    "stale_evidence",
    "today_in_london",
]

#: The earliest evaluation date accepted (``as_of``, ``--as-of``).
EARLIEST_DATE = dt.date(1900, 1, 1)
#: The latest evaluation date accepted: far enough for any plan, near enough that every
#: deadline computed from it (policy periods are at most 10 years) is a valid date.
LATEST_DATE = dt.date(2199, 12, 31)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today_in_london() -> dt.date:
    """Today's date in Europe/London: the default ``as_of`` in Python and on the command line."""
    now = pendulum.now("Europe/London")
    return dt.date(now.year, now.month, now.day)


def parse_date(value: str | dt.date, what: str = "as_of") -> dt.date:
    """An evaluation date from ``YYYY-MM-DD`` or a date (a ``datetime`` counts as its date).

    Only the extended calendar form ``YYYY-MM-DD`` is a date: ``20260101``, ``2026-W47-7``
    and the empty string are not.

    Raises:
        UsageError: ``value`` is not such a date, or is outside
            :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`; the message names ``what``.
    """
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{what}: {value!r} is not a valid calendar date") from None
    else:
        raise UsageError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise UsageError(
            f"{what}: {day.isoformat()} is out of range "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
        )
    return day


def evaluate(
    evidence: Evidence,
    *,
    as_of: str | dt.date | None = None,
    policy: Policy | None = None,
    plugins: Plugins | None = None,
    catalogue: Catalogue | None = None,
    only: Sequence[str] | None = None,
    offices: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Evaluate the catalogue over ``evidence`` on ``as_of``.

    Args:
        evidence: what :func:`jcp_controls.load` returned (or :meth:`Evidence.from_records`).
        as_of: the evaluation date (``YYYY-MM-DD`` or a date); default today in
            Europe/London, as on the command line. Nothing else reads a clock.
        policy: the policy (default: the defaults). The policy reaches the engine this way
            only: :func:`jcp_controls.load_policy` builds it from evidence folders'
            ``policy.toml`` and an override file, as the command line does.
        plugins: where controls come from and who receives the results (default: the
            built-ins and installed entry points).
        catalogue: an already built catalogue (default: built from ``plugins``).
        only: evaluate just these control IDs (at least one; a string is one ID).
        offices: evaluate just the subjects of these office IDs (and office-less errors);
            each must be in ``offices.csv``, exactly (case included). A string is one ID.
            The other offices' subjects are left out before any rule judges them, so one
            office of a national estate costs little more than listing the scopes.

    Returns:
        A :class:`Report` holding one result per control and subject in scope (passes too).

    Raises:
        UsageError: ``as_of`` is not a date in range; ``only`` is empty or names an unknown
            control; ``offices`` is empty or names an office not in the evidence.
    """
    plan = plan_evaluation(
        evidence,
        as_of=as_of,
        policy=policy,
        plugins=plugins,
        catalogue=catalogue,
        only=only,
        offices=offices,
    )
    results: list[Result] = []
    control_failures: list[PluginFailure] = []
    with collector_paused():
        for done, control in enumerate(plan.controls, 1):
            stale = stale_evidence(evidence, control, plan.policy, plan.as_of)
            results.extend(
                adjusted(plan, control, results_of(plan.context, control), stale, control_failures)
            )
            if progress is not None:
                progress(control.control_id, done, len(plan.controls))
        in_report_order(results)
    return finish_evaluation(plan, tuple(results), control_failures)


def adjusted(
    plan: Plan,
    control: Control,
    results: Iterable[Result],
    stale: Stale | None,
    failures: list[PluginFailure],
) -> list[Result]:
    """One control's ``results`` with waivers and evidence freshness (``stale``, from
    :func:`stale_evidence`) applied; the plugin whose control failed is added to
    ``failures``. Both engines finish a control's results here."""
    done = [
        apply_staleness(apply_waiver(result, plan.waivers, plan.as_of), stale)
        for result in results
    ]
    failures.extend(control_failure(plan.plugins, control, done))
    return done


def in_report_order(results: list[Result]) -> None:
    """Sort ``results`` in place into report order: office, control, subject, status,
    message (:meth:`Result.sort_key`), then (only among results equal on all of those, which
    are rare) due date and evidence, so the order never depends on the order a rule listed
    its subjects in and both engines give the same report."""
    keys = [result.sort_key() for result in results]
    order = sorted(range(len(results)), key=keys.__getitem__)
    ordered: list[Result] = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and keys[order[end]] == keys[order[start]]:
            end += 1
        group = [results[index] for index in order[start:end]]
        ordered.extend(sorted(group, key=_tie_key) if len(group) > 1 else group)
        start = end
    results[:] = ordered


def _tie_key(result: Result) -> tuple[str, str]:
    from jcp_controls.report.results import evidence_json

    due = result.due_on.isoformat() if result.due_on is not None else ""
    return due, evidence_json(result.evidence)


@attrs.frozen
class Plan:
    """An evaluation ready to run: its date, policy, plugins and the controls selected.

    The Python engine (:func:`evaluate`) and the columnar one share it, so both check their
    arguments, select controls and assemble the report the same way.
    """

    evidence: Evidence
    as_of: dt.date
    policy: Policy
    plugins: Plugins
    catalogue: Catalogue
    controls: tuple[Control, ...]
    offices: frozenset[str] | None
    context: RuleContext
    waivers: dict[tuple[str, str], list[Waiver]]


def plan_evaluation(
    evidence: Evidence,
    *,
    as_of: str | dt.date | None = None,
    policy: Policy | None = None,
    plugins: Plugins | None = None,
    catalogue: Catalogue | None = None,
    only: Sequence[str] | None = None,
    offices: Sequence[str] | None = None,
) -> Plan:
    """Check the arguments of :func:`evaluate` and select the controls (same errors)."""
    day = today_in_london() if as_of is None else parse_date(as_of)
    if isinstance(only, str):  # one ID, not its characters
        only = [only]
    if isinstance(offices, str):
        offices = [offices]
    if only is not None and not list(only):
        raise UsageError("only: no control ID given (omit it to evaluate every control)")
    if offices is not None:
        _check_offices(evidence, offices)
    if policy is None:
        policy = Policy()
    plugins = plugins if plugins is not None else Plugins()
    catalogue = catalogue if catalogue is not None else Catalogue.from_plugins(plugins)
    _check_policy_check_types(catalogue, policy)
    catalogue = catalogue.with_policy(policy)
    controls = catalogue.select(list(only) if only is not None else None)
    selected = None if offices is None else frozenset(offices)
    context = RuleContext(evidence, policy, day, catalogue.by_id(), offices=selected)
    return Plan(
        evidence, day, policy, plugins, catalogue, controls, selected, context, _waivers(evidence)
    )


def finish_evaluation(
    plan: Plan,
    results: Any,
    control_failures: Iterable[PluginFailure],
    warnings: tuple[InputIssue, ...] | None = None,
    names: tuple[Mapping[str, str], Mapping[str, str]] | None = None,
) -> Report:
    """The report of ``results`` (in report order), after the plugins have seen it.

    ``warnings`` (the catalogue warnings) and ``names`` (staff and office names by ID) are
    given when already known; by default they are read from the evidence's records.
    """
    evidence = plan.evidence
    if warnings is None:
        warnings = catalogue_warnings(evidence, plan.catalogue)
    if names is None:
        names = (
            _names(evidence, RecordKind.STAFF, "staff_id"),
            _names(evidence, RecordKind.OFFICES, "office_id"),
        )
    report = Report(
        as_of=plan.as_of,
        policy=plan.policy,
        controls=plan.controls,
        results=results,
        sources=evidence.sources,
        input_errors=evidence.errors,
        input_warnings=(*evidence.warnings, *warnings),
        plugin_errors=tuple(
            dict.fromkeys((*evidence.plugin_failures, *plan.plugins.failures, *control_failures))
        ),
        office_ids=_office_ids(evidence),
        staff_names=names[0],
        office_names=names[1],
    )
    failures = plan.plugins.notify(lambda hook: hook(report=report), "jcp_controls_results")
    if failures:
        report = report.with_plugin_errors(failures)
    return report


def control_failure(
    plugins: Plugins, control: Control, results: list[Result]
) -> list[PluginFailure]:
    """The plugin whose control failed (raised, exited or returned something unusable), named
    once with one of the control's failures, for the report's plugin errors."""
    for result in reversed(results):
        if result.control_id != control.control_id:
            break
        if result.status is Status.ERROR and result.message.startswith("control failed: "):
            provider = plugins.provider(control)
            if provider is None:
                return []
            message = result.message.removeprefix("control failed: ")
            return [PluginFailure(provider, f"control {control.control_id}", message)]
    return []


def _check_policy_check_types(catalogue: Catalogue, policy: Policy) -> None:
    """Refuse a ``[[checks.types]]`` entry naming a control that would not judge it (one that
    reads no checks, or one judging another check type): it would be silently dropped."""
    controls = catalogue.by_id()
    judging = {entry.control_id for entry in catalogue.check_types}
    for index, table in enumerate(policy.checks.types, 1):
        control_id = table.get("control_id")
        control = controls.get(control_id) if isinstance(control_id, str) else None
        if control is None:
            continue
        if RecordKind.CHECKS not in control.needs or control_id in judging:
            raise PolicyError(
                f"policy: checks.types[{index}].control_id: {control_id!r} is the control "
                f"{control.name}, which does not judge this check type; omit control_id "
                "(the entry then gets a control of its own) or choose a new ID"
            )


def _names(evidence: Evidence, kind: RecordKind, key: str) -> dict[str, str]:
    """The names of the records of ``kind`` by ID, when the kind was supplied and accepted."""
    if kind not in evidence.records or kind in evidence.rejected:
        return {}
    return {getattr(record, key): record.name for record in evidence.records[kind]}


def _office_ids(evidence: Evidence) -> frozenset[str] | None:
    if RecordKind.OFFICES not in evidence.records:
        return None
    return frozenset(office.office_id for office in evidence.records[RecordKind.OFFICES])


def _check_offices(evidence: Evidence, offices: Sequence[str]) -> None:
    """Refuse an empty selection or an office ID that is not in the evidence's offices."""
    wanted = list(offices)
    if not wanted:
        raise UsageError("office: no office ID given (omit it to keep every office)")
    known = _office_ids(evidence)
    if known is None:
        return  # no offices to check against: every control reports the missing evidence
    for office_id in wanted:
        if office_id in known:
            continue
        near = sorted(k for k in known if k.casefold() == office_id.strip().casefold())
        hint = f"; did you mean {near[0]!r}? (IDs match exactly)" if near else ""
        raise UsageError(f"office {office_id!r} is not in offices.csv{hint}")


def catalogue_warnings(evidence: Evidence, catalogue: Catalogue) -> tuple[InputIssue, ...]:
    """Evidence naming what the catalogue does not know: a waiver for an unknown control, a
    check of an unknown type (a typo would otherwise leave a finding unwaived or a check
    unseen). Warnings, not errors: the evidence itself is well-formed."""
    return named_warnings(
        catalogue,
        waived={w.control_id for w in evidence.records.get(RecordKind.WAIVERS, ())},
        recorded={c.check_type for c in evidence.records.get(RecordKind.CHECKS, ())},
    )


def named_warnings(
    catalogue: Catalogue, *, waived: Iterable[str], recorded: Iterable[str]
) -> tuple[InputIssue, ...]:
    """:func:`catalogue_warnings` from the control IDs the waivers name and the check types
    the checks record (a columnar store lists them without reading every record)."""
    warnings: list[InputIssue] = []
    control_ids = {control.control_id for control in catalogue.controls}
    for waiver in sorted(set(waived) - control_ids):
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
        for check_type in sorted(set(recorded) - check_types):
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


def _waiver_order(waiver: Waiver) -> tuple[int, int, str, str]:
    """Latest expiry first, then latest approval, then reason and approver."""
    approved = waiver.approved_on.toordinal() if waiver.approved_on is not None else 0
    return (-waiver.expires_on.toordinal(), -approved, waiver.reason, waiver.approved_by)


def apply_waiver(
    result: Result, waivers: dict[tuple[str, str], list[Waiver]], day: dt.date
) -> Result:
    if result.status not in (Status.FAIL, Status.WARN) or result.subject_id is None:
        return result
    applying = [
        w for w in waivers.get((result.control_id, result.subject_id), ()) if w.applies_on(day)
    ]
    # Several waivers may apply: the one that lasts longest wins, whatever the row order
    # (ties broken on every other field, so the report never depends on it).
    for waiver in sorted(applying, key=_waiver_order)[:1]:
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


@attrs.frozen
class Stale:
    """The oldest evidence of a control past a freshness limit, and what it does to results."""

    status: Status
    source: SourceInfo
    kind: RecordKind
    extracted_on: dt.date
    age_days: int
    limit_days: int
    setting: str
    #: The ``stale_evidence`` entry by the status the rule gave, built once and shared by
    #: every result of the control (a national run has hundreds of thousands).
    details: dict[Status, dict[str, object]] = attrs.field(factory=dict, eq=False)

    def describe(self) -> str:
        return (
            f"{self.kind.filename} from source {self.source.name} ({self.source.uri}) was "
            f"extracted on {self.extracted_on.isoformat()}, {self.age_days} days before as_of, "
            f"past {self.setting} ({self.limit_days} days)"
        )

    def to_dict(self, status_before: Status) -> dict[str, object]:
        found = self.details.get(status_before)
        if found is None:
            found = self.details[status_before] = self._entry(status_before)
        return found

    def _entry(self, status_before: Status) -> dict[str, object]:
        return {
            "source": self.source.name,
            "uri": self.source.uri,
            "kind": self.kind.value,
            "extracted_on": self.extracted_on,
            "age_days": self.age_days,
            "limit": self.setting,
            "limit_days": self.limit_days,
            "status_before": status_before.value,
        }


def stale_evidence(
    evidence: Evidence, control: Control, policy: Policy, day: dt.date
) -> Stale | None:
    """The oldest extract among the kinds ``control`` needs, when it is past a limit of
    ``[evidence]``; None when every source supplying them is fresh or declares no date.
    Ties go to the first source, then the first kind in ``control.needs``."""
    oldest: tuple[dt.date, SourceInfo, RecordKind] | None = None
    for source in evidence.sources:
        for kind in control.needs:
            if kind.value not in source.records:
                continue
            extracted = source.extracted_on_of(kind)
            if extracted is not None and (oldest is None or extracted < oldest[0]):
                oldest = (extracted, source, kind)
    if oldest is None:
        return None
    extracted, source, kind = oldest
    age = (day - extracted).days
    limits = policy.evidence
    if age > limits.max_age_error_days:
        status, limit, setting = Status.ERROR, limits.max_age_error_days, "max_age_error_days"
    elif age > limits.max_age_days:
        status, limit, setting = Status.WARN, limits.max_age_days, "max_age_days"
    else:
        return None
    return Stale(status, source, kind, extracted, age, limit, f"evidence.{setting}")


def apply_staleness(result: Result, stale: Stale | None) -> Result:
    """Past ``evidence.max_age_days`` a ``pass`` becomes ``warn``; past
    ``evidence.max_age_error_days`` every result that is not already ``error`` becomes
    ``error``. The message says why; the evidence keeps the status the rule gave."""
    if stale is None or result.status is Status.ERROR:
        return result
    if stale.status is Status.WARN and result.status is not Status.PASS:
        return result
    evidence = dict(result.evidence)
    evidence["stale_evidence"] = stale.to_dict(result.status)
    if stale.status is Status.ERROR:
        message = (
            f"stale evidence: {stale.describe()} (was {result.status.value}: {result.message})"
        )
    else:
        message = f"{result.message} (evidence may be stale: {stale.describe()})"
    return attrs.evolve(result, status=stale.status, message=message, evidence=evidence)
