"""SEC and INT, set-based: office appointments, incidents, test checks and CMS rebooking
(reference: :mod:`jcp_controls.controls.security`).

As the reference rules read them, an office ID or a staff ID recorded twice means its last
record (``ctx.offices``, ``ctx.staff``); an office's region is that record's region, the
policy's ``calendar.default_region`` when it names none or the office is unknown. The
"N working days after" deadlines (SEC-002, SEC-004, INT-001) are computed once per distinct
(region, start date) as joins on the ``working_days`` table (what ``jc_working_days_after``
and ``jc_skipped`` compute, without a lookup per row), then joined back to the subjects, and
carry the same trace in their evidence as
:meth:`~jcp_controls.controls.context.RuleContext.working_days_due`.
"""

from __future__ import annotations

import sys

from jcp_controls.controls.base import Status, SubjectKind
from jcp_controls.controls.sql.context import SqlContext, SqlRule
from jcp_controls.models import CancellationReason, DesignationKind

__all__ = [
    "cms_rebuild_interview_rebooked",
    "csm_in_post",
    "form_completed_for_test_check",
    "health_safety_rep_nominated",
    "ico_nominated",
    "incident_escalated",
    "incident_remediated",
    "security_advisor_known",
]

_PASS, _WARN, _FAIL, _ERROR = (
    SqlContext.text(status.value)
    for status in (Status.PASS, Status.WARN, Status.FAIL, Status.ERROR)
)

#: Every character Python's ``str.strip()`` removes, as a SQL expression (for ``trim``).
_WHITESPACE = (
    "concat("
    + ", ".join(f"chr({code})" for code in range(sys.maxunicode + 1) if chr(code).isspace())
    + ")"
)


def _blank(column: str) -> str:
    """``column`` is NULL or only whitespace (the reference's ``not _not_empty``)."""
    return f"(({column}) IS NULL OR trim({column}, {_WHITESPACE}) = '')"


def _kind(kind: SubjectKind) -> str:
    return SqlContext.text(kind.value)


def _last(table: str, key: str, among: str | None = None) -> str:
    """The last record of ``table`` for each ``key`` (as a dict built from the records keeps
    it); only for the keys ``among`` selects, when given (fewer rows to rank)."""
    where = f" WHERE {key} IN ({among})" if among is not None else ""
    return (
        f"SELECT * EXCLUDE (_at) FROM (SELECT *, rowid AS _at FROM {table}{where}) "
        f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _at DESC) = 1"
    )


def _offices() -> str:
    """Offices by ID (the last record of each)."""
    return _last("offices", "office_id")


def _staff(among: str) -> str:
    """Staff by ID (the last record of each), for the staff IDs ``among`` selects."""
    return _last("staff", "staff_id", among)


def _plural(days: int) -> str:
    return f"{days} working day{'' if days == 1 else 's'}"


def _working_days_after(days: int) -> str:
    """CTEs ``_due`` and ``_trace``: for each (``region``, ``runs_from``) of ``_starts``, the
    date ``days`` working days after it and the weekend days and bank holidays skipped on
    the way (as ``jc_working_days_after`` and ``jc_skipped``, but as joins on the calendar's
    ordinals and on the few days between start and due, not one lookup per row)."""
    if days == 0:
        due = "SELECT region, runs_from, runs_from AS due_on FROM _starts"
    else:
        due = (
            "SELECT s.region, s.runs_from, w2.day AS due_on FROM _starts s "
            "JOIN working_days w1 ON w1.region = s.region AND w1.day = s.runs_from "
            "JOIN working_days w2 ON w2.region = s.region AND w2.working "
            f"AND w2.ordinal = w1.ordinal + {days}"
        )
    passed = (
        "SELECT region, runs_from, due_on, "
        "unnest(generate_series(runs_from + 1, due_on, INTERVAL 1 DAY))::DATE AS day "
        "FROM _due"
    )
    skipped = (
        "SELECT p.region, p.runs_from, "
        "list({'date': w.day, 'reason': w.reason} ORDER BY w.day) AS skipped "
        f"FROM ({passed}) p JOIN working_days w ON w.region = p.region AND w.day = p.day "
        "WHERE NOT w.working GROUP BY p.region, p.runs_from"
    )
    return (
        f"_due AS ({due}), _skipped AS ({skipped}), "
        "_trace AS (SELECT d.region, d.runs_from, d.due_on, coalesce(k.skipped, []) AS skipped "
        "FROM _due d LEFT JOIN _skipped k ON k.region = d.region AND k.runs_from = d.runs_from)"
    )


