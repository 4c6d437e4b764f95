"""SEC-001..SEC-007 and INT-001: security administration and CMS interview rebooking.

Every case comes from catalogue.rst ("SEC — security administration", the paragraph after
its table, "Result statuses and dates"), evidence.rst (offices, staff, designations,
incidents, test checks, interview cancellations; "current on D") and cli.rst (subject
kinds); ids cite the guidance paragraph enforced. Expected due dates are worked out by hand
from the UK bank holidays published on GOV.UK:

* England and Wales 2025: 25 Dec (Thu), 26 Dec (Fri). 2026: 1 Jan, 3 Apr (Good Friday),
  6 Apr (Easter Monday), 25 Dec (Fri), 28 Dec (Boxing Day, substitute day).
  2027: 1 Jan (Fri).
* Scotland 2026: 1 Jan, 2 Jan, 3 Apr (Good Friday, no Easter Monday), 30 Nov (St Andrew's
  Day), 25 Dec, 28 Dec. 2027: 1 Jan (Fri), 4 Jan (2 January, substitute day).

Offices: OFE (England), OFS (Scotland), OFW (Wales) and OFN (no region: the policy's
``calendar.default_region``). Staff: CSM1 (CSM of OFE), S1 and S2 (OFE), S3 (OFS).
Evaluation date 2026-11-22 unless a case says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc

d = dt.date.fromisoformat
AS_OF = d("2026-11-22")
PASS, WARN, FAIL, ERROR = jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL, jc.Status.ERROR
ENGLAND, SCOTLAND, WALES = jc.Region.ENGLAND, jc.Region.SCOTLAND, jc.Region.WALES
OFFICE_OF_REGION = {ENGLAND: "OFE", SCOTLAND: "OFS", WALES: "OFW", None: "OFN"}
ICO = jc.DesignationKind.INCIDENT_CONTROL_OFFICER
HSR = jc.DesignationKind.HEALTH_SAFETY_REP


# -- evidence built in code --------------------------------------------------------------------


def offices() -> list[jc.Office]:
    """One office per region, and one naming none; all have a CSM and a Security Advisor."""
    return [
        jc.Office(
            "OFE", "Leeds", csm_staff_id="CSM1", security_advisor="A Adviser", region=ENGLAND
        ),
        jc.Office(
            "OFS", "Perth", csm_staff_id="S3", security_advisor="B Adviser", region=SCOTLAND
        ),
        jc.Office("OFW", "Rhyl", csm_staff_id="W1", security_advisor="C Adviser", region=WALES),
        jc.Office("OFN", "Nowhere", csm_staff_id="N1", security_advisor="D Adviser"),
    ]


def staff() -> list[jc.Staff]:
    """The managers and two work coaches."""
    grade = jc.Grade
    return [
        jc.Staff("CSM1", "Cara Manager", "OFE", grade.HEO, "customer_service_manager"),
        jc.Staff("S1", "Sam Coach", "OFE", grade.AO, "work_coach"),
        jc.Staff("S2", "Sue Coach", "OFE", grade.AO, "work_coach"),
        jc.Staff("S3", "Sid Manager", "OFS", grade.HEO, "customer_service_manager"),
        jc.Staff("W1", "Wyn Manager", "OFW", grade.HEO, "customer_service_manager"),
        jc.Staff("N1", "Nia Manager", "OFN", grade.HEO, "customer_service_manager"),
    ]


def evidence(missing: Iterable[str] = (), **kinds: Iterable[Any]) -> jc.Evidence:
    """Evidence of every kind these controls read (empty unless given), except ``missing``."""
    records: dict[str, Iterable[Any]] = {
        "offices": offices(),
        "staff": staff(),
        "designations": [],
        "incidents": [],
        "test_checks": [],
        "interview_cancellations": [],
    }
    records.update(kinds)
    for kind in missing:
        records.pop(kind)
    return jc.Evidence.from_records(**records)


def run(
    catalogue: jc.Catalogue,
    control_id: str,
    *,
    as_of: dt.date | str = AS_OF,
    policy: Mapping[str, Any] | None = None,
    missing: Iterable[str] = (),
    **kinds: Iterable[Any],
) -> list[jc.Result]:
    """Every result of one control over the evidence given."""
    report = jc.evaluate(
        evidence(missing, **kinds),
        as_of=as_of,
        policy=jc.Policy.from_mapping(policy or {}),
        catalogue=catalogue,
        only=[control_id],
    )
    assert all(result.control_id == control_id for result in report.results)
    return list(report.results)


def one(catalogue: jc.Catalogue, control_id: str, **options: Any) -> jc.Result:
    """The single result of one control (the test fails unless there is exactly one)."""
    results = run(catalogue, control_id, **options)
    assert len(results) == 1, [(r.subject_id, r.status, r.message) for r in results]
    return results[0]


def incident(
    incident_id: str = "I1",
    office_id: str = "OFE",
    reported: str | None = "2026-03-02",
    escalated: str | None = None,
    **fields: Any,
) -> jc.Incident:
    """An incident at ``office_id`` reported (by default) on Monday 2 March 2026."""
    return jc.Incident(
        incident_id,
        office_id,
        "lost_document",
        reported_on=None if reported is None else d(reported),
        escalated_on=None if escalated is None else d(escalated),
        **fields,
    )


def generated_check(
    generated: str, completed: str | None = None, office_id: str = "OFE", check_id: str = "T1"
) -> jc.TestCheck:
    """A test check generated for S1."""
    return jc.TestCheck(
        check_id, "S1", office_id, d(generated), None if completed is None else d(completed)
    )


def cancellation(
    cancelled: str,
    rebooked: str | None = None,
    office_id: str = "OFE",
    reason: str = "cms_rebuild",
    claimant_ref: str = "C-0001",
) -> jc.InterviewCancellation:
    """A new-claim interview cancelled by CMS."""
    return jc.InterviewCancellation(
        claimant_ref,
        office_id,
        d(cancelled),
        jc.CancellationReason(reason),
        None if rebooked is None else d(rebooked),
    )


def designation(
    staff_id: str, kind: jc.DesignationKind, from_on: str, to_on: str | None = None
) -> jc.Designation:
    """An appointment held on top of a job role."""
    return jc.Designation(staff_id, kind, d(from_on), None if to_on is None else d(to_on))


def skipped(result: jc.Result) -> list[tuple[str, str]]:
    """The trace of skipped days as reported in JSON: (date, reason)."""
    return [(day["date"], day["reason"]) for day in result.to_dict()["evidence"]["skipped"]]


# -- the catalogue entries (catalogue.rst, SEC table) ---------------------------------------------

_CATALOGUE = [
    ("SEC-001", "security-advisor-known", "low", "SEC §11", "office"),
    ("SEC-002", "incident-escalated", "high", "SEC §36, §45", "incident"),
    ("SEC-003", "incident-remediated", "medium", "SEC §45", "incident"),
    ("SEC-004", "test-check-completed", "medium", "SEC §30", "test_check"),
    ("SEC-005", "csm-in-post", "medium", "SEC §1, §39", "office"),
    ("SEC-006", "ico-nominated", "low", "SEC Annex 1 (Emergency Procedures)", "office"),
    ("SEC-007", "health-safety-rep-nominated", "low", "SEC Annex 1 (Health & Safety)", "office"),
    ("INT-001", "cms-rebuild-interview-rebooked", "medium", "IT §24", "cancellation"),
]


@pytest.mark.parametrize(("control_id", "name", "severity", "citation", "kind"), _CATALOGUE)
def test_catalogue_entry(
    catalogue: jc.Catalogue, control_id: str, name: str, severity: str, citation: str, kind: str
) -> None:
    control = next(c for c in catalogue.select([control_id]) if c.control_id == control_id)
    assert control.to_dict()["name"] == name
    assert control.severity == jc.Severity(severity)
    assert control.citation == citation
    assert control.subject_kind == jc.SubjectKind(kind)


# -- SEC-001: security advisor known (SEC §11) ------------------------------------------------


@pytest.mark.parametrize(
    ("advisor", "status"),
    [
        pytest.param("Pat Adviser", PASS, id="SEC§11-advisor-named"),
        pytest.param("SBA-0042", PASS, id="SEC§11-advisor-id"),
        pytest.param(None, FAIL, id="SEC§11-advisor-null-fails"),
    ],
)
def test_sec001_security_advisor_known(
    catalogue: jc.Catalogue, advisor: str | None, status: jc.Status
) -> None:
    office = attrs.evolve(offices()[0], security_advisor=advisor)
    results = {
        r.subject_id: r for r in run(catalogue, "SEC-001", offices=[office, *offices()[1:]])
    }
    assert set(results) == {"OFE", "OFS", "OFW", "OFN"}  # cli.rst: one result per office
    result = results["OFE"]
    assert result.status is status
    assert (result.subject_kind, result.office_id, result.staff_id) == (
        jc.SubjectKind.OFFICE,
        "OFE",
        None,
    )
    if status is FAIL:
        assert "Security Business Advisor" in result.message
    else:
        assert advisor is not None
        assert advisor in result.message


# -- SEC-002: incident escalated (SEC §36, §45) -----------------------------------------------

# Reported Monday 2 March 2026 in England: due Tuesday 3 March (1 working day).
_ESCALATION = [
    pytest.param("2026-03-03", "2026-03-10", {}, PASS, id="SEC§36-escalated-on-due-date"),
    pytest.param("2026-03-02", "2026-03-10", {}, PASS, id="SEC§36-escalated-same-day"),
    pytest.param("2026-03-04", "2026-03-10", {}, WARN, id="SEC§36-escalated-a-day-late-warns"),
    pytest.param(None, "2026-03-04", {}, FAIL, id="SEC§36-not-escalated-day-after-due-fails"),
    pytest.param(None, "2026-03-03", {}, WARN, id="SEC§36-not-escalated-on-due-date-warns"),
    pytest.param(None, "2026-03-02", {}, WARN, id="SEC§36-not-escalated-due-within-warn_days"),
    pytest.param(
        None, "2026-03-02", {"warn_days": 0}, PASS, id="SEC§36-not-yet-due-outside-warn_days"
    ),
    # Met "on as_of": an escalation dated after as_of is not known yet.
    pytest.param("2026-03-05", "2026-03-04", {}, FAIL, id="SEC§36-escalated-after-as_of-fails"),
    pytest.param(
        "2026-03-05",
        "2026-03-04",
        {"timeliness": {"escalation_working_days": 3}},
        WARN,
        id="SEC§36-policy-3-working-days-not-yet-overdue",
    ),
    pytest.param(
        "2026-03-05",
        "2026-03-10",
        {"timeliness": {"escalation_working_days": 3}},
        PASS,
        id="SEC§36-policy-3-working-days-escalated-in-time",
    ),
]


@pytest.mark.parametrize(("escalated", "as_of", "policy", "status"), _ESCALATION)
def test_sec002_incident_escalated(
    catalogue: jc.Catalogue,
    escalated: str | None,
    as_of: str,
    policy: dict[str, Any],
    status: jc.Status,
) -> None:
    days = policy.get("timeliness", {}).get("escalation_working_days", 1)
    result = one(
        catalogue,
        "SEC-002",
        as_of=as_of,
        policy=policy,
        incidents=[incident(escalated=escalated)],
    )
    assert result.status is status
    assert result.due_on == {1: d("2026-03-03"), 3: d("2026-03-05")}[days]
    assert result.due_on.isoformat() in result.message
    assert f"timeliness.escalation_working_days ({days})" in result.evidence["rule"]
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.INCIDENT,
        "I1",
        "OFE",
        None,
    )


# "N working days after X" is the Nth Monday-Friday, strictly after X, that is not a bank
# holiday of the office's region (catalogue.rst, "Result statuses and dates").
_WORKING_DAYS = [
    pytest.param("2026-03-04", ENGLAND, "2026-03-05", [], id="midweek-next-day"),
    pytest.param(
        "2026-03-06",
        ENGLAND,
        "2026-03-09",
        [("2026-03-07", "weekend"), ("2026-03-08", "weekend")],
        id="friday-report-due-monday",
    ),
    pytest.param(
        "2025-12-31", ENGLAND, "2026-01-02", [("2026-01-01", "New Year")], id="newyear-england"
    ),
    pytest.param(
        "2025-12-31", WALES, "2026-01-02", [("2026-01-01", "New Year")], id="newyear-wales"
    ),
    pytest.param(
        "2025-12-31",
        SCOTLAND,
        "2026-01-05",
        [
            ("2026-01-01", "New Year"),
            ("2026-01-02", "New Year"),  # 2 January is a Scottish bank holiday
            ("2026-01-03", "weekend"),
            ("2026-01-04", "weekend"),
        ],
        id="newyear-scotland-2-january",
    ),
    pytest.param(
        "2026-12-31",
        ENGLAND,
        "2027-01-04",
        [("2027-01-01", "New Year"), ("2027-01-02", "weekend"), ("2027-01-03", "weekend")],
        id="newyear-2027-england",
    ),
    pytest.param(
        "2026-12-31",
        SCOTLAND,
        "2027-01-05",
        [
            ("2027-01-01", "New Year"),
            ("2027-01-02", "weekend"),
            ("2027-01-03", "weekend"),
            ("2027-01-04", "New Year"),  # substitute day for 2 January
        ],
        id="newyear-2027-scotland-substitute-day",
    ),
    pytest.param(
        "2025-12-24",
        ENGLAND,
        "2025-12-29",
        [
            ("2025-12-25", "Christmas"),
            ("2025-12-26", "Boxing"),
            ("2025-12-27", "weekend"),
            ("2025-12-28", "weekend"),
        ],
        id="christmas-boxing-day-2025",
    ),
    pytest.param(
        "2026-12-24",
        ENGLAND,
        "2026-12-29",
        [
            ("2026-12-25", "Christmas"),
            ("2026-12-26", "weekend"),
            ("2026-12-27", "weekend"),
            ("2026-12-28", "Boxing"),  # Boxing Day falls on a Saturday: substitute Monday
        ],
        id="christmas-2026-boxing-day-substitute",
    ),
    pytest.param(
        "2026-04-02",
        ENGLAND,
        "2026-04-07",
        [
            ("2026-04-03", "Good Friday"),
            ("2026-04-04", "weekend"),
            ("2026-04-05", "weekend"),
            ("2026-04-06", "Easter Monday"),
        ],
        id="easter-england",
    ),
    pytest.param(
        "2026-04-02",
        SCOTLAND,
        "2026-04-06",
        [("2026-04-03", "Good Friday"), ("2026-04-04", "weekend"), ("2026-04-05", "weekend")],
        id="easter-scotland-no-easter-monday",
    ),
    pytest.param(
        "2026-11-27",
        SCOTLAND,
        "2026-12-01",
        [("2026-11-28", "weekend"), ("2026-11-29", "weekend"), ("2026-11-30", "Andrew")],
        id="st-andrews-day-scotland",
    ),
    pytest.param(
        "2026-11-27",
        ENGLAND,
        "2026-11-30",
        [("2026-11-28", "weekend"), ("2026-11-29", "weekend")],
        id="st-andrews-day-not-in-england",
    ),
]


def _assert_trace(
    result: jc.Result, start: str, region: jc.Region, due: str, skips: list[tuple[str, str]]
) -> None:
    """The result shows the arithmetic: runs_from, region, and exactly the days skipped."""
    assert result.due_on == d(due)
    reported = result.to_dict()
    assert reported["due_on"] == due
    assert reported["evidence"]["runs_from"] == start
    assert reported["evidence"]["region"] == region.value
    got = skipped(result)
    assert [day for day, _ in got] == [day for day, _ in skips]
    for (_, reason), (_, expected) in zip(got, skips, strict=True):
        if expected == "weekend":
            assert reason == "weekend"
        else:
            assert reason != "weekend"
            assert expected.lower() in reason.lower()


@pytest.mark.parametrize(("reported", "region", "due", "skips"), _WORKING_DAYS)
def test_sec002_escalation_due_on_regional_calendar(
    catalogue: jc.Catalogue,
    reported: str,
    region: jc.Region,
    due: str,
    skips: list[tuple[str, str]],
) -> None:
    office_id = OFFICE_OF_REGION[region]
    result = one(
        catalogue,
        "SEC-002",
        as_of="2027-02-01",
        incidents=[incident(office_id=office_id, reported=reported)],
    )
    _assert_trace(result, reported, region, due, skips)
    assert result.status is FAIL
    assert due in result.message
    assert reported in result.message


def test_sec002_england_and_scotland_differ_in_one_report(catalogue: jc.Catalogue) -> None:
    """SEC §36: both escalated on Friday 2 January 2026, reported on New Year's Eve: on time
    in Scotland (due Monday 5th, 2 January is a bank holiday there), on time in England (due
    2 January); escalated Monday 5th: late in England only."""
    results = run(
        catalogue,
        "SEC-002",
        as_of="2026-02-01",
        incidents=[
            incident("IE", "OFE", "2025-12-31", "2026-01-05"),
            incident("IS", "OFS", "2025-12-31", "2026-01-05"),
        ],
    )
    by_id = {r.subject_id: r for r in results}
    assert by_id["IE"].status is WARN
    assert by_id["IE"].due_on == d("2026-01-02")
    assert by_id["IS"].status is PASS
    assert by_id["IS"].due_on == d("2026-01-05")
    assert "later than due" in by_id["IE"].message


@pytest.mark.parametrize(
    ("default_region", "due"),
    [
        pytest.param(None, "2026-01-02", id="calendar.default_region-defaults-to-england"),
        pytest.param("england", "2026-01-02", id="calendar.default_region-england"),
        pytest.param("scotland", "2026-01-05", id="calendar.default_region-scotland"),
    ],
)
def test_office_without_region_uses_policy_default(
    catalogue: jc.Catalogue, default_region: str | None, due: str
) -> None:
    """evidence.rst offices.region: "default: the policy's" (calendar.default_region)."""
    policy = {} if default_region is None else {"calendar": {"default_region": default_region}}
    result = one(
        catalogue,
        "SEC-002",
        as_of="2026-02-01",
        policy=policy,
        incidents=[incident(office_id="OFN", reported="2025-12-31")],
    )
    assert result.due_on == d(due)
    assert result.evidence["region"] == (default_region or "england")


def test_sec002_rule_names_policy_key_and_value(catalogue: jc.Catalogue) -> None:
    """Two working days after New Year's Eve in England: 2 Jan, then Monday 5 Jan."""
    result = one(
        catalogue,
        "SEC-002",
        as_of="2026-02-01",
        policy={"timeliness": {"escalation_working_days": 2}},
        incidents=[incident(reported="2025-12-31")],
    )
    assert result.due_on == d("2026-01-05")
    assert "timeliness.escalation_working_days (2)" in result.evidence["rule"]
    assert [day for day, _ in skipped(result)] == ["2026-01-01", "2026-01-03", "2026-01-04"]


