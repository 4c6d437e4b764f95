"""The mandatory checks of SEC Annex 1 as data: one
:class:`~jcp_controls.controls.checks.CheckType` per row (CHK-001 ... CHK-037), and the BCS
validation entry (CHK-038, SEC §28).

This module holds the data only. How an entry is judged (its scope, frequency and rule) is
:mod:`jcp_controls.controls.checks`; the catalogue
(:class:`~jcp_controls.catalogue.Catalogue`) makes the control of each entry, and
CHK-038 is :mod:`jcp_controls.controls.bcs`.
"""

from __future__ import annotations

from typing import Any

from jcp_controls.controls.checks import CheckType

__all__ = ["CHECK_TYPES"]


def _annex(
    number: int,
    check_type: str,
    row: str,
    frequency: str,
    owner: str,
    scope: str,
    guidance: str,
    annex_frequency: str,
    **extra: Any,
) -> CheckType:
    return CheckType(
        check_type=check_type,
        category=row,
        frequency=frequency,
        owner=owner,
        scope=scope,
        guidance=guidance,
        citation=f"SEC Annex 1 ({row})",
        control_id=f"CHK-{number:03d}",
        annex_frequency=annex_frequency,
        **extra,
    )


_LM = "Line managers"
_LINE_MANAGER = "Line manager"
_CSM = "Jobcentre Customer Service Manager"
_AS_REQUIRED = "As required"

