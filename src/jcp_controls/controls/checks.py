"""CHK: the mandatory checks of SEC Annex 1, as data, and the controls that judge them.

**The catalogue.** :data:`CHECK_TYPES` holds one :class:`CheckType` per row of SEC Annex 1
("Mandatory Jobcentre Plus Checks", catalogue.rst "CHK"), plus the ``bcs_validation`` entry
(SEC §28, judged by :mod:`jcp_controls.controls.bcs`). Each entry has its ``check_type`` slug
(the value written in ``checks.csv``), the Annex 1 row (``category``), a structured
:class:`~jcp_controls.controls.frequency.Frequency`, the owner and guidance in Annex 1's words
(a few words of the source PDF are clipped; see :data:`CHECK_TYPES`), its scope and citation.
Plugins add entries through the ``jcp_controls_check_types`` hook.

**One control per entry** (:func:`check_control`): ``control_id`` is the entry's own (``CHK-001``
... ``CHK-037`` for the shipped rows; an entry that names none gets ``CHK-`` + its slug in upper
case with ``-`` for ``_``, e.g. ``fire_drill`` -> ``CHK-FIRE-DRILL``); the name is the slug
with ``-`` for ``_`` (``gpc-statement``); the severity is the entry's (``medium`` unless it says
otherwise: the shipped driving licence and motor insurance checks are ``high``, legal
preconditions of a journey; the ongoing manual controls are ``low``); the citation is
``SEC Annex 1 (<row>)``. :class:`~jcp_controls.catalogue.Catalogue` builds the control
of every entry whose ``control_id`` no registered control already has.

**Scopes and subjects.** ``office``: every office (``subject_kind`` ``office``, ``subject_id``
the office; every check of the type recorded at the office counts, whatever its
``subject_id``). ``enrolled``: each ``subject_id`` of ``enrolments.csv`` rows for the check
type, its time in scope the union of its rows' ``from_on``..``to_on``; it is in scope when it
is enrolled on ``as_of``, or (calendar checks) an enrolment overlaps the lookback window, or
(on-event checks, CHK-003) it has a triggering event in the window — a journey by a driver
who was never enrolled is still judged. ``staff``: each staff member with a triggering event
in the lookback window (an event with no ``subject_id`` is the office's). ``all_staff``: every
staff member current on ``as_of``, in scope from ``started_on`` to ``left_on``. Subjects that
are not offices have ``subject_kind`` ``staff`` even when the enrolled subject is an asset (a
vehicle, a card, a phone): the interface has no asset kind; ``staff_id`` is set only when the
subject is a staff member (``staff.csv``). Checks match a subject by ``subject_id`` at any
office. Checks and events after ``as_of`` are not known yet and are ignored.

**Frequencies** (catalogue.rst): ``calendar`` — one result per subject naming every complete
period missing a check (``2026-07``, ``2026Q3``); ``interval(N)`` — due on the last check + N
months, or the scope start + N with no check, else fail (only the current cycle is judged);
``start_then_interval(N)`` — first due on the scope start (eye care: ``started_on``, before VDU
work) or, ``induction``, ``checks.as_required_working_days`` working days after it (working
securely, met by a ``security_awareness`` completion in ``learning.csv``), then N months after
the last; ``on_event(event)`` — due ``checks.as_required_working_days`` working days after each
event in the lookback window on the office's regional calendar (the trace is in the evidence),
met by a check on or after the event, done late: warn; ``on_event(event, before=N)`` — a
passing check on or before each event and at most N months before it, else fail;
``ongoing`` — one ``warn`` per office, message ``manual control``; ``evaluated_as(IDs)`` — one
result per office summarising those controls' results at the office (worst status wins: CHK-001
is ACC-009, CHK-037 is JCC-004 and JCC-005). In every period or cycle judged, a latest outcome
``fail`` fails and ``exception`` warns (two checks on one day: the worse outcome counts).
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from jcp_controls import calendar
from jcp_controls.controls.base import (
    Control,
    Family,
    Finding,
    Result,
    Scoped,
    Severity,
    Status,
    Subject,
    SubjectKind,
)
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.frequency import (
    Frequency,
    FrequencyKind,
    Span,
    interval_due,
    judged_periods,
    missing_periods,
    parse_frequency,
    period_label,
    period_of,
    window_start,
)
from jcp_controls.controls.runner import results_of
from jcp_controls.controls.sql.checks import check_sql
from jcp_controls.evidence.store import EvidenceUnavailable
from jcp_controls.models import CheckOutcome, CheckRecord, Course, Enrolment, Event, RecordKind

__all__ = [
    "CHECKS",
    "CheckScope",
    "CheckSubject",
    "CheckType",
    "check_control",
    "default_control_id",
    "judge_check",
    "select_subjects",
]

_K = RecordKind
#: The family of every mandatory-check control.
CHECKS = Family("CHK", "CHK — mandatory checks of SEC Annex 1, and BCS validation", 5)
_SLUG = re.compile(r"[a-z][a-z0-9_]*")


class CheckScope(enum.StrEnum):
    """Who or what a mandatory check is about."""

    OFFICE = "office"
    ENROLLED = "enrolled"
    STAFF = "staff"
    ALL_STAFF = "all_staff"


def default_control_id(check_type: str) -> str:
    """The control ID of an entry that names none: ``fire_drill`` -> ``CHK-FIRE-DRILL``."""
    return "CHK-" + check_type.upper().replace("_", "-")


def _check_slug(instance: Any, attribute: Any, value: str) -> None:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"check_type {value!r} is not a slug (lower case, digits, _)")


def _to_scope(value: str) -> CheckScope:
    try:
        return CheckScope(value)
    except ValueError:
        known = ", ".join(scope.value for scope in CheckScope)
        raise ValueError(f"check scope {value!r} is not one of {known}") from None


def _to_severity(value: str) -> Severity:
    return Severity(value)


def _to_course(value: str | None) -> Course | None:
    return None if value is None else Course(value)


def _default_event(entry: CheckType) -> str | None:
    return next((p.event for p in entry.frequency.each() if p.event is not None), None)


def _default_control_id(entry: CheckType) -> str:
    return default_control_id(entry.check_type)


@attrs.frozen
class CheckType:
    """One mandatory check: a row of SEC Annex 1 (or a plugin's entry in that style).

    Attributes:
        check_type: the slug written in ``checks.csv`` (``gpc_statement``).
        category: the Annex 1 row it encodes (``Government Procurement Card``).
        frequency: how often, as a :class:`~jcp_controls.controls.frequency.Frequency`; a
            string in the form of catalogue.rst is parsed (``calendar(month)``,
            ``interval(12)``, ``start_then_interval(24)``, ``on_event(leaver)``, ``ongoing``).
        owner: who performs it, in Annex 1's words (``Line manager of card holder``).
        scope: ``office``, ``enrolled``, ``staff`` or ``all_staff``.
        event: the event type that makes an "as required" check due (default: the event of
            its ``on_event`` frequency).
        guidance: what the check is for, in the guidance's words (shortened).
        citation: where it comes from (``SEC Annex 1 (Government Procurement Card)``).
        control_id: the ID of the control that judges it (default ``CHK-`` + the slug in
            upper case with ``-`` for ``_``).
        severity: the severity of that control.
        annex_frequency: the frequency as Annex 1 words it (``Monthly check of statement``).
        met_by_course: judged on completions of this course in ``learning.csv`` instead of
            ``checks.csv`` rows (CHK-036, ``security_awareness``).
    """

    check_type: str = attrs.field(validator=_check_slug)
    category: str
    frequency: Frequency = attrs.field(converter=parse_frequency)
    owner: str
    scope: CheckScope = attrs.field(converter=_to_scope)
    event: str | None = attrs.field(default=attrs.Factory(_default_event, takes_self=True))
    guidance: str = ""
    citation: str = "SEC Annex 1"
    control_id: str = attrs.field(default=attrs.Factory(_default_control_id, takes_self=True))
    severity: Severity = attrs.field(default=Severity.MEDIUM, converter=_to_severity)
    annex_frequency: str = ""
    met_by_course: Course | None = attrs.field(default=None, converter=_to_course)

    @property
    def name(self) -> str:
        """The slug of its control: ``gpc_statement`` -> ``gpc-statement``."""
        return self.check_type.replace("_", "-")


# -- subjects --------------------------------------------------------------------------------


@attrs.frozen
class CheckSubject:
    """One subject of a CHK control, as its rule receives it.

    Attributes:
        entry: the catalogue entry.
        office_id: the subject's office.
        subject_id: the staff member or asset checked; None for the office itself.
        in_scope: its time in scope (calendar periods must overlap it).
        start: when its scope started (enrolment ``from_on``, ``started_on``), if known.
        current: in scope on ``as_of`` (interval cycles are judged only then).
        events: the triggering events of the lookback window, oldest first.
    """

    entry: CheckType
    office_id: str
    subject_id: str | None
    in_scope: tuple[Span, ...] = (Span(),)
    start: dt.date | None = None
    current: bool = True
    events: tuple[Event, ...] = ()


@attrs.frozen
class _Done:
    """A check (or learning completion) on one day with its outcome."""

    day: dt.date
    outcome: CheckOutcome | None

    @property
    def rank(self) -> int:
        return _OUTCOME_RANK[self.outcome]


_OUTCOME_RANK: Mapping[CheckOutcome | None, int] = {
    None: 0,
    CheckOutcome.PASS: 0,
    CheckOutcome.EXCEPTION: 1,
    CheckOutcome.FAIL: 2,
}


def _outcome_status(done: _Done) -> Status:
    if done.outcome is CheckOutcome.FAIL:
        return Status.FAIL
    if done.outcome is CheckOutcome.EXCEPTION:
        return Status.WARN
    return Status.PASS


@attrs.frozen
class _Checks:
    by_subject: Mapping[tuple[str, str], tuple[_Done, ...]]
    by_office: Mapping[tuple[str, str], tuple[_Done, ...]]


def _sorted(done: list[_Done]) -> tuple[_Done, ...]:
    """Oldest first; on one day the worse outcome last, so it is the "latest"."""
    return tuple(sorted(done, key=lambda item: (item.day, item.rank)))


def _check_index(ctx: RuleContext) -> _Checks:
    """``checks.csv`` per (check type, subject) and per (check type, office), built once."""

    def build() -> _Checks:
        by_subject: defaultdict[tuple[str, str], list[_Done]] = defaultdict(list)
        by_office: defaultdict[tuple[str, str], list[_Done]] = defaultdict(list)
        check: CheckRecord
        for check in ctx.evidence.get(_K.CHECKS):
            if check.performed_on > ctx.as_of:
                continue
            done = _Done(check.performed_on, check.outcome)
            by_office[check.check_type, check.office_id].append(done)
            if check.subject_id is not None:
                by_subject[check.check_type, check.subject_id].append(done)
        return _Checks(
            {key: _sorted(value) for key, value in by_subject.items()},
            {key: _sorted(value) for key, value in by_office.items()},
        )

    index: _Checks = ctx.cached("checks.checks_index", build)
    return index


def _done_for(ctx: RuleContext, subject: CheckSubject) -> tuple[_Done, ...]:
    entry = subject.entry
    if entry.met_by_course is not None:
        if subject.subject_id is None:
            return ()
        days = ctx.learning.completions(subject.subject_id, entry.met_by_course)
        return tuple(_Done(day, None) for day in days if day <= ctx.as_of)
    index = _check_index(ctx)
    if subject.subject_id is None:
        return index.by_office.get((entry.check_type, subject.office_id), ())
    return index.by_subject.get((entry.check_type, subject.subject_id), ())


def _events_index(ctx: RuleContext) -> Mapping[str, tuple[Event, ...]]:
    """Events of the lookback window by type, oldest first, built once."""

    def build() -> Mapping[str, tuple[Event, ...]]:
        start = window_start(ctx.as_of, ctx.policy.lookback_months)
        grouped: defaultdict[str, list[Event]] = defaultdict(list)
        event: Event
        for event in ctx.evidence.get(_K.EVENTS):
            if start <= event.occurred_on <= ctx.as_of:
                grouped[event.event_type].append(event)
        return {
            key: tuple(
                sorted(value, key=lambda e: (e.occurred_on, e.office_id, e.subject_id or ""))
            )
            for key, value in grouped.items()
        }

    index: Mapping[str, tuple[Event, ...]] = ctx.cached("checks.events_index", build)
    return index


def _enrolment_index(ctx: RuleContext) -> Mapping[tuple[str, str], tuple[Enrolment, ...]]:
    def build() -> Mapping[tuple[str, str], tuple[Enrolment, ...]]:
        grouped: defaultdict[tuple[str, str], list[Enrolment]] = defaultdict(list)
        enrolment: Enrolment
        for enrolment in ctx.evidence.get(_K.ENROLMENTS):
            grouped[enrolment.check_type, enrolment.subject_id].append(enrolment)
        return {
            key: tuple(sorted(value, key=lambda e: (e.from_on or dt.date.min, e.office_id)))
            for key, value in grouped.items()
        }

    index: Mapping[tuple[str, str], tuple[Enrolment, ...]] = ctx.cached(
        "checks.enrolment_index", build
    )
    return index


def _known_staff(ctx: RuleContext) -> frozenset[str]:
    """Staff IDs, when ``staff.csv`` is available (it only decides ``staff_id``)."""

    def build() -> frozenset[str]:
        try:
            return frozenset(ctx.staff)
        except EvidenceUnavailable:
            return frozenset()

    known: frozenset[str] = ctx.cached("checks.known_staff", build)
    return known


def _event_types(entry: CheckType) -> frozenset[str]:
    """The events that put subjects in scope: those of ``on_event`` parts and ``event``."""
    events = {p.event for p in entry.frequency.each() if p.event is not None}
    return frozenset(events | ({entry.event} if entry.event is not None else set()))


def _has(entry: CheckType, kind: FrequencyKind) -> bool:
    return any(part.kind is kind for part in entry.frequency.each())


def _events_of(ctx: RuleContext, entry: CheckType) -> list[Event]:
    index = _events_index(ctx)
    return sorted(
        (event for kind in _event_types(entry) for event in index.get(kind, ())),
        key=lambda e: (e.occurred_on, e.event_type, e.office_id, e.subject_id or ""),
    )


def _office_scoped(ctx: RuleContext, entry: CheckType) -> Iterator[Scoped]:
    events: defaultdict[str, list[Event]] = defaultdict(list)
    if _event_types(entry):
        for event in _events_of(ctx, entry):
            events[event.office_id].append(event)
    for office_id in sorted(ctx.offices):
        item = CheckSubject(entry, office_id, None, events=tuple(events.get(office_id, ())))
        yield Scoped(Subject(SubjectKind.OFFICE, office_id, office_id), item)


def _all_staff_scoped(ctx: RuleContext, entry: CheckType) -> Iterator[Scoped]:
    for staff_id in sorted(ctx.staff):
        person = ctx.staff[staff_id]
        if person.is_current(ctx.as_of):
            item = CheckSubject(
                entry,
                person.office_id,
                staff_id,
                (Span(person.started_on, person.left_on),),
                person.started_on,
            )
            yield Scoped(Subject(SubjectKind.STAFF, staff_id, person.office_id, staff_id), item)


def _staff_scoped(ctx: RuleContext, entry: CheckType) -> Iterator[Scoped]:
    by_subject: defaultdict[tuple[str | None, str], list[Event]] = defaultdict(list)
    for event in _events_of(ctx, entry):
        # an event naming nobody is the office's
        key = (event.subject_id, "") if event.subject_id is not None else (None, event.office_id)
        by_subject[key].append(event)
    for (subject_id, office_id), events in sorted(by_subject.items(), key=lambda i: _key(i[0])):
        office = events[-1].office_id
        item = CheckSubject(entry, office, subject_id, events=tuple(events))
        if subject_id is None:
            yield Scoped(Subject(SubjectKind.OFFICE, office_id, office_id), item)
        else:
            subject = Subject(SubjectKind.STAFF, subject_id, office, subject_id)
            yield Scoped(subject, item)


def _key(key: tuple[str | None, str]) -> tuple[str, str]:
    return (key[0] or "", key[1])


def _enrolled_scoped(ctx: RuleContext, entry: CheckType) -> Iterator[Scoped]:
    enrolments = {
        subject_id: rows
        for (check_type, subject_id), rows in _enrolment_index(ctx).items()
        if check_type == entry.check_type
    }
    events: defaultdict[str, list[Event]] = defaultdict(list)
    for event in _events_of(ctx, entry):
        if event.subject_id is not None:
            events[event.subject_id].append(event)
    window = (window_start(ctx.as_of, ctx.policy.lookback_months), ctx.as_of)
    calendar_part = _has(entry, FrequencyKind.CALENDAR)
    known = _known_staff(ctx)
    for subject_id in sorted(enrolments.keys() | events.keys()):
        rows = enrolments.get(subject_id, ())
        spans = tuple(Span(row.from_on, row.to_on) for row in rows)
        current_rows = [row for row in rows if Span(row.from_on, row.to_on).holds(ctx.as_of)]
        in_window = calendar_part and any(span.overlaps(*window) for span in spans)
        if not (current_rows or in_window or subject_id in events):
            continue
        if rows:
            office_id = (current_rows or list(rows))[-1].office_id
        else:
            office_id = events[subject_id][-1].office_id
        starts = [row.from_on for row in current_rows]
        start = None if not starts or None in starts else min(d for d in starts if d is not None)
        item = CheckSubject(
            entry,
            office_id,
            subject_id,
            spans,
            start,
            bool(current_rows),
            tuple(events.get(subject_id, ())),
        )
        staff_id = subject_id if subject_id in known else None
        yield Scoped(Subject(SubjectKind.STAFF, subject_id, office_id, staff_id), item)


_SCOPES = {
    CheckScope.OFFICE: _office_scoped,
    CheckScope.ALL_STAFF: _all_staff_scoped,
    CheckScope.STAFF: _staff_scoped,
    CheckScope.ENROLLED: _enrolled_scoped,
}


def select_subjects(ctx: RuleContext, entry: CheckType) -> Iterator[Scoped]:
    """The subjects of one entry's control (see the module documentation, "Scopes")."""
    if entry.frequency.kind in (FrequencyKind.ONGOING, FrequencyKind.EVALUATED_AS):
        return _office_scoped(ctx, entry)
    return _SCOPES[entry.scope](ctx, entry)


# -- judging ---------------------------------------------------------------------------------


@attrs.frozen
class _Verdict:
    status: Status
    message: str
    due_on: dt.date | None
    evidence: dict[str, Any]


def _worst(statuses: Sequence[Status]) -> Status:
    return max(statuses, key=lambda status: status.rank, default=Status.PASS)


def _judge_calendar(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict:
    period = part.calendar_period(ctx.policy.checks.flexi_period)
    done = _done_for(ctx, subject)
    days = [item.day for item in done]
    periods = judged_periods(ctx.as_of, ctx.policy.lookback_months, period, subject.in_scope)
    missing = set(missing_periods(periods, days))
    failed: list[tuple[dt.date, dt.date]] = []
    excepted: list[tuple[dt.date, dt.date]] = []
    latest: dict[str, dt.date] = {}
    for first, last in periods:
        if (first, last) in missing:
            continue
        check = done[bisect.bisect_right(days, last) - 1]  # latest (and worst) in the period
        latest[period_label(first, period)] = check.day
        outcome = _outcome_status(check)
        if outcome is Status.FAIL:
            failed.append((first, last))
        elif outcome is Status.WARN:
            excepted.append((first, last))
    missing_sorted = sorted(missing)

    def labels(items: Sequence[tuple[dt.date, dt.date]]) -> list[str]:
        return [period_label(first, period) for first, _ in items]

    name = period.value
    evidence: dict[str, Any] = {
        "frequency": str(part),
        "period": name,
        "lookback_from": window_start(ctx.as_of, ctx.policy.lookback_months),
        "periods_judged": labels(periods),
        "missing": labels(missing_sorted),
        "failed": labels(failed),
        "exceptions": labels(excepted),
        "latest_check": latest,
    }
    texts: list[str] = []
    if missing_sorted:
        texts.append(f"no check in {', '.join(labels(missing_sorted))}")
    if failed:
        texts.append(f"latest check failed in {', '.join(labels(failed))}")
    if excepted:
        texts.append(f"latest check an exception in {', '.join(labels(excepted))}")
    bad = sorted([*missing_sorted, *failed])
    if bad:
        return _Verdict(Status.FAIL, "; ".join(texts), bad[0][1], evidence)
    if excepted:
        return _Verdict(Status.WARN, "; ".join(texts), excepted[0][1], evidence)
    current_end = period_of(ctx.as_of, period)[1]
    if not periods:
        return _Verdict(Status.PASS, f"no complete {name} to judge yet", current_end, evidence)
    span = labels(periods)
    text = f"a check in each complete {name} judged ({span[0]} to {span[-1]})"
    return _Verdict(Status.PASS, text, current_end, evidence)


def _cycle_verdict(
    ctx: RuleContext,
    done: Sequence[_Done],
    due: dt.date,
    evidence: dict[str, Any],
    first_text: str,
) -> _Verdict:
    """Judge the current cycle: the obligation due on ``due`` and the latest outcome."""
    status = ctx.status_by_due(due)
    latest = done[-1] if done else None
    if latest is None:
        text = {
            Status.FAIL: f"no check on record; overdue since {due} ({first_text})",
            Status.WARN: f"no check on record; due by {due} ({first_text})",
        }.get(status, f"no check on record; first due {due} ({first_text})")
    else:
        text = {
            Status.FAIL: f"overdue since {due}: last check on {latest.day}",
            Status.WARN: f"due by {due}: last check on {latest.day}",
        }.get(status, f"next due {due}: last check on {latest.day}")
        outcome = _outcome_status(latest)
        evidence["latest_outcome"] = latest.outcome
        if outcome is Status.FAIL:
            text += " failed"
        elif outcome is Status.WARN:
            text += " recorded an exception"
        status = _worst([status, outcome])
    return _Verdict(status, text, due, evidence)


def _judge_interval(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict | None:
    if not subject.current:
        return None
    months = part.interval_months(ctx.policy.checks.regularly_months)
    done = _done_for(ctx, subject)
    rule = f"last check + {months} months"
    if part.regularly:
        rule += " (checks.regularly_months)"
    evidence: dict[str, Any] = {
        "frequency": str(part),
        "rule": rule,
        "last_check": done[-1].day if done else None,
        "scope_start": subject.start,
    }
    due = interval_due((item.day for item in done), subject.start, months)
    if due is None:
        text = f"no check on record (due every {months} months, nothing to run from)"
        return _Verdict(Status.FAIL, text, None, evidence)
    return _cycle_verdict(
        ctx, done, due, evidence, f"scope start {subject.start} + {months} months"
    )


def _judge_start(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict | None:
    if not subject.current:
        return None
    months = part.interval_months(ctx.policy.checks.regularly_months)
    done = _done_for(ctx, subject)
    entry = subject.entry
    evidence: dict[str, Any] = {
        "frequency": str(part),
        "rule": f"first due at the scope start, then last check + {months} months",
        "last_check": done[-1].day if done else None,
        "scope_start": subject.start,
    }
    if entry.met_by_course is not None:
        evidence["met_by"] = f"{entry.met_by_course.value} in learning.csv"
    if done:
        due = calendar.add_months(done[-1].day, months)
        return _cycle_verdict(ctx, done, due, evidence, "")
    if subject.start is None:
        text = "no check on record and no start date to run from"
        return _Verdict(Status.FAIL, text, None, evidence)
    if part.induction:
        days = ctx.policy.checks.as_required_working_days
        due, trace = ctx.working_days_due(
            subject.office_id,
            subject.start,
            days,
            f"checks.as_required_working_days ({days}) after started_on, at induction",
        )
        evidence["due_trace"] = trace
        first = f"at induction, {days} working days after starting on {subject.start}"
    else:
        due = subject.start
        first = f"on starting, {subject.start}"
    return _cycle_verdict(ctx, done, due, evidence, first)


def _judge_events(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict | None:
    events = [event for event in subject.events if event.event_type == part.event]
    if not events:
        if len(subject.entry.frequency.each()) > 1:
            return None  # e.g. an enrolled driver without journeys: the other parts judge it
        text = f"no {part.event} events in the lookback window"
        return _Verdict(Status.PASS, text, None, {"frequency": str(part), "events": []})
    done = _done_for(ctx, subject)
    days = [item.day for item in done]
    judged: list[tuple[Status, dt.date | None, str, dict[str, Any]]] = []
    for event in events:
        if part.before is not None:
            judged.append(_before_event(subject, part, part.before, event, done, days))
        else:
            judged.append(_after_event(ctx, part, event, done, days))
    worst = _worst([status for status, _, _, _ in judged])
    evidence: dict[str, Any] = {
        "frequency": str(part),
        "events": [item for _, _, _, item in judged],
    }
    if worst is Status.PASS:
        verb = "before" if part.before is not None else "after"
        text = f"a check {verb} each of {len(events)} {part.event} events in the lookback window"
        return _Verdict(Status.PASS, text, None, evidence)
    texts = [text for status, _, text, _ in judged if status is not Status.PASS]
    dues = [due for status, due, _, _ in judged if status is worst and due is not None]
    return _Verdict(worst, "; ".join(texts), min(dues, default=None), evidence)


def _after_event(
    ctx: RuleContext, part: Frequency, event: Event, done: Sequence[_Done], days: list[dt.date]
) -> tuple[Status, dt.date | None, str, dict[str, Any]]:
    working_days = ctx.policy.checks.as_required_working_days
    due, trace = ctx.working_days_due(
        event.office_id,
        event.occurred_on,
        working_days,
        f"checks.as_required_working_days ({working_days}) after {event.event_type}",
    )
    after = done[bisect.bisect_left(days, event.occurred_on) :]
    checked_on = after[0].day if after else None
    status = ctx.status_by_deadline(due, checked_on)
    label = f"{event.event_type} on {event.occurred_on}"
    if checked_on is None:
        text = (
            f"{label}: no check by {due}"
            if status is Status.FAIL
            else f"{label}: check due by {due}"
        )
    elif status is Status.WARN:
        text = f"{label}: checked on {checked_on}, after the due date {due}"
    else:
        text = f"{label}: checked on {checked_on}"
    if after:
        outcome = _outcome_status(after[-1])
        if outcome is Status.FAIL:
            text = f"{label}: latest check on {after[-1].day} failed"
        elif outcome is Status.WARN and status is Status.PASS:
            text = f"{label}: latest check on {after[-1].day} recorded an exception"
        status = _worst([status, outcome])
    evidence = {
        "event_type": event.event_type,
        "occurred_on": event.occurred_on,
        "due_on": due,
        "checked_on": checked_on,
        "latest_outcome": after[-1].outcome if after else None,
        "status": status,
        "due_trace": trace,
    }
    return status, due, text, evidence


def _before_event(
    subject: CheckSubject,
    part: Frequency,
    validity: int,
    event: Event,
    done: Sequence[_Done],
    days: list[dt.date],
) -> tuple[Status, dt.date | None, str, dict[str, Any]]:
    """A passing check on or before the event, at most ``validity`` months before it."""
    up_to = done[: bisect.bisect_right(days, event.occurred_on)]
    valid = [
        item for item in up_to if calendar.add_months(item.day, validity) >= event.occurred_on
    ]
    label = f"{event.event_type} on {event.occurred_on}"
    latest = valid[-1] if valid else None
    if latest is None:
        status = Status.FAIL
        text = f"{label}: no check in the {validity} months up to it"
    else:
        status = _outcome_status(latest)
        text = {
            Status.FAIL: f"{label}: the check on {latest.day} before it failed",
            Status.WARN: f"{label}: the check on {latest.day} before it recorded an exception",
        }.get(status, f"{label}: checked on {latest.day}")
    evidence = {
        "event_type": event.event_type,
        "occurred_on": event.occurred_on,
        "rule": f"a passing check on or before the event, at most {validity} months before it",
        "checked_on": None if latest is None else latest.day,
        "latest_outcome": None if latest is None else latest.outcome,
        "status": status,
    }
    return status, event.occurred_on, text, evidence


# -- evaluated as other controls -------------------------------------------------------------


def _results_by_office(
    ctx: RuleContext, control: Control
) -> Mapping[str | None, tuple[Result, ...]]:
    def build() -> Mapping[str | None, tuple[Result, ...]]:
        grouped: defaultdict[str | None, list[Result]] = defaultdict(list)
        for result in results_of(ctx, control):
            grouped[result.office_id].append(result)
        return {key: tuple(value) for key, value in grouped.items()}

    index: Mapping[str | None, tuple[Result, ...]] = ctx.cached(
        f"checks.evaluated_as.{control.control_id}", build
    )
    return index


def _judge_evaluated_as(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict:
    names = " and ".join(part.controls)
    results: list[Result] = []
    for control_id in part.controls:
        control = ctx.controls.get(control_id)
        if control is None:
            text = f"evaluated as {control_id}, which is not in the catalogue"
            return _Verdict(Status.ERROR, text, None, {"evaluated_as": list(part.controls)})
        results.extend(_results_by_office(ctx, control).get(subject.office_id, ()))
    counts = Counter(result.status for result in results)
    worst = _worst(list(counts))
    findings = [
        {
            "control_id": result.control_id,
            "subject_id": result.subject_id,
            "status": result.status,
            "due_on": result.due_on,
            "message": result.message,
        }
        for result in sorted(results, key=Result.sort_key)
        if result.status is not Status.PASS
    ]
    evidence: dict[str, Any] = {
        "evaluated_as": list(part.controls),
        "counts": {status.value: counts[status] for status in Status if counts[status]},
        "findings": findings,
    }
    if not results:
        return _Verdict(Status.PASS, f"evaluated as {names}: nothing in scope", None, evidence)
    if worst is Status.PASS:
        text = f"evaluated as {names}: all {len(results)} results pass"
        return _Verdict(Status.PASS, text, None, evidence)
    summary = ", ".join(
        f"{counts[status]} {status.value}"
        for status in sorted(counts, key=lambda s: -s.rank)
        if status is not Status.PASS
    )
    worst_ids = [str(f["subject_id"]) for f in findings if f["status"] is worst]
    shown = ", ".join(worst_ids[:5]) + (", ..." if len(worst_ids) > 5 else "")
    text = f"evaluated as {names}: {summary} of {len(results)} results ({worst.value}: {shown})"
    dues = [r.due_on for r in results if r.status is worst and r.due_on is not None]
    return _Verdict(worst, text, min(dues, default=None), evidence)


# -- the rule --------------------------------------------------------------------------------


def _judge_part(ctx: RuleContext, subject: CheckSubject, part: Frequency) -> _Verdict | None:
    kind = part.kind
    if kind is FrequencyKind.CALENDAR:
        return _judge_calendar(ctx, subject, part)
    if kind is FrequencyKind.INTERVAL:
        return _judge_interval(ctx, subject, part)
    if kind is FrequencyKind.START_THEN_INTERVAL:
        return _judge_start(ctx, subject, part)
    if kind is FrequencyKind.ON_EVENT:
        return _judge_events(ctx, subject, part)
    if kind is FrequencyKind.EVALUATED_AS:
        return _judge_evaluated_as(ctx, subject, part)
    if kind is FrequencyKind.ONGOING:
        evidence = {"frequency": "ongoing", "annex_frequency": subject.entry.annex_frequency}
        return _Verdict(Status.WARN, "manual control", None, evidence)
    text = f"{subject.entry.check_type} ({part}) is judged by its own control; none is registered"
    return _Verdict(Status.ERROR, text, None, {"frequency": str(part)})


def judge_check(ctx: RuleContext, subject: CheckSubject) -> Finding:
    """Judge one subject of a mandatory check against every part of its frequency.

    The worst part wins; the message names what is missing, late or failed (every missing
    period, every overdue event), the evidence holds each part's facts and due-date traces.
    """
    entry = subject.entry
    parts = entry.frequency.each()
    verdicts = [v for v in (_judge_part(ctx, subject, part) for part in parts) if v is not None]
    if not verdicts:
        return Finding(Status.PASS, "nothing due", evidence={"frequency": str(entry.frequency)})
    if len(verdicts) == 1:
        verdict = verdicts[0]
        return Finding(verdict.status, verdict.message, verdict.due_on, verdict.evidence)
    worst = _worst([verdict.status for verdict in verdicts])
    shown = [v for v in verdicts if v.status is worst] if worst is not Status.PASS else verdicts
    dues = [v.due_on for v in shown if v.due_on is not None]
    evidence = {"frequency": str(entry.frequency), "parts": [v.evidence for v in verdicts]}
    return Finding(worst, "; ".join(v.message for v in shown), min(dues, default=None), evidence)


# -- the control of an entry -----------------------------------------------------------------


def _needs(entry: CheckType, known: Mapping[str, Control]) -> tuple[RecordKind, ...]:
    parts = entry.frequency.each()
    office_level = any(
        p.kind in (FrequencyKind.ONGOING, FrequencyKind.EVALUATED_AS) for p in parts
    )
    first = {
        CheckScope.OFFICE: _K.OFFICES,
        CheckScope.ENROLLED: _K.ENROLMENTS,
        CheckScope.STAFF: _K.EVENTS,
        CheckScope.ALL_STAFF: _K.STAFF,
    }[CheckScope.OFFICE if office_level else entry.scope]
    kinds = [first]
    if _event_types(entry) and not office_level:
        kinds.append(_K.EVENTS)
    for part in parts:
        if part.kind is FrequencyKind.EVALUATED_AS:
            kinds.extend(
                kind for cid in part.controls if cid in known for kind in known[cid].needs
            )
        elif part.kind is not FrequencyKind.ONGOING:
            kinds.append(_K.LEARNING if entry.met_by_course is not None else _K.CHECKS)
        if part.kind is FrequencyKind.ON_EVENT:
            kinds.extend((_K.EVENTS, _K.OFFICES))
        if part.kind is FrequencyKind.START_THEN_INTERVAL and part.induction:
            kinds.append(_K.OFFICES)
    return tuple(dict.fromkeys(kinds))


def _scope_text(entry: CheckType) -> str:
    parts = entry.frequency.each()
    if any(p.kind in (FrequencyKind.ONGOING, FrequencyKind.EVALUATED_AS) for p in parts):
        return "office"
    events = " or ".join(sorted(_event_types(entry)))
    if entry.scope is CheckScope.ENROLLED:
        text = f"subject enrolled for {entry.check_type} (enrolments.csv)"
        return text + (f", or with a {events} event in the lookback window" if events else "")
    if entry.scope is CheckScope.STAFF:
        return f"staff member with a {events} event in the lookback window"
    if entry.scope is CheckScope.ALL_STAFF:
        return "current staff member"
    return "office"


def _part_text(entry: CheckType, part: Frequency) -> str:
    kind = part.kind
    if kind is FrequencyKind.CALENDAR:
        period = (
            "accounting period (checks.flexi_period)" if part.period == "flexi" else part.period
        )
        return (
            f"at least one check in each complete {period} that overlaps both the lookback "
            "window (lookback_months) and the subject's time in scope; the current period is "
            "not judged; one result per subject names every missing period"
        )
    months = "checks.regularly_months" if part.regularly else f"{part.months}"
    if kind is FrequencyKind.INTERVAL:
        return (
            f"due on the last check + {months} months; with no check, on the scope start + "
            f"{months} months where the scope has a start, else fail; only the current cycle "
            "is judged"
        )
    if kind is FrequencyKind.START_THEN_INTERVAL:
        first = (
            "checks.as_required_working_days working days after started_on (induction)"
            if part.induction
            else "on the scope start (started_on)"
        )
        return f"first due {first}, then the last check + {months} months"
    if kind is FrequencyKind.ON_EVENT and part.before is not None:
        return (
            f"a passing check on or before each {part.event} event in the lookback window, at "
            f"most {part.before} months before it; none: fail"
        )
    if kind is FrequencyKind.ON_EVENT:
        return (
            f"due checks.as_required_working_days working days after each {part.event} event "
            "in the lookback window (the office's regional bank holidays), met by a check on or "
            "after the event; done late: warn; one result per subject, worst event wins"
        )
    if kind is FrequencyKind.EVALUATED_AS:
        return (
            f"evaluated as {' and '.join(part.controls)}: one result per office, the worst "
            "status of their results at the office"
        )
    if kind is FrequencyKind.ONGOING:
        return "not computable from evidence: one warn result per office, 'manual control'"
    return "judged by its own control"


def _rule_text(entry: CheckType) -> str:
    text = "; and ".join(_part_text(entry, part) for part in entry.frequency.each())
    if entry.met_by_course is not None:
        text += f"; met by a {entry.met_by_course.value} completion in learning.csv"
    if entry.met_by_course is None and any(p.kind in _CHECKED for p in entry.frequency.each()):
        text += ". A latest outcome fail fails; exception warns."
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


_CHECKED = frozenset(
    {
        FrequencyKind.CALENDAR,
        FrequencyKind.INTERVAL,
        FrequencyKind.START_THEN_INTERVAL,
        FrequencyKind.ON_EVENT,
    }
)


def check_control(entry: CheckType, known: Mapping[str, Control] | None = None) -> Control:
    """The control that judges one catalogue entry (see the module documentation).

    Its set-based implementation (``Control.sql``) is the query
    :func:`jcp_controls.controls.sql.checks.check_sql` writes from the entry, when the entry's
    scope and frequency are modelled there; otherwise the Python rule runs on both engines.

    Args:
        entry: the check-catalogue entry.
        known: the other controls of the catalogue, by ID: an entry evaluated as other
            controls (CHK-001 is ACC-009) reads the evidence they read.
    """
    annex = f" (Annex 1: {entry.annex_frequency})" if entry.annex_frequency else ""
    office_level = entry.scope is CheckScope.OFFICE or any(
        p.kind in (FrequencyKind.ONGOING, FrequencyKind.EVALUATED_AS)
        for p in entry.frequency.each()
    )
    return Control(
        control_id=entry.control_id,
        name=entry.name,
        severity=entry.severity,
        citation=entry.citation,
        scope=_scope_text(entry),
        subject_kind=SubjectKind.OFFICE if office_level else SubjectKind.STAFF,
        rule_text=_rule_text(entry),
        needs=_needs(entry, known or {}),
        select=functools.partial(select_subjects, entry=entry),
        judge=judge_check,
        owner=entry.owner,
        family=CHECKS,
        frequency=f"``{entry.frequency}``{annex}",
        sql=check_sql(entry, known or {}),
    )
