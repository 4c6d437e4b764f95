"""ACC set-based on the corners of inconsistent evidence the seeded estates rarely hold: a
grant ID recorded twice with different holders, staff and offices recorded twice, quotes in
system and entitlement names, absences on the qualifying threshold. Both engines must give
the same report, errors and the report's plugin errors included."""

from __future__ import annotations

import datetime as dt

import attrs
from tests.columnar.differential import compare

import jcp_controls as jc
from jcp_controls.columnar import Estate, evaluate_estate
from jcp_controls.evidence.store import Evidence
from jcp_controls.models import (
    Absence,
    AbsenceKind,
    AccessGrant,
    AccessReview,
    Course,
    Designation,
    DesignationKind,
    Grade,
    LearningRecord,
    Office,
    RoleMatrixEntry,
    Staff,
)

AS_OF = dt.date(2026, 11, 23)
ACC = [f"ACC-{number:03d}" for number in range(1, 15)]
DAY = dt.date(2026, 1, 5)


def _staff(staff_id: str, **fields: object) -> Staff:
    values: dict[str, object] = {
        "staff_id": staff_id,
        "name": f"Person {staff_id}",
        "office_id": "OF1",
        "grade": Grade.AO,
        "job_role": "work_coach",
        "started_on": dt.date(2020, 1, 1),
    }
    values.update(fields)
    return Staff(**values)  # type: ignore[arg-type]


def _grant(grant_id: str, staff_id: str | None, **fields: object) -> AccessGrant:
    values: dict[str, object] = {
        "grant_id": grant_id,
        "system": "lms",
        "account_id": f"A{grant_id}",
        "entitlement": "lms_user",
        "granted_on": DAY,
        "staff_id": staff_id,
        "authorised_by": "S1",
        "form_ref": f"LMS1-{grant_id}",
    }
    values.update(fields)
    return AccessGrant(**values)  # type: ignore[arg-type]


def _evidence(
    *,
    grants: list[AccessGrant],
    staff: list[Staff] | None = None,
    offices: list[Office] | None = None,
    absences: list[Absence] | None = None,
) -> Evidence:
    people = staff or [
        _staff("S1", grade=Grade.HEO, job_role="customer_service_manager"),
        _staff("S2", role_since=dt.date(2026, 6, 1)),
        _staff("S3", office_id="OF2"),
    ]
    return Evidence.from_records(
        offices=offices
        or [Office("OF1", "One", csm_staff_id="S1"), Office("OF2", "Two", csm_staff_id="S1")],
        staff=people,
        designations=[
            Designation("S1", DesignationKind.LMS_DELEGATE, dt.date(2025, 1, 1)),
            Designation("S2", DesignationKind.LMS_OPERATOR, dt.date(2025, 1, 1)),
        ],
        absences=absences or [],
        access_grants=grants,
        access_reviews=[AccessReview("G1", dt.date(2026, 7, 1))],
        access_role_matrix=[RoleMatrixEntry("lms", "work_coach", "lms_user")],
        learning=[
            LearningRecord("S2", Course.DWP_FOUNDATION, dt.date(2025, 12, 1)),
            LearningRecord("S2", Course.LMS_CORE, dt.date(2025, 12, 1), "work_coach"),
        ],
    )


def _both(evidence: Evidence) -> tuple[jc.Report, jc.Report]:
    reference = jc.evaluate(evidence, as_of=AS_OF, only=ACC)
    columnar = evaluate_estate(Estate.from_evidence(evidence), as_of=AS_OF, only=ACC)
    return reference, columnar


def test_a_grant_id_held_twice_is_judged_on_its_first_active_grant() -> None:
    evidence = _evidence(
        grants=[
            _grant("G1", "S9", removed_on=dt.date(2026, 2, 1)),  # removed: not the one judged
            _grant("G1", None),  # first active: no holder
            _grant("G1", "S2"),  # held, judged as the one above
            _grant("G2", "S2"),
            _grant("G2", "S2"),  # recorded twice: two results
        ]
    )
    assert compare(evidence, AS_OF, only=ACC) == {}
    _, columnar = _both(evidence)
    orphans = [r for r in columnar.results if r.control_id == "ACC-012"]
    assert [(r.subject_id, r.status.value) for r in orphans] == [
        ("G1", "fail"),
        ("G1", "fail"),
        ("G2", "pass"),
        ("G2", "pass"),
    ]


