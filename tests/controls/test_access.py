"""ACC-001..ACC-014: access to LMS and the JSA CC folder (catalogue.rst, "ACC").

Every case comes from the control tables of catalogue.rst, "Result statuses and dates" and
evidence.rst ("active on D", "current on D"); ids cite the guidance paragraph enforced.
The ``world`` fixture (conftest.py) holds offices OF1/OF2 (CSMs CSM1/CSM2, IAMs IAM1/IAM2)
and staff CSM1, CSM2, IAM1, IAM2, D1 (EO line manager), TL1 (EO work coach team leader),
S1 and S2 (AO work coaches in OF1 and OF2); every test evaluates on 2026-11-22 unless it
says otherwise.
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
GRANTED = d("2026-06-01")
PASS, WARN, FAIL, ERROR = jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL, jc.Status.ERROR


def days(n: int, start: dt.date = AS_OF) -> dt.date:
    """``start`` + ``n`` days."""
    return start + dt.timedelta(days=n)


def grant(grant_id: str = "G1", **fields: Any) -> jc.AccessGrant:
    """An LMS grant to S1, authorised by the CSM of OF1 on form LMS1, granted 2026-06-01."""
    values: dict[str, Any] = {
        "system": "lms",
        "account_id": f"acct-{grant_id}",
        "entitlement": "wc_group",
        "granted_on": GRANTED,
        "staff_id": "S1",
        "authorised_by": "CSM1",
        "form_ref": f"LMS1/{grant_id}",
    }
    values.update(fields)
    return jc.AccessGrant(grant_id=grant_id, **values)


def folder(grant_id: str = "G1", **fields: Any) -> jc.AccessGrant:
    """A JSA CC folder grant to S1 (read), confirmed by the IAM of OF1."""
    values: dict[str, Any] = {
        "system": "jcc_folder",
        "entitlement": "read",
        "authorised_by": "IAM1",
        "form_ref": None,
    }
    values.update(fields)
    return grant(grant_id, **values)


def pseudo(grant_id: str = "P1", **fields: Any) -> jc.AccessGrant:
    """An LMS pseudo account of OF1 with no holder, justified and ending 2027-03-31."""
    values: dict[str, Any] = {
        "staff_id": None,
        "office_id": "OF1",
        "pseudo": True,
        "pseudo_reason": "training room",
        "pseudo_end_on": d("2027-03-31"),
    }
    values.update(fields)
    return grant(grant_id, **values)


def delegate(staff_id: str, from_on: str, to_on: str | None = None) -> jc.Designation:
    """An ``lms_delegate`` designation (IT §3)."""
    return jc.Designation(
        staff_id, jc.DesignationKind.LMS_DELEGATE, d(from_on), None if to_on is None else d(to_on)
    )


def operator(staff_id: str, from_on: str, to_on: str | None = None) -> jc.Designation:
    """An ``lms_operator`` designation (SEC §42)."""
    return jc.Designation(
        staff_id, jc.DesignationKind.LMS_OPERATOR, d(from_on), None if to_on is None else d(to_on)
    )


def person(staff_id: str, office_id: str, grade: str, role: str, **fields: Any) -> jc.Staff:
    """A member of staff (replaces a base one with the same ID)."""
    return jc.Staff(staff_id, f"Name {staff_id}", office_id, jc.Grade(grade), role, **fields)


def learn(
    course: str, on: str, role: str | None = None, staff_id: str = "S1"
) -> jc.LearningRecord:
    """A completion by S1 (``lms_core`` takes the role it was done for)."""
    return jc.LearningRecord(staff_id, jc.Course(course), d(on), role)


def review(on: str | dt.date, grant_id: str = "G1") -> jc.AccessReview:
    """A review of one grant."""
    day = on if isinstance(on, dt.date) else d(on)
    return jc.AccessReview(grant_id, day, "CSM1", jc.ReviewOutcome.RETAIN)


def absence(
    kind: str, start: dt.date, expected: dt.date | None = None, end: dt.date | None = None
):
    """An absence of S1."""
    return jc.Absence("S1", jc.AbsenceKind(kind), start, expected, end)


# -- scope shared by the "active grant" controls ----------------------------------------------

_ACTIVE_WINDOW = [
    # evidence.rst: active on D when granted_on <= D and (removed_on null or removed_on > D)
    pytest.param({"granted_on": AS_OF}, True, id="evidence-active-granted-on-as_of"),
    pytest.param({"granted_on": days(1)}, False, id="evidence-active-not-yet-granted"),
    pytest.param({"removed_on": AS_OF}, False, id="evidence-active-removed-on-as_of"),
    pytest.param({"removed_on": days(1)}, True, id="evidence-active-removed-after-as_of"),
    pytest.param({"removed_on": d("2026-07-01")}, False, id="evidence-active-removed-earlier"),
    pytest.param({}, True, id="evidence-active-held"),
]


@pytest.mark.parametrize(
    "control_id", ["ACC-001", "ACC-002", "ACC-003", "ACC-004", "ACC-005", "ACC-009", "ACC-012"]
)
@pytest.mark.parametrize(("fields", "in_scope"), _ACTIVE_WINDOW)
def test_active_grant_scope(world, control_id, fields, in_scope):
    """catalogue.rst ACC: scope "active grant" = a grant active on as_of; else no result."""
    world.add(grant(**fields), jc.RoleMatrixEntry("lms", "work_coach", "wc_group"))
    assert world.subjects(control_id) == (["G1"] if in_scope else [])


# -- ACC-001 ----------------------------------------------------------------------------------

_HEO_D1 = person("D1", "OF1", "heo", "line_manager")
_AO_L2 = person("L2", "OF1", "ao", "line_manager")
_AA_L3 = person("L3", "OF1", "aa", "line_manager")

ACC_001 = [
    pytest.param({}, (), None, PASS, id="IT§3-lms-by-csm-of-office"),
    pytest.param({"authorised_by": "CSM2"}, (), None, FAIL, id="IT§3-lms-by-csm-of-other-office"),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-01-01"),), None, PASS,
        id="IT§3-delegate-eo-active-on-granted_on",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-06-01"),), None, PASS,
        id="IT§3-delegate-from-on-is-granted_on",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-01-01", "2026-06-01"),), None, PASS,
        id="IT§3-delegate-to-on-is-granted_on-ended-since",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-06-02"),), None, FAIL,
        id="IT§3-delegate-designation-starts-after-granted_on",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-01-01", "2026-05-31"),), None, FAIL,
        id="IT§3-delegate-designation-ended-before-granted_on",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (), None, FAIL, id="IT§3-line-manager-without-designation"
    ),
    pytest.param(
        {"authorised_by": "D1"}, (operator("D1", "2026-01-01"),), None, FAIL,
        id="IT§3-lms-operator-is-not-a-delegate",
    ),
    pytest.param(
        {"authorised_by": "L2"}, (_AO_L2, delegate("L2", "2026-01-01")), None, FAIL,
        id="IT§3-delegate-below-EO-ao",
    ),
    pytest.param(
        {"authorised_by": "L3"}, (_AA_L3, delegate("L3", "2026-01-01")), None, FAIL,
        id="IT§3-delegate-below-EO-aa",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (delegate("D1", "2026-01-01"),),
        {"access": {"delegate_min_grade": "heo"}}, FAIL,
        id="IT§3-policy-min-heo-rejects-eo-delegate",
    ),
    pytest.param(
        {"authorised_by": "D1"}, (_HEO_D1, delegate("D1", "2026-01-01")),
        {"access": {"delegate_min_grade": "heo"}}, PASS,
        id="IT§3-policy-min-heo-accepts-heo-delegate",
    ),
    pytest.param(
        {"authorised_by": "L2"}, (_AO_L2, delegate("L2", "2026-01-01")),
        {"access": {"delegate_min_grade": "ao"}}, PASS,
        id="IT§3-policy-min-ao-accepts-ao-delegate",
    ),
    pytest.param(
        {"authorised_by": "CSM1"}, (), {"access": {"delegate_min_grade": "g7"}}, PASS,
        id="IT§3-csm-needs-no-grade-or-designation",
    ),
    pytest.param({"authorised_by": None}, (), None, FAIL, id="IT§4-lms-authoriser-null"),
    pytest.param({"authorised_by": "X99"}, (), None, FAIL, id="IT§4-lms-authoriser-unknown"),
    pytest.param(
        {"authorised_by": "X99"}, (delegate("X99", "2026-01-01"),), None, FAIL,
        id="IT§4-lms-unknown-delegate-has-no-grade",
    ),
    # Folder: the office's IAM or a work coach team leader (SEC §36)
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "IAM1"}, (), None, PASS,
        id="SEC§36-folder-by-iam-of-office",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "TL1"}, (), None, PASS,
        id="SEC§36-folder-by-work-coach-team-leader",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "IAM2"}, (), None, FAIL,
        id="SEC§36-folder-by-iam-of-other-office",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "CSM1"}, (), None, FAIL,
        id="SEC§36-folder-by-csm-not-iam",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "D1"}, (delegate("D1", "2026-01-01"),), None,
        FAIL, id="SEC§36-folder-by-lms-delegate",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": None}, (), None, FAIL,
        id="SEC§36-folder-authoriser-null",
    ),
    pytest.param(
        {"system": "jcc_folder", "authorised_by": "X99"}, (), None, FAIL,
        id="SEC§36-folder-authoriser-unknown",
    ),
    # The grant's office: the holder's, else the grant's own office_id (evidence.rst)
    pytest.param(
        {"staff_id": None, "office_id": "OF2", "pseudo": True, "authorised_by": "CSM2"}, (),
        None, PASS, id="IT§3-pseudo-uses-grant-office-csm",
    ),
    pytest.param(
        {"staff_id": None, "office_id": "OF2", "pseudo": True, "authorised_by": "CSM1"}, (),
        None, FAIL, id="IT§3-pseudo-csm-of-other-office",
    ),
    pytest.param(
        {"staff_id": "S2", "office_id": "OF1", "authorised_by": "CSM2"}, (), None, PASS,
        id="IT§3-holder-office-wins-over-grant-office",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "records", "policy", "expected"), ACC_001)
def test_acc_001_authorised_by_eligible_manager(world, fields, records, policy, expected):
    world.add(grant(**fields), *records)
    result = world.one("ACC-001", policy=policy)
    assert result.status is expected, result.message
    assert result.subject_kind is jc.SubjectKind.GRANT
    assert result.subject_id == "G1"
    assert result.due_on is None
    if expected is FAIL and fields.get("authorised_by"):
        assert fields["authorised_by"] in result.message


def test_acc_001_result_names_office_and_holder(world):
    """cli.rst: office_id is the grant's office; staff_id the holder when there is one."""
    world.add(grant("G1"), grant("G2", staff_id="S2", authorised_by="CSM2"))
    world.add(pseudo("P1", office_id="OF2", authorised_by="CSM2"))
    results = {r.subject_id: r for r in world.run("ACC-001")}
    assert {k: (r.office_id, r.staff_id) for k, r in results.items()} == {
        "G1": ("OF1", "S1"),
        "G2": ("OF2", "S2"),
        "P1": ("OF2", None),
    }
    assert all(r.severity is jc.Severity.HIGH for r in results.values())


