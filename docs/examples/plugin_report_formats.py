"""A format plugin (hook ``jcp_controls_report_formats``).

A format is a name and a render function per document kind it writes. Installed through an
entry point, ``counts`` is offered by ``jcp-controls evaluate --format counts`` and by
``jcp-controls due --format counts``, and found by ``report.render("counts")`` in Python.
"""

import jcp_controls as jc
from jcp_controls.report.formats import RenderOptions


def report_counts(report: jc.Report, options: RenderOptions) -> str:
    """One line per control: its ID and the number of results of each status.

    ``options.include_passes`` is ignored: the counts always include passing results.
    """
    lines = [f"as_of {report.as_of}"]
    for control_id, counts in report.counts().items():
        cells = " ".join(f"{status}={count}" for status, count in counts.items())
        lines.append(f"{control_id} {cells}")
    return "\n".join(lines) + "\n"


def due_counts(calendar: jc.DueCalendar, options: RenderOptions) -> str:
    """How many obligations are overdue and how many fall due, per office."""
    lines = [f"as_of {calendar.as_of} within {calendar.within}"]
    offices = sorted({entry.office_id or "-" for entry in calendar.entries})
    for office in offices:
        entries = [e for e in calendar.entries if (e.office_id or "-") == office]
        overdue = sum(1 for e in entries if e.section == "overdue")
        lines.append(f"{office} overdue={overdue} due={len(entries) - overdue}")
    return "\n".join(lines) + "\n"


COUNTS = jc.ReportFormat(
    name="counts",
    description="one line of counts per control (report) or per office (due)",
    extension="txt",
    documents={"report": report_counts, "due": due_counts},
)


@jc.hookimpl
def jcp_controls_report_formats() -> tuple[jc.ReportFormat, ...]:
    """The ``counts`` format."""
    return (COUNTS,)
