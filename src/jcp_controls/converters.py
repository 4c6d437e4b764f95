"""The one cattrs converter: (un)structuring of policy, results and reports to JSON-ready data.

Dates become ISO strings, enums their string values. The bulk CSV path does not use it:
it converts rows with plain code (see :mod:`jcp_controls.evidence.csv`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import cattrs

__all__ = ["converter"]

converter = cattrs.Converter()
converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
converter.register_unstructure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
    lambda member: member.value,
)
# A ``StrEnum`` is also a ``str``: without its own hook it would pass through as the member.
converter.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
# Evidence values are JSON-ready data of any shape: mappings (read-only ones too) become
# dicts with string keys, tuples and lists become lists.
converter.register_unstructure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, Mapping) and cls is not dict,
    lambda mapping: {str(key): converter.unstructure(value) for key, value in mapping.items()},
)
converter.register_unstructure_hook(
    dict,
    lambda mapping: {str(key): converter.unstructure(value) for key, value in mapping.items()},
)
converter.register_unstructure_hook(
    tuple, lambda items: [converter.unstructure(item) for item in items]
)
