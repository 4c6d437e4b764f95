"""CHK-038: BCS validation by the central Quality Team (SEC §28), its sample plan and the
reproducible validation sample.

SEC §28: "The centralised Quality Team will perform quarterly BCS validation checks for all
sites. The volume of validation checks will depend on the number of BCS monthly checks
completed." This module makes that executable in three pieces:

**The sample plan** says how many checks of a quarter must be validated. It is a small policy
object: anything with a ``name`` and a ``sample_size(n) -> int`` method
(:class:`SamplePlan`). The default, :class:`ISO2859Level2`, is the sample-size code-letter
table of ISO 2859-1 at general inspection level II, selected by the policy setting
``bcs.sample_plan = "iso2859-1-general-ii"`` (:func:`plan_for`). To use another plan, pass it
in Python: to :func:`draw_sample` (``plan=``) and to :func:`bcs_validation_control`, whose
control replaces the built-in CHK-038 in a catalogue::

    class TenPercent:
        name = "ten-percent"

        def sample_size(self, n: int) -> int:
            return min(n, -(-n // 10))  # a tenth, rounded up, never more than n

    catalogue = jc.Catalogue.from_plugins()
    controls = [c for c in catalogue.controls if c.control_id != "CHK-038"]
    mine = jc.Catalogue((*controls, bcs_validation_control(TenPercent())))
    jc.evaluate(evidence, as_of="2026-11-22", catalogue=mine)

(a plugin can do the same: provide ``bcs_validation_control(plan, control_id="XYZ-001")``
from its ``jcp_controls_controls`` hook).

**CHK-038** (:data:`CONTROLS`, ``bcs-validation``): for each complete calendar quarter that
overlaps the lookback window (``as_of - lookback_months`` .. ``as_of``; the quarter holding
``as_of`` is not complete and is not judged), ``n`` is the number of checks recorded with
``recorded_in = bcs`` at the office and performed in the quarter (``bcs_validation`` checks
themselves excluded). The quarter needs ``sample_size(n)`` ``bcs_validation`` checks at the
office performed in the quarter or within ``bcs.validation_lag_days`` after its last day
(whatever their outcome: the outcome judges the validated check, not the validation). As the
rule reads literally, one validation performed early in a quarter counts both for that quarter
and, when inside its lag window, for the quarter before. A short quarter fails once its window
has closed (``as_of`` after quarter end + lag) and warns while it is still open. One result per
office names every short quarter (``2026Q3: 3 of 5 validated``).

**The sample** (:func:`draw_sample`, ``jcp-controls sample``) says *which* checks to validate:
a reproducible random sample of ``sample_size(n)`` of the quarter's BCS checks. Each check gets
the SHA-256 of ``seed|office|quarter|its fields|occurrence`` as its rank and the lowest ranks
are chosen, so the same evidence, office, quarter and seed always give the same sample,
whatever the order of the input rows, on any platform and Python version; identical duplicate
rows are told apart by their occurrence number. A check's rank does not depend on the other
checks, so a late-recorded check can only displace one chosen check, never reshuffle the rest.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from jcp_controls import calendar
from jcp_controls.controls.base import (
    Control,
    DemoFault,
    Finding,
    Severity,
    Status,
    SubjectKind,
)
from jcp_controls.controls.checks import CHECKS
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.scopes import every_office
from jcp_controls.controls.sql.bcs import bcs_validation_sql
from jcp_controls.controls.sql.context import SqlRule
from jcp_controls.errors import UsageError
from jcp_controls.evidence.store import Evidence
from jcp_controls.models import CheckRecord, Office, RecordedIn, RecordKind
from jcp_controls.policy import Policy

__all__ = [
    "CONTROLS",
    "SAMPLE_PLANS",
    "VALIDATION_CHECK_TYPE",
    "ISO2859Level2",
    "Sample",
    "SamplePlan",
    "bcs_validation_control",
    "draw_sample",
    "parse_quarter",
    "plan_for",
    "validated_quarterly",
]

#: The ``check_type`` of a validation by the central Quality Team in ``checks.csv``.
VALIDATION_CHECK_TYPE = "bcs_validation"

_QUARTER = re.compile(r"([0-9]{4})[Qq]([1-4])")


# -- the sample plan -------------------------------------------------------------------------


@runtime_checkable
class SamplePlan(Protocol):
    """How many of ``n`` BCS checks of a quarter must be validated.

    Any object with these two members is a plan; it needs no base class.
    """

    @property
    def name(self) -> str:
        """What the plan is called in results and samples (``iso2859-1-general-ii``)."""
        ...

    def sample_size(self, n: int) -> int:
        """The number of checks to validate out of ``n`` (``0 <= result <= n``)."""
        ...


#: ISO 2859-1, Tables 1 and 2-A: (largest lot size, sample size) at general inspection level
#: II, code letters A to P; larger lots (code letter Q) take 1250.
_ISO2859_LEVEL_II: tuple[tuple[int, int], ...] = (
    (8, 2),
    (15, 3),
    (25, 5),
    (50, 8),
    (90, 13),
    (150, 20),
    (280, 32),
    (500, 50),
    (1200, 80),
    (3200, 125),
    (10000, 200),
    (35000, 315),
    (150000, 500),
    (500000, 800),
)
_ISO2859_LARGEST = 1250


@attrs.frozen
class ISO2859Level2:
    """ISO 2859-1 single sampling, general inspection level II: the default plan.

    Lot 2-8: 2, 9-15: 3, 16-25: 5, 26-50: 8, 51-90: 13, 91-150: 20, 151-280: 32, 281-500: 50,
    501-1200: 80, 1201-3200: 125, 3201-10000: 200, 10001-35000: 315, 35001-150000: 500,
    150001-500000: 800, above: 1250. The standard's table starts at a lot of 2; here a lot
    of 0 needs no validation and a lot of 1 needs its one check validated, so the sample is
    never more than the lot.

    >>> ISO2859Level2().sample_size(20)
    5
    """

    name: str = attrs.field(default="iso2859-1-general-ii", init=False)

    def sample_size(self, n: int) -> int:
        """The sample size for a lot of ``n`` checks.

        Raises:
            ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError(f"a lot cannot hold {n} checks")
        for largest, size in _ISO2859_LEVEL_II:
            if n <= largest:
                return min(size, n)
        return _ISO2859_LARGEST


