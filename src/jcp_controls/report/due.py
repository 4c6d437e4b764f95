"""The calendar of obligations: what is overdue or not met, and what falls due soon.

:meth:`Report.due <jcp_controls.report.model.Report.due>` (and ``jcp-controls due``) turns
one report into a :class:`DueCalendar` a Jobcentre Customer Service Manager can act on. It
has two sections:

``overdue``
    every result that is ``fail`` or ``error`` on ``as_of``: obligations whose due date has
    passed, and those that are not met now whatever their date (or that have none, such as a
    missing LMS1 form or evidence that could not be evaluated).

``due``
    every ``pass`` or ``warn`` result whose obligation falls due in the window
    ``as_of <= due_on <= as_of + within`` and is not met yet. A ``pass`` result due within
    ``policy.warn_days`` of ``as_of`` is an obligation already met (catalogue.rst: an unmet
    obligation is ``warn`` from ``due_on - warn_days``), so it is not listed; a ``warn``
    result due before ``as_of`` was met late and is not listed either.

``waived`` results are accepted exceptions and are never listed.

Entries are grouped by office and then by owner (who must act: the control's ``owner``, or
an ``owner`` the result's evidence names), and ordered within a group by section (overdue
first), then by date (undated entries after the dated ones), then control and subject. The
same report and window always give the same calendar and the same text in every format:

- ``table``: a heading, then one aligned table per office and owner;
- ``json``: ``{"schema": "jcp-controls/due/1", "as_of", "within", "until", "counts":
  {"overdue", "due"}, "entries": [{"section", "office_id", "owner", "due_on", "days_left",
  "control_id", "status", "severity", "subject_kind", "subject_id", "staff_id",
  "message"}, ...]}`` with the entries in calendar order;
- ``csv``: the header row ``section,office_id,owner,due_on,days_left,control_id,status,
  severity,subject_kind,subject_id,staff_id,message`` then one row per entry (RFC 4180,
  CRLF line ends); every text cell is neutralised against spreadsheet formula injection with
  :func:`~jcp_controls.report.text.neutralise` (``days_left`` is a number written by the
  library, negative when overdue, and is left as a number);
- ``md``: a Markdown document with a section per office and a table per owner.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from jcp_controls import calendar
from jcp_controls.controls.base import (
    Control,
    Result,
    Severity,
    Status,
    SubjectKind,
    canonical_owner,
)
from jcp_controls.converters import converter
from jcp_controls.errors import UsageError
from jcp_controls.report.text import (
    aligned,
    cell,
    markdown_escape,
    markdown_table,
    neutralise,
    single_line,
)

if TYPE_CHECKING:
    from jcp_controls.plugins import Plugins
    from jcp_controls.report.model import Report

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_OWNER",
    "SCHEMA",
    "DueCalendar",
    "DueEntry",
    "DueGroup",
    "due_calendar",
]

#: The JSON schema identifier of a calendar.
SCHEMA = "jcp-controls/due/1"

#: Columns of the CSV form, in order.
CSV_COLUMNS = (
    "section",
    "office_id",
    "owner",
    "due_on",
    "days_left",
    "control_id",
    "status",
    "severity",
    "subject_kind",
    "subject_id",
    "staff_id",
    "message",
)

#: Who owns an obligation when neither the control nor the result names anyone.
DEFAULT_OWNER: str = str(attrs.fields(Control).owner.default)

#: Section names, in the order they are shown.
OVERDUE = "overdue"
DUE = "due"
_SECTION_RANK = {OVERDUE: 0, DUE: 1}


@attrs.frozen
class DueEntry:
    """One obligation on the calendar.

    Attributes:
        section: ``overdue`` (``fail`` or ``error`` now) or ``due`` (falls due in the window).
        office_id: the office concerned (None when unknown).
        owner: who must act.
        due_on: the date it falls or fell due; None when the result has none.
        days_left: ``due_on - as_of`` in days (negative when overdue); None without a date.
        control_id: the control.
        status: the result's status on ``as_of``.
        severity: the control's severity.
        subject_kind: what the result is about.
        subject_id: that record's ID.
        staff_id: the member of staff concerned, when there is one.
        message: the result's message.
    """

    section: str
    office_id: str | None
    owner: str
    due_on: dt.date | None
    days_left: int | None
    control_id: str
    status: Status
    severity: Severity
    subject_kind: SubjectKind
    subject_id: str | None
    staff_id: str | None
    message: str

    @property
    def when(self) -> str:
        """The date in words relative to ``as_of``: ``3 days overdue``, ``today``,
        ``in 5 days``; ``not met`` for a ``fail`` before (or without) its date, and
        ``not evaluated`` for an ``error``."""
        days = self.days_left
        if self.status is Status.ERROR:
            return "not evaluated"
        if self.section == OVERDUE and (days is None or days >= 0):
            return "not met"
        if days is None:  # pragma: no cover - a due entry always has a date
            return ""
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        if days == 0:
            return "today"
        return f"in {days} day{'s' if days != 1 else ''}"

    def sort_key(self) -> tuple[str, str, int, int, str, str, str, str, str, str]:
        """Office, owner, section, date (undated last), control, subject: calendar order."""
        return (
            self.office_id or "",
            self.owner,
            _SECTION_RANK[self.section],
            self.due_on.toordinal() if self.due_on is not None else dt.date.max.toordinal() + 1,
            self.control_id,
            self.subject_kind.value,
            self.subject_id or "",
            self.staff_id or "",
            self.status.value,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (one of ``entries``), through the package's one converter."""
        unstructured: dict[str, Any] = converter.unstructure(self)
        return unstructured


