"""ACC, set-based: access to LMS and the JSA CC folder (reference:
:mod:`jcp_controls.controls.access`).

Every grant control judges the grant the reference rules judge: the first grant active on
``as_of`` with that ``grant_id`` (the rules build one subject per ``grant_id`` and share
it), its office the holder's office, else the grant's own. A scope lists one row per
grant record in scope, as the reference does, so repeated records give repeated results.
``staff`` and ``offices`` are read one row per ID, the last one, as the reference indexes
keep them.
"""

from __future__ import annotations

from jcp_controls.controls.sql.context import SqlContext
from jcp_controls.models import Course, Grade, RecordKind

__all__ = [
    "access_reviewed_regularly",
    "active_grants",
    "authorised_by_eligible_manager",
    "delegate_grade",
    "entitlement_matches_role",
    "learning_before_access",
    "leaver_access_removed",
    "lms1_recorded",
    "lms_operator_available",
    "long_absence_access_removed",
    "no_self_authorisation",
    "offices_by_id",
    "orphan_account",
    "pseudo_account_ended",
    "pseudo_account_justified",
    "review_after_role_change",
    "staff_by_id",
]

_LONG_ABSENCES = ("maternity_leave", "career_break", "long_term_sick")


# -- private SQL helpers ---------------------------------------------------------------------


def _repr(expr: str) -> str:
    """Python's ``repr()`` of a string, as SQL (quotes and backslashes as Python writes
    them)."""
    escaped = f"replace(({expr}), '\\', '\\\\')"
    return (
        f"CASE WHEN contains(({expr}), '''') AND NOT contains(({expr}), '\"') "
        f"THEN '\"' || {escaped} || '\"' "
        f"ELSE '''' || replace({escaped}, '''', '\\''') || '''' END"
    )


def _text(template: str, *args: str) -> str:
    """``template`` with each ``{}`` replaced by the text of the next SQL expression of
    ``args`` (dates as ISO dates): ``concat``, cheaper than ``format`` (a NULL reads as
    empty, so the expressions are never NULL where it is used)."""
    parts = template.split("{}")
    assert len(parts) == len(args) + 1, template
    items = [SqlContext.text(parts[0])] if parts[0] else []
    for arg, literal in zip(args, parts[1:], strict=True):
        items.append(arg)
        if literal:
            items.append(SqlContext.text(literal))
    return f"concat({', '.join(items)})"


def _rank(expr: str) -> str:
    """The rank of a grade slug (``aa`` is 0), as :attr:`Grade.rank`."""
    cases = " ".join(f"WHEN {SqlContext.text(grade.value)} THEN {grade.rank}" for grade in Grade)
    return f"(CASE ({expr}) {cases} END)"


def _active(ctx: SqlContext, alias: str) -> str:
    """The grant ``alias`` is active on ``as_of`` (as ``AccessGrant.is_active``)."""
    return (
        f"({alias}.granted_on <= {ctx.today} AND "
        f"({alias}.removed_on IS NULL OR {alias}.removed_on > {ctx.today}))"
    )


def _covers(ctx: SqlContext, alias: str) -> str:
    """The absence ``alias`` covers ``as_of`` (as ``Absence.covers``)."""
    return (
        f"({alias}.start_on <= {ctx.today} AND "
        f"({alias}.end_on IS NULL OR {alias}.end_on >= {ctx.today}))"
    )


def _guarded(query: str) -> str:
    """The results of ``query``, whose rows carry a ``failure`` column: where it is set, the
    reference rule raised, and the result is an ``error`` saying so. Rows come in the order
    of ``rn``, the grant's position, as the reference judges them (the engine reports the
    last failure as the rule's)."""
    return (
        "SELECT office_id, subject_kind, subject_id, staff_id, "
        "CASE WHEN failure IS NULL THEN status ELSE 'error' END AS status, "
        "CASE WHEN failure IS NULL THEN due_on END AS due_on, "
        "coalesce(failure, message) AS message, "
        "CASE WHEN failure IS NULL THEN evidence END AS evidence "
        f"FROM ({query}) ORDER BY rn"
    )