# -- ACC-002 ----------------------------------------------------------------------------------

ACC_002 = [
    pytest.param(grant(authorised_by="S1"), FAIL, id="SEC§7-holder-authorised-own-lms"),
    pytest.param(
        grant(staff_id="CSM1", authorised_by="CSM1"), FAIL, id="SEC§1-csm-authorised-own-lms"
    ),
    pytest.param(folder(authorised_by="S1"), FAIL, id="SEC§7-holder-authorised-own-folder"),
    pytest.param(grant(authorised_by="CSM1"), PASS, id="SEC§7-authorised-by-someone-else"),
    pytest.param(grant(authorised_by=None), PASS, id="SEC§7-no-authoriser-is-not-self"),
    pytest.param(pseudo(authorised_by="CSM1"), PASS, id="SEC§7-pseudo-has-no-holder"),
]


@pytest.mark.parametrize(("record", "expected"), ACC_002)
def test_acc_002_no_self_authorisation(world, record, expected):
    world.add(record)
    result = world.one("ACC-002")
    assert result.status is expected, result.message
    assert (result.subject_kind, result.subject_id) == (jc.SubjectKind.GRANT, record.grant_id)
    assert result.staff_id == record.staff_id


# -- ACC-003 ----------------------------------------------------------------------------------

_BEFORE = ("dwp_foundation", "security_awareness", "lms_user_guide_chapter_b")
_ALL = (*_BEFORE, "lms_core")


