"""LRN-001..LRN-003: learning LMS users must keep current (catalogue.rst, "LRN").

Scope of all three: staff holding an LMS grant active on ``as_of`` (evidence.rst, "active on
D"), one result per person. LRN-001/002 are due ``learning.validity_months`` (12) after the
latest completion on or before ``as_of`` (IT §4 note "at least once a year", SEC §41); only
the current cycle is judged ("Result statuses and dates"). The ``world`` fixture is described
in conftest.py; evaluation is on 2026-11-22 unless a case says otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc

d = dt.date.fromisoformat
AS_OF = d("2026-11-22")
PASS, WARN, FAIL = jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL
ANNUAL = [
    pytest.param("LRN-001", "dwp_foundation", id="LRN-001"),
    pytest.param("LRN-002", "security_awareness", id="LRN-002"),
]
ALL = ["LRN-001", "LRN-002", "LRN-003"]


def grant(grant_id: str = "G1", **fields: Any) -> jc.AccessGrant:
    """An LMS grant to S1, granted 2026-01-05."""
    values: dict[str, Any] = {
        "system": "lms",
        "account_id": f"acct-{grant_id}",
        "entitlement": "wc_group",
        "granted_on": d("2026-01-05"),
        "staff_id": "S1",
        "authorised_by": "CSM1",
    }
    values.update(fields)
    return jc.AccessGrant(grant_id=grant_id, **values)


def learn(course: str, *dates: str, staff_id: str = "S1") -> list[jc.LearningRecord]:
    """Completions of one course by one person."""
    return [jc.LearningRecord(staff_id, jc.Course(course), d(day)) for day in dates]


# -- LRN-001 / LRN-002 ------------------------------------------------------------------------

ANNUAL_CASES = [
    pytest.param(("2025-11-22",), AS_OF, None, WARN, d("2026-11-22"),
                 id="SEC§41-due-exactly-on-as_of"),
    pytest.param(("2025-11-21",), AS_OF, None, FAIL, d("2026-11-21"),
                 id="SEC§41-lapsed-yesterday"),
    pytest.param(("2025-12-22",), AS_OF, None, WARN, d("2026-12-22"),
                 id="SEC§41-as_of-is-due-minus-warn_days"),
    pytest.param(("2025-12-23",), AS_OF, None, PASS, d("2026-12-23"),
                 id="SEC§41-day-before-warn-window"),
    pytest.param(("2026-06-01",), AS_OF, None, PASS, d("2027-06-01"), id="SEC§41-current"),
    pytest.param((), AS_OF, None, FAIL, None, id="SEC§41-never-completed"),
    pytest.param(("2026-11-22",), AS_OF, None, PASS, d("2027-11-22"),
                 id="SEC§41-completed-on-as_of"),
    pytest.param(("2026-11-23",), AS_OF, None, FAIL, None,
                 id="SEC§41-completion-after-as_of-not-known"),
    pytest.param(("2025-01-10", "2026-11-23"), AS_OF, None, FAIL, d("2026-01-10"),
                 id="SEC§41-later-completion-ignored-earlier-lapsed"),
    pytest.param(("2025-10-01", "2025-12-01"), AS_OF, None, WARN, d("2026-12-01"),
                 id="SEC§41-latest-completion-counts"),
    pytest.param(("2023-01-01", "2024-06-01", "2026-06-01"), AS_OF, None, PASS, d("2027-06-01"),
                 id="SEC§41-earlier-late-completion-never-warns"),
    pytest.param(("2024-02-29",), d("2025-02-28"), None, WARN, d("2025-02-28"),
                 id="SEC§41-leap-day-clipped-due-on-as_of"),
    pytest.param(("2024-02-29",), d("2025-03-01"), None, FAIL, d("2025-02-28"),
                 id="SEC§41-leap-day-clipped-day-after"),
    pytest.param(("2026-05-22",), AS_OF, {"learning": {"validity_months": 6}}, WARN,
                 d("2026-11-22"), id="IT§4-policy-validity-6-months-due-today"),
    pytest.param(("2026-05-21",), AS_OF, {"learning": {"validity_months": 6}}, FAIL,
                 d("2026-11-21"), id="IT§4-policy-validity-6-months-lapsed"),
    pytest.param(("2025-11-23",), AS_OF, {"warn_days": 0}, PASS, d("2026-11-23"),
                 id="SEC§41-warn_days-0-due-tomorrow"),
    pytest.param(("2025-11-22",), AS_OF, {"warn_days": 0}, WARN, d("2026-11-22"),
                 id="SEC§41-warn_days-0-due-today"),
]  # fmt: skip


@pytest.mark.parametrize(("control_id", "course"), ANNUAL)
@pytest.mark.parametrize(("dates", "as_of", "policy", "expected", "due"), ANNUAL_CASES)
def test_annual_learning(world, control_id, course, dates, as_of, policy, expected, due):
    world.add(grant(granted_on=d("2024-01-05")), *learn(course, *dates))
    result = world.one(control_id, as_of=as_of, policy=policy)
    assert (result.status, result.due_on) == (expected, due), result.message
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.STAFF,
        "S1",
        "OF1",
        "S1",
    )


@pytest.mark.parametrize(
    ("control_id", "other"),
    [
        pytest.param("LRN-001", "security_awareness", id="IT§4-foundation-is-its-own-course"),
        pytest.param("LRN-002", "dwp_foundation", id="IT§4-security-is-its-own-course"),
    ],
)
def test_annual_learning_counts_only_its_course(world, control_id, other):
    world.add(grant(), *learn(other, "2026-10-01"), *learn("data_handling", "2026-10-01"))
    assert world.one(control_id).status is FAIL


@pytest.mark.parametrize(("control_id", "course"), ANNUAL)
def test_annual_learning_counts_only_own_completions(world, control_id, course):
    world.add(grant(), *learn(course, "2026-10-01", staff_id="S2"))
    assert world.one(control_id).status is FAIL


# -- LRN-003 ----------------------------------------------------------------------------------

LRN_003 = [
    pytest.param(("2026-02-01",), PASS, id="IT§11-data-handling-recorded"),
    pytest.param(("2014-03-01",), PASS, id="IT§11-once-is-enough-no-expiry"),
    pytest.param(("2026-11-22",), PASS, id="IT§11-completed-on-as_of"),
    pytest.param((), FAIL, id="IT§11-never-recorded"),
    pytest.param(("2026-11-23",), FAIL, id="IT§11-completion-after-as_of-not-known"),
]


@pytest.mark.parametrize(("dates", "expected"), LRN_003)
def test_lrn_003_data_handling_awareness(world, dates, expected):
    world.add(grant(), *learn("data_handling", *dates))
    world.add(*learn("dwp_foundation", "2026-11-01"), *learn("security_awareness", "2026-11-01"))
    result = world.one("LRN-003")
    assert result.status is expected, result.message
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.STAFF,
        "S1",
        "OF1",
        "S1",
    )


# -- scope, shared by the three controls ---------------------------------------------------------

SCOPE = [
    pytest.param((grant(),), ["S1"], id="IT§4-active-lms-grant"),
    pytest.param((grant(granted_on=AS_OF),), ["S1"], id="evidence-active-granted-on-as_of"),
    pytest.param((grant(granted_on=d("2026-11-23")),), [], id="evidence-active-not-yet-granted"),
    pytest.param((grant(removed_on=AS_OF),), [], id="evidence-active-removed-on-as_of"),
    pytest.param((grant(removed_on=d("2026-11-23")),), ["S1"],
                 id="evidence-active-removed-after-as_of"),
    pytest.param((grant(removed_on=d("2026-05-01")),), [], id="IT§4-access-removed"),
    pytest.param((grant(system="jcc_folder", entitlement="read"),), [],
                 id="IT§4-folder-access-only"),
    pytest.param((grant("G1"), grant("G2", entitlement="extra"), grant("G3", system="jcc_folder")),
                 ["S1"], id="IT§4-one-result-per-person"),
    pytest.param((grant("G1"), grant("G2", staff_id="S2", authorised_by="CSM2")), ["S1", "S2"],
                 id="IT§4-each-holder"),
    pytest.param((grant("G1", removed_on=d("2026-05-01")), grant("G2")), ["S1"],
                 id="IT§4-one-of-two-grants-active"),
    pytest.param((grant(staff_id=None, office_id="OF1", pseudo=True),), [],
                 id="IT§11-pseudo-account-has-no-person"),
    pytest.param((), [], id="IT§4-no-grants"),
]  # fmt: skip


@pytest.mark.parametrize("control_id", ALL)
@pytest.mark.parametrize(("grants", "expected"), SCOPE)
def test_scope_staff_holding_active_lms_grant(world, control_id, grants, expected):
    world.add(*grants)
    results = world.run(control_id)
    assert [r.subject_id for r in results] == expected
    assert all(r.staff_id == r.subject_id for r in results)


def test_results_carry_each_holders_office(world):
    world.add(grant("G1"), grant("G2", staff_id="S2", authorised_by="CSM2"))
    world.add(*learn("dwp_foundation", "2026-06-01", staff_id="S2"))
    results = {r.subject_id: r for r in world.run("LRN-001")}
    assert {k: (r.office_id, r.status) for k, r in results.items()} == {
        "S1": ("OF1", FAIL),
        "S2": ("OF2", PASS),
    }


@pytest.mark.parametrize("control_id", ALL)
def test_missing_learning_is_error_never_pass(world, control_id):
    """evidence.rst: a missing learning.csv is "no evidence", not "no completions"."""
    world.add(grant("G1"), grant("G2", staff_id="S2", authorised_by="CSM2"))
    results = world.run(control_id, missing=["learning"])
    assert [(r.subject_id, r.status) for r in results] == [
        ("S1", jc.Status.ERROR),
        ("S2", jc.Status.ERROR),
    ]


CATALOGUE = [
    ("LRN-001", "annual-foundation-learning", "high", "IT §4; SEC §41"),
    ("LRN-002", "annual-security-awareness", "high", "IT §4; SEC §41"),
    ("LRN-003", "data-handling-awareness", "low", "IT §11"),
]


@pytest.mark.parametrize(("control_id", "name", "severity", "citation"), CATALOGUE)
def test_catalogue_entry_as_in_controls_md(catalogue, control_id, name, severity, citation):
    control = catalogue.get(control_id)
    assert (control.name, control.severity.value, control.citation) == (name, severity, citation)


@settings(max_examples=60, deadline=None)
@given(
    latest=st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 22)),
    months=st.integers(1, 24),
    warn=st.integers(0, 60),
)
def test_annual_status_follows_due_date(make_world, latest, months, warn):
    """catalogue.rst "Result statuses and dates", for any completion date and policy: due on
    latest + validity_months (clipped); fail after it, warn within warn_days, else pass."""
    world = make_world().add(grant(granted_on=d("2020-01-01")))
    world.add(*learn("dwp_foundation", latest.isoformat()))
    policy = {"warn_days": warn, "learning": {"validity_months": months}}
    result = world.one("LRN-001", policy=policy)
    due = jc.add_months(latest, months)
    assert result.due_on == due
    assert due.day <= latest.day  # clipped to month end, never rolled over
    assert due.month == (latest.month + months - 1) % 12 + 1
    if due < AS_OF:
        assert result.status is FAIL
    elif (due - AS_OF).days <= warn:
        assert result.status is WARN
    else:
        assert result.status is PASS
