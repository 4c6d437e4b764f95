"""jcp-controls-hr: HR / resource-management exports as jcp-controls evidence.

The ``hr`` source reads an ``.xlsx`` workbook (or a folder of CSV files, one per sheet) with
sheets of offices, staff, designations, absences and learning records, and maps them through
a mapping file (TOML) to the evidence records. ``python -m jcp_controls_hr export`` writes
such an export from an evidence folder.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jcp-controls-hr")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["__version__"]