def _learning(on: str = "2026-05-01", core_role: str = "work_coach", **late: str):
    """The four courses by S1 on ``on``; ``late`` moves one course to another date (or
    drops it with an empty string)."""
    dates = dict.fromkeys(_ALL, on) | late
    return tuple(
        learn(course, day, core_role if course == "lms_core" else None)
        for course, day in dates.items()
        if day
    )


ACC_003 = [
    pytest.param(_learning(), {}, PASS, (), id="IT§4-all-before-granted_on"),
    pytest.param(_learning("2026-06-01"), {}, PASS, (), id="IT§4-all-on-granted_on"),
    pytest.param(
        _learning(dwp_foundation="2026-06-02"), {}, FAIL, ("dwp_foundation",),
        id="IT§4-foundation-day-after-granted_on",
    ),
    pytest.param(
        _learning(security_awareness=""), {}, FAIL, ("security_awareness",),
        id="SEC§40-security-awareness-missing",
    ),
    pytest.param(
        _learning(lms_user_guide_chapter_b=""), {}, FAIL, ("lms_user_guide_chapter_b",),
        id="IT§4-chapter-b-not-read",
    ),
    pytest.param(
        _learning(lms_core=""), {}, FAIL, ("lms_core",), id="IT§4-core-missing",
    ),
    pytest.param(
        _learning(core_role="service_agent"), {}, FAIL, ("lms_core",),
        id="IT§4-core-for-another-role-does-not-count",
    ),
    pytest.param(
        _learning(core_role="work_coach"), {"job_role": "service_agent"}, FAIL, ("lms_core",),
        id="IT§4-core-must-match-current-role",
    ),
    pytest.param(
        _learning(lms_core="2026-08-01"), {"role_since": d("2026-09-01")}, PASS, (),
        id="IT§4-core-by-role_since-after-grant",
    ),
    pytest.param(
        _learning(lms_core="2026-09-01"), {"role_since": d("2026-09-01")}, PASS, (),
        id="IT§4-core-on-role_since",
    ),
    pytest.param(
        _learning(lms_core="2026-09-02"), {"role_since": d("2026-09-01")}, FAIL, ("lms_core",),
        id="IT§4-core-day-after-role_since",
    ),
    pytest.param(
        _learning(lms_core="2026-06-02"), {"role_since": d("2026-01-01")}, FAIL, ("lms_core",),
        id="IT§4-role_since-before-grant-core-by-granted_on",
    ),
    pytest.param(
        (*_learning(), learn("dwp_foundation", "2026-10-01")), {}, PASS, (),
        id="IT§4-later-refresher-does-not-matter",
    ),
    pytest.param(
        _learning(dwp_foundation="", security_awareness="", lms_user_guide_chapter_b="",
                  lms_core=""),
        {}, FAIL, _ALL, id="IT§4-nothing-completed-names-all",
    ),
    pytest.param(
        tuple(learn(c, "2026-05-01", "work_coach" if c == "lms_core" else None, staff_id="S2")
              for c in _ALL),
        {}, FAIL, _ALL, id="IT§4-someone-elses-learning-does-not-count",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("records", "changes", "expected", "missing"), ACC_003)
def test_acc_003_learning_before_access(world, records, changes, expected, missing):
    world.add(grant(), *records)
    if changes:
        world.change_staff("S1", **changes)
    result = world.one("ACC-003")
    assert result.status is expected, result.message
    assert (result.subject_id, result.office_id, result.staff_id) == ("G1", "OF1", "S1")
    for course in _ALL:  # "naming what is missing" - and only that
        assert (course in result.message) == (course in missing), (course, result.message)


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(folder(), id="IT§4-folder-grant-not-in-scope"),
        pytest.param(pseudo(), id="IT§4-pseudo-without-holder-not-in-scope"),
    ],
)
def test_acc_003_scope_is_lms_grants_with_a_holder(world, record):
    world.add(record, *_learning())
    assert world.run("ACC-003") == []


# -- ACC-004 ----------------------------------------------------------------------------------

ACC_004 = [
    pytest.param(grant(form_ref="LMS1/77"), PASS, id="IT§11-lms1-recorded"),
    pytest.param(grant(form_ref=None), FAIL, id="IT§11-lms1-missing"),
    pytest.param(pseudo(form_ref=None), FAIL, id="IT§11-pseudo-lms1-missing"),
    pytest.param(folder(form_ref=None), None, id="IT§11-folder-grant-not-in-scope"),
]


@pytest.mark.parametrize(("record", "expected"), ACC_004)
def test_acc_004_lms1_recorded(world, record, expected):
    world.add(record)
    results = world.run("ACC-004")
    assert [r.status for r in results] == ([] if expected is None else [expected])
    for result in results:
        assert (result.subject_kind, result.subject_id) == (jc.SubjectKind.GRANT, record.grant_id)
        assert result.office_id == "OF1"


# -- ACC-005 ----------------------------------------------------------------------------------

_MATRIX = (
    jc.RoleMatrixEntry("lms", "work_coach", "wc_group"),
    jc.RoleMatrixEntry("lms", "work_coach_team_leader", "tl_group"),
    jc.RoleMatrixEntry("jcc_folder", "work_coach", "read"),
)

