"""Writers for the control catalogue (``jcp-controls controls``).

``table`` (aligned columns), ``json`` (``{"controls": [{"control_id", "name", "severity",
"citation", "scope"}, ...]}``) and ``md``; each lists every control by ID, name, severity,
citation and scope.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from jcp_controls.errors import UsageError
from jcp_controls.report.text import aligned, markdown_table

if TYPE_CHECKING:
    from jcp_controls.catalogue import Catalogue
    from jcp_controls.report.formats import RenderOptions

__all__ = ["render_catalogue", "render_json", "render_markdown", "render_table"]

_HEADERS = ("control_id", "name", "severity", "citation", "scope")


def _rows(catalogue: Catalogue) -> list[list[str]]:
    entries = [control.to_dict() for control in catalogue.controls]
    return [[entry[key] for key in _HEADERS] for entry in entries]


def render_json(catalogue: Catalogue, options: RenderOptions | None = None) -> str:
    """``{"controls": [...]}``, indented, with a final newline."""
    entries = [control.to_dict() for control in catalogue.controls]
    return json.dumps({"controls": entries}, indent=2, ensure_ascii=False) + "\n"


def render_table(catalogue: Catalogue, options: RenderOptions | None = None) -> str:
    """One aligned line per control, for the terminal."""
    return aligned(_HEADERS, _rows(catalogue))


def render_markdown(catalogue: Catalogue, options: RenderOptions | None = None) -> str:
    """A Markdown document with one table row per control."""
    return "# Control catalogue\n\n" + markdown_table(_HEADERS, _rows(catalogue))


def render_catalogue(catalogue: Catalogue, format: str) -> str:
    """The catalogue in a registered text format (``table``, ``json``, ``md``, ...).

    Raises:
        UsageError: no format of that name writes the catalogue.
    """
    from jcp_controls.report.formats import render_document

    output = render_document(catalogue, format)
    if isinstance(output, bytes):
        raise UsageError(f"format {format!r} writes bytes, not text")
    return output
