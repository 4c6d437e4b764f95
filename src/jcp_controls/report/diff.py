"""Comparing two reports: which findings are new, which were resolved, which are still open.

A *finding* is a result that is not ``pass`` (``waived`` included: it is an accepted
finding). Results are matched by their key (``control_id``, ``office_id``,
``subject_kind``, ``subject_id``):

``new_findings``
    a finding in NEW whose key has no finding in OLD (absent, or ``pass`` there);
``resolved``
    a finding in OLD whose key has no finding in NEW (absent, or ``pass`` there). A report
    written without ``--include-passes`` holds only findings, so a key that is simply absent
    from NEW counts as resolved;
``still_open``
    a key with a finding in both; ``old_status`` and ``new_status`` show any change.

Should one report hold two results with the same key, the worse status counts. Each list is
ordered by office, control, subject kind and subject, so the same two reports always give the
same text. :func:`load_report` reads and checks a ``jcp-controls/report/1`` JSON file, and
:func:`diff_reports` compares two reports (as :class:`~jcp_controls.report.model.Report`
objects or as their JSON documents). Formats (:meth:`ReportDiff.render`):

- ``json``: ``{"schema": "jcp-controls/diff/1", "old": {"as_of", "library_version",
  "findings"}, "new": {...}, "counts": {"new_findings", "resolved", "still_open"},
  "new_findings": [...], "resolved": [...], "still_open": [...]}``, each entry
  ``{"control_id", "severity", "office_id", "subject_kind", "subject_id", "staff_id",
  "old_status", "new_status", "due_on", "message"}`` (``old_status`` is null for a new
  finding, ``new_status`` null for a resolved one that NEW does not list at all, ``pass``
  when NEW lists it as passing; ``due_on``, ``message`` and ``staff_id`` are NEW's when it
  has the result, else OLD's);
- ``table``: three aligned tables for the terminal;
- ``md``: a Markdown document with one table per list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from jcp_controls.controls.base import Status
from jcp_controls.converters import converter
from jcp_controls.errors import UsageError
from jcp_controls.report.results import Results, ResultTable
from jcp_controls.report.text import (
    aligned,
    cell,
    markdown_escape,
    markdown_table,
    single_line,
)

if TYPE_CHECKING:
    from jcp_controls.plugins import Plugins
    from jcp_controls.report.model import Report

__all__ = [
    "SCHEMA",
    "DiffEntry",
    "ReportDiff",
    "ReportSide",
    "diff_reports",
    "load_report",
]

#: The JSON schema identifier of a diff.
SCHEMA = "jcp-controls/diff/1"

#: The schema of the reports a diff compares.
REPORT_SCHEMA = "jcp-controls/report/1"

#: (control_id, office_id, subject_kind, subject_id).
Key = tuple[str, str | None, str, str | None]


@attrs.frozen
class DiffEntry:
    """One finding as the diff lists it.

    Attributes:
        control_id: the control.
        severity: the control's severity (as the newer report gives it).
        office_id: the office (None when the result has none).
        subject_kind: what the result is about.
        subject_id: that record's ID.
        staff_id: the member of staff concerned, when there is one.
        old_status: its status in OLD (None when OLD does not list it).
        new_status: its status in NEW (None when NEW does not list it).
        due_on: the due date ``YYYY-MM-DD`` (NEW's when NEW has the result, else OLD's).
        message: the message (NEW's when NEW has the result, else OLD's).
    """

    control_id: str
    severity: str
    office_id: str | None
    subject_kind: str
    subject_id: str | None
    staff_id: str | None
    old_status: Status | None
    new_status: Status | None
    due_on: str | None
    message: str

    @property
    def changed(self) -> bool:
        """True when both reports list it with different statuses."""
        return (
            self.old_status is not None
            and self.new_status is not None
            and self.old_status is not self.new_status
        )

    @property
    def status_text(self) -> str:
        """``old -> new`` when the status changed, else the one status known."""
        if self.old_status is not None and self.new_status is not None and self.changed:
            return f"{self.old_status.value} -> {self.new_status.value}"
        status = self.new_status if self.new_status is not None else self.old_status
        return "" if status is None else status.value

    def sort_key(self) -> tuple[str, str, str, str]:
        """Office, control, subject kind, subject (nulls first)."""
        return (self.office_id or "", self.control_id, self.subject_kind, self.subject_id or "")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, through the package's one converter."""
        unstructured: dict[str, Any] = converter.unstructure(self)
        return unstructured


