"""The :class:`Estate`: evidence held as typed tables in an embedded DuckDB database.

An estate is loaded once (:func:`jcp_controls.columnar.load_estate`, or
:meth:`Estate.from_evidence` for evidence already in Python) and evaluated as often as
wanted: the whole catalogue, one office, one control. Set-based implementations
(:mod:`jcp_controls.controls.sql`) run as queries over its tables; a control without one
(a plugin's), or one whose evidence is missing, rejected or partial, runs its Python rule
over :attr:`Estate.evidence`, which reads the tables into records only for the kinds such
a rule asks for.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from jcp_controls.columnar.tables import (
    LEARNING_COLUMNS,
    arrow_schema,
    column_types,
    learning_rows,
    record_rows,
)
from jcp_controls.evidence.store import Evidence, LearningFacts, SourceInfo
from jcp_controls.models import RECORD_TYPES, RecordKind

if TYPE_CHECKING:
    import duckdb
    import pyarrow

    from jcp_controls.report.model import Report

__all__ = ["Estate", "LazyRecords", "connect", "read_back"]

T = TypeVar("T")


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database, configured as the engine expects.

    Raises:
        ImportError: the ``columnar`` extra (DuckDB, pyarrow) is not installed.
    """
    import duckdb

    connection = duckdb.connect(":memory:")
    # Insertion order is part of determinism for the few queries that do not sort.
    connection.execute("SET preserve_insertion_order = true")
    # DuckDB draws its own bar on a long query; the command line draws the only ones.
    connection.execute("SET enable_progress_bar = false")
    return connection


class Estate:
    """Evidence as one table per record kind, ready for set-based evaluation.

    Attributes:
        connection: the DuckDB database holding the tables (named as the kinds).
        present: the kinds some source supplied (their tables exist, maybe empty).
        partial: kinds whose records lack a column their source did not have: a rule reading
            it must say the evidence is unavailable, which only the Python rules do, so
            controls needing these kinds run their Python rule.
        read_columnar: True when the tables were read straight from an evidence folder's
            CSV files (:func:`~jcp_controls.columnar.load_estate`'s fast path), False when
            they were built from records.
    """

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        evidence: Evidence | Callable[[Estate], Evidence],
        *,
        present: frozenset[RecordKind],
        partial: frozenset[RecordKind] = frozenset(),
        read_columnar: bool = False,
    ) -> None:
        self.connection = connection
        self.read_columnar = read_columnar
        self.present = present
        self.partial = partial
        self._evidence = evidence
        self._lock = threading.Lock()
        self._memo: dict[object, Any] = {}
        #: What :func:`~jcp_controls.columnar.calendar_table.install_calendar` last put in
        #: place (the working-day table is rebuilt only when the span or region changes).
        self.installed_calendar: object = None

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def from_evidence(cls, evidence: Evidence) -> Estate:
        """An estate holding the records of ``evidence`` (which stays its
        :attr:`evidence`): the path for sources that hand over records, and the one the
        differential tests take."""
        connection = connect()
        present: set[RecordKind] = set()
        partial: set[RecordKind] = set()
        for kind in RecordKind:
            if kind is RecordKind.LEARNING:
                if evidence.learning is None:
                    continue
                rows: Any = learning_rows(evidence.learning)
            elif kind in evidence.records:
                records = evidence.records[kind]
                plain = RECORD_TYPES[kind]
                if any(type(record) is not plain for record in records):
                    partial.add(kind)
                rows = record_rows(kind, records)
            else:
                continue
            present.add(kind)
            create_table(connection, kind, rows)
        return cls(connection, evidence, present=frozenset(present), partial=frozenset(partial))

    # -- evaluating --------------------------------------------------------------------------

    def evaluate(self, **options: Any) -> Report:
        """:func:`~jcp_controls.columnar.evaluate_estate` over this estate: the same options
        as :func:`jcp_controls.evaluate` (``as_of``, ``policy``, ``only``, ``offices``, ...)
        and the same report."""
        from jcp_controls.columnar.engine import evaluate_estate

        return evaluate_estate(self, **options)

    # -- reading -----------------------------------------------------------------------------

    def memo(self, key: object, build: Callable[[], T]) -> T:
        """``build()``, computed once per estate and ``key``: what does not change between
        evaluations of one estate (its earliest date, names, the default plugins and their
        catalogue, the installed calendar) is not recomputed, so evaluating one office of a
        loaded estate costs only its queries."""
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    @property
    def evidence(self) -> Evidence:
        """The evidence as records, for the Python rules (read from the tables kind by kind,
        the first time a rule asks for a kind)."""
        with self._lock:
            if callable(self._evidence):
                self._evidence = self._evidence(self)
            return self._evidence

    def table(self, kind: RecordKind) -> pyarrow.Table:
        """The table of ``kind`` as Arrow (empty when the kind was not supplied)."""
        if kind not in self.present:
            return arrow_schema(kind).empty_table()
        return self.connection.sql(f"SELECT * FROM {kind.value}").to_arrow_table()

    def records(self, kind: RecordKind) -> tuple[Any, ...]:
        """The records of ``kind`` (not learning) read back from its table, in table order."""
        if kind is RecordKind.LEARNING:
            raise ValueError("learning is read as facts: see learning_facts()")
        record = RECORD_TYPES[kind]
        names = [name for name, _ in column_types(kind)]
        converters = _field_converters(record)
        result = self.connection.execute(
            f"SELECT {', '.join(names)} FROM {kind.value} ORDER BY rowid"
        ).fetchall()
        return tuple(
            record(
                **{
                    name: convert(value)
                    for name, convert, value in zip(names, converters, row, strict=True)
                }
            )
            for row in result
        )

    def learning_facts(self, rows: int | None = None) -> LearningFacts:
        """The learning facts, read from the table when first consulted.

        Args:
            rows: how many learning rows the facts come from (default: the table's rows,
                the distinct completions).
        """
        rows = self.count(RecordKind.LEARNING) if rows is None else rows

        def build() -> dict[tuple[str, str, str], list[Any]]:
            dates: dict[tuple[str, str, str], list[Any]] = {}
            for staff_id, course, job_role, day in self.connection.execute(
                f"SELECT {', '.join(LEARNING_COLUMNS)} FROM learning"
            ).fetchall():
                dates.setdefault((staff_id, course, job_role), []).append(day)
            return dates

        return LearningFacts.deferred(build, rows)

    def earliest_date(self) -> dt.date | None:
        """The earliest date in any table (None when there is none): where the working-day
        calendar must start."""
        return self.memo("earliest_date", self._earliest_date)

    def _earliest_date(self) -> dt.date | None:
        parts = [
            f"SELECT min({name}) AS day FROM {kind.value}"
            for kind in sorted(self.present)
            for name, sql_type in column_types(kind)
            if sql_type == "DATE"
        ]
        if not parts:
            return None
        (row,) = self.connection.execute(
            f"SELECT min(day) FROM ({' UNION ALL '.join(parts)})"
        ).fetchall()
        day: dt.date | None = row[0]
        return day

    def count(self, kind: RecordKind) -> int:
        """How many rows the table of ``kind`` holds."""
        if kind not in self.present:
            return 0
        ((rows,),) = self.connection.execute(f"SELECT count(*) FROM {kind.value}").fetchall()
        return int(rows)


