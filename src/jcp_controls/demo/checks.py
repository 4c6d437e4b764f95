"""Checks: the mandatory checks of SEC Annex 1 as each office's owners record them, the
enrolments and events that make them due, and the central Quality Team's BCS validations.
Internal."""

from __future__ import annotations

from jcp_controls.demo.annex import AS_REQUIRED
from jcp_controls.demo.base import OfficeContext, Run
from jcp_controls.demo.checkbook import CheckBook
from jcp_controls.demo.events import AsRequired
from jcp_controls.demo.periodic import Periodic
from jcp_controls.demo.validation import Validations


class OfficeChecks:
    """One office's mandatory checks (SEC Annex 1), the enrolments and events that make them
    due, and the central Quality Team's BCS validations of them (SEC §28).

    Checks are written as their owner would record them: on time, mostly passing, in BCS
    unless the check is kept locally or in SCCS. The office's planned faults (:data:`FAULTS`)
    leave a check out, record it late, or let a cycle lapse.
    """

    def __init__(self, gen: Run, ctx: OfficeContext) -> None:
        self.book = CheckBook(gen, ctx)

    def run(self) -> None:
        """Write everything, validations last (they depend on the BCS checks)."""
        periodic = Periodic(self.book)
        periodic.office_calendar()
        periodic.office_interval()
        periodic.monthly_statements()
        periodic.staff_clubs()
        periodic.drivers()
        periodic.eye_care()
        events = AsRequired(self.book)
        events.staff_events()
        for check_type in AS_REQUIRED:
            events.as_required(check_type)
        Validations(self.book).validations()