@attrs.frozen
class ReportSide:
    """What the diff says about one of the two reports.

    Attributes:
        as_of: its evaluation date, as written.
        library_version: the version that wrote it (empty when absent).
        findings: how many findings it holds.
        controls: the IDs of the controls it evaluated (empty when it does not say).
    """

    as_of: str
    library_version: str
    findings: int
    controls: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``old`` and ``new``)."""
        return {
            "as_of": self.as_of,
            "library_version": self.library_version,
            "findings": self.findings,
        }


@attrs.frozen
class ReportDiff:
    """The findings new, resolved and still open between two reports.

    Attributes:
        old: the older report.
        new: the newer report.
        new_findings: findings of NEW that OLD does not have, in report order.
        resolved: findings of OLD that NEW does not have, in report order.
        still_open: findings in both, in report order.
    """

    #: The kind of document it is, for the format registry.
    document_kind: ClassVar[str] = "diff"

    old: ReportSide
    new: ReportSide
    new_findings: tuple[DiffEntry, ...]
    resolved: tuple[DiffEntry, ...]
    still_open: tuple[DiffEntry, ...]

    def gate(self, fail_on: Status | None) -> bool:
        """True when some *new* finding is at or above ``fail_on`` (never for None)."""
        if fail_on is None:
            return False
        return any(
            entry.new_status is not None and entry.new_status.rank >= fail_on.rank
            for entry in self.new_findings
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``jcp-controls/diff/1`` document as nested dicts."""
        return {
            "schema": SCHEMA,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "counts": {
                "new_findings": len(self.new_findings),
                "resolved": len(self.resolved),
                "still_open": len(self.still_open),
            },
            "new_findings": [entry.to_dict() for entry in self.new_findings],
            "resolved": [entry.to_dict() for entry in self.resolved],
            "still_open": [entry.to_dict() for entry in self.still_open],
        }

    def sections(self) -> list[tuple[str, tuple[DiffEntry, ...]]]:
        """The three lists with their titles: new findings, resolved, still open."""
        return [(title, getattr(self, attr)) for attr, title in _SECTIONS]

    def summary_line(self) -> str:
        """How many findings are new, resolved and still open, in one sentence."""
        return (
            f"{len(self.new_findings)} new, {len(self.resolved)} resolved, "
            f"{len(self.still_open)} still open."
        )

    def _repr_html_(self) -> str:
        """The diff as HTML in Jupyter: new findings, resolved and still open."""
        from jcp_controls.report.html import render_diff_fragment

        return render_diff_fragment(self)

    def render(self, format: str = "table", *, plugins: Plugins | None = None) -> str:
        """The diff in a registered text format: ``table``, ``json``, ``md`` (see the
        module), ``html``, or one a plugin provides.

        Raises:
            UsageError: no format of that name writes diffs.
        """
        from jcp_controls.report.formats import render_document

        output = render_document(self, format, plugins=plugins)
        if isinstance(output, bytes):
            raise UsageError(f"format {format!r} writes bytes, not text")
        return output


# -- reading ---------------------------------------------------------------------------------

_STATUSES = ", ".join(status.value for status in Status)


def _check_document(document: object, name: str) -> dict[str, Any]:
    """``document`` if it is a ``jcp-controls/report/1`` report whose results can be
    compared; else :class:`UsageError` naming ``name`` and what is wrong."""
    if not isinstance(document, dict):
        raise UsageError(f"{name}: not a jcp-controls report (the JSON is not an object)")
    schema = document.get("schema")
    if schema != REPORT_SCHEMA:
        raise UsageError(
            f"{name}: schema is {schema!r}, not {REPORT_SCHEMA!r} (a jcp-controls JSON report)"
        )
    results = document.get("results")
    if not isinstance(results, list):
        raise UsageError(f"{name}: 'results' is missing or not a list")
    for index, row in enumerate(results):
        where = f"{name}: results[{index}]"
        if not isinstance(row, dict):
            raise UsageError(f"{where} is not an object")
        for field in ("control_id", "subject_kind"):
            if not isinstance(row.get(field), str):
                raise UsageError(f"{where}: {field!r} is missing or not a string")
        for field in ("office_id", "subject_id", "staff_id", "due_on"):
            if row.get(field) is not None and not isinstance(row[field], str):
                raise UsageError(f"{where}: {field!r} is not a string or null")
        if row.get("status") not in {status.value for status in Status}:
            raise UsageError(f"{where}: status {row.get('status')!r} is not one of {_STATUSES}")
    return document