def test_sec002_judged_from_occurred_on_when_reported_on_missing(
    catalogue: jc.Catalogue,
) -> None:
    """An incident with no reported_on cannot have been reported before it occurred: the
    deadline runs from occurred_on, and the result says reported_on is not recorded."""
    result = one(
        catalogue,
        "SEC-002",
        as_of="2026-02-01",
        incidents=[incident(reported=None, occurred_on=d("2025-12-31"))],
    )
    assert result.status is FAIL
    assert result.due_on == d("2026-01-02")
    assert result.evidence["runs_from_field"] == "occurred_on"
    assert "reported_on not recorded" in result.message


def test_sec002_without_any_date_is_error(catalogue: jc.Catalogue) -> None:
    """catalogue.rst: error = could not be evaluated; never silently pass."""
    result = one(catalogue, "SEC-002", incidents=[incident(reported=None, escalated="2026-03-03")])
    assert result.status is ERROR
    assert "reported_on" in result.message


def test_sec002_scope_is_incidents_known_on_as_of(catalogue: jc.Catalogue) -> None:
    """One result per incident; one reported after as_of is not known yet."""
    results = run(
        catalogue,
        "SEC-002",
        as_of="2026-03-10",
        incidents=[
            incident("I1", "OFE", "2026-03-02", "2026-03-03"),
            incident("I2", "OFS", "2026-03-10"),
            incident("I3", "OFE", "2026-03-11"),
        ],
    )
    assert sorted(r.subject_id or "" for r in results) == ["I1", "I2"]