@attrs.frozen
class DueGroup:
    """The entries of one office and owner.

    Attributes:
        office_id: the office (None for results without one).
        owner: who must act.
        overdue: the ``overdue`` entries, in calendar order.
        due: the ``due`` entries, in calendar order.
    """

    office_id: str | None
    owner: str
    overdue: tuple[DueEntry, ...]
    due: tuple[DueEntry, ...]

    @property
    def entries(self) -> tuple[DueEntry, ...]:
        """Overdue entries and then due ones."""
        return (*self.overdue, *self.due)


@attrs.frozen
class DueCalendar:
    """What is overdue and what falls due within ``within`` days of ``as_of``.

    Attributes:
        as_of: the evaluation date of the report.
        within: the number of days looked ahead.
        entries: every entry, in calendar order (office, owner, section, date, control,
            subject).
        controls: the controls of the report it was made from (for titles and citations).
    """

    #: The kind of document it is, for the format registry.
    document_kind: ClassVar[str] = "due"

    as_of: dt.date
    within: int
    entries: tuple[DueEntry, ...]
    controls: tuple[Control, ...] = attrs.field(default=(), eq=False, repr=False)

    def control(self, control_id: str) -> Control | None:
        """The control of an entry (its title, citation, owner), when the calendar knows it."""
        for control in self.controls:
            if control.control_id == control_id:
                return control
        return None

    @property
    def until(self) -> dt.date:
        """The last day of the window (``as_of + within``)."""
        return calendar.add_days(self.as_of, self.within)

    @property
    def overdue(self) -> tuple[DueEntry, ...]:
        """The ``overdue`` entries, in calendar order."""
        return tuple(entry for entry in self.entries if entry.section == OVERDUE)

    @property
    def due(self) -> tuple[DueEntry, ...]:
        """The ``due`` entries, in calendar order."""
        return tuple(entry for entry in self.entries if entry.section == DUE)

    def groups(self) -> tuple[DueGroup, ...]:
        """The entries grouped by office and owner, in calendar order."""
        grouped: dict[tuple[str | None, str], list[DueEntry]] = {}
        for entry in self.entries:
            grouped.setdefault((entry.office_id, entry.owner), []).append(entry)
        return tuple(
            DueGroup(
                office_id=office_id,
                owner=owner,
                overdue=tuple(e for e in entries if e.section == OVERDUE),
                due=tuple(e for e in entries if e.section == DUE),
            )
            for (office_id, owner), entries in grouped.items()
        )

    def gate(self, fail_on: Status | None) -> bool:
        """True when some entry's status is at or above ``fail_on`` (never for None)."""
        if fail_on is None:
            return False
        return any(entry.status.rank >= fail_on.rank for entry in self.entries)

    def to_dict(self) -> dict[str, Any]:
        """The ``jcp-controls/due/1`` document as nested dicts."""
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "within": self.within,
            "until": self.until.isoformat(),
            "counts": {OVERDUE: len(self.overdue), DUE: len(self.due)},
            "entries": [entry.to_dict() for entry in self.entries],
        }

    def summary_line(self) -> str:
        """How many entries are overdue and how many fall due, in one sentence."""
        return (
            f"{len(self.overdue)} overdue or not met, {len(self.due)} falling due "
            f"between {self.as_of.isoformat()} and {self.until.isoformat()}."
        )

    def _repr_html_(self) -> str:
        """The calendar as HTML in Jupyter: a section per office, a table per owner."""
        from jcp_controls.report.html import render_due_fragment

        return render_due_fragment(self)

    def render(self, format: str = "table", *, plugins: Plugins | None = None) -> str:
        """The calendar in a registered text format: ``table``, ``json``, ``csv``, ``md``
        (see the module), ``html``, ``ics``, or one a plugin provides.

        Raises:
            UsageError: no format of that name writes calendars.
        """
        from jcp_controls.report.formats import render_document

        output = render_document(self, format, plugins=plugins)
        if isinstance(output, bytes):
            raise UsageError(f"format {format!r} writes bytes, not text")
        return output


