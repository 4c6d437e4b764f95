"""Report formats: a name and a function rendering a whole :class:`Report` to text.

Formats come from plugins (:func:`~jcp_controls.hookspecs.jcp_controls_report_formats`); the
built-in ones are ``table``, ``json``, ``csv``, ``html`` and ``md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins, unique

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = ["ReportFormat", "formats", "render"]

#: ``render(report, include_passes)`` returns the whole document as text.
RenderFunction = Callable[["Report", bool], str]


@attrs.frozen
class ReportFormat:
    """A way of writing a report.

    Attributes:
        name: the ``--format`` value.
        description: one line for ``--help`` and ``jcp-controls plugins``.
        render: turns a report into text; ``include_passes`` asks for passing results too.
        extension: the usual file extension.
    """

    name: str
    description: str
    render: RenderFunction = attrs.field(eq=False, repr=False)
    extension: str = "txt"


def formats(plugins: Plugins | None = None) -> dict[str, ReportFormat]:
    """Every registered format by name."""
    plugins = plugins if plugins is not None else Plugins(entry_points=False)
    found = unique(
        plugins.collect("jcp_controls_report_formats"), lambda f: f.name, "report format"
    )
    return {fmt.name: fmt for fmt in found}


def render(
    report: Report, name: str, *, include_passes: bool = False, plugins: Plugins | None = None
) -> str:
    """``report`` in the format called ``name``."""
    available = formats(plugins)
    if name not in available:
        raise UsageError(f"unknown report format {name!r} (one of {', '.join(sorted(available))})")
    return available[name].render(report, include_passes)
