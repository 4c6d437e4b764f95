"""Writers for the control catalogue (``jcp-controls controls``)."""

from __future__ import annotations

import json

from jcp_controls.controls.catalogue import Catalogue
from jcp_controls.errors import UsageError
from jcp_controls.report.text import aligned, markdown_table

__all__ = ["render_catalogue"]

_HEADERS = ("control_id", "name", "severity", "citation", "scope")


def render_catalogue(catalogue: Catalogue, format: str) -> str:
    """The catalogue as ``table``, ``json`` (``{"controls": [...]}``) or ``md``."""
    entries = [control.to_dict() for control in catalogue.controls]
    if format == "json":
        return json.dumps({"controls": entries}, indent=2, ensure_ascii=False) + "\n"
    rows = [[entry[key] for key in _HEADERS] for entry in entries]
    if format == "table":
        return aligned(_HEADERS, rows)
    if format == "md":
        return "# Control catalogue\n\n" + markdown_table(_HEADERS, rows)
    raise UsageError(f"unknown catalogue format {format!r}")
