"""Default plugin: the built-in report formats."""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls.hookspecs import hookimpl
from jcp_controls.report import csv, html, json, markdown, table
from jcp_controls.report.formats import ReportFormat


@hookimpl
def jcp_controls_report_formats() -> Sequence[ReportFormat]:
    """table, json, csv, html and md."""
    return (
        ReportFormat("table", "a table for the terminal", table.render, "txt"),
        ReportFormat("json", "the jcp-controls/report/1 JSON document", json.render, "json"),
        ReportFormat("csv", "one row per result, spreadsheet-safe", csv.render, "csv"),
        ReportFormat("html", "a self-contained HTML page", html.render, "html"),
        ReportFormat("md", "a Markdown report", markdown.render, "md"),
    )