ACC_005 = [
    pytest.param(grant(), _MATRIX, {}, PASS, id="SEC§44-lms-entitlement-in-matrix"),
    pytest.param(
        grant(entitlement="tl_group"), _MATRIX, {}, FAIL,
        id="SEC§44-entitlement-of-another-role",
    ),
    pytest.param(
        grant(), _MATRIX, {"job_role": "service_agent"}, FAIL,
        id="IT§4-current-role-no-longer-permits-it",
    ),
    pytest.param(
        grant(staff_id="TL1", entitlement="tl_group"), _MATRIX, {}, PASS,
        id="SEC§44-team-leader-group",
    ),
    pytest.param(folder(), _MATRIX, {}, PASS, id="SEC§36-folder-read-in-matrix"),
    pytest.param(folder(entitlement="full"), _MATRIX, {}, FAIL, id="SEC§36-folder-full-not"),
    pytest.param(
        grant(system="cms", entitlement="x"), _MATRIX, {}, ERROR,
        id="SEC§44-no-matrix-rows-for-system",
    ),
    pytest.param(folder(), _MATRIX[:2], {}, ERROR, id="SEC§36-no-folder-rows-error"),
    pytest.param(grant(), (), {}, ERROR, id="SEC§44-empty-matrix-error"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "matrix", "changes", "expected"), ACC_005)
def test_acc_005_entitlement_matches_role(world, record, matrix, changes, expected):
    world.add(record, *matrix)
    if changes:
        world.change_staff("S1", **changes)
    result = world.one("ACC-005")
    assert result.status is expected, result.message
    assert (result.subject_id, result.staff_id) == (record.grant_id, record.staff_id)


def test_acc_005_scope_needs_a_holder(world):
    """catalogue.rst ACC-005: scope "active grant with a holder"."""
    world.add(pseudo(), *_MATRIX)
    assert world.run("ACC-005") == []


# -- ACC-006 ----------------------------------------------------------------------------------

_RS = d("2026-10-01")  # role change; due 30 days later, 2026-10-31

