"""SEC and INT set-based: the corners the seeded estates rarely reach give the reference
rules' results too: offices in every region (Scottish, Welsh and Northern Irish bank
holidays in the working-day trace), offices and staff recorded twice (the last record
counts), blank text, an incident with no dates, deadlines of 0 and several working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from tests.columnar.differential import compare

import jcp_controls as jc
from jcp_controls.catalogue import Catalogue
from jcp_controls.columnar import Estate, evaluate_estate
from jcp_controls.columnar.engine import runs_set_based
from jcp_controls.evidence.store import Evidence
from jcp_controls.models import (
    CancellationReason,
    Designation,
    DesignationKind,
    Grade,
    Incident,
    InterviewCancellation,
    Office,
    Region,
    Staff,
    TestCheck,
)
from jcp_controls.plugins import Plugins

AS_OF = dt.date(2026, 12, 2)
IDS = ["INT-001", "SEC-001", "SEC-002", "SEC-003", "SEC-004", "SEC-005", "SEC-006", "SEC-007"]
D = dt.date
ICO = DesignationKind.INCIDENT_CONTROL_OFFICER
HSR = DesignationKind.HEALTH_SAFETY_REP
REBUILD = CancellationReason.CMS_REBUILD


def _person(staff_id: str, office_id: str, **dates: Any) -> Staff:
    return Staff(staff_id, f"Person {staff_id}", office_id, Grade.EO, "work_coach", **dates)


def _evidence() -> Evidence:
    return Evidence.from_records(
        offices=[
            Office(
                "SCT1",
                "Perth",
                csm_staff_id="S1",
                security_advisor="A. Adviser",
                region=Region.SCOTLAND,
            ),
            Office("WLS1", "Rhyl", csm_staff_id="S9", security_advisor="   ", region=Region.WALES),
            Office("NIR1", "Newry", region=Region.NORTHERN_IRELAND),
            Office("DEF1", "Leeds", csm_staff_id="S3", security_advisor="B. Adviser"),
            Office("DUP1", "Old", csm_staff_id="S4", region=Region.SCOTLAND),
            Office("DUP1", "New", csm_staff_id="S5", region=Region.NORTHERN_IRELAND),
        ],
        staff=[
            _person("S1", "SCT1"),
            _person("S2", "SCT1", started_on=D(2020, 1, 1)),
            _person("S3", "DEF1", left_on=D(2026, 11, 1)),
            _person("S4", "DUP1"),
            _person("S5", "DUP1", started_on=D(2027, 1, 1)),
            _person("S6", "WLS1"),
            _person("S6", "NIR1", left_on=D(2026, 1, 1)),
        ],
        designations=[
            Designation("S2", ICO, D(2026, 1, 1)),
            Designation("S1", ICO, D(2026, 1, 1)),
            Designation("S1", ICO, D(2025, 1, 1)),
            Designation("S2", HSR, D(2025, 1, 1), D(2026, 11, 30)),
            Designation("S3", ICO, D(2025, 1, 1)),
            Designation("S4", HSR, D(2025, 1, 1)),
            Designation("S6", ICO, D(2025, 1, 1)),
        ],
        incidents=[
            Incident("I1", "SCT1", "theft", reported_on=D(2026, 11, 27)),
            Incident("I2", "DUP1", "tailgating", D(2026, 7, 9), D(2026, 7, 10), D(2026, 7, 20)),
            Incident("I3", "WLS1", "loss", occurred_on=D(2026, 8, 28)),
            Incident("I4", "NIR1", "loss", remedial_action=" \t", closed_on=D(2026, 11, 1)),
            Incident("I5", "DEF1", "theft", reported_on=D(2026, 12, 5)),
            Incident(
                "I6", "GHOST", "loss", reported_on=D(2026, 8, 28), escalated_on=D(2026, 9, 1)
            ),
            Incident(
                "I7",
                "SCT1",
                "abuse",
                reported_on=D(2026, 11, 20),
                escalated_on=D(2026, 12, 10),
                remedial_action="locks changed",
                closed_on=D(2026, 11, 30),
            ),
        ],
        test_checks=[
            TestCheck("T1", "S1", "SCT1", D(2026, 11, 27)),
            TestCheck("T2", "S2", "SCT1", D(2026, 1, 1), D(2026, 1, 5)),
            TestCheck("T3", "S4", "DUP1", D(2026, 3, 16), D(2026, 3, 18)),
            TestCheck("T4", "S4", "DUP1", D(2026, 12, 3)),
        ],
        interview_cancellations=[
            InterviewCancellation("CL-1", "WLS1", D(2026, 12, 1), REBUILD),
            InterviewCancellation("CL-1", "WLS1", D(2026, 11, 27), CancellationReason.OTHER),
            InterviewCancellation("CL-2", "SCT1", D(2026, 11, 27), REBUILD, D(2026, 12, 2)),
            InterviewCancellation("CL-3", "NIR1", D(2026, 7, 10), REBUILD, D(2026, 7, 14)),
        ],
    )


def _policy(escalation: int, immediately: int, region: Region) -> jc.Policy:
    policy = jc.Policy()
    return attrs.evolve(
        policy,
        timeliness=attrs.evolve(
            policy.timeliness,
            escalation_working_days=escalation,
            immediately_working_days=immediately,
        ),
        calendar=attrs.evolve(policy.calendar, default_region=region),
    )


def test_every_sec_and_int_control_runs_set_based_here() -> None:
    estate = Estate.from_evidence(_evidence())
    controls = Catalogue.from_plugins(Plugins()).by_id()
    assert [cid for cid in IDS if not runs_set_based(estate, controls[cid])] == []


@pytest.mark.parametrize(
    ("escalation", "immediately", "region"),
    [(3, 1, Region.ENGLAND), (1, 0, Region.SCOTLAND), (10, 2, Region.NORTHERN_IRELAND)],
)
def test_set_based_equals_python_rule_on_regional_corners(
    escalation: int, immediately: int, region: Region
) -> None:
    policy = _policy(escalation, immediately, region)
    assert compare(_evidence(), AS_OF, policy=policy, only=IDS) == {}
    assert compare(_evidence(), AS_OF, policy=policy, only=IDS, offices=["DUP1"]) == {}


def _result(report: jc.Report, control_id: str, subject_id: str) -> jc.Result:
    (found,) = (
        result
        for result in report.results
        if result.control_id == control_id and result.subject_id == subject_id
    )
    return found


def test_deadlines_skip_the_offices_own_bank_holidays() -> None:
    report = evaluate_estate(
        Estate.from_evidence(_evidence()), as_of=AS_OF, policy=_policy(3, 1, Region.ENGLAND)
    )
    check = _result(report, "SEC-004", "T1")
    assert (check.status, check.due_on) == (jc.Status.FAIL, D(2026, 12, 1))
    assert check.evidence["region"] == "scotland"
    assert check.evidence["skipped"] == [
        {"date": "2026-11-28", "reason": "weekend"},
        {"date": "2026-11-29", "reason": "weekend"},
        {"date": "2026-11-30", "reason": "Saint Andrew's Day"},
    ]
    # DUP1's last record is in Northern Ireland: the Boyne holiday is skipped, escalation late.
    incident = _result(report, "SEC-002", "I2")
    assert (incident.status, incident.due_on) == (jc.Status.WARN, D(2026, 7, 16))
    assert {"date": "2026-07-13", "reason": "Battle of the Boyne (observed)"} in (
        incident.evidence["skipped"]
    )
    # Wales: the late summer bank holiday; judged from occurred_on.
    unreported = _result(report, "SEC-002", "I3")
    assert unreported.evidence["runs_from_field"] == "occurred_on"
    assert unreported.message == (
        "not escalated to DWP Security: overdue since 2026-09-03 (3 working days after it "
        "occurred (reported_on not recorded) on 2026-08-28, wales bank holidays)"
    )
    assert _result(report, "SEC-002", "I4").status is jc.Status.ERROR
    assert _result(report, "SEC-003", "I4").status is jc.Status.FAIL
    assert _result(report, "SEC-006", "SCT1").message == "Incident Control Officer: S1, S2"
    assert _result(report, "SEC-005", "DUP1").message == (
        "Customer Service Manager S5 does not start until 2027-01-01"
    )