def _traced(ctx: SqlContext, scope: str, days: int, setting: str) -> str:
    """The rows of ``scope`` (which has ``office_id`` and ``runs_from``, NULL when the
    deadline cannot be timed) with ``region``, ``due_on``, ``skipped`` (the trace), ``rule``
    and ``status`` of a one-off obligation due ``days`` working days after ``runs_from``,
    done on ``done_on``."""
    default = ctx.text(ctx.policy.calendar.default_region.value)
    rule = ctx.text(f"{_plural(days)} after: timeliness.{setting} ({days})")
    return (
        "WITH _scope AS ("
        f"SELECT x.*, coalesce(o.region, {default}) AS region "
        f"FROM ({scope}) x LEFT JOIN ({_offices()}) o ON o.office_id = x.office_id), "
        "_starts AS (SELECT DISTINCT region, runs_from FROM _scope WHERE runs_from IS NOT NULL), "
        f"{_working_days_after(days)}, "
        f"SELECT s.*, t.due_on, t.skipped, {rule} AS rule, "
        f"CASE WHEN t.due_on IS NULL THEN NULL "
        f"ELSE {ctx.status_by_deadline('t.due_on', 's.done_on')} END AS status "
        "FROM _scope s LEFT JOIN _trace t "
        "ON t.region = s.region AND t.runs_from = s.runs_from"
    )


def _deadline_message(ctx: SqlContext, done: str, fail: str, todo: str, basis: str) -> str:
    """The reference's message of a one-off deadline: ``done`` (the text up to the date it
    was done, a SQL expression) then on time or late; else ``fail`` when overdue; else
    ``todo`` (SQL expressions; ``basis`` is the arithmetic in words)."""
    return (
        f"CASE WHEN done_on IS NOT NULL AND done_on <= {ctx.today} THEN concat({done}, "
        f"CASE WHEN status = {_WARN} "
        f"THEN format(', later than due ({{}}: {{}})', due_on, {basis}) "
        "ELSE format(', by the due date {}', due_on) END) "
        f"WHEN status = {_FAIL} THEN {fail} ELSE {todo} END"
    )


_TRACE_EVIDENCE = "'runs_from', runs_from, 'rule', rule, 'region', region, 'skipped', skipped"


# -- SEC-001 ---------------------------------------------------------------------------------


def security_advisor_known(ctx: SqlContext) -> str:
    """SEC-001: the office records its Security Business Advisor."""
    blank = _blank("security_advisor")
    return (
        f"SELECT office_id, {_kind(SubjectKind.OFFICE)} AS subject_kind, "
        "office_id AS subject_id, NULL AS staff_id, "
        f"CASE WHEN {blank} THEN {_FAIL} ELSE {_PASS} END AS status, NULL::DATE AS due_on, "
        f"CASE WHEN {blank} THEN 'no Security Business Advisor recorded for the office "
        "(SEC §11): record who it is' "
        "ELSE concat('Security Business Advisor: ', security_advisor) END AS message, "
        f"json_object('security_advisor', CASE WHEN {blank} THEN NULL "
        "ELSE security_advisor END) AS evidence "
        f"FROM ({_offices()}) WHERE {ctx.in_offices('office_id')}"
    )


# -- SEC-002 / SEC-003 -----------------------------------------------------------------------


def _known_incidents(ctx: SqlContext) -> str:
    """Incidents known on ``as_of``: reported (or, unreported, occurred) on or before it."""
    return (
        "SELECT * FROM incidents "
        f"WHERE (coalesce(reported_on, occurred_on) IS NULL "
        f"OR coalesce(reported_on, occurred_on) <= {ctx.today}) "
        f"AND {ctx.in_offices('office_id')}"
    )


def incident_escalated(ctx: SqlContext) -> str:
    """SEC-002: escalation due ``timeliness.escalation_working_days`` working days after
    ``reported_on`` (else ``occurred_on``; neither: error)."""
    days = ctx.policy.timeliness.escalation_working_days
    scope = (
        "SELECT *, coalesce(reported_on, occurred_on) AS runs_from, "
        "escalated_on AS done_on, "
        "CASE WHEN reported_on IS NOT NULL THEN 'reported_on' "
        "WHEN occurred_on IS NOT NULL THEN 'occurred_on' END AS runs_from_field, "
        "CASE WHEN reported_on IS NOT NULL THEN 'was reported' "
        "ELSE 'occurred (reported_on not recorded)' END AS what "
        f"FROM ({_known_incidents(ctx)})"
    )
    basis = (
        f"format('{_plural(days)} after it {{}} on {{}}, {{}} bank holidays', "
        "what, runs_from, region)"
    )
    message = _deadline_message(
        ctx,
        "format('escalated to DWP Security on {}', done_on)",
        f"format('not escalated to DWP Security: overdue since {{}} ({{}})', due_on, {basis})",
        f"format('escalate to DWP Security by {{}} ({{}})', due_on, {basis})",
        basis,
    )
    facts = (
        "'kind', kind, 'occurred_on', occurred_on, 'reported_on', reported_on, "
        "'escalated_on', escalated_on"
    )
    return (
        f"SELECT office_id, {_kind(SubjectKind.INCIDENT)} AS subject_kind, "
        "incident_id AS subject_id, NULL AS staff_id, "
        f"CASE WHEN runs_from IS NULL THEN {_ERROR} ELSE status END AS status, "
        "CASE WHEN runs_from IS NULL THEN NULL ELSE due_on END AS due_on, "
        "CASE WHEN runs_from IS NULL THEN 'neither reported_on nor occurred_on is recorded: "
        f"escalation cannot be timed' ELSE {message} END AS message, "
        f"CASE WHEN runs_from IS NULL THEN json_object({facts}) "
        f"ELSE json_object({facts}, 'runs_from_field', runs_from_field, {_TRACE_EVIDENCE}) "
        "END AS evidence "
        f"FROM ({_traced(ctx, scope, days, 'escalation_working_days')})"
    )