ACC_006 = [
    pytest.param((), AS_OF, None, FAIL, d("2026-10-31"), id="IT§11-not-reviewed-overdue"),
    pytest.param(("2026-10-15",), AS_OF, None, PASS, d("2026-10-31"), id="IT§11-reviewed-in-time"),
    pytest.param(("2026-10-31",), AS_OF, None, PASS, d("2026-10-31"), id="IT§11-reviewed-on-due"),
    pytest.param(
        ("2026-11-01",), AS_OF, None, WARN, d("2026-10-31"), id="IT§11-reviewed-late-warns"
    ),
    pytest.param(
        ("2026-10-01",), AS_OF, None, PASS, d("2026-10-31"), id="IT§11-reviewed-on-role_since"
    ),
    pytest.param(
        ("2026-09-30",), AS_OF, None, FAIL, d("2026-10-31"),
        id="IT§11-review-before-role-change-does-not-count",
    ),
    pytest.param(
        ("2026-11-23",), AS_OF, None, FAIL, d("2026-10-31"),
        id="IT§11-review-after-as_of-not-known",
    ),
    pytest.param(
        (), d("2026-10-31"), None, WARN, d("2026-10-31"), id="IT§11-due-exactly-on-as_of"
    ),
    pytest.param((), d("2026-11-01"), None, FAIL, d("2026-10-31"), id="IT§11-day-after-due"),
    pytest.param(
        (), d("2026-10-21"), {"warn_days": 10}, WARN, d("2026-10-31"),
        id="IT§11-as_of-is-due-minus-warn_days",
    ),
    pytest.param(
        (), d("2026-10-20"), {"warn_days": 10}, PASS, d("2026-10-31"),
        id="IT§11-day-before-warn-window",
    ),
    pytest.param(
        (), d("2026-10-31"), {"warn_days": 0}, WARN, d("2026-10-31"),
        id="IT§11-warn_days-0-due-today-warns",
    ),
    pytest.param(
        (), AS_OF, {"access": {"role_change_review_days": 60}}, WARN, d("2026-11-30"),
        id="IT§11-policy-60-days",
    ),
    pytest.param(
        ("2026-10-15",), AS_OF, {"access": {"role_change_review_days": 10}}, WARN,
        d("2026-10-11"), id="IT§11-policy-10-days-reviewed-late",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("reviews", "as_of", "policy", "expected", "due"), ACC_006)
def test_acc_006_review_after_role_change(world, reviews, as_of, policy, expected, due):
    world.add(grant(), *(review(day) for day in reviews)).change_staff("S1", role_since=_RS)
    result = world.one("ACC-006", as_of=as_of, policy=policy)
    assert (result.status, result.due_on) == (expected, due), result.message
    assert (result.subject_kind, result.subject_id, result.staff_id) == ("grant", "G1", "S1")


@pytest.mark.parametrize(
    ("role_since", "fields"),
    [
        pytest.param(None, {}, id="IT§11-no-role-change"),
        pytest.param(GRANTED, {}, id="IT§11-role_since-equals-granted_on"),
        pytest.param(d("2026-01-01"), {}, id="IT§11-role-changed-before-grant"),
        pytest.param(_RS, {"removed_on": d("2026-11-01")}, id="IT§11-grant-removed"),
        pytest.param(_RS, {"staff_id": None, "pseudo": True, "office_id": "OF1"},
                     id="IT§11-no-holder"),
    ],
)  # fmt: skip
def test_acc_006_scope(world, role_since, fields):
    """Scope: active grant whose holder's role_since > granted_on."""
    world.add(grant(**fields)).change_staff("S1", role_since=role_since)
    assert world.run("ACC-006") == []


def test_acc_006_other_grants_reviews_do_not_count(world):
    world.add(grant("G1"), grant("G2"), review("2026-10-15", grant_id="G2"))
    world.change_staff("S1", role_since=_RS)
    statuses = {r.subject_id: r.status for r in world.run("ACC-006")}
    assert statuses == {"G1": FAIL, "G2": PASS}


# -- ACC-007 ----------------------------------------------------------------------------------

ACC_007 = [
    pytest.param(d("2026-11-01"), None, None, FAIL, id="IT§11-leaver-still-holding-access"),
    pytest.param(days(-1), None, None, FAIL, id="IT§11-left-yesterday-grace-0"),
    pytest.param(AS_OF, None, None, None, id="IT§11-leaving-today-not-yet-a-leaver"),
    pytest.param(days(1), None, None, None, id="IT§11-leaving-tomorrow"),
    pytest.param(d("2026-11-01"), d("2026-11-01"), None, PASS, id="IT§11-removed-on-left_on"),
    pytest.param(d("2026-11-01"), d("2026-11-10"), None, PASS, id="IT§11-removed-late-but-gone"),
    pytest.param(d("2026-11-01"), AS_OF, None, PASS, id="IT§11-removed-on-as_of"),
    pytest.param(d("2026-11-01"), days(1), None, FAIL, id="IT§11-removal-after-as_of"),
    pytest.param(
        d("2026-11-01"), d("2026-07-01"), None, PASS, id="IT§11-removed-before-leaving"
    ),
    pytest.param(
        days(-5), None, {"access": {"leaver_grace_days": 5}}, WARN,
        id="SEC§36-inside-grace-period-warns",
    ),
    pytest.param(
        days(-6), None, {"access": {"leaver_grace_days": 5}}, FAIL,
        id="SEC§36-day-after-grace-period-fails",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("left_on", "removed_on", "policy", "expected"), ACC_007)
def test_acc_007_leaver_access_removed(world, left_on, removed_on, policy, expected):
    world.add(grant(removed_on=removed_on)).change_staff("S1", left_on=left_on)
    results = world.run("ACC-007", policy=policy)
    assert [r.status for r in results] == ([] if expected is None else [expected])
    for result in results:
        assert (result.subject_id, result.office_id, result.staff_id) == ("G1", "OF1", "S1")
        if expected is not PASS:
            grace = (policy or {}).get("access", {}).get("leaver_grace_days", 0)
            assert result.due_on == days(grace, left_on)


def test_acc_007_only_leavers_grants(world):
    world.add(grant("G1"), grant("G2", staff_id="S2", authorised_by="CSM2"))
    world.change_staff("S2", left_on=d("2026-10-01"))
    assert [(r.subject_id, r.status) for r in world.run("ACC-007")] == [("G2", FAIL)]


# -- ACC-008 ----------------------------------------------------------------------------------

_T30_G0 = {"access": {"absence_threshold_days": 30, "absence_grace_days": 0}}

ACC_008 = [
    # kind maternity_leave, career_break, long_term_sick: qualifying since start_on
    pytest.param(absence("maternity_leave", days(-5)), None, WARN, days(0),
                 id="IT§11-maternity-as_of-is-start-plus-grace"),
    pytest.param(absence("maternity_leave", days(-6)), None, FAIL, days(-1),
                 id="IT§11-maternity-day-after-grace"),
    pytest.param(absence("maternity_leave", AS_OF), None, WARN, days(5),
                 id="IT§11-maternity-starts-on-as_of"),
    pytest.param(absence("career_break", d("2026-01-05")), None, FAIL, d("2026-01-10"),
                 id="IT§11-career-break"),
    pytest.param(absence("long_term_sick", days(-2)), None, WARN, days(3),
                 id="IT§11-long-term-sick"),
    # expected length expected_end_on - start_on + 1 > threshold: qualifying since start_on
    pytest.param(absence("sick", days(-2), expected=days(88)), None, WARN, days(3),
                 id="IT§11-expected-91-days"),
    pytest.param(absence("special_leave", days(-12), expected=days(78)), None, FAIL, days(-7),
                 id="IT§11-expected-91-days-past-grace"),
    pytest.param(absence("sick", days(-12), expected=days(77)), None, None, None,
                 id="IT§11-expected-exactly-90-days-not-qualifying"),
    # no expected end, another kind: qualifies once it has run > threshold, since day 91
    pytest.param(absence("sick", days(-89)), None, None, None, id="IT§11-run-90-days"),
    pytest.param(absence("sick", days(-90)), None, WARN, days(5), id="IT§11-run-91-days"),
    pytest.param(absence("other", days(-95)), None, WARN, days(0),
                 id="IT§11-run-day-91-plus-grace"),
    pytest.param(absence("secondment", days(-96)), None, FAIL, days(-1),
                 id="IT§11-run-day-after-grace"),
    # the absence must cover as_of
    pytest.param(absence("maternity_leave", d("2026-01-01"), end=days(-1)), None, None, None,
                 id="IT§11-absence-ended-yesterday"),
    pytest.param(absence("maternity_leave", d("2026-01-01"), end=AS_OF), None, FAIL,
                 d("2026-01-06"), id="IT§11-absence-ends-on-as_of"),
    pytest.param(absence("maternity_leave", days(1)), None, None, None,
                 id="IT§11-absence-starts-tomorrow"),
    # policy
    pytest.param(absence("sick", days(-30)), _T30_G0, WARN, days(0),
                 id="IT§11-policy-threshold-30-day-31-grace-0"),
    pytest.param(absence("sick", days(-31)), _T30_G0, FAIL, days(-1),
                 id="IT§11-policy-threshold-30-day-32"),
    pytest.param(absence("sick", days(-2), expected=days(28)), _T30_G0, FAIL, days(-2),
                 id="IT§11-policy-expected-31-of-30"),
    pytest.param(absence("maternity_leave", days(-1)), _T30_G0, FAIL, days(-1),
                 id="IT§11-policy-grace-0-day-after-start"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "policy", "expected", "due"), ACC_008)
def test_acc_008_long_absence_access_removed(world, record, policy, expected, due):
    world.add(grant(), record)
    results = world.run("ACC-008", policy=policy)
    assert [(r.status, r.due_on) for r in results] == (
        [] if expected is None else [(expected, due)]
    ), [r.message for r in results]
    for result in results:
        assert (result.subject_id, result.office_id, result.staff_id) == ("G1", "OF1", "S1")


def test_acc_008_scope_active_grants_of_absent_holder(world):
    """Every active grant of the absent holder gets a result; removed ones and others none."""
    world.add(
        grant("G1"),
        folder("G2"),
        grant("G3", removed_on=d("2026-10-01")),
        grant("G4", staff_id="S2", authorised_by="CSM2"),
        absence("maternity_leave", d("2026-09-01")),
    )
    assert [(r.subject_id, r.status) for r in world.run("ACC-008")] == [
        ("G1", FAIL),
        ("G2", FAIL),
    ]


# -- ACC-009 ----------------------------------------------------------------------------------

ACC_009 = [
    pytest.param(d("2026-08-22"), (), AS_OF, None, WARN, d("2026-11-22"),
                 id="SEC§44-due-exactly-on-as_of"),
    pytest.param(d("2026-08-21"), (), AS_OF, None, FAIL, d("2026-11-21"),
                 id="SEC§44-due-yesterday"),
    pytest.param(d("2026-09-22"), (), AS_OF, None, WARN, d("2026-12-22"),
                 id="SEC§44-as_of-is-due-minus-warn_days"),
    pytest.param(d("2026-09-23"), (), AS_OF, None, PASS, d("2026-12-23"),
                 id="SEC§44-day-before-warn-window"),
    pytest.param(d("2026-11-30"), (), d("2027-02-28"), None, WARN, d("2027-02-28"),
                 id="SEC§44-month-end-clipped-due-on-as_of"),
    pytest.param(d("2026-11-30"), (), d("2027-03-01"), None, FAIL, d("2027-02-28"),
                 id="SEC§44-month-end-clipped-day-after"),
    pytest.param(GRANTED, ("2026-10-01",), AS_OF, None, PASS, d("2027-01-01"),
                 id="SEC§44-reviewed-resets-cycle"),
    pytest.param(GRANTED, ("2026-11-22",), AS_OF, None, PASS, d("2027-02-22"),
                 id="SEC§44-reviewed-on-as_of"),
    pytest.param(GRANTED, ("2026-11-23",), AS_OF, None, FAIL, d("2026-09-01"),
                 id="SEC§44-review-after-as_of-ignored"),
    pytest.param(GRANTED, ("2026-07-01", "2026-08-30"), AS_OF, None, WARN, d("2026-11-30"),
                 id="SEC§44-latest-review-counts"),
    pytest.param(d("2026-01-01"), ("2026-06-01", "2026-10-01"), AS_OF, None, PASS,
                 d("2027-01-01"), id="SEC§44-earlier-late-review-never-warns"),
    pytest.param(GRANTED, ("2026-03-01",), AS_OF, None, FAIL, d("2026-09-01"),
                 id="SEC§44-review-before-grant-uses-granted_on"),
    pytest.param(GRANTED, ("2026-06-10",), AS_OF, None, FAIL, d("2026-09-10"),
                 id="SEC§44-default-3-months"),
    pytest.param(GRANTED, ("2026-06-10",), AS_OF, {"access": {"review_interval_months": 6}},
                 WARN, d("2026-12-10"), id="SEC§44-policy-6-months"),
    pytest.param(d("2026-08-22"), (), AS_OF, {"warn_days": 0}, WARN, d("2026-11-22"),
                 id="SEC§44-warn_days-0-due-today"),
    pytest.param(d("2026-08-23"), (), AS_OF, {"warn_days": 0}, PASS, d("2026-11-23"),
                 id="SEC§44-warn_days-0-due-tomorrow"),
]  # fmt: skip


@pytest.mark.parametrize(("granted_on", "reviews", "as_of", "policy", "expected", "due"), ACC_009)
def test_acc_009_access_reviewed_regularly(
    world, granted_on, reviews, as_of, policy, expected, due
):
    world.add(grant(granted_on=granted_on), *(review(day) for day in reviews))
    result = world.one("ACC-009", as_of=as_of, policy=policy)
    assert (result.status, result.due_on) == (expected, due), result.message
    assert (result.subject_id, result.office_id, result.staff_id) == ("G1", "OF1", "S1")


# -- ACC-010 / ACC-011 / ACC-012 ----------------------------------------------------------------

ACC_010 = [
    pytest.param(pseudo(), PASS, id="IT§11-pseudo-why-and-how-long"),
    pytest.param(pseudo(pseudo_reason=None), FAIL, id="IT§11-pseudo-no-reason"),
    pytest.param(pseudo(pseudo_end_on=None), FAIL, id="IT§11-pseudo-no-end"),
    pytest.param(pseudo(pseudo_reason=None, pseudo_end_on=None), FAIL, id="IT§11-pseudo-neither"),
    pytest.param(pseudo(removed_on=d("2026-10-01"), pseudo_reason=None), None,
                 id="IT§11-removed-pseudo-not-in-scope"),
    pytest.param(grant(), None, id="IT§11-named-account-not-in-scope"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "expected"), ACC_010)
def test_acc_010_pseudo_account_justified(world, record, expected):
    world.add(record)
    results = world.run("ACC-010")
    assert [r.status for r in results] == ([] if expected is None else [expected])
    for result in results:
        assert (result.subject_id, result.office_id, result.staff_id) == ("P1", "OF1", None)


ACC_011 = [
    pytest.param({"pseudo_end_on": days(-1)}, None, FAIL, id="IT§11-pseudo-past-end-date"),
    pytest.param({"pseudo_end_on": AS_OF}, None, WARN, id="IT§11-pseudo-ends-on-as_of"),
    pytest.param({"pseudo_end_on": days(30)}, None, WARN, id="IT§11-as_of-is-end-minus-warn"),
    pytest.param({"pseudo_end_on": days(31)}, None, PASS, id="IT§11-before-warn-window"),
    pytest.param({"pseudo_end_on": days(1)}, {"warn_days": 0}, PASS, id="IT§11-warn_days-0"),
    pytest.param(
        {"pseudo_end_on": days(-1), "removed_on": days(1)},
        None,
        FAIL,
        id="IT§11-removal-planned-after-end-date",
    ),
]


@pytest.mark.parametrize(("fields", "policy", "expected"), ACC_011)
def test_acc_011_pseudo_account_ended(world, fields, policy, expected):
    world.add(pseudo(**fields))
    result = world.one("ACC-011", policy=policy)
    assert (result.status, result.due_on) == (expected, fields["pseudo_end_on"])
    assert (result.subject_id, result.office_id, result.staff_id) == ("P1", "OF1", None)


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(pseudo(pseudo_end_on=None), id="IT§11-no-end-date-not-in-scope"),
        pytest.param(pseudo(pseudo_end_on=days(-1), removed_on=AS_OF), id="IT§11-removed"),
        pytest.param(grant(pseudo_end_on=days(-1)), id="IT§11-named-account"),
    ],
)
def test_acc_011_scope(world, record):
    world.add(record)
    assert world.run("ACC-011") == []


