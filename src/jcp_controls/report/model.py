"""The :class:`Report` of one evaluation: results, counts, filters and export.

A report is immutable; filters return new reports. Results are held in report order
(office, control, subject) and include passes; writers leave passes out unless asked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, overload

import attrs

from jcp_controls._version import __version__
from jcp_controls.calendar import holidays_version
from jcp_controls.controls.base import COUNT_ORDER, Control, Result, Status
from jcp_controls.evidence.store import InputIssue, PluginFailure, SourceInfo, group_issues
from jcp_controls.policy import Policy
from jcp_controls.report.results import RESULT_COLUMNS, Results, ResultTable, to_results

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from jcp_controls.plugins import Plugins
    from jcp_controls.report.due import DueCalendar

__all__ = ["SCHEMA", "Report"]

#: The JSON report schema identifier.
SCHEMA = "jcp-controls/report/1"

#: Columns of the tabular forms (CSV, pandas), in order: the results table's but evidence.
COLUMNS = RESULT_COLUMNS[:-1]


def _as_set(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@attrs.frozen
class Report:
    """The outcome of :func:`jcp_controls.evaluate`.

    Attributes:
        as_of: the evaluation date.
        policy: the effective policy.
        controls: the controls evaluated, in ID order.
        results: every result (passes included), in office, control, subject order, as
            :class:`~jcp_controls.report.results.Results`; any iterable of
            :class:`~jcp_controls.controls.base.Result` (or an Arrow table of the results
            schema) is accepted and converted.
        sources: what each evidence source supplied.
        input_errors: rejected input (lenient mode); empty in strict mode.
        input_warnings: input accepted with a warning (e.g. extra columns).
        plugin_errors: plugins that raised; what they would have supplied is ``error``.
        library_version: the jcp-controls version that produced it.
        office_ids: every office ID of the evidence (``offices.csv``), which
            :meth:`filter` and :meth:`failures` accept; None when not known, and then the
            offices of the results are accepted.
        staff_names: the name of each member of staff of the evidence, by ID, shown beside
            the ID in reports a person reads (never in the JSON report).
        office_names: the name of each office of the evidence, by ID, likewise.
    """

    #: The kind of document it is, for the format registry.
    document_kind: ClassVar[str] = "report"

    as_of: dt.date
    policy: Policy
    controls: tuple[Control, ...]
    results: Results = attrs.field(converter=to_results)
    sources: tuple[SourceInfo, ...] = ()
    input_errors: tuple[InputIssue, ...] = ()
    input_warnings: tuple[InputIssue, ...] = ()
    plugin_errors: tuple[PluginFailure, ...] = ()
    library_version: str = __version__
    office_ids: frozenset[str] | None = None
    staff_names: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    office_names: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    # -- summaries ---------------------------------------------------------------------------

    def counts(self) -> dict[str, dict[str, int]]:
        """For every control evaluated, the number of results of each status."""
        tally = self.results.counts()
        control_ids = [control.control_id for control in self.controls]
        known = set(control_ids)
        control_ids.extend(cid for cid in tally if cid not in known)
        return {
            control_id: tally.get(control_id) or {status.value: 0 for status in COUNT_ORDER}
            for control_id in control_ids
        }

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts by control and status, plus a ``total`` row."""
        counts = self.counts()
        total = {status.value: 0 for status in COUNT_ORDER}
        for row in counts.values():
            for status, count in row.items():
                total[status] += count
        return {**counts, "total": total}

    @property
    def worst(self) -> Status:
        """The highest status of any result (``pass`` for an empty report)."""
        return self.results.worst()

    def gate(self, fail_on: Status | None) -> bool:
        """True when some result is at or above ``fail_on`` (never for None)."""
        if fail_on is None:
            return False
        return len(self.results) > 0 and self.results.worst().rank >= fail_on.rank

    # -- filters -----------------------------------------------------------------------------

    def filter(
        self,
        *,
        office: str | Iterable[str] | None = None,
        control: str | Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
        staff: str | Iterable[str] | None = None,
    ) -> Report:
        """A report with just the matching results (controls and counts follow).

        Raises:
            UsageError: ``office`` names an office that is not in the evidence (IDs match
                exactly, case included), so a typo is never an empty answer.
        """
        offices, controls, statuses, staff_ids = map(_as_set, (office, control, status, staff))
        if offices is not None:
            self._check_offices(offices)
        kept = self.results.where(
            offices=offices, controls=controls, statuses=statuses, staff=staff_ids
        )
        kept_controls = self.controls
        if controls is not None:
            kept_controls = tuple(c for c in self.controls if c.control_id in controls)
        return attrs.evolve(self, results=kept, controls=kept_controls)

    def _check_offices(self, offices: frozenset[str]) -> None:
        from jcp_controls.errors import UsageError

        known = self.office_ids
        if known is None:
            known = self.results.offices()
        for office_id in sorted(offices - known):
            near = sorted(k for k in known if k.casefold() == office_id.strip().casefold())
            hint = f"; did you mean {near[0]!r}? (IDs match exactly)" if near else ""
            raise UsageError(f"office {office_id!r} is not in this report's evidence{hint}")

    def failures(self, **filters: Any) -> tuple[Result, ...]:
        """Results that are ``fail`` or ``error``, optionally filtered as :meth:`filter`.

        Raises:
            UsageError: an ``office`` not in the evidence (see :meth:`filter`).
        """
        report = self.filter(**filters) if filters else self
        return tuple(report.results.where(statuses=(Status.FAIL, Status.ERROR)))

    def findings(self) -> tuple[Result, ...]:
        """Every result that is not ``pass`` (see :meth:`Results.findings
        <jcp_controls.report.results.Results.findings>` for them as a table)."""
        return tuple(self.results.findings())

    def due(self, within: int = 30) -> DueCalendar:
        """The calendar of obligations: every ``fail`` or ``error`` (overdue or not met) and
        every unmet obligation falling due in the ``within`` days after ``as_of``, grouped
        by office and owner (see :mod:`jcp_controls.report.due`).

        Args:
            within: how many days to look ahead (``as_of`` to ``as_of + within`` inclusive),
                0 to 3660.

        Raises:
            UsageError: ``within`` is not a whole number from 0 to 3660.
        """
        from jcp_controls.report.due import due_calendar

        return due_calendar(self, within)

    def with_plugin_errors(self, failures: Iterable[PluginFailure]) -> Report:
        """This report with more plugin errors."""
        return attrs.evolve(self, plugin_errors=(*self.plugin_errors, *failures))

    # -- export ------------------------------------------------------------------------------

    def to_dict(self, *, include_passes: bool = True) -> dict[str, Any]:
        """The ``jcp-controls/report/1`` document as nested dicts.

        Input errors repeating one problem in one file and column are one ``input_errors``
        entry (the first one's line and value) with ``count`` and the first ``lines``.
        ``calendar.holidays_version`` records the bank-holiday data used for due dates.
        """
        return self._document(list(self._listed(include_passes).iter_dicts()))

    def _listed(self, include_passes: bool) -> Results:
        return self.results if include_passes else self.results.findings()

    def _document(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        counts = self.counts()
        input_errors = [group.to_dict() for group in group_issues(self.input_errors)]
        input_errors.extend(
            {
                "source": failure.plugin,
                "file": None,
                "line": None,
                "column": None,
                "value": None,
                "message": f"plugin failed ({failure.stage}): {failure.message}",
            }
            for failure in self.plugin_errors
        )
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "library_version": self.library_version,
            "policy": self.policy.to_dict(),
            "sources": [source.to_dict() for source in self.sources],
            "input_errors": input_errors,
            "controls": [
                {**control.to_dict(), "counts": counts[control.control_id]}
                for control in self.controls
            ],
            "results": results,
            "calendar": {"holidays_version": holidays_version()},
        }

    @overload
    def to_json(self, path: None = None, *, include_passes: bool = False) -> str: ...

    @overload
    def to_json(self, path: str | Path, *, include_passes: bool = False) -> None: ...

    def to_json(
        self, path: str | Path | None = None, *, include_passes: bool = False
    ) -> str | None:
        """The JSON report, as ``--format json`` writes it. Byte-identical for identical
        evidence, policy and ``as_of``.

        Args:
            path: write the report to this file (UTF-8) and return None, so a notebook
                does not echo megabytes; without it, return the text.
            include_passes: list passing results too. Default False, as on the command
                line (``--include-passes``): passes can be most of a large report.
        """
        chunks = self.iter_json(include_passes=include_passes)
        if path is None:
            return "".join(chunks)
        with Path(path).open("w", encoding="utf-8") as file:
            file.writelines(chunks)
        return None

    def iter_json(self, *, include_passes: bool = False) -> Iterator[str]:
        """The JSON report of :meth:`to_json` in pieces of about 64 KiB (joined, they are its
        text), made as they are consumed: writing a report with every pass listed takes
        memory for a chunk of results, not for the whole document.

        Args:
            include_passes: list passing results too.
        """
        document = self._document(_LazyList(self._listed(include_passes)))
        encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
        pieces = encoder.iterencode(document)
        while batch := "".join(itertools.islice(pieces, _PIECES)):
            yield batch
        yield "\n"

    def render(
        self,
        format: str = "table",
        *,
        include_passes: bool = False,
        plugins: Plugins | None = None,
    ) -> str:
        """The report in a registered text format: ``table``, ``json``, ``csv``, ``html``,
        ``md``, ``junit``, ``sarif``, or one a plugin provides (by default the built-in and
        installed plugins are asked; see :mod:`jcp_controls.report.formats`).

        Raises:
            UsageError: no format of that name writes reports, or it writes bytes
                (``parquet``: use :func:`~jcp_controls.report.formats.render_document`).
        """
        from jcp_controls.report.formats import render

        return render(self, format, include_passes=include_passes, plugins=plugins)

    def to_pandas(self) -> pandas.DataFrame:
        """The results as a DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:  # pragma: no cover - depends on the environment
            from jcp_controls.errors import UsageError

            raise UsageError(
                "to_pandas() needs pandas: pip install 'jcp-controls[pandas]'"
            ) from None
        if isinstance(self.results, ResultTable):
            return _arrow_frame(self.results.to_arrow())
        rows = [
            {
                "control_id": r.control_id,
                "status": r.status.value,
                "severity": r.severity.value,
                "office_id": r.office_id,
                "subject_kind": r.subject_kind.value,
                "subject_id": r.subject_id,
                "staff_id": r.staff_id,
                "due_on": r.due_on,
                "message": r.message,
            }
            for r in self.results
        ]
        return pandas.DataFrame(rows, columns=list(COLUMNS))

    def to_arrow(self) -> pyarrow.Table:
        """Every result, passes included, in report order, as an Arrow table of
        :func:`~jcp_controls.report.results.result_schema` (needs pyarrow: the ``columnar``
        or ``parquet`` extra)."""
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # pragma: no cover - depends on the environment
            from jcp_controls.errors import UsageError

            raise UsageError(
                "to_arrow() needs pyarrow: pip install 'jcp-controls[parquet]'"
            ) from None
        return self.results.to_arrow()

    def _repr_html_(self) -> str:
        from jcp_controls.report.html import render_fragment

        return render_fragment(self, include_passes=False)

    def __repr__(self) -> str:
        total = self.summary()["total"]
        counts = ", ".join(f"{status}={count}" for status, count in total.items())
        return f"<Report as_of={self.as_of} controls={len(self.controls)} {counts}>"


def _arrow_frame(table: pyarrow.Table) -> pandas.DataFrame:
    """The DataFrame of :meth:`Report.to_pandas` from the results table, with the dtypes the
    rows would give: a column with no value at all holds ``None`` objects."""
    import pandas

    frame: pandas.DataFrame = table.select(list(COLUMNS)).to_pandas()
    for column in COLUMNS:
        if table.column(column).null_count == table.num_rows:
            frame[column] = pandas.Series([None] * table.num_rows, dtype=object)
    return frame


#: Encoder pieces joined into one chunk of :meth:`Report.iter_json` (a few tokens each).
_PIECES = 8192


class _LazyList(list[dict[str, Any]]):
    """The listed results for the JSON encoder: a list to it (it writes an array), whose
    items are made as it iterates, so the document is never whole in memory."""

    def __init__(self, results: Results) -> None:
        super().__init__()
        self._results = results

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._results.iter_dicts()

    def __len__(self) -> int:
        return len(self._results)
