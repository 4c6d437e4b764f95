"""The deliberate findings of the demo: the table :data:`FAULTS` and the plan that deals
them out to offices. Internal, apart from :data:`FAULTS` (re-exported by
:mod:`jcp_controls.demo`)."""

from __future__ import annotations

import random

from jcp_controls.demo.annex import (
    AS_REQUIRED,
    AS_REQUIRED_STAFF,
    CALENDAR,
    CONTROL_OF_CHECK,
    ENROLLED_INTERVAL,
    OFFICE_INTERVAL,
)
from jcp_controls.demo.base import Person

#: Deliberate findings of the ACC and LRN controls: name -> (control it breaks, share of offices
#: that get one, minimum number in the whole folder). ``W_`` entries fall due within the warning
#: window (or are met late) instead of failing.
_ACCESS_FAULTS: dict[str, tuple[str, float, int]] = {
    "unauthorised_grant": ("ACC-001", 0.15, 1),
    "no_authoriser": ("ACC-001", 0.05, 1),
    "self_authorised": ("ACC-002", 0.10, 1),
    "learning_after_access": ("ACC-003", 0.15, 1),
    "no_lms1_form": ("ACC-004", 0.15, 2),
    "entitlement_not_in_matrix": ("ACC-005", 0.10, 1),
    "role_change_not_reviewed": ("ACC-006", 0.15, 1),
    "leaver_access_held": ("ACC-007", 0.20, 1),
    "long_absence_access_held": ("ACC-008", 0.15, 1),
    "W_absence_in_grace": ("ACC-008", 0.02, 1),
    "review_overdue": ("ACC-009", 0.25, 1),
    "W_review_due": ("ACC-009", 0.05, 2),
    "pseudo_no_reason": ("ACC-010", 0.08, 1),
    "pseudo_past_end": ("ACC-011", 0.08, 1),
    "W_pseudo_ending": ("ACC-011", 0.03, 1),
    "orphan_account": ("ACC-012", 0.08, 1),
    "no_lms_operator": ("ACC-013", 0.05, 1),
    "delegate_below_eo": ("ACC-014", 0.05, 1),
    "foundation_lapsed": ("LRN-001", 0.15, 1),
    "security_awareness_lapsed": ("LRN-002", 0.20, 1),
    "W_security_awareness_due": ("LRN-002", 0.03, 2),
    "no_data_handling": ("LRN-003", 0.15, 1),
}
#: Deliberate findings of the JCC, SEC and INT controls (same form).
_OFFICE_ADMIN_FAULTS: dict[str, tuple[str, float, int]] = {
    "two_active_ccs": ("JCC-001", 0.05, 1),
    "cc_version_gap": ("JCC-002", 0.05, 1),
    "tactical_after_scs": ("JCC-003", 0.02, 1),
    "dormant_past_retention": ("JCC-004", 0.04, 1),
    "cc_destroyed_early": ("JCC-005", 0.02, 1),
    "folder_review_missed": ("JCC-006", 0.05, 1),
    "assets_review_missed": ("JCC-007", 0.05, 1),
    "no_inventory": ("JCC-008", 0.02, 1),
    "no_security_advisor": ("SEC-001", 0.03, 1),
    "incident_not_escalated": ("SEC-002", 0.03, 1),
    "W_incident_escalated_late": ("SEC-002", 0.04, 1),
    "incident_no_remedial_action": ("SEC-003", 0.03, 1),
    "test_check_form_missing": ("SEC-004", 0.04, 1),
    "W_test_check_form_late": ("SEC-004", 0.04, 1),
    "csm_left": ("SEC-005", 0.02, 1),
    "no_ico": ("SEC-006", 0.03, 1),
    "no_health_safety_rep": ("SEC-007", 0.03, 1),
    "interview_not_rebooked": ("INT-001", 0.04, 1),
    "W_interview_rebooked_late": ("INT-001", 0.05, 1),
}


def _check_faults() -> dict[str, tuple[str, float, int]]:
    faults: dict[str, tuple[str, float, int]] = {}
    for check_type in (*AS_REQUIRED, *AS_REQUIRED_STAFF):
        control = CONTROL_OF_CHECK[check_type]
        faults[f"missing_{check_type}"] = (control, 0.02, 1)
        faults[f"W_late_{check_type}"] = (control, 0.015, 0)
    for check_type in (*OFFICE_INTERVAL, *ENROLLED_INTERVAL):
        control = CONTROL_OF_CHECK[check_type]
        faults[f"overdue_{check_type}"] = (control, 0.03, 1)
        faults[f"W_due_{check_type}"] = (control, 0.02, 0)
    for check_type in CALENDAR:
        faults[f"missed_{check_type}"] = (CONTROL_OF_CHECK[check_type], 0.03, 1)
    faults["journey_unchecked"] = ("CHK-003", 0.03, 1)
    faults["eye_test_missing"] = ("CHK-013", 0.08, 2)
    faults["bcs_validation_short"] = ("CHK-038", 0.03, 1)
    return faults


#: Deliberate findings: name -> (control it breaks, share of offices that get one, minimum
#: number in the whole folder). ``W_`` entries fall due within the warning window, or are met
#: late, instead of failing. Controls not named here fail through others: CHK-001 is evaluated
#: as ACC-009, CHK-036 (working securely) follows ``security_awareness_lapsed``, CHK-037 is
#: evaluated as JCC-004/005; the ongoing CHK-011/023/026 warn "manual control" in every office.
FAULTS: dict[str, tuple[str, float, int]] = _ACCESS_FAULTS | _OFFICE_ADMIN_FAULTS | _check_faults()

LAPSED = {
    "dwp_foundation": "foundation_lapsed",
    "security_awareness": "security_awareness_lapsed",
}
#: Faults carried by one member of staff, chosen from the office's long-serving staff.
PERSON_FAULTS = frozenset(
    {
        "unauthorised_grant", "no_authoriser", "self_authorised", "learning_after_access",
        "no_lms1_form", "entitlement_not_in_matrix", "role_change_not_reviewed",
        "leaver_access_held", "long_absence_access_held", "W_absence_in_grace",
        "review_overdue", "W_review_due", "delegate_below_eo", "foundation_lapsed",
        "security_awareness_lapsed", "W_security_awareness_due", "no_data_handling",
        *(f"{kind}_{check_type}" for kind in ("missing", "W_late")
          for check_type in AS_REQUIRED_STAFF),
    }
)  # fmt: skip
OFFICE_FAULTS = frozenset(
    {"no_lms_operator", "pseudo_no_reason", "pseudo_past_end", "W_pseudo_ending", "orphan_account"}
)


def plan_faults(rng: random.Random, offices: int) -> list[list[str]]:
    """The faults of each office (by index): every fault of :data:`FAULTS` goes to each office
    with its share, and to at least its minimum number of offices."""
    plan: list[list[str]] = [[] for _ in range(offices)]
    for fault, (_control, share, minimum) in FAULTS.items():
        chosen = [index for index in range(offices) if rng.random() < share]
        while len(chosen) < minimum:
            chosen.append(rng.randrange(offices))
        for index in chosen:
            plan[index].append(fault)
    return plan


def fault_of(p: Person, check_type: str) -> str | None:
    """``missing`` or ``late`` when the person carries that fault for ``check_type``."""
    if p.fault == f"missing_{check_type}":
        return "missing"
    if p.fault == f"W_late_{check_type}":
        return "late"
    return None
