"""A results plugin (hook ``jcp_controls_results``).

It receives every finished report. A real one would record automated check outcomes in
BCS; this one keeps, for each failing or erroring result, the line it would send. A plugin
can be an object: its methods marked with ``hookimpl`` are its hook implementations.
"""

import jcp_controls as jc


class BcsOutbox:
    """Collects one outgoing line per ``fail`` or ``error`` result of each report."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    @jc.hookimpl
    def jcp_controls_results(self, report: jc.Report) -> None:
        """Queue the report's failures."""
        for result in report.failures():
            self.sent.append(
                f"{report.as_of} {result.office_id} {result.control_id} "
                f"{result.subject_id} {result.status}"
            )
