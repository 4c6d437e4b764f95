"""LRN, set-based: learning kept current by every LMS user (reference:
:mod:`jcp_controls.controls.learning`)."""

from __future__ import annotations

from jcp_controls.controls.sql.context import SqlContext, SqlRule
from jcp_controls.models import Course

__all__ = ["annual", "data_handling_awareness", "lms_users"]


def lms_users(ctx: SqlContext) -> str:
    """Staff members (in ``staff``) holding an active LMS grant on ``as_of``: ``staff_id``,
    ``office_id`` (a staff ID recorded twice counts once, as its last row, as the rules read
    ``staff.csv``)."""
    return (
        "SELECT staff_id, office_id FROM (SELECT s.staff_id, s.office_id FROM staff s "
        "WHERE s.staff_id IN ("
        "SELECT g.staff_id FROM access_grants g WHERE g.system = 'lms' "
        f"AND g.granted_on <= {ctx.today} "
        f"AND (g.removed_on IS NULL OR g.removed_on > {ctx.today})) "
        "QUALIFY row_number() OVER (PARTITION BY s.staff_id ORDER BY s.rowid DESC) = 1) "
        f"WHERE {ctx.in_offices('office_id')}"
    )


def _latest(ctx: SqlContext, course: Course) -> str:
    """``staff_id``, ``latest``: each LMS user's latest ``course`` completion on or before
    ``as_of`` (NULL when none)."""
    return (
        f"SELECT u.staff_id, u.office_id, max(l.completed_on) AS latest "
        f"FROM ({lms_users(ctx)}) u LEFT JOIN learning l ON l.staff_id = u.staff_id "
        f"AND l.course = {ctx.text(course.value)} AND l.completed_on <= {ctx.today} "
        "GROUP BY u.staff_id, u.office_id"
    )


def annual(course: Course) -> SqlRule:
    """LRN-001/002: ``course`` due ``learning.validity_months`` after its latest completion."""

    def query(ctx: SqlContext) -> str:
        months = ctx.policy.learning.validity_months
        slug = ctx.text(course.value)
        rule = ctx.text(f"latest completion + learning.validity_months ({months})")
        due = ctx.add_months("latest", months)
        return (
            "SELECT office_id, 'staff' AS subject_kind, staff_id AS subject_id, staff_id, "
            "CASE WHEN latest IS NULL THEN 'fail' ELSE status END AS status, due_on, "
            f"CASE WHEN latest IS NULL THEN {slug} || ' never completed' "
            f"WHEN status = 'fail' THEN format('{{}} lapsed on {{}} (last completed {{}})', "
            f"{slug}, due_on, latest) "
            f"WHEN status = 'warn' THEN format('{{}} due again by {{}} (last completed {{}})', "
            f"{slug}, due_on, latest) "
            f"ELSE format('{{}} valid until {{}}', {slug}, due_on) END AS message, "
            f"json_object('course', {slug}, 'latest_completed_on', latest, 'rule', {rule}) "
            "AS evidence "
            f"FROM (SELECT *, {ctx.status_by_due('due_on')} AS status FROM ("
            f"SELECT *, {due} AS due_on FROM ({_latest(ctx, course)})))"
        )

    query.__name__ = f"annual_{course.value}"
    return query


def data_handling_awareness(ctx: SqlContext) -> str:
    """LRN-003: some ``data_handling`` completion is on record."""
    return (
        "SELECT office_id, 'staff' AS subject_kind, staff_id AS subject_id, staff_id, "
        "CASE WHEN latest IS NULL THEN 'fail' ELSE 'pass' END AS status, "
        "NULL::DATE AS due_on, "
        "CASE WHEN latest IS NULL THEN 'Data Handling awareness never recorded' "
        "ELSE format('Data Handling awareness completed {}', latest) END AS message, "
        "CASE WHEN latest IS NULL THEN NULL "
        "ELSE json_object('latest_completed_on', latest) END AS evidence "
        f"FROM ({_latest(ctx, Course.DATA_HANDLING)})"
    )
