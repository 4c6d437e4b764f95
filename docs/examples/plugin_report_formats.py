"""A report-format plugin (hook ``jcp_controls_report_formats``).

A format is a name and a function rendering a whole report to text. Installed through an
entry point, it is offered by ``jcp-controls evaluate --format counts``.
"""

import jcp_controls as jc


def render_counts(report: jc.Report, include_passes: bool) -> str:
    """One line per control: its ID and the number of results of each status.

    ``include_passes`` is ignored: the counts always include passing results.
    """
    lines = [f"as_of {report.as_of}"]
    for control_id, counts in report.counts().items():
        cells = " ".join(f"{status}={count}" for status, count in counts.items())
        lines.append(f"{control_id} {cells}")
    return "\n".join(lines) + "\n"


COUNTS = jc.ReportFormat(
    name="counts",
    description="one line of counts per control",
    render=render_counts,
    extension="txt",
)


@jc.hookimpl
def jcp_controls_report_formats() -> tuple[jc.ReportFormat, ...]:
    """The ``counts`` format."""
    return (COUNTS,)