def incident_remediated(ctx: SqlContext) -> str:
    """SEC-003: a closed incident records the remedial action taken."""
    blank = _blank("remedial_action")
    return (
        f"SELECT office_id, {_kind(SubjectKind.INCIDENT)} AS subject_kind, "
        "incident_id AS subject_id, NULL AS staff_id, "
        f"CASE WHEN {blank} THEN {_FAIL} ELSE {_PASS} END AS status, NULL::DATE AS due_on, "
        f"CASE WHEN {blank} THEN format('incident closed on {{}} with no remedial action "
        "recorded: record the action taken after the investigation', closed_on) "
        "ELSE format('remedial action recorded; closed on {}', closed_on) END AS message, "
        "json_object('kind', kind, 'closed_on', closed_on, 'remedial_action', remedial_action) "
        "AS evidence "
        f"FROM ({_known_incidents(ctx)}) "
        f"WHERE closed_on IS NOT NULL AND closed_on <= {ctx.today}"
    )


# -- SEC-004 ---------------------------------------------------------------------------------


def form_completed_for_test_check(ctx: SqlContext) -> str:
    """SEC-004: the test check form is due ``timeliness.immediately_working_days`` working
    days after ``generated_on``."""
    days = ctx.policy.timeliness.immediately_working_days
    scope = (
        "SELECT *, generated_on AS runs_from, form_completed_on AS done_on FROM test_checks "
        f"WHERE generated_on <= {ctx.today} AND {ctx.in_offices('office_id')}"
    )
    basis = (
        f"format('{_plural(days)} after it was generated on {{}}, {{}} bank holidays', "
        "generated_on, region)"
    )
    message = _deadline_message(
        ctx,
        "format('test check form completed by {} on {}', staff_id, done_on)",
        "format('test check form not completed by {}: overdue since {} ({})', "
        f"staff_id, due_on, {basis})",
        "format('{} to complete the test check form by {} ({})', "
        f"staff_id, due_on, {basis})",
        basis,
    )
    return (
        f"SELECT office_id, {_kind(SubjectKind.TEST_CHECK)} AS subject_kind, "
        "test_check_id AS subject_id, staff_id, status, due_on, "
        f"{message} AS message, "
        "json_object('generated_on', generated_on, 'form_completed_on', form_completed_on, "
        f"'runs_from_field', 'generated_on', {_TRACE_EVIDENCE}) AS evidence "
        f"FROM ({_traced(ctx, scope, days, 'immediately_working_days')})"
    )


# -- SEC-005 ---------------------------------------------------------------------------------


def csm_in_post(ctx: SqlContext) -> str:
    """SEC-005: the office names a Customer Service Manager current on ``as_of``."""
    today = ctx.today
    return (
        f"SELECT o.office_id, {_kind(SubjectKind.OFFICE)} AS subject_kind, "
        "o.office_id AS subject_id, NULL AS staff_id, "
        "CASE WHEN o.csm_staff_id IS NULL OR s.staff_id IS NULL "
        f"OR s.left_on < {today} OR s.started_on > {today} THEN {_FAIL} "
        f"ELSE {_PASS} END AS status, NULL::DATE AS due_on, "
        "CASE WHEN o.csm_staff_id IS NULL "
        "THEN 'no Customer Service Manager recorded for the office' "
        "WHEN s.staff_id IS NULL "
        "THEN format('Customer Service Manager {} is not in staff.csv', o.csm_staff_id) "
        f"WHEN s.left_on < {today} THEN format('Customer Service Manager {{}} left on {{}}: "
        "record the new CSM', o.csm_staff_id, s.left_on) "
        f"WHEN s.started_on > {today} THEN format('Customer Service Manager {{}} does not "
        "start until {}', o.csm_staff_id, s.started_on) "
        "ELSE format('Customer Service Manager {} in post', o.csm_staff_id) END AS message, "
        "CASE WHEN s.staff_id IS NULL THEN json_object('csm_staff_id', o.csm_staff_id) "
        "ELSE json_object('csm_staff_id', o.csm_staff_id, 'started_on', s.started_on, "
        "'left_on', s.left_on) END AS evidence "
        f"FROM ({_offices()}) o LEFT JOIN ({_staff('SELECT csm_staff_id FROM offices')}) s "
        "ON s.staff_id = o.csm_staff_id "
        f"WHERE {ctx.in_offices('o.office_id')}"
    )


