"""The ``html``report format (placeholder, being written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jcp_controls.report.model import Report


def render(report: Report, include_passes: bool) -> str:
    """Placeholder."""
    return report.to_json(include_passes=include_passes)


def render_fragment(report: Report, include_passes: bool) -> str:
    """Placeholder."""
    return "<pre>" + report.to_json(include_passes=include_passes) + "</pre>"
