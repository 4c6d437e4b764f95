"""The ``ics`` format of the due calendar: an iCalendar file (RFC 5545) owners can import.

``jcp-controls due --format ics`` writes one all-day event per entry that has a due date
(an obligation falling due in the window, or overdue since its date), so a Customer Service
Manager can import the office's mandatory checks into Outlook or any calendar. Entries
without a date (not met whatever the date, or not evaluated) cannot be placed on a day and are
left out; the ``table`` and ``json`` forms list them.

Each event has:

- ``SUMMARY``: ``OVERDUE`` for an overdue entry, the control ID and title, and the subject;
- ``DTSTART``/``DTEND``: the due date, all day;
- ``LOCATION``: the office;
- ``DESCRIPTION``: owner, office, control (ID and title), citation, status, subject, staff
  and the message;
- ``CATEGORIES``: the owner; ``X-JCP-OWNER``, ``X-JCP-OFFICE``, ``X-JCP-CONTROL`` and
  ``X-JCP-CITATION`` for programs;
- ``UID``: stable for the same control, office, subject and date, so importing a newer file
  updates the events instead of duplicating them; ``DTSTAMP`` is the calendar's ``as_of``.

Writing it needs the icalendar library (``pip install 'jcp-controls[ics]'``). The same
calendar always gives the same text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from jcp_controls.errors import UsageError
from jcp_controls.report.text import cell, control_title

if TYPE_CHECKING:
    from jcp_controls.report.due import DueCalendar, DueEntry
    from jcp_controls.report.formats import RenderOptions

__all__ = ["PRODID", "render"]

#: The ``PRODID`` of the calendar.
PRODID = "-//jcp-controls//due calendar//EN"


def _uid(entry: DueEntry) -> str:
    key = "|".join(
        (
            entry.control_id,
            cell(entry.office_id),
            entry.subject_kind.value,
            cell(entry.subject_id),
            cell(entry.due_on),
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@jcp-controls"


def _subject(entry: DueEntry) -> str:
    return f"{entry.subject_kind.value} {cell(entry.subject_id)}".rstrip()


def render(calendar: DueCalendar, options: RenderOptions | None = None) -> str:
    """The iCalendar text of ``calendar``: one all-day event per dated entry.

    Raises:
        UsageError: the icalendar library is not installed.
    """
    try:
        import icalendar
    except ImportError:
        raise UsageError(
            "the ics format needs icalendar: pip install 'jcp-controls[ics]'"
        ) from None
    stamp = dt.datetime.combine(calendar.as_of, dt.time(), tzinfo=dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"jcp-controls: due as of {calendar.as_of.isoformat()}")
    for entry in calendar.entries:
        if entry.due_on is None:
            continue
        control = calendar.control(entry.control_id)
        title = control_title(control) if control is not None else ""
        citation = control.citation if control is not None else ""
        office = entry.office_id or "no office"
        summary = f"{entry.control_id} {title}".strip() + f": {_subject(entry)}"
        if entry.section == "overdue":
            summary = f"OVERDUE {summary}"
        description = "\n".join(
            line
            for line in (
                f"Owner: {entry.owner}",
                f"Office: {office}",
                f"Control: {entry.control_id} {title}".rstrip(),
                f"Citation: {citation}" if citation else "",
                f"Status: {entry.status.value} ({entry.when})",
                f"Subject: {_subject(entry)}",
                f"Staff: {entry.staff_id}" if entry.staff_id else "",
                f"Message: {entry.message}",
            )
            if line
        )
        event = icalendar.Event()
        event.add("uid", _uid(entry))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due_on)
        event.add("dtend", entry.due_on + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("location", f"Office {office}" if entry.office_id else office)
        event.add("description", description)
        event.add("categories", [entry.owner])
        event.add("transp", "TRANSPARENT")
        event.add("x-jcp-owner", entry.owner)
        event.add("x-jcp-office", office)
        event.add("x-jcp-control", entry.control_id)
        if citation:
            event.add("x-jcp-citation", citation)
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
