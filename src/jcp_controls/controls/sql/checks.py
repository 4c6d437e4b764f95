"""CHK, set-based: the control of a mandatory-check entry as one query (reference:
:mod:`jcp_controls.controls.checks`).

:func:`check_sql` writes the query of any catalogue entry whose scope and frequency it
models, shipped, policy-added (``[[checks.types]]``) or a plugin's alike; it returns None
for the rest, whose control then runs its Python rule. The query mirrors the rule step by
step:

* ``subj``: the subjects of the scope (``office``, ``enrolled``, ``staff``, ``all_staff``),
  each with a key ``sk`` (``s:`` + the subject, or ``o:`` + the office for an office-level
  subject), the ID checks match it by (``key_subject``; NULL: every check at its office), its
  scope start and whether it is in scope on ``as_of``; ``spans``: its time in scope (an
  enrolled subject's enrolment rows). Whether an enrolled subject is a member of staff
  (``staff_id``) is read from ``staff`` only when that kind is supplied and accepted
  (``SqlContext.kinds``), as the rule reads it;
* ``days``: its checks (or learning completions) on or before ``as_of``, one row per day
  with the worst outcome of the day and the outcome of the check the rule takes as latest
  (the worst, then the last recorded); ``lastc``: its latest check;
* one verdict per frequency part (``calendar``, ``interval``, ``start_then_interval``,
  ``on_event`` after or before), NULL where the rule has none; then the worst part wins, as
  in :func:`~jcp_controls.controls.checks.judge_check`.

``ongoing`` entries are one ``warn`` per office. An ``evaluated_as`` entry summarises, per
office, the results of the referenced controls' own queries (taken from the catalogue the
entry's control is made with), so it is set-based only when each of those is.

Not modelled (None): sampled entries (BCS validation, CHK-038, is its own control), and
``ongoing`` or ``evaluated_as`` as a part of a combined frequency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from jcp_controls.controls.frequency import (
    Frequency,
    FrequencyKind,
    judged_periods,
    period_label,
    period_of,
    window_start,
)
from jcp_controls.controls.sql.context import SqlContext, SqlRule
from jcp_controls.models import RecordKind

if TYPE_CHECKING:
    from jcp_controls.controls.base import Control
    from jcp_controls.controls.checks import CheckType

__all__ = ["check_sql"]

#: The frequency kinds a part of a set-based query may have.
_PARTS = frozenset(
    {
        FrequencyKind.CALENDAR,
        FrequencyKind.INTERVAL,
        FrequencyKind.START_THEN_INTERVAL,
        FrequencyKind.ON_EVENT,
    }
)

_T = SqlContext.text

# The scopes (``CheckScope`` values: this module is imported by the one defining them).
_OFFICE, _ENROLLED, _STAFF, _ALL_STAFF = "office", "enrolled", "staff", "all_staff"


def _rank(status: str) -> str:
    """The rank of a status expression (pass < warn < fail < error)."""
    return f"(CASE {status} WHEN 'pass' THEN 0 WHEN 'warn' THEN 1 WHEN 'fail' THEN 2 ELSE 3 END)"


def _outcome_status(rank: str) -> str:
    """The status of a latest check from its outcome rank."""
    return f"(CASE {rank} WHEN 2 THEN 'fail' WHEN 1 THEN 'warn' ELSE 'pass' END)"


def _with_outcome(status: str, rank: str) -> str:
    """The worse of ``status`` (pass, warn or fail) and the status of an outcome ``rank``
    (2 fail, 1 exception: warn, 0 pass), as a small expression."""
    return (
        f"(CASE WHEN {rank} = 2 THEN 'fail' WHEN {rank} = 1 AND {status} = 'pass' THEN 'warn' "
        f"ELSE {status} END)"
    )


def check_sql(entry: CheckType, known: Mapping[str, Control] | None = None) -> SqlRule | None:
    """The set-based implementation of the control of ``entry``, or None when its scope or
    frequency is not modelled here (its Python rule runs then).

    Args:
        entry: the check-catalogue entry.
        known: the other controls of the catalogue, by ID (for entries judged as others).
    """
    frequency = entry.frequency
    if frequency.kind is FrequencyKind.ONGOING:
        return _ongoing(entry)
    if frequency.kind is FrequencyKind.EVALUATED_AS:
        return _evaluated_as(entry, frequency, known or {})
    parts = frequency.each()
    if any(part.kind not in _PARTS for part in parts):
        return None

    def query(ctx: SqlContext) -> str:
        return _CheckQuery(entry, ctx).sql()

    query.__name__ = f"check_{entry.check_type}"
    return query


def _ongoing(entry: CheckType) -> SqlRule:
    """``ongoing``: one ``warn`` per office, ``manual control``."""

    def query(ctx: SqlContext) -> str:
        evidence = (
            f"json_object('frequency', 'ongoing', 'annex_frequency', {_T(entry.annex_frequency)})"
        )
        return (
            "SELECT office_id, 'office' AS subject_kind, office_id AS subject_id, "
            "NULL::VARCHAR AS staff_id, 'warn' AS status, NULL::DATE AS due_on, "
            f"'manual control' AS message, {evidence} AS evidence "
            f"FROM (SELECT DISTINCT office_id FROM offices) WHERE {ctx.in_offices('office_id')}"
        )

    query.__name__ = f"check_{entry.check_type}"
    return query


def _working_due(source: str, days: int, span: str = "TRUE") -> str:
    """``office_id, start, rgn, due, skipped`` for each distinct ``(office_id, start)`` of
    ``source``: the office's region (``jc_region``), the date ``days`` working days after
    ``start`` there (``jc_working_days_after``) and the days skipped on the way
    (``jc_skipped``), as joins over ``working_days`` rather than a lookup per row.

    ``span`` is a condition on ``day`` every start and due date meets, when one is known
    (it only narrows the calendar read)."""
    starts = (
        "SELECT p.office_id, p.start, r.rgn FROM (SELECT DISTINCT office_id, start FROM "
        f"({source})) p JOIN (SELECT office_id, jc_region(office_id) AS rgn FROM "
        f"(SELECT DISTINCT office_id FROM ({source}))) r ON r.office_id = p.office_id"
    )
    if days == 0:
        return (
            "SELECT office_id, start, rgn, start AS due, "
            "[]::STRUCT(date DATE, reason VARCHAR)[] AS skipped "
            f"FROM ({starts})"
        )
    dues = (
        "SELECT b.office_id, b.start, b.rgn, w2.day AS due FROM "
        f"({starts}) b LEFT JOIN (SELECT * FROM working_days WHERE {span}) w1 "
        "ON w1.region = b.rgn AND w1.day = b.start "
        f"LEFT JOIN (SELECT * FROM working_days WHERE working AND {span}) w2 "
        f"ON w2.region = b.rgn AND w2.ordinal = w1.ordinal + {days}"
    )
    return (
        "SELECT d.office_id, d.start, d.rgn, d.due, coalesce(list({'date': w.day, "
        "'reason': w.reason} ORDER BY w.day) FILTER (WHERE w.day IS NOT NULL), "
        "[]::STRUCT(date DATE, reason VARCHAR)[]) AS skipped "
        f"FROM ({dues}) d LEFT JOIN (SELECT * FROM working_days WHERE NOT working AND {span}) w "
        "ON w.region = d.rgn AND w.day > d.start AND w.day <= d.due "
        "GROUP BY d.office_id, d.start, d.rgn, d.due"
    )


_STATUS_RANK = (
    "CASE status WHEN 'pass' THEN 0 WHEN 'waived' THEN 1 WHEN 'warn' THEN 2 "
    "WHEN 'fail' THEN 3 ELSE 4 END"
)
_STATUSES = ("pass", "waived", "warn", "fail", "error")


def _evaluated_as(
    entry: CheckType, part: Frequency, known: Mapping[str, Control]
) -> SqlRule | None:
    """``evaluated_as(IDs)``: one result per office summarising those controls' results
    there, from their own set-based queries (None when one of them has none, or is not in
    the catalogue the entry's control was made with)."""
    rules: list[tuple[str, SqlRule]] = []
    for control_id in part.controls:
        control = known.get(control_id)
        if control is None or control.sql is None:
            return None
        rules.append((control_id, control.sql))
    names = " and ".join(part.controls)
    listed = "[" + ", ".join(_T(control_id) for control_id in part.controls) + "]"

    def query(ctx: SqlContext) -> str:
        results = " UNION ALL ".join(
            f"SELECT {_T(control_id)} AS control_id, q.office_id, q.subject_kind, "
            "q.subject_id, q.status, CAST(q.due_on AS DATE) AS due_on, q.message "
            f"FROM ({rule(ctx)}) q"
            for control_id, rule in rules
        )
        order = "ORDER BY control_id, subject_kind, coalesce(subject_id, ''), rk, message"
        finding = (
            "json_object('control_id', control_id, 'subject_id', subject_id, 'status', "
            "status, 'due_on', due_on, 'message', message)"
        )
        counts = ", ".join(
            f"{{'k': {_T(status)}, 'v': count(*) FILTER (WHERE status = {_T(status)})}}"
            for status in _STATUSES
        )
        summary = ", ".join(
            f"CASE WHEN n_{status} > 0 THEN n_{status} || ' {status}' END"
            for status in reversed(_STATUSES[1:])
        )
        aggregate = (
            "SELECT office_id, count(*) AS n, max(rk) AS worst, "
            f"list({finding} {order}) FILTER (WHERE rk > 0) AS findings, "
            f"list(coalesce(subject_id, 'None') {order}) FILTER (WHERE rk = worst_here) "
            "AS worst_ids, min(due_on) FILTER (WHERE rk = worst_here) AS due, "
            f"list_filter([{counts}], lambda x: x.v > 0) AS counts, "
            + ", ".join(
                f"count(*) FILTER (WHERE status = {_T(status)}) AS n_{status}"
                for status in _STATUSES
            )
            + f" FROM (SELECT *, {_STATUS_RANK} AS rk, max({_STATUS_RANK}) OVER "
            f"(PARTITION BY office_id) AS worst_here FROM ({results})) GROUP BY office_id"
        )
        evidence = (
            f"json_object('evaluated_as', to_json({listed}), 'counts', "
            "coalesce(to_json(map_from_entries(a.counts)), '{}'::JSON), 'findings', "
            "coalesce(to_json(a.findings), '[]'::JSON))"
        )
        worst = (
            "(CASE a.worst WHEN 0 THEN 'pass' WHEN 1 THEN 'waived' WHEN 2 THEN 'warn' "
            "WHEN 3 THEN 'fail' ELSE 'error' END)"
        )
        shown = (
            "array_to_string(a.worst_ids[1:5], ', ') || "
            "(CASE WHEN len(a.worst_ids) > 5 THEN ', ...' ELSE '' END)"
        )
        prefix = f"evaluated as {names}: "
        return (
            "SELECT o.office_id, 'office' AS subject_kind, o.office_id AS subject_id, "
            "NULL::VARCHAR AS staff_id, coalesce(" + worst + ", 'pass') AS status, "
            "CASE WHEN a.worst > 0 THEN a.due END AS due_on, "
            f"CASE WHEN a.n IS NULL THEN {_T(prefix + 'nothing in scope')} "
            f"WHEN a.worst = 0 THEN {_T(prefix + 'all ')} || a.n || ' results pass' "
            f"ELSE {_T(prefix)} || concat_ws(', ', {summary.replace('n_', 'a.n_')}) || ' of ' "
            f"|| a.n || ' results (' || {worst} || ': ' || {shown} || ')' END AS message, "
            f"{evidence} AS evidence "
            "FROM (SELECT DISTINCT office_id FROM offices) o "
            f"LEFT JOIN ({aggregate}) a ON a.office_id = o.office_id "
            f"WHERE {ctx.in_offices('o.office_id')}"
        )

    query.__name__ = f"check_{entry.check_type}"
    return query


class _CheckQuery:
    """The query of one entry for one evaluation (see the module documentation)."""

    def __init__(self, entry: CheckType, ctx: SqlContext) -> None:
        self.entry = entry
        self.ctx = ctx
        self.scope = entry.scope
        self.parts = entry.frequency.each()
        self.window_start = window_start(ctx.as_of, ctx.policy.lookback_months)
        self.office_scope = self.scope == _OFFICE
        self.all_staff = self.scope == _ALL_STAFF
        self.enrolled = self.scope == _ENROLLED
        events = {p.event for p in self.parts if p.event is not None}
        if entry.event is not None:
            events.add(entry.event)
        self.event_types = sorted(events)

    # -- scope -------------------------------------------------------------------------------

    def _events(self) -> str:
        """The entry's events of the lookback window."""
        ctx = self.ctx
        return (
            "SELECT event_type, office_id, occurred_on, subject_id FROM events "
            f"WHERE event_type IN {ctx.texts(self.event_types)} "
            f"AND occurred_on >= {ctx.date(self.window_start)} AND occurred_on <= {ctx.today}"
        )

    def _subjects(self) -> str:
        """``subj``: sk, office_id, subject_kind, subject_id, staff_id, key_subject,
        start_on, is_current, span_first, span_last."""
        ctx = self.ctx
        today = ctx.today
        if self.scope == _ALL_STAFF:
            return (
                "SELECT 's:' || staff_id AS sk, office_id, 'staff' AS subject_kind, "
                "staff_id AS subject_id, staff_id, staff_id AS key_subject, "
                "started_on AS start_on, TRUE AS is_current, started_on AS span_first, "
                "left_on AS span_last FROM (SELECT staff_id, office_id, started_on, left_on "
                "FROM staff QUALIFY row_number() OVER (PARTITION BY staff_id "
                "ORDER BY rowid DESC) = 1) "
                f"WHERE (started_on IS NULL OR started_on <= {today}) "
                f"AND (left_on IS NULL OR left_on >= {today}) AND {ctx.in_offices('office_id')}"
            )
        if self.enrolled:
            return self._enrolled()
        if self.scope == _STAFF:
            return (
                "SELECT sk, office_id, CASE WHEN subject_id IS NULL THEN 'office' "
                "ELSE 'staff' END AS subject_kind, coalesce(subject_id, office_id) AS "
                "subject_id, subject_id AS staff_id, subject_id AS key_subject, "
                "NULL::DATE AS start_on, TRUE AS is_current, NULL::DATE AS span_first, "
                "NULL::DATE AS span_last FROM ("
                "SELECT CASE WHEN subject_id IS NULL THEN 'o:' || office_id "
                "ELSE 's:' || subject_id END AS sk, min(subject_id) AS subject_id, "
                "max({'d': occurred_on, 't': event_type, 'o': office_id}).o AS office_id "
                f"FROM ({self._events()}) GROUP BY sk) "
                f"WHERE {ctx.in_offices('office_id')}"
            )
        return (
            "SELECT 'o:' || office_id AS sk, office_id, 'office' AS subject_kind, "
            "office_id AS subject_id, NULL::VARCHAR AS staff_id, NULL::VARCHAR AS key_subject, "
            "NULL::DATE AS start_on, TRUE AS is_current, NULL::DATE AS span_first, "
            "NULL::DATE AS span_last FROM (SELECT DISTINCT office_id FROM offices) "
            f"WHERE {ctx.in_offices('office_id')}"
        )

    def _enrolments(self) -> str:
        """The entry's enrolment rows, with ``cur``: the row holds on ``as_of``."""
        today = self.ctx.today
        return (
            f"SELECT *, rowid AS rn, (from_on IS NULL OR from_on <= {today}) AND "
            f"(to_on IS NULL OR to_on >= {today}) AS cur FROM enrolments "
            f"WHERE check_type = {_T(self.entry.check_type)}"
        )

    def _enrolled(self) -> str:
        """``subj`` of an ``enrolled`` scope: each subject enrolled on ``as_of``, or (calendar
        parts) whose enrolment overlaps the lookback window, or with a triggering event in
        it; its office the last of its current rows (else of its rows, else of its events)
        as the rows sort by ``from_on`` then office; ``staff_id`` set only for a member of
        staff in ``staff.csv`` when that is supplied and accepted."""
        ctx = self.ctx
        calendar = any(part.kind is FrequencyKind.CALENDAR for part in self.parts)
        window = (
            f"(from_on IS NULL OR from_on <= {ctx.today}) AND "
            f"(to_on IS NULL OR to_on >= {ctx.date(self.window_start)})"
        )
        rows = (
            "SELECT subject_id, bool_or(cur) AS is_current, "
            f"bool_or({window if calendar else 'FALSE'}) AS in_window, "
            "max({'c': cur, 'f': coalesce(from_on, DATE '0001-01-01'), 'o': office_id, "
            "'r': rn}).o AS office_id, CASE WHEN bool_or(cur AND from_on IS NULL) THEN NULL "
            "ELSE min(from_on) FILTER (WHERE cur) END AS start_on "
            f"FROM ({self._enrolments()}) GROUP BY subject_id"
        )
        if self.event_types:
            events = (
                "SELECT subject_id, max({'d': occurred_on, 't': event_type, 'o': office_id}).o "
                f"AS office_id FROM ({self._events()}) WHERE subject_id IS NOT NULL "
                "GROUP BY subject_id"
            )
        else:
            events = "SELECT NULL::VARCHAR AS subject_id, NULL::VARCHAR AS office_id WHERE FALSE"
        if ctx.kinds is None or RecordKind.STAFF in ctx.kinds:
            staff = (
                "LEFT JOIN (SELECT DISTINCT staff_id FROM staff) k ON k.staff_id = u.subject_id"
            )
            staff_id = "k.staff_id"
        else:
            staff, staff_id = "", "NULL::VARCHAR"
        united = (
            "SELECT coalesce(r.subject_id, e.subject_id) AS subject_id, "
            "coalesce(r.office_id, e.office_id) AS office_id, r.start_on, "
            "coalesce(r.is_current, FALSE) AS is_current, "
            "coalesce(r.is_current OR r.in_window, FALSE) OR e.subject_id IS NOT NULL AS kept "
            f"FROM ({rows}) r FULL OUTER JOIN ({events}) e ON e.subject_id = r.subject_id"
        )
        return (
            "SELECT 's:' || u.subject_id AS sk, u.office_id, 'staff' AS subject_kind, "
            f"u.subject_id, {staff_id} AS staff_id, u.subject_id AS key_subject, u.start_on, "
            "u.is_current, NULL::DATE AS span_first, NULL::DATE AS span_last "
            f"FROM ({united}) u {staff} WHERE u.kept AND {ctx.in_offices('u.office_id')}"
        )

    def _spans(self) -> str:
        """``spans``: each subject's time in scope (sk, span_first, span_last), one row per
        stretch (none: never in scope, as a subject judged for its events only)."""
        if not self.enrolled:
            return "SELECT sk, span_first, span_last FROM subj"
        return (
            "SELECT s.sk, e.from_on AS span_first, e.to_on AS span_last FROM subj s "
            f"JOIN ({self._enrolments()}) e ON e.subject_id = s.subject_id"
        )

    def _subject_events(self) -> str:
        """``evs``: the events of each subject (sk, event_type, office_id, occurred_on,
        subject_id)."""
        if self.scope == _ALL_STAFF or not self.event_types:
            return (
                "SELECT NULL::VARCHAR AS sk, NULL::VARCHAR AS event_type, "
                "NULL::VARCHAR AS office_id, NULL::DATE AS occurred_on, "
                "NULL::VARCHAR AS subject_id WHERE FALSE"
            )
        if self.scope == _STAFF:
            key = (
                "CASE WHEN e.subject_id IS NULL THEN 'o:' || e.office_id "
                "ELSE 's:' || e.subject_id END"
            )
        elif self.enrolled:  # an event naming nobody puts no one in scope
            key = "'s:' || e.subject_id"
        else:
            key = "'o:' || e.office_id"
        return (
            f"SELECT {key} AS sk, e.event_type, e.office_id, e.occurred_on, e.subject_id "
            f"FROM ({self._events()}) e WHERE {key} IN (SELECT sk FROM subj)"
        )

    # -- checks ------------------------------------------------------------------------------

    def _done(self) -> str:
        """``done``: sk, day, rnk (outcome rank), outcome, ord (the record's position)."""
        ctx = self.ctx
        course = self.entry.met_by_course
        if course is not None:
            return (
                "SELECT s.sk, l.completed_on AS day, 0 AS rnk, NULL::VARCHAR AS outcome, "
                "0::BIGINT AS ord FROM subj s JOIN learning l ON l.staff_id = s.key_subject "
                f"WHERE l.course = {_T(course.value)} AND l.job_role = '' "
                f"AND l.completed_on <= {ctx.today}"
            )
        rank = "CASE c.outcome WHEN 'fail' THEN 2 WHEN 'exception' THEN 1 ELSE 0 END"
        where = f"c.check_type = {_T(self.entry.check_type)} AND c.performed_on <= {ctx.today}"
        columns = (
            f"s.sk, c.performed_on AS day, {rank} AS rnk, c.outcome::VARCHAR AS outcome, "
            "c.rowid AS ord"
        )
        by_subject = (
            f"SELECT {columns} FROM subj s JOIN checks c ON c.subject_id = s.key_subject "
            f"WHERE {where}"
        )
        by_office = (
            f"SELECT {columns} FROM subj s JOIN checks c ON c.office_id = s.office_id "
            f"WHERE s.key_subject IS NULL AND {where}"
        )
        if self.office_scope:  # office subjects only
            return by_office
        if self.all_staff or self.enrolled:  # subjects with an ID only
            return by_subject
        return f"{by_subject} UNION ALL {by_office}"

    # -- parts -------------------------------------------------------------------------------

    def _cycle(
        self,
        part: Frequency,
        due: str,
        base: str,
        first: str,
        extra: str,
        join: str = "",
        carry: str = "",
    ) -> str:
        """An ``interval`` or ``start_then_interval`` verdict (the rule's ``_cycle_verdict``).

        Args:
            part: the frequency part.
            due: the due date expression (NULL: nothing to run from).
            base: the evidence keys before ``latest_outcome`` / ``due_trace``.
            first: the text saying where the first due date comes from.
            extra: the JSON of ``due_trace`` when the due date is the induction's (else '').
            join: a join adding the columns ``due`` and ``extra`` read.
            carry: those columns, each followed by a comma.
        """
        ctx = self.ctx
        months = part.interval_months(ctx.policy.checks.regularly_months)
        if part.kind is FrequencyKind.INTERVAL:
            none = f"no check on record (due every {months} months, nothing to run from)"
        else:
            none = "no check on record and no start date to run from"
        status = ctx.status_by_due("due")
        base_evidence = f"json_object({base})"
        latest_evidence = f"json_object({base}, 'latest_outcome', last_outcome)"
        trace_evidence = f"json_object({base}, 'due_trace', {extra})" if extra else base_evidence
        return (
            "SELECT sk, CASE WHEN due IS NULL THEN 'fail' WHEN last_day IS NULL THEN st0 "
            f"ELSE {_with_outcome('st0', 'last_rank')} END AS st, "
            f"CASE WHEN due IS NULL THEN {_T(none)} "
            "WHEN last_day IS NULL THEN (CASE st0 "
            f"WHEN 'fail' THEN 'no check on record; overdue since ' || due || ' (' || {first} "
            "|| ')' "
            f"WHEN 'warn' THEN 'no check on record; due by ' || due || ' (' || {first} || ')' "
            f"ELSE 'no check on record; first due ' || due || ' (' || {first} || ')' END) "
            "ELSE (CASE st0 WHEN 'fail' THEN 'overdue since ' || due || ': last check on ' "
            "WHEN 'warn' THEN 'due by ' || due || ': last check on ' "
            "ELSE 'next due ' || due || ': last check on ' END) || last_day || "
            "(CASE last_rank WHEN 2 THEN ' failed' WHEN 1 THEN ' recorded an exception' "
            "ELSE '' END) END AS msg, due, "
            f"CASE WHEN last_day IS NOT NULL THEN {latest_evidence} "
            f"WHEN due IS NOT NULL THEN {trace_evidence} ELSE {base_evidence} END AS ev "
            f"FROM (SELECT *, {status} AS st0 FROM ("
            "SELECT s.sk, s.office_id, s.start_on, l.last_day, l.last_rank, l.last_outcome, "
            f"{carry}{due} AS due FROM subj s LEFT JOIN lastc l ON l.sk = s.sk {join} "
            "WHERE s.is_current))"
        )

    def _interval(self, part: Frequency) -> str:
        ctx = self.ctx
        months = part.interval_months(ctx.policy.checks.regularly_months)
        rule = f"last check + {months} months"
        if part.regularly:
            rule += " (checks.regularly_months)"
        base = (
            f"'frequency', {_T(str(part))}, 'rule', {_T(rule)}, 'last_check', last_day, "
            "'scope_start', start_on"
        )
        due = (
            f"coalesce({ctx.add_months('l.last_day', months)}, "
            f"{ctx.add_months('s.start_on', months)})"
        )
        first = f"'scope start ' || start_on || {_T(f' + {months} months')}"
        return self._cycle(part, due, base, first, "")

    def _start(self, part: Frequency) -> str:
        ctx = self.ctx
        months = part.interval_months(ctx.policy.checks.regularly_months)
        base = (
            f"'frequency', {_T(str(part))}, "
            f"'rule', {_T(f'first due at the scope start, then last check + {months} months')}, "
            "'last_check', last_day, 'scope_start', start_on"
        )
        course = self.entry.met_by_course
        if course is not None:
            base += f", 'met_by', {_T(f'{course.value} in learning.csv')}"
        later = ctx.add_months("l.last_day", months)
        join = carry = ""
        if part.induction:
            days = ctx.policy.checks.as_required_working_days
            first_due = "ind.due"
            rule = (
                f"{days} working day{'s' if days != 1 else ''} after: "
                f"checks.as_required_working_days ({days}) after started_on, at induction"
            )
            trace = (
                f"json_object('runs_from', start_on, 'rule', {_T(rule)}, "
                "'region', rgn, 'skipped', to_json(skipped))"
            )
            first = f"{_T(f'at induction, {days} working days after starting on ')} || start_on"
            starts = (
                "SELECT s.office_id, s.start_on AS start FROM subj s LEFT JOIN lastc l "
                "ON l.sk = s.sk WHERE l.sk IS NULL AND s.start_on IS NOT NULL AND s.is_current"
            )
            join = (
                f"LEFT JOIN ({_working_due(starts, days)}) ind "
                "ON ind.office_id = s.office_id AND ind.start = s.start_on AND l.sk IS NULL"
            )
            carry = "ind.rgn, ind.skipped, "
        else:
            first_due = "s.start_on"
            trace = ""
            first = "'on starting, ' || start_on"
        due = f"CASE WHEN l.last_day IS NOT NULL THEN {later} ELSE {first_due} END"
        return self._cycle(part, due, base, first, trace, join, carry)

    def _calendar(self, part: Frequency, index: int) -> tuple[str, str]:
        """The periods table and the verdict of a ``calendar`` part."""
        ctx = self.ctx
        period = part.calendar_period(ctx.policy.checks.flexi_period)
        name = period.value
        periods = judged_periods(ctx.as_of, ctx.policy.lookback_months, period)
        rows = [
            f"({ctx.date(first)}, {ctx.date(last)}, {_T(period_label(first, period))}, {n})"
            for n, (first, last) in enumerate(periods)
        ]
        table = f"per{index}"
        if rows:
            values = f"SELECT * FROM (VALUES {', '.join(rows)}) AS t(p_first, p_last, label, idx)"
        else:
            values = (
                "SELECT NULL::DATE AS p_first, NULL::DATE AS p_last, NULL::VARCHAR AS label, "
                "0 AS idx WHERE FALSE"
            )
        current_end = period_of(ctx.as_of, period)[1]
        judged = (
            f"SELECT DISTINCT sp.sk, p.p_first, p.p_last, p.label, p.idx FROM spans sp "
            f"JOIN {table} p ON (sp.span_first IS NULL OR sp.span_first <= p.p_last) "
            "AND (sp.span_last IS NULL OR sp.span_last >= p.p_first)"
        )
        in_period = (
            f"SELECT sk, date_trunc({_T(name)}, day)::DATE AS p_first, "
            "max({'d': day, 'r': w.r}) AS w FROM days GROUP BY ALL"
        )
        aggregate = (
            "SELECT j.sk, list(j.label ORDER BY j.idx) AS judged, "
            "list(j.label ORDER BY j.idx) FILTER (WHERE c.w IS NULL) AS missing, "
            "list(j.label ORDER BY j.idx) FILTER (WHERE c.w.r = 2) AS failed, "
            "list(j.label ORDER BY j.idx) FILTER (WHERE c.w.r = 1) AS excepted, "
            "map_from_entries(list({'k': j.label, 'v': c.w.d} ORDER BY j.idx) "
            "FILTER (WHERE c.w IS NOT NULL)) AS latest, "
            "min(j.p_last) FILTER (WHERE c.w IS NULL OR c.w.r = 2) AS bad_due, "
            "min(j.p_last) FILTER (WHERE c.w.r = 1) AS exc_due "
            f"FROM ({judged}) j LEFT JOIN ({in_period}) c "
            "ON c.sk = j.sk AND c.p_first = j.p_first GROUP BY j.sk"
        )
        empty = "[]::VARCHAR[]"
        evidence = (
            f"json_object('frequency', {_T(str(part))}, 'period', {_T(name)}, "
            f"'lookback_from', {ctx.date(self.window_start)}, "
            f"'periods_judged', to_json(judged), 'missing', to_json(missing), "
            "'failed', to_json(failed), 'exceptions', to_json(excepted), "
            "'latest_check', coalesce(to_json(latest), '{}'::JSON))"
        )
        texts = (
            "concat_ws('; ', "
            "CASE WHEN len(missing) > 0 THEN 'no check in ' || array_to_string(missing, ', ') "
            "END, CASE WHEN len(failed) > 0 THEN 'latest check failed in ' || "
            "array_to_string(failed, ', ') END, CASE WHEN len(excepted) > 0 THEN "
            "'latest check an exception in ' || array_to_string(excepted, ', ') END)"
        )
        verdict = (
            "SELECT sk, CASE WHEN bad_due IS NOT NULL THEN 'fail' "
            "WHEN exc_due IS NOT NULL THEN 'warn' ELSE 'pass' END AS st, "
            f"CASE WHEN bad_due IS NOT NULL OR exc_due IS NOT NULL THEN {texts} "
            f"WHEN len(judged) = 0 THEN {_T(f'no complete {name} to judge yet')} "
            f"ELSE {_T(f'a check in each complete {name} judged (')} || judged[1] || ' to ' "
            "|| judged[-1] || ')' END AS msg, "
            f"coalesce(bad_due, exc_due, {ctx.date(current_end)}) AS due, "
            f"{evidence} AS ev FROM (SELECT s.sk, coalesce(a.judged, {empty}) AS judged, "
            f"coalesce(a.missing, {empty}) AS missing, coalesce(a.failed, {empty}) AS failed, "
            f"coalesce(a.excepted, {empty}) AS excepted, a.latest, a.bad_due, a.exc_due "
            f"FROM subj s LEFT JOIN ({aggregate}) a ON a.sk = s.sk)"
        )
        return f"{table} AS ({values})", verdict

    def _on_event(self, part: Frequency) -> str:
        ctx = self.ctx
        event = str(part.event)
        label = "e.label"
        if part.before is not None:
            months = part.before
            rule = f"a passing check on or before the event, at most {months} months before it"
            valid = f"{ctx.add_months('d.day', months)} >= e.occurred_on"
            judged = (
                "SELECT e.*, CASE WHEN d.day IS NOT NULL AND "
                f"{valid} THEN d.day END AS checked_on, "
                f"CASE WHEN d.day IS NOT NULL AND {valid} THEN d.w.r END AS r, "
                f"CASE WHEN d.day IS NOT NULL AND {valid} THEN d.w.x END AS outcome "
                "FROM pe e ASOF LEFT JOIN days d ON d.sk = e.sk AND d.day <= e.occurred_on"
            )
            status = f"CASE WHEN checked_on IS NULL THEN 'fail' ELSE {_outcome_status('r')} END"
            text = (
                f"CASE WHEN checked_on IS NULL THEN {label} || "
                f"{_T(f': no check in the {months} months up to it')} "
                f"WHEN r = 2 THEN {label} || ': the check on ' || checked_on || ' before it "
                "failed' "
                f"WHEN r = 1 THEN {label} || ': the check on ' || checked_on || ' before it "
                "recorded an exception' "
                f"ELSE {label} || ': checked on ' || checked_on END"
            )
            item = (
                "json_object('event_type', e.event_type, 'occurred_on', e.occurred_on, "
                f"'rule', {_T(rule)}, 'checked_on', checked_on, 'latest_outcome', outcome, "
                "'status', st)"
            )
            per_event = (
                f"SELECT e.*, {text} AS msg, e.occurred_on AS due, {item} AS item FROM ("
                f"SELECT *, {status} AS st FROM ({judged})) e"
            )
            verb = "before"
        else:
            days = ctx.policy.checks.as_required_working_days
            rule = (
                f"{days} working day{'s' if days != 1 else ''} after: "
                f"checks.as_required_working_days ({days}) after {event}"
            )
            # events are in the lookback window; a due date is at most ~1.4 x days + the
            # bank holidays after as_of: twice the days and 60 more is a safe bound
            last = ctx.add_days(ctx.today, 2 * days + 60)
            span = f"day >= {ctx.date(self.window_start)} AND day <= {last}"
            dues = _working_due("SELECT office_id, occurred_on AS start FROM pe", days, span)
            judged = (
                "SELECT e.*, w.rgn, w.due, w.skipped, d.day AS checked_on, "
                "CASE WHEN d.day IS NOT NULL THEN l.last_rank END AS r, "
                "CASE WHEN d.day IS NOT NULL THEN l.last_outcome END AS outcome, "
                "l.last_day FROM pe e "
                "JOIN wd w ON w.office_id = e.office_id AND w.start = e.occurred_on "
                "LEFT JOIN lastc l ON l.sk = e.sk "
                "ASOF LEFT JOIN days d ON d.sk = e.sk AND d.day >= e.occurred_on"
            )
            deadline = ctx.status_by_deadline("due", "checked_on")
            status = f"CASE WHEN checked_on IS NULL THEN st0 ELSE {_with_outcome('st0', 'r')} END"
            text = (
                f"CASE WHEN checked_on IS NOT NULL AND r = 2 THEN {label} || "
                "': latest check on ' || last_day || ' failed' "
                f"WHEN checked_on IS NOT NULL AND r = 1 AND st0 = 'pass' THEN {label} || "
                "': latest check on ' || last_day || ' recorded an exception' "
                f"WHEN checked_on IS NULL AND st0 = 'fail' THEN {label} || ': no check by ' "
                "|| due "
                f"WHEN checked_on IS NULL THEN {label} || ': check due by ' || due "
                f"WHEN st0 = 'warn' THEN {label} || ': checked on ' || checked_on || "
                "', after the due date ' || due "
                f"ELSE {label} || ': checked on ' || checked_on END"
            )
            trace = (
                f"json_object('runs_from', e.occurred_on, 'rule', {_T(rule)}, 'region', rgn, "
                "'skipped', to_json(skipped))"
            )
            item = (
                "json_object('event_type', e.event_type, 'occurred_on', e.occurred_on, "
                "'due_on', due, 'checked_on', checked_on, 'latest_outcome', outcome, "
                f"'status', st, 'due_trace', {trace})"
            )
            per_event = (
                f"SELECT e.*, {text} AS msg, {item} AS item FROM (SELECT *, {status} AS st "
                f"FROM (SELECT *, {deadline} AS st0 FROM ({judged}))) e"
            )
            per_event = f"WITH wd AS ({dues}) {per_event}"
            verb = "after"
        order = "ORDER BY occurred_on, event_type, office_id, coalesce(subject_id, '')"
        ranked = f"SELECT *, {_rank('st')} AS rk FROM ({per_event})"
        aggregate = (
            "SELECT sk, count(*) AS n, max(rk) AS worst, "
            f"list(item {order}) AS items, "
            f"string_agg(msg, '; ' {order}) FILTER (WHERE rk > 0) AS texts, "
            "list({'rk': rk, 'due': due}) AS dues "
            f"FROM ({ranked}) GROUP BY sk"
        )
        several = len(self.parts) > 1
        none_status = "NULL" if several else "'pass'"
        none_message = "NULL" if several else _T(f"no {event} events in the lookback window")
        none_evidence = (
            "NULL"
            if several
            else f"json_object('frequency', {_T(str(part))}, 'events', '[]'::JSON)"
        )
        worst_due = (
            "list_min(list_transform(list_filter(dues, lambda x: x.rk = worst), lambda x: x.due))"
        )
        tail = f" {event} events in the lookback window"
        return (
            "WITH pe AS (SELECT *, event_type || ' on ' || occurred_on AS label FROM evs "
            f"WHERE event_type = {_T(event)}) "
            f"SELECT s.sk, CASE WHEN a.sk IS NULL THEN {none_status} "
            "ELSE (CASE a.worst WHEN 0 THEN 'pass' WHEN 1 THEN 'warn' WHEN 2 THEN 'fail' "
            "ELSE 'error' END) END AS st, "
            f"CASE WHEN a.sk IS NULL THEN {none_message} WHEN a.worst = 0 THEN "
            f"{_T(f'a check {verb} each of ')} || a.n || {_T(tail)} "
            "ELSE a.texts END AS msg, "
            f"CASE WHEN a.sk IS NULL OR a.worst = 0 THEN NULL ELSE {worst_due} END AS due, "
            f"CASE WHEN a.sk IS NULL THEN {none_evidence} ELSE json_object('frequency', "
            f"{_T(str(part))}, 'events', to_json(a.items)) END AS ev "
            f"FROM subj s LEFT JOIN ({aggregate}) a ON a.sk = s.sk"
        )

    # -- the query ---------------------------------------------------------------------------

    def sql(self) -> str:
        ctes = [
            f"subj AS ({self._subjects()})",
            f"spans AS ({self._spans()})",
            f"evs AS ({self._subject_events()})",
            f"done AS ({self._done()})",
            "days AS (SELECT sk, day, max({'r': rnk, 'o': ord, 'x': outcome}) AS w "
            "FROM done GROUP BY sk, day)",
            "lastc AS (SELECT sk, l.d AS last_day, l.r AS last_rank, l.x AS last_outcome FROM "
            "(SELECT sk, max({'d': day, 'r': w.r, 'x': w.x}) AS l FROM days GROUP BY sk))",
        ]
        verdicts: list[str] = []
        for index, part in enumerate(self.parts):
            if part.kind is FrequencyKind.CALENDAR:
                table, verdict = self._calendar(part, index)
                ctes.append(table)
            elif part.kind is FrequencyKind.INTERVAL:
                verdict = self._interval(part)
            elif part.kind is FrequencyKind.START_THEN_INTERVAL:
                verdict = self._start(part)
            else:
                verdict = self._on_event(part)
            ctes.append(f"v{index} AS ({verdict})")
            verdicts.append(f"v{index}")
        return f"WITH {', '.join(ctes)} {self._combined(verdicts)}"

    def _combined(self, verdicts: Sequence[str]) -> str:
        """The worst part wins (``judge_check``); no verdict at all: ``nothing due``."""
        head = "SELECT s.office_id, s.subject_kind, s.subject_id, s.staff_id, "
        nothing = f"json_object('frequency', {_T(str(self.entry.frequency))})"
        joins = " ".join(f"LEFT JOIN {v} ON {v}.sk = s.sk" for v in verdicts)
        if len(verdicts) == 1:
            (v,) = verdicts
            return (
                f"{head}coalesce({v}.st, 'pass') AS status, {v}.due AS due_on, "
                f"coalesce({v}.msg, 'nothing due') AS message, "
                f"coalesce({v}.ev, {nothing}) AS evidence FROM subj s {joins}"
            )
        items = ", ".join(
            f"{{'st': {v}.st, 'rk': {_rank(f'{v}.st')}, 'msg': {v}.msg, 'due': {v}.due, "
            f"'ev': {v}.ev::JSON}}"
            for v in verdicts
        )
        listed = f"list_filter([{items}], lambda x: x.st IS NOT NULL)"
        shown = "CASE WHEN worst = 0 THEN vs ELSE list_filter(vs, lambda x: x.rk = worst) END"
        return (
            "SELECT office_id, subject_kind, subject_id, staff_id, "
            "CASE WHEN len(vs) = 0 THEN 'pass' ELSE (CASE worst WHEN 0 THEN 'pass' "
            "WHEN 1 THEN 'warn' WHEN 2 THEN 'fail' ELSE 'error' END) END AS status, "
            "CASE WHEN len(vs) = 0 THEN NULL "
            "ELSE list_min(list_transform(shown, lambda x: x.due)) END AS due_on, "
            "CASE WHEN len(vs) = 0 THEN 'nothing due' "
            "ELSE array_to_string(list_transform(shown, lambda x: x.msg), '; ') END AS message, "
            f"CASE WHEN len(vs) = 0 THEN {nothing} WHEN len(vs) = 1 THEN vs[1].ev "
            f"ELSE json_object('frequency', {_T(str(self.entry.frequency))}, "
            "'parts', to_json(list_transform(vs, lambda x: x.ev))) END AS evidence "
            f"FROM (SELECT *, {shown} AS shown FROM (SELECT *, "
            "list_max(list_transform(vs, lambda x: x.rk)) AS worst FROM ("
            f"{head}{listed} AS vs FROM subj s {joins})))"
        )