ACC_012 = [
    pytest.param(grant(), PASS, "OF1", id="IT§11-held-by-known-staff"),
    pytest.param(grant(staff_id=None, office_id="OF2"), FAIL, "OF2", id="IT§11-no-holder"),
    pytest.param(grant(staff_id="X9", office_id="OF2"), FAIL, "OF2", id="IT§11-unknown-holder"),
    pytest.param(pseudo(), None, None, id="IT§11-pseudo-not-orphan"),
]


@pytest.mark.parametrize(("record", "expected", "office_id"), ACC_012)
def test_acc_012_orphan_account(world, record, expected, office_id):
    world.add(record)
    results = world.run("ACC-012")
    assert [(r.status, r.subject_id, r.office_id) for r in results] == (
        [] if expected is None else [(expected, record.grant_id, office_id)]
    )


# -- ACC-013 ----------------------------------------------------------------------------------

_OP = operator("D1", "2026-01-01")

ACC_013 = [
    pytest.param((_OP,), {}, PASS, id="SEC§42-operator-in-post"),
    pytest.param((), {}, FAIL, id="SEC§42-no-operator"),
    pytest.param((operator("CSM2", "2026-01-01"),), {}, FAIL, id="SEC§42-operator-elsewhere"),
    pytest.param((_OP,), {"office_id": "OF2"}, FAIL, id="SEC§42-operator-moved-office"),
    pytest.param((operator("D1", "2026-01-01", "2026-11-22"),), {}, PASS,
                 id="SEC§42-designation-ends-on-as_of"),
    pytest.param((operator("D1", "2026-01-01", "2026-11-21"),), {}, FAIL,
                 id="SEC§42-designation-ended-yesterday"),
    pytest.param((operator("D1", "2026-11-22"),), {}, PASS, id="SEC§42-designation-from-as_of"),
    pytest.param((operator("D1", "2026-11-23"),), {}, FAIL, id="SEC§42-designation-tomorrow"),
    pytest.param((_OP,), {"left_on": AS_OF}, PASS, id="SEC§42-current-leaving-today"),
    pytest.param((_OP,), {"left_on": days(-1)}, FAIL, id="SEC§42-left-yesterday"),
    pytest.param((_OP,), {"started_on": AS_OF}, PASS, id="SEC§42-started-today"),
    pytest.param((_OP,), {"started_on": days(1)}, FAIL, id="SEC§42-not-started"),
    pytest.param((_OP, jc.Absence("D1", jc.AbsenceKind.SICK, days(-2))), {}, FAIL,
                 id="SEC§42-operator-absent"),
    pytest.param((_OP, jc.Absence("D1", jc.AbsenceKind.SICK, days(-2), end_on=AS_OF)), {},
                 FAIL, id="SEC§42-absence-ends-on-as_of"),
    pytest.param((_OP, jc.Absence("D1", jc.AbsenceKind.SICK, days(-9), end_on=days(-1))), {},
                 PASS, id="SEC§42-back-from-absence"),
    pytest.param((_OP, jc.Absence("D1", jc.AbsenceKind.OTHER, days(1))), {}, PASS,
                 id="SEC§42-absence-starts-tomorrow"),
    pytest.param((_OP, operator("TL1", "2026-01-01"),
                  jc.Absence("D1", jc.AbsenceKind.SICK, days(-2))), {}, PASS,
                 id="SEC§42-one-of-two-operators-present"),
]  # fmt: skip