# -- building --------------------------------------------------------------------------------


def _owner(result: Result, owners: dict[str, str]) -> str:
    named = result.evidence.get("owner") if result.evidence else None
    if isinstance(named, str) and named.strip():
        return canonical_owner(named)  # one spelling per owner, as the catalogue's
    return owners.get(result.control_id, DEFAULT_OWNER)


def _section(result: Result, as_of: dt.date, until: dt.date, warn_days: int) -> str | None:
    if result.status in (Status.FAIL, Status.ERROR):
        return OVERDUE
    if result.status not in (Status.PASS, Status.WARN) or result.due_on is None:
        return None
    if not as_of <= result.due_on <= until:
        return None
    if result.status is Status.PASS and result.due_on <= calendar.add_days(as_of, warn_days):
        return None  # unmet, it would warn: it has been met
    return DUE


def _entries(report: Report, within: int) -> Iterator[DueEntry]:
    owners = {control.control_id: control.owner for control in report.controls}
    until = calendar.add_days(report.as_of, within)
    # Only results that can be listed become Result objects: the failures and errors, and
    # what is due in the window (a national report's millions of passes stay in the table).
    overdue = report.results.where(statuses=(Status.FAIL, Status.ERROR))
    upcoming = report.results.where(
        statuses=(Status.PASS, Status.WARN), due_between=(report.as_of, until)
    )
    for result in itertools.chain(overdue, upcoming):
        section = _section(result, report.as_of, until, report.policy.warn_days)
        if section is None:
            continue
        yield DueEntry(
            section=section,
            office_id=result.office_id,
            owner=_owner(result, owners),
            due_on=result.due_on,
            days_left=None if result.due_on is None else (result.due_on - report.as_of).days,
            control_id=result.control_id,
            status=result.status,
            severity=result.severity,
            subject_kind=result.subject_kind,
            subject_id=result.subject_id,
            staff_id=result.staff_id,
            message=result.message,
        )