# -- SEC-006 / SEC-007 ------------------------------------------------------------------------


def _nominated(kind: DesignationKind, key: str, fail: str, found: str) -> SqlRule:
    """An office control: some current member of its staff holds an active ``kind``
    designation on ``as_of`` (evidence ``key``: their IDs in order)."""

    def query(ctx: SqlContext) -> str:
        today = ctx.today
        active = (
            f"SELECT staff_id FROM designations WHERE designation = {ctx.text(kind.value)} "
            f"AND from_on <= {today} AND (to_on IS NULL OR to_on >= {today})"
        )
        holders = (
            "SELECT office_id, list(staff_id ORDER BY staff_id) AS holders FROM ("
            f"SELECT DISTINCT s.office_id, s.staff_id FROM ({_staff(active)}) s "
            f"WHERE (s.started_on IS NULL OR s.started_on <= {today}) "
            f"AND (s.left_on IS NULL OR s.left_on >= {today})) GROUP BY office_id"
        )
        return (
            f"SELECT o.office_id, {_kind(SubjectKind.OFFICE)} AS subject_kind, "
            "o.office_id AS subject_id, NULL AS staff_id, "
            f"CASE WHEN h.holders IS NULL THEN {_FAIL} ELSE {_PASS} END AS status, "
            "NULL::DATE AS due_on, "
            f"CASE WHEN h.holders IS NULL THEN {ctx.text(fail.format(as_of=ctx.as_of))} "
            f"ELSE concat({ctx.text(found)}, array_to_string(h.holders, ', ')) END AS message, "
            f"json_object({ctx.text(key)}, coalesce(h.holders, []::VARCHAR[])) AS evidence "
            f"FROM ({_offices()}) o LEFT JOIN ({holders}) h ON h.office_id = o.office_id "
            f"WHERE {ctx.in_offices('o.office_id')}"
        )

    query.__name__ = f"{kind.value}_nominated"
    return query


#: SEC-006: an Incident Control Officer is nominated among the office's staff.
ico_nominated = _nominated(
    DesignationKind.INCIDENT_CONTROL_OFFICER,
    "incident_control_officers",
    "no Incident Control Officer nominated on {as_of}: the site manager nominates one "
    "(incident_control_officer designation)",
    "Incident Control Officer: ",
)

#: SEC-007: a Health & Safety representative is nominated among the office's staff.
health_safety_rep_nominated = _nominated(
    DesignationKind.HEALTH_SAFETY_REP,
    "health_safety_reps",
    "no Health & Safety representative nominated on {as_of} (health_safety_rep designation)",
    "Health & Safety representative: ",
)


# -- INT-001 ---------------------------------------------------------------------------------


def cms_rebuild_interview_rebooked(ctx: SqlContext) -> str:
    """INT-001: a new-claim interview CMS cancelled for a case rebuild is rebooked
    ``timeliness.immediately_working_days`` working days after the cancellation."""
    days = ctx.policy.timeliness.immediately_working_days
    scope = (
        "SELECT *, cancelled_on AS runs_from, rebooked_on AS done_on "
        "FROM interview_cancellations "
        f"WHERE reason = {ctx.text(CancellationReason.CMS_REBUILD.value)} "
        f"AND cancelled_on <= {ctx.today} AND {ctx.in_offices('office_id')}"
    )
    basis = (
        f"format('{_plural(days)} after the CMS rebuild cancellation on {{}}, "
        "{} bank holidays', cancelled_on, region)"
    )
    message = _deadline_message(
        ctx,
        "format('new claim interview rebooked on {}', done_on)",
        f"format('new claim interview not rebooked: overdue since {{}} ({{}})', due_on, {basis})",
        f"format('rebook the new claim interview by {{}} ({{}})', due_on, {basis})",
        basis,
    )
    return (
        f"SELECT office_id, {_kind(SubjectKind.CANCELLATION)} AS subject_kind, "
        "claimant_ref AS subject_id, NULL AS staff_id, status, due_on, "
        f"{message} AS message, "
        "json_object('cancelled_on', cancelled_on, 'rebooked_on', rebooked_on, "
        f"'runs_from_field', 'cancelled_on', {_TRACE_EVIDENCE}) AS evidence "
        f"FROM ({_traced(ctx, scope, days, 'immediately_working_days')})"
    )