# -- SEC-003: incident remediated (SEC §45) ---------------------------------------------------

_REMEDIATED = [
    pytest.param("2026-10-01", "staff retrained", PASS, id="SEC§45-closed-with-action"),
    pytest.param("2026-10-01", None, FAIL, id="SEC§45-closed-without-action-fails"),
    pytest.param(AS_OF.isoformat(), None, FAIL, id="SEC§45-closed-on-as_of-in-scope"),
]


@pytest.mark.parametrize(("closed", "action", "status"), _REMEDIATED)
def test_sec003_incident_remediated(
    catalogue: jc.Catalogue, closed: str, action: str | None, status: jc.Status
) -> None:
    record = incident(escalated="2026-03-03", closed_on=d(closed), remedial_action=action)
    result = one(catalogue, "SEC-003", incidents=[record])
    assert result.status is status
    assert (result.subject_kind, result.subject_id, result.office_id) == (
        jc.SubjectKind.INCIDENT,
        "I1",
        "OFE",
    )
    if status is FAIL:
        assert "remedial action" in result.message
        assert closed in result.message


@pytest.mark.parametrize(
    "closed",
    [
        pytest.param(None, id="SEC§45-open-incident-out-of-scope"),
        pytest.param("2026-11-23", id="SEC§45-closed-after-as_of-out-of-scope"),
    ],
)
def test_sec003_scope_is_closed_incidents(catalogue: jc.Catalogue, closed: str | None) -> None:
    record = incident(closed_on=None if closed is None else d(closed))
    assert run(catalogue, "SEC-003", incidents=[record]) == []


