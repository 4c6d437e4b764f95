"""Results as a table: :class:`Results`, the collection a report holds its results in, the
Arrow form of results, and the conversions both ways.

A national run has millions of results, nearly all ``pass``: the columnar engine keeps them
as one Arrow table (:class:`ResultTable`), and a report counts, filters and writes them
column-wise, making a :class:`~jcp_controls.controls.base.Result` only for the rows a caller
asks for (in practice the findings). The Python engine, and a ``Report`` built by hand, hold
Python ``Result`` objects (:class:`ResultTuple`); both answer the same operations alike.

The table has one row per result, with :data:`RESULT_COLUMNS`: the CSV columns, then
``evidence`` as compact JSON text (keys in the order the rule wrote them, dates as ISO strings). A
:class:`~jcp_controls.controls.base.Result` read back from a row is equal, in its JSON
form, to the one written.

Needs pyarrow (the ``columnar`` or ``parquet`` extra) for the Arrow side only.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
import json
import operator
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from jcp_controls.controls.base import COUNT_ORDER, Result, Severity, Status, SubjectKind
from jcp_controls.converters import converter

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "CHUNK_ROWS",
    "RESULT_COLUMNS",
    "ResultTable",
    "ResultTuple",
    "Results",
    "evidence_json",
    "result_schema",
    "results_from_arrow",
    "results_to_arrow",
    "to_results",
]

#: The columns of the results table, in order.
RESULT_COLUMNS = (
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
    "evidence",
)


def result_schema() -> pyarrow.Schema:
    """The Arrow schema of the results table."""
    import pyarrow

    return pyarrow.schema(
        [
            (column, pyarrow.date32() if column == "due_on" else pyarrow.string())
            for column in RESULT_COLUMNS
        ]
    )


def evidence_json(evidence: Any) -> str:
    """A result's evidence as the compact JSON text of the ``evidence`` column."""
    return json.dumps(converter.unstructure(evidence), ensure_ascii=False, separators=(",", ":"))


def results_to_arrow(results: Iterable[Result]) -> pyarrow.Table:
    """The results as a table, in the order given."""
    import pyarrow

    columns: dict[str, list[Any]] = {column: [] for column in RESULT_COLUMNS}
    for result in results:
        columns["control_id"].append(result.control_id)
        columns["status"].append(result.status.value)
        columns["severity"].append(result.severity.value)
        columns["office_id"].append(result.office_id)
        columns["subject_kind"].append(result.subject_kind.value)
        columns["subject_id"].append(result.subject_id)
        columns["staff_id"].append(result.staff_id)
        columns["due_on"].append(result.due_on)
        columns["message"].append(result.message)
        columns["evidence"].append(evidence_json(result.evidence))
    return pyarrow.Table.from_pydict(columns, schema=result_schema())


def results_from_arrow(table: pyarrow.Table) -> Iterator[Result]:
    """The results of a table, in table order."""
    columns = [table.column(name).to_pylist() for name in RESULT_COLUMNS]
    statuses = {status.value: status for status in Status}
    severities = {severity.value: severity for severity in Severity}
    kinds = {kind.value: kind for kind in SubjectKind}
    for row in zip(*columns, strict=True):
        control_id, status, severity, office_id, kind, subject_id, staff_id, due, message, ev = row
        yield Result(
            control_id=control_id,
            status=statuses[status],
            severity=severities[severity],
            office_id=office_id,
            subject_kind=kinds[kind],
            subject_id=subject_id,
            staff_id=staff_id,
            due_on=due,
            message=message,
            evidence=json.loads(ev) if ev else {},
        )


# -- the collection --------------------------------------------------------------------------

#: Rows converted to Python at a time when Arrow-backed results are iterated or written.
CHUNK_ROWS = 1024

_STATUSES = {status.value: status for status in Status}
_SEVERITIES = {severity.value: severity for severity in Severity}
_KINDS = {kind.value: kind for kind in SubjectKind}


