"""The deliberate findings of the demo: the table :data:`FAULTS` and the plan that deals
them out to offices. Internal, apart from :data:`FAULTS` (re-exported by
:mod:`jcp_controls.demo`)."""

from __future__ import annotations

import random

from jcp_controls.catalogue import Catalogue
from jcp_controls.controls.checks import CHECKS
from jcp_controls.demo.annex import (
    AS_REQUIRED,
    AS_REQUIRED_STAFF,
    CALENDAR,
    CONTROL_OF_CHECK,
    ENROLLED_INTERVAL,
    OFFICE_INTERVAL,
)
from jcp_controls.demo.base import Person
from jcp_controls.plugins import Plugins

#: A fault's plan: (the control it breaks, share of offices, minimum number in the folder).
FaultPlan = tuple[str, float, int]


def _declared_faults() -> tuple[dict[str, FaultPlan], dict[str, FaultPlan]]:
    """The faults the shipped controls declare (:attr:`Control.faults`), family by family: those
    of the other controls, then those of the mandatory-check controls."""
    catalogue = Catalogue.from_plugins(Plugins(entry_points=False))
    controls = sorted(catalogue.controls, key=lambda c: (c.family.order, c.control_id))
    declared: tuple[dict[str, FaultPlan], dict[str, FaultPlan]] = ({}, {})
    for control in controls:
        for fault in control.faults:
            plan = (control.control_id, fault.share, fault.minimum)
            declared[control.family == CHECKS][fault.name] = plan
    return declared


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
    return faults


#: Deliberate findings: name -> (control it breaks, share of offices that get one, minimum
#: number in the whole folder). ``W_`` entries fall due within the warning window, or are met
#: late, instead of failing. The faults of the ACC, LRN, JCC, SEC/INT controls and CHK-038 are
#: declared on the controls (``faults=``, :class:`~jcp_controls.controls.base.DemoFault`); those
#: of the Annex 1 checks follow from how the demo does each check (what is done after an event,
#: every N months or every period) and are made here. Controls not named fail through others:
#: CHK-001 is evaluated as ACC-009, CHK-036 (working securely) follows
#: ``security_awareness_lapsed``, CHK-037 is evaluated as JCC-004/005; the ongoing
#: CHK-011/023/026 warn "manual control" in every office.
_DECLARED, _DECLARED_CHECKS = _declared_faults()
FAULTS: dict[str, FaultPlan] = _DECLARED | _check_faults() | _DECLARED_CHECKS

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
