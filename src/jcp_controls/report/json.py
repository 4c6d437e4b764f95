"""The ``json`` report format: ``jcp-controls/report/1`` (cli.rst)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jcp_controls.report.model import Report

__all__ = ["chunks", "render"]


def render(report: Report, include_passes: bool) -> str:
    """The JSON document, indented, with a final newline; passes only when asked."""
    return report.to_json(include_passes=include_passes)


def chunks(report: Report, include_passes: bool) -> Iterator[str]:
    """The text of :func:`render` in pieces, made as they are written (a chunk of results at
    a time: :meth:`~jcp_controls.report.model.Report.iter_json`)."""
    return report.iter_json(include_passes=include_passes)