def _scope_errors(ctx: SqlContext, failure: str) -> str:
    """The results of a control whose reference scope raised (``failure``: a query of one
    row and column, the message, or of none): one ``error`` per office evaluated, or a
    single office-less one when there are no offices (as the reference runner gives)."""
    if ctx.kinds is None or RecordKind.OFFICES in ctx.kinds:
        ids = "SELECT DISTINCT office_id FROM offices"
    else:
        ids = "SELECT NULL::VARCHAR AS office_id WHERE FALSE"
    columns = (
        "'office' AS subject_kind, {id} AS subject_id, NULL AS staff_id, 'error' AS status, "
        "NULL::DATE AS due_on, c.failure AS message, NULL AS evidence"
    )
    return (
        f"(WITH ids AS ({ids}) SELECT o.office_id, {columns.format(id='o.office_id')} "
        f"FROM ids o, ({failure}) c WHERE {ctx.in_offices('o.office_id')} "
        f"UNION ALL SELECT NULL AS office_id, {columns.format(id='NULL')} FROM ({failure}) c "
        "WHERE NOT EXISTS (SELECT 1 FROM ids))"
    )


def _holder_failure(alias: str) -> str:
    """What the reference rule raises looking up the holder of grant ``alias`` (NULL when
    the holder is a known member of staff)."""
    return (
        f"CASE WHEN {alias}.staff_id IS NULL THEN 'control failed: AssertionError' "
        f"WHEN NOT {alias}.known THEN 'control failed: KeyError: ' || {_repr(alias + '.staff_id')}"
        " END"
    )


_GRANT_COLUMNS = (
    "grant_id, system, account_id, entitlement, granted_on, staff_id, authorised_by, "
    "form_ref, pseudo, pseudo_reason, pseudo_end_on, removed_on"
)


def _subjects(grants: str) -> str:
    """The grants of ``grants`` (a query over ``access_grants`` columns) as subjects: their
    columns, ``office_id`` (the holder's office, else the grant's) and the holder's
    ``known``, ``job_role``, ``grade``, ``role_since``, ``left_on`` (from ``staff1``, see
    :func:`with_grants`)."""
    return (
        f"SELECT {', '.join('r.' + c.strip() for c in _GRANT_COLUMNS.split(','))}, "
        "CASE WHEN h.staff_id IS NULL THEN r.office_id ELSE h.office_id END AS office_id, "
        "h.staff_id IS NOT NULL AS known, h.job_role, h.grade, h.role_since, h.left_on "
        f"FROM ({grants}) r LEFT JOIN staff1 h ON h.staff_id = r.staff_id"
    )


# -- shared scopes ---------------------------------------------------------------------------


def staff_by_id(ctx: SqlContext) -> str:
    """One row per ``staff_id`` of ``staff``: the last, as ``RuleContext.staff`` keeps it."""
    return (
        "SELECT s.* FROM staff s "
        "QUALIFY row_number() OVER (PARTITION BY s.staff_id ORDER BY s.rowid DESC) = 1"
    )


def offices_by_id(ctx: SqlContext) -> str:
    """One row per ``office_id`` of ``offices``: the last, as ``RuleContext.offices`` keeps
    it."""
    return (
        "SELECT o.* FROM offices o "
        "QUALIFY row_number() OVER (PARTITION BY o.office_id ORDER BY o.rowid DESC) = 1"
    )


def with_grants(ctx: SqlContext, *ctes: tuple[str, str]) -> str:
    """A ``WITH`` clause naming ``staff1`` (:func:`staff_by_id`), ``judged`` (per
    ``grant_id`` with an active grant, the grant the reference judges: the first active one,
    as a subject, see :func:`_subjects`), then ``ctes`` (``(name, query)``, in order)."""
    first = (
        f"SELECT g.* FROM access_grants g WHERE {_active(ctx, 'g')} "
        "QUALIFY row_number() OVER (PARTITION BY g.grant_id ORDER BY g.rowid) = 1"
    )
    named = (("staff1", staff_by_id(ctx)), ("judged", _subjects(first)), *ctes)
    return "WITH " + ", ".join(f"{name} AS ({query})" for name, query in named) + " "


def active_grants(
    ctx: SqlContext, own: str = "TRUE", judged: str = "TRUE", *, every_office: bool = False
) -> str:
    """One row per active grant record in scope: its position ``rn`` and the columns of the
    grant judged for it (``judged``, see :func:`with_grants`), in the offices evaluated.

    Args:
        ctx: the evaluation.
        own: a condition on the grant record itself (alias ``g``), as the reference scope
            tests the record it iterates.
        judged: a condition on the grant judged (alias ``r``), as the reference scope tests
            the subject's item.
        every_office: keep the grants of every office (the reference lists them all before
            it keeps those of the offices evaluated).
    """
    offices = "TRUE" if every_office else ctx.in_offices("r.office_id")
    return (
        "SELECT g.rowid AS rn, r.* FROM access_grants g JOIN judged r "
        f"ON r.grant_id = g.grant_id WHERE {_active(ctx, 'g')} AND ({own}) AND ({judged}) "
        f"AND {offices}"
    )