@pytest.mark.parametrize(("records", "changes", "expected"), ACC_013)
def test_acc_013_lms_operator_available(world, records, changes, expected):
    world.add(*records)
    if changes:
        world.change_staff("D1", **changes)
    results = world.run("ACC-013")
    # one result per office, about the office
    assert [(r.subject_kind, r.subject_id, r.office_id, r.staff_id) for r in results] == [
        (jc.SubjectKind.OFFICE, "OF1", "OF1", None),
        (jc.SubjectKind.OFFICE, "OF2", "OF2", None),
    ]
    assert results[0].status is expected, results[0].message


# -- ACC-014 ----------------------------------------------------------------------------------

ACC_014 = [
    pytest.param("eo", None, PASS, id="IT§3-delegate-eo"),
    pytest.param("heo", None, PASS, id="IT§3-delegate-heo"),
    pytest.param("ao", None, FAIL, id="IT§3-delegate-below-EO-ao"),
    pytest.param("aa", None, FAIL, id="IT§3-delegate-below-EO-aa"),
    pytest.param("eo", {"access": {"delegate_min_grade": "heo"}}, FAIL, id="IT§3-policy-heo-eo"),
    pytest.param("seo", {"access": {"delegate_min_grade": "heo"}}, PASS,
                 id="IT§3-policy-heo-seo"),
]  # fmt: skip


@pytest.mark.parametrize(("grade", "policy", "expected"), ACC_014)
def test_acc_014_delegate_grade(world, grade, policy, expected):
    world.change_staff("D1", grade=jc.Grade(grade)).add(delegate("D1", "2026-01-01"))
    result = world.one("ACC-014", policy=policy)
    assert result.status is expected, result.message
    assert (result.subject_kind, result.subject_id, result.office_id, result.staff_id) == (
        jc.SubjectKind.STAFF,
        "D1",
        "OF1",
        "D1",
    )


