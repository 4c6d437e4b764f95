"""The one cattrs converter: (un)structuring of policy, results and reports to JSON-ready data.

Dates become ISO strings, enums their string values. The bulk CSV path does not use it:
it converts rows with plain code (see :mod:`jcp_controls.evidence.csv`).
"""

from __future__ import annotations

import datetime as dt
import enum

import cattrs

__all__ = ["converter"]

converter = cattrs.Converter()
converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
converter.register_unstructure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
    lambda member: member.value,
)