@pytest.mark.parametrize("control_id", ["SEC-002", "SEC-003"])
def test_missing_incidents_is_one_error_per_office(
    catalogue: jc.Catalogue, control_id: str
) -> None:
    """evidence.rst: a missing file is not an empty file; the scope file missing gives one
    error per office."""
    results = run(catalogue, control_id, missing=["incidents"])
    assert sorted(r.subject_id or "" for r in results) == ["OFE", "OFN", "OFS", "OFW"]
    assert all(r.status is ERROR and r.subject_kind is jc.SubjectKind.OFFICE for r in results)
    assert all("incidents" in r.message for r in results)


@pytest.mark.parametrize("control_id", ["SEC-002", "SEC-003"])
def test_no_incidents_means_nothing_in_scope(catalogue: jc.Catalogue, control_id: str) -> None:
    """A header-only incidents.csv means there were no incidents: no results, no error."""
    assert run(catalogue, control_id, incidents=[]) == []


# -- SEC-004: test check forms completed immediately (SEC §30) --------------------------------

# Generated Friday 6 March 2026 in England: form due Monday 9 March.
_TEST_CHECKS = [
    pytest.param("2026-03-09", "2026-03-20", {}, PASS, id="SEC§30-completed-monday-after-friday"),
    pytest.param("2026-03-06", "2026-03-20", {}, PASS, id="SEC§30-completed-same-day"),
    pytest.param("2026-03-10", "2026-03-20", {}, WARN, id="SEC§30-completed-late-warns"),
    pytest.param(None, "2026-03-10", {}, FAIL, id="SEC§30-not-completed-overdue-fails"),
    pytest.param(None, "2026-03-09", {}, WARN, id="SEC§30-not-completed-due-today-warns"),
    pytest.param(None, "2026-03-07", {"warn_days": 0}, PASS, id="SEC§30-not-due-outside-warn"),
    pytest.param(
        "2026-03-11",
        "2026-03-20",
        {"timeliness": {"immediately_working_days": 3}},
        PASS,
        id="SEC§30-policy-immediately-3-working-days",
    ),
]


