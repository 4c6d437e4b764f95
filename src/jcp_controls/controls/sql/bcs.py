"""CHK-038, set-based: BCS validation as one query (reference:
:func:`jcp_controls.controls.bcs.validated_quarterly`).

The judged quarters (complete, overlapping the lookback window) are written into the query
as a ``VALUES`` list; per office and quarter, ``n`` counts the office's checks recorded in BCS
in the quarter (``bcs_validation`` checks excluded) and the validations count its
``bcs_validation`` checks in the quarter or within ``bcs.validation_lag_days`` after it. The
sample size of ``n`` is a ``CASE`` over a step table of (largest lot, sample size), so only
a plan given as such a table (ISO 2859-1 general level II) has a query.
"""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls import calendar
from jcp_controls.controls.sql.context import SqlContext, SqlRule

__all__ = ["bcs_validation_sql"]

_T = SqlContext.text


def _sample_size(n: str, steps: Sequence[tuple[int, int]], largest: int) -> str:
    """The sample size of a lot of ``n`` checks: the first step holding ``n``, never more
    than ``n`` (as ``ISO2859Level2.sample_size``)."""
    cases = " ".join(f"WHEN {n} <= {top} THEN least({size}, {n})" for top, size in steps)
    return f"(CASE {cases} ELSE {largest} END)"


def bcs_validation_sql(
    plan_name: str, steps: Sequence[tuple[int, int]], largest: int, check_type: str
) -> SqlRule:
    """The query of the BCS validation control for a step-table sample plan.

    Args:
        plan_name: the plan's name (in the evidence).
        steps: (largest lot, sample size) pairs, ascending.
        largest: the sample size of a lot above the last step.
        check_type: the ``check_type`` of a validation (``bcs_validation``).
    """

    def query(ctx: SqlContext) -> str:
        lag = ctx.policy.bcs.validation_lag_days
        window_start = calendar.add_months(ctx.as_of, -ctx.policy.lookback_months)
        quarters = [
            (first, last)
            for first, last in calendar.quarters_in(window_start, ctx.as_of)
            if last < ctx.as_of
        ]
        rows = [
            f"({idx}, {_T(calendar.quarter_label(first))}, {ctx.date(first)}, "
            f"{ctx.date(last)}, {ctx.date(calendar.add_days(last, lag))})"
            for idx, (first, last) in enumerate(quarters)
        ]
        if rows:
            values = ", ".join(rows)
            table = f"SELECT * FROM (VALUES {values}) AS t(idx, label, q_first, q_last, closes)"
        else:
            table = (
                "SELECT 0 AS idx, NULL::VARCHAR AS label, NULL::DATE AS q_first, "
                "NULL::DATE AS q_last, NULL::DATE AS closes WHERE FALSE"
            )
        today = ctx.today
        kind = _T(check_type)
        population = (
            "SELECT p.office_id, q.idx, count(*) AS n FROM checks p JOIN q "
            "ON p.performed_on BETWEEN q.q_first AND q.q_last "
            f"WHERE p.recorded_in = 'bcs' AND p.check_type <> {kind} "
            f"AND p.performed_on <= {today} GROUP BY ALL"
        )
        validations = (
            "SELECT v.office_id, q.idx, count(*) AS n FROM checks v JOIN q "
            "ON v.performed_on BETWEEN q.q_first AND q.closes "
            f"WHERE v.check_type = {kind} AND v.performed_on <= {today} GROUP BY ALL"
        )
        grid = (
            "SELECT o.office_id, q.*, coalesce(p.n, 0) AS n, coalesce(v.n, 0) AS validated "
            "FROM o CROSS JOIN q LEFT JOIN pc p ON p.office_id = o.office_id AND p.idx = q.idx "
            "LEFT JOIN vc v ON v.office_id = o.office_id AND v.idx = q.idx"
        )
        required = _sample_size("n", steps, largest)
        judged = (
            f"SELECT *, CASE WHEN validated >= required THEN 'pass' WHEN {today} > closes "
            "THEN 'fail' ELSE 'warn' END AS st FROM "
            f"(SELECT *, {required} AS required FROM ({grid}))"
        )
        text = (
            "label || ': ' || validated || ' of ' || required || ' validated' || "
            "CASE WHEN st = 'warn' THEN ' (window open until ' || closes || ')' ELSE '' END"
        )
        item = (
            "json_object('quarter', label, 'population', n, 'required', required, "
            "'validated', validated, 'window_closes_on', closes, 'status', st)"
        )
        rank = "CASE st WHEN 'fail' THEN 2 WHEN 'warn' THEN 1 ELSE 0 END"
        aggregate = (
            f"SELECT office_id, list({item} ORDER BY idx) AS quarters, "
            "list(label ORDER BY idx) FILTER (WHERE rk > 0) AS short, "
            f"string_agg({text}, '; ' ORDER BY idx) FILTER (WHERE rk > 0) AS texts, "
            "max(rk) AS worst, min(closes) FILTER (WHERE rk = worst_here) AS due, "
            "min(label) AS first_label, max(label) AS last_label "
            f"FROM (SELECT *, {rank} AS rk, max({rank}) OVER (PARTITION BY office_id) "
            f"AS worst_here FROM ({judged})) GROUP BY office_id"
        )
        current_first = ctx.as_of.replace(month=(ctx.as_of.month - 1) // 3 * 3 + 1, day=1)
        current_last = calendar.add_days(calendar.add_months(current_first, 3), -1)
        next_due = calendar.add_days(current_last, lag)
        evidence = (
            f"json_object('plan', {_T(plan_name)}, 'validation_lag_days', {lag}, "
            "'quarters', coalesce(to_json(a.quarters), '[]'::JSON), "
            "'short', coalesce(to_json(a.short), '[]'::JSON))"
        )
        return (
            f"WITH q AS ({table}), "
            "o AS (SELECT DISTINCT office_id FROM offices "
            f"WHERE {ctx.in_offices('office_id')}), "
            f"pc AS ({population}), vc AS ({validations}) "
            "SELECT o.office_id, 'office' AS subject_kind, o.office_id AS subject_id, "
            "NULL::VARCHAR AS staff_id, "
            "CASE a.worst WHEN 2 THEN 'fail' WHEN 1 THEN 'warn' ELSE 'pass' END AS status, "
            f"CASE WHEN a.worst > 0 THEN a.due ELSE {ctx.date(next_due)} END AS due_on, "
            "CASE WHEN a.worst > 0 THEN a.texts "
            "WHEN a.office_id IS NULL THEN 'no complete quarter in the lookback window' "
            "ELSE 'validated: ' || a.first_label || ' to ' || a.last_label END AS message, "
            f"{evidence} AS evidence "
            f"FROM o LEFT JOIN ({aggregate}) a ON a.office_id = o.office_id"
        )

    query.__name__ = "bcs_validation"
    return query