_HELD = "g.staff_id IN (SELECT staff_id FROM staff)"


def _grant_result(
    status: str, message: str, evidence: str = "NULL", due: str = "NULL", alias: str = ""
) -> str:
    """The result columns of a grant subject (``office_id``, ``grant_id``, ``staff_id`` in
    scope, of ``alias`` when given)."""
    at = f"{alias}." if alias else ""
    return (
        f"{at}office_id, 'grant' AS subject_kind, {at}grant_id AS subject_id, {at}staff_id, "
        f"{status} AS status, CAST({due} AS DATE) AS due_on, {message} AS message, "
        f"{evidence} AS evidence"
    )


# -- ACC-001 ---------------------------------------------------------------------------------


def authorised_by_eligible_manager(ctx: SqlContext) -> str:
    """ACC-001: LMS grants authorised by the office's CSM or an EO+ LMS delegate; folder
    grants by the IAM or a Work Coach Team Leader."""
    minimum = ctx.policy.access.delegate_min_grade
    delegates = (
        "SELECT r.grant_id, arg_min(d.from_on, d.rowid) AS delegate_from_on "
        "FROM judged r JOIN designations d ON d.staff_id = r.authorised_by "
        "AND d.designation = 'lms_delegate' AND d.from_on <= r.granted_on "
        "AND (d.to_on IS NULL OR d.to_on >= r.granted_on) WHERE r.system = 'lms' "
        "GROUP BY r.grant_id"
    )
    base = "json_object('authorised_by', s.authorised_by, 'system', s.system)"
    who = "s.authorised_by"
    csm = "(o.csm_staff_id IS NOT NULL AND o.csm_staff_id = s.authorised_by)"
    iam = "(o.iam_staff_id IS NOT NULL AND o.iam_staff_id = s.authorised_by)"
    known = "a.staff_id IS NOT NULL"
    delegate = "d.grant_id IS NOT NULL"
    eligible = f"{_rank('a.grade')} >= {minimum.rank}"
    wctl = "a.job_role = 'work_coach_team_leader'"
    status = (
        f"CASE WHEN {who} IS NULL THEN 'fail' "
        f"WHEN s.system = 'lms' THEN (CASE WHEN {csm} THEN 'pass' "
        f"WHEN {delegate} AND {known} AND {eligible} THEN 'pass' ELSE 'fail' END) "
        f"WHEN s.system = 'jcc_folder' THEN (CASE WHEN {iam} OR ({known} AND {wctl}) "
        "THEN 'pass' ELSE 'fail' END) ELSE 'error' END"
    )
    message = (
        f"CASE WHEN {who} IS NULL THEN 'no authoriser recorded' "
        f"WHEN s.system = 'lms' THEN 'authorised by ' || {who} || (CASE "
        f"WHEN {csm} THEN ', the CSM' "
        f"WHEN {delegate} AND {known} AND {eligible} THEN ', an LMS delegate' "
        f"WHEN NOT {known} THEN ', who is not in staff.csv' "
        f"WHEN NOT {delegate} THEN "
        f"{_text(', who is neither the CSM nor an LMS delegate on {}', 's.granted_on')} "
        f"ELSE ', an LMS delegate of grade ' || a.grade || ', below ' || {ctx.text(minimum.value)}"
        " END) "
        f"WHEN s.system = 'jcc_folder' THEN 'authorised by ' || {who} || (CASE "
        f"WHEN {iam} THEN ', the IAM' "
        f"WHEN {known} AND {wctl} THEN ', a Work Coach Team Leader' "
        f"WHEN NOT {known} THEN ', who is not in staff.csv' "
        "ELSE ', who is neither the IAM nor a Work Coach Team Leader' END) "
        f"ELSE 'no authorisation rule for system ' || {_repr('s.system')} END"
    )
    evidence = (
        f"CASE WHEN {who} IS NOT NULL AND s.system = 'lms' AND NOT {csm} AND {known} AND "
        f"{delegate} THEN (CASE WHEN {eligible} THEN json_object('authorised_by', "
        "s.authorised_by, 'system', s.system, 'delegate_from_on', d.delegate_from_on, "
        "'grade', a.grade) ELSE json_object('authorised_by', s.authorised_by, 'system', "
        f"s.system, 'grade', a.grade) END) ELSE {base} END"
    )
    return (
        f"{with_grants(ctx)}SELECT {_grant_result(status, message, evidence, alias='s')} "
        f"FROM ({active_grants(ctx)}) s "
        f"LEFT JOIN ({offices_by_id(ctx)}) o ON o.office_id = s.office_id "
        "LEFT JOIN staff1 a ON a.staff_id = s.authorised_by "
        f"LEFT JOIN ({delegates}) d ON d.grant_id = s.grant_id"
    )