@pytest.mark.parametrize(("completed", "as_of", "policy", "status"), _TEST_CHECKS)
def test_sec004_test_check_completed(
    catalogue: jc.Catalogue,
    completed: str | None,
    as_of: str,
    policy: dict[str, Any],
    status: jc.Status,
) -> None:
    days = policy.get("timeliness", {}).get("immediately_working_days", 1)
    result = one(
        catalogue,
        "SEC-004",
        as_of=as_of,
        policy=policy,
        test_checks=[generated_check("2026-03-06", completed)],
    )
    assert result.status is status
    assert result.due_on == {1: d("2026-03-09"), 3: d("2026-03-11")}[days]
    assert f"timeliness.immediately_working_days ({days})" in result.evidence["rule"]
    assert result.due_on.isoformat() in result.message
    # cli.rst: subject_kind test_check, subject_id its ID, staff_id the person concerned
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.TEST_CHECK,
        "T1",
        "OFE",
        "S1",
    )


@pytest.mark.parametrize(
    ("region", "due", "skips"),
    [
        pytest.param(ENGLAND, "2026-01-02", ["2026-01-01"], id="SEC§30-newyear-england"),
        pytest.param(
            SCOTLAND,
            "2026-01-05",
            ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"],
            id="SEC§30-newyear-scotland",
        ),
    ],
)
def test_sec004_regional_calendar(
    catalogue: jc.Catalogue, region: jc.Region, due: str, skips: list[str]
) -> None:
    result = one(
        catalogue,
        "SEC-004",
        as_of="2026-01-02",
        test_checks=[generated_check("2025-12-31", office_id=OFFICE_OF_REGION[region])],
    )
    assert result.due_on == d(due)
    assert result.status is WARN  # not completed, due within warn_days
    assert [day for day, _ in skipped(result)] == skips
    assert result.evidence["runs_from"] == d("2025-12-31")


