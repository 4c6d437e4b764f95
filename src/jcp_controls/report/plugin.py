"""Default plugin: the built-in formats, registered like any plugin's.

Each format names the document kinds it writes (:class:`~jcp_controls.report.formats.
DocumentKind`); the command line offers it wherever that kind of document is written.
"""

from __future__ import annotations

import json as _json
from collections.abc import Sequence
from typing import Any

from jcp_controls.hookspecs import hookimpl
from jcp_controls.report import (
    catalogue,
    csv,
    diff,
    due,
    html,
    ics,
    json,
    junit,
    markdown,
    parquet,
    sample,
    sarif,
    table,
)
from jcp_controls.report.formats import DocumentKind, RenderOptions, ReportFormat


def _json_document(document: Any, options: RenderOptions) -> str:
    """``document.to_dict()`` as indented JSON with a final newline."""
    return _json.dumps(document.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _report(function: Any) -> Any:
    """A report writer ``function(report, include_passes)`` as a document renderer."""
    return lambda report, options: function(report, options.include_passes)


def _plain(function: Any) -> Any:
    """A writer ``function(document)`` as a document renderer."""
    return lambda document, options: function(document)


REPORT, DUE, DIFF, SAMPLE, CATALOGUE = (
    DocumentKind.REPORT,
    DocumentKind.DUE,
    DocumentKind.DIFF,
    DocumentKind.SAMPLE,
    DocumentKind.CATALOGUE,
)

#: The built-in formats.
BUILT_IN: tuple[ReportFormat, ...] = (
    ReportFormat(
        "table",
        "a table for the terminal",
        extension="txt",
        documents={
            REPORT: _report(table.render),
            DUE: _plain(due._table),
            DIFF: _plain(diff._table),
            SAMPLE: sample.render_table,
            CATALOGUE: catalogue.render_table,
        },
    ),
    ReportFormat(
        "json",
        "the JSON document, as its published JSON Schema describes",
        extension="json",
        documents={
            REPORT: _report(json.render),
            DUE: _json_document,
            DIFF: _json_document,
            SAMPLE: sample.render_json,
            CATALOGUE: catalogue.render_json,
        },
        streams={REPORT: _report(json.chunks)},
    ),
    ReportFormat(
        "csv",
        "one row per result, entry or chosen check, spreadsheet-safe",
        extension="csv",
        documents={REPORT: _report(csv.render), DUE: _plain(due._csv), SAMPLE: sample.render_csv},
        streams={REPORT: _report(csv.chunks)},
    ),
    ReportFormat(
        "html",
        "a self-contained HTML page",
        extension="html",
        documents={
            REPORT: _report(html.render),
            DUE: html.render_due,
            DIFF: html.render_diff,
            CATALOGUE: html.render_catalogue,
        },
    ),
    ReportFormat(
        "md",
        "a Markdown document",
        extension="md",
        documents={
            REPORT: _report(markdown.render),
            DUE: _plain(due._markdown),
            DIFF: _plain(diff._markdown),
            CATALOGUE: catalogue.render_markdown,
        },
    ),
    ReportFormat(
        "junit",
        "JUnit XML: a failing test case per finding, a suite per control",
        extension="xml",
        documents={REPORT: _report(junit.render)},
    ),
    ReportFormat(
        "sarif",
        "SARIF 2.1.0: controls as rules, a result per finding",
        extension="sarif",
        documents={REPORT: _report(sarif.render)},
    ),
    ReportFormat(
        "parquet",
        "the results table as Apache Parquet (needs pyarrow and a PATH)",
        extension="parquet",
        documents={REPORT: _report(parquet.render)},
        binary=True,
    ),
    ReportFormat(
        "ics",
        "an iCalendar file: an event per obligation falling due (needs icalendar)",
        extension="ics",
        documents={DUE: ics.render},
    ),
)


@hookimpl
def jcp_controls_report_formats() -> Sequence[ReportFormat]:
    """table, json, csv, html, md, junit, sarif, parquet and ics."""
    return BUILT_IN
