"""JSON Schemas of the documents jcp-controls writes as JSON, shipped as package data.

``report.json`` (``jcp-controls/report/1``), ``due.json`` (``jcp-controls/due/1``),
``diff.json`` (``jcp-controls/diff/1``), ``sample.json`` and ``catalogue.json``; each is a
JSON Schema (draft 2020-12) that the JSON of that document validates against. Read one with
:func:`schema`, or as a file from the installed package (``jcp_controls/schemas/NAME.json``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["NAMES", "schema"]

#: The documents that have a schema, by the name of their file.
NAMES = ("report", "due", "diff", "sample", "catalogue")


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document ``name`` (one of :data:`NAMES`) as a dict.

    Raises:
        ValueError: ``name`` is not one of :data:`NAMES`.
    """
    if name not in NAMES:
        raise ValueError(f"no schema {name!r} (one of {', '.join(NAMES)})")
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