@pytest.mark.parametrize(
    ("designations", "in_scope"),
    [
        pytest.param((delegate("D1", "2026-01-01", "2026-11-21"),), False,
                     id="IT§3-delegation-ended-yesterday"),
        pytest.param((delegate("D1", "2026-01-01", "2026-11-22"),), True,
                     id="IT§3-delegation-ends-on-as_of"),
        pytest.param((delegate("D1", "2026-11-23"),), False, id="IT§3-delegation-from-tomorrow"),
        pytest.param((delegate("D1", "2026-11-22"),), True, id="IT§3-delegation-from-as_of"),
        pytest.param((operator("D1", "2026-01-01"),), False, id="IT§3-operator-not-delegate"),
        pytest.param((delegate("D1", "2026-01-01"), delegate("D1", "2026-06-01")), True,
                     id="IT§3-two-delegations-one-result"),
    ],
)  # fmt: skip
def test_acc_014_scope(world, designations, in_scope):
    world.add(*designations)
    assert world.subjects("ACC-014") == (["D1"] if in_scope else [])


# -- the catalogue entries ----------------------------------------------------------------------

CATALOGUE = [
    ("ACC-001", "access-authorised-by-eligible-manager", "high", "IT §3, §4; SEC §36, §39, §40"),
    ("ACC-002", "no-self-authorisation", "high", "SEC §1, §7"),
    ("ACC-003", "learning-before-access", "high", "IT §4; SEC §40, §43"),
    ("ACC-004", "lms1-recorded", "medium", "IT §11"),
    ("ACC-005", "entitlement-matches-role", "high", "IT §4; SEC §36, §44"),
    ("ACC-006", "review-after-role-change", "medium", "IT §11"),
    ("ACC-007", "leaver-access-removed", "high", "IT §11; SEC §36"),
    ("ACC-008", "long-absence-access-removed", "high", "IT §11"),
    ("ACC-009", "access-reviewed-regularly", "medium", "IT §4; SEC §44; SEC Annex 1"),
    ("ACC-010", "pseudo-account-justified", "high", "IT §11"),
    ("ACC-011", "pseudo-account-ended", "high", "IT §11"),
    ("ACC-012", "orphan-account", "high", "IT §11"),
    ("ACC-013", "lms-operator-available", "medium", "SEC §42"),
    ("ACC-014", "delegate-grade", "high", "IT §3"),
]


@pytest.mark.parametrize(("control_id", "name", "severity", "citation"), CATALOGUE)
def test_catalogue_entry_as_in_controls_md(catalogue, control_id, name, severity, citation):
    control = catalogue.get(control_id)
    assert (control.name, control.severity.value, control.citation) == (name, severity, citation)


@settings(max_examples=60, deadline=None)
@given(ran=st.integers(0, 200), threshold=st.integers(1, 120), grace=st.integers(0, 10))
def test_acc_008_run_length_rule(make_world, ran, threshold, grace):
    """IT §11 / catalogue.rst ACC-008: an open-ended absence of another kind that has lasted
    ``ran`` + 1 days qualifies once that exceeds the threshold, since day threshold + 1; it
    warns through the grace period and fails after it."""
    world = make_world().add(grant(), absence("sick", days(-ran)))
    policy = {"access": {"absence_threshold_days": threshold, "absence_grace_days": grace}}
    results = world.run("ACC-008", policy=policy)
    if ran + 1 <= threshold:
        assert results == []
        return
    (result,) = results
    since = days(threshold, days(-ran))  # day threshold + 1 of the absence
    assert result.due_on == days(grace, since)
    assert result.status is (FAIL if days(grace, since) < AS_OF else WARN)


# -- paths no other test reaches (issue 11, item 14) -------------------------------------------


def test_acc_008_earliest_qualifying_absence_wins_when_two_cover_as_of(make_world):
    """Two absences cover as_of: the one qualifying earliest sets the due date, whatever the
    order of the rows."""
    early = absence("career_break", d("2026-09-01"))  # qualifies from 2026-09-01
    late = absence("long_term_sick", d("2026-11-01"))  # qualifies from 2026-11-01
    for records in ((early, late), (late, early)):
        world = make_world()
        world.add(grant(), *records)
        [result] = world.run("ACC-008")
        assert result.status is FAIL
        assert result.due_on == days(5, d("2026-09-01"))
        assert result.evidence["qualifying_since"] == d("2026-09-01")
        assert "career_break" in result.message


@pytest.mark.parametrize("control_id", ["ACC-003", "ACC-005", "ACC-006", "ACC-008"])
def test_an_active_grant_whose_holder_is_not_in_staff_is_judged_by_acc_012_only(world, control_id):
    """ACC-003/005/006/008 judge a holder's learning, role or absences: a holder missing from
    staff.csv has none, so those controls leave the grant out and ACC-012 fails it (one
    finding, not four errors)."""
    world.add(
        grant("G9", staff_id="GHOST"),
        jc.RoleMatrixEntry("lms", "work_coach", "wc_group"),
    )
    assert [r.subject_id for r in world.run(control_id)] == []
    [orphan] = [r for r in world.run("ACC-012") if r.subject_id == "G9"]
    assert orphan.status is FAIL
    assert "GHOST, who is not in staff.csv" in orphan.message


def test_acc_001_on_a_system_without_an_authorisation_rule_is_error(world):
    world.add(grant("G1", system="sccs"))
    [result] = world.run("ACC-001")
    assert result.status is ERROR
    assert "no authorisation rule for system 'sccs'" in result.message


def test_acc_014_delegate_missing_from_staff_fails_without_an_office(world):
    world.add(delegate("GHOST", "2026-01-01"))
    results = [r for r in world.run("ACC-014") if r.subject_id == "GHOST"]
    assert [(r.status, r.office_id, r.staff_id) for r in results] == [(FAIL, None, "GHOST")]
    assert results[0].message == "LMS delegate is not in staff.csv"