def create_table(connection: duckdb.DuckDBPyConnection, kind: RecordKind, rows: Any) -> None:
    """Create the table of ``kind`` from an iterable of row tuples or an Arrow table."""
    import pyarrow

    schema = arrow_schema(kind)
    if isinstance(rows, pyarrow.Table):
        table = rows.cast(schema)
    else:
        columns = list(zip(*rows, strict=True)) or [() for _ in schema.names]
        table = pyarrow.table(
            [
                pyarrow.array(values, type=field.type)
                for values, field in zip(columns, schema, strict=True)
            ],
            schema=schema,
        )
    connection.register("_incoming", table)
    try:
        connection.execute(f"CREATE OR REPLACE TABLE {kind.value} AS SELECT * FROM _incoming")
    finally:
        connection.unregister("_incoming")


def _field_converters(record: type[Any]) -> list[Callable[[Any], Any]]:
    """Per field, how a database value becomes the record's value (slugs to enumerations)."""
    import enum
    import typing

    import attrs

    hints = typing.get_type_hints(record)
    converters: list[Callable[[Any], Any]] = []
    for field in attrs.fields(record):
        hint = hints[field.name]
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
        target = options[0]
        if isinstance(target, type) and issubclass(target, enum.Enum):
            converters.append(_optional(target))
        else:
            converters.append(_identity)
    return converters


def _identity(value: Any) -> Any:
    return value


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def apply(value: Any) -> Any:
        return None if value is None else convert(value)

    return apply


def read_back(estate: Estate, sources: tuple[SourceInfo, ...] = ()) -> Evidence:
    """Evidence whose records are read from the estate's tables kind by kind when first
    asked for, and whose learning facts are built when a rule first reads them."""
    learning = estate.learning_facts() if RecordKind.LEARNING in estate.present else None
    return Evidence(LazyRecords(estate), learning, sources=sources)


class LazyRecords(Mapping[RecordKind, tuple[Any, ...]]):
    """The records of each present kind (not learning), read from the estate on first use."""

    def __init__(self, estate: Estate) -> None:
        self._estate = estate
        self._kinds = [
            kind
            for kind in RecordKind
            if kind in estate.present and kind is not RecordKind.LEARNING
        ]
        self._read: dict[RecordKind, tuple[Any, ...]] = {}

    def __getitem__(self, kind: RecordKind) -> tuple[Any, ...]:
        if kind not in self._kinds:
            raise KeyError(kind)
        found = self._read.get(kind)
        if found is None:
            found = self._read[kind] = self._estate.records(kind)
        return found

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds

    def __iter__(self) -> Iterator[RecordKind]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)