# -- ACC-002 ---------------------------------------------------------------------------------


def no_self_authorisation(ctx: SqlContext) -> str:
    """ACC-002: the holder does not authorise their own access."""
    own = "staff_id IS NOT NULL AND authorised_by = staff_id"
    status = f"CASE WHEN {own} THEN 'fail' ELSE 'pass' END"
    message = f"CASE WHEN {own} THEN staff_id || ' authorised their own access' " + (
        "ELSE 'not self-authorised' END"
    )
    evidence = "json_object('authorised_by', authorised_by)"
    return (
        f"{with_grants(ctx)}SELECT {_grant_result(status, message, evidence)} "
        f"FROM ({active_grants(ctx)})"
    )


# -- ACC-003 ---------------------------------------------------------------------------------

_BEFORE_ACCESS = (
    Course.DWP_FOUNDATION,
    Course.SECURITY_AWARENESS,
    Course.LMS_USER_GUIDE_CHAPTER_B,
)


def learning_before_access(ctx: SqlContext) -> str:
    """ACC-003: Foundation, Security Awareness and Chapter B by ``granted_on``; core
    learning for the holder's current role by max(``granted_on``, ``role_since``)."""
    scope = active_grants(ctx, own=_HELD, judged="r.system = 'lms'")
    firsts = ", ".join(
        f"min(completed_on) FILTER (WHERE course = {ctx.text(course.value)}) AS {course.value}"
        for course in _BEFORE_ACCESS
    )
    courses = ctx.texts(course.value for course in _BEFORE_ACCESS)
    first = f"SELECT staff_id, {firsts} FROM learning WHERE course IN {courses} GROUP BY staff_id"
    core = (
        "SELECT staff_id, job_role, min(completed_on) AS lms_core FROM learning "
        "WHERE course = 'lms_core' GROUP BY staff_id, job_role"
    )
    core_by = "greatest(s.granted_on, coalesce(s.role_since, s.granted_on))"
    missing = ", ".join(
        f"CASE WHEN {course.value} IS NULL OR {course.value} > granted_on "
        f"THEN {_text(course.value + ' by {}', 'granted_on')} END"
        for course in _BEFORE_ACCESS
    )
    missing += (
        ", CASE WHEN lms_core IS NULL OR lms_core > core_by "
        f"THEN {_text('lms_core for {} by {}', 'job_role', 'core_by')} END"
    )
    completed = ", ".join(f"'{course.value}', {course.value}" for course in _BEFORE_ACCESS)
    evidence = (
        "json_object('granted_on', granted_on, 'first_completed', json_object("
        f"{completed}, concat('lms_core (', job_role, ')'), lms_core))"
    )
    judged = (
        "SELECT s.rn, s.office_id, s.grant_id, s.staff_id, s.granted_on, s.job_role, "
        f"{_holder_failure('s')} AS failure, {core_by} AS core_by, "
        f"{', '.join('f.' + course.value for course in _BEFORE_ACCESS)}, c.lms_core "
        f"FROM scope s LEFT JOIN ({first}) f ON f.staff_id = s.staff_id "
        f"LEFT JOIN ({core}) c ON c.staff_id = s.staff_id AND c.job_role = s.job_role"
    )
    status = "CASE WHEN missing <> '' THEN 'fail' ELSE 'pass' END"
    message = (
        "CASE WHEN missing <> '' THEN 'learning missing: ' || missing "
        "ELSE 'learning completed before access' END"
    )
    return _guarded(
        f"{with_grants(ctx, ('scope', scope))}SELECT rn, failure, "
        f"{_grant_result(status, message, 'evidence')} FROM ("
        f"SELECT *, concat_ws('; ', {missing}) AS missing, {evidence} AS evidence "
        f"FROM ({judged}))"
    )


# -- ACC-004 ---------------------------------------------------------------------------------


def lms1_recorded(ctx: SqlContext) -> str:
    """ACC-004: an LMS1 form reference is recorded for the grant."""
    status = "CASE WHEN form_ref IS NULL THEN 'fail' ELSE 'pass' END"
    message = (
        "CASE WHEN form_ref IS NULL THEN 'no LMS1 form reference recorded' "
        "ELSE 'LMS1 ' || form_ref END"
    )
    evidence = "CASE WHEN form_ref IS NULL THEN NULL ELSE json_object('form_ref', form_ref) END"
    scope = active_grants(ctx, own="g.system = 'lms'")
    return f"{with_grants(ctx)}SELECT {_grant_result(status, message, evidence)} FROM ({scope})"