def due_calendar(report: Report, within: int = 30) -> DueCalendar:
    """The calendar of ``report``: what is overdue or not met on its ``as_of``, and what
    falls due in the ``within`` days after it (both ends included).

    Args:
        report: an evaluation report (with its passes, as :func:`jcp_controls.evaluate`
            returns it: upcoming obligations are ``pass`` or ``warn`` results).
        within: how many days to look ahead; 0 lists what falls due on ``as_of`` itself.

    Returns:
        The calendar, entries in office, owner, section, date, control and subject order.

    Raises:
        UsageError: ``within`` is not a whole number of days from 0 to 3660.
    """
    if isinstance(within, bool) or not isinstance(within, int) or not 0 <= within <= 3660:
        raise UsageError(f"within must be a whole number of days from 0 to 3660, not {within!r}")
    entries = sorted(_entries(report, within), key=DueEntry.sort_key)
    return DueCalendar(
        as_of=report.as_of, within=within, entries=tuple(entries), controls=report.controls
    )


# -- writing ---------------------------------------------------------------------------------

_TABLE_HEADERS = ("when", "due", "control", "status", "subject", "staff", "message")
_MD_HEADERS = ("When", "Due date", "Control", "Status", "Subject", "Staff", "Message")


def _subject(entry: DueEntry) -> str:
    return f"{entry.subject_kind.value} {cell(entry.subject_id)}".rstrip()


def _cells(entry: DueEntry) -> list[str]:
    return [
        entry.when,
        cell(entry.due_on),
        entry.control_id,
        entry.status.value,
        _subject(entry),
        cell(entry.staff_id),
        entry.message,
    ]


def _office(office_id: str | None) -> str:
    return f"Office {office_id}" if office_id is not None else "No office"


def _table(cal: DueCalendar) -> str:
    parts = [
        f"jcp-controls due as of {cal.as_of.isoformat()}, within {cal.within} "
        f"day{'s' if cal.within != 1 else ''} (to {cal.until.isoformat()})\n"
    ]
    for group in cal.groups():
        rows = [[single_line(text) for text in _cells(entry)] for entry in group.entries]
        heading = single_line(f"{_office(group.office_id)} - {group.owner}")
        parts.append(
            f"{heading} ({len(group.overdue)} overdue, {len(group.due)} due)\n\n"
            + aligned(_TABLE_HEADERS, rows)
        )
    if not cal.entries:
        parts.append("nothing overdue or falling due\n")
    parts.append(cal.summary_line() + "\n")
    return "\n".join(parts)


def _csv(cal: DueCalendar) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in cal.entries:
        values = entry.to_dict()
        writer.writerow(
            cell(values[name]) if name == "days_left" else neutralise(cell(values[name]))
            for name in CSV_COLUMNS
        )
    return buffer.getvalue()


def _markdown(cal: DueCalendar) -> str:
    out = [
        "# Obligations overdue and falling due\n\n"
        f"- As of: {cal.as_of.isoformat()}\n"
        f"- Within: {cal.within} day{'s' if cal.within != 1 else ''} "
        f"(to {cal.until.isoformat()})\n\n"
        f"{markdown_escape(cal.summary_line())}\n"
    ]
    if not cal.entries:
        out.append("Nothing overdue or falling due.\n")
    office: object = object()
    for group in cal.groups():
        if group.office_id != office:
            office = group.office_id
            name = (
                f"Office {markdown_escape(group.office_id)}"
                if group.office_id is not None
                else "No office"
            )
            out.append(f"## {name}\n")
        rows = [_cells(entry) for entry in group.entries]
        for row in rows:
            row[3] = f"**{row[3].upper()}**"
        table = markdown_table(_MD_HEADERS, rows, escape_markup=True, raw={3})
        out.append(
            f"### {markdown_escape(group.owner)} "
            f"({len(group.overdue)} overdue, {len(group.due)} due)\n\n{table}"
        )
    return "\n".join(out)
