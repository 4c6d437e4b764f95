"""The ``json`` report format: ``jcp-controls/report/1`` (cli.rst)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = ["render"]


def render(report: Report, include_passes: bool) -> str:
    """The JSON document, indented, with a final newline; passes only when asked."""
    return report.to_json(include_passes=include_passes)