def _as_set(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def _statuses(value: str | Status | Iterable[str | Status] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (value,)
    return frozenset(Status(item).value for item in value)


def _zero_counts() -> dict[str, int]:
    return {status.value: 0 for status in COUNT_ORDER}


def _plain_dict(result: Result, *, evidence: bool) -> dict[str, Any]:
    if evidence:
        return result.to_dict()
    return {
        "control_id": result.control_id,
        "status": result.status.value,
        "severity": result.severity.value,
        "office_id": result.office_id,
        "subject_kind": result.subject_kind.value,
        "subject_id": result.subject_id,
        "staff_id": result.staff_id,
        "due_on": None if result.due_on is None else result.due_on.isoformat(),
        "message": result.message,
    }


class Results(Sequence[Result]):
    """The results of a report: a read-only sequence of
    :class:`~jcp_controls.controls.base.Result`, with the table operations a report needs.

    Two implementations hold them: :class:`ResultTuple` over Python ``Result`` objects (the
    Python engine, ``Report(results=(...))``; pure Python) and :class:`ResultTable` over an
    Arrow table (the columnar engine), which makes ``Result`` objects only for the rows asked
    for (iteration, indexing, slices) and counts and filters column-wise. Both behave alike;
    :func:`to_results` picks one for a value.

    Two ``Results`` are equal when they hold the same results in the same order, compared in
    their JSON form (:meth:`Result.to_dict`), whatever their implementations; a tuple or list
    of ``Result`` compares the same way.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of results."""

    @overload
    def __getitem__(self, index: int) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> Results: ...

    @abc.abstractmethod
    def __getitem__(self, index: int | slice) -> Result | Results:
        """One result, or the results of a slice (as ``Results`` of the same kind)."""

    @abc.abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """For every control with results (in order of its first result), the number of
        results of each status (every status, in the order pass, warn, fail, error,
        waived)."""

    @abc.abstractmethod
    def where(
        self,
        *,
        offices: str | Iterable[str] | None = None,
        controls: str | Iterable[str] | None = None,
        statuses: str | Status | Iterable[str | Status] | None = None,
        staff: str | Iterable[str] | None = None,
        due_between: tuple[dt.date, dt.date] | None = None,
    ) -> Results:
        """The results matching every filter given, in order (a new ``Results``).

        Args:
            offices: office IDs (one or several); office-less results never match.
            controls: control IDs.
            statuses: statuses (values or :class:`Status` members).
            staff: staff IDs; results about no member of staff never match.
            due_between: ``(first, last)``: results due on a day from ``first`` to ``last``
                (both included); undated results never match.

        Raises:
            ValueError: a status that is not one of :class:`Status`.
        """

    @abc.abstractmethod
    def worst(self) -> Status:
        """The highest status of any result (``pass`` when there are none)."""

    @abc.abstractmethod
    def offices(self) -> frozenset[str]:
        """The office IDs the results are about."""

    @abc.abstractmethod
    def to_arrow(self) -> pyarrow.Table:
        """The results as an Arrow table of :func:`result_schema`, in order (needs
        pyarrow)."""

    @abc.abstractmethod
    def iter_dicts(self, *, evidence: bool = True) -> Iterator[dict[str, Any]]:
        """The JSON form of each result (:meth:`Result.to_dict`), in order, made one at a
        time (a chunk of rows at a time for an Arrow table, without ``Result`` objects).

        Args:
            evidence: include the ``evidence`` key; without it, the cheaper form the
                tabular writers need.
        """

    def findings(self) -> Results:
        """The results that are not ``pass``."""
        return self.where(statuses=[s for s in Status if s is not Status.PASS])

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, tuple | list):
            if not all(isinstance(item, Result) for item in other):
                return False
            other = ResultTuple(other)
        if not isinstance(other, Results):
            return NotImplemented
        if len(self) != len(other):
            return False
        if self._same(other):
            return True
        return all(
            mine == theirs
            for mine, theirs in zip(self.iter_dicts(), other.iter_dicts(), strict=True)
        )

    def _same(self, other: Results) -> bool:
        """A quick check that ``other`` holds the same results (False: compare by rows)."""
        return False

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} results>"


