"""Writers for a BCS validation sample (``jcp-controls sample``).

- ``table``: a heading (office, quarter, plan, seed, how many of how many) and one line per
  chosen check;
- ``json``: ``{"office_id", "quarter", "first_day", "last_day", "seed", "plan",
  "population", "sample_size", "sample": [{"check_type", "subject_id", "performed_on",
  "performed_by", "outcome"}, ...]}``;
- ``csv``: the header ``office_id,quarter,seed,check_type,subject_id,performed_on,
  performed_by,outcome`` then one row per chosen check, RFC 4180, CRLF line ends, every cell
  neutralised against spreadsheet formula injection with
  :func:`~jcp_controls.report.text.neutralise`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from jcp_controls.report.text import aligned, cell, neutralise, single_line

if TYPE_CHECKING:
    from jcp_controls.controls.bcs import Sample
    from jcp_controls.report.formats import RenderOptions

__all__ = ["CSV_COLUMNS", "render_csv", "render_json", "render_table"]

#: The CSV header row.
CSV_COLUMNS = (
    "office_id",
    "quarter",
    "seed",
    "check_type",
    "subject_id",
    "performed_on",
    "performed_by",
    "outcome",
)


def render_json(sample: Sample, options: RenderOptions | None = None) -> str:
    """The sample as an indented JSON document with a final newline."""
    return json.dumps(sample.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_csv(sample: Sample, options: RenderOptions | None = None) -> str:
    """The header row, then one spreadsheet-safe row per chosen check."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for check in sample.checks:
        values = (
            sample.office_id,
            sample.quarter,
            sample.seed,
            check.check_type,
            check.subject_id,
            check.performed_on,
            check.performed_by,
            check.outcome,
        )
        writer.writerow([neutralise(cell(value)) for value in values])
    return buffer.getvalue()


def render_table(sample: Sample, options: RenderOptions | None = None) -> str:
    """A heading and one aligned line per chosen check, for the terminal."""
    heading = (
        f"BCS validation sample: office {single_line(sample.office_id)}, {sample.quarter} "
        f"({sample.first_day} to {sample.last_day})\n"
        f"plan {sample.plan}, seed {sample.seed}: validate {sample.sample_size} of "
        f"{sample.population} check{'s' if sample.population != 1 else ''} recorded in BCS\n"
    )
    if not sample.checks:
        return heading
    rows = [
        [
            str(number),
            cell(check.performed_on),
            single_line(check.check_type),
            single_line(cell(check.subject_id)),
            single_line(cell(check.performed_by)),
            cell(check.outcome),
        ]
        for number, check in enumerate(sample.checks, start=1)
    ]
    headers = ("#", "performed_on", "check_type", "subject_id", "performed_by", "outcome")
    return heading + "\n" + aligned(headers, rows, right=(0,))
