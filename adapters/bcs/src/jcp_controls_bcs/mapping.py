"""The mapping file: which BCS tables and columns hold each record field, and what BCS codes mean.

The default (``default_mapping.toml``, shipped in this package) describes the schema that
``jcp-controls-bcs init`` creates. A user copies it, edits it, and names the copy with
``?mapping=PATH`` on the location or the ``JCP_BCS_MAPPING`` environment variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jcp_controls as jc

__all__ = [
    "DEFAULT_MAPPING",
    "FIELDS",
    "MAPPING_ENV",
    "BcsMapping",
    "TableMap",
    "load_mapping",
]

#: The environment variable naming a mapping file (``?mapping=`` on the location wins).
MAPPING_ENV = "JCP_BCS_MAPPING"

#: The name of the mapping shipped with the package.
DEFAULT_MAPPING = "default_mapping.toml"

#: For each mapped table, its record fields and how each is read: ``text``, ``date``, or the
#: name of a code list (``[codes.NAME]``); a trailing ``!`` marks a required field.
FIELDS: Mapping[str, Mapping[str, str]] = {
    "checks": {
        "check_type": "check_type!",
        "office_id": "text!",
        "performed_on": "date!",
        "subject_id": "text",
        "performed_by": "text",
        "outcome": "outcome",
    },
    "validations": {
        "office_id": "text!",
        "performed_on": "date!",
        "subject_id": "text",
        "performed_by": "text",
        "outcome": "outcome",
    },
    "enrolments": {
        "check_type": "check_type!",
        "subject_id": "text!",
        "office_id": "text!",
        "from_on": "date",
        "to_on": "date",
    },
    "events": {
        "event_type": "event_type!",
        "office_id": "text!",
        "occurred_on": "date!",
        "subject_id": "text",
    },
}

_CODE_LISTS = ("check_type", "event_type", "outcome")
_OUTCOMES = frozenset(outcome.value for outcome in jc.CheckOutcome)


@attrs.frozen
class TableMap:
    """Where one kind of BCS row is held.

    Attributes:
        name: the mapping's name for it (``checks``, ``validations``, ``enrolments``,
            ``events``).
        table: the BCS table (or view).
        key: its row identity column, reported as the row number of an input error.
        columns: record field → BCS column.
    """

    name: str
    table: str
    key: str
    columns: Mapping[str, str]


@attrs.frozen
class BcsMapping:
    """A parsed mapping file.

    Attributes:
        source: the file it was read from (for messages).
        tables: the four table maps by name.
        codes: for each code list (``check_type``, ``event_type``, ``outcome``), the BCS
            code in upper case → the jcp-controls value.
        totals_marker: the word (lower case) that starts a trailing totals row.
    """

    source: str
    tables: Mapping[str, TableMap]
    codes: Mapping[str, Mapping[str, str]]
    totals_marker: str = "total"

    def code_for(self, code_list: str, value: str) -> str:
        """The first BCS code of ``code_list`` that means ``value`` (for writing exports).

        Raises:
            jcp_controls.UsageError: no code of the list means ``value``.
        """
        for code, meaning in self.codes[code_list].items():
            if meaning == value:
                return code
        raise jc.UsageError(
            f"{self.source}: no BCS code in [codes.{code_list}] means {value!r}; add one"
        )


def _fail(source: str, message: str) -> jc.UsageError:
    return jc.UsageError(f"{source}: {message}")


def _table(source: str, name: str, raw: Any) -> TableMap:
    if not isinstance(raw, dict):
        raise _fail(source, f"[tables.{name}] is missing")
    table, key, columns = raw.get("table"), raw.get("key"), raw.get("columns")
    for field, value in (("table", table), ("key", key)):
        if not isinstance(value, str) or not value:
            raise _fail(source, f"[tables.{name}] {field} must be a table or column name")
    if not isinstance(columns, dict):
        raise _fail(source, f"[tables.{name}.columns] is missing")
    fields = FIELDS[name]
    for field, column in columns.items():
        if field not in fields:
            raise _fail(
                source,
                f"[tables.{name}.columns] {field!r} is not a field of {name} "
                f"(one of {', '.join(fields)})",
            )
        if not isinstance(column, str) or not column:
            raise _fail(source, f"[tables.{name}.columns] {field} must be a column name")
    for field, how in fields.items():
        if how.endswith("!") and field not in columns:
            raise _fail(
                source, f"[tables.{name}.columns] the required field {field} is not mapped"
            )
    return TableMap(name, str(table), str(key), dict(columns))


def _codes(source: str, name: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(source, f"[codes.{name}] is missing or empty")
    codes: dict[str, str] = {}
    for code, value in raw.items():
        if not isinstance(value, str) or not value:
            raise _fail(source, f"[codes.{name}] {code!r} must map to a {name} value")
        if name == "outcome" and value not in _OUTCOMES:
            raise _fail(
                source,
                f"[codes.outcome] {code!r} maps to {value!r}, not one of {', '.join(_OUTCOMES)}",
            )
        codes[code.strip().upper()] = value
    return codes


def parse_mapping(text: str, source: str) -> BcsMapping:
    """Parse the text of a mapping file.

    Raises:
        jcp_controls.UsageError: the file is not valid TOML or misses a table, column or code
            list; the message names the file and the TOML key.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, f"not valid TOML ({exc})") from None
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise _fail(source, "[tables] is missing")
    codes = raw.get("codes")
    if not isinstance(codes, dict):
        raise _fail(source, "[codes] is missing")
    marker = raw.get("totals_marker", "total")
    if not isinstance(marker, str) or not marker.strip():
        raise _fail(source, "totals_marker must be a word such as 'total'")
    return BcsMapping(
        source=source,
        tables={name: _table(source, name, tables.get(name)) for name in FIELDS},
        codes={name: _codes(source, name, codes.get(name)) for name in _CODE_LISTS},
        totals_marker=marker.strip().lower(),
    )


def load_mapping(path: str | Path | None = None) -> BcsMapping:
    """Read a mapping file: ``path``, else ``$JCP_BCS_MAPPING``, else the shipped default.

    Raises:
        jcp_controls.UsageError: the file is missing, unreadable or not a valid mapping.
    """
    chosen = path if path is not None else os.environ.get(MAPPING_ENV) or None
    if chosen is None:
        text = resources.files(__package__ or "jcp_controls_bcs").joinpath(DEFAULT_MAPPING)
        return parse_mapping(text.read_text(encoding="utf-8"), DEFAULT_MAPPING)
    try:
        content = Path(chosen).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise jc.UsageError(f"{chosen}: BCS mapping file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise jc.UsageError(f"{chosen}: cannot read the BCS mapping file ({exc})") from None
    return parse_mapping(content, str(chosen))