# -- ACC-005 ---------------------------------------------------------------------------------


def entitlement_matches_role(ctx: SqlContext) -> str:
    """ACC-005: (system, holder's job role, entitlement) is in the access role matrix."""
    systems = "SELECT DISTINCT system FROM access_role_matrix"
    pairs = "SELECT DISTINCT system, job_role, entitlement FROM access_role_matrix"
    status = (
        "CASE WHEN y.system IS NULL THEN 'error' WHEN m.system IS NULL THEN 'fail' ELSE 'pass' END"
    )
    message = (
        "CASE WHEN y.system IS NULL THEN "
        f"'the access role matrix has no rows for system ' || {_repr('s.system')} "
        f"WHEN m.system IS NULL THEN 'entitlement ' || {_repr('s.entitlement')} || ' on ' "
        f"|| s.system || ' is not in the role matrix for job role ' || {_repr('s.job_role')} "
        "ELSE 'entitlement matches the role matrix' END"
    )
    evidence = (
        "json_object('system', s.system, 'job_role', s.job_role, 'entitlement', s.entitlement)"
    )
    return _guarded(
        f"{with_grants(ctx)}SELECT s.rn, {_holder_failure('s')} AS failure, s.office_id, "
        "'grant' AS subject_kind, s.grant_id AS subject_id, s.staff_id, "
        f"{status} AS status, NULL::DATE AS due_on, "
        f"{message} AS message, {evidence} AS evidence "
        f"FROM ({active_grants(ctx, own=_HELD)}) s "
        f"LEFT JOIN ({systems}) y ON y.system = s.system "
        f"LEFT JOIN ({pairs}) m ON m.system = s.system AND m.job_role = s.job_role "
        "AND m.entitlement = s.entitlement"
    )


# -- ACC-006 ---------------------------------------------------------------------------------


def review_after_role_change(ctx: SqlContext) -> str:
    """ACC-006: a review on or after ``role_since`` is due ``role_change_review_days`` after
    it."""
    days = ctx.policy.access.role_change_review_days
    held = active_grants(ctx, own=_HELD, every_office=True)
    # The reference scope looks up the holder of every held grant's subject, and fails the
    # whole control (one error per office) at the first whose holder is unknown.
    crash = (
        f"SELECT {_holder_failure('h')} AS failure FROM held h "
        "WHERE h.staff_id IS NULL OR NOT h.known ORDER BY h.rn LIMIT 1"
    )
    scope = (
        "SELECT * FROM held r WHERE r.known AND r.role_since > r.granted_on "
        f"AND {ctx.in_offices('r.office_id')} AND NOT EXISTS (SELECT 1 FROM crash)"
    )
    errors = _scope_errors(ctx, "SELECT failure FROM crash")
    done = (
        "SELECT s.grant_id, min(v.reviewed_on) AS done FROM (SELECT DISTINCT grant_id, "
        "role_since FROM scope) s JOIN access_reviews v ON v.grant_id = s.grant_id "
        f"AND v.reviewed_on <= {ctx.today} AND v.reviewed_on >= s.role_since "
        "GROUP BY s.grant_id"
    )
    rule = ctx.text(f"role_since + access.role_change_review_days ({days})")
    status = ctx.status_by_deadline("due_on", "done")
    reviewed = _text("reviewed on {} after the role change on {}", "done", "role_since")
    late = _text(", later than due ({})", "due_on")
    overdue = _text("not reviewed since the role change on {}; due {}", "role_since", "due_on")
    pending = _text("review due by {} after the role change on {}", "due_on", "role_since")
    message = (
        f"CASE WHEN done IS NOT NULL THEN {reviewed} || "
        f"(CASE WHEN status = 'warn' THEN {late} ELSE '' END) "
        f"WHEN status = 'fail' THEN {overdue} ELSE {pending} END"
    )
    evidence = f"json_object('role_since', role_since, 'rule', {rule}, 'reviewed_on', done)"
    judged = (
        f"SELECT s.*, d.done, {ctx.add_days('s.role_since', days)} AS due_on "
        f"FROM scope s LEFT JOIN ({done}) d ON d.grant_id = s.grant_id"
    )
    return (
        f"{with_grants(ctx, ('held', held), ('crash', crash), ('scope', scope))}"
        f"SELECT {_grant_result('status', message, evidence, 'due_on')}"
        f" FROM (SELECT *, {status} AS status FROM ({judged})) UNION ALL {errors}"
    )