def load_report(path: str | Path) -> dict[str, Any]:
    """Read and check a ``jcp-controls/report/1`` JSON report.

    Args:
        path: the report file (as ``jcp-controls evaluate --format json`` writes it).

    Returns:
        The document.

    Raises:
        UsageError: the file is missing or unreadable, is not JSON, is not of schema
            ``jcp-controls/report/1``, or holds a result without a valid key or status;
            the message names the file.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{name}: report file not found") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not a JSON report (not UTF-8 text)") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read report: {exc.strerror or exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise UsageError(f"{name}: not a JSON report (nested too deeply)") from None
    return _check_document(document, name)


# -- comparing -------------------------------------------------------------------------------


def _key(row: Mapping[str, Any]) -> Key:
    return (row["control_id"], row.get("office_id"), row["subject_kind"], row.get("subject_id"))


def _rank(row: Mapping[str, Any]) -> int:
    return Status(row["status"]).rank


def _by_key(rows: Iterable[Mapping[str, Any]]) -> dict[Key, Mapping[str, Any]]:
    """Results by key; of two with one key the worse status (then the first) is kept."""
    found: dict[Key, Mapping[str, Any]] = {}
    for row in rows:
        key = _key(row)
        if key not in found or _rank(row) > _rank(found[key]):
            found[key] = row
    return found


def _side(document: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> ReportSide:
    controls = document.get("controls")
    ids: tuple[str, ...] = ()
    if isinstance(controls, list):
        ids = tuple(
            sorted(
                str(c["control_id"])
                for c in controls
                if isinstance(c, dict) and isinstance(c.get("control_id"), str)
            )
        )
    return ReportSide(
        as_of=str(document.get("as_of") or ""),
        library_version=str(document.get("library_version") or ""),
        findings=sum(1 for row in rows if row["status"] != Status.PASS.value),
        controls=ids,
    )


def _entry(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> DiffEntry:
    latest = new if new is not None else old
    assert latest is not None
    return DiffEntry(
        control_id=latest["control_id"],
        severity=str(latest.get("severity") or ""),
        office_id=latest.get("office_id"),
        subject_kind=latest["subject_kind"],
        subject_id=latest.get("subject_id"),
        staff_id=latest.get("staff_id"),
        old_status=None if old is None else Status(old["status"]),
        new_status=None if new is None else Status(new["status"]),
        due_on=latest.get("due_on"),
        message=str(latest.get("message") or ""),
    )


def _document(report: Report | Mapping[str, Any], name: str) -> dict[str, Any]:
    if isinstance(report, Mapping):
        return _check_document(dict(report), name)
    return report.to_dict(include_passes=True)


def _report_rows(old: Report, new: Report) -> list[tuple[list[Mapping[str, Any]], ReportSide]]:
    """For two reports: the rows of each that a diff can list (those whose key is a finding
    in either report: a pass elsewhere is never listed) and what it says of each. A report's
    millions of passes are matched column-wise and never become rows."""
    findings = [
        list(report.results.findings().iter_dicts(evidence=False)) for report in (old, new)
    ]
    keys = {_key(row) for rows in findings for row in rows}
    return [
        (
            list(_with_keys(report.results, keys)),
            ReportSide(
                as_of=report.as_of.isoformat(),
                library_version=report.library_version,
                findings=len(found),
                controls=tuple(sorted(control.control_id for control in report.controls)),
            ),
        )
        for report, found in zip((old, new), findings, strict=True)
    ]


def _with_keys(results: Results, keys: set[Key]) -> Iterator[Mapping[str, Any]]:
    """The rows of ``results`` (without evidence) whose key is one of ``keys``, in order."""
    if not keys:
        return
    if isinstance(results, ResultTable):  # narrow by control and subject column-wise
        import pyarrow
        import pyarrow.compute as pc

        table = results.to_arrow()
        subjects = {key[3] for key in keys}
        named = sorted(subject for subject in subjects if subject is not None)
        subject = pc.is_in(table.column("subject_id"), pyarrow.array(named, pyarrow.string()))
        if None in subjects:
            subject = pc.or_(subject, pc.is_null(table.column("subject_id")))
        controls = pyarrow.array(sorted({key[0] for key in keys}), pyarrow.string())
        mask = pc.and_(pc.is_in(table.column("control_id"), controls), subject)
        results = ResultTable(table.filter(mask))
    for row in results.iter_dicts(evidence=False):
        if _key(row) in keys:
            yield row


def diff_reports(old: Report | Mapping[str, Any], new: Report | Mapping[str, Any]) -> ReportDiff:
    """The findings new, resolved and still open from ``old`` to ``new``.

    Args:
        old: the earlier report: a :class:`~jcp_controls.report.model.Report` or its
            ``jcp-controls/report/1`` document (e.g. from :func:`load_report`).
        new: the later report, likewise.

    Returns:
        The diff; each list in office, control, subject order.

    Raises:
        UsageError: a document that is not a valid ``jcp-controls/report/1`` report.
    """
    if isinstance(old, Mapping) or isinstance(new, Mapping):
        old_doc, new_doc = _document(old, "old report"), _document(new, "new report")
        old_rows, new_rows = old_doc["results"], new_doc["results"]
        old_side, new_side = _side(old_doc, old_rows), _side(new_doc, new_rows)
    else:
        (old_rows, old_side), (new_rows, new_side) = _report_rows(old, new)
    before, after = _by_key(old_rows), _by_key(new_rows)

    def is_finding(row: Mapping[str, Any] | None) -> bool:
        return row is not None and row["status"] != Status.PASS.value

    new_findings, resolved, still_open = [], [], []
    for key in before.keys() | after.keys():
        was, now = before.get(key), after.get(key)
        if is_finding(was) and is_finding(now):
            still_open.append(_entry(was, now))
        elif is_finding(now):
            new_findings.append(_entry(was, now))
        elif is_finding(was):
            resolved.append(_entry(was, now))
    return ReportDiff(
        old=old_side,
        new=new_side,
        new_findings=tuple(sorted(new_findings, key=DiffEntry.sort_key)),
        resolved=tuple(sorted(resolved, key=DiffEntry.sort_key)),
        still_open=tuple(sorted(still_open, key=DiffEntry.sort_key)),
    )


# -- writing ---------------------------------------------------------------------------------

_SECTIONS = (
    ("new_findings", "New findings"),
    ("resolved", "Resolved"),
    ("still_open", "Still open"),
)
_TABLE_HEADERS = ("control", "status", "office", "subject", "staff", "due", "message")
_MD_HEADERS = ("Control", "Status", "Office", "Subject", "Staff", "Due date", "Message")


def _cells(entry: DiffEntry) -> list[str]:
    return [
        entry.control_id,
        entry.status_text,
        cell(entry.office_id),
        f"{entry.subject_kind} {cell(entry.subject_id)}".rstrip(),
        cell(entry.staff_id),
        cell(entry.due_on),
        entry.message,
    ]


def _table(diff: ReportDiff) -> str:
    parts = [
        single_line(
            f"jcp-controls diff: old as of {diff.old.as_of} ({diff.old.findings} findings), "
            f"new as of {diff.new.as_of} ({diff.new.findings} findings)"
        )
        + "\n"
    ]
    for title, entries in diff.sections():
        if entries:
            rows = [[single_line(text) for text in _cells(entry)] for entry in entries]
            parts.append(f"{title} ({len(entries)})\n\n" + aligned(_TABLE_HEADERS, rows))
        else:
            parts.append(f"{title} (0)\n\nnone\n")
    parts.append(diff.summary_line() + "\n")
    return "\n".join(parts)


def _markdown(diff: ReportDiff) -> str:
    out = [
        "# Findings between two reports\n\n"
        f"- Old: as of {markdown_escape(diff.old.as_of)} ({diff.old.findings} findings)\n"
        f"- New: as of {markdown_escape(diff.new.as_of)} ({diff.new.findings} findings)\n\n"
        f"{diff.summary_line()}\n"
    ]
    for title, entries in diff.sections():
        if entries:
            rows = [_cells(entry) for entry in entries]
            table = markdown_table(_MD_HEADERS, rows, escape_markup=True, raw={1})
            out.append(f"## {title} ({len(entries)})\n\n{table}")
        else:
            out.append(f"## {title} (0)\n\nNone.\n")
    return "\n".join(out)
