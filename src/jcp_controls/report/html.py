"""The ``html`` report format: one self-contained page a Customer Service Manager can read.

:func:`render` writes a complete document (``<!DOCTYPE html>``, UTF-8) with its CSS inline
in a ``<style>`` element and nothing else: no scripts, no links, no images, nothing fetched
from anywhere, so it can be mailed or archived as one file. :func:`render_fragment` gives
the same content without the ``<html>``/``<head>`` wrapper, for Jupyter
(:meth:`Report._repr_html_ <jcp_controls.report.model.Report._repr_html_>`); its CSS is
scoped to the ``jcp-report`` class so it does not restyle the notebook.

The page holds, in order: a heading with ``as_of`` and the library version; the evidence
sources; the summary (per control: ID, name, severity, citation and the counts of pass,
warn, fail, error and waived results); the input errors, if any; then the findings (every
result that is not ``pass``, or every result with ``include_passes``) grouped by office,
each with its control, subject, staff, status, due date and message. A status is shown
both as text and by colour.

Every string that reaches the page is escaped with :func:`html.escape` (quotes included),
so evidence cannot inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from jcp_controls.report.text import (
    PROBLEM_HEADERS,
    STATUS_NAMES,
    by_office,
    cell,
    control_rows,
    problems,
    selected,
    total_line,
    totals,
)

if TYPE_CHECKING:
    from jcp_controls.controls.base import Result
    from jcp_controls.report.model import Report

__all__ = ["TITLE", "render", "render_fragment"]

#: The page title and top heading.
TITLE = "Jobcentre Plus IT and security controls report"

_CSS = """\
.jcp-report { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  color: #1b1b1b; line-height: 1.4; max-width: 80rem; }
.jcp-report h1 { font-size: 1.6rem; margin: 0 0 0.25rem 0; }
.jcp-report h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem 0;
  border-bottom: 2px solid #1d70b8; }
.jcp-report h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem 0; }
.jcp-report p.meta { margin: 0 0 0.5rem 0; color: #505a5f; }
.jcp-report table { border-collapse: collapse; margin: 0.25rem 0 1rem 0; }
.jcp-report th, .jcp-report td { border: 1px solid #b1b4b6; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
.jcp-report th { background: #f3f2f1; }
.jcp-report td.n { text-align: right; font-variant-numeric: tabular-nums; }
.jcp-report td:first-child, .jcp-report .nowrap { white-space: nowrap; }
.jcp-report tr.total td { font-weight: bold; background: #f3f2f1; }
.jcp-report .status { display: inline-block; min-width: 3.5rem; padding: 0 0.4rem;
  border-radius: 0.2rem; font-weight: bold; text-align: center; }
.jcp-report .status-pass { background: #cce2d8; color: #005a30; }
.jcp-report .status-warn { background: #fff7bf; color: #594d00; }
.jcp-report .status-fail { background: #f6d7d2; color: #942514; }
.jcp-report .status-error { background: #e9d6f0; color: #4c2c92; }
.jcp-report .status-waived { background: #e5e6e7; color: #383f43; }
.jcp-report td.n.hit-warn { background: #fff7bf; }
.jcp-report td.n.hit-fail { background: #f6d7d2; }
.jcp-report td.n.hit-error { background: #e9d6f0; }
"""


def _e(value: object) -> str:
    return html.escape(cell(value), quote=True)


def _row(cells: Iterable[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{text}</{tag}>" for text in cells) + "</tr>"


def _table(headers: Sequence[str], rows: Iterable[str], caption: str | None = None) -> str:
    out = ["<table>"]
    if caption is not None:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead>" + _row((html.escape(h) for h in headers), "th") + "</thead>")
    out.append("<tbody>")
    out.extend(rows)
    out.append("</tbody></table>")
    return "\n".join(out)


def _status(status: str) -> str:
    name = html.escape(status, quote=True)
    return f'<span class="status status-{name}">{name}</span>'


def _count_cell(status: str, count: int) -> str:
    hit = f" hit-{status}" if count and status in ("warn", "fail", "error") else ""
    return f'<td class="n{hit}">{count}</td>'


def _summary(report: Report) -> str:
    rows = []
    for row in control_rows(report):
        counts = "".join(
            _count_cell(status, count)
            for status, count in zip(STATUS_NAMES, row.counts, strict=True)
        )
        described = "".join(
            f"<td>{_e(text)}</td>"
            for text in (row.control_id, row.name, row.severity, row.citation)
        )
        rows.append(f"<tr>{described}{counts}</tr>")
    total = "".join(f'<td class="n">{count}</td>' for count in totals(report))
    rows.append(f'<tr class="total"><td colspan="4">Total</td>{total}</tr>')
    headers = ("ID", "Name", "Severity", "Citation", *(s.capitalize() for s in STATUS_NAMES))
    return "<h2>Summary</h2>\n" + _table(headers, rows)


def _problems(report: Report) -> str:
    issues = problems(report)
    if not issues:
        return ""
    rows = [_row(_e(text) for text in issue.cells()) for issue in issues]
    headers = tuple(h.capitalize() for h in PROBLEM_HEADERS)
    intro = "<p>This evidence was rejected; controls that needed it report <em>error</em>.</p>"
    return f"<h2>Input errors ({len(issues)})</h2>\n{intro}\n" + _table(headers, rows)


def _subject(result: Result) -> str:
    return f"{_e(result.subject_kind)} {_e(result.subject_id)}".rstrip()


def _findings(report: Report, include_passes: bool) -> str:
    title = "Results by office" if include_passes else "Findings by office"
    results = selected(report, include_passes)
    out = [f"<h2>{title}</h2>", f"<p>{html.escape(total_line(report, include_passes))}</p>"]
    if not results:
        out.append("<p>Nothing to report.</p>")
    headers = ("Control", "Subject", "Staff", "Status", "Due date", "Message")
    for office_id, group in by_office(results):
        heading = f"Office {_e(office_id)}" if office_id is not None else "No office"
        out.append(f"<h3>{heading} ({len(group)})</h3>")
        rows = [
            _row(
                (
                    _e(result.control_id),
                    _subject(result),
                    _e(result.staff_id),
                    _status(result.status.value),
                    f'<span class="nowrap">{_e(result.due_on)}</span>' if result.due_on else "",
                    _e(result.message),
                )
            )
            for result in group
        ]
        out.append(_table(headers, rows))
    return "\n".join(out)


def _sources(report: Report) -> str:
    if not report.sources:
        return ""
    items = []
    for source in report.sources:
        records = sum(source.records.values())
        items.append(
            f"<li>{_e(source.name)}: {_e(source.uri)} ({records} "
            f"record{'' if records == 1 else 's'})</li>"
        )
    return "<h2>Evidence</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>"


def _body(report: Report, include_passes: bool) -> str:
    parts = [
        f"<h1>{html.escape(TITLE)}</h1>",
        f'<p class="meta">As of <strong>{_e(report.as_of)}</strong> &middot; '
        f"jcp-controls {_e(report.library_version)}</p>",
        _sources(report),
        _summary(report),
        _problems(report),
        _findings(report, include_passes),
    ]
    return "\n".join(part for part in parts if part)


def render_fragment(report: Report, include_passes: bool) -> str:
    """The report as an HTML fragment (a ``<style>`` and a ``<div class="jcp-report">``),
    for Jupyter.

    Args:
        report: the report to show.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The fragment, ending with a newline; the same report gives the same text.
    """
    return (
        f"<style>\n{_CSS}</style>\n"
        f'<div class="jcp-report">\n{_body(report, include_passes)}\n</div>\n'
    )


def render(report: Report, include_passes: bool) -> str:
    """The report as a complete, self-contained HTML document.

    Args:
        report: the report to write.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The document, from ``<!DOCTYPE html>`` to ``</html>`` and a newline; the same report
        gives the same text.
    """
    title = f"{TITLE} as of {cell(report.as_of)}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\nbody {{ margin: 1.5rem; }}\n{_CSS}</style>\n"
        "</head>\n"
        f'<body>\n<main class="jcp-report">\n{_body(report, include_passes)}\n</main>\n'
        "</body>\n</html>\n"
    )
