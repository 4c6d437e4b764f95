"""The ``parquet`` report format: the results table as an Apache Parquet file.

One row per listed result (the findings, or every result with ``include_passes``), in report
order, with the columns of the CSV format: ``control_id``, ``status``, ``severity``,
``office_id``, ``subject_kind``, ``subject_id``, ``staff_id`` (strings, null when absent),
``due_on`` (a date) and ``message``; then ``evidence``, the result's evidence as JSON text
(keys sorted). The file's metadata records ``as_of`` and the library version. It is written
column-wise from the results table (:meth:`Report.to_arrow
<jcp_controls.report.model.Report.to_arrow>`); only the evidence is rewritten row by row.

Writing it needs pyarrow (``pip install 'jcp-controls[parquet]'``); the output is bytes, so
on the command line it needs a file: ``--format parquet:results.parquet``.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from jcp_controls.errors import UsageError
from jcp_controls.report.model import COLUMNS
from jcp_controls.report.results import CHUNK_ROWS
from jcp_controls.report.text import selected

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow

    from jcp_controls.report.model import Report

__all__ = ["render"]


def _sorted_evidence(column: pyarrow.ChunkedArray) -> Iterator[str]:
    """The evidence JSON of the file: keys sorted, ``", "`` and ``": "`` between items, as
    it always was (the results table holds it compact, keys in the rule's order)."""
    for chunk in column.chunks:
        for start in range(0, len(chunk), CHUNK_ROWS):
            for text in chunk.slice(start, CHUNK_ROWS).to_pylist():
                evidence = json.loads(text) if text else {}
                yield json.dumps(evidence, sort_keys=True, ensure_ascii=False)


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
    listed = selected(report, include_passes).to_arrow()
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
    evidence = pa.array(_sorted_evidence(listed.column("evidence")), text)
    table = pa.Table.from_arrays(
        [*(listed.column(column) for column in COLUMNS), evidence], schema=schema
    ).combine_chunks()
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="snappy", write_statistics=False)
    return sink.getvalue()
