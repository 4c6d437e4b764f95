"""The columnar store's tables: one per record kind, its columns the record's fields.

The types follow the evidence schema (:func:`jcp_controls.evidence.schema.columns_of`):
``date`` is ``DATE``, ``bool`` is ``BOOLEAN``, ``int`` is ``BIGINT``, text and enumeration
slugs are ``VARCHAR``. ``learning`` holds the distinct completions as the learning facts key
them (``job_role`` is ``''`` except for ``lms_core``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from jcp_controls.evidence.schema import columns_of
from jcp_controls.evidence.store import LearningFacts, raw_value
from jcp_controls.models import RECORD_TYPES, RecordKind

if TYPE_CHECKING:
    import pyarrow

__all__ = ["LEARNING_COLUMNS", "arrow_schema", "column_types", "learning_rows", "record_rows"]

#: The columns of the ``learning`` table, in order.
LEARNING_COLUMNS = ("staff_id", "course", "job_role", "completed_on")

_SQL_TYPES = {"date": "DATE", "bool": "BOOLEAN", "int": "BIGINT", "str": "VARCHAR"}


def column_types(kind: RecordKind) -> tuple[tuple[str, str], ...]:
    """``(column, SQL type)`` of the table of ``kind``, in order."""
    if kind is RecordKind.LEARNING:
        return tuple(
            (name, "DATE" if name == "completed_on" else "VARCHAR") for name in LEARNING_COLUMNS
        )
    return tuple(
        (
            column.name,
            _SQL_TYPES.get(column.type, "VARCHAR") if isinstance(column.type, str) else "VARCHAR",
        )
        for column in columns_of(RECORD_TYPES[kind])
    )


def arrow_schema(kind: RecordKind) -> pyarrow.Schema:
    """The Arrow schema of the table of ``kind``."""
    import pyarrow

    arrow_types = {
        "DATE": pyarrow.date32(),
        "BOOLEAN": pyarrow.bool_(),
        "BIGINT": pyarrow.int64(),
        "VARCHAR": pyarrow.string(),
    }
    return pyarrow.schema([(name, arrow_types[sql]) for name, sql in column_types(kind)])


def _cell(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def record_rows(kind: RecordKind, records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``records`` in the table's column order (enumerations as slugs).

    A record whose source did not supply an optional column reads as NULL there; the
    engine keeps such kinds on the reference rules (see ``Estate.partial``)."""
    names = [name for name, _ in column_types(kind)]
    for record in records:
        yield tuple(_cell(raw_value(record, name)) for name in names)


def learning_rows(facts: LearningFacts) -> Iterator[tuple[str, str, str, dt.date]]:
    """The distinct completions of ``facts`` as ``learning`` rows."""
    for (staff_id, course, job_role), days in facts.items():
        for day in days:
            yield staff_id, course, job_role, day