# -- ACC-007 ---------------------------------------------------------------------------------


def leaver_access_removed(ctx: SqlContext) -> str:
    """ACC-007: a leaver's access is removed within ``leaver_grace_days`` of ``left_on``."""
    grace = ctx.policy.access.leaver_grace_days
    # The grants of leavers, active or not (the reference iterates every grant).
    scope = (
        "SELECT g.rowid AS rn, g.grant_id FROM access_grants g "
        "JOIN staff1 h ON h.staff_id = g.staff_id "
        f"WHERE h.left_on IS NOT NULL AND h.left_on < {ctx.today}"
    )
    # The grant judged: the first active one of that ID (the subject other controls built),
    # else the first leaver's grant of that ID.
    judged = (
        "SELECT g.* FROM access_grants g WHERE g.grant_id IN (SELECT grant_id FROM scope) "
        f"AND ({_active(ctx, 'g')} OR g.rowid IN (SELECT rn FROM scope)) "
        "QUALIFY row_number() OVER (PARTITION BY g.grant_id ORDER BY "
        f"CASE WHEN {_active(ctx, 'g')} THEN 0 ELSE 1 END, g.rowid) = 1"
    )
    due = ctx.add_days("r.left_on", grace)
    failure = (
        f"coalesce({_holder_failure('r')}, CASE WHEN r.left_on IS NULL "
        "THEN 'control failed: AssertionError' END)"
    )
    status = (
        f"CASE WHEN NOT {_active(ctx, 'r')} THEN 'pass' WHEN {ctx.today} > due_on THEN 'fail' "
        "ELSE 'warn' END"
    )
    message = (
        f"CASE WHEN NOT {_active(ctx, 'r')} THEN 'access removed on ' || "
        "coalesce(CAST(r.removed_on AS VARCHAR), 'None') "
        f"WHEN {ctx.today} > due_on THEN "
        f"{_text('left on {} but access is still held', 'r.left_on')} "
        f"ELSE {_text('left on {}; access to be removed by {}', 'r.left_on', 'due_on')} END"
    )
    evidence = "json_object('left_on', r.left_on, 'removed_on', r.removed_on)"
    return _guarded(
        f"{with_grants(ctx, ('scope', scope))}SELECT s.rn, {failure} AS failure, r.office_id, "
        "'grant' AS subject_kind, r.grant_id AS subject_id, r.staff_id, "
        f"{status} AS status, due_on, {message} AS message, {evidence} AS evidence "
        f"FROM scope s JOIN (SELECT *, {due} AS due_on FROM ({_subjects(judged)}) r) r "
        f"ON r.grant_id = s.grant_id WHERE {ctx.in_offices('r.office_id')}"
    )


# -- ACC-008 ---------------------------------------------------------------------------------


def long_absence_access_removed(ctx: SqlContext) -> str:
    """ACC-008: access is removed within ``absence_grace_days`` of a qualifying absence."""
    threshold = ctx.policy.access.absence_threshold_days
    grace = ctx.policy.access.absence_grace_days
    after = ctx.add_days("a.start_on", threshold)
    long_kinds = ctx.texts(_LONG_ABSENCES)
    kind_start = ("a.kind", "a.start_on")
    since = (
        f"CASE WHEN a.kind IN {long_kinds} THEN a.start_on "
        "WHEN a.expected_end_on IS NOT NULL AND "
        f"date_diff('day', a.start_on, a.expected_end_on) + 1 > {threshold} THEN a.start_on "
        f"WHEN {ctx.today} >= {after} THEN {after} END"
    )
    expected = _text(f"{{}} from {{}} expected to last more than {threshold} days", *kind_start)
    lasted = _text(f"{{}} from {{}} has lasted more than {threshold} days", *kind_start)
    why = (
        f"CASE WHEN a.kind IN {long_kinds} THEN {_text('{} since {}', *kind_start)} "
        "WHEN a.expected_end_on IS NOT NULL AND "
        f"date_diff('day', a.start_on, a.expected_end_on) + 1 > {threshold} THEN {expected} "
        f"ELSE {lasted} END"
    )
    candidates = (
        f"SELECT a.staff_id, a.rowid AS rn, {since} AS since, {why} AS why FROM absences a "
        f"WHERE {_covers(ctx, 'a')} AND a.staff_id IN (SELECT staff_id FROM scope)"
    )
    qualifying = (
        f"SELECT staff_id, since, why FROM ({candidates}) WHERE since IS NOT NULL "
        "QUALIFY row_number() OVER (PARTITION BY staff_id ORDER BY since, rn) = 1"
    )
    due = ctx.add_days("q.since", grace)
    status = f"CASE WHEN {ctx.today} > due_on THEN 'fail' ELSE 'warn' END"
    message = (
        f"CASE WHEN {ctx.today} > due_on THEN 'access still held: ' || why "
        f"ELSE {_text('remove access by {}: {}', 'due_on', 'why')} END"
    )
    evidence = (
        f"json_object('qualifying_since', since, 'absence', why, 'grace_days', {grace}::BIGINT)"
    )
    return (
        f"{with_grants(ctx, ('scope', active_grants(ctx, own=_HELD)))}"
        f"SELECT {_grant_result(status, message, evidence, 'due_on')} FROM ("
        f"SELECT s.*, q.since, q.why, {due} AS due_on FROM scope s "
        f"JOIN ({qualifying}) q ON q.staff_id = s.staff_id)"
    )