def test_sec004_scope_is_checks_generated_by_as_of(catalogue: jc.Catalogue) -> None:
    results = run(
        catalogue,
        "SEC-004",
        as_of="2026-03-06",
        test_checks=[
            generated_check("2026-03-06", check_id="T1"),
            generated_check("2026-03-07", check_id="T2"),
        ],
    )
    assert [r.subject_id for r in results] == ["T1"]


def test_sec004_missing_test_checks_is_error_per_office(catalogue: jc.Catalogue) -> None:
    results = run(catalogue, "SEC-004", missing=["test_checks"])
    assert len(results) == 4
    assert all(r.status is ERROR for r in results)


# -- SEC-005: CSM in post (SEC §1, §39) -------------------------------------------------------

_CSM = [
    pytest.param("CSM1", {}, PASS, id="SEC§1-csm-current"),
    pytest.param(None, {}, FAIL, id="SEC§1-csm-null-fails"),
    pytest.param("NOBODY", {}, FAIL, id="SEC§39-csm-not-in-staff-fails"),
    pytest.param("CSM1", {"left_on": d("2026-11-21")}, FAIL, id="SEC§1-csm-left-before-as_of"),
    pytest.param("CSM1", {"left_on": AS_OF}, PASS, id="SEC§1-csm-last-day-is-as_of"),
    pytest.param("CSM1", {"started_on": d("2026-11-23")}, FAIL, id="SEC§1-csm-not-started"),
    pytest.param("CSM1", {"started_on": AS_OF}, PASS, id="SEC§1-csm-starts-on-as_of"),
]


