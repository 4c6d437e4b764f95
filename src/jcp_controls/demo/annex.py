"""How the demo schedules the mandatory checks of SEC Annex 1, read from the check-type
catalogue: which check follows which event, who does it, where it is recorded. Internal."""

from __future__ import annotations

from jcp_controls.controls.annex1 import CHECK_TYPES
from jcp_controls.controls.frequency import FrequencyKind
from jcp_controls.demo.base import DEFAULTS

CONTROL_OF_CHECK = {entry.check_type: entry.control_id for entry in CHECK_TYPES}
#: The check type an "As required" check follows, by catalogue entry (``expenses_claim`` ...).
EVENT_OF_CHECK = {entry.check_type: entry.event for entry in CHECK_TYPES if entry.event}
#: Check types whose ``exception`` outcome is judged against a past period or event; an
#: interval check recording one would warn about a due date far ahead, so the demo gives
#: those pass or fail only.
EXCEPTION_OK = frozenset(
    entry.check_type
    for entry in CHECK_TYPES
    if all(
        p.kind in (FrequencyKind.CALENDAR, FrequencyKind.ON_EVENT) for p in entry.frequency.each()
    )
)

#: "As required" checks after events the demo makes up per office:
#: check type -> (events a year (fewest, most), who checks, whether the event names a member
#: of staff). Who: ``lm`` the subject's line manager, ``head`` the CSM, ``wctl`` a Work Coach
#: Team Leader, ``approver`` the CSM or a line manager. ``annual_leave`` scales with the staff.
AS_REQUIRED: dict[str, tuple[int, int, str, bool]] = {
    "excess_fares": (0, 4, "lm", True),
    "expenses_claims": (4, 14, "lm", True),
    "procurement": (3, 12, "approver", False),
    "workstation_assessment": (2, 10, "lm", True),
    "laptops": (1, 6, "lm", True),
    "pay_and_rewards": (3, 12, "lm", True),
    "responsibility_allowance": (0, 3, "lm", True),
    "salary_advance": (0, 2, "head", True),
    "temporary_duties_allowance": (1, 6, "lm", True),
    "vouchers": (0, 4, "wctl", False),
    "annual_leave": (0, 0, "lm", True),
    "staff_collections": (0, 4, "wctl", False),
    "staff_selection": (0, 3, "head", False),
}
#: "As required" checks after events that follow from the staff records.
AS_REQUIRED_STAFF = (
    "attendance_management",
    "staff_induction",
    "working_patterns",
    "staff_leaving",
)
#: Office-level checks due every N months: check type -> who checks (``head``: the CSM,
#: ``manager``: a line manager).
OFFICE_INTERVAL: dict[str, str] = {
    "asset_stock_take": "manager",
    "emergency_reminder": "manager",
    "standards_of_behaviour": "head",
    "business_continuity_test": "manager",
    "business_continuity_update": "manager",
}
#: Months between the checks of each interval check type ("Regularly": the policy default).
INTERVAL_MONTHS = {
    entry.check_type: entry.frequency.each()[0].interval_months(DEFAULTS.checks.regularly_months)
    for entry in CHECK_TYPES
    if entry.frequency.each()[0].kind is FrequencyKind.INTERVAL
}
ENROLLED_INTERVAL = ("driving_licence", "motor_insurance", "staff_clubs")
CALENDAR = (
    "gpc_statement",
    "mobile_phone_statement",
    "private_use_scheme",
    "flexi_records",
    "health_safety",
)
#: Where a check is recorded when not in BCS.
RECORDED_IN = {
    "emergency_reminder": "local",
    "business_continuity_test": "local",
    "business_continuity_update": "local",
    "staff_clubs": "local",
    "staff_collections": "local",
    "vouchers": "local",
    "laptops": "sccs",
}
