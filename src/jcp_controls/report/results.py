"""Results as a table: the Arrow form of a report's results, and the conversions both ways.

One row per result, with :data:`RESULT_COLUMNS`: the CSV columns, then ``evidence`` as
compact JSON text (keys in the order the rule wrote them, dates as ISO strings). A
:class:`~jcp_controls.controls.base.Result` read back from a row is equal, in its JSON
form, to the one written.

Needs pyarrow (the ``columnar`` or ``parquet`` extra) for the Arrow side only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from jcp_controls.controls.base import Result, Severity, Status, SubjectKind
from jcp_controls.converters import converter

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "RESULT_COLUMNS",
    "evidence_json",
    "result_schema",
    "results_from_arrow",
    "results_to_arrow",
]

#: The columns of the results table, in order.
RESULT_COLUMNS = (
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
    "evidence",
)


def result_schema() -> pyarrow.Schema:
    """The Arrow schema of the results table."""
    import pyarrow

    return pyarrow.schema(
        [
            (column, pyarrow.date32() if column == "due_on" else pyarrow.string())
            for column in RESULT_COLUMNS
        ]
    )


def evidence_json(evidence: Any) -> str:
    """A result's evidence as the compact JSON text of the ``evidence`` column."""
    return json.dumps(converter.unstructure(evidence), ensure_ascii=False, separators=(",", ":"))


def results_to_arrow(results: Iterable[Result]) -> pyarrow.Table:
    """The results as a table, in the order given."""
    import pyarrow

    columns: dict[str, list[Any]] = {column: [] for column in RESULT_COLUMNS}
    for result in results:
        columns["control_id"].append(result.control_id)
        columns["status"].append(result.status.value)
        columns["severity"].append(result.severity.value)
        columns["office_id"].append(result.office_id)
        columns["subject_kind"].append(result.subject_kind.value)
        columns["subject_id"].append(result.subject_id)
        columns["staff_id"].append(result.staff_id)
        columns["due_on"].append(result.due_on)
        columns["message"].append(result.message)
        columns["evidence"].append(evidence_json(result.evidence))
    return pyarrow.Table.from_pydict(columns, schema=result_schema())


def results_from_arrow(table: pyarrow.Table) -> Iterator[Result]:
    """The results of a table, in table order."""
    columns = [table.column(name).to_pylist() for name in RESULT_COLUMNS]
    statuses = {status.value: status for status in Status}
    severities = {severity.value: severity for severity in Severity}
    kinds = {kind.value: kind for kind in SubjectKind}
    for row in zip(*columns, strict=True):
        control_id, status, severity, office_id, kind, subject_id, staff_id, due, message, ev = row
        yield Result(
            control_id=control_id,
            status=statuses[status],
            severity=severities[severity],
            office_id=office_id,
            subject_kind=kinds[kind],
            subject_id=subject_id,
            staff_id=staff_id,
            due_on=due,
            message=message,
            evidence=json.loads(ev) if ev else {},
        )