@pytest.mark.parametrize(("csm_id", "changes", "status"), _CSM)
def test_sec005_csm_in_post(
    catalogue: jc.Catalogue, csm_id: str | None, changes: dict[str, Any], status: jc.Status
) -> None:
    people = [attrs.evolve(p, **changes) if p.staff_id == "CSM1" else p for p in staff()]
    office = attrs.evolve(offices()[0], csm_staff_id=csm_id)
    results = run(catalogue, "SEC-005", offices=[office, *offices()[1:]], staff=people)
    by_office = {r.subject_id: r for r in results}
    assert set(by_office) == {"OFE", "OFS", "OFW", "OFN"}
    result = by_office["OFE"]
    assert result.status is status
    assert result.subject_kind is jc.SubjectKind.OFFICE
    if csm_id is not None and status is FAIL:
        assert csm_id in result.message


# -- SEC-006 / SEC-007: ICO and Health & Safety rep nominated (SEC Annex 1) -------------------

_NOMINATED = [
    pytest.param([("S1", "2026-01-01", None)], PASS, id="open-designation"),
    pytest.param([], FAIL, id="none-fails"),
    pytest.param([("S1", "2025-01-01", "2026-11-21")], FAIL, id="ended-before-as_of-fails"),
    pytest.param([("S1", "2025-01-01", AS_OF.isoformat())], PASS, id="ends-on-as_of"),
    pytest.param([("S1", "2026-11-23", None)], FAIL, id="starts-after-as_of-fails"),
    pytest.param([("S3", "2026-01-01", None)], FAIL, id="held-in-another-office-fails"),
    pytest.param(
        [("S1", "2025-01-01", "2026-06-30"), ("S2", "2026-07-01", None)], PASS, id="handed-over"
    ),
]


@pytest.mark.parametrize(
    ("control_id", "kind", "other"),
    [
        pytest.param("SEC-006", ICO, HSR, id="SEC-Annex1-Emergency-Procedures-ICO"),
        pytest.param("SEC-007", HSR, ICO, id="SEC-Annex1-Health-Safety-rep"),
    ],
)
@pytest.mark.parametrize(("held", "status"), _NOMINATED)
def test_sec006_sec007_nominated(
    catalogue: jc.Catalogue,
    control_id: str,
    kind: jc.DesignationKind,
    other: jc.DesignationKind,
    held: list[tuple[str, str, str | None]],
    status: jc.Status,
) -> None:
    designations = [designation(who, kind, start, end) for who, start, end in held]
    # The other appointment never counts.
    designations.append(designation("S2", other, "2020-01-01"))
    results = {r.subject_id: r for r in run(catalogue, control_id, designations=designations)}
    assert set(results) == {"OFE", "OFS", "OFW", "OFN"}
    assert results["OFE"].status is status
    assert results["OFW"].status is FAIL
    if status is PASS:
        assert any(who in results["OFE"].message for who, _, _ in held)


@pytest.mark.parametrize(("control_id", "kind"), [("SEC-006", ICO), ("SEC-007", HSR)])
def test_sec006_sec007_leaver_does_not_count(
    catalogue: jc.Catalogue, control_id: str, kind: jc.DesignationKind
) -> None:
    """Among the office's staff: a holder who left before as_of is not in post."""
    people = [
        attrs.evolve(p, left_on=d("2026-10-31")) if p.staff_id == "S1" else p for p in staff()
    ]
    results = run(
        catalogue, control_id, staff=people, designations=[designation("S1", kind, "2026-01-01")]
    )
    assert {r.subject_id: r.status for r in results}["OFE"] is FAIL


# -- INT-001: interviews cancelled by a CMS rebuild rebooked immediately (IT §24) --------------