class ResultTuple(Results):
    """:class:`Results` over Python ``Result`` objects (pure Python).

    Args:
        results: the results, in order.
    """

    __slots__ = ("_items",)

    def __init__(self, results: Iterable[Result] = ()) -> None:
        self._items = tuple(results)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> Results: ...

    def __getitem__(self, index: int | slice) -> Result | Results:
        if isinstance(index, slice):
            return ResultTuple(self._items[index])
        return self._items[index]

    def __iter__(self) -> Iterator[Result]:
        return iter(self._items)

    def __contains__(self, value: object) -> bool:
        return value in self._items

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for (control_id, status), count in Counter(
            (result.control_id, result.status.value) for result in self._items
        ).items():
            counts.setdefault(control_id, _zero_counts())[status] = count
        return counts

    def where(
        self,
        *,
        offices: str | Iterable[str] | None = None,
        controls: str | Iterable[str] | None = None,
        statuses: str | Status | Iterable[str | Status] | None = None,
        staff: str | Iterable[str] | None = None,
        due_between: tuple[dt.date, dt.date] | None = None,
    ) -> Results:
        office_set, control_set, staff_set = map(_as_set, (offices, controls, staff))
        status_set = _statuses(statuses)
        if (office_set, control_set, status_set, staff_set, due_between) == (None,) * 5:
            return self
        first, last = due_between if due_between is not None else (None, None)
        return ResultTuple(
            result
            for result in self._items
            if (office_set is None or result.office_id in office_set)
            and (control_set is None or result.control_id in control_set)
            and (status_set is None or result.status.value in status_set)
            and (staff_set is None or result.staff_id in staff_set)
            and (
                first is None
                or last is None
                or (result.due_on is not None and first <= result.due_on <= last)
            )
        )

    def worst(self) -> Status:
        return max(
            (result.status for result in self._items), key=lambda s: s.rank, default=Status.PASS
        )

    def offices(self) -> frozenset[str]:
        return frozenset(r.office_id for r in self._items if r.office_id is not None)

    def to_arrow(self) -> pyarrow.Table:
        return results_to_arrow(self._items)

    def iter_dicts(self, *, evidence: bool = True) -> Iterator[dict[str, Any]]:
        for result in self._items:
            yield _plain_dict(result, evidence=evidence)

    def _same(self, other: Results) -> bool:
        return isinstance(other, ResultTuple) and self._items == other._items