def test_the_rules_own_failures_are_reported_by_both_engines() -> None:
    """A held grant whose ID's first active grant names someone not in staff makes the
    reference rules raise; the columnar report gives the same errors and plugin errors."""
    evidence = _evidence(grants=[_grant("G1", "S9"), _grant("G1", "S2"), _grant("G2", "S2")])
    assert compare(evidence, AS_OF, only=ACC) == {}
    reference, columnar = _both(evidence)
    assert columnar.plugin_errors == reference.plugin_errors
    stages = sorted(failure.stage for failure in columnar.plugin_errors)
    assert stages == ["control ACC-003", "control ACC-005", "control ACC-006"]
    by_office = [
        (r.subject_kind.value, r.subject_id, r.message)
        for r in columnar.results
        if r.control_id == "ACC-006"
    ]
    assert by_office == [
        ("office", "OF1", "control failed: KeyError: 'S9'"),
        ("office", "OF2", "control failed: KeyError: 'S9'"),
    ]


def test_staff_and_offices_recorded_twice_read_as_their_last_row() -> None:
    evidence = _evidence(
        grants=[_grant("G1", "S2"), _grant("G2", "S3", authorised_by="S4")],
        staff=[
            _staff("S1", grade=Grade.HEO),
            _staff("S2"),
            _staff("S2", office_id="OF2", job_role="work_coach_team_leader"),
            _staff("S3"),
            _staff("S4", grade=Grade.EO),
            _staff("S4", grade=Grade.AA),
        ],
        offices=[
            Office("OF1", "One", csm_staff_id="S1"),
            Office("OF2", "Two", csm_staff_id="S1"),
            Office("OF2", "Two", csm_staff_id="S4"),
        ],
    )
    assert compare(evidence, AS_OF, only=ACC) == {}
    assert compare(evidence, AS_OF, only=ACC, offices=["OF2"]) == {}


def test_quotes_in_names_are_quoted_as_python_quotes_them() -> None:
    evidence = _evidence(
        grants=[
            _grant("G1", "S2", system="it's"),
            _grant("G2", "S2", entitlement='say "hi"'),
            _grant("G3", "S2", system="back\\slash"),
        ]
    )
    assert compare(evidence, AS_OF, only=ACC) == {}
    _, columnar = _both(evidence)
    messages = {r.message for r in columnar.results if r.control_id == "ACC-001"}
    assert 'no authorisation rule for system "it\'s"' in messages
    assert "no authorisation rule for system 'back\\\\slash'" in messages


def test_absences_qualify_from_the_threshold_as_the_rule_counts() -> None:
    threshold = jc.Policy().access.absence_threshold_days
    start = AS_OF - dt.timedelta(days=threshold)
    evidence = _evidence(
        grants=[_grant("G1", "S2"), _grant("G2", "S3"), _grant("G3", "S1")],
        absences=[
            Absence("S2", AbsenceKind.SICK, start),  # qualifies on as_of exactly
            Absence("S3", AbsenceKind.SICK, start + dt.timedelta(days=1)),  # a day short
            Absence(
                "S1",
                AbsenceKind.SPECIAL_LEAVE,
                AS_OF,
                expected_end_on=AS_OF + dt.timedelta(days=threshold),
            ),
            Absence("S1", AbsenceKind.CAREER_BREAK, AS_OF),  # same day: the first one wins
        ],
    )
    assert compare(evidence, AS_OF, only=ACC) == {}
    _, columnar = _both(evidence)
    absent = {r.subject_id: r.message for r in columnar.results if r.control_id == "ACC-008"}
    assert set(absent) == {"G1", "G3"}
    assert "expected to last more than" in absent["G3"]
    shifted = attrs.evolve(jc.Policy(), warn_days=0)
    assert compare(evidence, AS_OF + dt.timedelta(days=40), policy=shifted, only=ACC) == {}


def test_without_offices_a_failed_scope_is_one_office_less_error() -> None:
    """ACC-006 does not need offices.csv; when its scope fails without it, the one error has
    no office, on both engines (and no query reads the missing table)."""
    evidence = _evidence(grants=[_grant("G1", "S9"), _grant("G1", "S2"), _grant("G2", "S2")])
    records = {kind: rows for kind, rows in evidence.records.items() if kind.value != "offices"}
    without = attrs.evolve(evidence, records=records)
    assert compare(without, AS_OF, only=ACC) == {}
    _, columnar = _both(without)
    errors = [(r.office_id, r.message) for r in columnar.results if r.control_id == "ACC-006"]
    assert errors == [(None, "control failed: KeyError: 'S9'")]
    healthy = _evidence(grants=[_grant("G1", "S2"), _grant("G2", "S3")])
    records = {kind: rows for kind, rows in healthy.records.items() if kind.value != "offices"}
    assert compare(attrs.evolve(healthy, records=records), AS_OF, only=ACC) == {}
