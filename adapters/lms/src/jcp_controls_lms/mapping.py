"""The mapping file: which file holds each table, the header spellings of each column, and
the codes of the system translated to the values of the evidence records.

The default mapping (``default_mapping.toml``, shipped with the package) fits the LMS
exports described in the README. A user copies it (``python -m jcp_controls_lms mapping``
prints it), edits it, and names it in the location (``lms:EXPORT?mapping=my.toml``) or in
the environment variable :data:`MAPPING_ENV`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs

import jcp_controls as jc

__all__ = [
    "MAPPING_ENV",
    "TABLES",
    "ExportMapping",
    "Field",
    "Format",
    "TableMapping",
    "default_mapping_text",
    "load_mapping",
    "normalise",
]

#: The environment variable naming a mapping file (the location's ``?mapping=`` wins).
MAPPING_ENV = "JCP_CONTROLS_LMS_MAPPING"

_DEFAULT = "default_mapping.toml"


@attrs.frozen
class Field:
    """One column of a table as the adapter needs it.

    Attributes:
        name: the field name used in the mapping file (the record field it feeds).
        kind: ``text``, ``date`` (text in one of the formats, or an Excel serial) or
            ``code`` (translated through the mapping's codes).
        required: the column must be in the header and non-empty in every row.
        choices: for a code, the values a code may translate to.
    """

    name: str
    kind: Literal["text", "date", "code"] = "text"
    required: bool = False
    choices: frozenset[str] | None = None


_REVIEW_OUTCOMES = frozenset(outcome.value for outcome in jc.ReviewOutcome)
_BOOLEAN = frozenset({"true", "false"})

#: The tables of an LMS export and their fields.
TABLES: Mapping[str, tuple[Field, ...]] = {
    "lms2": (
        Field("grant_id", required=True),
        Field("office_id"),
        Field("account_id", required=True),
        Field("staff_id"),
        Field("pseudo", "code", choices=_BOOLEAN),
        Field("entitlement", "code", required=True),
        Field("granted_on", "date", required=True),
        Field("removed_on", "date"),
        Field("form_ref"),
        Field("authorised_by"),
    ),
    "lms1": (
        Field("form_ref", required=True),
        Field("account_id"),
        Field("staff_id"),
        Field("requested_by"),
        Field("requested_on", "date"),
        Field("authorised_by"),
        Field("authorised_on", "date"),
        Field("pseudo_reason"),
        Field("pseudo_end_on", "date"),
    ),
    "reviews": (
        Field("grant_id", required=True),
        Field("reviewed_on", "date", required=True),
        Field("reviewer_id"),
        Field("outcome", "code", choices=_REVIEW_OUTCOMES),
    ),
}

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """A header or code as compared: stripped, runs of spaces as one, case folded."""
    return _SPACES.sub(" ", text.strip()).casefold()


@attrs.frozen
class Format:
    """How the export's files are written.

    Attributes:
        encoding: the text encoding (``utf-8-sig`` reads UTF-8 with or without a BOM).
        delimiter: the cell separator.
        date_formats: ``strftime`` formats tried in order for a date written as text.
        excel_serials: accept a whole number (``46356``) as an Excel serial date.
        totals: a row whose first non-empty cell matches this pattern is a totals row,
            skipped when only blank or totals rows follow it.
    """

    encoding: str = "utf-8-sig"
    delimiter: str = ","
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")
    excel_serials: bool = True
    totals: re.Pattern[str] = re.compile(r"(?i)^\s*(grand\s+)?totals?\b")


@attrs.frozen
class TableMapping:
    """The mapping of one table.

    Attributes:
        name: the table (``lms2``, ``lms1``, ``reviews``).
        file: the file name in the export folder.
        fields: the fields the adapter reads.
        columns: for each mapped field, the header spellings accepted (first = written).
        codes: for each code field, normalised code -> value.
        raw_codes: for each code field, (code as written, value) in the file's order.
    """

    name: str
    file: str
    fields: tuple[Field, ...]
    columns: Mapping[str, tuple[str, ...]]
    codes: Mapping[str, Mapping[str, str]]
    raw_codes: Mapping[str, tuple[tuple[str, str], ...]] = attrs.field(factory=dict)

    def code_for(self, field: str, value: str) -> str:
        """The code written for ``value`` by an export: the first code that maps to it."""
        for code, mapped in self.raw_codes[field]:
            if mapped == value:
                return code
        raise KeyError(f"{self.name}.codes.{field}: no code maps to {value!r}")


@attrs.frozen
class ExportMapping:
    """A whole mapping file.

    Attributes:
        path: where it was read from (``default`` for the shipped one).
        format: how the files are written.
        tables: the mapping of each table.
    """

    path: str
    format: Format
    tables: Mapping[str, TableMapping]


def default_mapping_text() -> str:
    """The text of the shipped default mapping (to copy and edit)."""
    return resources.files(__package__).joinpath(_DEFAULT).read_text(encoding="utf-8")


def load_mapping(path: str | Path | None = None) -> ExportMapping:
    """Read a mapping file, or the shipped default when ``path`` is None.

    Raises:
        jcp_controls.UsageError: the file cannot be read, is not TOML, or does not map a
            required field, names an unknown field or table, or maps a code to a value the
            field does not take. The message names the file and the key.
    """
    if path is None:
        where, text = "default mapping", default_mapping_text()
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise jc.UsageError(f"{where}: cannot read mapping file: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise jc.UsageError(f"{where}: not a valid mapping file: {exc}") from None
    return _parse(where, data)


def _fail(where: str, key: str, message: str) -> jc.UsageError:
    return jc.UsageError(f"{where}: [{key}] {message}")


def _table(where: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise _fail(where, key, "must be a table")
    return value


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    values = (value,) if isinstance(value, str) else value
    if (
        not isinstance(values, list | tuple)
        or not values
        or not all(isinstance(v, str) and v.strip() for v in values)
    ):
        raise _fail(where, key, "must be a header name or a list of header names")
    return tuple(values)


def _parse_format(where: str, data: Mapping[str, Any]) -> Format:
    raw = _table(where, data, "format")
    known = {"encoding", "delimiter", "date_formats", "excel_serials", "totals"}
    for key in raw:
        if key not in known:
            raise _fail(where, "format", f"unknown setting {key!r}")
    default = Format()
    encoding = raw.get("encoding", default.encoding)
    delimiter = raw.get("delimiter", default.delimiter)
    if not isinstance(encoding, str) or not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _fail(where, "format", "encoding must be text and delimiter one character")
    try:
        "".encode(encoding)
    except LookupError:
        raise _fail(where, "format", f"unknown encoding {encoding!r}") from None
    formats = _strings(
        where, "format.date_formats", raw.get("date_formats", list(default.date_formats))
    )
    serials = raw.get("excel_serials", default.excel_serials)
    if not isinstance(serials, bool):
        raise _fail(where, "format", "excel_serials must be true or false")
    pattern = raw.get("totals", default.totals.pattern)
    try:
        totals = re.compile(pattern)
    except (re.error, TypeError):
        raise _fail(where, "format", f"totals is not a regular expression: {pattern!r}") from None
    return Format(encoding, delimiter, formats, serials, totals)


def _parse_table(
    where: str, name: str, fields: tuple[Field, ...], raw: Mapping[str, Any]
) -> TableMapping:
    by_name = {field.name: field for field in fields}
    for key in raw:
        if key not in {"file", "columns", "codes"}:
            raise _fail(where, name, f"unknown setting {key!r}")
    file = raw.get("file")
    if not isinstance(file, str) or not file.strip():
        raise _fail(where, name, "file must name the table's file")
    columns_raw = _table(where, raw, "columns")
    columns: dict[str, tuple[str, ...]] = {}
    for key, value in columns_raw.items():
        if key not in by_name:
            raise _fail(
                where, f"{name}.columns", f"unknown field {key!r} (known: {', '.join(by_name)})"
            )
        columns[key] = _strings(where, f"{name}.columns.{key}", value)
    for field in fields:
        if field.required and field.name not in columns:
            raise _fail(where, f"{name}.columns", f"required field {field.name!r} is not mapped")
    codes_raw = _table(where, raw, "codes")
    codes: dict[str, dict[str, str]] = {}
    raw_codes: dict[str, tuple[tuple[str, str], ...]] = {}
    for key, table in codes_raw.items():
        coded = by_name.get(key)
        if coded is None or coded.kind != "code":
            raise _fail(where, f"{name}.codes", f"{key!r} is not a code field")
        if not isinstance(table, Mapping):
            raise _fail(where, f"{name}.codes.{key}", "must be a table of code = value")
        pairs: list[tuple[str, str]] = []
        for code, value in table.items():
            text = str(value).lower() if isinstance(value, bool) else value
            if not isinstance(text, str) or not text:
                raise _fail(where, f"{name}.codes.{key}", f"{code!r} must map to text")
            if coded.choices is not None and text not in coded.choices:
                raise _fail(
                    where,
                    f"{name}.codes.{key}",
                    f"{code!r} maps to {text!r}, not one of {', '.join(sorted(coded.choices))}",
                )
            pairs.append((code, text))
        codes[key] = {normalise(code): value for code, value in pairs}
        raw_codes[key] = tuple(pairs)
    for field in fields:
        if field.kind == "code" and field.name in columns and field.name not in codes:
            raise _fail(where, f"{name}.codes", f"no codes for {field.name!r}")
    return TableMapping(name, file.strip(), fields, columns, codes, raw_codes)


def _parse(where: str, data: Mapping[str, Any]) -> ExportMapping:
    for key in data:
        if key != "format" and key not in TABLES:
            raise _fail(where, key, f"unknown table (known: format, {', '.join(TABLES)})")
    tables = {
        name: _parse_table(where, name, fields, _table(where, data, name))
        for name, fields in TABLES.items()
    }
    return ExportMapping(where, _parse_format(where, data), tables)
