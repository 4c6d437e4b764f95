"""The evidence-folder contract as data: files, columns, keys, references, row rules.

One :class:`FileSchema` per record kind. The columns are derived from the record's attrs
class in :mod:`jcp_controls.models` (field name = column name; a field without a default is a
required column; ``date``, ``bool``, ``int`` and enumerations are parsed, anything else is
text), so a column is declared once, on the model. The schema adds what the model cannot say:
the unique key, the references that must resolve and the rules across columns of a row.

Used by the CSV source to parse and validate, by the demo generator to write, and by the
docs (the evidence-folder contract page is generated from it).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from jcp_controls.models import RECORD_TYPES, CcStatus, Course, RecordKind

__all__ = ["SCHEMAS", "Column", "FileSchema", "Reference", "RowRule", "columns_of"]

#: A cell parser name: ``str``, ``date``, ``bool``, ``int`` or an enum class.
CellType = str | type[enum.StrEnum]


@attrs.frozen
class Column:
    """One column of an evidence file."""

    name: str
    type: CellType = "str"
    required: bool = False


@attrs.frozen
class Reference:
    """A column whose value must be the key of a record of ``target`` (when not null)."""

    column: str
    target: RecordKind
    when_null: str | None = None  # only checked when this other column is null


#: A rule over a parsed row: returns (column, message) when the row breaks it.
RowRule = Callable[[Mapping[str, Any]], tuple[str, str] | None]


def _cell_type(annotation: Any) -> tuple[CellType, bool]:
    """The cell type of a field's annotation, and whether it admits null."""
    args = typing.get_args(annotation)
    nullable = typing.get_origin(annotation) in (typing.Union, types.UnionType) and (
        type(None) in args
    )
    base = (
        next((arg for arg in args if arg is not type(None)), annotation)
        if nullable
        else annotation
    )
    if base is dt.date:
        return "date", nullable
    if base is bool:
        return "bool", nullable
    if base is int:
        return "int", nullable
    if isinstance(base, type) and issubclass(base, enum.StrEnum):
        return base, nullable
    return "str", nullable


def columns_of(record: type[Any]) -> tuple[Column, ...]:
    """The columns of a record class: one per attrs field, in field order.

    A field without a default is a required column (present and non-empty); its annotation
    gives the cell type.
    """
    hints = typing.get_type_hints(record)
    columns = []
    for field in attrs.fields(record):
        type_, _ = _cell_type(hints[field.name])
        columns.append(Column(field.name, type_, field.default is attrs.NOTHING))
    return tuple(columns)


_COLUMNS: dict[RecordKind, tuple[Column, ...]] = {}


@attrs.frozen
class FileSchema:
    """The unique key, required references and row rules of one evidence file; its columns
    come from the record class of its kind."""

    kind: RecordKind
    key: str | None = None
    references: tuple[Reference, ...] = ()
    rules: tuple[RowRule, ...] = ()

    @property
    def record(self) -> type[Any]:
        """The attrs class of one record of this file."""
        return RECORD_TYPES[self.kind]

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column, derived from :attr:`record` (see :func:`columns_of`)."""
        columns = _COLUMNS.get(self.kind)
        if columns is None:
            columns = _COLUMNS[self.kind] = columns_of(self.record)
        return columns

    @property
    def filename(self) -> str:
        """The file name in an evidence folder."""
        return self.kind.filename

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the columns that must be present and non-empty."""
        return tuple(column.name for column in self.columns if column.required)


def _lms_core_needs_role(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """``job_role`` is required when ``course`` is ``lms_core``: core learning counts only for
    the job role it was done for."""
    if row["course"] is Course.LMS_CORE and row["job_role"] is None:
        return "job_role", "job_role is required for lms_core (core learning counts per role)"
    return None


def _pseudo_or_holder_office(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """``office_id`` is required when ``staff_id`` is empty (a pseudo account has no holder,
    so its office must be given); otherwise the holder's office is used."""
    if row["staff_id"] is None and row["office_id"] is None:
        return "office_id", "office_id is required when staff_id is empty"
    return None


def _dormant_needs_since(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """``dormant_since`` is required when ``status`` is ``dormant``."""
    if row["status"] is CcStatus.DORMANT and row["dormant_since"] is None:
        return "dormant_since", "dormant_since is required when status is dormant"
    return None


def _destroyed_needs_date(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """``destroyed_on`` is required when ``status`` is ``destroyed``."""
    if row["status"] is CcStatus.DESTROYED and row["destroyed_on"] is None:
        return "destroyed_on", "destroyed_on is required when status is destroyed"
    return None


def _positive_version(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """``version`` is a positive integer (1, 2, ...)."""
    if row["version"] < 1:
        return "version", "version must be a positive integer"
    return None


_SCHEMAS = (
    FileSchema(
        RecordKind.OFFICES,
        key="office_id",
    ),
    FileSchema(
        RecordKind.STAFF,
        key="staff_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.DESIGNATIONS,
        references=(Reference("staff_id", RecordKind.STAFF),),
    ),
    FileSchema(
        RecordKind.ABSENCES,
        references=(Reference("staff_id", RecordKind.STAFF),),
    ),
    FileSchema(
        RecordKind.LEARNING,
        references=(Reference("staff_id", RecordKind.STAFF),),
        rules=(_lms_core_needs_role,),
    ),
    FileSchema(
        RecordKind.ACCESS_GRANTS,
        key="grant_id",
        references=(Reference("office_id", RecordKind.OFFICES, when_null="staff_id"),),
        rules=(_pseudo_or_holder_office,),
    ),
    FileSchema(
        RecordKind.ACCESS_REVIEWS,
        references=(Reference("grant_id", RecordKind.ACCESS_GRANTS),),
    ),
    FileSchema(
        RecordKind.ACCESS_ROLE_MATRIX,
    ),
    FileSchema(
        RecordKind.REVIEWS,
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.CHECKS,
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.ENROLMENTS,
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.EVENTS,
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.CLAIMANT_COMMITMENTS,
        key="cc_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
        rules=(_positive_version, _dormant_needs_since, _destroyed_needs_date),
    ),
    FileSchema(
        RecordKind.INCIDENTS,
        key="incident_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.TEST_CHECKS,
        key="test_check_id",
        references=(
            Reference("staff_id", RecordKind.STAFF),
            Reference("office_id", RecordKind.OFFICES),
        ),
    ),
    FileSchema(
        RecordKind.INTERVIEW_CANCELLATIONS,
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.WAIVERS,
    ),
)

#: The schema of every record kind, in evidence.rst order.
SCHEMAS: Mapping[RecordKind, FileSchema] = {schema.kind: schema for schema in _SCHEMAS}
