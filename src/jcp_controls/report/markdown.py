"""The ``md`` report format: a Markdown (GitHub-flavoured) report.

It holds, in order: the title; ``as_of``, the library version and the evidence sources; the
summary table (per control: ID, name, severity, citation and the counts of pass, warn,
fail, error and waived results); the input errors, if any; then the findings (every result
that is not ``pass``, or every result with ``include_passes``) with one section per office.

Text from the evidence is escaped (:func:`~jcp_controls.report.text.markdown_escape`): ``|``
cannot break a table, and ``*``, ``_``, ``<`` and the other Markdown characters are shown
as they are rather than read as markup or raw HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcp_controls.report.text import (
    PROBLEM_HEADERS,
    STATUS_NAMES,
    by_office,
    cell,
    control_rows,
    extract_dates,
    markdown_escape,
    markdown_table,
    problems,
    selected,
    total_line,
    totals,
)

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = ["TITLE", "render"]

#: The top heading.
TITLE = "Jobcentre Plus IT and security controls report"

_SUMMARY_HEADERS = ("ID", "Name", "Severity", "Citation", *(s.capitalize() for s in STATUS_NAMES))
_FINDING_HEADERS = ("Control", "Subject", "Staff", "Status", "Due date", "Message")


def _summary(report: Report) -> str:
    rows = [
        [row.control_id, row.name, row.severity, row.citation, *map(str, row.counts)]
        for row in control_rows(report)
    ]
    rows.append(["Total", "", "", "", *map(str, totals(report))])
    return "## Summary\n\n" + markdown_table(_SUMMARY_HEADERS, rows, escape_markup=True)


def _problems(report: Report) -> str:
    issues = problems(report)
    if not issues:
        return ""
    rows = [list(issue.cells()) for issue in issues]
    headers = [h.capitalize() for h in PROBLEM_HEADERS]
    return (
        f"## Input errors ({len(issues)})\n\n"
        "This evidence was rejected; controls that needed it report `error`.\n\n"
        + markdown_table(headers, rows, escape_markup=True)
    )


def _findings(report: Report, include_passes: bool) -> str:
    title = "Results by office" if include_passes else "Findings by office"
    results = selected(report, include_passes)
    out = [f"## {title}\n\n{markdown_escape(total_line(report, include_passes))}\n"]
    if not results:
        out.append("Nothing to report.\n")
    for office_id, group in by_office(results):
        heading = f"Office {markdown_escape(office_id)}" if office_id is not None else "No office"
        rows = [
            [
                result.control_id,
                f"{result.subject_kind.value} {cell(result.subject_id)}".rstrip(),
                cell(result.staff_id),
                f"**{result.status.value.upper()}**",
                cell(result.due_on),
                result.message,
            ]
            for result in group
        ]
        table = markdown_table(_FINDING_HEADERS, rows, escape_markup=True, raw={3})
        out.append(f"### {heading} ({len(group)})\n\n{table}")
    return "\n".join(out)


def _sources(report: Report) -> str:
    lines = []
    for source in report.sources:
        records = sum(source.records.values())
        dates = extract_dates(source)
        lines.append(
            f"- Evidence: {markdown_escape(source.name)}, {markdown_escape(source.uri)} "
            f"({records} record{'' if records == 1 else 's'}"
            f"{'; ' + markdown_escape(dates) if dates else ''})\n"
        )
    return "".join(lines)


def render(report: Report, include_passes: bool) -> str:
    """The Markdown report.

    Args:
        report: the report to write.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The whole document, ending with a newline; the same report gives the same text.
    """
    head = (
        f"# {TITLE}\n\n"
        f"- As of: {cell(report.as_of)}\n"
        f"- Library version: jcp-controls {markdown_escape(report.library_version)}\n"
        + _sources(report)
    )
    parts = [head, _summary(report), _problems(report), _findings(report, include_passes)]
    return "\n".join(part for part in parts if part)