class ResultTable(Results):
    """:class:`Results` over an Arrow table of :func:`result_schema` (needs pyarrow).

    ``Result`` objects are made only for the rows asked for, a chunk of
    :data:`CHUNK_ROWS` at a time when iterating; counts, filters and the worst status are
    computed column-wise.

    Args:
        table: the results table; its columns are taken by name (:data:`RESULT_COLUMNS`)
            and cast to the results schema.

    Raises:
        KeyError: a column of the results schema is missing.
    """

    __slots__ = ("_table",)

    def __init__(self, table: pyarrow.Table) -> None:
        schema = result_schema()
        table = table.select(list(RESULT_COLUMNS))
        if not table.schema.equals(schema):
            table = table.cast(schema)
        self._table = table

    def __len__(self) -> int:
        return int(self._table.num_rows)

    @overload
    def __getitem__(self, index: int) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> Results: ...

    def __getitem__(self, index: int | slice) -> Result | Results:
        rows = self._table.num_rows
        if isinstance(index, slice):
            start, stop, step = index.indices(rows)
            if step == 1:
                return ResultTable(self._table.slice(start, max(stop - start, 0)))
            return ResultTable(self._table.take(list(range(start, stop, step))))
        position = operator.index(index)
        if position < 0:
            position += rows
        if not 0 <= position < rows:
            raise IndexError("result index out of range")
        return next(results_from_arrow(self._table.slice(position, 1)))

    def __iter__(self) -> Iterator[Result]:
        for start in range(0, self._table.num_rows, CHUNK_ROWS):
            yield from results_from_arrow(self._table.slice(start, CHUNK_ROWS))

    def counts(self) -> dict[str, dict[str, int]]:
        grouped = self._table.group_by(["control_id", "status"], use_threads=False).aggregate(
            [([], "count_all")]
        )
        counts: dict[str, dict[str, int]] = {}
        for control_id, status, count in zip(
            grouped.column("control_id").to_pylist(),
            grouped.column("status").to_pylist(),
            grouped.column("count_all").to_pylist(),
            strict=True,
        ):
            counts.setdefault(control_id, _zero_counts())[status] = count
        return counts

    def where(
        self,
        *,
        offices: str | Iterable[str] | None = None,
        controls: str | Iterable[str] | None = None,
        statuses: str | Status | Iterable[str | Status] | None = None,
        staff: str | Iterable[str] | None = None,
        due_between: tuple[dt.date, dt.date] | None = None,
    ) -> Results:
        import pyarrow
        import pyarrow.compute as pc

        table = self._table
        masks = [
            pc.is_in(
                table.column(column), value_set=pyarrow.array(sorted(values), pyarrow.string())
            )
            for column, values in (
                ("office_id", _as_set(offices)),
                ("control_id", _as_set(controls)),
                ("status", _statuses(statuses)),
                ("staff_id", _as_set(staff)),
            )
            if values is not None
        ]
        if due_between is not None:
            due = table.column("due_on")
            first, last = (pyarrow.scalar(day, pyarrow.date32()) for day in due_between)
            masks.append(pc.and_(pc.greater_equal(due, first), pc.less_equal(due, last)))
        if not masks:
            return self
        mask = functools.reduce(pc.and_, masks)
        return ResultTable(table.filter(mask))

    def worst(self) -> Status:
        present = self._table.column("status").unique().to_pylist()
        return max(
            (_STATUSES[value] for value in present), key=lambda s: s.rank, default=Status.PASS
        )

    def offices(self) -> frozenset[str]:
        values = self._table.column("office_id").unique().to_pylist()
        return frozenset(value for value in values if value is not None)

    def to_arrow(self) -> pyarrow.Table:
        return self._table

    def iter_dicts(self, *, evidence: bool = True) -> Iterator[dict[str, Any]]:
        names = RESULT_COLUMNS if evidence else RESULT_COLUMNS[:-1]
        for start in range(0, self._table.num_rows, CHUNK_ROWS):
            chunk = self._table.slice(start, CHUNK_ROWS)
            columns = [chunk.column(name).to_pylist() for name in names]
            for row in zip(*columns, strict=True):
                item = dict(zip(names, row, strict=True))
                due = item["due_on"]
                if due is not None:
                    item["due_on"] = due.isoformat()
                if evidence:
                    text = item["evidence"]
                    item["evidence"] = json.loads(text) if text else {}
                yield item

    def _same(self, other: Results) -> bool:
        return isinstance(other, ResultTable) and self._table.equals(other._table)


def to_results(value: Iterable[Result] | pyarrow.Table) -> Results:
    """``value`` as :class:`Results`: as it is when it is one already, a
    :class:`ResultTable` for an Arrow table, else a :class:`ResultTuple` of its items (the
    converter of :attr:`Report.results <jcp_controls.report.model.Report.results>`)."""
    if isinstance(value, Results):
        return value
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None and isinstance(value, pyarrow.Table):
        return ResultTable(value)
    return ResultTuple(value)


def table_in_report_order(table: pyarrow.Table) -> pyarrow.Table:
    """A results table sorted into report order, as
    :func:`jcp_controls.engine.in_report_order` sorts results: office, control, subject
    kind, subject, status rank, message, then due date and evidence (nulls as empty text)."""
    import pyarrow
    import pyarrow.compute as pc

    ranks = pyarrow.array([status.rank for status in Status], pyarrow.int64())
    values = pyarrow.array([status.value for status in Status], pyarrow.string())
    keys = {
        "_office": pc.fill_null(table.column("office_id"), ""),
        "_control": table.column("control_id"),
        "_kind": table.column("subject_kind"),
        "_subject": pc.fill_null(table.column("subject_id"), ""),
        "_rank": pc.take(ranks, pc.index_in(table.column("status"), value_set=values)),
        "_message": table.column("message"),
        "_due": pc.fill_null(pc.cast(table.column("due_on"), pyarrow.string()), ""),
        "_evidence": table.column("evidence"),
    }
    order = pc.sort_indices(pyarrow.table(keys), sort_keys=[(name, "ascending") for name in keys])
    return table.take(order)
