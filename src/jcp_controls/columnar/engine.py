"""Set-based evaluation: every control as one query over the estate, results as one table.

A control runs as its set-based implementation (``Control.sql``) when it has one and every
kind it needs is present, accepted and complete; otherwise its Python rule runs over
:attr:`Estate.evidence`, exactly as :func:`jcp_controls.evaluate` would run it (missing or
rejected evidence gives the same ``error`` results). Waivers and evidence freshness apply
to the few results they can change; passes stay in Arrow and are never made into Python
objects. The report is the one :func:`jcp_controls.evaluate` gives, byte for byte; the
differential tests prove it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from jcp_controls.allocation import collector_paused
from jcp_controls.catalogue import Catalogue
from jcp_controls.columnar.calendar_table import install_calendar
from jcp_controls.controls.base import Control, Status
from jcp_controls.controls.runner import results_of
from jcp_controls.controls.sql import SqlContext
from jcp_controls.engine import (
    Plan,
    adjusted,
    finish_evaluation,
    named_warnings,
    plan_evaluation,
    stale_evidence,
)
from jcp_controls.evidence.store import InputIssue, PluginFailure
from jcp_controls.models import RecordKind
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.model import Report
from jcp_controls.report.results import (
    result_schema,
    results_from_arrow,
    results_to_arrow,
    table_in_report_order,
)

if TYPE_CHECKING:
    import pyarrow

    from jcp_controls.columnar.estate import Estate

__all__ = ["evaluate_estate", "runs_set_based"]


def runs_set_based(estate: Estate, control: Control) -> bool:
    """True when ``control`` runs as a query: it has a set-based implementation and every
    kind it needs was supplied whole and accepted (and every kind its query reads besides,
    listed in the query's ``reads`` attribute, if any)."""
    if control.sql is None:
        return False
    rejected = estate.evidence.rejected
    return all(
        kind in estate.present and kind not in rejected and kind not in estate.partial
        for kind in (*control.needs, *getattr(control.sql, "reads", ()))
    )


def evaluate_estate(
    estate: Estate,
    *,
    as_of: str | dt.date | None = None,
    policy: Policy | None = None,
    plugins: Plugins | None = None,
    catalogue: Catalogue | None = None,
    only: Sequence[str] | None = None,
    offices: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Evaluate the catalogue over ``estate``: the arguments, errors and report of
    :func:`jcp_controls.evaluate`."""
    if plugins is None:
        plugins = estate.memo("plugins", Plugins)
        if catalogue is None:
            default_plugins = plugins
            catalogue = estate.memo("catalogue", lambda: Catalogue.from_plugins(default_plugins))
    plan = plan_evaluation(
        estate.evidence,
        as_of=as_of,
        policy=policy,
        plugins=plugins,
        catalogue=catalogue,
        only=only,
        offices=offices,
    )
    estate.installed_calendar = install_calendar(
        estate.connection,
        plan.as_of,
        plan.policy,
        estate.present,
        estate.earliest_date(),
        estate.installed_calendar,
    )
    sql_context = SqlContext(
        plan.as_of,
        plan.policy,
        plan.offices,
        kinds=estate.present - estate.evidence.rejected,
    )
    parts: list[pyarrow.Table] = []
    control_failures: list[PluginFailure] = []
    with collector_paused():
        for done, control in enumerate(plan.controls, 1):
            queried = _query(estate, control, sql_context)
            if queried is not None:
                parts.append(_finish_table(plan, control, queried, control_failures))
            else:
                stale = stale_evidence(plan.evidence, control, plan.policy, plan.as_of)
                results = results_of(plan.context, control)
                parts.append(
                    results_to_arrow(adjusted(plan, control, results, stale, control_failures))
                )
            if progress is not None:
                progress(control.control_id, done, len(plan.controls))
        table = _sorted(parts)
    return finish_evaluation(
        plan,
        table,
        control_failures,
        warnings=_catalogue_warnings(estate, plan),
        names=(
            estate.memo("staff_names", lambda: _names(estate, RecordKind.STAFF, "staff_id")),
            estate.memo("office_names", lambda: _names(estate, RecordKind.OFFICES, "office_id")),
        ),
    )


def _distinct(estate: Estate, kind: RecordKind, column: str) -> list[str]:
    if kind not in estate.present:
        return []
    rows = estate.connection.sql(f"SELECT DISTINCT {column} FROM {kind.value}").fetchall()
    return [value for (value,) in rows]


def _catalogue_warnings(estate: Estate, plan: Plan) -> tuple[InputIssue, ...]:
    """The catalogue warnings, from the distinct values of two columns."""
    return named_warnings(
        plan.catalogue,
        waived=estate.memo("waived", lambda: _distinct(estate, RecordKind.WAIVERS, "control_id")),
        recorded=estate.memo(
            "check_types", lambda: _distinct(estate, RecordKind.CHECKS, "check_type")
        ),
    )


def _names(estate: Estate, kind: RecordKind, key: str) -> dict[str, str]:
    """The names of the records of ``kind`` by ID, when supplied and accepted (as the Python
    engine gives them: the last row of a repeated ID wins)."""
    if kind not in estate.present or kind in estate.evidence.rejected:
        return {}
    rows = estate.connection.sql(f"SELECT {key}, name FROM {kind.value} ORDER BY rowid").fetchall()
    return dict(rows)


def _query(estate: Estate, control: Control, context: SqlContext) -> pyarrow.Table | None:
    """The control's set-based results, with its ID and severity, in the results schema; None
    when it has no set-based implementation, its evidence is not all there, or the database
    refuses the query (then its Python rule judges, so a query's bug is never a traceback
    and never a wrong ``pass``)."""
    if not runs_set_based(estate, control):
        return None
    import duckdb

    try:
        text = _query_text(control, context)
        table = estate.connection.sql(text).to_arrow_table()
    except duckdb.Error:
        return None
    return table.cast(result_schema())


def _query_text(control: Control, context: SqlContext) -> str:
    assert control.sql is not None
    return (
        f"SELECT {SqlContext.text(control.control_id)} AS control_id, q.status, "
        f"{SqlContext.text(control.severity.value)} AS severity, q.office_id, q.subject_kind, "
        f"q.subject_id, q.staff_id, CAST(q.due_on AS DATE) AS due_on, q.message, "
        f"coalesce(CAST(q.evidence AS VARCHAR), '{{}}') AS evidence "
        f"FROM ({control.sql(context)}) AS q"
    )


def _finish_table(
    plan: Plan, control: Control, table: pyarrow.Table, failures: list[PluginFailure]
) -> pyarrow.Table:
    """Waivers and freshness applied: they change findings only, or every result when the
    evidence is stale, so only those rows become :class:`Result` objects. A query that
    reproduces its rule's ``control failed`` errors gives them in the rule's order, so the
    failure reported in ``failures`` is the one the rule reports."""
    import pyarrow.compute as pc

    stale = stale_evidence(plan.evidence, control, plan.policy, plan.as_of)
    if stale is None:
        mask = pc.not_equal(table.column("status"), Status.PASS.value)
        touched = table.filter(mask)
        if touched.num_rows == 0:
            return table
        kept = table.filter(pc.invert(mask))
    else:
        touched, kept = table, table.slice(0, 0)
    results = adjusted(plan, control, results_from_arrow(touched), stale, failures)
    import pyarrow

    return pyarrow.concat_tables([kept, results_to_arrow(results)])


def _sorted(parts: list[pyarrow.Table]) -> pyarrow.Table:
    """Every part as one table in report order (office, control, subject; nulls first), ties
    broken on due date and evidence as :func:`jcp_controls.engine.in_report_order` does
    (:func:`~jcp_controls.report.results.table_in_report_order`, proved equal to it). The
    parts are let go as soon as they are one table: at national scale each copy of the
    results is about 450 MB."""
    import pyarrow

    table = pyarrow.concat_tables(parts) if parts else result_schema().empty_table()
    parts.clear()
    return table_in_report_order(table)
