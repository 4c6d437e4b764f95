"""The ``parquet`` report format: the results table as an Apache Parquet file.

One row per listed result (the findings, or every result with ``include_passes``), in report
order, with the columns of the CSV format: ``control_id``, ``status``, ``severity``,
``office_id``, ``subject_kind``, ``subject_id``, ``staff_id`` (strings, null when absent),
``due_on`` (a date) and ``message``; then ``evidence``, the result's evidence as JSON text.
The file's metadata records ``as_of`` and the library version.

Writing it needs pyarrow (``pip install 'jcp-controls[parquet]'``); the output is bytes, so
on the command line it needs a file: ``--format parquet:results.parquet``.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from jcp_controls.errors import UsageError
from jcp_controls.report.model import COLUMNS
from jcp_controls.report.text import selected

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = ["render"]


def render(report: Report, include_passes: bool) -> bytes:
    """The Parquet file of the results table.

    Raises:
        UsageError: pyarrow is not installed.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "the parquet format needs pyarrow: pip install 'jcp-controls[parquet]'"
        ) from None
    results = selected(report, include_passes)
    data: dict[str, list[object]] = {column: [] for column in (*COLUMNS, "evidence")}
    for result in results:
        row = result.to_dict()
        for column in COLUMNS:
            value = getattr(result, column) if column == "due_on" else row[column]
            data[column].append(value)
        data["evidence"].append(json.dumps(row["evidence"], sort_keys=True, ensure_ascii=False))
    text = pa.string()
    schema = pa.schema(
        [
            *((column, pa.date32() if column == "due_on" else text) for column in COLUMNS),
            ("evidence", text),
        ],
        metadata={
            "jcp_controls.as_of": report.as_of.isoformat(),
            "jcp_controls.library_version": report.library_version,
        },
    )
    table = pa.Table.from_pydict(data, schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="snappy", write_statistics=False)
    return sink.getvalue()