# Cancelled Friday 6 March 2026 in England: rebooking due Monday 9 March.
_REBOOKED = [
    pytest.param("2026-03-09", "2026-03-20", PASS, id="IT§24-rebooked-on-due-date"),
    pytest.param("2026-03-06", "2026-03-20", PASS, id="IT§24-rebooked-same-day"),
    pytest.param("2026-03-10", "2026-03-20", WARN, id="IT§24-rebooked-late-warns"),
    pytest.param(None, "2026-03-10", FAIL, id="IT§24-not-rebooked-overdue-fails"),
    pytest.param(None, "2026-03-09", WARN, id="IT§24-not-rebooked-due-today-warns"),
    pytest.param("2026-03-12", "2026-03-10", FAIL, id="IT§24-rebooking-after-as_of-unknown"),
]


@pytest.mark.parametrize(("rebooked", "as_of", "status"), _REBOOKED)
def test_int001_interview_rebooked(
    catalogue: jc.Catalogue, rebooked: str | None, as_of: str, status: jc.Status
) -> None:
    result = one(
        catalogue,
        "INT-001",
        as_of=as_of,
        interview_cancellations=[cancellation("2026-03-06", rebooked)],
    )
    assert result.status is status
    assert result.due_on == d("2026-03-09")
    assert "2026-03-09" in result.message
    assert "timeliness.immediately_working_days (1)" in result.evidence["rule"]
    # cli.rst: a cancellation's subject_id is its claimant_ref; nobody's staff_id
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.CANCELLATION,
        "C-0001",
        "OFE",
        None,
    )


def test_int001_only_cms_rebuild_cancellations(catalogue: jc.Catalogue) -> None:
    """IT §24 concerns interviews cancelled because CMS deleted and rebuilt the case."""
    results = run(
        catalogue,
        "INT-001",
        as_of="2026-03-20",
        interview_cancellations=[
            cancellation("2026-03-06", claimant_ref="C-1"),
            cancellation("2026-03-06", reason="other", claimant_ref="C-2"),
            cancellation("2026-03-21", claimant_ref="C-3"),  # after as_of: not known yet
        ],
    )
    assert [r.subject_id for r in results] == ["C-1"]


def test_int001_christmas_in_scotland(catalogue: jc.Catalogue) -> None:
    """Cancelled Christmas Eve 2026 in Scotland: 25 Dec, the weekend and the Boxing Day
    substitute (Monday 28th) are skipped; due Tuesday 29 December."""
    result = one(
        catalogue,
        "INT-001",
        as_of="2027-01-15",
        interview_cancellations=[cancellation("2026-12-24", "2026-12-29", office_id="OFS")],
    )
    assert result.status is PASS
    _assert_trace(
        result,
        "2026-12-24",
        SCOTLAND,
        "2026-12-29",
        [
            ("2026-12-25", "Christmas"),
            ("2026-12-26", "weekend"),
            ("2026-12-27", "weekend"),
            ("2026-12-28", "Boxing"),
        ],
    )


def test_int001_missing_cancellations_is_error_per_office(catalogue: jc.Catalogue) -> None:
    results = run(catalogue, "INT-001", missing=["interview_cancellations"])
    assert len(results) == 4
    assert all(r.status is ERROR for r in results)


# -- the trace is the arithmetic (property) ----------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 11, 30)),
    days=st.integers(min_value=1, max_value=6),
    region=st.sampled_from([ENGLAND, SCOTLAND, WALES]),
)
def test_trace_accounts_for_every_day(
    catalogue: jc.Catalogue, start: dt.date, days: int, region: jc.Region
) -> None:
    """catalogue.rst: the due date is the Nth working day strictly after the start; the trace
    lists exactly the non-working days passed over, so a CSM can check the arithmetic."""
    result = one(
        catalogue,
        "SEC-004",
        as_of=start,
        policy={"timeliness": {"immediately_working_days": days}},
        test_checks=[generated_check(start.isoformat(), office_id=OFFICE_OF_REGION[region])],
    )
    due = result.due_on
    assert due is not None
    assert due > start
    between = [start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1)]
    working = [day for day in between if jc.is_working_day(day, region)]
    assert len(working) == days
    assert working[-1] == due
    listed = [day["date"] for day in result.evidence["skipped"]]
    assert listed == [day for day in between if not jc.is_working_day(day, region)]
    for entry in result.evidence["skipped"]:
        assert (entry["reason"] == "weekend") == (entry["date"].weekday() >= 5)