# -- ACC-009 ---------------------------------------------------------------------------------


def access_reviewed_regularly(ctx: SqlContext) -> str:
    """ACC-009: next review due ``review_interval_months`` after the last review (or the
    grant)."""
    months = ctx.policy.access.review_interval_months
    last = (
        "SELECT grant_id, max(reviewed_on) AS last FROM access_reviews "
        f"WHERE reviewed_on <= {ctx.today} "
        "AND grant_id IN (SELECT grant_id FROM scope) GROUP BY grant_id"
    )
    since = "CASE WHEN v.last IS NULL THEN s.granted_on ELSE greatest(v.last, s.granted_on) END"
    rule = ctx.text(f"max(last review, granted_on) + access.review_interval_months ({months})")
    due_basis = ("due_on", "basis")
    basis = (
        f"CASE WHEN last IS NOT NULL THEN {_text('last reviewed {}', 'last')} "
        f"ELSE {_text('never reviewed since {}', 'granted_on')} END"
    )
    message = (
        "CASE WHEN status = 'fail' THEN "
        f"{_text('access review overdue since {} ({})', *due_basis)} "
        f"WHEN status = 'warn' THEN {_text('access review due by {} ({})', *due_basis)} "
        f"ELSE {_text('next access review due {} ({})', *due_basis)} END"
    )
    evidence = f"json_object('last_reviewed_on', last, 'granted_on', granted_on, 'rule', {rule})"
    judged = (
        f"SELECT s.*, v.last, {ctx.add_months(since, months)} AS due_on FROM scope s "
        f"LEFT JOIN ({last}) v ON v.grant_id = s.grant_id"
    )
    return (
        f"{with_grants(ctx, ('scope', active_grants(ctx)))}"
        f"SELECT {_grant_result('status', message, evidence, 'due_on')} FROM ("
        f"SELECT *, {ctx.status_by_due('due_on')} AS status, {basis} AS basis "
        f"FROM ({judged}))"
    )


# -- ACC-010 / ACC-011 / ACC-012 --------------------------------------------------------------


def pseudo_account_justified(ctx: SqlContext) -> str:
    """ACC-010: a pseudo account's LMS1 states why access was granted and for how long."""
    missing = (
        "concat_ws(' or ', CASE WHEN pseudo_reason IS NULL THEN 'why access was granted' END, "
        "CASE WHEN pseudo_end_on IS NULL THEN 'for how long' END)"
    )
    status = "CASE WHEN missing <> '' THEN 'fail' ELSE 'pass' END"
    message = (
        "CASE WHEN missing <> '' THEN 'pseudo account: its LMS1 does not say ' || missing "
        "ELSE 'pseudo account states why and for how long' END"
    )
    evidence = "json_object('pseudo_reason', pseudo_reason, 'pseudo_end_on', pseudo_end_on)"
    return (
        f"{with_grants(ctx)}SELECT {_grant_result(status, message, evidence)} FROM ("
        f"SELECT *, {missing} AS missing FROM ({active_grants(ctx, own='g.pseudo')}))"
    )


def pseudo_account_ended(ctx: SqlContext) -> str:
    """ACC-011: a pseudo account's access is removed from its end date."""
    scope = active_grants(ctx, own="g.pseudo", judged="r.pseudo_end_on IS NOT NULL")
    message = (
        "CASE WHEN status = 'fail' THEN "
        f"{_text('pseudo account still active after its end date {}', 'pseudo_end_on')} "
        f"ELSE {_text('pseudo account to be removed on {}', 'pseudo_end_on')} END"
    )
    evidence = "json_object('pseudo_end_on', pseudo_end_on)"
    return (
        f"{with_grants(ctx)}"
        f"SELECT {_grant_result('status', message, evidence, 'pseudo_end_on')} FROM ("
        f"SELECT *, {ctx.status_by_due('pseudo_end_on')} AS status FROM ({scope}))"
    )


