"""The ``html`` format: self-contained pages a Customer Service Manager can read.

Pages are rendered from Jinja2 templates shipped with the package
(``jcp_controls/report/templates``), with autoescaping on. Every value a template shows goes
through one *finalize* step that turns it into report text (``None`` is empty, dates are
ISO, enums their value) and escapes it with :func:`html.escape` (quotes included); markup
built by the templates' own macros is kept as it is. So no string from the evidence can
inject markup.

:func:`render` writes a complete report document (``<!DOCTYPE html>``, UTF-8) with its CSS
inline in a ``<style>`` element and nothing else: no scripts, no links, no images, nothing
fetched from anywhere, so it can be mailed or archived as one file. :func:`render_fragment`
gives the same content without the ``<html>``/``<head>`` wrapper, for Jupyter
(:meth:`Report._repr_html_ <jcp_controls.report.model.Report._repr_html_>`); its CSS is
scoped to the ``jcp-report`` class so it does not restyle the notebook.

The report page leads with what to act on. It holds, in order: a heading with ``as_of`` and
the library version; a line stating what is listed (which statuses, how many controls, which
offices); a table of contents linking the input errors, each office's findings and each
control with something to act on; the input errors, if any; the findings (every result
that is not ``pass``, or every result with ``include_passes``) grouped by office, each with
its control (linked to the control's row in the summary, with its title and citation),
subject, staff, status, due date and message; the summary (per control: ID, name, severity,
citation and the counts of pass, warn, fail, error and waived results); and the evidence
sources. A status is shown both as text and by colour. Links point only within the page;
printed, the contents are left out, rows are not split across pages and colours are kept.

The due calendar (:func:`render_due`), the diff of two reports (:func:`render_diff`) and
the catalogue (:func:`render_catalogue`) have pages (and Jupyter fragments) of their own.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

from jcp_controls.report.text import (
    PROBLEM_HEADERS,
    STATUS_NAMES,
    by_office,
    cell,
    control_rows,
    control_title,
    extract_dates,
    problems,
    selected,
    total_line,
    totals,
)

if TYPE_CHECKING:
    import jinja2

    from jcp_controls.catalogue import Catalogue
    from jcp_controls.report.diff import DiffEntry, ReportDiff
    from jcp_controls.report.due import DueCalendar, DueEntry
    from jcp_controls.report.formats import RenderOptions
    from jcp_controls.report.model import Report

__all__ = [
    "TITLE",
    "render",
    "render_catalogue",
    "render_diff",
    "render_due",
    "render_fragment",
]

#: The page title and top heading of a report.
TITLE = "Jobcentre Plus IT and security controls report"


@functools.cache
def _environment() -> jinja2.Environment:
    """The template environment (built, and Jinja2 imported, on first use)."""
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        """Every ``{{ value }}``: markup from a macro as it is, anything else as report text
        escaped with :func:`html.escape`."""
        if isinstance(value, Markup):
            return value
        text = value if isinstance(value, str) else cell(value)
        return Markup(html.escape(text, quote=True))

    return jinja2.Environment(
        loader=jinja2.PackageLoader("jcp_controls.report", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _body(template: str, **context: Any) -> Any:
    from markupsafe import Markup

    return Markup(_environment().get_template(template).render(**context).strip("\n"))


def _page(page_title: str, template: str, **context: Any) -> str:
    body = _body(template, **context)
    return _environment().get_template("page.html.j2").render(title=page_title, body=body)


def _fragment(template: str, **context: Any) -> str:
    body = _body(template, **context)
    return _environment().get_template("fragment.html.j2").render(body=body)


# -- the report ------------------------------------------------------------------------------


def _subject(item: Any) -> str:
    return f"{cell(item.subject_kind)} {cell(item.subject_id)}".rstrip()


def control_anchor(control_id: str) -> str:
    """The ``id`` of a control's row in the summary (``control-ACC-001``); characters other
    than letters, digits, ``-`` and ``_`` become ``_``."""
    return "control-" + re.sub(r"[^A-Za-z0-9_-]", "_", control_id)


def _office_anchor(index: int) -> str:
    return f"office-{index}"


def _filters(report: Report, include_passes: bool) -> str:
    listed = selected(report, include_passes)
    offices = sorted({r.office_id for r in listed if r.office_id is not None})
    shown = ", ".join(offices[:12]) + (
        f" and {len(offices) - 12} more" if len(offices) > 12 else ""
    )
    statuses = "every status" if include_passes else "warn, fail, error and waived (not pass)"
    count = len(report.controls)
    return (
        f"Listing {statuses}; {count} control{'' if count == 1 else 's'} evaluated; "
        f"offices listed: {shown or 'none'}."
    )


def _report_context(report: Report, include_passes: bool) -> dict[str, Any]:
    guidance = {
        control.control_id: {"title": control_title(control), "citation": control.citation}
        for control in report.controls
    }
    rows = control_rows(report)
    return {
        "filters": _filters(report, include_passes),
        "findings_title": "Results by office" if include_passes else "Findings by office",
        "flagged": [row for row in rows if any(row.counts[1:4])],
        "control_anchor": control_anchor,
        "extract_dates": extract_dates,
        "office_anchor": _office_anchor,
        "guidance_of": guidance.get,
        "heading": TITLE,
        "report": report,
        "include_passes": include_passes,
        "summary_headers": (
            "ID",
            "Name",
            "Severity",
            "Citation",
            *(s.capitalize() for s in STATUS_NAMES),
        ),
        "summary": [
            {**_row_dict(row), "counts": tuple(zip(STATUS_NAMES, row.counts, strict=True))}
            for row in rows
        ],
        "totals": totals(report),
        "problem_headers": tuple(h.capitalize() for h in PROBLEM_HEADERS),
        "problems": [issue.cells() for issue in problems(report)],
        "total_line": total_line(report, include_passes),
        "offices": by_office(selected(report, include_passes)),
        "finding_headers": ("Control", "Subject", "Staff", "Status", "Due date", "Message"),
        "subject": _subject,
    }


def _row_dict(row: Any) -> dict[str, Any]:
    return {
        "control_id": row.control_id,
        "name": row.name,
        "severity": row.severity,
        "citation": row.citation,
    }


def render_fragment(report: Report, include_passes: bool) -> str:
    """The report as an HTML fragment (a ``<style>`` and a ``<div class="jcp-report">``),
    for Jupyter.

    Args:
        report: the report to show.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The fragment, ending with a newline; the same report gives the same text.
    """
    return _fragment("report.html.j2", **_report_context(report, include_passes))


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
    return _page(title, "report.html.j2", **_report_context(report, include_passes))


# -- the due calendar, the diff, the catalogue -----------------------------------------------


def _due_context(calendar: DueCalendar) -> dict[str, Any]:
    offices: dict[str | None, list[Any]] = {}
    for group in calendar.groups():
        offices.setdefault(group.office_id, []).append(group)

    def title(control_id: str) -> str:
        found = calendar.control(control_id)
        return "" if found is None else control_title(found)

    return {
        "calendar": calendar,
        "counts": calendar.summary_line(),
        "offices": list(offices.items()),
        "headers": (
            "When",
            "Due date",
            "Control",
            "Title",
            "Status",
            "Subject",
            "Staff",
            "Message",
        ),
        "title_of": title,
        "subject": _subject_of_entry,
    }


def _subject_of_entry(entry: DueEntry | DiffEntry) -> str:
    return _subject(entry)


def render_due(calendar: DueCalendar, options: RenderOptions | None = None) -> str:
    """The due calendar as a complete, self-contained HTML document: a section per office, a
    table per owner (overdue first, then by date)."""
    title = f"Obligations overdue and falling due as of {cell(calendar.as_of)}"
    return _page(title, "due.html.j2", **_due_context(calendar))


def render_due_fragment(calendar: DueCalendar) -> str:
    """The due calendar as an HTML fragment for Jupyter."""
    return _fragment("due.html.j2", **_due_context(calendar))


def _diff_context(diff: ReportDiff) -> dict[str, Any]:
    return {
        "diff": diff,
        "total": diff.summary_line(),
        "sections": diff.sections(),
        "headers": ("Control", "Status", "Office", "Subject", "Staff", "Due date", "Message"),
        "subject": _subject_of_entry,
    }


def render_diff(diff: ReportDiff, options: RenderOptions | None = None) -> str:
    """The diff as a complete, self-contained HTML document: new findings, resolved and
    still open, one table each."""
    title = f"Findings between reports as of {diff.old.as_of} and {diff.new.as_of}"
    return _page(title, "diff.html.j2", **_diff_context(diff))


def render_diff_fragment(diff: ReportDiff) -> str:
    """The diff as an HTML fragment for Jupyter."""
    return _fragment("diff.html.j2", **_diff_context(diff))


_CATALOGUE_HEADERS = ("ID", "Name", "Severity", "Citation", "Scope", "Owner")


def _catalogue_context(catalogue: Catalogue) -> dict[str, Any]:
    rows = [
        (c.control_id, c.name, c.severity, c.citation, c.scope, c.owner)
        for c in catalogue.controls
    ]
    return {"controls": catalogue.controls, "headers": _CATALOGUE_HEADERS, "rows": rows}


def render_catalogue(catalogue: Catalogue, options: RenderOptions | None = None) -> str:
    """The catalogue as a complete, self-contained HTML document: one row per control."""
    return _page("Control catalogue", "catalogue.html.j2", **_catalogue_context(catalogue))


def render_catalogue_fragment(catalogue: Catalogue) -> str:
    """The catalogue as an HTML fragment for Jupyter."""
    return _fragment("catalogue.html.j2", **_catalogue_context(catalogue))
