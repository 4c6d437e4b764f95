"""The mapping file: sheet names, header spellings and codes of an HR export.

The default (``default_mapping.toml``, shipped with the package) fits the exports this
adapter was written against; a user copies and edits it, and passes it with the location
(``hr:exports/hr.xlsx?mapping=my-hr.toml``) or in ``JCP_CONTROLS_HR_MAPPING``.
"""

from __future__ import annotations

import importlib.resources
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

import jcp_controls as jc

__all__ = [
    "DEFAULT_MAPPING",
    "ENV_VAR",
    "FIELDS",
    "IGNORE",
    "OFFICE_CSM",
    "OFFICE_IAM",
    "HrMapping",
    "SheetMapping",
    "load_mapping",
    "normalise",
]

#: The environment variable naming a mapping file (when the location names none).
ENV_VAR = "JCP_CONTROLS_HR_MAPPING"
#: The name of the default mapping file inside the package.
DEFAULT_MAPPING = "default_mapping.toml"
#: A code mapped to this is known and deliberately not evidence.
IGNORE = "ignore"
#: Designation targets that name an office's Customer Service Manager / IAM.
OFFICE_CSM = "office:csm"
OFFICE_IAM = "office:iam"

#: The kinds an HR export supplies, in the order they are read.
KINDS = (
    jc.RecordKind.OFFICES,
    jc.RecordKind.STAFF,
    jc.RecordKind.DESIGNATIONS,
    jc.RecordKind.ABSENCES,
    jc.RecordKind.LEARNING,
)

#: The fields of each sheet and whether the column must be present. A field's value type is
#: given by :data:`FIELD_TYPES`.
FIELDS: Mapping[jc.RecordKind, Mapping[str, bool]] = {
    jc.RecordKind.OFFICES: {
        "office_id": True,
        "name": True,
        "region": False,
        "security_advisor": False,
        "iai_submitted_on": False,
        "scs_live_on": False,
    },
    jc.RecordKind.STAFF: {
        "staff_id": True,
        "name": True,
        "office_id": True,
        "grade": True,
        "job_role": True,
        "role_since": False,
        "line_manager_id": False,
        "started_on": False,
        "left_on": False,
    },
    jc.RecordKind.DESIGNATIONS: {
        "staff_id": True,
        "designation": True,
        "office_id": False,
        "from_on": True,
        "to_on": False,
        "appointed_by": False,
    },
    jc.RecordKind.ABSENCES: {
        "staff_id": True,
        "kind": True,
        "start_on": True,
        "expected_end_on": False,
        "end_on": False,
    },
    jc.RecordKind.LEARNING: {
        "staff_id": True,
        "course": True,
        "status": True,
        "completed_on": True,
        "job_role": False,
    },
}

#: Code tables and the evidence values each may map to (None: any text).
_TARGETS: Mapping[str, frozenset[str] | None] = {
    "grade": frozenset(grade.value for grade in jc.Grade),
    "position": None,
    "region": frozenset(region.value for region in jc.Region),
    "designation": frozenset(kind.value for kind in jc.DesignationKind)
    | {OFFICE_CSM, OFFICE_IAM, IGNORE},
    "absence": frozenset(kind.value for kind in jc.AbsenceKind) | {IGNORE},
    "course": frozenset(course.value for course in jc.Course) | {IGNORE},
}


def normalise(text: str) -> str:
    """How names and codes are compared: case-folded, spaces collapsed and trimmed."""
    return " ".join(text.split()).casefold()


@attrs.frozen
class SheetMapping:
    """Where one record kind is in the export.

    Attributes:
        kind: the record kind the sheet supplies.
        names: the sheet names accepted, as written in the mapping.
        columns: for each field, the header spellings accepted (as written).
    """

    kind: jc.RecordKind
    names: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]

    def field_of(self) -> dict[str, str]:
        """Normalised header spelling -> field."""
        return {
            normalise(spelling): field
            for field, spellings in self.columns.items()
            for spelling in spellings
        }


@attrs.frozen
class HrMapping:
    """A parsed mapping file.

    Attributes:
        path: the file it was read from (for messages).
        sheets: the sheet of each record kind.
        codes: each code table, normalised code -> evidence value.
        export_codes: each code table, evidence value -> the first code written for it.
        date_formats: strptime formats tried for text dates.
        totals_prefixes: normalised starts of a trailing totals row.
        completed: normalised learning statuses that are completions.
        not_completed: normalised learning statuses that are not.
        unmapped_courses: what a course title not in the table is.
        export_date_format: the text date format of a CSV export.
        export_completed: the status an export writes for a completion.
    """

    path: str
    sheets: Mapping[jc.RecordKind, SheetMapping]
    codes: Mapping[str, Mapping[str, str]]
    export_codes: Mapping[str, Mapping[str, str]]
    date_formats: tuple[str, ...]
    totals_prefixes: tuple[str, ...]
    completed: frozenset[str]
    not_completed: frozenset[str]
    unmapped_courses: Literal["error", "ignore"]
    export_date_format: str
    export_completed: str