#: The plans ``bcs.sample_plan`` can name, by name.
SAMPLE_PLANS: Mapping[str, SamplePlan] = {ISO2859Level2().name: ISO2859Level2()}


def plan_for(policy: Policy) -> SamplePlan:
    """The plan the policy's ``bcs.sample_plan`` names."""
    return SAMPLE_PLANS[policy.bcs.sample_plan]


def _size(plan: SamplePlan, n: int) -> int:
    size = plan.sample_size(n)
    if not 0 <= size <= n:
        raise ValueError(f"sample plan {plan.name!r} asked for {size} of {n} checks")
    return size


# -- quarters --------------------------------------------------------------------------------


def parse_quarter(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter written ``YYYYQn`` (``2026Q3``).

    Raises:
        UsageError: ``label`` is not of that form, or its year is outside 1900 to 2199.
    """
    match = _QUARTER.fullmatch(label.strip())
    if match is None:
        raise UsageError(f"quarter {label!r} is not of the form YYYYQn (e.g. 2026Q3)")
    if not 1900 <= int(match[1]) <= 2199:
        raise UsageError(f"quarter {label!r} is out of range (years 1900 to 2199)")
    first = dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    return first, calendar.add_months(first, 3) - dt.timedelta(days=1)


def _judged_quarters(ctx: RuleContext) -> Iterator[tuple[dt.date, dt.date]]:
    """Complete quarters overlapping the lookback window, oldest first."""
    window_start = calendar.add_months(ctx.as_of, -ctx.policy.lookback_months)
    for first, last in calendar.quarters_in(window_start, ctx.as_of):
        if last < ctx.as_of:
            yield first, last


# -- CHK-038 ---------------------------------------------------------------------------------


def _is_population(check: CheckRecord) -> bool:
    return check.recorded_in is RecordedIn.BCS and check.check_type != VALIDATION_CHECK_TYPE


@attrs.frozen
class _OfficeChecks:
    population: tuple[dt.date, ...]  # sorted dates of the office's BCS checks
    validations: tuple[dt.date, ...]  # sorted dates of its validations


def _index(ctx: RuleContext) -> Mapping[str, _OfficeChecks]:
    def build() -> Mapping[str, _OfficeChecks]:
        population: defaultdict[str, list[dt.date]] = defaultdict(list)
        validations: defaultdict[str, list[dt.date]] = defaultdict(list)
        check: CheckRecord
        for check in ctx.evidence.get(RecordKind.CHECKS):
            if check.performed_on > ctx.as_of:  # not known yet
                continue
            if check.check_type == VALIDATION_CHECK_TYPE:
                validations[check.office_id].append(check.performed_on)
            elif _is_population(check):
                population[check.office_id].append(check.performed_on)
        return {
            office: _OfficeChecks(
                tuple(sorted(population.get(office, ()))),
                tuple(sorted(validations.get(office, ()))),
            )
            for office in population.keys() | validations.keys()
        }

    index: Mapping[str, _OfficeChecks] = ctx.cached("bcs.checks_by_office", build)
    return index


def _count(days: tuple[dt.date, ...], first: dt.date, last: dt.date) -> int:
    return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)


def _judge_with(plan: SamplePlan | None) -> Callable[[RuleContext, Office], Finding]:
    def judge(ctx: RuleContext, office: Office) -> Finding:
        return validated_quarterly(ctx, office, plan)

    return judge


def validated_quarterly(
    ctx: RuleContext, office: Office, plan: SamplePlan | None = None
) -> Finding:
    """Each complete quarter in the lookback window has ``sample_size(n)`` validations.

    Args:
        ctx: the evaluation.
        office: the office judged.
        plan: the sample plan (default: the one the policy names).
    """
    plan = plan if plan is not None else plan_for(ctx.policy)
    lag = ctx.policy.bcs.validation_lag_days
    checks = _index(ctx).get(office.office_id, _OfficeChecks((), ()))
    quarters: list[dict[str, Any]] = []
    short: list[tuple[Status, str, str, dt.date]] = []
    for first, last in _judged_quarters(ctx):
        label = calendar.quarter_label(first)
        closes_on = calendar.add_days(last, lag)
        n = _count(checks.population, first, last)
        required = _size(plan, n)
        validated = _count(checks.validations, first, closes_on)
        if validated >= required:
            status = Status.PASS
        else:
            status = Status.FAIL if ctx.as_of > closes_on else Status.WARN
            text = f"{label}: {validated} of {required} validated"
            if status is Status.WARN:
                text += f" (window open until {closes_on})"
            short.append((status, label, text, closes_on))
        quarters.append(
            {
                "quarter": label,
                "population": n,
                "required": required,
                "validated": validated,
                "window_closes_on": closes_on,
                "status": status,
            }
        )
    evidence: dict[str, Any] = {
        "plan": plan.name,
        "validation_lag_days": lag,
        "quarters": quarters,
        "short": [label for _, label, _, _ in short],
    }
    if short:
        worst = max((status for status, _, _, _ in short), key=lambda status: status.rank)
        due = min(closes_on for status, _, _, closes_on in short if status is worst)
        return Finding(worst, "; ".join(text for _, _, text, _ in short), due, evidence)
    current_first = dt.date(ctx.as_of.year, (ctx.as_of.month - 1) // 3 * 3 + 1, 1)
    current_last = calendar.add_months(current_first, 3) - dt.timedelta(days=1)
    next_due = calendar.add_days(current_last, lag)
    if not quarters:
        message = "no complete quarter in the lookback window"
    else:
        message = f"validated: {quarters[0]['quarter']} to {quarters[-1]['quarter']}"
    return Finding(Status.PASS, message, next_due, evidence)


def bcs_validation_control(
    plan: SamplePlan | None = None,
    *,
    control_id: str = "CHK-038",
    name: str = "bcs-validation",
) -> Control:
    """The BCS validation control, judged with ``plan`` (default: the policy's).

    With the ISO 2859-1 plan (the policy's, or passed in) it also has a set-based
    implementation (:func:`jcp_controls.controls.sql.bcs.bcs_validation_sql`); with another
    plan it runs its Python rule on both engines.

    Args:
        plan: a fixed sample plan; None takes the plan ``bcs.sample_plan`` names.
        control_id: the ID of the control (keep ``CHK-038`` to replace the built-in one).
        name: its slug.
    """
    return Control(
        control_id=control_id,
        name=name,
        severity=Severity.MEDIUM,
        citation="SEC §28",
        scope="office",
        subject_kind=SubjectKind.OFFICE,
        rule_text=(
            "each complete quarter in the lookback window: at least sample_size(n) "
            "bcs_validation checks in the quarter or within bcs.validation_lag_days after it, "
            "n = the office's checks recorded in BCS in the quarter (plan: "
            f"{plan.name if plan is not None else 'bcs.sample_plan'}); short while the window "
            "is open: warn"
        ),
        needs=(RecordKind.OFFICES, RecordKind.CHECKS),
        select=every_office,
        judge=_judge_with(plan),
        owner="central Quality Team",
        family=CHECKS,
        frequency="``sampled(quarter)`` (Annex 1: Quarterly (SEC §28))",
        faults=(DemoFault("bcs_validation_short", 0.03, 1),),
        sql=_sql(plan),
    )


def _sql(plan: SamplePlan | None) -> SqlRule | None:
    """The set-based implementation, for the ISO 2859-1 plan only (the only plan
    ``bcs.sample_plan`` can name; another fixed plan runs the Python rule)."""
    if plan is not None and not isinstance(plan, ISO2859Level2):
        return None
    return bcs_validation_sql(
        ISO2859Level2().name, _ISO2859_LEVEL_II, _ISO2859_LARGEST, VALIDATION_CHECK_TYPE
    )


CONTROLS: tuple[Control, ...] = (bcs_validation_control(),)


# -- the validation sample -------------------------------------------------------------------


def _field(value: object) -> str:
    """A field for the canonical order and the rank: None sorts and hashes apart from ''."""
    return "\x00" if value is None else str(value)


def _canonical(check: CheckRecord) -> tuple[str, ...]:
    return (
        check.performed_on.isoformat(),
        check.check_type,
        _field(check.subject_id),
        _field(check.performed_by),
        _field(check.outcome),
        _field(check.recorded_in),
        check.office_id,
    )


@attrs.frozen
class Sample:
    """Which BCS checks of one office and quarter to validate.

    Attributes:
        office_id: the office.
        quarter: the quarter, ``YYYYQn``.
        seed: the seed it was drawn with.
        plan: the name of the sample plan.
        population: how many checks were recorded in BCS at the office in the quarter.
        checks: the chosen checks, ordered by date, check type, subject and performer.
    """

    #: The kind of document it is, for the format registry.
    document_kind: ClassVar[str] = "sample"

    office_id: str
    quarter: str
    seed: int
    plan: str
    population: int
    checks: tuple[CheckRecord, ...]

    @property
    def sample_size(self) -> int:
        """How many checks were chosen."""
        return len(self.checks)

    @property
    def first_day(self) -> dt.date:
        """The first day of the quarter."""
        return parse_quarter(self.quarter)[0]

    @property
    def last_day(self) -> dt.date:
        """The last day of the quarter."""
        return parse_quarter(self.quarter)[1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as ``jcp-controls sample --format json`` writes it."""
        return {
            "office_id": self.office_id,
            "quarter": self.quarter,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "seed": self.seed,
            "plan": self.plan,
            "population": self.population,
            "sample_size": self.sample_size,
            "sample": [
                {
                    "check_type": check.check_type,
                    "subject_id": check.subject_id,
                    "performed_on": check.performed_on.isoformat(),
                    "performed_by": check.performed_by,
                    "outcome": None if check.outcome is None else check.outcome.value,
                }
                for check in self.checks
            ],
        }


def _population(
    checks: Iterable[CheckRecord], office_id: str, first: dt.date, last: dt.date
) -> list[CheckRecord]:
    chosen = [
        check
        for check in checks
        if check.office_id == office_id and first <= check.performed_on <= last
    ]
    return sorted((c for c in chosen if _is_population(c)), key=_canonical)


def draw_sample(
    evidence: Evidence,
    *,
    office_id: str,
    quarter: str,
    seed: int = 0,
    policy: Policy | None = None,
    plan: SamplePlan | None = None,
) -> Sample:
    """Draw the reproducible validation sample of one office and quarter (SEC §28).

    The population is every check recorded with ``recorded_in = bcs`` at the office and
    performed in the quarter, except ``bcs_validation`` checks. Its size ``n`` gives the sample
    size ``plan.sample_size(n)``; the checks with the lowest SHA-256 ranks (see the module
    documentation) are chosen. Same evidence, office, quarter and seed: same sample, whatever
    the order of the records.

    Args:
        evidence: loaded evidence; ``offices`` and ``checks`` must be available.
        office_id: the office (an ``office_id`` of ``offices.csv``).
        quarter: ``YYYYQn``, e.g. ``2026Q3``.
        seed: any integer; change it to draw a different sample.
        policy: names the plan (``bcs.sample_plan``); default: the default policy.
        plan: a sample plan to use instead of the policy's.

    Raises:
        UsageError: the quarter is not ``YYYYQn`` or the office is unknown.
        EvidenceUnavailable: ``offices`` or ``checks`` was not supplied or was rejected.
    """
    first, last = parse_quarter(quarter)
    label = calendar.quarter_label(first)
    offices = evidence.get(RecordKind.OFFICES)
    if not any(office.office_id == office_id for office in offices):
        raise UsageError(f"unknown office {office_id!r} (not in offices.csv)")
    if plan is None:
        plan = plan_for(policy if policy is not None else Policy())
    population = _population(evidence.get(RecordKind.CHECKS), office_id, first, last)
    size = _size(plan, len(population))
    ranked: list[tuple[bytes, int]] = []
    occurrences: defaultdict[tuple[str, ...], int] = defaultdict(int)
    for position, check in enumerate(population):
        fields = _canonical(check)
        occurrence = occurrences[fields]
        occurrences[fields] += 1
        text = "|".join((str(seed), office_id, label, *fields, str(occurrence)))
        ranked.append((hashlib.sha256(text.encode("utf-8")).digest(), position))
    chosen = sorted(position for _, position in sorted(ranked)[:size])
    return Sample(
        office_id=office_id,
        quarter=label,
        seed=seed,
        plan=plan.name,
        population=len(population),
        checks=tuple(population[position] for position in chosen),
    )