def orphan_account(ctx: SqlContext) -> str:
    """ACC-012: a non-pseudo account belongs to a known member of staff."""
    status = "CASE WHEN staff_id IS NULL OR NOT known THEN 'fail' ELSE 'pass' END"
    message = (
        "CASE WHEN staff_id IS NULL THEN "
        "'account ' || account_id || ' has no holder and is not pseudo' "
        "WHEN NOT known THEN 'account ' || account_id || ' is held by ' || staff_id || "
        "', who is not in staff.csv' ELSE 'held by ' || staff_id END"
    )
    scope = active_grants(ctx, own="NOT g.pseudo")
    return f"{with_grants(ctx)}SELECT {_grant_result(status, message)} FROM ({scope})"


# -- ACC-013 / ACC-014 ------------------------------------------------------------------------


def lms_operator_available(ctx: SqlContext) -> str:
    """ACC-013: some current, non-absent member of the office is an LMS Operator on
    ``as_of``."""
    today = ctx.today
    operators = (
        "SELECT DISTINCT p.office_id, p.staff_id FROM designations d "
        f"JOIN ({staff_by_id(ctx)}) p ON p.staff_id = d.staff_id "
        f"WHERE d.designation = 'lms_operator' AND d.from_on <= {today} "
        f"AND (d.to_on IS NULL OR d.to_on >= {today}) "
        f"AND (p.started_on IS NULL OR p.started_on <= {today}) "
        f"AND (p.left_on IS NULL OR p.left_on >= {today}) "
        f"AND p.staff_id NOT IN (SELECT a.staff_id FROM absences a WHERE {_covers(ctx, 'a')})"
    )
    listed = (
        "SELECT office_id, string_agg(staff_id, ', ' ORDER BY staff_id) AS names, "
        f"list(staff_id ORDER BY staff_id) AS ids FROM ({operators}) GROUP BY office_id"
    )
    return (
        "SELECT o.office_id, 'office' AS subject_kind, o.office_id AS subject_id, "
        "NULL AS staff_id, CASE WHEN n.office_id IS NULL THEN 'fail' ELSE 'pass' END AS status, "
        "NULL::DATE AS due_on, CASE WHEN n.office_id IS NULL THEN "
        "'no LMS Operator in post and present' ELSE 'LMS Operator: ' || n.names END AS message, "
        "CASE WHEN n.office_id IS NULL THEN NULL ELSE json_object('lms_operators', n.ids) END "
        f"AS evidence FROM (SELECT DISTINCT office_id FROM offices) o "
        f"LEFT JOIN ({listed}) n ON n.office_id = o.office_id "
        f"WHERE {ctx.in_offices('o.office_id')}"
    )


def delegate_grade(ctx: SqlContext) -> str:
    """ACC-014: an LMS delegate is of grade ``delegate_min_grade`` or above."""
    minimum = ctx.policy.access.delegate_min_grade
    today = ctx.today
    delegates = (
        "SELECT DISTINCT staff_id FROM designations WHERE designation = 'lms_delegate' "
        f"AND from_on <= {today} AND (to_on IS NULL OR to_on >= {today})"
    )
    below = f"{_rank('p.grade')} < {minimum.rank}"
    status = f"CASE WHEN p.staff_id IS NULL OR {below} THEN 'fail' ELSE 'pass' END"
    message = (
        "CASE WHEN p.staff_id IS NULL THEN 'LMS delegate is not in staff.csv' "
        f"WHEN {below} THEN 'LMS delegate of grade ' || p.grade || ', below ' || "
        f"{ctx.text(minimum.value)} ELSE 'LMS delegate of grade ' || p.grade END"
    )
    evidence = (
        "CASE WHEN p.staff_id IS NULL THEN NULL ELSE json_object('grade', p.grade, "
        f"'min_grade', {ctx.text(minimum.value)}) END"
    )
    return (
        "SELECT p.office_id, 'staff' AS subject_kind, d.staff_id AS subject_id, d.staff_id, "
        f"{status} AS status, NULL::DATE AS due_on, {message} AS message, "
        f"{evidence} AS evidence FROM ({delegates}) d "
        f"LEFT JOIN ({staff_by_id(ctx)}) p ON p.staff_id = d.staff_id "
        f"WHERE {ctx.in_offices('p.office_id')}"
    )