def _strings(value: Any, where: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise jc.UsageError(f"{path}: {where} must be a list of strings")
    return tuple(value)


def _table(data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise jc.UsageError(f"{path}: {key} must be a table")
    return value


def parse_mapping(data: Mapping[str, Any], path: str) -> HrMapping:
    """Check and build a mapping from parsed TOML.

    Raises:
        jcp_controls.UsageError: a key is unknown, of the wrong type, or a code maps to a
            value the evidence does not have; the message names the file and key.
    """
    sheets_data = _table(data, "sheets", path)
    sheets: dict[jc.RecordKind, SheetMapping] = {}
    for kind in KINDS:
        sheet = sheets_data.get(kind.value)
        if not isinstance(sheet, dict):
            raise jc.UsageError(f"{path}: sheets.{kind.value} is missing (a table)")
        names = _strings(sheet.get("names"), f"sheets.{kind.value}.names", path)
        columns_data = sheet.get("columns")
        if not isinstance(columns_data, dict):
            raise jc.UsageError(f"{path}: sheets.{kind.value}.columns is missing (a table)")
        fields = FIELDS[kind]
        for field in columns_data:
            if field not in fields:
                raise jc.UsageError(
                    f"{path}: sheets.{kind.value}.columns.{field} is not a field; "
                    f"expected one of {', '.join(fields)}"
                )
        columns = {
            field: _strings(
                columns_data.get(field, []), f"sheets.{kind.value}.columns.{field}", path
            )
            for field in fields
        }
        for field, required in fields.items():
            if required and not columns[field]:
                raise jc.UsageError(
                    f"{path}: sheets.{kind.value}.columns.{field} needs a header spelling"
                )
        sheets[kind] = SheetMapping(kind, names, columns)
    codes_data = _table(data, "codes", path)
    codes: dict[str, dict[str, str]] = {}
    export_codes: dict[str, dict[str, str]] = {}
    for table, targets in _TARGETS.items():
        entries = codes_data.get(table, {})
        if not isinstance(entries, dict):
            raise jc.UsageError(f"{path}: codes.{table} must be a table")
        codes[table] = {}
        export_codes[table] = {}
        for code, target in entries.items():
            if not isinstance(target, str) or not target:
                raise jc.UsageError(f"{path}: codes.{table}.{code!r} must be a string")
            if targets is not None and target not in targets:
                raise jc.UsageError(
                    f"{path}: codes.{table}.{code!r} = {target!r} is not one of "
                    f"{', '.join(sorted(targets))}"
                )
            codes[table][normalise(code)] = target
            export_codes[table].setdefault(target, code)
        for target in targets if targets is not None else tuple(export_codes[table]):
            codes[table].setdefault(normalise(target), target)
    dates = _table(data, "dates", path)
    totals = _table(data, "totals", path)
    learning = _table(data, "learning", path)
    export = _table(data, "export", path)
    completed = _strings(learning.get("completed", []), "learning.completed", path)
    if not completed:
        raise jc.UsageError(f"{path}: learning.completed needs at least one status")
    unmapped = learning.get("unmapped_courses", "error")
    if unmapped not in ("error", "ignore"):
        raise jc.UsageError(f"{path}: learning.unmapped_courses must be 'error' or 'ignore'")
    export_format = export.get("date_format", "%d/%m/%Y")
    if not isinstance(export_format, str):
        raise jc.UsageError(f"{path}: export.date_format must be a string")
    return HrMapping(
        path=path,
        sheets=sheets,
        codes=codes,
        export_codes=export_codes,
        date_formats=_strings(dates.get("formats", ["%Y-%m-%d"]), "dates.formats", path),
        totals_prefixes=tuple(
            normalise(prefix)
            for prefix in _strings(totals.get("prefixes", []), "totals.prefixes", path)
        ),
        completed=frozenset(normalise(status) for status in completed),
        not_completed=frozenset(
            normalise(status)
            for status in _strings(
                learning.get("not_completed", []), "learning.not_completed", path
            )
        ),
        unmapped_courses=unmapped,
        export_date_format=export_format,
        export_completed=completed[0],
    )


def load_mapping(path: str | Path | None = None) -> HrMapping:
    """The mapping in ``path``, else in ``$JCP_CONTROLS_HR_MAPPING``, else the default.

    Raises:
        jcp_controls.UsageError: the file cannot be read, is not TOML or is not a mapping.
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    if path is None:
        resource = importlib.resources.files("jcp_controls_hr").joinpath(DEFAULT_MAPPING)
        return parse_mapping(tomllib.loads(resource.read_text("utf-8")), DEFAULT_MAPPING)
    try:
        raw = Path(path).read_text("utf-8")
    except OSError as exc:
        raise jc.UsageError(f"{path}: cannot read the HR mapping file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise jc.UsageError(f"{path}: not a valid TOML mapping file ({exc})") from None
    return parse_mapping(data, str(path))
