"""The ``csv`` report format: one row per result, safe to open in a spreadsheet.

The header row is exactly::

    control_id,status,severity,office_id,subject_kind,subject_id,staff_id,due_on,message

and each following row is one result, in the report's order (office, control, subject):
the findings (every result that is not ``pass``), or every result with ``include_passes``.
Quoting follows RFC 4180 (the standard library :mod:`csv` module, minimal quoting); a null
is an empty cell; dates are ``YYYY-MM-DD``. Rows end with CRLF (``\\r\\n``), as RFC 4180
says; this also makes the writer quote a cell holding a lone carriage return. Write the text
to a file opened with ``newline=""`` so that Windows does not add a second ``\\r``.

**Formula injection.** Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``
or ``@`` as a formula, and a leading tab or carriage return can hide such a character. Any
cell that starts with one of those six characters is therefore written with a single quote
``'`` in front (``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``), as OWASP recommends, so
the spreadsheet shows it as text. The quote is part of the value: a program reading the CSV
sees it. The characters are left alone anywhere else in a cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from jcp_controls.report.model import COLUMNS
from jcp_controls.report.results import CHUNK_ROWS
from jcp_controls.report.text import FORMULA_PREFIXES, cell, neutralise, selected

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = ["FORMULA_PREFIXES", "chunks", "neutralise", "render"]


def _row(result: dict[str, Any]) -> list[str]:
    return [neutralise(cell(result[column])) for column in COLUMNS]


def render(report: Report, include_passes: bool) -> str:
    """The CSV document: the header row, then one row per listed result.

    Args:
        report: the report to write.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The whole document, ending with a newline; the same report gives the same text.
    """
    return "".join(chunks(report, include_passes))


def chunks(report: Report, include_passes: bool) -> Iterator[str]:
    """The text of :func:`render` in pieces of a few thousand rows, made as they are
    written: a report listing millions of passes is never whole in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = selected(report, include_passes).iter_dicts(evidence=False)
    for count, result in enumerate(rows, 1):
        writer.writerow(_row(result))
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