#: The shipped catalogue: the rows of SEC Annex 1 in order (CHK-001 ... CHK-037), then BCS
#: validation (CHK-038, SEC §28). Owner and guidance are Annex 1's words, shortened; where the
#: source PDF clips a word it is restored from context ("paid"), and where it clips a phrase the
#: entry says less rather than guess (Asset Stock take: "Officer nominated"; Staff Collections).
#: Annex 1 names no owner for Standards of Behaviour and Document and Data Retention: the CSM
#: owns them (SEC §1, §7: all mandatory controls).
CHECK_TYPES: tuple[CheckType, ...] = (
    _annex(1, "computer_access", "Computer access", "evaluated_as(ACC-009)",
           "All line managers", "office",
           "Ensure the level of access held by each user is still appropriate.", "Regularly"),
    _annex(2, "attendance_management", "Attendance Management", "on_event(absence_ended)",
           _LM, "staff",
           "Monitor all absences and maintain the attendance management plan; ensure RM is "
           "updated with start and end dates.", _AS_REQUIRED),
    _annex(3, "driving_licence", "Driving Licence check",
           "interval(12) + on_event(business_journey_driving, before=12)",
           "Any manager who considers approving a business journey which entails a member of "
           "staff driving", "enrolled",
           "Ensure the driver has a full current licence before allowing use of hire cars, PUS "
           "vehicles or official vehicles, or a mileage claim for a private vehicle.",
           "Annually", severity="high"),
    _annex(4, "excess_fares", "Excess Fares Allowance", "on_event(excess_fares_claim)",
           _LM, "staff", "Ensure the correct amount is paid for the correct period.",
           _AS_REQUIRED),
    _annex(5, "expenses_claims", "Expenses Claims", "on_event(expenses_claim)",
           "Any officer approving an expenses claim", "staff",
           "Ensure all claims are correct with the appropriate cost centre code and receipts "
           "where appropriate; check RM notifications regularly; approve expenses.",
           _AS_REQUIRED),
    _annex(6, "motor_insurance", "Motor Insurance check", "interval(12)",
           "Any manager who considers approving the use of a private motor vehicle for a "
           "business journey", "enrolled",
           "Ensure the necessary motor insurance conditions are met and EXP9 has been completed "
           "(see also the driving licence check).", "At least Annual", severity="high"),
    _annex(7, "private_use_scheme", "Private Use Scheme", "calendar(month)",
           "Certifying officer", "enrolled",
           "Each month mileage is entered on the PUS log and passed to the certifying officer "
           "for online approval.", "Monthly"),
    _annex(8, "asset_stock_take", "Asset Stock take", "interval(12)", "Officer nominated",
           "office",
           "Ensure all assets are accounted for and shown against the correct cost centre code.",
           "Annual"),
    _annex(9, "gpc_statement", "Government Procurement Card", "calendar(month)",
           "Line manager of card holder", "enrolled",
           "Cost Centre Managers ensure their GPC cardholders use their cards in compliance "
           "with the current GPC policy.", "Monthly check of statement"),
    _annex(10, "procurement", "Procurement", "on_event(purchase_order)",
           "Officer with \u201cApprover Role\u201d on RM for Cost Centre", "office",
           "Ensure correct procedures are followed; check notifications; approve invoices; "
           "update RM timeously on receipt of goods.", _AS_REQUIRED),
    _annex(11, "accidents_awareness", "Accidents/Reporting incidents", "ongoing", _LM, "office",
           "Ensure managers and their staff are aware of their responsibilities under Health & "
           "Safety legislation.", "On-going", severity="low"),
    _annex(12, "emergency_reminder", "Emergency Procedures", "interval(6)", _LM, "office",
           "Staff reminded of the Fire and Bomb Instructions and of the name and contact "
           "details of the ICO.", "Every 6 months"),
    _annex(13, "eye_care", "Eye Care", "start_then_interval(24)", "Line Managers", "all_staff",
           "Eye tests before working on a VDU and 2 yearly thereafter (all DWP staff are "
           "considered VDU users, including casuals).",
           "As required: prior to working on a VDU and 2 yearly thereafter"),
    _annex(14, "workstation_assessment", "Workstation Assessments", "on_event(desk_change)",
           _LM, "staff",
           "Ensure DSE workstation assessments are completed when required (for the desk used "
           "most) and any necessary action taken timeously.", _AS_REQUIRED),
    _annex(15, "health_safety", "Health & Safety", "calendar(quarter)",
           "Nominated Health & Safety Rep", "office",
           "Awareness of any health & safety issues.", "Quarterly"),
    _annex(16, "laptops", "Lap tops", "on_event(laptop_issued)", _LINE_MANAGER, "staff",
           "Ensure any officer using a Departmental computer outside official premises is "
           "aware of the guidance (Mobile and Remote Users Guide).", _AS_REQUIRED),
    _annex(17, "mobile_phone_statement", "Mobile", "calendar(month)", _LINE_MANAGER,
           "enrolled",
           "Check each call statement: compliance with instructions, register up to date, "
           "need for the phone reviewed, personal calls identified and paid for.",
           "Check of each call statement"),
    _annex(18, "pay_and_rewards", "Pay and Rewards", "on_event(pay_change)", _LINE_MANAGER,
           "staff", "RM updated timeously; follow HR procedures; ensure the correct amount is "
           "paid.", _AS_REQUIRED),
    _annex(19, "responsibility_allowance", "Responsibility Allowance",
           "on_event(responsibility_allowance)", _LINE_MANAGER, "staff",
           "Keep a record of the reasons for the employee's selection, which other members of "
           "the team are entitled to see.", _AS_REQUIRED),
    _annex(20, "salary_advance", "Salary Advance", "on_event(salary_advance)",
           "Officer approving the advance", "staff",
           "Ensure the advance has been used for the purpose for which it was approved.",
           _AS_REQUIRED),
    _annex(21, "temporary_duties_allowance", "Temporary Duties Addition",
           "on_event(tda_claim)", _LINE_MANAGER, "staff",
           "Record the days worked in the higher band, the TDA calculator sheets and the claim "
           "form; ensure the correct amount is paid; keep an audit trail; review TDAs "
           "regularly.", _AS_REQUIRED),
    _annex(22, "vouchers", "Vouchers", "on_event(vouchers_received)", "Team Leader", "office",
           "Once vouchers are received the local procedures for the receipt of valuables must "
           "be followed.", _AS_REQUIRED),
    _annex(23, "people_performance", "People Performance", "ongoing", _LM, "office",
           "Ensure action is taken timeously during the reporting year.", _AS_REQUIRED,
           severity="low"),
    _annex(24, "annual_leave", "Certify/Approve Annual leave", "on_event(annual_leave)", _LM,
           "staff", "Ensure all annual leave is recorded correctly and timeously.",
           _AS_REQUIRED),
    _annex(25, "flexi_records", "Flexible working", "calendar(flexi)", _LM, "office",
           "Examine individual flexi sheets routinely and regularly to prevent abuse.",
           "At end of each accounting period"),
    _annex(26, "physical_security", "Physical Security", "ongoing", _LM, "office",
           "Ensure the safety of staff, Departmental equipment and claimant and staff "
           "information.", "Ongoing", severity="low"),
    _annex(27, "staff_clubs", "Staff Clubs", "interval(12)", "Team Leader", "enrolled",
           "Ensure office bearers and committee members are aware of their responsibilities.",
           "At least annual"),
    _annex(28, "staff_collections", "Staff Collections", "on_event(staff_collection)",
           "Team Leader", "office",
           "Control the number of collections and ensure they are accounted for.",
           _AS_REQUIRED),
    _annex(29, "staff_induction", "Staff Induction", "on_event(new_starter)", _LM, "staff",
           "Help new staff to become effective employees; help, encourage and motivate them.",
           _AS_REQUIRED),
    _annex(30, "staff_leaving", "Staff Leaving", "on_event(leaver)", _LM, "staff",
           "Ensure the best possible outcomes for the employee and the Department.",
           _AS_REQUIRED),
    _annex(31, "staff_selection", "Staff Selection", "on_event(selection_exercise)",
           "Function Head", "office", "Ensure correct procedures are followed.", _AS_REQUIRED),
    _annex(32, "working_patterns", "Working Hours/Working patterns", "on_event(new_starter)",
           _LINE_MANAGER, "staff",
           "Ensure the correct working pattern is notified for each new member of staff and "
           "the system updated for any change.", _AS_REQUIRED),
    _annex(33, "standards_of_behaviour", "Standards of Behaviour", "interval(6)", _CSM,
           "office", "Staff awareness of standards of behaviour.",
           "Regularly: at least 6 monthly intervals"),
    _annex(34, "business_continuity_test", "Business Continuity (tested annually)",
           "interval(12)", _LINE_MANAGER, "office",
           "Staff awareness of business continuity; plans tested annually.", "Tested annually"),
    _annex(35, "business_continuity_update", "Business Continuity (updated regularly)",
           "interval(regularly)", _LINE_MANAGER, "office",
           "Staff awareness of business continuity; plans updated regularly.",
           "Plans must be updated regularly"),
    _annex(36, "working_securely", "Working Securely (induction and annually)",
           "start_then_interval(12, induction)", _LINE_MANAGER, "all_staff",
           "Staff awareness of roles and responsibilities and departmental security policies "
           "and practices (mandatory e-learning).", "Induction and annually",
           met_by_course="security_awareness"),
    _annex(37, "document_retention", "Document and Data Retention",
           "evaluated_as(JCC-004, JCC-005)", _CSM, "office",
           "Records management policy: dormant JSA Claimant Commitments are retained in line "
           "with DWP Data Retention Policies.", "As Required"),
    CheckType(
        check_type="bcs_validation",
        category="BCS validation by the central Quality Team",
        frequency="sampled(quarter)",
        owner="central Quality Team",
        scope="office",
        guidance="Quarterly BCS validation checks for all sites; the volume depends on the "
        "number of BCS monthly checks completed.",
        citation="SEC §28",
        control_id="CHK-038",
        annex_frequency="Quarterly (SEC §28)",
    ),
)  # fmt: skip
