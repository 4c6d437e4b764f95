"""The ``table`` report format: plain text for a terminal or a pipe.

Three parts, in order: a heading line (``as_of`` and library version); the summary, one line
per control evaluated with its counts of pass, warn, fail, error and waived results; then
the findings (every result that is not ``pass``, or every result with ``include_passes``)
in the report's order with the columns control, status, office, subject, staff, due and
message. Input errors, when there are any, come between the summary and the findings. The
last line is the total.

Columns are as wide as their widest cell, so identical reports give identical text. The
writer adds no colour codes and only ASCII of its own; text from the evidence is shown as it
is, except that line breaks and other control characters (terminal escape sequences
included) cannot reach the terminal: they are shown as spaces or ``\\xNN``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcp_controls.report.text import (
    PROBLEM_HEADERS,
    STATUS_NAMES,
    aligned,
    cell,
    control_rows,
    problems,
    selected,
    single_line,
    total_line,
)

if TYPE_CHECKING:
    from jcp_controls.controls.base import Result
    from jcp_controls.report.model import Report

__all__ = ["FINDING_HEADERS", "SUMMARY_HEADERS", "render"]

#: Columns of the summary.
SUMMARY_HEADERS = ("control", "name", "severity", *STATUS_NAMES)
#: Columns of the list of findings.
FINDING_HEADERS = ("control", "status", "office", "subject", "staff", "due", "message")


def _subject(result: Result) -> str:
    return f"{result.subject_kind.value} {cell(result.subject_id)}".rstrip()


def _finding(result: Result) -> list[str]:
    return [
        single_line(text)
        for text in (
            result.control_id,
            result.status.value,
            cell(result.office_id),
            _subject(result),
            cell(result.staff_id),
            cell(result.due_on),
            result.message,
        )
    ]


def render(report: Report, include_passes: bool) -> str:
    """The terminal table.

    Args:
        report: the report to write.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The whole text, ending with the one-line total and a newline; the same report gives
        the same text.
    """
    parts = [
        f"jcp-controls report as of {report.as_of.isoformat()} "
        f"(jcp-controls {single_line(report.library_version)})\n"
    ]

    summary = [
        [row.control_id, row.name, row.severity, *(str(count) for count in row.counts)]
        for row in control_rows(report)
    ]
    counts_at = range(3, len(SUMMARY_HEADERS))
    parts.append("Summary\n\n" + aligned(SUMMARY_HEADERS, summary, right=counts_at))

    issues = problems(report)
    if issues:
        rows = [[single_line(text) for text in issue.cells()] for issue in issues]
        parts.append(f"Input errors ({len(issues)})\n\n" + aligned(PROBLEM_HEADERS, rows))

    results = selected(report, include_passes)
    title = "Results" if include_passes else "Findings"
    if results:
        rows = [_finding(result) for result in results]
        parts.append(f"{title}\n\n" + aligned(FINDING_HEADERS, rows))
    else:
        parts.append(f"{title}\n\nnone\n")

    parts.append(total_line(report, include_passes) + "\n")
    return "\n".join(parts)
